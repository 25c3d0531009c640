# Issue 11, item 3: the normal DBI loop does not leak in the daemon.
# One process runs 20 000 connect/prepare/execute/fetch/finish/disconnect
# cycles on a SQLite file, then a loop on one connection that prepares a new
# statement every time and lets it go out of scope. The session's handles are
# counted exactly (session.close answers how many it closed: none may be left
# behind but the live ones); the daemon's heap and RSS are printed, and the
# heap after 20 000 cycles is compared with the heap after 2 000, with slack
# far above GC noise and far below what the old leak cost (~3 KB a cycle).
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_facade root);
use File::Temp ();
use Test::More;

my $script = <<'PERL';
use strict;
use warnings;
use DBI;
my ($dsn, $cycles, $loop) = @ARGV;
my $b = CPANBridge::DBI::bridge();
sub figures {
    my ($m) = $b->rpc('system.metrics');
    return sprintf 'heap_mb=%s rss_mb=%s open_handles=%s', $m->{resource_status}{heap_used_mb},
        $m->{resource_status}{memory_mb}, $m->{connection_summary}{open_handles};
}
# How many handles this session holds: session.close closes and counts them.
sub session_handles { my ($r, $e) = $b->rpc('session.close'); die "session.close: $e->{message}\n" unless $r; return $r->{closed_handles} }

my $setup = DBI->connect($dsn, '', '', { RaiseError => 1, PrintError => 0 });
$setup->do('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
$setup->do('INSERT INTO t (id, name) VALUES (?, ?)', undef, $_, "name $_") for 1 .. 5;
$setup->disconnect;

sub cycle {
    my $dbh = DBI->connect($dsn, '', '', { RaiseError => 1, PrintError => 0 });
    my $sth = $dbh->prepare('SELECT id, name FROM t WHERE id <= ?');
    $sth->execute(3);
    my $n = 0;
    $n++ while $sth->fetchrow_arrayref;
    die "expected 3 rows, got $n\n" unless $n == 3;
    $sth->finish;
    $dbh->disconnect;
}
my $warm = $cycles / 10;
cycle() for 1 .. $warm;
print "cycles $warm: ", figures(), "\n";
print "left after $warm cycles: ", session_handles(), "\n";
cycle() for $warm + 1 .. $cycles;
print "cycles $cycles: ", figures(), "\n";
print "left after $cycles cycles: ", session_handles(), "\n";

# One connection; a new statement every time, dropped without finish or close.
my $dbh = DBI->connect($dsn, '', '', { RaiseError => 1, PrintError => 0 });
for my $i (1 .. $loop) {
    my $sth = $dbh->prepare('SELECT name FROM t WHERE id = ?');
    $sth->execute($i % 5 + 1);
    my ($name) = $sth->fetchrow_array;
    die "no row\n" unless defined $name;
}
# selectrow_* prepares its own statement; prepare_cached keeps one
for my $i (1 .. $loop) {
    my ($name) = $dbh->selectrow_array('SELECT name FROM t WHERE id = ?', undef, $i % 5 + 1);
    my $c = $dbh->prepare_cached('SELECT count(*) FROM t');
    $c->execute;
    my ($n) = $c->fetchrow_array;
    die "prepare_cached: $n\n" unless $n == 5;
}
$dbh->ping;    # carries the closes the last statements' DESTROY queued
print "loop $loop: ", figures(), "\n";
print "left after the loop: ", session_handles(), "\n";
PERL

my $dir = File::Temp::tempdir(CLEANUP => 1);
my $cycles = $ENV{CPAN_BRIDGE_LEAK_CYCLES} || 20_000;
my ($out, $err, $code) = run_perl_facade($script, cwd => $dir, args => [ "dbi:SQLite:dbname=$dir/leak.db", $cycles, 2000 ]);
is($code, 0, 'the loops run') or diag $err;
diag $_ for grep { /heap_mb/ } split /\n/, $out;
my %left = $out =~ /^left after (.+?): (\d+)$/mg;
my $warm = $cycles / 10;
is($left{"$warm cycles"}, 0, "no handle left in the session after $warm cycles");
is($left{"$cycles cycles"}, 0, "no handle left in the session after $cycles cycles");
# the dbh and the prepare_cached statement are live; every dropped statement is gone
is($left{'the loop'}, 2, 'a loop dropping its statements on one connection leaves only the connection and its cached statement');
my %heap = $out =~ /^cycles (\d+): heap_mb=([\d.]+)/mg;
ok(defined $heap{$warm} && defined $heap{$cycles}, 'heap figures read') or diag $out;
# the leak cost ~3.2 KB of heap per cycle (18 000 cycles: ~57 MB); GC noise is a few MB
cmp_ok($heap{$cycles} - $heap{$warm}, '<', 25, "daemon heap flat between $warm and $cycles cycles (MB)") if defined $heap{$cycles};

done_testing;
