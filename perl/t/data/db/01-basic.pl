# Values round-trip: NULLs, Unicode, quotes and suspicious strings, large
# numbers, decimals, dates; every fetch style; statement attributes.
use strict;
use warnings;
use DBI;

my ($dsn, $user, $pass) = @ARGV;
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 }) or die $DBI::errstr;
my $drv = $dbh->{Driver}{Name};
# server NOTICEs (DBD::Pg prints them) are not relayed by the bridge
$dbh->do('SET client_min_messages = warning') if $drv eq 'Pg';
print "ref=", ref($dbh), " isa=", ($dbh->isa('DBI::db') ? 1 : 0), " driver=$drv AutoCommit=$dbh->{AutoCommit}\n";

my %T = (
    Pg      => [ 'INTEGER', 'BIGINT', 'NUMERIC(20,4)', 'VARCHAR(200)', 'DATE', 'TIMESTAMP' ],
    mysql   => [ 'INTEGER', 'BIGINT', 'DECIMAL(20,4)', 'VARCHAR(200)', 'DATE', 'DATETIME' ],
    SQLite  => [ 'INTEGER', 'INTEGER', 'TEXT', 'TEXT', 'TEXT', 'TEXT' ],
);
$T{MariaDB} = $T{mysql};
my ($int, $big, $dec, $txt, $date, $ts) = @{ $T{$drv} };
$dbh->do('DROP TABLE IF EXISTS t_basic');
$dbh->do("CREATE TABLE t_basic (id $int PRIMARY KEY, big $big, amount $dec, name $txt, d $date, ts $ts)");

my @names = ("O'Brien", '<b>bold</b>', '../x', '1 OR 1=1', "'; DROP TABLE t_basic; --", 'plain',
    "caf\xc3\xa9 \xe2\x98\xba", '', ' padded  ', "tab\there", "line\nbreak", 'back\\slash', '"dq"', '%_like');
my $ins = $dbh->prepare('INSERT INTO t_basic (id, big, amount, name, d, ts) VALUES (?, ?, ?, ?, ?, ?)');
print "NUM_OF_PARAMS=$ins->{NUM_OF_PARAMS}\n";
my $i = 0;
for my $n (@names) {
    $i++;
    my $rv = $ins->execute($i, 9007199254740993 + $i, "12345678.9" . $i, $n, sprintf('2024-%02d-%02d', $i % 12 + 1, $i + 10), sprintf('2024-01-02 03:04:%02d', $i * 3));
    print "insert $i rv=$rv rows=", $ins->rows, "\n";
}
print "do null: ", $dbh->do('INSERT INTO t_basic (id, big, amount, name, d, ts) VALUES (?, ?, ?, ?, ?, ?)', undef, 100, undef, undef, undef, undef, undef), "\n";
print "do update: ", $dbh->do('UPDATE t_basic SET big = big + 1 WHERE id > ?', undef, 10), "\n";
print "do none: ", $dbh->do('DELETE FROM t_basic WHERE id = ?', undef, 9999), "\n";

my $sth = $dbh->prepare('SELECT id, big, amount, name, d, ts FROM t_basic ORDER BY id');
$sth->execute;
print "NUM_OF_FIELDS=$sth->{NUM_OF_FIELDS} NAME=@{$sth->{NAME}} NAME_uc=@{$sth->{NAME_uc}} NAME_lc=@{$sth->{NAME_lc}}\n";
print "NAME_hash=", join(',', map { "$_:$sth->{NAME_hash}{$_}" } sort keys %{ $sth->{NAME_hash} }), "\n";
print "Active=", ($sth->{Active} ? 1 : 0), " Statement=$sth->{Statement}\n";
my $first = $sth->fetchrow_arrayref;
my $second = $sth->fetchrow_arrayref;
print "same arrayref each call: ", ($first == $second ? 'yes' : 'no'), "\n";
while (my $r = $sth->fetchrow_arrayref) {
    print join('|', map { defined $_ ? "[$_]" : 'NULL' } @$r), " len=", (defined $r->[3] ? length $r->[3] : -1), "\n";
}
print "after loop Active=", ($sth->{Active} ? 1 : 0), " err=", (defined $sth->err ? $sth->err : 'undef'), "\n";

$sth->execute;
while (my @row = $sth->fetchrow_array) { print scalar(@row), ":", (defined $row[3] ? $row[3] : 'NULL'), "\n" }
$sth->execute;
my $last = $sth->fetchrow_array;
print "fetchrow_array in scalar context: ", (defined $last ? $last : 'undef'), "\n";
$sth->finish;
print "after finish Active=", ($sth->{Active} ? 1 : 0), "\n";

