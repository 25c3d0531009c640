# The bridge's DBI does not pay a round trip per row: counts the requests a
# script sends to the daemon (through the real client and socket) for a
# 3 000-row fetch loop, execute_array and small statements, on SQLite and
# PostgreSQL.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_facade root);
use lib 'perl/t/data/db';
use DBDiff;
use File::Temp ();
use Test::More;

my $script = <<'PERL';
use strict;
use warnings;
use DBI;
my $requests = 0;
{
    no warnings 'redefine';
    my $req = \&CPANBridge::Transport::request;
    *CPANBridge::Transport::request = sub { $requests++; goto &$req };
    my $send = \&CPANBridge::DBI::Prefetch::send;
    *CPANBridge::DBI::Prefetch::send = sub { my $ok = $send->(@_); $requests++ if $ok; $ok };
}
my $dbh = DBI->connect($ARGV[0], $ARGV[1], $ARGV[2], { RaiseError => 1, PrintError => 0 });
$dbh->do('SET client_min_messages = warning') if $dbh->{Driver}{Name} eq 'Pg';
$dbh->do('DROP TABLE IF EXISTS t_rt');
$dbh->do('CREATE TABLE t_rt (id INTEGER PRIMARY KEY, name VARCHAR(20))');
my $ins = $dbh->prepare('INSERT INTO t_rt (id, name) VALUES (?, ?)');
$ins->execute(0, 'zero');    # Pg: prepare travels with the first execute
$requests = 0;
$ins->execute_array({}, [ 1 .. 3000 ], [ map { "n$_" } 1 .. 3000 ]);
print "execute_array requests: $requests\n";
my $sth = $dbh->prepare('SELECT id, name FROM t_rt ORDER BY id');
$requests = 0;
$sth->execute;
my $n = 0;
$n++ while $sth->fetchrow_arrayref;
print "rows: $n\n";
print "fetch requests: $requests\n";
$dbh->selectrow_array('SELECT name FROM t_rt WHERE id = ?', undef, 1);
$requests = 0;
$dbh->selectrow_array('SELECT name FROM t_rt WHERE id = ?', undef, $_) for 1 .. 50;
print "selectrow requests per statement: ", $requests / 50, "\n";
$dbh->do('DROP TABLE t_rt');
PERL

for my $drv ('SQLite', 'Pg') {
    my $dir = File::Temp::tempdir(CLEANUP => 1);
    my ($dsn, $user, $pass) = db_target($drv, $dir);
    ok($dsn, "$drv target configured") or next;
    my ($out, $err, $code) = run_perl_facade($script, cwd => $dir, args => [ $dsn, $user, $pass ]);
    is($code, 0, "$drv: the script runs") or diag $err;
    my %r = $out =~ /^([a-z_ ]+): (\S+)$/mg;
    is($r{rows}, 3001, "$drv: all 3 001 rows fetched");
    is($r{'execute_array requests'}, 1, "$drv: execute_array of 3 000 tuples is one request");
    cmp_ok($r{'fetch requests'}, '>=', 1, "$drv: the fetch loop asks the daemon");
    cmp_ok($r{'fetch requests'}, '<=', 10, "$drv: a 3 000-row fetch loop is at most 10 requests (blocks), not one per row");
    # select* prepare, execute, fetch and close in one request whatever the driver (a SQLite
    # prepare() of the script's own is still its own request: DBD::SQLite reports errors there)
    is($r{'selectrow requests per statement'}, 1, "$drv: selectrow_array is one request per call");
}
done_testing;
