# Unicode: character strings and UTF-8 byte strings in, what each DBD gives
# back (characters for DBD::Pg and DBD::MariaDB, bytes for DBD::SQLite and
# DBD::mysql by default), lengths and bytes printed exactly; ChopBlanks.
use strict;
use warnings;
use DBI;

my ($dsn, $user, $pass) = @ARGV;
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 }) or die $DBI::errstr;
my $drv = $dbh->{Driver}{Name};
$dbh->do('SET client_min_messages = warning') if $drv eq 'Pg';
my $cs = $drv =~ /mysql|MariaDB/ ? ' CHARACTER SET utf8mb4' : '';
$dbh->do('DROP TABLE IF EXISTS t_uni');
$dbh->do("CREATE TABLE t_uni (id INTEGER PRIMARY KEY, s VARCHAR(50)$cs, c CHAR(8)$cs)");
my @vals = (
    "caf\x{e9} \x{263a} \x{1F600}",      # characters (wide)
    "caf\xc3\xa9",                       # UTF-8 bytes of café
    "\xe9t\xe9",                         # Latin-1 characters, no UTF8 flag
    "plain ascii",
    "\x{41f}\x{440}\x{438}\x{432}\x{435}\x{442}",
);
my $ins = $dbh->prepare('INSERT INTO t_uni (id, s, c) VALUES (?, ?, ?)');
my $i = 0;
for my $v (@vals) {
    # DBD::mysql sends a byte string as it is: Latin-1 bytes are not valid utf8mb4
    my $ok = eval { $ins->execute(++$i, $v, 'ab'); 1 };
    (my $e = $@) =~ s/ at \S+ line \d+\.\n//;
    print "insert $i: ", ($ok ? 'ok' : "failed: $e"), "\n";
}
my $sth = $dbh->prepare('SELECT id, s, c FROM t_uni ORDER BY id');
$sth->execute;
while (my $r = $sth->fetchrow_arrayref) {
    my $s = $r->[1];
    my $flag = utf8::is_utf8($s) ? 'chars' : 'bytes';
    my $copy = $s;
    utf8::encode($copy) if utf8::is_utf8($copy);
    print "$r->[0] $flag len=", length($s), " hex=", unpack('H*', $copy), " c=[$r->[2]]\n";
}
my $n = $dbh->selectrow_array('SELECT COUNT(*) FROM t_uni WHERE s = ?', undef, "caf\x{e9} \x{263a} \x{1F600}");
print "match by character string: $n\n";
$n = $dbh->selectrow_array('SELECT COUNT(*) FROM t_uni WHERE s = ?', undef, "caf\xc3\xa9");
print "match by byte string: $n\n";
$dbh->do('UPDATE t_uni SET s = ? WHERE id = 4', undef, 'padded  ');
$dbh->{ChopBlanks} = 1;
my $c = $dbh->selectrow_arrayref('SELECT c, s FROM t_uni WHERE id = 4');
print "ChopBlanks: [$c->[0]] [$c->[1]]\n";
$dbh->{ChopBlanks} = 0;
$c = $dbh->selectrow_arrayref('SELECT c, s FROM t_uni WHERE id = 4');
print "no ChopBlanks: [$c->[0]] [$c->[1]]\n";
$dbh->do('DROP TABLE t_uni');
$dbh->disconnect;
print "done\n";
