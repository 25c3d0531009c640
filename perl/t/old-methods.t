# Issue 17, item 5: the old bridge's methods its scripts call that this
# daemon lacked: database.get_connection_error / get_statement_error
# ($dbh->errstr / $sth->errstr), system.info, test.stats, and test.ping's
# daemon_version and uptime. Shapes as the old daemon's (cpan_daemon.py,
# helpers/database.py) answered them.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest;
use File::Temp ();
use Test::More;
use CPANBridge;

my $b = CPANBridge->new;

# --- test.ping ---------------------------------------------------------------
my $ping = $b->call_python('test', 'ping', { probe => 42 });
ok($ping->{success}, 'test.ping succeeds');
my $p = $ping->{result} || {};
is($p->{message}, 'pong', 'test.ping: message pong');
like($p->{daemon_version}, qr/^\d+\.\d+\.\d+/, 'test.ping: daemon_version');
like($p->{uptime}, qr/^\d+(?:\.\d+)?$/, 'test.ping: uptime in seconds');
is($p->{platform}, $^O, 'test.ping: platform');
# the old ping's counters and params echo are not in the reply (no old script reads them from ping, and
# they made the cheapest round trip a quarter slower): the counters are test.stats
ok(!exists $p->{stats} && !exists $p->{input}, 'test.ping: no counters or params echo');

# --- system.info -------------------------------------------------------------
my $info = $b->call_python('system', 'info', {});
ok($info->{success}, 'system.info succeeds') or diag(explain($info));
my $i = $info->{result} || {};
like($i->{daemon_version}, qr/^\d+\.\d+\.\d+/, 'system.info: daemon_version');
is($i->{socket_path}, $ENV{CPAN_BRIDGE_SOCKET}, 'system.info: socket_path is the daemon\'s socket');
ok(defined $i->{$_}, "system.info: $_") for qw(platform working_directory uptime active_connections);
ok((grep { $_ eq 'database' } @{ $i->{loaded_modules} || [] }), 'system.info: loaded_modules lists database');
ok(defined $i->{configuration}{$_}, "system.info: configuration.$_") for qw(max_connections max_request_size connection_timeout cleanup_interval);

# --- test.stats (and system.stats, which has the same counters) ----------------
for my $m ([ 'test', 'stats' ], [ 'system', 'stats' ]) {
    my $r = $b->call_python(@$m, {});
    my $name = join '.', @$m;
    ok($r->{success}, "$name succeeds") or diag(explain($r));
    my $s = $r->{result} || {};
    ok(defined $s->{$_}, "$name: $_") for qw(requests_processed requests_failed requests_rejected validation_failures security_events);
    ok(defined $s->{security_metrics}{total_events}, "$name: security_metrics.total_events");
    ok(defined $s->{validation_config}{$_}, "$name: validation_config.$_") for qw(strict_mode max_string_length max_array_length max_object_depth max_param_count);
}

# --- database.get_connection_error / get_statement_error ------------------------
my $dir = File::Temp::tempdir(CLEANUP => 1);
my $c = $b->call_python('database', 'connect', { dsn => "dbi:SQLite:dbname=$dir/t.db" });
ok($c->{success}, 'connect');
my $cid = $c->{result}{connection_id};

my $e = $b->call_python('database', 'get_connection_error', { connection_id => $cid });
ok($e->{success}, 'get_connection_error succeeds on a live connection') or diag(explain($e));
is($e->{result}{errstr}, '', 'no error yet: errstr is empty');

my $bad = $b->call_python('database', 'do_statement', { connection_id => $cid, sql => 'SELECT * FROM no_such_table_x' });
ok(!$bad->{success}, 'a failing statement fails');
$e = $b->call_python('database', 'get_connection_error', { connection_id => $cid });
like($e->{result}{errstr}, qr/no_such_table_x/, 'get_connection_error: the last error\'s message');
ok(length $e->{result}{state}, 'get_connection_error: a SQLSTATE');

$b->call_python('database', 'do_statement', { connection_id => $cid, sql => 'CREATE TABLE t (a INTEGER)' });
$e = $b->call_python('database', 'get_connection_error', { connection_id => $cid });
is($e->{result}{errstr}, '', 'a successful call clears it (as DBI resets err)');

my $st = $b->call_python('database', 'prepare', { connection_id => $cid, sql => 'INSERT INTO t (a) VALUES (?)' });
my $sid = $st->{result}{statement_id};
my $se = $b->call_python('database', 'get_statement_error', { statement_id => $sid });
ok($se->{success}, 'get_statement_error succeeds on a live statement') or diag(explain($se));
is($se->{result}{errstr}, '', 'get_statement_error: empty before an error');
my $ex = $b->call_python('database', 'execute_statement', { connection_id => $cid, statement_id => $sid, bind_values => [ 1, 2 ] });
ok(!$ex->{success}, 'executing with the wrong number of values fails');
$se = $b->call_python('database', 'get_statement_error', { statement_id => $sid });
ok(length $se->{result}{errstr}, 'get_statement_error: the statement\'s last error') or diag(explain($se));
$e = $b->call_python('database', 'get_connection_error', { connection_id => $cid });
is($e->{result}{errstr}, $se->{result}{errstr}, 'a statement\'s error is its connection\'s errstr too');

for ([ 'get_connection_error', connection_id => 'test_conn' ], [ 'get_statement_error', statement_id => 'test_stmt' ]) {
    my ($fn, @params) = @$_;
    my $r = $b->call_python('database', $fn, {@params});
    ok(!$r->{success}, "$fn with an unknown id fails (the old helper: Invalid ... ID)");
    unlike($r->{error} || '', qr/not allowed|unauthorized|not found: database/i, "$fn is a known method");
}
$b->call_python('database', 'disconnect', { connection_id => $cid });

done_testing;
