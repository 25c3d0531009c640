package DateTimeHelper;
# DateTimeHelper's arithmetic: add/subtract in DateTime's order, differences
# as DateTime::Duration, in the same package (loaded by DateTimeHelper.pm).

use strict;
use warnings;
use Carp ();
use Scalar::Util ();

# ---- arithmetic ----

sub _duration_from_args {
    my $self = shift;
    return $_[0] if @_ == 1 && Scalar::Util::blessed($_[0]) && $_[0]->isa('DateTimeHelper::Duration');
    return $self->duration_class->new(@_);
}

sub add { my $s = shift; return $s->add_duration($s->_duration_from_args(@_)) }

sub subtract {
    my $self = shift;
    my %eom;
    if (@_ % 2 == 0) {
        my %p = @_;
        $eom{end_of_month} = delete $p{end_of_month} if exists $p{end_of_month};
        @_ = %p;
    }
    return $self->add_duration($self->_duration_from_args(@_)->inverse(%eom));
}

sub subtract_duration { return $_[0]->add_duration($_[1]->inverse) }

# DateTime's order: days, then months (end-of-month rules) on the local date,
# back to UTC through the zone, then minutes and seconds on the UTC clock.
sub add_duration {
    my ($self, $dur) = @_;
    Carp::croak('Validation failed for type named Duration declared in package DateTime::Types with value '
            . (defined $dur ? $dur : 'undef'))
        unless Scalar::Util::blessed($dur) && $dur->isa('DateTimeHelper::Duration');
    return $self if $dur->is_zero;
    my %d = $dur->deltas;
    my ($utc, $ns, $ls) = ($self->{utc}, $self->{ns}, $self->{ls});
    if ($d{days} || $d{months}) {
        my $days = $self->{days} + $d{days};
        if ($d{months}) {
            my $preserve = $dur->is_preserve_mode;
            my ($y, $m, $dd) = _civil($preserve ? $days + 1 : $days);
            $dd-- if $preserve;
            if (!$dur->is_wrap_mode && $dd > 28) {
                $days = _days($y, $m + $d{months} + 1, 0);
                my $last = (_civil($days))[2];
                $days -= $last - $dd if $last > $dd;
            }
            else {
                $days = _days($y, $m + $d{months}, $dd);
            }
        }
        my $sod = $self->{H} * 3600 + $self->{M} * 60 + $self->{S};
        ($utc) = $self->{tz}->_from_local($days * DAY + $sod);
        $ls = 0;
    }
    if ($d{minutes}) { $utc += $d{minutes} * 60; $ls = 0 }
    if ($d{seconds} || $d{nanoseconds}) {
        my $secs = $d{seconds};
        if ($d{nanoseconds}) {
            $ns += $d{nanoseconds};
            my $carry = _fdiv($ns, MAX_NANOSECONDS);
            $secs += $carry;
            $ns -= $carry * MAX_NANOSECONDS;
        }
        if ($self->{tz}->is_floating) { $utc += $secs; $ls = 0 }
        else { ($utc, $ls) = _from_tai(_to_tai($utc, $ls) + $secs) }
    }
    return $self->_replace((ref $self)->_from_utc_parts($self->{tz}, $utc, $ns, $self->_extra, $ls));
}

sub _positive_difference {
    my ($mon1, $mon2, $day1, $day2, $min1, $min2, $sec1, $sec2, $ns1, $ns2, $minute_length, $month_length) = @_;
    if ($ns1 < $ns2)   { $sec1--; $ns1 += MAX_NANOSECONDS }
    if ($sec1 < $sec2) { $min1--; $sec1 += $minute_length }
    if ($min1 < $min2) { $day1--; $min1 += 24 * 60 }
    if ($day1 < $day2) { $mon1--; $day1 += $month_length }
    return ($mon1 - $mon2, $day1 - $day2, $min1 - $min2, $sec1 - $sec2, $ns1 - $ns2);
}

