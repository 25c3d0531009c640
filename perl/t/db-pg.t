# Differential tests, Pg: every script in perl/t/data/db runs with the real
# DBI + DBD::Pg and with perl/compat's DBI through the daemon; outputs must match.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root);
use lib 'perl/t/data/db';
use DBDiff;
use Test::More;
use File::Spec;

my ($dsn, $user, $pass) = db_target('Pg', File::Spec->tmpdir);
# A server test without its server fails (scripts/test-services.sh start writes .test-services/env).
ok($dsn, 'Pg test server configured in .test-services/env') or do { done_testing; exit };
{
    require DBI;
    my $dbh = DBI->connect($dsn, $user, $pass, { PrintError => 0 });
    ok($dbh, "Pg test server answers at $dsn") or diag "connect: " . DBI->errstr;
    $dbh->disconnect if $dbh;
}

db_compare('Pg', $_) for db_scripts();

done_testing;
