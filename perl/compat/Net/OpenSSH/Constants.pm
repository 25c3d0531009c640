package Net::OpenSSH::Constants;
# ABSTRACT: Net::OpenSSH's error codes (:error), for cpan-bridge's Net::OpenSSH facade

use strict;
use warnings;

require Exporter;

our $VERSION = '0.51_07';
our @ISA = ('Exporter');

# The numbers are Net::OpenSSH's: scripts compare $ssh->error with them.
my @ERRORS = (
    [OSSH_MASTER_FAILED     => 1],
    [OSSH_SLAVE_FAILED      => 2],
    [OSSH_SLAVE_PIPE_FAILED => 3],
    [OSSH_SLAVE_TIMEOUT     => 4],
    [OSSH_SLAVE_CMD_FAILED  => 5],
    [OSSH_SLAVE_SFTP_FAILED => 6],
    [OSSH_ENCODING_ERROR    => 7],
);

our %EXPORT_TAGS = (error => [], _state => []);

sub _define {
    my ($name, $value) = @_;
    no strict 'refs';
    *{$name} = sub () { $value };
    return $name;
}
$EXPORT_TAGS{error} = [ map { _define(@$_) } @ERRORS ];
our @EXPORT_OK = @{ $EXPORT_TAGS{error} };
$EXPORT_TAGS{all} = [@EXPORT_OK];

1;

__END__

=head1 NAME

Net::OpenSSH::Constants - cpan-bridge's Net::OpenSSH::Constants: the :error codes

=head1 SYNOPSIS

  use Net::OpenSSH::Constants qw(:error);

  $ssh->error == OSSH_SLAVE_CMD_FAILED and warn "remote command failed: " . $ssh->error;

=head1 DESCRIPTION

The error constants of Net::OpenSSH 0.83 with the same numbers:
C<OSSH_MASTER_FAILED> (1, the connection could not be made or is gone),
C<OSSH_SLAVE_FAILED> (2), C<OSSH_SLAVE_PIPE_FAILED> (3),
C<OSSH_SLAVE_TIMEOUT> (4), C<OSSH_SLAVE_CMD_FAILED> (5, the remote command
exited with a non-zero status), C<OSSH_SLAVE_SFTP_FAILED> (6) and
C<OSSH_ENCODING_ERROR> (7). The real module's internal C<:_state> tag is
present but empty: the facade keeps no ssh master process states.

=cut
