# Differential: comparisons, sorting, subtract_datetime and DateTime::Duration, real DateTime 1.59 vs the facade.
use strict;
use warnings;
use lib 'perl/t/lib';
use Test::More;
use BridgeTest qw(root);
use DateTimeDiff;

same_output('comparison, sorting and overloads', <<'PERL', min_lines => 40);
my @d = (
    DateTime->new(year => 2024, month => 11, day => 3, hour => 1, minute => 30, time_zone => 'America/New_York'),
    DateTime->new(year => 2024, month => 11, day => 3, hour => 1, minute => 30, time_zone => 'UTC'),
    DateTime->new(year => 2024, month => 11, day => 3, hour => 1, minute => 30),
    DateTime->new(year => 2024, month => 11, day => 3, hour => 6, minute => 30, time_zone => 'UTC'),
    DateTime->new(year => 2024, month => 11, day => 3, hour => 12, time_zone => 'Asia/Kolkata'),
    DateTime->from_epoch(epoch => -1.25),
    DateTime->from_epoch(epoch => -1.5),
    DateTime->new(year => 1900, month => 1, day => 1, time_zone => 'Pacific/Chatham'),
    DateTime->new(year => 2024, month => 11, day => 3, hour => 6, minute => 30, nanosecond => 1, time_zone => 'UTC'),
);
for my $i (0 .. $#d) {
    for my $j (0 .. $#d) {
        my ($a, $b) = ($d[$i], $d[$j]);
        print "$i $j: ", join(' ', $a <=> $b, DateTime->compare($a, $b), DateTime->compare_ignore_floating($a, $b),
            ($a == $b ? 1 : 0), ($a < $b ? 1 : 0), ($a >= $b ? 1 : 0), ($a eq $b ? 1 : 0), ($a ne $b ? 1 : 0), $a cmp $b), "\n";
    }
}
print join(' ', map { "$_" } sort { $a <=> $b } grep { !$_->time_zone->is_floating } @d), "\n";
print join(' ', map { $_->epoch } sort { DateTime->compare($b, $a) } grep { !$_->time_zone->is_floating } @d), "\n";
print "string: ", ($d[1] eq '2024-11-03T01:30:00' ? 1 : 0), ' ', ('2024-11-03T01:30:00' eq $d[1] ? 1 : 0), ' ', ($d[1] cmp 'a'), ' ', ('a' cmp $d[1]), "\n";
print "interp: $d[0] | " . $d[4] . "\n";
print "bool: ", ($d[5] ? 'true' : 'false'), "\n";
print err($@), "\n" unless eval { my $x = $d[0] <=> 5; 1 };
print defined(DateTime->compare($d[0], undef)) ? "defined\n" : "undef\n";
PERL

same_output('subtract_datetime and durations across DST and month ends', <<'PERL', min_lines => 200);
sub dur { my $d = shift; return join(',', $d->deltas) . ' | ' . join(',', $d->in_units(qw(years months weeks days hours minutes seconds nanoseconds)))
    . ' | ' . join(',', map { $d->$_ } qw(years months weeks days hours minutes seconds nanoseconds is_positive is_negative is_zero end_of_month_mode)) }
