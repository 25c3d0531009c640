# Issue 17, items 3 and 4: database.* called directly, as the old bridge's
# scripts do (CPANBridge->call_python('database', ...)).
#
# Item 3: connect_cached's key is DBI's (dsn, user, password, the attributes
# sorted by name): a Perl hash hands its keys over in a random order, and the
# same call made 12 times with 3 options must give one connection, not one per
# order the hash happened to iterate in.
# Item 4: an execute's column_info is the old helper's: `types` are type
# names, `columns` one record a column (name, type, precision, scale,
# nullable); database.column_info has the same `columns` list.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root);
use lib 'perl/t/data/db';
use DBDiff;
use Fcntl ();
use File::Spec ();
use File::Temp ();
use Test::More;
use CPANBridge;

my $b = CPANBridge->new;
my ($dsn, $user, $pass) = db_target('Pg');
ok($dsn, 'PostgreSQL target configured (scripts/test-services.sh start)') or BAIL_OUT('no PostgreSQL');

sub call {
    my ($fn, $params) = @_;
    my $r = $b->call_python('database', $fn, $params);
    ok($r->{success}, "database.$fn succeeds") or diag(explain($r));
    return $r->{result} || {};
}

# --- item 3 -------------------------------------------------------------------
{
    my %ids;
    my $orders = 0;
    my %seen_order;
    for (1 .. 12) {
        # a fresh hash each time, as a script's literal is: its key order is Perl's to choose
        my %options = (AutoCommit => 1, RaiseError => 1, PrintError => 0);
        $seen_order{ join ',', keys %options }++;
        my $r = $b->call_python('database', 'connect_cached', { dsn => $dsn, username => $user, password => $pass, options => \%options });
        ok($r->{success}, 'connect_cached succeeds') or diag(explain($r));
        $ids{ $r->{result}{connection_id} }++ if $r->{success};
    }
    note('key orders the 12 hashes iterated in: ' . scalar(keys %seen_order));
    is(scalar(keys %ids), 1, '12 identical connect_cached calls with 3 options: one connection');

    # what DBI's key holds still tells connections apart
    my $one = (keys %ids)[0];
    my $off = call('connect_cached', { dsn => $dsn, username => $user, password => $pass, options => { RaiseError => 1, PrintError => 0, AutoCommit => 0 } });
    isnt($off->{connection_id}, $one, 'another AutoCommit value: another connection');
    my $attr = call('connect_cached', { dsn => $dsn, username => $user, password => $pass, attr => { PrintError => 0, RaiseError => 1, AutoCommit => 1 } });
    is($attr->{connection_id}, $one, 'the same attributes as attr instead of options: the same connection');
    my $bool = call('connect_cached', { dsn => $dsn, username => $user, password => $pass,
        options => { AutoCommit => JSON::PP::true(), RaiseError => JSON::PP::true(), PrintError => JSON::PP::false() } });
    is($bool->{connection_id}, $one, 'true/false for 1/0 (as the DBI facade sends them): the same connection');
    ok($bool->{cached}, '... and marked cached');
    call('disconnect', { connection_id => $_ }) for $one, $off->{connection_id};
}

# --- item 4 -------------------------------------------------------------------
sub check_column_info {
    my ($label, $ci, $want) = @_;
    is($ci->{count}, scalar @$want, "$label: count");
    is_deeply($ci->{names}, [ map { $_->[0] } @$want ], "$label: names");
    is_deeply($ci->{types}, [ map { $_->[1] } @$want ], "$label: types are type names");
    is(ref $ci->{columns}, 'ARRAY', "$label: columns is a list") or return;
    for my $i (0 .. $#$want) {
        my ($name, $type, $prec, $scale) = @{ $want->[$i] };
        my $c = $ci->{columns}[$i];
        is($c->{name}, $name, "$label: columns[$i]{name}");
        is($c->{type}, $type, "$label: columns[$i]{type}");
        ok(exists $c->{$_}, "$label: columns[$i] has $_") for qw(precision scale nullable);
        is($c->{precision}, $prec, "$label: columns[$i]{precision}") if defined $prec;
        is($c->{scale}, $scale, "$label: columns[$i]{scale}") if defined $scale;
    }
}

{
    my $lock;
    open $lock, '>>', File::Spec->catfile(File::Spec->tmpdir, 'cpan-bridge-db-tests.lock') or die $!;
    flock $lock, Fcntl::LOCK_EX() or die $!;
    my $c = call('connect', { dsn => $dsn, username => $user, password => $pass });
    my $cid = $c->{connection_id};
    my $sql = q{SELECT 123::numeric(10,2) AS num_col, 'test'::varchar(20) AS text_col, 7::integer AS int_col};
    my @want = ([ 'num_col', 'NUMERIC', 10, 2 ], [ 'text_col', 'VARCHAR' ], [ 'int_col', 'INTEGER' ]);
    my $r = call('execute_immediate', { connection_id => $cid, sql => $sql });
    check_column_info('Pg execute_immediate', $r->{column_info}, \@want);
    my $p = call('prepare', { connection_id => $cid, sql => $sql });
    my $e = call('execute_statement', { connection_id => $cid, statement_id => $p->{statement_id} });
    check_column_info('Pg execute_statement', $e->{column_info}, \@want);

    call('do_statement', { connection_id => $cid, sql => 'DROP TABLE IF EXISTS cb_old_colinfo' });
    call('do_statement', { connection_id => $cid, sql => 'CREATE TABLE cb_old_colinfo (id integer NOT NULL, salary numeric(10,2), name varchar(100))' });
    my $ci = call('column_info', { connection_id => $cid, table => 'cb_old_colinfo' });
    is_deeply([ map { [ @{$_}{qw(name type precision scale nullable)} ] } @{ $ci->{columns} || [] } ],
        [ [ 'id', 'integer', 32, 0, 0 ], [ 'salary', 'numeric', 10, 2, 1 ], [ 'name', 'character varying', 100, undef, 1 ] ],
        'Pg column_info: columns (name, type, precision, scale, nullable) one record a column');
    ok(ref $ci->{rows} && @{ $ci->{names} } >= 18, 'Pg column_info: DBI\'s names and rows are still there (the DBI facade reads them)');
    call('do_statement', { connection_id => $cid, sql => 'DROP TABLE cb_old_colinfo' });
    call('disconnect', { connection_id => $cid });
    close $lock;
}

{
    my $dir = File::Temp::tempdir(CLEANUP => 1);
    my $c = call('connect', { dsn => "dbi:SQLite:dbname=$dir/t.db" });
    my $cid = $c->{connection_id};
    call('do_statement', { connection_id => $cid, sql => 'CREATE TABLE t (a INTEGER, b TEXT)' });
    my $r = call('execute_immediate', { connection_id => $cid, sql => 'SELECT a, b FROM t' });
    check_column_info('SQLite execute_immediate', $r->{column_info}, [ [ 'a', 'INTEGER' ], [ 'b', 'TEXT' ] ]);
    call('disconnect', { connection_id => $cid });
}

done_testing;
