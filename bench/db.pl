#!/usr/bin/perl
# bench/db.pl: the bridge's DBI against the real DBD::Pg, in one run.
#   bash scripts/test-services.sh start && perl bench/db.pl [rows] [insert_rows]
# Fetch: 100 000 rows of 4 columns with fetchrow_arrayref (packed blocks, and
# the same over plain JSON). Insert: 10 000 rows with one execute_array.
# Lookups: 2 000 selectrow_array calls by primary key (statements/s).
# Prints rows/s and bridge/native ratios. Uses the daemon at
# CPAN_BRIDGE_SOCKET if it answers, else starts one from dist/ on a temp socket.
use strict;
use warnings;
use Cwd ();
use File::Basename ();
use File::Spec ();
use Time::HiRes ();
use lib File::Spec->catdir(File::Basename::dirname(__FILE__), 'lib');
use BenchDaemon;

my $ROOT = Cwd::abs_path(File::Spec->catdir(File::Basename::dirname(__FILE__), '..'));
my ($N, $NI) = (shift || 100_000, shift || 10_000);
our $REPEAT = $ENV{BENCH_REPEAT} || 3;

my %env;
if (open my $fh, '<', "$ROOT/.test-services/env") {
    while (<$fh>) { $env{$1} = $2 if /^([A-Z_]+)='?(.*?)'?$/ }
}
my ($dsn, $user, $pass) = @env{qw(CB_PG_DSN CB_PG_USER CB_PG_PASSWORD)};
die "no PostgreSQL test server: run `bash scripts/test-services.sh start`\n" unless $dsn;

my $sock = BenchDaemon::socket_path();

{
    require DBI;
    my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 });
    $dbh->do('SET client_min_messages = warning');
    $dbh->do('DROP TABLE IF EXISTS bench_db');
    $dbh->do('CREATE TABLE bench_db (id INTEGER PRIMARY KEY, name VARCHAR(40), amount NUMERIC(12,2), created TIMESTAMP)');
    $dbh->do(q{INSERT INTO bench_db SELECT g, 'customer ' || g, g * 1.25, TIMESTAMP '2024-01-02 03:04:05' + g * INTERVAL '1 minute' FROM generate_series(1, ?) g}, undef, $N);
    $dbh->do('DROP TABLE IF EXISTS bench_db_ins');
    $dbh->do('CREATE TABLE bench_db_ins (id INTEGER PRIMARY KEY, name VARCHAR(40), amount NUMERIC(12,2), created TIMESTAMP)');
    $dbh->disconnect;
}

sub run {
    my ($side, $what, $n, %e) = @_;
    my @inc = $side eq 'bridge' ? ('-I', "$ROOT/perl/compat", '-I', "$ROOT/perl/lib") : ();
    local $ENV{CPAN_BRIDGE_SOCKET} = $sock;
    local $ENV{CPAN_BRIDGE_AUTOSTART} = 0;
    local @ENV{ keys %e } = values %e;
    my $best;
    for (1 .. $REPEAT) {
        my $out = `$^X @inc $ROOT/bench/db_worker.pl $what '$dsn' '$user' '$pass' $n`;
        die "bench worker ($side $what) failed\n" if $? || $out !~ /^(\d+) ([\d.e-]+)$/;
        my $rate = $1 / $2;
        $best = $rate if !$best || $rate > $best;
    }
    return $best;
}

my %r;
{ local $REPEAT = 1; run('bridge', 'fetch', $N) }    # warm the daemon's JIT, not measured
$r{fetch_native} = run('native', 'fetch', $N);
$r{fetch_bridge} = run('bridge', 'fetch', $N);
$r{fetch_json}   = run('bridge', 'fetch', $N, CPAN_BRIDGE_DBI_PACKED => 0);
$r{ins_native}   = run('native', 'insert', $NI);
$r{ins_bridge}   = run('bridge', 'insert', $NI);
$r{look_native}  = run('native', 'lookup', 2000);
$r{look_bridge}  = run('bridge', 'lookup', 2000);

printf "%-52s %12s %8s\n", 'benchmark (best of ' . $REPEAT . ')', 'rows/s', 'ratio';
printf "%-52s %12.0f %8s\n", "fetch $N x 4 cols, fetchrow_arrayref, real DBD::Pg", $r{fetch_native}, '1.00';
printf "%-52s %12.0f %8.2f\n", "fetch, bridge (packed blocks)", $r{fetch_bridge}, $r{fetch_bridge} / $r{fetch_native};
printf "%-52s %12.0f %8.2f\n", "fetch, bridge (plain JSON blocks)", $r{fetch_json}, $r{fetch_json} / $r{fetch_native};
printf "%-52s %12.0f %8s\n", "insert $NI rows, execute_array, real DBD::Pg", $r{ins_native}, '1.00';
printf "%-52s %12.0f %8.2f\n", "insert, bridge (one packed call)", $r{ins_bridge}, $r{ins_bridge} / $r{ins_native};
printf "%-52s %12.0f %8s\n", "2000 x selectrow_array by key, real DBD::Pg", $r{look_native}, '1.00';
printf "%-52s %12.0f %8.2f\n", "same, bridge (one round trip each)", $r{look_bridge}, $r{look_bridge} / $r{look_native};

{
    require DBI;
    my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 });
    $dbh->do('DROP TABLE IF EXISTS bench_db');
    $dbh->do('DROP TABLE IF EXISTS bench_db_ins');
}
