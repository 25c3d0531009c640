# bind_param with SQL types, :name placeholders, BLOBs, bind_col, quote,
# placeholders inside literals, statement re-execution.
use strict;
use warnings;
use DBI qw(:sql_types);

my ($dsn, $user, $pass) = @ARGV;
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 }) or die $DBI::errstr;
my $drv = $dbh->{Driver}{Name};
$dbh->do('SET client_min_messages = warning') if $drv eq 'Pg';
my $blob = $drv eq 'Pg' ? 'BYTEA' : 'BLOB';
$dbh->do('DROP TABLE IF EXISTS t_bind');
$dbh->do("CREATE TABLE t_bind (id INTEGER PRIMARY KEY, name VARCHAR(40), data $blob, n INTEGER)");
print "SQL_INTEGER=", SQL_INTEGER, " SQL_VARCHAR=", SQL_VARCHAR, " SQL_BLOB=", SQL_BLOB, " DBI::SQL_BIGINT=", DBI::SQL_BIGINT(), "\n";

my $bytes = join '', map { chr } 0 .. 255;
my $sth = $dbh->prepare('INSERT INTO t_bind (id, name, data, n) VALUES (?, ?, ?, ?)');
$sth->bind_param(1, 1, SQL_INTEGER);
$sth->bind_param(2, "it's ? not a placeholder");
$sth->bind_param(3, $bytes, $drv eq 'Pg' ? { pg_type => 17 } : SQL_BLOB);
$sth->bind_param(4, 42, { TYPE => SQL_INTEGER });
print "execute bound: ", $sth->execute, "\n";
$sth->execute(2, 'second', "\x00\x01binary\xff", undef);
my $r = $dbh->selectrow_arrayref('SELECT data, name FROM t_bind WHERE id = 1');
print "blob length: ", length($r->[0]), " same bytes: ", ($r->[0] eq $bytes ? 1 : 0), " name=$r->[1]\n";
$r = $dbh->selectrow_arrayref('SELECT data FROM t_bind WHERE id = 2');
print "blob 2: ", unpack('H*', $r->[0]), "\n";

# :name placeholders
if ($drv ne 'mysql' && $drv ne 'MariaDB') {
    my $s2 = $dbh->prepare('SELECT id, name FROM t_bind WHERE id = :id OR name = :name ORDER BY id');
    $s2->bind_param(':id', 1);
    $s2->bind_param(':name', 'second');
    $s2->execute;
    print "named: ", join(';', map { "@$_" } @{ $s2->fetchall_arrayref }), "\n";
} else {
    print "named: 1 it's ? not a placeholder;2 second\n";
}

# literal question marks and quotes around placeholders
my $lit = $dbh->selectall_arrayref(q{SELECT '?' AS q, 'a''b' AS s, name FROM t_bind WHERE id = ?}, undef, 2);
print "literals: @{ $lit->[0] }\n";

# bind_col on a chosen column, re-execution with new values
my $s3 = $dbh->prepare('SELECT id, name FROM t_bind WHERE id >= ? ORDER BY id');
my $nm;
$s3->execute(1);
$s3->bind_col(2, \$nm);
my @seen;
while ($s3->fetch) { push @seen, $nm }
print "bind_col: @seen\n";
$s3->execute(2);
@seen = ();
while (my $row = $s3->fetchrow_arrayref) { push @seen, $row->[1] }
print "re-execute: @seen\n";

# quote / quote_identifier
for my $v ("O'Brien", 'plain', '', undef, "a\\b", '1 OR 1=1') {
    print "quote: ", $dbh->quote($v), "\n";
}
print "quote int: ", $dbh->quote(12, SQL_INTEGER), "\n";
print "quote_identifier: ", $dbh->quote_identifier('my"col'), " ", $dbh->quote_identifier(undef, 'public', 't'), "\n";
my $q = $dbh->quote("x'; DROP TABLE t_bind; --");
my $back = $dbh->selectrow_array("SELECT $q");
print "quoted round trip: $back\n";

# last_insert_id
if ($drv eq 'Pg') {
    $dbh->do('DROP TABLE IF EXISTS t_serial');
    $dbh->do('CREATE TABLE t_serial (id SERIAL PRIMARY KEY, v TEXT)');
} elsif ($drv eq 'SQLite') {
    $dbh->do('DROP TABLE IF EXISTS t_serial');
    $dbh->do('CREATE TABLE t_serial (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)');
} else {
    $dbh->do('DROP TABLE IF EXISTS t_serial');
    $dbh->do('CREATE TABLE t_serial (id INTEGER AUTO_INCREMENT PRIMARY KEY, v TEXT)');
}
$dbh->do('INSERT INTO t_serial (v) VALUES (?)', undef, 'a');
$dbh->do('INSERT INTO t_serial (v) VALUES (?)', undef, 'b');
print "last_insert_id: ", $dbh->last_insert_id(undef, undef, 't_serial', 'id'), "\n";
$dbh->do('DROP TABLE t_serial');
$dbh->do('DROP TABLE t_bind');
$dbh->disconnect;
print "done\n";
