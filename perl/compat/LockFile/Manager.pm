package LockFile::Manager;
# ABSTRACT: cpan-bridge facade of LockFile::Manager 0.208 (-autoclean: release pending locks at exit)

use strict;
use warnings;

our $VERSION = '0.208';

my $MANAGER;    # the one manager every -autoclean LockFile::Simple shares

sub make {
    my ($class, $wfunc, $efunc) = @_;
    return bless { pool => {}, wfunc => $wfunc, efunc => $efunc }, $class;
}

sub pool  { $_[0]->{pool} }
sub wfunc { $_[0]->{wfunc} }
sub efunc { $_[0]->{efunc} }

sub manager {
    my ($class, $wfunc, $efunc) = @_;
    return $MANAGER ||= $class->make($wfunc, $efunc);
}

sub remember {
    my ($self, $lock) = @_;
    if (exists $self->{pool}{$lock}) { $self->{efunc}->("lock $lock already remembered"); return }
    return $self->{pool}{$lock} = $lock;
}

sub forget {
    my ($self, $lock) = @_;
    unless (exists $self->{pool}{$lock}) { $self->{efunc}->("lock $lock not remembered yet"); return }
    return delete $self->{pool}{$lock};
}

sub release_all {
    my $self = shift;
    my $n = scalar keys %{ $self->{pool} };
    return unless $n;
    my $s = $n == 1 ? '' : 's';
    $self->{wfunc}->("releasing $n pending lock$s...");
    $_->release for values %{ $self->{pool} };
    return;
}

# LockFile::Simple loads this file on the first -autoclean make, as the real
# module does, so this END block is compiled after the script's own and runs
# before them: the "releasing N pending locks" line comes out where it did.
END { $MANAGER->release_all if defined $MANAGER }

1;

__END__

=head1 NAME

LockFile::Manager - cpan-bridge facade of LockFile::Manager 0.208

=head1 SYNOPSIS

  my $lockmgr = LockFile::Simple->make(-autoclean => 1);
  $lockmgr->lock($file);
  exit;    # "releasing 1 pending lock..." and the lock file is removed

=head1 DESCRIPTION

With C<-autoclean>, L<LockFile::Simple> loads this module (at the first such
C<make>, as the real one does) and remembers each lock it takes here; at
exit the locks still held are released through their manager, with the
real module's warning through C<-wfunc>. The bridge's session end would
remove them anyway; this keeps the real module's messages and order.

=head1 METHODS

=head2 manager

  my $m = LockFile::Manager->manager($wfunc, $efunc);   # made once, then shared

=head2 make

  my $m = LockFile::Manager->make($wfunc, $efunc);

=head2 remember, forget

  $m->remember($lock);    # efunc "lock ... already remembered" when it is
  $m->forget($lock);      # efunc "lock ... not remembered yet" when it is not

=head2 release_all

  $m->release_all;        # wfunc "releasing N pending lock(s)...", then each ->release

=head2 pool, wfunc, efunc

Accessors: the remembered locks (a hash ref keyed by lock), and the two
reporting functions.

=cut