sub subtract_datetime {
    my ($dt1, $dt2) = @_;
    $dt2 = $dt2->clone->set_time_zone($dt1->{tz}) unless $dt1->{tz}->name eq $dt2->{tz}->name;
    my ($big, $small, $neg) = $dt1->compare($dt2) >= 0 ? ($dt1, $dt2, 0) : ($dt2, $dt1, 1);
    my $big_min = $big->{H} * 60 + $big->{M};
    # A 23- or 25-hour local day (DST change): shift by the hour, as DateTime does.
    if ($big->{tz}->is_olson && $big->{dst} != $small->{dst}) {
        my $prev = eval { $big->clone->subtract(days => 1) };
        if ($big->{dst}) { $big_min -= 60 if $prev && !$prev->{dst} }
        else             { $big_min += 60 if $prev && $prev->{dst} }
    }
    my $minute_length = 60;
    unless ($dt1->{tz}->is_floating && $dt2->{tz}->is_floating) {
        # The last UTC minute of a day may hold a leap second.
        my ($rd, $secs) = $small->utc_rd_values;
        $minute_length = _day_length($rd - RD_EPOCH) - 86340 if $secs >= 86340;
    }
    my @r = _positive_difference(
        $big->{y} * 12 + $big->{m}, $small->{y} * 12 + $small->{m}, $big->{d}, $small->{d},
        $big_min, $small->{H} * 60 + $small->{M}, $big->{S}, $small->{S}, $big->{ns}, $small->{ns},
        $minute_length, _month_length($small->{y}, $small->{m}));
    if ($neg) { for (@r) { $_ *= -1 if $_ } }
    my %p;
    @p{qw(months days minutes seconds nanoseconds)} = @r;
    return $dt1->duration_class->new(%p);
}

# Counts the leap seconds between the two instants, as DateTime does (floating ones have none).
sub subtract_datetime_absolute {
    my ($self, $dt) = @_;
    my $seconds = $self->utc_rd_as_seconds + $self->leap_seconds - $dt->utc_rd_as_seconds - $dt->leap_seconds;
    my $ns = $self->{ns} - $dt->{ns};
    if ($ns < 0) { $seconds--; $ns += MAX_NANOSECONDS }
    return $self->duration_class->new(seconds => $seconds, nanoseconds => $ns);
}

sub delta_md {
    my ($self, $dt) = @_;
    my ($small, $big) = sort { $a->compare($b) } $self, $dt;
    my ($months, $days) = _positive_difference(
        $big->{y} * 12 + $big->{m}, $small->{y} * 12 + $small->{m}, $big->{d}, $small->{d},
        0, 0, 0, 0, 0, 0, 60, _month_length($small->{y}, $small->{m}));
    return $self->duration_class->new(months => $months, days => $days);
}

sub delta_days {
    my ($self, $dt) = @_;
    return $self->duration_class->new(days => abs($self->{days} - $dt->{days}));
}

sub delta_ms {
    my ($self, $dt) = @_;
    my ($small, $big) = sort { $a->compare($b) } $self, $dt;
    my $days = int($big->jd - $small->jd);
    my $dur = $big->subtract_datetime($small);
    return $self->duration_class->new(hours => $dur->hours + $days * 24, minutes => $dur->minutes, seconds => $dur->seconds);
}

1;

__END__

=head1 NAME

DateTimeHelper::Arith - add, subtract and differences for DateTimeHelper

=head1 SYNOPSIS

  require DateTimeHelper;    # loads this file
  $dt->add(months => 1, end_of_month => 'limit');

=head1 DESCRIPTION

Part of package C<DateTimeHelper>, split out for size. Days, then months
(end-of-month rules) on the local date, then minutes and seconds on the UTC
clock; seconds count leap seconds as DateTime does.

=head1 METHODS

C<add subtract add_duration subtract_duration subtract_datetime
subtract_datetime_absolute delta_md delta_days delta_ms>.

=cut
