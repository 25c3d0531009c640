# Row counts as the driver gives them: what execute returns, $sth->rows and
# $DBI::rows before, during and after a fetch loop and after finish, for results
# of 0, 1, 7 rows, more than the bridge's first block (500 rows) and several
# blocks; an early finish; a re-execute; other fetch styles; do/execute of
# UPDATE, DELETE and INSERT ... SELECT, "0E0" for no rows.
use strict;
use warnings;
use DBI;

my ($dsn, $user, $pass) = @ARGV;
$| = 1;
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0, AutoCommit => 1 }) or die $DBI::errstr;
my $drv = $dbh->{Driver}{Name};
$dbh->do('SET client_min_messages = warning') if $drv eq 'Pg';
$dbh->do('DROP TABLE IF EXISTS t_rows');
$dbh->do('CREATE TABLE t_rows (id INTEGER PRIMARY KEY, name VARCHAR(20), grp INTEGER)');
$dbh->begin_work;
for (my $i = 1; $i <= 5000; $i += 250) {
    $dbh->do('INSERT INTO t_rows (id, name, grp) VALUES ' . join(', ', map { "($_, 'name $_', " . ($_ % 7) . ')' } $i .. $i + 249));
}
$dbh->commit;

sub v { return defined $_[0] ? $_[0] : 'undef' }

# $DBI::rows first: in DBI it is the last used handle's rows
sub at {
    my ($sth, $where) = @_;
    my $g = $DBI::rows;
    my $r = $sth->rows;
    print "  $where: rows=", v($r), " DBI::rows=", v($g), "\n";
}

my $sel = 'SELECT id, name FROM t_rows WHERE id <= ? ORDER BY id';

# a whole fetch loop
for my $n (0, 1, 7, 600, 5000) {
    my $sth = $dbh->prepare($sel);
    print "select $n: after prepare rows=", v($sth->rows), "\n";
    my $rv = $sth->execute($n);
    print "select $n: execute=", v($rv), "\n";
    at($sth, 'before fetch');
    my $k = 0;
    my $mid = int($n / 2);
    while (my $r = $sth->fetchrow_arrayref) {
        $k++;
        at($sth, 'after first fetch') if $k == 1;
        at($sth, "after fetch $k (middle)") if $k == $mid && $mid > 1;
    }
    at($sth, "after loop ($k rows)");
    $sth->finish;
    at($sth, 'after finish');
}

# finish before the loop ends (DBD::MariaDB's case: rows after finish)
for my $n (7, 600, 5000) {
    my $sth = $dbh->prepare($sel);
    my $rv = $sth->execute($n);
    print "early finish $n: execute=", v($rv), "\n";
    $sth->fetchrow_arrayref for 1 .. 3;
    at($sth, 'after 3 fetches');
    $sth->finish;
    at($sth, 'after finish');
}

# execute again while rows are pending, and after the end
{
    my $sth = $dbh->prepare($sel);
    print "re-execute: first=", v($sth->execute(600)), "\n";
    $sth->fetchrow_arrayref for 1 .. 2;
    at($sth, 'after 2 fetches of 600');
    print "re-execute: second=", v($sth->execute(7)), "\n";
    at($sth, 'before fetch of 7');
    1 while $sth->fetchrow_arrayref;
    at($sth, 'after loop of 7');
    print "re-execute: third=", v($sth->execute(0)), "\n";
    at($sth, 'before fetch of 0');
}