$sth->execute;
while (my $h = $sth->fetchrow_hashref) { print join(',', map { "$_=" . (defined $h->{$_} ? $h->{$_} : 'NULL') } sort keys %$h), "\n" }
$sth->execute;
my $h = $sth->fetchrow_hashref('NAME_uc');
print "NAME_uc keys: ", join(',', sort keys %$h), "\n";
$sth->finish;

my $all = $dbh->selectall_arrayref('SELECT id, name FROM t_basic WHERE id < ? ORDER BY id', undef, 4);
print "selectall_arrayref: ", join(';', map { join ',', map { defined $_ ? $_ : 'NULL' } @$_ } @$all), "\n";
$all = $dbh->selectall_arrayref('SELECT id, name FROM t_basic ORDER BY id', { Slice => {} });
print "Slice {}: ", scalar(@$all), " ", join(',', sort keys %{ $all->[0] }), " $all->[0]{name}\n";
$all = $dbh->selectall_arrayref('SELECT id, name, amount FROM t_basic ORDER BY id', { Columns => [ 3, 1 ], MaxRows => 3 });
print "Columns MaxRows: ", join(';', map { join ',', @$_ } @$all), "\n";
my $hr = $dbh->selectall_hashref('SELECT id, name FROM t_basic', 'id');
print "selectall_hashref: ", join(',', sort { $a <=> $b } keys %$hr), " 1=$hr->{1}{name}\n";
my $col = $dbh->selectcol_arrayref('SELECT name FROM t_basic ORDER BY id');
print "selectcol_arrayref: ", scalar(@$col), " ", join('|', map { defined $_ ? $_ : 'NULL' } @$col[0 .. 4]), "\n";
$col = $dbh->selectcol_arrayref('SELECT id, name FROM t_basic ORDER BY id', { Columns => [ 2, 1 ], MaxRows => 2 });
print "selectcol Columns: ", join('|', @$col), "\n";
my @row = $dbh->selectrow_array('SELECT id, name FROM t_basic WHERE id = ?', undef, 1);
print "selectrow_array: @row\n";
my $one = $dbh->selectrow_array('SELECT name, id FROM t_basic WHERE id = ?', undef, 2);
print "selectrow_array scalar: $one\n";
my $ra = $dbh->selectrow_arrayref('SELECT id, name FROM t_basic WHERE id = 3');
print "selectrow_arrayref: @$ra\n";
my $rh = $dbh->selectrow_hashref('SELECT id, name FROM t_basic WHERE id = 4');
print "selectrow_hashref: $rh->{id} $rh->{name}\n";
my @none = $dbh->selectrow_array('SELECT id FROM t_basic WHERE id = -1');
print "empty selectrow_array: ", scalar(@none), "\n";
my $nr = $dbh->selectrow_arrayref('SELECT id FROM t_basic WHERE id = -1');
print "empty selectrow_arrayref: ", (defined $nr ? 'defined' : 'undef'), "\n";
my $empty = $dbh->selectall_arrayref('SELECT id FROM t_basic WHERE id = -1');
print "empty selectall: ", scalar(@$empty), "\n";

$sth = $dbh->prepare('SELECT id, name FROM t_basic ORDER BY id');
$sth->execute;
my $part = $sth->fetchall_arrayref(undef, 2);
print "fetchall max_rows: ", scalar(@$part), " Active=", ($sth->{Active} ? 1 : 0), "\n";
my $rest = $sth->fetchall_arrayref([1]);
print "fetchall slice [1]: ", scalar(@$rest), " first=$rest->[0][0]\n";
$sth->execute;
my $hs = $sth->fetchall_arrayref({ name => 1 });
print "fetchall hash slice: ", join(',', keys %{ $hs->[0] }), " $hs->[0]{name}\n";
$sth->execute;
my $fh = $sth->fetchall_hashref('id');
print "fetchall_hashref: ", scalar(keys %$fh), " $fh->{5}{name}\n";
$sth->execute;
my $neg = $sth->fetchall_arrayref([-1]);
print "fetchall slice [-1]: $neg->[0][0]\n";
print "rows after fetchall: ", $sth->rows, "\n";

$dbh->do('DROP TABLE t_basic');
$dbh->disconnect;
print "done\n";
