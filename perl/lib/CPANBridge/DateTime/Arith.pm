package CPANBridge::DateTime::Arith;
# DateTime's arithmetic rules on the facade's object fields: the order in
# which add applies a duration, and the borrow-down field difference that
# subtract_datetime and delta_md return. DateTime's methods of those names
# validate, call these, and build the result object.

use strict;
use warnings;
use CPANBridge::DateTime::Calendar ();
use CPANBridge::DateTime::LeapSeconds ();

our $VERSION = '1.00';

use constant { DAY => 86400, NS => 1_000_000_000, RD_EPOCH => 719163 };

# The day $months after day $days under DateTime's end_of_month modes: wrap
# rolls Jan 31 + 1 month over to Mar 2/3, limit stops at the month's last day,
# preserve keeps a last day of month a last day.
sub _add_months {
    my ($days, $months, $mode) = @_;
    my $preserve = $mode eq 'preserve';
    my ($y, $m, $d) = CPANBridge::DateTime::Calendar::civil($preserve ? $days + 1 : $days);
    $d-- if $preserve;
    return CPANBridge::DateTime::Calendar::days($y, $m + $months, $d) if $mode eq 'wrap' || $d <= 28;
    my $end = CPANBridge::DateTime::Calendar::days($y, $m + $months + 1, 0);
    my $last = (CPANBridge::DateTime::Calendar::civil($end))[2];
    return $last > $d ? $end - ($last - $d) : $end;
}

# (utc, ns, is_leap_second) of $dt plus $dur in DateTime's order: days, then
# months on the local date, back to UTC through the zone (which dies for a
# skipped local time), then minutes and seconds on the UTC clock; seconds
# count leap seconds, except in a floating zone.
sub add {
    my ($dt, $dur) = @_;
    my %d = $dur->deltas;
    my ($utc, $ns, $ls) = @{$dt}{qw(utc ns ls)};
    if ($d{days} || $d{months}) {
        my $days = $dt->{days} + $d{days};
        $days = _add_months($days, $d{months}, $dur->end_of_month_mode) if $d{months};
        ($utc) = $dt->{tz}->_from_local($days * DAY + $dt->{H} * 3600 + $dt->{M} * 60 + $dt->{S});
        $ls = 0;
    }
    if ($d{minutes}) { $utc += $d{minutes} * 60; $ls = 0 }
    if ($d{seconds} || $d{nanoseconds}) {
        my $secs = $d{seconds};
        if ($d{nanoseconds}) {
            $ns += $d{nanoseconds};
            my $carry = CPANBridge::DateTime::Calendar::fdiv($ns, NS);
            $secs += $carry;
            $ns -= $carry * NS;
        }
        if ($dt->{tz}->is_floating) { $utc += $secs; $ls = 0 }
        else { ($utc, $ls) = CPANBridge::DateTime::LeapSeconds::from_count(CPANBridge::DateTime::LeapSeconds::to_count($utc, $ls) + $secs) }
    }
    return ($utc, $ns, $ls);
}

sub _borrow {
    my ($mon1, $mon2, $day1, $day2, $min1, $min2, $sec1, $sec2, $ns1, $ns2, $minute_length, $month_length) = @_;
    if ($ns1 < $ns2)   { $sec1--; $ns1 += NS }
    if ($sec1 < $sec2) { $min1--; $sec1 += $minute_length }
    if ($min1 < $min2) { $day1--; $min1 += 24 * 60 }
    if ($day1 < $day2) { $mon1--; $day1 += $month_length }
    return ($mon1 - $mon2, $day1 - $day2, $min1 - $min2, $sec1 - $sec2, $ns1 - $ns2);
}

# (months, days, minutes, seconds, nanoseconds) from $small up to $big (not
# earlier, same zone), each unit borrowing from the next larger one as
# DateTime does; $dates_only leaves the clock out (delta_md).
sub difference {
    my ($big, $small, $dates_only) = @_;
    my @months = ($big->{y} * 12 + $big->{m}, $small->{y} * 12 + $small->{m}, $big->{d}, $small->{d});
    my $month_length = CPANBridge::DateTime::Calendar::month_length($small->{y}, $small->{m});
    return _borrow(@months, 0, 0, 0, 0, 0, 0, 60, $month_length) if $dates_only;
    my $big_min = $big->{H} * 60 + $big->{M};
    # A 23- or 25-hour local day (DST change): shift by the hour, as DateTime does.
    if ($big->{tz}->is_olson && $big->{dst} != $small->{dst}) {
        my $prev = eval { $big->clone->subtract(days => 1) };
        if ($big->{dst}) { $big_min -= 60 if $prev && !$prev->{dst} }
        else             { $big_min += 60 if $prev && $prev->{dst} }
    }
    my $minute_length = 60;
    unless ($big->{tz}->is_floating && $small->{tz}->is_floating) {
        # The last UTC minute of a day may hold a leap second.
        my ($rd, $secs) = $small->utc_rd_values;
        $minute_length = CPANBridge::DateTime::LeapSeconds::day_length($rd - RD_EPOCH) - 86340 if $secs >= 86340;
    }
    return _borrow(@months, $big_min, $small->{H} * 60 + $small->{M}, $big->{S}, $small->{S}, $big->{ns}, $small->{ns},
        $minute_length, $month_length);
}

1;

__END__

=head1 NAME

CPANBridge::DateTime::Arith - DateTime's add and difference rules for the DateTime facade

=head1 SYNOPSIS

  # inside perl/compat/DateTime.pm
  my ($utc, $ns, $leap) = CPANBridge::DateTime::Arith::add($self, $duration);
  my @deltas = CPANBridge::DateTime::Arith::difference($big, $small);

=head1 DESCRIPTION

Internal to F<perl/compat/DateTime.pm>: days, then months (C<end_of_month>
C<wrap>, C<limit>, C<preserve>) on the local date, then minutes and seconds
on the UTC clock; differences borrow unit by unit with DST and leap-second
corrections as DateTime 1.59. Not a CPAN module's API.

=head1 METHODS

Functions, not methods: C<add($dt, $duration)>, C<difference($big, $small, $dates_only)>.

=cut