# other fetch styles
{
    my $sth = $dbh->prepare($sel);
    print "fetchall 600: execute=", v($sth->execute(600)), "\n";
    my $all = $sth->fetchall_arrayref;
    print "  fetched ", scalar(@$all), "\n";
    at($sth, 'after fetchall_arrayref');
    print "fetchall max 100 of 5000: execute=", v($sth->execute(5000)), "\n";
    my $some = $sth->fetchall_arrayref(undef, 100);
    print "  fetched ", scalar(@$some), "\n";
    at($sth, 'after fetchall_arrayref(undef, 100)');
    $sth->finish;
    at($sth, 'after finish');
    print "hashref 7: execute=", v($sth->execute(7)), "\n";
    my $k = 0;
    while (my $h = $sth->fetchrow_hashref) { $k++; at($sth, 'after first fetchrow_hashref') if $k == 1 }
    at($sth, "after fetchrow_hashref loop ($k rows)");
    print "array 600: execute=", v($sth->execute(600)), "\n";
    my @r = $sth->fetchrow_array;
    at($sth, 'after first fetchrow_array');
    my $h = $sth->fetchall_hashref('id');
    print "  hashed ", scalar(keys %$h), "\n";
    at($sth, 'after fetchall_hashref');
}

# a SELECT through the dbh: $DBI::rows after select* (the last handle is the statement's)
{
    my $rows = $dbh->selectall_arrayref($sel, undef, 600);
    print "selectall 600: ", scalar(@$rows), " DBI::rows=", v($DBI::rows), "\n";
    my @one = $dbh->selectrow_array($sel, undef, 5000);
    print "selectrow 5000: $one[0] DBI::rows=", v($DBI::rows), "\n";
    my $col = $dbh->selectcol_arrayref($sel, undef, 7);
    print "selectcol 7: ", scalar(@$col), " DBI::rows=", v($DBI::rows), "\n";
}

# UPDATE, DELETE, INSERT ... SELECT counts
{
    my $rv = $dbh->do('UPDATE t_rows SET grp = grp + 1 WHERE id <= 10');
    print "do update 10: ", v($rv), " DBI::rows=", v($DBI::rows), "\n";
    $rv = $dbh->do('UPDATE t_rows SET grp = grp WHERE id <= 12');
    print "do update 12 unchanged: ", v($rv), " DBI::rows=", v($DBI::rows), "\n";
    $rv = $dbh->do('UPDATE t_rows SET grp = 1 WHERE id < 0');
    print "do update none: ", v($rv), " DBI::rows=", v($DBI::rows), "\n";
    $rv = $dbh->do('DELETE FROM t_rows WHERE id > ?', undef, 4990);
    print "do delete 10: ", v($rv), " DBI::rows=", v($DBI::rows), "\n";
    $rv = $dbh->do('DELETE FROM t_rows WHERE id > ?', undef, 4990);
    print "do delete none: ", v($rv), " DBI::rows=", v($DBI::rows), "\n";
    $dbh->do('DROP TABLE IF EXISTS t_rows2');
    $dbh->do('CREATE TABLE t_rows2 (id INTEGER, name VARCHAR(20))');
    $rv = $dbh->do('INSERT INTO t_rows2 (id, name) SELECT id, name FROM t_rows WHERE id <= 700');
    print "do insert select 700: ", v($rv), " DBI::rows=", v($DBI::rows), "\n";

    my $up = $dbh->prepare('UPDATE t_rows SET grp = grp + 1 WHERE id <= ?');
    print "execute update none: ", v($up->execute(0)), "\n";
    at($up, 'after update none');
    print "execute update 3: ", v($up->execute(3)), "\n";
    at($up, 'after update 3');
    $up->finish;
    at($up, 'after finish');
    my $del = $dbh->prepare('DELETE FROM t_rows2 WHERE id <= ?');
    print "execute delete 650: ", v($del->execute(650)), "\n";
    at($del, 'after delete 650');
    print "execute delete none: ", v($del->execute(0)), "\n";
    at($del, 'after delete none');
    my $ins = $dbh->prepare('INSERT INTO t_rows2 (id, name) VALUES (?, ?)');
    print "execute insert: ", v($ins->execute(1, 'x')), "\n";
    at($ins, 'after insert');
}

$dbh->do('DROP TABLE t_rows2');
$dbh->do('DROP TABLE t_rows');
$dbh->disconnect;
print "done\n";
