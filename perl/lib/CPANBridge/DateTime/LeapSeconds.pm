package CPANBridge::DateTime::LeapSeconds;
# The UTC leap seconds DateTime knows, and the continuous second count that
# DateTime's seconds arithmetic runs on (a leap second is a second of its own
# there; minutes and days do not see it).

use strict;
use warnings;
use CPANBridge::DateTime::Calendar ();

our $VERSION = '1.00';

use constant DAY => 86400;

# UTC days (since 1970) from which each leap second counts; none announced since 2017.
my @LEAP_DAYS = map { CPANBridge::DateTime::Calendar::days(@$_) } ([1972, 7, 1], map({ [$_, 1, 1] } 1973 .. 1980),
    [1981, 7, 1], [1982, 7, 1], [1983, 7, 1], [1985, 7, 1], [1988, 1, 1], [1990, 1, 1], [1991, 1, 1], [1992, 7, 1],
    [1993, 7, 1], [1994, 7, 1], [1996, 1, 1], [1997, 7, 1], [1999, 1, 1], [2006, 1, 1], [2009, 1, 1], [2012, 7, 1],
    [2015, 7, 1], [2017, 1, 1]);
my %LEAP_MIDNIGHT = map { ($_ * DAY, 1) } @LEAP_DAYS;

# True when a leap second ends just before this UTC epoch second (a midnight).
sub is_leap_midnight { $LEAP_MIDNIGHT{ $_[0] } ? 1 : 0 }

# Leap seconds inserted before UTC day $day (days since 1970).
sub before_day {
    my $day = shift;
    my $n = 0;
    for (@LEAP_DAYS) { last if $_ > $day; $n++ }
    return $n;
}

# Seconds in UTC day $day: 86401 on the day that ends with a leap second.
sub day_length { return $LEAP_MIDNIGHT{ ($_[0] + 1) * DAY } ? DAY + 1 : DAY }

# The continuous count T for a UTC epoch second (with the leap-second flag:
# DateTime keeps a leap second as the following midnight), leap second i at
# T = m_i + i - 1 ...
sub to_count {
    my ($utc, $ls) = @_;
    return $utc - 1 + before_day(CPANBridge::DateTime::Calendar::fdiv($utc - 1, DAY)) + 1 if $ls;
    return $utc + before_day(CPANBridge::DateTime::Calendar::fdiv($utc, DAY));
}

# ... and back: (UTC epoch second, is-leap-second).
sub from_count {
    my $t = shift;
    for (my $i = @LEAP_DAYS; $i >= 1; $i--) {
        my $m = $LEAP_DAYS[$i - 1] * DAY;
        return ($t - $i, 0) if $t >= $m + $i;
        return ($m, 1) if $t == $m + $i - 1;
    }
    return ($t, 0);
}

1;

__END__

=head1 NAME

CPANBridge::DateTime::LeapSeconds - the leap-second table behind the DateTime facade

=head1 SYNOPSIS

  use CPANBridge::DateTime::LeapSeconds ();
  my $n = CPANBridge::DateTime::LeapSeconds::before_day($days);   # 27 for 2024

=head1 DESCRIPTION

Internal to F<perl/compat/DateTime.pm>: the 27 leap seconds from 1972 to
2016 and the conversions DateTime uses so that C<add(seconds =E<gt> ...)>
and C<subtract_datetime_absolute> count them. Not a CPAN module's API.

=head1 METHODS

Functions, not methods: C<is_leap_midnight($utc)>, C<before_day($days)>,
C<day_length($days)>, C<to_count($utc, $is_leap)>, C<from_count($t)>.

=cut
