# Handle attributes, ping/disconnect, neat, connect_cached, prepare_cached,
# table_info/column_info, dump_results, statement types.
use strict;
use warnings;
use DBI;

my ($dsn, $user, $pass) = @ARGV;
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0, FetchHashKeyName => 'NAME_lc' }) or die $DBI::errstr;
my $drv = $dbh->{Driver}{Name};
$dbh->do('SET client_min_messages = warning') if $drv eq 'Pg';
print "Name set: ", (length $dbh->{Name} ? 1 : 0), " Active=$dbh->{Active} FetchHashKeyName=$dbh->{FetchHashKeyName}\n";
print "ping: ", ($dbh->ping ? 1 : 0), "\n";
print "neat: ", DBI::neat('abc'), ' ', DBI::neat(undef), ' ', DBI::neat(42), ' ', DBI::neat('x' x 50, 10), "\n";
print "neat_list: ", DBI::neat_list([ 1, 'two', undef ]), "\n";
print "looks_like_number: ", join(',', map { defined $_ ? ($_ ? 1 : 0) : 'u' } DBI::looks_like_number('1', 'a', undef, '1e5')), "\n";

$dbh->do('DROP TABLE IF EXISTS t_misc');
$dbh->do('CREATE TABLE t_misc (Id INTEGER PRIMARY KEY, Mixed_Case VARCHAR(10))');
$dbh->do("INSERT INTO t_misc VALUES (1, 'a'), (2, NULL)");
my $sth = $dbh->prepare('SELECT Id, Mixed_Case FROM t_misc ORDER BY Id');
$sth->execute;
my $h = $sth->fetchrow_hashref;
print "FetchHashKeyName NAME_lc: ", join(',', sort keys %$h), "\n";
print "Database is dbh: ", ($sth->{Database} == $dbh ? 1 : 0), "\n";
$sth->finish;

my $c1 = DBI->connect_cached($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 });
my $c2 = DBI->connect_cached($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 });
print "connect_cached same handle: ", ($c1 == $c2 ? 1 : 0), "\n";
my $p1 = $dbh->prepare_cached('SELECT Id FROM t_misc WHERE Id = ?');
my $p2 = $dbh->prepare_cached('SELECT Id FROM t_misc WHERE Id = ?');
print "prepare_cached same handle: ", ($p1 == $p2 ? 1 : 0), "\n";

$sth = $dbh->prepare('SELECT Id, Mixed_Case FROM t_misc ORDER BY Id');
$sth->execute;
open my $out, '>', 'dump.txt' or die $!;
my $dumped = $sth->dump_results(35, "\n", ',', $out);
close $out;
open my $in, '<', 'dump.txt' or die $!;
print "dump_results $dumped: ", join('', <$in>);

my $ti = $dbh->table_info(undef, undef, 't_misc', 'TABLE');
my $t = $ti->fetchrow_hashref('NAME_uc');
print "table_info: ", lc($t->{TABLE_NAME} || ''), " ", ($t->{TABLE_TYPE} || ''), "\n";
$ti->finish;
my $ci = $dbh->column_info(undef, undef, 't_misc', undef);
my @cols;
while (my $c = $ci->fetchrow_hashref('NAME_uc')) { push @cols, lc $c->{COLUMN_NAME} }
print "column_info: @cols\n";

my $st = $dbh->prepare('SELECT 1 AS one');
print "before execute: Active=", ($st->{Active} ? 1 : 0), " Statement=$st->{Statement} NUM_OF_PARAMS=$st->{NUM_OF_PARAMS}\n";
$st->execute;
print "after execute: Active=", ($st->{Active} ? 1 : 0), "\n";
$st->finish;

$dbh->do('DROP TABLE t_misc');
print "disconnect: ", $dbh->disconnect, " Active=", ($dbh->{Active} ? 1 : 0), " ping=", ($dbh->ping ? 1 : 0), "\n";
$c1->disconnect;
print "done\n";
