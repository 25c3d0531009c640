# Issue 17, item 2: call_python's result in both of the old bridge's shapes.
#
# The old bridge's User Guide scripts read { success, result => {...} }; its
# later releases returned the inner result itself ({ success => 1,
# connection_id => ... } from database.connect, { message => 'pong' } from
# test.ping) and its Test_Scripts read $r->{connection_id}. A hash result's
# keys are also at the top level, except where they would change what
# success/result/error mean.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(old_bridge old_bridge_file);
use Test::More;
use CPANBridge;

my $b = CPANBridge->new;

my $r = $b->call_python('test', 'ping', {});
is($r->{success}, 1, 'test.ping: success');
is($r->{result}{message}, 'pong', 'User Guide form: $r->{result}{message}');
is($r->{message}, 'pong', 'later releases\' form: $r->{message}');

$r = $b->call_python('database', 'connect', { dsn => 'dbi:SQLite:dbname=:memory:' });
ok($r->{success}, 'database.connect') or diag $r->{error};
like($r->{connection_id} // '', qr/\S/, 'connection_id at the top level, as the old Test_Scripts read it');
is($r->{connection_id}, $r->{result}{connection_id}, 'the same id under result');
my $ping = $b->call_python('database', 'ping', { connection_id => $r->{connection_id} });
ok($ping->{success} && $ping->{alive}, 'the top-level id names the connection') or diag $ping->{error};
$b->call('database', 'disconnect', { connection_id => $r->{connection_id} });

# keys that would change the meaning of the envelope stay under result only
$r = $b->call('test', 'echo', { success => 0, result => 'inner', error => 'not an error', error_type => 'x',
    error_data => {}, error_code => 7, v => 1, list => [1, 2] });
is($r->{success}, 1, 'a result key "success" does not override success');
ok(!exists $r->{error}, 'a result key "error" is not at the top level (a successful call has no error)');
ok(!exists $r->{$_}, "nor $_") for qw(error_type error_data error_code);
is(ref $r->{result}, 'HASH', 'result is the whole result');
is($r->{result}{success}, 0, 'result keeps its own "success"');
is($r->{result}{result}, 'inner', 'and its own "result"');
is($r->{v}, 1, 'other keys are at the top level');
is($r->{list}, $r->{result}{list}, 'as the same references (a shallow copy)');

# a result that is not a hash is only under result
for my $res ([1, 2], 'text', 0, undef) {
    my $o = CPANBridge::_outcome({ jsonrpc => '2.0', id => 1, result => $res });
    is_deeply($o, { success => 1, result => $res }, 'non-hash result ' . (defined $res ? (ref $res || "'$res'") : 'null') . ': { success, result } only');
}

# failures keep their shape
$r = $b->call_python('test', 'no_such_function', {});
is($r->{success}, 0, 'an unknown method fails');
like($r->{error}, qr/\S/, 'with an error message');
ok(!exists $r->{result}, 'and no result');

# batch results have the same shape
my $replies = $b->batch([ [ 'test', 'echo', { n => 1 } ], [ 'test', 'ping', {} ] ]);
is($replies->[0]{n}, 1, 'batch: first result\'s keys at the top level');
is($replies->[0]{result}{n}, 1, 'and under result');
is($replies->[1]{message}, 'pong', 'batch: second');

# what the old bridge itself does, when its source is at hand
SKIP: {
    skip $BridgeTest::OLD_BRIDGE_UNSET, 1 unless old_bridge();
    my $src = old_bridge_file('CPANBridge.pm');
    like($src, qr/return \$result->\{result\};\s*# Return inner result/,
        'the old bridge\'s call_python returns the inner result (its later releases\' form)');
}

done_testing;