my @pairs;
for my $z (qw(America/New_York Europe/Berlin Australia/Sydney UTC floating)) {
    my @p = ([2024, 3, 9, 12, 0], [2024, 3, 10, 12, 0], [2024, 3, 11, 1, 15], [2024, 11, 2, 23, 59], [2024, 11, 3, 3, 0],
             [2024, 1, 31, 0, 0], [2024, 2, 29, 23, 0], [2023, 12, 31, 23, 59], [2024, 10, 27, 4, 0], [2024, 4, 7, 3, 30]);
    my @dts = map { my $x = $_; DateTime->new(year => $x->[0], month => $x->[1], day => $x->[2], hour => $x->[3], minute => $x->[4], time_zone => $z) } @p;
    for my $a (@dts) { for my $b (@dts) { push @pairs, [$a, $b] } }
}
for my $p (@pairs) {
    my ($a, $b) = @$p;
    print $a->iso8601, ' - ', $b->iso8601, ' ', $a->time_zone->name, ': ', dur($a - $b), "\n";
    print '  abs: ', dur($a->subtract_datetime_absolute($b)), ' md: ', dur($a->delta_md($b)), ' days: ', dur($a->delta_days($b)), "\n";
    print '  back: ', try_show(sub { $b->clone->add_duration($a - $b) }), "\n";
}
my $ny = DateTime->new(year => 2024, month => 6, day => 1, time_zone => 'America/New_York');
my $bl = DateTime->new(year => 2024, month => 6, day => 1, time_zone => 'Europe/Berlin');
print 'cross-zone: ', dur($ny - $bl), ' / ', dur($bl - $ny), "\n";
print 'delta_ms: ', dur($ny->delta_ms($bl)), "\n";
# subtract_datetime_absolute counts the leap seconds in between (none for floating times).
for my $z1 (qw(UTC floating America/New_York)) {
    for my $z2 (qw(UTC floating Asia/Kolkata)) {
        my $x = DateTime->new(year => 2024, month => 5, day => 6, time_zone => $z1);
        my $y = DateTime->new(year => 1971, month => 12, day => 31, hour => 23, time_zone => $z2);
        print "abs $z1 $z2: ", dur($x->subtract_datetime_absolute($y)), ' / ', dur($y->subtract_datetime_absolute($x)), ' ', $x->leap_seconds, ' ', $y->leap_seconds, "\n";
    }
}
PERL

same_output('DateTime::Duration', <<'PERL', min_lines => 30);
sub dur { my $d = shift; return join(',', $d->deltas) . ' | ' . join(',', map { $d->$_ } qw(years months weeks days hours minutes seconds nanoseconds is_positive is_negative is_zero end_of_month_mode)) }
for my $args ([days => 10], [days => -10], [years => 1, months => 14], [weeks => 3, days => 2], [hours => 49, minutes => 75],
              [seconds => 3661], [nanoseconds => 2500000001], [nanoseconds => -2500000001], [seconds => -1, nanoseconds => 500],
              [months => -1], [months => -1, end_of_month => 'limit'], [months => 1, days => -1], [], [years => 2, weeks => 5, hours => 3, minutes => 4, seconds => 5]) {
    my $d = DateTime::Duration->new(@$args);
    print "(@$args) ", dur($d), "\n";
    print '  inverse ', dur($d->inverse), ' calendar ', dur($d->calendar_duration), ' clock ', dur($d->clock_duration), "\n";
    print '  in_units ', join(',', $d->in_units('months', 'days', 'minutes')), ' / ', scalar($d->in_units('weeks')), ' / ', join(',', $d->in_units('hours', 'seconds')), "\n";
    print '  times 3 ', dur($d * 3), ' plus ', dur($d + DateTime::Duration->new(days => 1, minutes => 5)), ' minus ', dur($d - DateTime::Duration->new(hours => 1)), "\n";
}
my $d = DateTime::Duration->new(days => 1);
$d->add(hours => 2)->subtract(minutes => 30);
print dur($d), ' ', dur($d->clone->multiply(-2)), "\n";
my $dt = DateTime->new(year => 2024, month => 1, day => 1);
print DateTime::Duration->compare(DateTime::Duration->new(days => 31), DateTime::Duration->new(months => 1), $dt), "\n";
print DateTime::Duration->compare(DateTime::Duration->new(days => 29), DateTime::Duration->new(months => 1), DateTime->new(year => 2024, month => 2, day => 1)), "\n";
print err($@), "\n" unless eval { DateTime::Duration->new(fortnights => 1) };
print err($@), "\n" unless eval { DateTime::Duration->new(days => 1, end_of_month => 'sometimes') };
print err($@), "\n" unless eval { my $x = $d <=> $d; 1 };
print ref(DateTime->now - DateTime->now), ' ', ref($dt->clone - $dt), "\n";
PERL

done_testing;
