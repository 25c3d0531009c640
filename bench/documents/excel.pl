#!/usr/bin/perl
# Excel: the Excel::Writer::XLSX facade vs the real module, in one run.
#   1. 100 000 mixed cells (strings, numbers, two formats) written and closed,
#      the same script under the real module and with perl/compat first;
#   2. 1 000 000 cells through the facade: the daemon's peak RSS growth while
#      it holds and saves them (sampled from /proc every 10 ms);
#   3. another client's test.ping latency (p50/p99) while that workbook saves.
# Usage: perl bench/documents/excel.pl [cells=100000] [big=1000000]
# (a daemon at CPAN_BRIDGE_SOCKET, else one started from dist/).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib", "$FindBin::Bin/../../perl/lib";
use BenchDaemon;
use File::Temp ();
use POSIX ();
use Time::HiRes qw(time sleep);

my $cells = $ARGV[0] || 100_000;
my $big = $ARGV[1] || 1_000_000;
my $root = $BenchDaemon::ROOT;
BenchDaemon::socket_path();
my $dpid = BenchDaemon::pid() or die "cannot find the daemon's pid\n";
my $tmp = File::Temp::tempdir('excel-bench-XXXXXX', TMPDIR => 1, CLEANUP => 1);

# the work: $N cells, 10 a row, every 10th row a formatted header, numbers and strings mixed
my $work = q{
    my $wb = Excel::Writer::XLSX->new($FILE) or die "new: $!";
    my $ws = $wb->add_worksheet('Data');
    my $hdr = $wb->add_format(bold => 1, bg_color => 'yellow', border => 1, align => 'center');
    my $money = $wb->add_format(num_format => '#,##0.00', color => 'blue');
    $ws->set_column(0, 9, 14);
    my $rows = int($N / 10);
    for my $r (0 .. $rows - 1) {
        if ($r % 10 == 0) { $ws->write_string($r, $_, "Header $_", $hdr) for 0 .. 9; next }
        for my $c (0 .. 9) {
            if ($c % 3 == 0) { $ws->write($r, $c, "item $r-$c") }
            elsif ($c % 3 == 1) { $ws->write($r, $c, $r * $c + 0.25, $money) }
            else { $ws->write($r, $c, $r + $c) }
        }
    }
    $wb->close or die "close failed";
};

sub script {
    my ($n, $file, $extra) = @_;
    my ($fh, $path) = File::Temp::tempfile(DIR => $tmp, SUFFIX => '.pl');
    print $fh "use strict; use warnings; use Excel::Writer::XLSX; use Time::HiRes qw(time);\n",
        "my \$N = $n; my \$FILE = '$file';\n", ($extra // ''),
        "my \$t0 = time;\n$work\nprint time - \$t0, \"\\n\";\n";
    close $fh;
    return $path;
}

sub run {
    my ($n, $facade, $file) = @_;
    local $ENV{PERL5LIB} = $facade ? "$root/perl/compat:$root/perl/lib" : '';
    my $path = script($n, $file);
    my $out = `$^X $path`;
    die "bench script failed ($facade ? 'facade' : 'real')\n" unless $? == 0 && $out =~ /^([\d.]+)/;
    die "no file written: $file\n" unless -s $file;
    return $1;
}

sub rss_kb { open my $fh, '<', "/proc/$dpid/status" or return 0; while (<$fh>) { return $1 if /^VmRSS:\s+(\d+)/ } return 0 }

printf "daemon pid %d, RSS %.0f MB\n", $dpid, rss_kb() / 1024;

# 1. facade vs real, best of 3 each, alternating
my (@real, @facade);
for my $i (1 .. 3) {
    push @real, run($cells, 0, "$tmp/real$i.xlsx");
    push @facade, run($cells, 1, "$tmp/facade$i.xlsx");
}
my ($r) = sort { $a <=> $b } @real;
my ($f) = sort { $a <=> $b } @facade;
printf "%d cells, new..close: real Excel::Writer::XLSX %.2f s, facade %.2f s: facade %.2fx the real module's speed\n", $cells, $r, $f, $r / $f;

# the same pinger against the idle daemon, for scale (the machine's own noise)
{
    require CPANBridge;
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        my $br = CPANBridge->new; my @lat; my $end = time + 2;
        while (time < $end) { my $t = time; $br->call('test', 'ping', {}); push @lat, (time - $t) * 1000; sleep 0.002 }
        @lat = sort { $a <=> $b } @lat;
        $| = 1;
        printf "test.ping, idle daemon: %d pings, p50 %.2f ms, p99 %.2f ms\n", scalar @lat, $lat[int(@lat * 0.5)], $lat[int(@lat * 0.99)];
        # not exit: BenchDaemon's END block would stop the daemon from this child
        POSIX::_exit(0);
    }
    waitpid $pid, 0;
}

# 2 + 3. the big workbook: RSS sampled throughout, pings during the close
my $base = rss_kb();
my $peak_file = "$tmp/peak.txt";
my $sampler = fork // die "fork: $!";
if (!$sampler) {
    my $peak = 0;
    my $stop = 0;
    local $SIG{TERM} = sub { $stop = 1 };
    until ($stop) { my $k = rss_kb(); $peak = $k if $k > $peak; sleep 0.01 }
    open my $o, '>', $peak_file or die; print $o "$peak\n"; close $o;
    POSIX::_exit(0);
}
my $ping_out = "$tmp/pings.txt";
# the pinger starts when the script reaches close (the save), and stops when close returns
my $extra = q{
    no warnings 'redefine';
    my $orig = \&Excel::Writer::XLSX::Workbook::close;
    *Excel::Writer::XLSX::Workbook::close = sub {
        my $pid = fork // die "fork: $!";
        if (!$pid) {
            require CPANBridge; my $b = CPANBridge->new; my @lat; my $stop = 0;
            local $SIG{TERM} = sub { $stop = 1 };
            while (!$stop) { my $t = time; $b->call('test', 'ping', {}); push @lat, (time - $t) * 1000; Time::HiRes::sleep(0.002) }
            open my $o, '>', $ENV{PING_OUT} or die; print $o "$_\n" for @lat; close $o; exit 0;
        }
        my $t = time; my $ok = $orig->(@_); my $save = time - $t;
        kill 'TERM', $pid; waitpid $pid, 0;
        print STDERR "close took $save s\n";
        return $ok;
    };
};
{
    local $ENV{PERL5LIB} = "$root/perl/compat:$root/perl/lib";
    local $ENV{PING_OUT} = $ping_out;
    my $path = script($big, "$tmp/big.xlsx", $extra);
    my $out = `$^X $path`;
    die "big bench script failed\n" unless $? == 0 && $out =~ /^([\d.]+)/;
    printf "%d cells through the facade, new..close: %.2f s (%.1f MB file)\n", $big, $1, (-s "$tmp/big.xlsx") / 1048576;
}
kill 'TERM', $sampler;
waitpid $sampler, 0;
open my $pf, '<', $peak_file or die "no RSS samples\n";
my $peak = <$pf>;
chomp $peak;
printf "daemon RSS before %.0f MB, peak %.0f MB: growth %.0f MB for %d cells\n", $base / 1024, $peak / 1024, ($peak - $base) / 1024, $big;
open my $p, '<', $ping_out or die "no ping samples\n";
my @lat = sort { $a <=> $b } map { chomp; $_ } <$p>;
die "no ping samples\n" unless @lat;
printf "test.ping from another client during the save: %d pings, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    scalar @lat, $lat[int(@lat * 0.5)], $lat[int(@lat * 0.99)], $lat[-1];
