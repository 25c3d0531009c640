# Differential: add/subtract (DST, end_of_month modes, leap days, year ends),
# truncate, set, real DateTime 1.59 vs the facade.
use strict;
use warnings;
use lib 'perl/t/lib';
use Test::More;
use BridgeTest qw(root);
use DateTimeDiff;

same_output('month ends in every end_of_month mode', <<'PERL', min_lines => 500);
for my $start ([2024, 1, 31], [2024, 1, 30], [2024, 1, 29], [2024, 2, 29], [2023, 2, 28], [2024, 3, 31], [2024, 4, 30],
               [2023, 12, 31], [2024, 8, 31], [2000, 2, 29], [1900, 2, 28], [2024, 5, 15]) {
    my $dt = DateTime->new(year => $start->[0], month => $start->[1], day => $start->[2], hour => 10, time_zone => 'UTC');
    for my $n (1, 2, 3, 11, 12, 13, 25, 48, -1, -2, -12, -13) {
        for my $mode (undef, qw(wrap limit preserve)) {
            my @eom = defined $mode ? (end_of_month => $mode) : ();
            my $m = defined $mode ? $mode : 'default';
            print $dt->ymd, " +$n months $m: ", $dt->clone->add(months => $n, @eom)->ymd,
                  " | -: ", $dt->clone->subtract(months => $n, @eom)->ymd,
                  " | years: ", $dt->clone->add(years => $n, @eom)->ymd, "\n";
        }
    }
}
PERL

same_output('days, weeks, hours, minutes, seconds across DST', <<'PERL', min_lines => 400);
my @zones = qw(America/New_York Europe/London Europe/Berlin Australia/Sydney Asia/Kolkata Pacific/Chatham
               America/Sao_Paulo Australia/Lord_Howe floating UTC);
my @starts = ([2024, 3, 9, 2, 30], [2024, 3, 10, 1, 59], [2024, 3, 30, 2, 30], [2024, 3, 31, 0, 30], [2024, 10, 26, 2, 30],
              [2024, 11, 2, 1, 30], [2024, 4, 6, 2, 30], [2024, 10, 5, 2, 30], [2024, 9, 28, 2, 45], [2018, 11, 3, 0, 0],
              [2024, 12, 31, 23, 59], [2024, 2, 28, 12, 0]);
for my $z (@zones) {
    for my $s (@starts) {
        my $dt = eval { DateTime->new(year => $s->[0], month => $s->[1], day => $s->[2], hour => $s->[3], minute => $s->[4], second => 30, time_zone => $z) };
        if (!$dt) { print "$z @$s: ", err($@), "\n"; next }
        for my $op ([days => 1], [days => -1], [days => 2], [weeks => 1], [hours => 1], [hours => 24], [hours => -3],
                    [minutes => 90], [seconds => 3600], [seconds => -86400], [nanoseconds => 1500000000],
                    [days => 1, hours => 1], [months => 1, days => 1, minutes => 1], [years => 1]) {
            print "$z ", $dt->iso8601, " add(@$op) => ", try_show(sub { $dt->clone->add(@$op) }),
                  " | subtract => ", try_show(sub { $dt->clone->subtract(@$op) }), "\n";
        }
    }
}
PERL

same_output('add_duration, overloads and a failed add leaves the object alone', <<'PERL', min_lines => 10);
my $dt = DateTime->new(year => 2024, month => 3, day => 9, hour => 2, minute => 30, time_zone => 'America/New_York');
my $d = DateTime::Duration->new(days => 1);
print try_show(sub { $dt->clone->add_duration($d) }), "\n";
print "after failed add: ", show($dt), "\n";
my $ok = DateTime->new(year => 2024, month => 1, day => 31, time_zone => 'Europe/Berlin');
print show($ok + DateTime::Duration->new(months => 1)), "\n";
print show($ok - DateTime::Duration->new(weeks => 2, hours => 5)), "\n";
print show($ok), "\n";
print show($ok->clone->subtract_duration(DateTime::Duration->new(months => 1, end_of_month => 'limit'))), "\n";
my $x = $ok->clone; $x->add(DateTime::Duration->new(minutes => 61)); print show($x), "\n";
print err($@), "\n" unless eval { my $y = $ok + 5; 1 };
print err($@), "\n" unless eval { $ok->add(bogus => 1); 1 };
print ref($ok->add(days => 0)), "\n";
PERL

