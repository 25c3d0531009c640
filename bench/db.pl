#!/usr/bin/perl
# bench/db.pl: the bridge's DBI against the real DBD, per driver, in one run.
#   bash scripts/test-services.sh start
#   perl bench/db.pl [--drivers=pg,mariadb,mysql,sqlite] [--lookups=N] [rows] [insert_rows]
# Per driver: fetch `rows` (100 000) rows x 4 columns with fetchrow_arrayref
# and with fetchrow_hashref; N (2 000) selectrow_array by primary key; N
# autocommitted do('UPDATE ... WHERE id = ?'); execute_array of `insert_rows`
# (10 000) rows; the daemon's RSS while the bridge fetches. Each figure is the
# best of BENCH_REPEAT (3) runs, a fresh Perl process per run, the native and
# bridge runs of a benchmark alternating; a warm-up run per driver first.
# Drivers by default: every one configured in .test-services/env, and SQLite
# (a temp file) always. Prints a table, then one JSON line with every figure.
# Progress goes to stderr (BENCH_QUIET=1: none). Uses the daemon at
# CPAN_BRIDGE_SOCKET if it answers, else starts one from dist/ on a temp socket.
use strict;
use warnings;
use Cwd ();
use File::Basename ();
use File::Spec ();
use File::Temp ();
use IO::Select ();
use JSON::PP ();
use POSIX ();
use Time::HiRes ();
use lib File::Spec->catdir(File::Basename::dirname(__FILE__), 'lib');
use BenchDaemon;

my $ROOT = Cwd::abs_path(File::Spec->catdir(File::Basename::dirname(__FILE__), '..'));
my $T_START = Time::HiRes::time();

my (%opt, @pos);
for (@ARGV) {
    if (/^--drivers=(.*)$/) { $opt{drivers} = [ split /,/, lc $1 ] }
    elsif (/^--lookups=(\d+)$/) { $opt{lookups} = $1 }
    elsif (/^\d+$/) { push @pos, $_ }
    else { die "usage: perl bench/db.pl [--drivers=pg,mariadb,mysql,sqlite] [--lookups=N] [rows] [insert_rows]\n" }
}
my ($N, $NI) = (0 + ($pos[0] || 100_000), 0 + ($pos[1] || 10_000));
my $NL = 0 + ($opt{lookups} || 2000);
my $REPEAT = $ENV{BENCH_REPEAT} || 3;
# a benchmark stops repeating once its runs took this long (SQLite's
# execute_array commits each row natively: ~10 s a run), so a full run stays
# near 3 minutes; the table says how many runs each figure is the best of
my $BUDGET = $ENV{BENCH_BUDGET_S} || 8;

my %env;
if (open my $fh, '<', "$ROOT/.test-services/env") {
    while (<$fh>) { $env{$1} = $2 if /^([A-Z_]+)='?(.*?)'?$/ }
}
my $tmp = File::Temp::tempdir('cpan-bridge-bench-db-XXXXXX', TMPDIR => 1, CLEANUP => 1);

# name => [label, dsn, user, password]; SQLite needs no server
my %DRIVERS = (
    pg      => [ 'DBD::Pg',      @env{qw(CB_PG_DSN CB_PG_USER CB_PG_PASSWORD)} ],
    mariadb => [ 'DBD::MariaDB', @env{qw(CB_MARIADB_DSN CB_MYSQL_USER CB_MYSQL_PASSWORD)} ],
    mysql   => [ 'DBD::mysql',   @env{qw(CB_MYSQL_DSN CB_MYSQL_USER CB_MYSQL_PASSWORD)} ],
    sqlite  => [ 'DBD::SQLite',  "dbi:SQLite:dbname=$tmp/bench.db", '', '' ],
);
my @ORDER = qw(pg mariadb mysql sqlite);
my @drivers = $opt{drivers} ? @{ $opt{drivers} } : grep { $DRIVERS{$_}[1] } @ORDER;
for (@drivers) {
    die "unknown driver '$_' (known: @ORDER)\n" unless $DRIVERS{$_};
    die "no $DRIVERS{$_}[0] test server configured: run `bash scripts/test-services.sh start`\n" unless $DRIVERS{$_}[1];
}

