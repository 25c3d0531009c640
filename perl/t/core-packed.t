# Packed bulk replies and the X-Bridge-Cwd header through the real socket and
# client. The core has no method returning bulk data, so this test runs a
# daemon built from dist/ with a small extra helper (coretest.*).
use strict;
use warnings;
use utf8;
use Test::More;
use lib 'perl/t/lib';
use BridgeTest qw(root run_perl);
use File::Temp ();
use POSIX ();
use Time::HiRes ();

binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);
my $ROOT = root();
my $MAIN_PID = $$;
my $dir = File::Temp::tempdir('core-packed-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $XSOCK = "$dir/x.sock";
my $js = <<"JS";
import { createRequire } from 'node:module'
const require = createRequire('$ROOT/package.json')
const { Type } = require('\@sinclair/typebox')
const { buildServer } = await import('$ROOT/dist/src/server.js')
const { loadConfig } = await import('$ROOT/dist/src/config.js')
const { listenAll, prepareSocket } = await import('$ROOT/dist/src/listen.js')
const { bulk, Table } = await import('$ROOT/dist/src/packed.js')
const ALL = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
const tree = (d) => { let n = { content: 'leaf', id: '0', none: null }; for (let i = 1; i <= d; i++) n = { name: 'n' + i, attr: { k: String(i) }, child: [n, { content: 'sib ' + i + ' é😀' }] }; return { root: n } }
const FIX = {
  table: () => new Table([[1, 'é😀', ALL, null], [null, '', Buffer.alloc(0), 2.5], [-3, 'a\\r\\nb', null, 'x']], 4),
  tree: () => bulk(tree(40)),
  long: () => bulk({ s: 'ab€😀'.repeat(300000), b: Buffer.alloc(1100000, 0xab) }),
  scalars: () => bulk([null, '', 0, -1.5, 'x', true, false, { k: [] }]),
  mixed: () => ({ plain: { a: 1 }, rows: new Table([[1, null]], 2), doc: bulk({ x: ['y'] }) }),
  bytes: () => ({ key: ALL, list: [Buffer.from('x'), 'y', Buffer.alloc(0)] }),
  rows: (n) => new Table(Array.from({ length: n }, (_, i) => [i, 'row ' + i, i % 7 === 0 ? null : 'v' + i]), 3),
}
const extra = async (app) => {
  app.rpc.register('coretest', {
    cwd: { description: 'the caller cwd', params: Type.Object({}), result: Type.Unknown(), handler: (_p, ctx) => ({ cwd: ctx.cwd ?? null }) },
    bulk: { description: 'a packed fixture', params: Type.Object({ name: Type.String(), n: Type.Optional(Type.Integer()) }), result: Type.Unknown(), handler: ({ name, n }) => ({ value: FIX[name](n ?? 10) }) },
  })
}
const config = loadConfig(process.env, { socket: process.argv[2] }, { logLevel: 'silent', logFile: '', securityLogFile: '' })
await prepareSocket(config.socketPath)
const { close } = await listenAll(config, (c, o) => buildServer(c, { ...o, extraHelpers: [extra] }))
process.on('SIGTERM', () => { close().then(() => process.exit(0)) })
JS
open my $jfh, '>:encoding(UTF-8)', "$dir/xdaemon.mjs" or die $!; print $jfh $js; close $jfh;
my $xpid = fork // die "fork: $!";
if (!$xpid) { exec 'node', "$dir/xdaemon.mjs", $XSOCK or POSIX::_exit(127) }
END { if ($xpid && $$ == $MAIN_PID) { kill 'TERM', $xpid; waitpid $xpid, 0 } }
for (1 .. 1000) { last if -S $XSOCK; Time::HiRes::sleep(0.01) }
ok(-S $XSOCK, 'daemon with the extra helper is listening') or BAIL_OUT('no daemon');

$ENV{CPAN_BRIDGE_SOCKET} = $XSOCK;
require CPANBridge;
require CPANBridge::Packed;
{ no warnings 'once'; $CPANBridge::SOCKET = $XSOCK; }
my $x = CPANBridge->new;

subtest 'packed and JSON replies carry the same data' => sub {
    my $t = CPANBridge::Transport->new(socket => $XSOCK);
    for my $name (qw(table tree long scalars mixed bytes)) {
        my ($json, $jerr) = $x->rpc('coretest.bulk', { name => $name });
        my ($packed, $err) = $x->rpc('coretest.bulk', { name => $name }, { packed => 1 });
        ok(!$err && !$jerr, "$name: both forms answer") or diag explain [$jerr, $err];
        my %type;
        for my $accept ('application/json', 'application/vnd.cpan-bridge.packed, application/json') {
            my $res = $t->request('POST', '/rpc', { 'Content-Type' => 'application/json', Accept => $accept },
                qq({"jsonrpc":"2.0","id":1,"method":"coretest.bulk","params":{"name":"$name"}}));
            ($type{$accept}) = ($res->{headers}{'content-type'} // '') =~ /^([^;]*)/;
        }
        is_deeply([ @type{ 'application/json', 'application/vnd.cpan-bridge.packed, application/json' } ],
            [ 'application/json', 'application/vnd.cpan-bridge.packed' ], "$name: the reply is packed only when the client accepts it");
        is_deeply($packed->{value}, $json->{value}, "$name: same data");
    }
    my ($b) = $x->rpc('coretest.bulk', { name => 'bytes' }, { packed => 1 });
    ok($b->{value}{key} eq join('', map { chr } 0 .. 255) && !utf8::is_utf8($b->{value}{key}), 'bytes a helper returns bare arrive as a byte string');
    is_deeply($b->{value}{list}, [ 'x', 'y', '' ], 'bytes inside an array too');
};

subtest 'packed values decode exactly' => sub {
    my ($t) = $x->rpc('coretest.bulk', { name => 'table' }, { packed => 1 });
    my $rows = $t->{value};
    is($rows->[0][1], 'é😀', 'text cell decoded to characters');
    ok($rows->[0][2] eq join('', map { chr } 0 .. 255), 'bytes cell is the 256 bytes');
    ok(!utf8::is_utf8($rows->[0][2]), 'bytes cell is a byte string');
    ok(!defined $rows->[0][3] && !defined $rows->[1][0] && !defined $rows->[2][2], 'NULL cells are undef');
    is($rows->[1][1], '', 'empty string is not NULL');
    is($rows->[2][1], "a\r\nb", 'CRLF inside a cell');
    my ($big) = $x->rpc('coretest.bulk', { name => 'rows', n => 20_000 }, { packed => 1 });
    is(scalar @{ $big->{value} }, 20_000, '20 000 packed rows');
    is_deeply($big->{value}[14], [ 14, 'row 14', undef ], 'a NULL in a packed row');
    my ($l) = $x->rpc('coretest.bulk', { name => 'long' }, { packed => 1 });
    is(length $l->{value}{s}, 1_200_000, 'long text (> 1 MB) intact');
    is($l->{value}{s}, 'ab€😀' x 300_000, 'long text exact');
    is(length $l->{value}{b}, 1_100_000, 'long bytes intact');
    my ($tr) = $x->rpc('coretest.bulk', { name => 'tree' }, { packed => 1 });
    my $n = $tr->{value}{root};
    my $depth = 0;
    while ($n->{child}) { $n = $n->{child}[0]; $depth++ }
    is($depth, 40, 'deep tree: 40 levels');
    is_deeply($n, { content => 'leaf', id => '0', none => undef }, 'deep tree: the leaf');
    my ($s) = $x->rpc('coretest.bulk', { name => 'scalars' }, { packed => 1 });
    ok($s->{value}[5] && !$s->{value}[6], 'booleans keep their truth');
    my $r = $x->batch([ [ 'coretest', 'bulk', { name => 'table' } ], [ 'test', 'ping', {} ] ], { packed => 1 });
    ok($r->[0]{success} && $r->[1]{success}, 'packed batch');
    is($r->[0]{result}{value}[0][1], 'é😀', 'packed batch member decoded');
};

subtest 'packed requests' => sub {
    my @rows = ([ 1, 'é', undef ], [ '', "x\ny", "O'Brien" ]);
    my $body = CPANBridge::Packed::encode_table(\@rows, 3);
    is_deeply(CPANBridge::Packed::decode($body), \@rows, 'encode_table/decode round trip in Perl');
    my $enc = CPANBridge::Packed::encode({ a => [ 1, 'é', undef, CPANBridge::bytes("\xff") ], h => {} });
    is_deeply(CPANBridge::Packed::decode($enc), { a => [ 1, 'é', undef, "\xff" ], h => {} }, 'encode/decode round trip in Perl');
    ok(!eval { CPANBridge::Packed::decode("S\x05ab"); 1 }, 'truncated packed input dies');
    like($@, qr/packed:/, 'with a packed: message');
    my @undetected;
    for my $s ($enc, $body, CPANBridge::Packed::encode({ t => 'x' x 300, a => [ 1 .. 20 ] })) {
        for my $n (0 .. length($s) - 1) { push @undetected, $n if eval { CPANBridge::Packed::decode(substr $s, 0, $n); 1 } }
    }
    is_deeply(\@undetected, [], 'every truncation of a packed value dies (none decodes to short data)');
    # the framed request form the daemon accepts: <len>\n<envelope><bytes>
    my $env = JSON::PP->new->utf8->canonical->encode({ jsonrpc => '2.0', id => 1, method => 'test.echo', params => { rows => { '$packed' => [ 0, length $body ] } } });
    my $t = CPANBridge::Transport->new(socket => $XSOCK);
    my $res = $t->request('POST', '/rpc', { 'Content-Type' => 'application/vnd.cpan-bridge.packed' }, length($env) . "\n" . $env . $body);
    my $reply = JSON::PP->new->utf8->decode($res->{content});
    is_deeply($reply->{result}{rows}, \@rows, 'a packed table request reaches the daemon intact');
};

subtest 'X-Bridge-Cwd' => sub {
    my $odd = File::Temp::tempdir("cwd-%20 & sp ace-XXXXXX", TMPDIR => 1, CLEANUP => 1);
    my $uni = "$odd/\x{e9}t\x{e9} 😀";
    my $bytes = $uni; utf8::encode($bytes);
    mkdir $bytes or die "mkdir: $!";
    for my $d ($odd, $bytes) {
        my ($out, $err) = run_perl('use CPANBridge; use Cwd; my $r = CPANBridge->new->call("coretest", "cwd", {}); my $c = Cwd::getcwd(); utf8::decode($c); print $r->{result}{cwd} eq $c ? "same" : "diff"', inc => ["$ROOT/perl/lib"], cwd => $d);
        is($out, 'same', 'the daemon sees the client\'s cwd exactly') or diag $err;
    }
};

done_testing;
