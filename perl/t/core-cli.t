# The cpan-bridge CLI and the daemon's process life: call, health, stop,
# socket handling (live / stale / mode), graceful SIGTERM, TCP with a token.
use strict;
use warnings;
use Test::More;
use lib 'perl/t/lib';
use BridgeTest qw(root);
use CPANBridge;
use File::Temp ();
use HTTP::Tiny;
use IO::Socket::INET;
use IO::Socket::UNIX;
use POSIX ();
use Time::HiRes ();

my $ROOT = root();
my $MAIN = "$ROOT/dist/src/main.js";
my $MAIN_PID = $$;
my $dir = File::Temp::tempdir('core-cli-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my %started;
END { if ($$ == $MAIN_PID) { kill 'KILL', $_ for keys %started; waitpid $_, 0 for keys %started } }

# Runs the CLI; returns (stdout, stderr, exit code).
sub cli {
    my (@args) = @_;
    my $env = ref $args[0] eq 'HASH' ? shift @args : {};
    my ($o, $e) = ("$dir/cli.out", "$dir/cli.err");
    my $pid = fork // die;
    if (!$pid) {
        $ENV{$_} = $env->{$_} for keys %$env;
        open STDOUT, '>', $o; open STDERR, '>', $e;
        { exec 'node', $MAIN, @args }
        POSIX::_exit(127);
    }
    waitpid $pid, 0;
    my $code = $? >> 8;
    my $slurp = sub { open my $fh, '<', $_[0] or return ''; local $/; scalar(<$fh>) // '' };
    return ($slurp->($o), $slurp->($e), $code);
}

sub answers { my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $_[0]) or return 0; close $s; return 1 }

sub start_daemon {
    my ($sock, @extra) = @_;
    my $pid = fork // die;
    if (!$pid) {
        open STDOUT, '>', "$sock.out"; open STDERR, '>', "$sock.err";
        { exec 'node', $MAIN, 'serve', '--socket', $sock, @extra }
        POSIX::_exit(127);
    }
    $started{$pid} = 1;
    for (1 .. 1000) { last if answers($sock); Time::HiRes::sleep(0.01) }
    return $pid;
}

# Started the way autostart does (double fork): not our child, so `stop` sees it exit rather than a zombie.
sub start_detached {
    my ($sock) = @_;
    my $pid = fork // die;
    if (!$pid) {
        POSIX::setsid();
        my $p2 = fork;
        POSIX::_exit(0) if $p2;
        open STDOUT, '>', "$sock.out"; open STDERR, '>', "$sock.err";
        { exec 'node', $MAIN, 'serve', '--socket', $sock }
        POSIX::_exit(127);
    }
    waitpid $pid, 0;
    for (1 .. 1000) { last if answers($sock) && -s "$sock.pid"; Time::HiRes::sleep(0.01) }
    open my $fh, '<', "$sock.pid" or return;
    chomp(my $d = <$fh>);
    return $d;
}

sub rpc_on {
    my ($sock, $method, $params) = @_;
    local $CPANBridge::SOCKET = $sock;
    my $t = CPANBridge::Transport->new(socket => $sock);
    my $res = $t->request('POST', '/rpc', { 'Content-Type' => 'application/json' }, JSON::PP::encode_json({ jsonrpc => '2.0', id => 1, method => $method, params => $params || {} }));
    return $res->{status} == 200 ? JSON::PP::decode_json($res->{content}) : { http => $res->{status}, content => $res->{content} };
}

subtest 'call: one-shot, exit codes' => sub {
    my ($out, $err, $code) = cli('call', 'test.ping', '{}');
    is($code, 0, 'call test.ping exits 0');
    like($out, qr/"message": "pong"/, 'prints the result as JSON');
    ($out, $err, $code) = cli('call', 'test.echo', '{"s":"caf\u00e9 \ud83d\ude00"}');
    like($out, qr/café 😀/, 'unicode printed');
    ($out, $err, $code) = cli('call', 'test.sleep', '{"ms":"x"}');
    is($code, 1, 'exit 1 on an error reply');
    like($err, qr/params\.ms/, 'error on stderr names the field');
    ($out, $err, $code) = cli('call', 'test.ping', '{bad json');
    is($code, 1, 'exit 1 on bad JSON params');
    ($out, $err, $code) = cli('call', 'nosuch.method', '{}');
    is($code, 1, 'exit 1 for an unknown method');
    ($out, $err, $code) = cli('call', 'not-a-name');
    is($code, 2, 'exit 2 for a malformed MODULE.FUNCTION');
    ($out, $err, $code) = cli('call', 'test.ping', '{}', '--raw');
    like($out, qr/^\{"jsonrpc":"2\.0","id":1,"result":\{"message":"pong"/, '--raw prints the JSON-RPC reply');
    ($out, $err, $code) = cli('frobnicate');
    is($code, 2, 'unknown command exits 2');
};

subtest 'serve, health, stop, socket mode' => sub {
    my $sock = "$dir/a.sock";
    my ($out, $err, $code) = cli('health', '--socket', $sock);
    is($code, 3, 'health: 3 when unreachable');
    like($out, qr/unreachable: no daemon answers on \Q$sock\E/, 'and says so');
    my $pid = start_detached($sock);
    ok(answers($sock), 'daemon answers');
    my $mode = (stat $sock)[2] & 07777;
    is(sprintf('%04o', $mode), '0600', 'socket mode is 0600');
    like(do { open my $fh, '<', "$sock.out"; local $/; <$fh> }, qr/listening on \Q$sock\E \(\d+ ms\)/, 'start line says where and how fast');
    ($out, $err, $code) = cli('health', '--socket', $sock);
    ok($code == 0 || $code == 1, "health: 0 healthy (or 1 degraded) on a live daemon, got $code");
    like($out, qr/HEALTH STATUS: (HEALTHY|DEGRADED)/, 'health report printed');
    ($out, $err, $code) = cli({ CPAN_BRIDGE_SOCKET => $sock }, 'health');
    ok($code <= 1, 'CPAN_BRIDGE_SOCKET is honoured by health');
    ($out, $err, $code) = cli('dashboard', '--socket', $sock);
    is($code, 0, 'dashboard exits 0');
    like($out, qr/OPERATIONAL DASHBOARD/, 'dashboard printed');

    # a second serve on the live socket refuses and leaves it alone
    my $ino = (stat $sock)[1];
    ($out, $err, $code) = cli('serve', '--socket', $sock);
    is($code, 1, 'second serve exits 1');
    like($err, qr/already listening on \Q$sock\E/, 'with a clear message');
    is((stat $sock)[1], $ino, 'the socket was not replaced');
    ok(answers($sock), 'the first daemon still answers');
    is(rpc_on($sock, 'test.ping')->{result}{message}, 'pong', 'and serves calls');

    ($out, $err, $code) = cli('stop', '--socket', $sock);
    is($code, 0, 'stop exits 0');
    like($out, qr/stopped daemon $pid/, 'stop names the pid');
    ok(!kill(0, $pid), 'the daemon is gone');
    ok(!-e $sock, 'socket removed');
    ok(!-e "$sock.pid", 'pid file removed');
    ($out, $err, $code) = cli('stop', '--socket', $sock);
    is($code, 1, 'stop with no daemon exits 1');
};

subtest 'stop: the socket named (argument or --socket), nothing else' => sub {
    my ($a, $b) = ("$dir/stop-a.sock", "$dir/stop-b.sock");
    my $pa = start_detached($a);
    my $pb = start_detached($b);
    ok($pa && $pb && answers($a) && answers($b), 'two daemons, two sockets');
    # the guides' `ps aux | grep cpan_daemon` / `pkill -f cpan_daemon` match the command line
    my $cmdline = do { open my $c, '<', "/proc/$pa/cmdline" or die $!; local $/; <$c> };
    like($cmdline, qr/^cpan_daemon serve --socket \Q$a\E/, 'the process title starts with cpan_daemon');
    my ($out, $err, $code) = cli('stop', $a, $b);
    is($code, 2, 'two sockets as arguments: refused');
    like($err, qr/stop takes one socket/, 'saying so');
    ($out, $err, $code) = cli('stop', $a, '--socket', $b);
    is($code, 2, 'an argument and a different --socket: refused');
    ok(answers($a) && answers($b), 'both daemons still answer');
    # the configured (default) socket is another: only the named one stops
    ($out, $err, $code) = cli({ CPAN_BRIDGE_SOCKET => $b }, 'stop', $a);
    is($code, 0, 'stop SOCKET exits 0') or diag $err;
    like($out, qr/stopped daemon $pa/, 'and names the daemon on that socket');
    ok(!answers($a), 'that daemon is gone');
    ok(answers($b), 'the one on the configured socket still answers');
    # a pid file left behind, naming a live process that is no daemon (this test): nothing is signalled
    open my $fh, '>', "$a.pid" or die $!; print $fh "$$\n"; close $fh;
    ($out, $err, $code) = cli('stop', $a);
    is($code, 1, 'a stale pid file: exit 1');
    like($err, qr/names no running cpan-bridge daemon/, 'saying why');
    ok(!-e "$a.pid", 'the stale pid file is removed');
    ($out, $err, $code) = cli('stop', '--socket', $b);
    is($code, 0, 'stop --socket still works');
    ok(!answers($b), 'and stopped that one');
};

subtest 'a stale socket file is replaced; a non-socket file is not' => sub {
    my $sock = "$dir/stale.sock";
    my $l = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $sock, Listen => 1) or die "bind: $!";
    close $l;                              # the file stays, nobody listens: a dead daemon's socket
    ok(-S $sock && !answers($sock), 'stale socket file present');
    my $pid = start_daemon($sock);
    ok(answers($sock), 'new daemon listens on it');
    is(sprintf('%04o', (stat $sock)[2] & 07777), '0600', 'with mode 0600');
    kill 'TERM', $pid; waitpid $pid, 0; delete $started{$pid};
    my $plain = "$dir/plain.sock";
    open my $fh, '>', $plain or die; print $fh "data\n"; close $fh;
    my ($out, $err, $code) = cli('serve', '--socket', $plain);
    is($code, 1, 'refuses a path that is a regular file');
    like($err, qr/not a socket/, 'saying it is not a socket');
    ok(-f $plain && -s $plain, 'and leaves the file alone');
};

subtest 'SIGTERM lets an in-flight call finish, then removes the socket and exits 0' => sub {
    my $sock = "$dir/term.sock";
    my $pid = start_daemon($sock);
    my $out = "$dir/term.out";
    my $c = fork // die;
    if (!$c) {
        open STDOUT, '>', $out;
        local $CPANBridge::SOCKET = $sock;
        my $r = CPANBridge->new->call('test', 'sleep', { ms => 1500 });
        print $r->{success} ? "slept $r->{result}{slept_ms}\n" : "error: $r->{error}\n";
        POSIX::_exit(0);
    }
    # SIGTERM only once the call is in the daemon (its session has been seen), however slow this host is
    for (1 .. 1000) {
        my $conn = rpc_on($sock, 'system.connections')->{result} || {};
        last if grep { $_->{connection_id} =~ /^perl-$c-/ } @{ $conn->{connections} || [] };
        Time::HiRes::sleep(0.01);
    }
    Time::HiRes::sleep(0.1);
    kill 'TERM', $pid;
    Time::HiRes::sleep(0.2);
    my $late = rpc_on($sock, 'test.ping');
    ok(!($late->{result} && $late->{result}{message}), 'no new call is served while shutting down');
    waitpid $c, 0;
    waitpid $pid, 0; delete $started{$pid};
    my $status = $?;
    is(do { open my $fh, '<', $out; local $/; <$fh> }, "slept 1500\n", 'the in-flight call finished');
    is($status >> 8, 0, 'exit code 0');
    is($status & 127, 0, 'not killed by a signal');
    ok(!-e $sock, 'socket removed');
};

subtest 'TCP listener with a bearer token' => sub {
    my $port = do { my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 1) or die; my $p = $s->sockport; close $s; $p };
    my $token = join '', map { ('a' .. 'z', 0 .. 9)[rand 36] } 1 .. 40;
    my $tf = "$dir/token";
    open my $fh, '>', $tf or die; print $fh "$token\n"; close $fh;
    chmod 0644, $tf;
    my $sock = "$dir/tcp.sock";
    my ($out, $err, $code) = cli('serve', '--socket', $sock, '--tcp', "127.0.0.1:$port", '--token-file', $tf);
    isnt($code, 0, 'a 0644 token file is refused at start');
    like($err, qr/must be mode 0600/, 'naming the mode');
    unlike("$out$err", qr/\Q$token\E/, 'without printing the token');
    ok(!answers($sock), 'and nothing listens');
    ($out, $err, $code) = cli('serve', '--socket', $sock, '--tcp', "10.1.2.3:$port", '--token-file', $tf);
    like($err, qr/loopback/, 'a non-loopback address is refused');
    chmod 0600, $tf;
    my $pid = start_daemon($sock, '--tcp', "127.0.0.1:$port", '--token-file', $tf);
    my $http = HTTP::Tiny->new(timeout => 10);
    my $url = "http://127.0.0.1:$port/rpc";
    my $body = '{"jsonrpc":"2.0","id":1,"method":"test.ping"}';
    my $wait = 0;
    $wait++ until $http->get("http://127.0.0.1:$port/health")->{status} != 599 || $wait > 200 || !Time::HiRes::sleep(0.02);
    my $r = $http->post($url, { headers => { 'Content-Type' => 'application/json' }, content => $body });
    is($r->{status}, 401, 'missing token: 401');
    like($r->{content}, qr/"type":"auth_failure"/, 'as a JSON-RPC error');
    $r = $http->post($url, { headers => { 'Content-Type' => 'application/json', Authorization => 'Bearer ' . ('x' x 40) }, content => $body });
    is($r->{status}, 401, 'wrong token: 401');
    $r = $http->post($url, { headers => { 'Content-Type' => 'application/json', Authorization => "Bearer $token" }, content => $body });
    is($r->{status}, 200, 'right token: 200');
    like($r->{content}, qr/pong/, 'and the call runs');
    is($http->get("http://127.0.0.1:$port/health")->{status}, 401, 'every TCP route needs the token');
    is(rpc_on($sock, 'test.ping')->{result}{message}, 'pong', 'the Unix socket needs no token');
    my $stats = rpc_on($sock, 'system.stats')->{result};
    ok(($stats->{security_metrics}{events_by_type}{auth_failure} // 0) >= 3, 'auth failures are in the security log');
    unlike(JSON::PP::encode_json($stats), qr/\Q$token\E|x{40}/, 'the log holds no token');
    {
        local $ENV{CPAN_BRIDGE_TCP} = "127.0.0.1:$port";
        local $ENV{CPAN_BRIDGE_TOKEN_FILE} = $tf;
        my $o = `$^X -I$ROOT/perl/lib -MCPANBridge -e 'my \$r = CPANBridge->new->call("test", "ping", {}); print \$r->{success} ? "pong" : "error: \$r->{error}"'`;
        is($o, 'pong', 'the Perl client over TCP with CPAN_BRIDGE_TOKEN_FILE');
    }
    kill 'TERM', $pid; waitpid $pid, 0; delete $started{$pid};
    is($? >> 8, 0, 'TCP daemon stops cleanly');
};

done_testing;
