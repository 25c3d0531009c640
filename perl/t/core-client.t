# The Perl client (CPANBridge, CPANBridge::Transport, CPANBridge::Packed)
# through the real socket: call shapes, batch, globals, awkward values, bytes,
# packed replies, session and cwd headers, keep-alive, fork.
use strict;
use warnings;
use utf8;
use Test::More;
use lib 'perl/t/lib';
use BridgeTest qw(root run_perl);
use CPANBridge;
use CPANBridge::Packed;
use File::Temp ();
use POSIX ();
use Time::HiRes ();

binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);
my $ROOT = root();
my $SHARED = $ENV{CPAN_BRIDGE_SOCKET};

my $MAIN_PID = $$;
sub socket_inodes { my %s; for (glob "/proc/$$/fd/*") { my $l = readlink $_ or next; $s{$1} = 1 if $l =~ /^socket:\[(\d+)\]/ } return join ',', sort keys %s }

my $b = CPANBridge->new(debug => 0);

subtest 'call_python and call shapes' => sub {
    my $r = $b->call_python('test', 'ping', {});
    is($r->{success}, 1, 'success 1');
    is($r->{result}{message}, 'pong', 'result pong');
    ok(!defined $r->{error}, 'no error on success');
    $r = $b->call('test', 'ping', []);
    is($r->{result}{message}, 'pong', 'params [] is no params');
    $r = $b->call('test', 'ping');
    is($r->{result}{message}, 'pong', 'params omitted');
    $r = $b->call('test', 'sleep', { ms => 'x' });
    is($r->{success}, 0, 'failure has success 0');
    is($r->{error_type}, 'invalid_params', 'error_type from data.type');
    like($r->{error}, qr/params\.ms/, 'error names the field');
    is($r->{error_code}, -32602, 'error_code');
    is($b->{last_error}, $r->{error}, 'last_error kept');
    $r = $b->call('nosuch', 'thing', {});
    is($r->{error_type}, 'method_not_found', 'unknown method');
    my ($res, $err) = $b->rpc('test.echo', { a => 1 });
    is_deeply($res, { a => 1 }, 'rpc returns the result');
    ok(!defined $err, 'and no error');
    ($res, $err) = $b->rpc('test.sleep', { ms => -1 });
    ok(!defined $res, 'rpc failure: undef result');
    is($err->{type}, 'invalid_params', 'rpc error hash type');
    is($err->{code}, -32602, 'rpc error hash code');
    ok(!eval { $b->call(undef, 'x'); 1 } && $@ =~ /Usage/, 'misuse croaks with usage');
};

subtest 'batch' => sub {
    my $r = $b->batch([ [ 'test', 'echo', { n => 1 } ], { module => 'test', function => 'sleep', params => { ms => 'x' } }, [ 'test', 'echo', { n => 3 } ] ]);
    is(scalar @$r, 3, 'three replies');
    is_deeply($r->[0]{result}, { n => 1 }, 'first in order');
    is($r->[1]{error_type}, 'invalid_params', 'error member in place');
    is_deeply($r->[2]{result}, { n => 3 }, 'third in order');
    $r = $b->batch([ [ 'test', 'ping', [] ] ]);
    is(scalar @$r, 1, 'batch of one');
    is($r->[0]{result}{message}, 'pong', 'batch of one answers');
    is_deeply($b->batch([]), [], 'empty batch sends nothing');
    my @many = map { [ 'test', 'echo', { i => $_ } ] } 1 .. 500;
    $r = $b->batch(\@many);
    is_deeply([ map { $_->{result}{i} } @$r ], [ 1 .. 500 ], '500 calls in order');
};

