#!/usr/bin/perl
# DateTime facade vs the real DateTime 1.59: the same loops in two child
# perls (system @INC, then perl/compat first); calls/s and ratios printed.
# Usage: CPAN_BRIDGE_SOCKET=/path/to.sock perl bench/datetime.pl
use strict;
use warnings;
use FindBin;
use Time::HiRes qw(time);
use File::Temp ();

my $root = "$FindBin::Bin/..";
my $N = $ENV{BENCH_N} || 20000;
my @work = (
    ['DateTime->now->strftime(...) (UTC)', q{ my $s = DateTime->now->strftime('%Y-%m-%d %H:%M:%S') for 1 .. N }],
    ['DateTime->now(time_zone => America/New_York)->strftime(...)', q{ my $s = DateTime->now(time_zone => 'America/New_York')->strftime('%F %T %Z') for 1 .. N }],
    ['$dt->add(days => 1) (UTC)', q{ my $dt = DateTime->new(year => 2000, time_zone => 'UTC'); $dt->add(days => 1) for 1 .. N }],
    ['$dt->add(days => 1) (Europe/Berlin, crosses DST twice a year)', q{ my $dt = DateTime->new(year => 2000, time_zone => 'Europe/Berlin'); $dt->add(days => 1) for 1 .. N }],
    ['from_epoch + ymd + hms (Asia/Kolkata)', q{ for my $i (1 .. N) { my $d = DateTime->from_epoch(epoch => 1e9 + $i * 3607, time_zone => 'Asia/Kolkata'); my $s = $d->ymd . $d->hms } }],
    ['sort 2000 DateTimes x (N/2000)', q{ my @d = map { DateTime->from_epoch(epoch => ($_ * 7919) % 100003) } 1 .. 2000; for (1 .. N / 2000) { my @s = sort { $a <=> $b } @d } }],
);

sub run {
    my ($code, $facade) = @_;
    local $ENV{PERL5LIB} = $facade ? "$root/perl/compat:$root/perl/lib" : '';
    $code =~ s/\bN\b/$N/g;
    my $script = File::Temp->new(SUFFIX => '.pl');
    # Load and warm up (zone data, first daemon call) before the clock starts.
    print $script "use strict; use warnings; use DateTime; use Time::HiRes qw(time);\n"
        . "DateTime->now(time_zone => \$_) for qw(America/New_York Europe/Berlin Asia/Kolkata);\n"
        . "my \$t = time; { $code } printf '%.6f', time - \$t;\n";
    close $script;
    my $out = `$^X $script`;
    die "bench script failed: $?" if $?;
    return $out;
}

printf "%-62s %14s %14s %8s\n", "loop of $N", 'real calls/s', 'facade calls/s', 'ratio';
for my $w (@work) {
    my ($name, $code) = @$w;
    my $real = run($code, 0);
    my $facade = run($code, 1);
    printf "%-62s %14.0f %14.0f %7.2fx\n", $name, $N / $real, $N / $facade, $real / $facade;
}
