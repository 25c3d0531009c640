use strict;
use warnings;
use Test::More;
use lib 'perl/t/lib';
use BridgeTest;
use CPANBridge;
use CPANBridge::Packed;

my $b = CPANBridge->new;

# rpc_begin / rpc_end: the call runs while we do other calls on the main connection.
my $p = $b->rpc_begin('test.sleep', { ms => 200 });
ok($p, 'rpc_begin sends the call');
is($b->rpc_begin('test.ping', {}), undef, 'a second rpc_begin while one is outstanding is refused (caller uses rpc)');
my ($pong) = $b->rpc('test.ping', {});
is($pong->{message}, 'pong', 'the main connection works while the side call is outstanding');
my ($r, $e) = $b->rpc_end($p);
is_deeply($r, { slept_ms => 200 }, 'rpc_end returns the result of the begun call');
ok(!$e, 'and no error');
my $p2 = $b->rpc_begin('test.ping', {});
ok($p2, 'after rpc_end a new call can begin');
($r) = $b->rpc_end($p2);
is($r->{message}, 'pong', 'and its reply is read');

# An error reply comes back as ($undef, $error).
$p = $b->rpc_begin('test.sleep', { ms => 'x' });
($r, $e) = $b->rpc_end($p);
is($r, undef, 'no result for a bad call');
is($e->{type}, 'invalid_params', 'the error type of a begun call');
like($e->{message}, qr/params\.ms/, 'names the field');

# packed_params: a param travels as packed bytes and arrives as the same data.
my @rows = ([1, "O'Brien", undef], ['', "\x{263a} <b>", '../x']);
($r, $e) = $b->rpc('test.echo', { tag => 't' }, { packed_params => { rows => CPANBridge::Packed::encode_table(\@rows, 3) } });
ok(!$e, 'a call with packed params succeeds') or diag explain $e;
is_deeply($r, { tag => 't', rows => [['1', "O'Brien", undef], ['', "\x{263a} <b>", '../x']] }, 'packed params arrive as the same values');

# flat_tables: a packed table decodes into one flat array of cells.
my $flat = CPANBridge::Packed::decode(CPANBridge::Packed::encode_table(\@rows, 3), { flat_tables => 1 });
isa_ok($flat, 'CPANBridge::Packed::Flat');
is($flat->[0], 3, 'flat table keeps its column count');
is_deeply($flat->[1], ['1', "O'Brien", undef, '', "\x{263a} <b>", '../x'], 'cells row after row, NULL as undef');
is_deeply(CPANBridge::Packed::decode(CPANBridge::Packed::encode_table([], 2)), [], 'an empty table decodes to no rows');
is_deeply(CPANBridge::Packed::decode(CPANBridge::Packed::encode_table([], 2), { flat_tables => 1 })->[1], [], 'and to no cells when flat');

done_testing;
