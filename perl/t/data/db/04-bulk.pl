# 1000+ rows: execute_array (with ArrayTupleStatus), every fetch style over
# several blocks, a failing tuple.
use strict;
use warnings;
use DBI qw(:sql_types);

my ($dsn, $user, $pass) = @ARGV;
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 }) or die $DBI::errstr;
my $drv = $dbh->{Driver}{Name};
$dbh->do('SET client_min_messages = warning') if $drv eq 'Pg';
$dbh->do('DROP TABLE IF EXISTS t_bulk');
$dbh->do('CREATE TABLE t_bulk (id INTEGER PRIMARY KEY, name VARCHAR(40), amount DECIMAL(12,2), note VARCHAR(40))');

my $n = 2500;
my @ids = 1 .. $n;
my @names = map { "name $_ " . ($_ % 7 == 0 ? "O'Hara" : $_ % 11 == 0 ? '<tag>' : 'x') } @ids;
my @amounts = map { sprintf '%.2f', $_ * 1.25 } @ids;
my $ins = $dbh->prepare('INSERT INTO t_bulk (id, name, amount, note) VALUES (?, ?, ?, ?)');
my @status;
my $tuples = $ins->execute_array({ ArrayTupleStatus => \@status }, \@ids, \@names, \@amounts, undef);
print "execute_array: $tuples status=", scalar(@status), " all one: ", ((grep { $_ == 1 } @status) == $n ? 1 : 0), "\n";

my $sth = $dbh->prepare('SELECT id, name, amount, note FROM t_bulk ORDER BY id');
$sth->execute;
my ($count, $sum, $last) = (0, 0, '');
while (my $r = $sth->fetchrow_arrayref) { $count++; $sum += $r->[2]; $last = $r->[1] }
print "fetchrow_arrayref: $count $sum $last rows=", $sth->rows, "\n";
$sth->execute;
my $all = $sth->fetchall_arrayref;
print "fetchall_arrayref: ", scalar(@$all), " $all->[-1][0] $all->[1234][1]\n";
$sth->execute;
my $c2 = 0;
while (my @r = $sth->fetchrow_array) { $c2++ if defined $r[1] && !defined $r[3] }
print "fetchrow_array: $c2\n";
$sth->execute;
my $h = $sth->fetchall_hashref('id');
print "fetchall_hashref: ", scalar(keys %$h), " $h->{777}{name}\n";
$sth->execute;
my $part = $sth->fetchall_arrayref({}, 1500);
my $rest = $sth->fetchall_arrayref({});
print "chunks: ", scalar(@$part), "+", scalar(@$rest), " $rest->[0]{id}\n";

my $bound;
$sth->execute;
my ($id, $name, $amount, $note);
$sth->bind_columns(\$id, \$name, \$amount, \$note);
my $bc = 0;
while ($sth->fetch) { $bc++; $bound = "$id/$name/$amount" }
print "bind_columns: $bc $bound\n";

# nested loops on one connection: an outer statement streams while inner ones run
my $outer = $dbh->prepare('SELECT id, name FROM t_bulk ORDER BY id');
my $inner = $dbh->prepare('SELECT amount FROM t_bulk WHERE id = ?');
$outer->execute;
my ($seen, $inner_sum) = (0, 0);
while (my $o = $outer->fetchrow_arrayref) {
    $seen++;
    next if $o->[0] % 250;
    $inner->execute($o->[0]);
    my ($amt) = $inner->fetchrow_array;
    $inner_sum += $amt;
    my $again = $dbh->selectrow_array('SELECT COUNT(*) FROM t_bulk WHERE id <= ?', undef, $o->[0]);
    $inner_sum += $again;
}
print "nested: $seen $inner_sum\n";

# finish in the middle, then re-execute
$outer->execute;
$outer->fetchrow_arrayref for 1 .. 1200;
$outer->finish;
$outer->execute;
my $cnt = 0;
$cnt++ while $outer->fetchrow_arrayref;
print "after finish and re-execute: $cnt\n";

# a failing tuple: the others still run (AutoCommit on)
my @st2;
my $ok = eval { $ins->execute_array({ ArrayTupleStatus => \@st2 }, [ $n + 1, 5, $n + 2 ], [ 'a', 'b', 'c' ], [ 1, 2, 3 ], [ 'x', 'y', 'z' ]); 1 };
(my $msg = $@) =~ s/ at \S+ line \d+\.\n//;
print "failing tuple: ", ($ok ? 'lived' : "died: $msg"), "\n";
print "status: ", join(',', map { ref $_ ? 'ERR(' . (defined $_->[1] && length $_->[1] ? 'msg' : '') . ')' : $_ } @st2), "\n";
print "count now: ", scalar($dbh->selectrow_array('SELECT COUNT(*) FROM t_bulk')), "\n";

# column-wise with a scalar repeated, and bind_param_array
my $up = $dbh->prepare('UPDATE t_bulk SET note = ? WHERE id = ?');
my ($t2, $rows2) = $up->execute_array({}, 'same', [ 1, 2, 3 ]);
print "list context: $t2 $rows2\n";
$up->bind_param_array(1, [ 'p', 'q' ]);
$up->bind_param_array(2, [ 4, 5 ]);
print "bind_param_array: ", scalar($up->execute_array({})), "\n";
print "notes: ", join(',', map { defined $_ ? $_ : 'NULL' } @{ $dbh->selectcol_arrayref('SELECT note FROM t_bulk WHERE id <= 6 ORDER BY id') }), "\n";
$dbh->do('DROP TABLE t_bulk');
$dbh->disconnect;
print "done\n";
