# SQL errors that DBD::SQLite reports at prepare (not at execute) come from
# prepare through the bridge too.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root);
use lib 'perl/t/data/db';
use DBDiff;
use Test::More;

db_compare('SQLite', root() . '/perl/t/data/db/prepare-errors.pl');
done_testing;
