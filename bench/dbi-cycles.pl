#!/usr/bin/perl
# bench/dbi-cycles.pl: what the normal DBI loop leaves in the daemon (issue 11, item 3).
#   perl bench/dbi-cycles.pl [cycles] [dsn user password]
# One process runs `cycles` (default 20 000) connect / prepare / execute /
# fetch / finish / disconnect cycles (default: a SQLite file in a temp
# directory), then as many prepares on one connection, each statement dropped
# without finish. Every tenth of the way it prints the daemon's open handles,
# heap and RSS (system.metrics). Uses the daemon at CPAN_BRIDGE_SOCKET if it
# answers, else starts one from dist/ on a temp socket (figures from a fresh
# daemon are the comparable ones).
use strict;
use warnings;
use File::Basename ();
use File::Spec ();
use File::Temp ();
use Time::HiRes ();
use lib File::Spec->catdir(File::Basename::dirname(__FILE__), 'lib');
use BenchDaemon;
use lib File::Spec->catdir(File::Basename::dirname(__FILE__), '..', 'perl', 'compat');
use lib File::Spec->catdir(File::Basename::dirname(__FILE__), '..', 'perl', 'lib');

my $N = shift || 20_000;
my ($dsn, $user, $pass) = @ARGV;
my $dir = File::Temp::tempdir(CLEANUP => 1);
($dsn, $user, $pass) = ("dbi:SQLite:dbname=$dir/cycles.db", '', '') unless $dsn;
BenchDaemon::socket_path();
require DBI;
my $b = CPANBridge::DBI::bridge();

sub figures {
    my ($what) = @_;
    my ($m) = $b->rpc('system.metrics');
    printf "%-34s %8s %10s %8s\n", $what, $m->{connection_summary}{open_handles}, $m->{resource_status}{heap_used_mb}, $m->{resource_status}{memory_mb};
}

my $setup = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 });
$setup->do('DROP TABLE IF EXISTS bench_cycles');
$setup->do('CREATE TABLE bench_cycles (id INTEGER PRIMARY KEY, name VARCHAR(20))');
$setup->do('INSERT INTO bench_cycles (id, name) VALUES (?, ?)', undef, $_, "name $_") for 1 .. 5;
$setup->disconnect;

printf "%-34s %8s %10s %8s\n", 'after', 'handles', 'heap MB', 'RSS MB';
figures('start');
my $t0 = Time::HiRes::time();
for my $i (1 .. $N) {
    my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 });
    my $sth = $dbh->prepare('SELECT id, name FROM bench_cycles WHERE id <= ?');
    $sth->execute(3);
    1 while $sth->fetchrow_arrayref;
    $sth->finish;
    $dbh->disconnect;
    figures("$i connect..disconnect cycles") if $i % ($N / 10) == 0;
}
my $t1 = Time::HiRes::time();
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 });
for my $i (1 .. $N) {
    my $sth = $dbh->prepare('SELECT name FROM bench_cycles WHERE id = ?');
    $sth->execute($i % 5 + 1);
    my @row = $sth->fetchrow_array;
    figures("$i dropped statements, one dbh") if $i % ($N / 10) == 0;
}
$dbh->do('DROP TABLE bench_cycles');
$dbh->disconnect;
printf "cycles/s: %.0f\n", $N / ($t1 - $t0);
