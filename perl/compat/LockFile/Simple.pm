package LockFile::Simple;
# ABSTRACT: drop-in LockFile::Simple 0.208 facade; the work is in LockFileHelper

use strict;
use warnings;
use LockFileHelper;

$LockFileHelper::OLD_API = 0;

1;

__END__

=head1 NAME

LockFile::Simple - cpan-bridge facade of LockFile::Simple 0.208

=head1 SYNOPSIS

  use LockFile::Simple qw(lock trylock unlock);
  my $lockmgr = LockFile::Simple->make(-hold => 90, -stale => 1);
  my $lock = $lockmgr->trylock($file) or die "busy\n";
  $lock->release;

=head1 DESCRIPTION

Loaded instead of the CPAN module when C<perl/compat> comes first on
C<PERL5LIB>. The packages LockFile::Simple, LockFile::Lock,
LockFile::Lock::Simple and LockFile::Manager are defined in
L<LockFileHelper>, which documents the methods and the differences.

=head1 METHODS

See L<LockFileHelper>.

=cut
