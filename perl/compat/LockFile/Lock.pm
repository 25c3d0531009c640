package LockFile::Lock;
# ABSTRACT: cpan-bridge facade of LockFile::Lock 0.208 (the lock object's base class)

use strict;
use warnings;

our $VERSION = '0.208';

sub _lock_init {
    my ($self, $scheme, $filename, $line) = @_;
    @{$self}{qw(scheme filename line)} = ($scheme, $filename, $line);
    return;
}

sub scheme   { $_[0]->{scheme} }
sub filename { $_[0]->{filename} }
sub line     { $_[0]->{line} }
sub release  { my $self = shift; return $self->scheme->release($self) }
sub where    { return sprintf '"%s", line %d', $_[0]->filename, $_[0]->line }

1;

__END__

=head1 NAME

LockFile::Lock - cpan-bridge facade of LockFile::Lock 0.208

=head1 SYNOPSIS

  my $lock = $lockmgr->trylock($file) or die "busy\n";
  print "taken at ", $lock->where, "\n";    # "script.pl", line 12
  $lock->release;

=head1 DESCRIPTION

The base class of the lock objects L<LockFile::Simple> hands out
(L<LockFile::Lock::Simple>): it remembers the manager that took the lock
(its I<scheme>) and where in the script the lock was taken. Loaded by
F<perl/compat/LockFile/Simple.pm>; no daemon call of its own.

=head1 METHODS

=head2 scheme, filename, line

  my $lockmgr = $lock->scheme;      # the LockFile::Simple that took it
  my ($script, $line) = ($lock->filename, $lock->line);

=head2 where

  my $where = $lock->where;         # '"script.pl", line 12'

=head2 release

  my $ok = $lock->release;          # $lock->scheme->release($lock)

=cut
