# DBIHelper, the old bridge's module name: the essential steps of its
# Test_Scripts (test_dbi_compatibility.pl, test_dbi_complete.pl) run with
# only perl/lib on @INC (no perl/compat, no real DBI), on SQLite and PostgreSQL.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl root);
use lib 'perl/t/data/db';
use DBDiff;
use Fcntl ();
use File::Spec ();
use File::Temp ();
use Test::More;

my $script = slurp(root() . '/perl/t/data/db/dbihelper/compat.pl');

sub expected {
    my ($pg) = @_;
    my $dump = $pg ? "'Test','Data'\n\"O'Brien\",undef\n2 rows\n" : "'Test','Data'\n'O''Brien',undef\n2 rows\n";
    return <<"END";
1 connected ref=DBIHelper isa=1 id=yes
2 do insert: 1
3 prepared ref=DBIHelper::StatementHandle isa=1 statement_id=yes
4 execute: true
5 NUM_OF_FIELDS: 2 NAME_uc: CURRENT_ID, CURRENT_COL NAME: current_id, current_col
6 row: 1, Test
7 neat_list: 'CURRENT_ID','CURRENT_COL'
8 dump_results: 2 [Test,Data
O'Brien,
]
9 fetchrow_arrayref: Test | Data
10 fetchrow_hashref: col1=Test, col2=Data
11 fetchall_arrayref: 2 last=O'Brien | NULL
12 fetchall_hashref without key: ARRAY 2 O'Brien
13 bind: O'Brien
14 transaction: ok rows=2
15 RaiseError died: yes errstr set: 1 class errstr set: 1
16 attr-first connect: ok
17 finish/disconnect: 1 1
18 failed connect: undef errstr: set
END
}

for my $drv ('SQLite', 'Pg') {
    my $dir = File::Temp::tempdir(CLEANUP => 1);
    my ($dsn, $user, $pass) = db_target($drv, $dir);
    ok($dsn, "$drv target configured") or next;
    my $lock;
    if ($drv ne 'SQLite') {    # shared test database, fixed table names: one run at a time
        open $lock, '>>', File::Spec->catfile(File::Spec->tmpdir, 'cpan-bridge-db-tests.lock') or die $!;
        flock $lock, Fcntl::LOCK_EX() or die $!;
    }
    my ($out, $err, $code) = run_perl($script, inc => [ root() . '/perl/lib' ], args => [ $dsn, $user, $pass ], cwd => $dir);
    close $lock if $lock;
    is($out, expected($drv eq 'Pg'), "$drv: the old DBIHelper test steps print what they did with the old bridge");
    is($code, 0, "$drv: exit 0");
    # PrintError and RaiseError both on (step 15): DBI warns the message, then dies with it.
    like($err, qr/\ADBD::\Q$drv\E::(?:st execute|db prepare) failed: .*no_such_table_x.* at \S+ line \d+\.\n\z/s, "$drv: PrintError's warning, in DBI's form, is all of stderr");
}

# DBIHelper must not need the real DBI: the DBI it loads is the facade's, from perl/compat.
my ($out) = run_perl('use Cwd; use DBIHelper; print Cwd::abs_path($INC{"DBI.pm"}), "\n";', inc => [ root() . '/perl/lib' ]);
is($out, root() . "/perl/compat/DBI.pm\n", 'DBIHelper loads the facade DBI.pm, not the host\'s DBI');

done_testing;
