# Exact error texts, codes and states as the real DBD reports them
# ($DBI::err, $DBI::errstr, $DBI::state, $h->err/errstr/state).
use strict;
use warnings;
use DBI;

my ($dsn, $user, $pass) = @ARGV;
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 0, PrintError => 0 }) or die $DBI::errstr;
my $drv = $dbh->{Driver}{Name};
$dbh->do('SET client_min_messages = warning') if $drv eq 'Pg';
$dbh->do('DROP TABLE IF EXISTS t_pe');
$dbh->do('CREATE TABLE t_pe (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
$dbh->do('INSERT INTO t_pe VALUES (1, 1)');
my @sql = ('INSERT INTO t_pe VALUES (1, 2)', 'INSERT INTO t_pe VALUES (2, NULL)', 'SELECT id FROM t_pe WHERE id = ?');
# DBD::Pg and DBD::mysql prepare on the client: these fail at execute; DBD::SQLite at prepare (08-prepare-errors.pl)
push @sql, 'SELECT * FROM nope_table', 'SELEC 1' if $drv ne 'SQLite';
push @sql, 'SELECT 1/0', q{SELECT CAST('abc' AS INTEGER)} if $drv eq 'Pg';
for my $sql (@sql) {
    my $rv = $dbh->do($sql, undef, ($sql =~ /\?/ ? (1) : ()));
    print "do [$sql] rv=", (defined $rv ? $rv : 'undef'), " err=", (defined $DBI::err ? $DBI::err : 'undef'), " state=", (defined $DBI::state ? $DBI::state : 'undef'), "\n";
    print "  errstr=", (defined $DBI::errstr ? $DBI::errstr : 'undef'), "\n";
    my $sth = $dbh->prepare($sql) or do { print "  prepare failed: $DBI::errstr\n"; next };
    $rv = $sth->execute($sql =~ /\?/ ? (1) : ());
    print "  execute rv=", (defined $rv ? 'defined' : 'undef'), " err=", (defined $sth->err ? $sth->err : 'undef'), " state=", $sth->state, " errstr=", (defined $sth->errstr ? $sth->errstr : 'undef'), "\n";
    if ($sql =~ /\?/) {
        # too many values (the state DBD::Pg leaves here is stale, not compared)
        $rv = $sth->execute(1, 2);
        print "  execute(1, 2) rv=", (defined $rv ? 'defined' : 'undef'), " err=", (defined $sth->err ? $sth->err : 'undef'), " errstr=", (defined $sth->errstr ? $sth->errstr : 'undef'), "\n";
        $rv = $sth->execute(1);
    }
}
$dbh->do('DROP TABLE t_pe');
$dbh->disconnect;
print "done\n";