subtest 'globals and debug' => sub {
    is($CPANBridge::DAEMON_MODE, 1, 'DAEMON_MODE defaults to 1');
    is($CPANBridge::DEBUG_LEVEL, ($ENV{CPAN_BRIDGE_DEBUG} || 0), 'DEBUG_LEVEL from env');
    local $ENV{CPAN_BRIDGE_DEBUG} = 2;
    local $ENV{CPAN_BRIDGE_DAEMON} = 0;
    my ($out, $err, $code) = run_perl('use CPANBridge; print "$CPANBridge::DEBUG_LEVEL $CPANBridge::DAEMON_MODE\n"', inc => ["$ROOT/perl/lib"]);
    is($out, "2 0\n", 'CPAN_BRIDGE_DEBUG and CPAN_BRIDGE_DAEMON set the globals');
    delete local $ENV{CPAN_BRIDGE_DEBUG};
    delete local $ENV{CPAN_BRIDGE_DAEMON};
    ($out, $err, $code) = run_perl('use CPANBridge; my $b = CPANBridge->new(debug => 1); my $r = $b->call("test", "ping", {}); print $r->{result}{message}', inc => ["$ROOT/perl/lib"]);
    is($out, 'pong', 'debug client works');
    like($err, qr/^\[CPANBridge \d+\] test\.ping ok in [\d.]+ ms$/m, 'debug => 1 logs each call on STDERR');
};

