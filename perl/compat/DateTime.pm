package DateTime;
# Drop-in DateTime for cpan-bridge: the implementation is DateTimeHelper
# (pure Perl, zone data from the daemon); this class only names its
# companions DateTime::Duration and DateTime::TimeZone.

use strict;
use warnings;
use DateTimeHelper;
use DateTime::Duration;
use DateTime::TimeZone;

our $VERSION = '1.59';
our @ISA = ('DateTimeHelper');

sub duration_class { 'DateTime::Duration' }
sub _zone_class    { 'DateTime::TimeZone' }

sub INFINITY     () { 100**100**100**100 }
sub NEG_INFINITY () { -1 * (100**100**100**100) }
sub NAN          () { INFINITY - INFINITY }

1;

__END__

=head1 NAME

DateTime - cpan-bridge facade for DateTime 1.59

=head1 SYNOPSIS

  use DateTime;
  my $dt = DateTime->now(time_zone => 'Europe/Berlin');
  print $dt->strftime('%Y-%m-%d %H:%M:%S %Z'), "\n";

=head1 DESCRIPTION

Put F<perl/compat> first on C<PERL5LIB> and existing scripts that
C<use DateTime> run unchanged. See L<DateTimeHelper> for what is covered.

=head1 METHODS

Those of L<DateTimeHelper>.

=cut
