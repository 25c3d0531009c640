package LockFile::Lock::Simple;
# ABSTRACT: cpan-bridge facade of LockFile::Lock::Simple 0.208 (a lock taken by LockFile::Simple)

use strict;
use warnings;

require LockFile::Lock;

our $VERSION = '0.208';
our @ISA = ('LockFile::Lock');

sub make {
    my $self = bless {}, shift;
    my ($scheme, $file, $format, $filename, $line) = @_;
    @{$self}{qw(file format)} = ($file, $format);
    $self->_lock_init($scheme, $filename, $line);
    return $self;
}

sub file   { $_[0]->{file} }
sub format { $_[0]->{format} }

1;

__END__

=head1 NAME

LockFile::Lock::Simple - cpan-bridge facade of LockFile::Lock::Simple 0.208

=head1 SYNOPSIS

  my $lock = $lockmgr->lock($file, '%f.lck') or die "can't lock $file\n";
  print $lock->file, ' ', $lock->format, "\n";
  $lock->release;

=head1 DESCRIPTION

The lock object L<LockFile::Simple>'s C<lock> and C<trylock> return. It
holds the locked file and the format it was locked with; the facade adds the
daemon's lock id and the lock file path as private fields. Releasing goes
back to the manager (L<LockFile::Lock/release>).

=head1 METHODS

=head2 make

  my $lock = LockFile::Lock::Simple->make($lockmgr, $file, $format, $script, $line);

Called by the manager; scripts do not call it.

=head2 file, format

  my $file   = $lock->file;
  my $format = $lock->format;       # undef when the manager's -format/-ext applied

=head2 scheme, filename, line, where, release

Inherited from L<LockFile::Lock>.

=cut