# The issue's targets (bridge/native): against DBD::Pg, and for DBD::SQLite,
# which runs in-process, lower ones. Printed, never enforced.
my %TARGET = (
    pg     => { fetch_arrayref => 0.5, fetch_hashref => 0.5, selectrow_array => 0.5, do_update => 0.5 },
    sqlite => { fetch_arrayref => 0.3, fetch_hashref => 0.3, selectrow_array => 0.1 },
);

my $sock = BenchDaemon::socket_path();
my $daemon_pid = BenchDaemon::pid();

my %ready;    # drivers whose tables exist, dropped at the end even after a failure
END { drop_tables($_) for keys %ready }
$SIG{INT} = $SIG{TERM} = sub { exit 130 };    # so END drops the tables and File::Temp removes the SQLite file

sub dbh_for {
    my ($d) = @_;
    require DBI;
    my (undef, $dsn, $user, $pass) = @{ $DRIVERS{$d} };
    return DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0, AutoCommit => 1 });
}

sub drop_tables {
    my ($d) = @_;
    my $dbh = eval { dbh_for($d) } or return;
    eval { $dbh->do("DROP TABLE IF EXISTS $_") } for qw(bench_db bench_db_ins);
    $dbh->disconnect;
    delete $ready{$d};
}

sub setup {
    my ($d) = @_;
    my $dbh = dbh_for($d);
    $dbh->do('SET client_min_messages = warning') if $d eq 'pg';
    $dbh->do("DROP TABLE IF EXISTS $_") for qw(bench_db bench_db_ins);
    $ready{$d} = 1;
    my $ts = $d eq 'pg' ? 'TIMESTAMP' : $d eq 'sqlite' ? 'TEXT' : 'DATETIME';
    for my $t (qw(bench_db bench_db_ins)) {
        $dbh->do("CREATE TABLE $t (id INTEGER PRIMARY KEY, name VARCHAR(40), amount NUMERIC(12,2), created $ts)");
    }
    if ($d eq 'pg') {
        $dbh->do(q{INSERT INTO bench_db SELECT g, 'customer ' || g, g * 1.25, TIMESTAMP '2024-01-02 03:04:05' + g * INTERVAL '1 minute' FROM generate_series(1, ?) g}, undef, $N);
    } elsif ($d eq 'sqlite') {
        $dbh->do(qq{WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < $N) INSERT INTO bench_db SELECT x, 'customer ' || x, x * 1.25, datetime('2024-01-02 03:04:05', '+' || x || ' minutes') FROM g});
    } else {
        # multi-row INSERTs: no sequence table or recursive CTE needed on MySQL or MariaDB
        my $base = 1704164645;    # 2024-01-02 03:04:05 UTC
        for (my $lo = 1; $lo <= $N; $lo += 1000) {
            my $hi = $lo + 999 > $N ? $N : $lo + 999;
            $dbh->do('INSERT INTO bench_db VALUES ' . join ',', map {
                sprintf "(%d, 'customer %d', %.2f, '%s')", $_, $_, $_ * 1.25, POSIX::strftime('%Y-%m-%d %H:%M:%S', gmtime($base + 60 * $_))
            } $lo .. $hi);
        }
    }
    my ($count) = $dbh->selectrow_array('SELECT COUNT(*) FROM bench_db');
    die "$DRIVERS{$d}[0]: bench_db has $count rows, expected $N\n" unless $count == $N;
    $dbh->disconnect;
}

sub status_kb {
    my ($field) = @_;
    return unless $daemon_pid && open my $fh, '<', "/proc/$daemon_pid/status";
    while (<$fh>) { return $1 if /^\Q$field\E:\s+(\d+)\s+kB/ }
    return;
}

