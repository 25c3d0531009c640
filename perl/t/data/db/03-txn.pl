# Transactions: begin_work/commit/rollback, AutoCommit off at connect and
# toggled through the attribute.
use strict;
use warnings;
use DBI;

my ($dsn, $user, $pass) = @ARGV;
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 }) or die $DBI::errstr;
my $drv = $dbh->{Driver}{Name};
$dbh->do('SET client_min_messages = warning') if $drv eq 'Pg';
my $engine = $drv =~ /mysql|MariaDB/ ? ' ENGINE=InnoDB' : '';
$dbh->do('DROP TABLE IF EXISTS t_txn');
$dbh->do("CREATE TABLE t_txn (id INTEGER PRIMARY KEY, v VARCHAR(20))$engine");
my $count = sub { scalar $dbh->selectrow_array('SELECT COUNT(*) FROM t_txn') };

print "AutoCommit=$dbh->{AutoCommit}\n";
print "begin_work: ", $dbh->begin_work, " AutoCommit=", ($dbh->{AutoCommit} ? 1 : 0), "\n";
$dbh->do('INSERT INTO t_txn VALUES (1, ?)', undef, 'a');
print "rollback: ", $dbh->rollback, " AutoCommit=", ($dbh->{AutoCommit} ? 1 : 0), " count=", $count->(), "\n";
$dbh->begin_work;
$dbh->do('INSERT INTO t_txn VALUES (2, ?)', undef, 'b');
print "commit: ", $dbh->commit, " count=", $count->(), "\n";

my @w;
{
    local $SIG{__WARN__} = sub { push @w, $_[0] };
    my $rv = $dbh->commit;
    print "commit with AutoCommit on: $rv\n";
}
print "warned: ", scalar(@w), " ", (@w && $w[0] =~ /^commit ineffective with AutoCommit enabled at / ? 'DBI text' : ''), "\n";

# the attribute
$dbh->{AutoCommit} = 0;
print "AutoCommit attr off: ", ($dbh->{AutoCommit} ? 1 : 0), "\n";
$dbh->do('INSERT INTO t_txn VALUES (3, ?)', undef, 'c');
$dbh->rollback;
print "after rollback count=", $count->(), " AutoCommit still ", ($dbh->{AutoCommit} ? 1 : 0), "\n";
$dbh->do('INSERT INTO t_txn VALUES (4, ?)', undef, 'd');
$dbh->commit;
$dbh->do('INSERT INTO t_txn VALUES (5, ?)', undef, 'e');
$dbh->{AutoCommit} = 1;    # commits the open transaction, as DBI does
print "after AutoCommit on count=", $count->(), "\n";
my $ok = eval { $dbh->begin_work; $dbh->begin_work; 1 };
print "nested begin_work: ", ($ok ? 'lived' : 'died'), "\n";
$dbh->rollback;

# AutoCommit off at connect; disconnect without commit rolls back
my $d2 = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0, AutoCommit => 0 });
print "connect AutoCommit=", ($d2->{AutoCommit} ? 1 : 0), "\n";
$d2->do('INSERT INTO t_txn VALUES (6, ?)', undef, 'f');
$d2->commit;
$d2->do('INSERT INTO t_txn VALUES (7, ?)', undef, 'g');
$d2->rollback;
$d2->disconnect;
# dropping a handle with a transaction open: DBI's warning, and a rollback
my $d3 = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0, AutoCommit => 0 });
$d3->do('INSERT INTO t_txn VALUES (9, ?)', undef, 'i');
undef $d3;
print "ids: ", join(',', @{ $dbh->selectcol_arrayref('SELECT id FROM t_txn ORDER BY id') }), "\n";

# a failing statement inside a transaction, then rollback
$dbh->begin_work;
$dbh->do('INSERT INTO t_txn VALUES (8, ?)', undef, 'h');
eval { $dbh->do('INSERT INTO t_txn VALUES (8, ?)', undef, 'dup') };
print "dup in txn died: ", ($@ ? 1 : 0), "\n";
$dbh->rollback;
print "ids after: ", join(',', @{ $dbh->selectcol_arrayref('SELECT id FROM t_txn ORDER BY id') }), "\n";
$dbh->do('DROP TABLE t_txn');
$dbh->disconnect;
print "done\n";
