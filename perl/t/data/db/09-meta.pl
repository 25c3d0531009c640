# Column metadata (TYPE, PRECISION, SCALE, NULLABLE) and bind_param_inout.
# Not compared (see docs/dbi.md): SQLite's
# PRECISION/SCALE, NULLABLE for PostgreSQL and SQLite (the daemon reports 2, unknown).
use strict;
use warnings;
use DBI;

my ($dsn, $user, $pass) = @ARGV;
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0 }) or die $DBI::errstr;
my $drv = $dbh->{Driver}{Name};
$dbh->do('SET client_min_messages = warning') if $drv eq 'Pg';
$dbh->do('DROP TABLE IF EXISTS t_meta');
$dbh->do('CREATE TABLE t_meta (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(20), amount DECIMAL(10,3), d DATE)');
my $sth = $dbh->prepare('SELECT id, name, amount, d FROM t_meta');
$sth->execute;
my $show = sub { my $k = shift; print "$k=", join(',', map { defined $_ ? $_ : 'undef' } @{ $sth->{$k} || [] }), "\n" };
$show->('NAME');
$show->('TYPE');
if ($drv ne 'SQLite') { $show->('PRECISION'); $show->('SCALE') }
$show->('NULLABLE') if $drv =~ /^(?:mysql|MariaDB)$/;
$sth->finish;
if ($drv eq 'Pg') {
    my $x = 41;
    my $s = $dbh->prepare('SELECT ?::int + 1');
    print "bind_param_inout: ", $s->bind_param_inout(1, \$x, 100), "\n";
    $s->execute;
    print "after execute x=$x\n";
    my @r = $s->fetchrow_array;
    print "after fetch row=@r x=$x\n";
}
$dbh->do('DROP TABLE t_meta');
$dbh->disconnect;
print "done\n";