my %AWKWARD = (
    empty => '', zero => 0, zero_str => '0', space => ' ', undef => undef,
    sql => q{' OR 1=1; --}, path => '../../etc/passwd', html => '<script>alert(1)</script>',
    crlf => "a\r\nb\rc\n", dot => "a\n.\nb", unicode => 'é ñ 中文 😀 𝔘 e' . "\x{301}" . " \x{202E}rtl\x{202C} \x{2028}",
    latin1 => "caf\xe9", control => join('', map { chr } 1 .. 31, 127), long => ('x€' x 600_000),
    nested => { a => [ 1, [ 2, [ 3, { b => undef } ] ] ], '' => 'empty key', 'k é' => 'v' },
    numbers => [ 0, -1, 1.5, 1e15, -0.001 ], bigint => '123456789012345678901234567890',
);

subtest 'echo of awkward values through the socket' => sub {
    for my $k (sort keys %AWKWARD) {
        my $r = $b->call('test', 'echo', { v => $AWKWARD{$k} });
        ok($r->{success}, "$k echoed") or diag $r->{error};
        is_deeply($r->{result}{v}, $AWKWARD{$k}, "$k unchanged") if $k ne 'numbers';
    }
    # numbers compare as numbers: 1e15 is "1e+15" in Perl, 1000000000000000 in JSON
    my $n = $b->call('test', 'echo', { v => $AWKWARD{numbers} })->{result}{v};
    ok(@$n == 5 && !grep({ $n->[$_] != $AWKWARD{numbers}[$_] } 0 .. 4), 'numbers unchanged (numerically)');
    my $all = join '', map { chr } 0 .. 255;
    my $r = $b->call('test', 'echo', { bin => CPANBridge::bytes($all), list => [ CPANBridge::bytes("\0\xff"), CPANBridge::bytes('') ] });
    ok($r->{success}, 'bytes echoed');
    ok($r->{result}{bin} eq $all, 'all 256 byte values survive');
    ok(!utf8::is_utf8($r->{result}{bin}), 'bytes come back as a byte string');
    is(length $r->{result}{bin}, 256, 'length 256');
    is_deeply($r->{result}{list}, [ "\0\xff", '' ], 'bytes inside arrays, empty bytes');
};

subtest 'session header: one session per process, listed in system.connections' => sub {
    my $id = $b->session_id;
    like($id, qr/^perl-$$-[0-9a-f]{32}$/, 'session id names the pid');
    is($b->session_id, $id, 'stable within the process');
    is(CPANBridge->new->session_id, $id, 'every CPANBridge object of a process shares it');
    my $c = $b->call('system', 'connections', {})->{result};
    # listed under a public id (the session id grants the session), which keeps its "perl-<pid>-" prefix
    my ($me) = grep { index($_->{connection_id}, "perl-$$-") == 0 } @{ $c->{connections} };
    ok(!grep({ $_->{connection_id} eq $id || $_->{id} eq $id } @{ $c->{connections} }), 'the session id itself is not listed');
    ok($me, 'system.connections lists this process') or diag explain $c;
    ok($me->{requests_count} > 10, 'with its request count');
};

subtest 'X-Bridge-Cwd: a cwd that is not UTF-8 (Latin-1 directory name) does not break calls' => sub {
    my $base = File::Temp::tempdir('core-cwd-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my $latin1 = "$base/caf\xe9 r\xe9sum\xe9";
    mkdir $latin1 or die "mkdir: $!";
    my ($out, $err) = run_perl('use CPANBridge; my $r = CPANBridge->new->call("test", "ping", {}); print $r->{success} ? "ok" : "failed: $r->{error}"', inc => ["$ROOT/perl/lib"], cwd => $latin1);
    is($out, 'ok', 'test.ping from a Latin-1 named directory') or diag $err;
};

subtest 'keep-alive: many calls, one connection' => sub {
    $b->call('test', 'ping', {});
    my $before = socket_inodes();
    ok(length $before, 'a socket is open');
    $b->call('test', 'ping', {}) for 1 .. 300;
    $b->batch([ map { [ 'test', 'ping', {} ] } 1 .. 10 ]) for 1 .. 10;
    is(socket_inodes(), $before, 'same socket after 400 calls (no reconnects)');
};

subtest 'fork: parent and child both call; the child has its own session and connection' => sub {
    my $parent_session = $b->session_id;
    my $parent_sock = socket_inodes();
    pipe my $rd, my $wr or die $!;
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        close $rd;
        my $c = CPANBridge->new;
        my $r = $c->call('test', 'echo', { from => 'child' });
        my $conn = $c->call('system', 'connections', {})->{result};
        my %seen = map { /\A(perl-\d+-)/ ? ($1 => 1) : () } map { $_->{connection_id} } @{ $conn->{connections} };
        printf $wr "%s|%s|%d|%d|%s\n", ($r->{result}{from} // ''), $c->session_id, ($seen{"perl-$$-"} ? 1 : 0), ($seen{"perl-" . getppid() . "-"} ? 1 : 0), socket_inodes();
        close $wr;
        # What CPANBridge's END does; _exit so the test harness's END blocks (daemon shutdown) stay in the parent.
        CPANBridge::close_session();
        POSIX::_exit(0);
    }
    close $wr;
    my $line = <$rd>;
    waitpid $pid, 0;
    chomp(my ($from, $child_session, $child_listed, $parent_listed, $child_socks) = split /\|/, $line // '');
    is($from, 'child', 'child call works');
    isnt($child_session, $parent_session, 'child has its own session id');
    like($child_session, qr/^perl-$pid-/, 'named after the child pid');
    ok($child_listed && $parent_listed, 'both sessions listed while the child runs');
    ok($child_socks ne $parent_sock, 'child opened its own connection');
    is($b->call('test', 'echo', { from => 'parent' })->{result}{from}, 'parent', 'parent keeps working after the child exits');
    is(socket_inodes(), $parent_sock, 'on the same connection');
    my $conn = $b->call('system', 'connections', {})->{result};
    ok(!grep({ index($_->{connection_id}, "perl-$pid-") == 0 } @{ $conn->{connections} }), 'child session ended at child exit; parent not');
    ok(grep({ index($_->{connection_id}, "perl-$$-") == 0 } @{ $conn->{connections} }), 'parent session still there');
};

subtest 'session END closes the session' => sub {
    my ($out) = run_perl('use CPANBridge; my $b = CPANBridge->new; $b->call("test", "ping", {}); print $b->session_id', inc => ["$ROOT/perl/lib"]);
    like($out, qr/^perl-\d+-/, 'child script ran');
    my $conn = $b->call('system', 'connections', {})->{result};
    my ($listed) = $out =~ /\A(perl-\d+-)/;
    ok(!grep({ index($_->{connection_id}, $listed) == 0 } @{ $conn->{connections} }), 'its session is gone after exit');
    ($out) = run_perl('use CPANBridge; my $b = CPANBridge->new; $b->call("test", "ping", {}); print $b->session_id; $b->close_session; my $r = $b->call("system", "connections", {}); print "|", scalar(grep { index($_->{connection_id}, "perl-$$-") == 0 } @{ $r->{result}{connections} })', inc => ["$ROOT/perl/lib"]);
    like($out, qr/\|1$/, 'close_session, then a new call: the session comes back (one entry)');
};

done_testing;
