package DateTime::TimeZone;
# Drop-in DateTime::TimeZone for cpan-bridge (implemented by DateTimeHelper::TimeZone).

use strict;
use warnings;
use DateTimeHelper::TimeZone;

our $VERSION = '2.60';
our @ISA = ('DateTimeHelper::TimeZone');

1;

__END__

=head1 NAME

DateTime::TimeZone - cpan-bridge facade for the common part of DateTime::TimeZone

=head1 SYNOPSIS

  my $tz = DateTime::TimeZone->new(name => 'America/New_York');
  my $dt = DateTime->now(time_zone => $tz);

=head1 DESCRIPTION

See L<DateTimeHelper::TimeZone>.

=head1 METHODS

Those of L<DateTimeHelper::TimeZone>.

=cut
