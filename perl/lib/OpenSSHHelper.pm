package OpenSSHHelper;
# ABSTRACT: the old bridge's OpenSSHHelper: the Net::OpenSSH facade (perl/compat) under its old name

use strict;
use warnings;

our $VERSION = '2.00';

use Carp ();
use CPANBridge;
use CPANBridge::Compat 'Net::OpenSSH';

# The old module was a CPANBridge subclass; call_python on an object still works.
our @ISA = ('Net::OpenSSH', 'CPANBridge');

# Its shim made `use OpenSSHHelper; Net::OpenSSH->new(...)` an OpenSSHHelper, with the old contract.
$Net::OpenSSH::NEW_CLASS = __PACKAGE__;

# The old constructor: named arguments (or one hash ref), host and user
# required (it croaked without them), port 22 and timeout 30 by default.
sub new {
    my $class = shift;
    my %p = (@_ == 1 && ref $_[0] eq 'HASH') ? %{ $_[0] } : @_ & 1 ? (host => @_) : @_;
    defined $p{host} && length $p{host} or Carp::croak('host parameter is required');
    defined $p{user} && length $p{user} or Carp::croak('user parameter is required');
    $p{port} ||= 22;
    $p{timeout} ||= 30;
    delete $p{key_path} if defined $p{key_path} && ($p{key_path} eq '' || $p{key_path} eq '0');
    return $class->SUPER::new(%p);
}

# Old scripts matched these texts (its error() was the Python helper's message).
sub _master_error_text {
    my ($self, $err) = @_;
    my $d = $err->{data} || {};
    my $code = $d->{backend_code} // '';
    return "Key file not found: $d->{path}" if $code eq 'ssh_key' && ($d->{errno} // '') eq 'ENOENT';
    return "Authentication failed: $err->{message}" if $code eq 'ssh_auth';
    return "Connection failed: $err->{message}" if $code eq 'ssh_connect' || $code eq 'ssh_timeout';
    return "SSH error: $err->{message}";
}

# Old error() was undef, never 0, when all was well.
sub error { my $e = $_[0]{_error}; return $e ? $e : undef }

# Old scp_put took exactly (\%options, $local, $remote) or ($local, $remote) and croaked otherwise.
sub scp_put {
    my $self = shift;
    Carp::croak('scp_put requires 2 or 3 arguments') unless @_ == 2 || @_ == 3;
    Carp::croak('First argument must be a hashref when 3 arguments provided') if @_ == 3 && ref $_[0] ne 'HASH';
    my $opts = @_ == 3 ? shift : {};
    my %o = map { ($_ => $opts->{$_}) } grep { defined $opts->{$_} } qw(perm umask);
    my $r = $self->SUPER::scp_put(\%o, @_);
    return $r ? 1 : undef;
}

sub disconnect { my $self = shift; $self->SUPER::disconnect; return 1 }

1;

__END__

=head1 NAME

OpenSSHHelper - the old bridge's Net::OpenSSH replacement, now the Net::OpenSSH facade

=head1 SYNOPSIS

  use lib '/opt/cpan-bridge/perl/lib';   # perl/compat need not be on @INC
  use OpenSSHHelper;                     # also makes Net::OpenSSH->new available

  my $ssh = OpenSSHHelper->new(host => 'files.example.com', user => 'deploy',
                               key_path => '/home/deploy/.ssh/id_ed25519');
  die 'Connection failed: ' . $ssh->error if $ssh->error;
  $ssh->scp_put({ perm => oct('0644') }, 'report.csv', '/incoming/report.csv')
      or warn 'Upload failed: ' . $ssh->error;
  $ssh->disconnect;

=head1 DESCRIPTION

C<use OpenSSHHelper> loads the Net::OpenSSH facade from F<perl/compat>
(L<Net::OpenSSH>, which documents its methods and differences). An
OpenSSHHelper is a Net::OpenSSH (and, as before, a CPANBridge) with the old
module's contract: named arguments with C<host> and C<user> required (it
croaks C<host parameter is required> / C<user parameter is required>),
port 22 and timeout 30 by default, C<error> undef when all is well and the
old texts after a failed connection (C<Key file not found: PATH>,
C<Authentication failed: ...>, C<Connection failed: ...>), C<scp_put> with
exactly two or three arguments returning 1 or undef, C<disconnect> returning 1.
Every other Net::OpenSSH method (C<capture>, C<system>, C<sftp>, ...) works too.

As with the old module, C<< Net::OpenSSH->new >> after C<use OpenSSHHelper>
makes an OpenSSHHelper (the old contract); a script that loads Net::OpenSSH
and not OpenSSHHelper gets the real module's behaviour.

Host keys are checked against known_hosts (the old helper accepted any
key): give C<< master_opts => [-o => 'UserKnownHostsFile=...'] >> or
C<StrictHostKeyChecking=no> there if a script relied on that.

=head1 SEE ALSO

L<Net::OpenSSH>, L<CPANBridge>

=cut