same_output('truncate, set, today/last_day_of_month', <<'PERL', min_lines => 80);
for my $z (qw(UTC America/New_York Australia/Lord_Howe Asia/Kolkata floating)) {
    my $dt = DateTime->new(year => 2024, month => 11, day => 3, hour => 1, minute => 47, second => 13, nanosecond => 123456789, time_zone => $z);
    for my $to (qw(year quarter month week local_week day hour minute second)) {
        print "$z $to ", try_show(sub { $dt->clone->truncate(to => $to) }), "\n";
    }
    print "$z bad ", err($@), "\n" unless eval { $dt->clone->truncate(to => 'fortnight') };
    print "$z set ", try_show(sub { $dt->clone->set(month => 2, day => 29) }), "\n";
    print "$z set bad ", try_show(sub { $dt->clone->set(month => 2, day => 30) }), "\n";
    print "$z set_hour ", try_show(sub { $dt->clone->set_hour(0)->set_minute(5) }), "\n";
    print "$z set gap ", try_show(sub { $dt->clone->set(month => 3, day => 10, hour => 2, minute => 30) }), "\n";
}
my $gap = DateTime->new(year => 2024, month => 3, day => 10, hour => 3, minute => 30, time_zone => 'America/New_York');
print "truncate into nothing: ", try_show(sub { $gap->clone->truncate(to => 'hour') }), "\n";
for my $y (1900, 2000, 2023, 2024, 2100) {
    for my $m (1 .. 12) {
        my $l = DateTime->last_day_of_month(year => $y, month => $m, hour => 5, time_zone => 'Europe/London');
        print "ldom $y-$m ", show($l), ' ', $l->is_leap_year, ' ', $l->month_length, ' ', $l->is_last_day_of_month, "\n";
    }
}
print show(DateTime->from_day_of_year(year => 2024, day_of_year => 366)), "\n";
my $t = DateTime->today(time_zone => 'Asia/Tokyo');
print $t->hms, ' ', $t->nanosecond, ' ', $t->time_zone->name, "\n";
my $n = DateTime->now;
print abs($n->epoch - time) <= 2 ? "now ok\n" : "now off\n";
print $n->time_zone->name, ' ', $n->nanosecond, "\n";
PERL

same_output('years, leap days and year ends', <<'PERL', min_lines => 60);
for my $y (1600, 1700, 1899, 1900, 1969, 1970, 1999, 2000, 2004, 2023, 2024, 2038, 2100, 2400) {
    for my $md ([2, 28], [2, 29], [12, 31], [1, 1], [3, 1]) {
        my $dt = eval { DateTime->new(year => $y, month => $md->[0], day => $md->[1], hour => 23, minute => 59, second => 59) };
        if (!$dt) { print "$y-@$md ", err($@), "\n"; next }
        print join(' ', $dt->ymd, $dt->is_leap_year, $dt->day_of_year, $dt->day_of_week, $dt->week_year, $dt->week_number,
            $dt->clone->add(seconds => 1)->iso8601, $dt->clone->add(years => 1)->ymd, $dt->clone->add(years => 4)->ymd,
            $dt->clone->subtract(years => 1, end_of_month => 'limit')->ymd, $dt->clone->add(days => 365)->ymd,
            $dt->quarter, $dt->day_of_quarter, $dt->week_of_month, $dt->weekday_of_month, $dt->epoch), "\n";
    }
}
PERL

same_output('leap seconds: :60, seconds arithmetic counts them, minutes and days do not', <<'PERL', min_lines => 300);
my @leap = ([1972, 6, 30], [1972, 12, 31], [1979, 12, 31], [1981, 6, 30], [1987, 12, 31], [1998, 12, 31], [2005, 12, 31],
            [2008, 12, 31], [2012, 6, 30], [2015, 6, 30], [2016, 12, 31]);
for my $l (@leap) {
    # Not a half-hour zone: DateTime 1.59 shows Kolkata's leap second as 04:59:60 instead of 05:29:60.
    for my $z (qw(UTC America/New_York Europe/Berlin floating)) {
        my $last = DateTime->new(year => $l->[0], month => $l->[1], day => $l->[2], hour => 23, minute => 59, second => 59, time_zone => 'UTC');
        my $dt = $last->clone->set_time_zone($z);
        for my $n (1, 2, 3, -1, 86400, -86400, 31536000) {
            print "$z ", $dt->iso8601, " +${n}s ", try_show(sub { $dt->clone->add(seconds => $n) }), "\n";
        }
        my $leap = eval { $last->clone->add(seconds => 1)->set_time_zone($z) };
        next unless $leap;
        print "  leap ", show($leap), ' ', join(',', $leap->utc_rd_values), ' ', $leap->leap_seconds, ' ', $leap->strftime('%S %s %T'), "\n";
        print '  +1m ', try_show(sub { $leap->clone->add(minutes => 1) }), ' +1d ', try_show(sub { $leap->clone->add(days => 1) }),
              ' -1s ', try_show(sub { $leap->clone->subtract(seconds => 1) }), ' +500ms ', try_show(sub { $leap->clone->add(nanoseconds => 5e8) }), "\n";
        print '  cmp ', join(' ', $leap <=> $last, $last <=> $leap, $leap <=> $last->clone->add(seconds => 2)), "\n";
        print '  diff ', join(',', ($leap - $last)->deltas), ' / ', join(',', ($last->clone->add(seconds => 2) - $last->clone->subtract(seconds => 30))->deltas),
              ' / ', join(',', $last->clone->add(seconds => 2)->subtract_datetime_absolute($last->clone->subtract(seconds => 30))->deltas), "\n";
        my %f = map { $_ => $leap->$_ } qw(year month day hour minute second);
        print '  new ', try_show(sub { DateTime->new(%f, time_zone => $z) }), ' truncate ', try_show(sub { $leap->clone->truncate(to => 'minute') }), "\n";
    }
}
print try_show(sub { DateTime->new(year => 2016, month => 12, day => 30, hour => 23, minute => 59, second => 60, time_zone => 'UTC') }), "\n";
print try_show(sub { DateTime->new(year => 2016, month => 12, day => 31, hour => 23, minute => 59, second => 61, time_zone => 'UTC') }), "\n";
print try_show(sub { DateTime->new(year => 2000, time_zone => 'Europe/Paris')->add(seconds => 1_000_000_000) }), "\n";
print try_show(sub { DateTime->new(year => 2024, time_zone => 'UTC')->subtract(seconds => 2_000_000_000, nanoseconds => 7) }), "\n";
PERL

done_testing;
