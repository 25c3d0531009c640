package FTPHelper;
# ABSTRACT: the old bridge's FTPHelper: `use FTPHelper;` then Net::FTP->new as before (the facade in perl/compat)

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge;
use CPANBridge::Compat 'Net::FTP';

# The old FTPHelper made Net::FTP objects CPANBridge objects: scripts called
# $ftp->call_python('ftp_helper', ...) on them. It also transferred in binary
# unless told otherwise (the real Net::FTP's default is ASCII), and set $!
# when new() failed.
push @Net::FTP::ISA, 'CPANBridge' unless Net::FTP->isa('CPANBridge');
$Net::FTP::OLD_DEFAULTS = 1;

1;

__END__

=head1 NAME

FTPHelper - the old bridge's name for the Net::FTP facade

=head1 SYNOPSIS

  use FTPHelper;    # Net::FTP is now the cpan-bridge facade

  my $ftp = Net::FTP->new('ftp.example.com', Timeout => 60) or die "Cannot connect: $@";
  $ftp->login($user, $pass) or die 'Cannot login: ', $ftp->message;
  $ftp->get('remote.txt', 'local.txt') or die 'get failed: ', $ftp->message;
  $ftp->quit;

=head1 DESCRIPTION

Loads L<Net::FTP> from F<perl/compat> (see L<CPANBridge::Compat>). As with
the old FTPHelper, transfers are binary until C<ascii> is called, C<$!> is
set too when C<new> fails, and C<< $ftp->call_python(...) >> works on the
objects (they are CPANBridge objects as well). The old C<ftp_helper.*>
daemon calls are still answered. Everything else is the facade's: see
L<Net::FTP> for where it differs from the real module.

=cut
