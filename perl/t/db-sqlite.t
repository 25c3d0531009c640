# Differential tests, SQLite: every script in perl/t/data/db runs with the real
# DBI + DBD::SQLite and with perl/compat's DBI through the daemon; outputs must match.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root);
use lib 'perl/t/data/db';
use DBDiff;
use Test::More;
use File::Spec;

my ($dsn, $user, $pass) = db_target('SQLite', File::Spec->tmpdir);

db_compare('SQLite', $_) for db_scripts();

done_testing;
