# Differential: time zones, DST edges and epoch round trips, real DateTime 1.59 vs the facade.
use strict;
use warnings;
use lib 'perl/t/lib';
use Test::More;
use BridgeTest qw(root);
use DateTimeDiff;

my $ZONES = 'qw(America/New_York Europe/London Europe/Berlin Australia/Sydney Asia/Kolkata Pacific/Chatham
    America/Sao_Paulo Europe/Dublin Australia/Lord_Howe America/St_Johns Asia/Kathmandu Pacific/Kiritimati
    America/Phoenix America/Los_Angeles Asia/Tokyo Africa/Johannesburg America/Santiago Pacific/Auckland
    Europe/Moscow America/Havana)';

# Transitions found by each implementation itself (6-hourly scan, then bisection).
my $FIND = <<'PERL';
sub transitions {
    my ($z, $year) = @_;
    my $from = DateTime->new(year => $year, time_zone => 'UTC')->epoch;
    my $to = DateTime->new(year => $year + 1, time_zone => 'UTC')->epoch;
    my ($prev, @t);
    for (my $e = $from; $e < $to; $e += 6 * 3600) {
        my $o = DateTime->from_epoch(epoch => $e, time_zone => $z)->offset;
        if (defined $prev && $o != $prev) {
            my ($lo, $hi) = ($e - 6 * 3600, $e);
            while ($hi - $lo > 1) {
                my $m = int(($lo + $hi) / 2);
                if (DateTime->from_epoch(epoch => $m, time_zone => $z)->offset == $prev) { $lo = $m } else { $hi = $m }
            }
            push @t, $hi;
        }
        $prev = $o;
    }
    return @t;
}
PERL

same_output('instants around every transition', $FIND . <<"PERL", min_lines => 400);
for my \$z ($ZONES) {
    for my \$year (1975, 2000, 2018, 2024, 2037) {
        my \@t = transitions(\$z, \$year);
        print "\$z \$year: ", scalar(\@t), " transitions\\n";
        for my \$t (\@t) {
            print "  \$_ ", show(DateTime->from_epoch(epoch => \$t + \$_, time_zone => \$z)), "\\n" for -1, 0, 1;
        }
    }
}
PERL

same_output('local times around every transition', $FIND . <<"PERL", min_lines => 800);
for my \$z ($ZONES) {
    for my \$year (2000, 2024) {
        for my \$t (transitions(\$z, \$year)) {
            my \$before = DateTime->from_epoch(epoch => \$t - 1, time_zone => \$z);
            my \$base = \$before->clone->set_time_zone('floating')->truncate(to => 'hour')->subtract(hours => 1);
            for my \$step (0 .. 16) {
                my \$l = \$base->clone->add(minutes => 15 * \$step);
                my %f = map { \$_ => \$l->\$_ } qw(year month day hour minute second);
                print "\$z ", \$l->iso8601, " => ", try_show(sub { DateTime->new(%f, time_zone => \$z) }), "\\n";
            }
        }
    }
}
PERL

same_output('a year of instants in many zones', <<"PERL", min_lines => 2000);
my \$e = DateTime->new(year => 2024, time_zone => 'UTC')->epoch;
for my \$z ($ZONES, 'UTC', 'floating', '+0530', '-0330', 'Etc/GMT+5', 'US/Eastern', 'GMT') {
    for (my \$i = 0; \$i < 366 * 24; \$i += 97) {
        print "\$z ", show(DateTime->from_epoch(epoch => \$e + \$i * 3600 + 7, time_zone => \$z)), "\\n";
    }
}
PERL

same_output('epoch round trips, negative and fractional epochs', <<'PERL', min_lines => 80);
for my $e (0, 1, -1, 59, -59, 86399, -86401, 951782400, 1e9, 2**31 - 1, 2**31, -2**31, 4102444800, -2208988800,
           -62135596800, 253402300799, 1.5, -1.5, 0.25, -0.000001, 1234567890.123456, -1234567890.987654) {
    my $dt = DateTime->from_epoch(epoch => $e);
    my $back = DateTime->new((map { $_ => $dt->$_ } qw(year month day hour minute second nanosecond)), time_zone => 'UTC');
    print "$e => ", show($dt), ' hires ', sprintf('%.6f', $dt->hires_epoch), ' back ', $back->epoch, "\n";
    for my $z (qw(America/New_York Asia/Kolkata Pacific/Chatham)) {
        my $z1 = DateTime->from_epoch(epoch => $e, time_zone => $z);
        print "  $z ", show($z1), ' same epoch: ', ($z1->epoch == $dt->epoch ? 1 : 0), "\n";
    }
}
print show(DateTime->from_epoch(1700000000)), "\n";
PERL

same_output('set_time_zone chains and floating', <<'PERL', min_lines => 15);
my $dt = DateTime->new(year => 2024, month => 3, day => 31, hour => 1, minute => 30, time_zone => 'floating');
print show($dt), "\n";
for my $z (qw(Europe/London Europe/Berlin UTC floating America/New_York Asia/Kolkata +0100 floating Australia/Sydney)) {
    my $r = eval { $dt->set_time_zone($z); show($dt) };
    print "$z: ", ($@ ? err($@) : $r), "\n";
}
my $f = DateTime->new(year => 2024, month => 3, day => 31, hour => 2, minute => 30);
print "gap from floating: ", (eval { $f->clone->set_time_zone('Europe/London'); 1 } ? 'ok' : err($@)), "\n";
my $tz = DateTime::TimeZone->new(name => 'America/New_York');
print join(' ', $tz->name, $tz->is_floating, $tz->is_utc, $tz->is_olson, $tz->category), "\n";
my $u = DateTime::TimeZone->new(name => 'UTC');
print join(' ', $u->name, $u->is_floating, $u->is_utc), "\n";
print DateTime::TimeZone->offset_as_string($_), ' ' for (0, 3600, -12600, 20700, 45296);
print "\n";
print DateTime->new(year => 2024, month => 7, day => 1, time_zone => $tz)->time_zone_long_name, "\n";
print err($@), "\n" unless eval { DateTime->now(time_zone => 'Mars/Olympus_Mons') };
print err($@), "\n" unless eval { DateTime::TimeZone->new(name => 'Not/AZone') };
PERL

# 'local' is resolved from TZ (when it names a zone), then /etc/localtime.
for my $tz ('', 'Asia/Tokyo', ':America/New_York', 'EST5EDT', 'Invalid/Zone', 'GMT', 'Europe/London') {
    local $ENV{TZ} = $tz;
    same_output("time_zone => 'local' with TZ='$tz'", <<'PERL', min_lines => 2);
my $dt = DateTime->new(year => 2024, month => 7, day => 1, hour => 12, time_zone => 'local');
print show($dt), "\n";
print show(DateTime->from_epoch(epoch => 1e9, time_zone => 'local')), "\n";
PERL
}

done_testing;