# One worker run; returns count/second. $sample, if given, is called every
# 5 ms while the worker runs (the daemon's RSS).
sub run_worker {
    my ($side, $what, $d, $n, $sample, %e) = @_;
    my (undef, $dsn, $user, $pass) = @{ $DRIVERS{$d} };
    my @inc = $side eq 'native' ? () : ('-I', "$ROOT/perl/compat", '-I', "$ROOT/perl/lib");
    local @ENV{qw(CB_BENCH_USER CB_BENCH_PASSWORD CB_BENCH_TABLE_ROWS)} = ($user, $pass, $N);
    local @ENV{ keys %e } = values %e;
    my $err = File::Temp->new(DIR => $tmp);
    my $pid = open my $fh, '-|';
    die "fork: $!\n" unless defined $pid;
    if (!$pid) {
        open STDERR, '>&', $err or die "stderr: $!";
        { no warnings 'exec'; exec $^X, @inc, "$ROOT/bench/db_worker.pl", $what, $d, $dsn, $n }
        print STDERR "exec $^X: $!\n";
        POSIX::_exit(127);    # not exit: the parent's END would drop the tables
    }
    my ($out, $sel) = ('', IO::Select->new($fh));
    while (1) {
        if ($sel->can_read($sample ? 0.005 : 60)) {
            my $k = sysread $fh, my $buf, 4096;
            last unless $k;
            $out .= $buf;
        }
        $sample->() if $sample;
    }
    close $fh;
    my $status = $?;
    if ($status || $out !~ /^(\d+) ([\d.e-]+)$/ || $2 <= 0) {
        my $msg = do { local $/; open my $r, '<', $err->filename; <$r> } // '';
        $msg =~ s/\s+\z//;
        die sprintf "bench worker failed: %s %s on %s (exit %d)%s\n", $side, $what, $DRIVERS{$d}[0], $status >> 8,
            length $msg ? ":\n  $msg" : ", printed '$out'";
    }
    return $1 / $2;
}

my (%R, @rows, @rss);    # figures for the JSON line; lines for the table

sub fmt_rate { my $s = sprintf '%.0f', shift; 1 while $s =~ s/^(\d+)(\d{3})/$1 $2/; $s }

sub line {
    my ($d, $label, $runs, $native, $bridge, $target) = @_;
    my $ratio = $bridge / $native;
    my $t = defined $target ? sprintf('>= %.2f %s', $target, $ratio >= $target ? 'ok' : 'MISS') : '';
    push @rows, [ $DRIVERS{$d}[0], $label, $runs, fmt_rate($native), fmt_rate($bridge), sprintf('%.2fx', $ratio), $t ];
    printf STDERR "  %-12s %-44s %s %12s %12s %7s %s\n", @{ $rows[-1] } unless $ENV{BENCH_QUIET};
    return $ratio;
}

# key, worker benchmark, count, table label, unit
my @BENCH = (
    [ fetch_arrayref  => fetch      => $N,  "fetch $N x 4 cols, fetchrow_arrayref", 'rows/s' ],
    [ fetch_hashref   => fetch_hash => $N,  "fetch $N x 4 cols, fetchrow_hashref",  'rows/s' ],
    [ selectrow_array => lookup     => $NL, "$NL x selectrow_array by key",         'stmts/s' ],
    [ do_update       => update     => $NL, "$NL x do(UPDATE ... WHERE id = ?)",     'stmts/s' ],
    [ execute_array   => insert     => $NI, "execute_array, $NI rows",               'rows/s' ],
);

