# SQL errors that DBD::SQLite reports at prepare time.
use strict;
use warnings;
use DBI;

my ($dsn, $user, $pass) = @ARGV;
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 0, PrintError => 0 }) or die $DBI::errstr;
for my $sql ('SELECT * FROM nope_table', 'SELEC 1') {
    my $sth = $dbh->prepare($sql);
    print "[$sql] prepare: ", ($sth ? 'ok' : "failed: $DBI::errstr"), "\n";
}
print "done\n";
