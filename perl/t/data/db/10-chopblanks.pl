# ChopBlanks: DBD::Pg trims CHAR(n) values only, DBD::SQLite, DBD::mysql and
# DBD::MariaDB every value; set at connect and changed on the handle.
use strict;
use warnings;
use DBI;

my ($dsn, $user, $pass) = @ARGV;
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0, ChopBlanks => 1 }) or die $DBI::errstr;
$dbh->do('SET client_min_messages = warning') if $dbh->{Driver}{Name} eq 'Pg';
$dbh->do('DROP TABLE IF EXISTS t_chop');
$dbh->do('CREATE TABLE t_chop (c CHAR(8), v VARCHAR(10), t TEXT)');
$dbh->do(q{INSERT INTO t_chop VALUES ('ab', 'cd  ', 'ef  ')});
my $sql = 'SELECT c, v, t FROM t_chop';
print "ChopBlanks=$dbh->{ChopBlanks}: ", join('|', map { "[$_]" } @{ $dbh->selectrow_arrayref($sql) }), "\n";
$dbh->{ChopBlanks} = 0;
print "ChopBlanks=$dbh->{ChopBlanks}: ", join('|', map { "[$_]" } @{ $dbh->selectrow_arrayref($sql) }), "\n";
my $sth = $dbh->prepare($sql);
$sth->{ChopBlanks} = 1;
$sth->execute;
my $h = $sth->fetchrow_hashref;
print "statement ChopBlanks: ", join('|', map { "$_=[$h->{$_}]" } sort keys %$h), "\n";
$dbh->do('DROP TABLE t_chop');
$dbh->disconnect;
print "done\n";
