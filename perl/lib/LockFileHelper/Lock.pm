package LockFileHelper::Lock;
# ABSTRACT: the lock objects of the old bridge's LockFileHelper

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge::Compat 'LockFile::Lock::Simple';

our @ISA = ('LockFile::Lock::Simple');

# The old bridge's lock objects answered filename/lockfile with the locked
# file and its lock file (LockFile::Lock's filename is the caller's script).
sub filename { return $_[0]->{file} }
sub lockfile { return $_[0]->{lockfile} }

sub release {
    my $self = shift;
    return 1 if $self->{released};
    my $ok = $self->SUPER::release();
    $self->{released} = 1;
    return $ok;
}

1;

__END__

=head1 NAME

LockFileHelper::Lock - a lock taken through the old bridge's LockFileHelper

=head1 SYNOPSIS

  use LockFileHelper;
  my $mgr  = LockFileHelper->make(-hold => 90);
  my $lock = $mgr->trylock('/data/feed.dat') or die $mgr->error;
  print $lock->filename, ' ', $lock->lockfile, "\n";
  $lock->release;

=head1 DESCRIPTION

A L<LockFile::Lock::Simple> with the old bridge's accessors.

=head1 METHODS

=head2 filename

The locked file (LockFile::Lock's C<filename> is the script that locked it).

=head2 lockfile

The lock file's path.

=head2 release

Removes the lock file; 1. A second release is a no-op that returns 1.

=cut