for my $d (@drivers) {
    print STDERR "$DRIVERS{$d}[0]: setting up $N rows\n";
    setup($d);
    # not measured: the daemon's JIT and driver import, the server's caches
    run_worker($_, 'warm', $d, $N) for qw(native bridge);
    for my $b (@BENCH) {
        my ($key, $what, $n, $label, $unit) = @$b;
        my $fetch = $what =~ /^fetch/;
        my $json = $d eq 'pg' && $key eq 'fetch_arrayref';
        my ($rss_peak, $rss_before, $hwm_reset) = (0);
        if ($fetch && $daemon_pid) {
            $rss_before = status_kb('VmRSS');
            # writing 5 to clear_refs resets VmHWM, so the one read afterwards is this benchmark's peak
            $hwm_reset = open(my $cr, '>', "/proc/$daemon_pid/clear_refs");
            $hwm_reset &&= print($cr "5\n") && close($cr);
        }
        my $sample = $fetch && $daemon_pid ? sub { my $k = status_kb('VmRSS'); $rss_peak = $k if $k && $k > $rss_peak } : undef;
        my ($native, $bridge, $plain, $runs) = (0, 0, 0, 0);
        my $t0 = Time::HiRes::time();
        while ($runs < $REPEAT && ($runs == 0 || Time::HiRes::time() - $t0 < $BUDGET)) {
            $runs++;
            my $r = run_worker('native', $what, $d, $n);
            $native = $r if $r > $native;
            $r = run_worker('bridge', $what, $d, $n, $sample);
            $bridge = $r if $r > $bridge;
            if ($json) {
                $r = run_worker('bridge', $what, $d, $n, undef, CPAN_BRIDGE_DBI_PACKED => 0);
                $plain = $r if $r > $plain;
            }
        }
        my $target = $TARGET{$d} && $TARGET{$d}{$key};
        my $ratio = line($d, $label, $runs, $native, $bridge, $target);
        $R{$d}{$key} = { unit => $unit, runs => $runs, native => 0 + sprintf('%.0f', $native), bridge => 0 + sprintf('%.0f', $bridge),
            ratio => 0 + sprintf('%.3f', $ratio), (defined $target ? (target => $target) : ()) };
        if ($json) {
            my $ratio = line($d, 'same, bridge over plain JSON blocks', $runs, $native, $plain);
            $R{$d}{fetch_arrayref_plain_json} = { unit => $unit, runs => $runs, native => 0 + sprintf('%.0f', $native),
                bridge => 0 + sprintf('%.0f', $plain), ratio => 0 + sprintf('%.3f', $ratio) };
        }
        if ($fetch && $daemon_pid) {
            my $hwm = $hwm_reset ? status_kb('VmHWM') : undef;
            my %mb = (before => $rss_before, peak_sampled => $rss_peak, ($hwm ? (vm_hwm => $hwm) : ()));
            $_ = 0 + sprintf('%.1f', $_ / 1024) for values %mb;
            $R{$d}{"daemon_rss_mb_$key"} = \%mb;
            push @rss, [ $DRIVERS{$d}[0], $key =~ s/^fetch_/fetchrow_/r, sprintf('%.1f', $mb{before}), sprintf('%.1f', $mb{peak_sampled}),
                sprintf('+%.1f', $mb{peak_sampled} - $mb{before}), $hwm ? sprintf('%.1f', $mb{vm_hwm}) : 'n/a' ];
        }
    }
    drop_tables($d);
}

my $elapsed = Time::HiRes::time() - $T_START;
sub table {
    my ($head, $rows, $left) = @_;    # $left: columns aligned left
    my @w = map { my $i = $_; my $m = length $head->[$i]; for my $r (@$rows) { $m = length $r->[$i] if length $r->[$i] > $m } $m } 0 .. $#$head;
    my $f = join(' ', map { $left->{$_} ? "%-$w[$_]s" : "%$w[$_]s" } 0 .. $#$head);
    my $out = '';
    $out .= sprintf("$f\n", @$_) =~ s/ +$//r for $head, [ map { '-' x $_ } @w ], @$rows;
    return $out;
}
print table([ 'driver', 'benchmark', 'best of', 'native/s', 'bridge/s', 'ratio', 'target' ], \@rows, { 0 => 1, 1 => 1, 6 => 1 });
print "\n", table([ 'driver', "daemon RSS (MB) during the bridge's $N-row fetch", 'before', 'peak', 'growth', 'VmHWM' ], \@rss, { 0 => 1, 1 => 1 })
    if @rss;
printf "(native/s, bridge/s: rows/s for fetch and execute_array, statements/s for selectrow_array and do;\n"
    . " peak: VmRSS sampled every 5 ms; VmHWM: the kernel's peak, reset before the fetch; daemon pid %s; %.0f s)\n",
    $daemon_pid // 'unknown', $elapsed;
print JSON::PP->new->canonical->encode({
    bench => 'db', repeat => $REPEAT, rows => $N, insert_rows => $NI, statements => $NL,
    seconds => 0 + sprintf('%.1f', $elapsed), results => \%R,
}), "\n";
