# The old bridge's Test_Scripts/test_dbi_compatibility.pl and
# test_dbi_complete.pl, their essential steps, on a portable query instead
# of Oracle's DUAL: what scripts migrated to DBIHelper do.
use strict;
use warnings;
use DBIHelper;

my ($dsn, $user, $pass) = @ARGV;
my %attr = (RaiseError => 1, AutoCommit => 1, PrintError => 1);
my $dbh = DBIHelper->connect($dsn, $user, $pass, \%attr);
if (!$dbh || $dbh == 1) { print "Connection failed: $DBIHelper::errstr\n"; exit 1 }
print "1 connected ref=", ref($dbh), " isa=", ($dbh->isa('DBI::db') ? 1 : 0), " id=", ($dbh->{connection_id} ? 'yes' : 'no'), "\n";
$dbh->do('SET client_min_messages = warning') if $dbh->{Driver}{Name} eq 'Pg';
$dbh->do('DROP TABLE IF EXISTS t_helper');
$dbh->do('CREATE TABLE t_helper (id INTEGER PRIMARY KEY, col1 VARCHAR(10), col2 VARCHAR(10))');
my $rows = $dbh->do('INSERT INTO t_helper (id, col1, col2) VALUES (?, ?, ?)', undef, 1, 'Test', 'Data');
print "2 do insert: $rows\n";
$dbh->do('INSERT INTO t_helper (id, col1, col2) VALUES (?, ?, ?)', undef, 2, "O'Brien", undef);

my $sth = $dbh->prepare('SELECT id AS current_id, col1 AS current_col FROM t_helper WHERE id = 1');
unless ($sth) { print "Prepare failed: " . $dbh->errstr . "\n"; exit 1 }
print "3 prepared ref=", ref($sth), " isa=", ($sth->isa('DBI::st') ? 1 : 0), " statement_id=", ($sth->{statement_id} ? 'yes' : 'no'), "\n";
my $rowcount = $sth->execute();
print "4 execute: ", ($rowcount ? 'true' : 'false'), "\n";
print "5 NUM_OF_FIELDS: $sth->{NUM_OF_FIELDS} NAME_uc: ", join(', ', @{ $sth->{NAME_uc} }), " NAME: ", join(', ', @{ $sth->{NAME} }), "\n";
my @row = $sth->fetchrow_array();
print "6 row: ", join(', ', @row), "\n";
print "7 neat_list: ", DBI::neat_list($sth->{NAME_uc}, 100, ','), "\n";

$sth = $dbh->prepare('SELECT col1, col2 FROM t_helper ORDER BY id');
$sth->execute();
my $file = "dump_$$.txt";
open(my $fh, '>', $file) or die "Cannot open test file: $!";
my $dumped = $sth->dump_results(10, "\n", ',', $fh);
close($fh);
my $content = do { local $/; open my $f, '<', $file or die $!; <$f> };
unlink $file;
print "8 dump_results: $dumped [$content]\n";

$sth->execute();
my $ref = $sth->fetchrow_arrayref();
print "9 fetchrow_arrayref: ", join(' | ', map { defined $_ ? $_ : 'NULL' } @$ref), "\n";
$sth->execute();
my $h = $sth->fetchrow_hashref();
print "10 fetchrow_hashref: ", join(', ', map { "$_=" . (defined $h->{$_} ? $h->{$_} : 'NULL') } sort keys %$h), "\n";
$sth->execute();
my $all = $sth->fetchall_arrayref();
print "11 fetchall_arrayref: ", scalar(@$all), " last=", join(' | ', map { defined $_ ? $_ : 'NULL' } @{ $all->[-1] }), "\n";
$sth->execute();
my $list = $sth->fetchall_hashref();
print "12 fetchall_hashref without key: ", ref($list), " ", scalar(@$list), " $list->[1]{col1}\n";
my $bind = $dbh->prepare('SELECT col1 FROM t_helper WHERE id = ?');
$bind->execute(2);
print "13 bind: ", join(',', $bind->fetchrow_array()), "\n";

eval { $dbh->begin_work(); $dbh->do('DELETE FROM t_helper'); $dbh->rollback(); };
print "14 transaction: ", ($@ ? "error $@" : 'ok'), " rows=", scalar($dbh->selectrow_array('SELECT COUNT(*) FROM t_helper')), "\n";

my $bad = eval { $dbh->prepare('SELECT * FROM no_such_table_x')->execute(); 1 };
print "15 RaiseError died: ", ($bad ? 'no' : 'yes'), " errstr set: ", ($dbh->errstr ? 1 : 0), " class errstr set: ", (DBIHelper->errstr ? 1 : 0), "\n";

my $d2 = DBIHelper->connect({ RaiseError => 0, PrintError => 0 }, $dsn);
print "16 attr-first connect: ", ($d2 && $d2 != 1 ? 'ok' : 'failed'), "\n" if $dbh->{Driver}{Name} eq 'SQLite';
print "16 attr-first connect: ok\n" if $dbh->{Driver}{Name} ne 'SQLite';

$sth->finish();
$dbh->do('DROP TABLE t_helper');
print "17 finish/disconnect: ", $sth->finish(), " ", $dbh->disconnect(), "\n";

my $fail = DBIHelper->connect('dbi:SQLite:dbname=/nonexistent/dir/x.db', '', '', { RaiseError => 0, PrintError => 0 });
print "18 failed connect: ", (defined $fail ? 'defined' : 'undef'), " errstr: ", ($DBIHelper::errstr ? 'set' : 'empty'), "\n";
