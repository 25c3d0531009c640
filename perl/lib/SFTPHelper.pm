package SFTPHelper;
# ABSTRACT: the old bridge's SFTPHelper: the Net::SFTP::Foreign facade (perl/compat) with the old module's extras

use strict;
use warnings;

our $VERSION = '2.00';

use Carp ();
use Scalar::Util ();
use CPANBridge;
use CPANBridge::Compat 'Net::SFTP::Foreign';

# The old module was a CPANBridge subclass; call_python on it still works.
our @ISA = ('Net::SFTP::Foreign', 'CPANBridge');

# The old `use SFTPHelper` replaced Net::SFTP::Foreign::new, so scripts got
# SFTPHelper objects (is_connected, the old ls) from Net::SFTP::Foreign->new.
sub import {
    $Net::SFTP::Foreign::OLD_NAME_CLASS = __PACKAGE__;
    return;
}

# Options of a bare bridge client (CPANBridge->new), which the old scripts
# made with SFTPHelper->new(debug => 1) to call test_python_bridge.
my %BRIDGE_ONLY = map { ($_ => 1) } qw(debug);

sub new {
    my $class = shift;
    my %args;
    if (@_ & 1) { my $host = shift; %args = (@_, host => $host) }
    else { %args = @_ }
    if (%args && !grep { !$BRIDGE_ONLY{$_} } keys %args) {
        my $self = CPANBridge::new($class, %args);
        $self->{_error} = 0;
        $self->{_status} = 0;
        return $self;
    }
    Carp::croak('Host required for SFTP connection') unless defined $args{host} && length $args{host};
    Carp::croak('User required for SFTP connection')
        unless (defined $args{user} && length $args{user}) || $args{host} =~ /\@/
        || (ref $args{more} eq 'ARRAY' && grep { /^-l/ || /^User=/i } @{ $args{more} });
    return Net::SFTP::Foreign::new($class, %args);
}

sub is_connected { return $_[0]{_connected} ? 1 : 0 }

# The old module's error was undef after a success; a dualvar 0/'' reads as
# that (eq '', false) and still compares == 0 without a warning.
sub error {
    my $e = $_[0]{_error};
    return $e ? $e : Scalar::Util::dualvar(0, '');
}

# The old module croaked on these when not connected (a failed new, or after disconnect).
for my $name (qw(put get ls rename setcwd cwd mkdir remove)) {
    my $inner = $name eq 'ls' ? \&_ls : Net::SFTP::Foreign->can($name);
    no strict 'refs';
    *{$name} = sub {
        Carp::croak('Not connected to SFTP server') unless $_[0]{_connected};
        goto &$inner;
    };
}

sub test_python_bridge {
    my $self = shift;
    my $r = CPANBridge::call($self, 'test', 'ping', {});
    return $r->{success} ? 1 : 0;
}

# The old ls: ls(qr/x/) and ls(wanted => 'text') took a pattern for the
# current directory, an error gave [] (scripts loop over it without a
# check), and each entry also had size, mtime, permissions and is_dir.
sub _ls {
    my $self = shift;
    my @args = @_;
    unshift @args, 'wanted' if @args == 1 && ref $args[0] eq 'Regexp';
    my %opt = @args & 1 ? (dir => @args) : @args;
    $opt{wanted} = qr/$opt{wanted}/ if defined $opt{wanted} && !ref $opt{wanted};
    my $list = Net::SFTP::Foreign::ls($self, %opt);
    return [] unless $list;
    for my $e (@$list) {
        next unless ref $e eq 'HASH' && $e->{a};
        my $perm = $e->{a}->perm;
        $e->{size} = $e->{a}->size || 0;
        $e->{mtime} = $e->{a}->mtime || 0;
        $e->{permissions} = $perm || 0;
        $e->{is_dir} = defined $perm && ($perm & 0170000) == 0040000 ? 1 : 0;
    }
    return $list;
}

1;

__END__

=head1 NAME

SFTPHelper - the old bridge's Net::SFTP::Foreign replacement, now the Net::SFTP::Foreign facade

=head1 VERSION

2.00

=head1 SYNOPSIS

  use lib '/opt/cpan-bridge/perl/lib';   # perl/compat need not be on @INC
  use SFTPHelper;                        # Net::SFTP::Foreign->new then works as before

  my $sftp = Net::SFTP::Foreign->new(host => $host, user => $user, password => $pass, port => 22,
      timeout => 30, more => [-o => 'IdentityFile=/home/batch/.ssh/id_ed25519']);
  $sftp->error and die "unable to connect to remote host $host: " . $sftp->error;
  $sftp->put($local, "tmp_$name") or die 'put: ' . $sftp->error;
  $sftp->rename("tmp_$name", $name, overwrite => 1) or die 'rename: ' . $sftp->error;
  my $ls = $sftp->ls(wanted => qr/\.csv$/);
  print "$_->{longname}\n" for @$ls;
  print "connected\n" if $sftp->is_connected;

=head1 DESCRIPTION

C<use SFTPHelper> loads the Net::SFTP::Foreign facade from F<perl/compat>
(L<Net::SFTP::Foreign>, which documents its methods and its differences
from the real module). As the old module did, it makes
C<< Net::SFTP::Foreign->new >> return SFTPHelper objects, which are the
facade plus the old module's extras:

=over

=item * C<is_connected>; C<test_python_bridge>, C<call_python> (an SFTPHelper is a CPANBridge too)

=item * C<ls> returns C<[]> on failure (C<< $sftp->error >> says why) instead of undef;
C<ls(qr/x/)> lists the current directory with that pattern, and a C<wanted>
that is a string is a regular expression; each entry also has C<size>,
C<mtime>, C<permissions> (st_mode) and C<is_dir> beside C<filename>,
C<longname> and C<a>.

=item * C<< SFTPHelper->new(...) >> croaks C<Host required for SFTP connection>
without a host and C<User required for SFTP connection> without a user;
C<< SFTPHelper->new(debug => 1) >> is a bare bridge client, as before.

=item * C<put>, C<get>, C<ls>, C<rename>, C<setcwd>, C<cwd>, C<mkdir> and C<remove>
croak C<Not connected to SFTP server> when the connection failed or was
closed with C<disconnect> (the real module returns undef with C<error> set).

=item * C<error> after a success is a dualvar 0 and C<''> (the old module's
undef read as C<''>; the real module's is C<0>).

=back

What changed from the old module: C<error> after a failure is the facade's dualvar (the
SFTP_ERR_* number and the real module's
text, e.g. C<Couldn't stat remote file: No such file>); a failed
connection's text is the real module's (no C<SFTP connection failed:>
prefix); failing methods return undef rather than 0; C<setcwd> returns the
new directory (true) rather than 1.

=head1 SEE ALSO

L<Net::SFTP::Foreign>, L<CPANBridge>

=cut
