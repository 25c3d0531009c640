# The client against daemons that come and go: reconnect after the daemon
# closed an idle connection, a daemon dying mid-call, autostart
# (one daemon for many processes), one-shot fallback, clear errors.
use strict;
use warnings;
use Test::More;
use lib 'perl/t/lib';
use BridgeTest qw(root run_perl);
use CPANBridge;
use File::Temp ();
use POSIX ();
use Time::HiRes ();

my $ROOT = root();
my $MAIN_PID = $$;
my $dir = File::Temp::tempdir('core-life-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my %started;

sub start_daemon {
    my ($sock) = @_;
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        open STDOUT, '>>', "$sock.out"; open STDERR, '>&', \*STDOUT;
        exec 'node', "$ROOT/dist/src/main.js", 'serve', '--socket', $sock or POSIX::_exit(127);
    }
    $started{$pid} = 1;
    for (1 .. 1000) { last if -S $sock && CPANBridge::Transport->new(socket => $sock)->request('GET', '/health', {})->{status} =~ /^[25]/; Time::HiRes::sleep(0.01) }
    return $pid;
}
sub stop_daemon { my ($pid, $sig) = @_; kill $sig // 'TERM', $pid; waitpid $pid, 0; delete $started{$pid}; return $? }
END { if ($$ == $MAIN_PID) { kill 'KILL', $_ for keys %started; waitpid $_, 0 for keys %started } }

sub daemons_on {
    my ($sock) = @_;
    my @p;
    for my $f (glob '/proc/[0-9]*/cmdline') {
        open my $fh, '<', $f or next;
        my $c = do { local $/; <$fh> } // '';
        # the daemon's title (cpan_daemon serve --socket PATH), or its command line before it set one
        push @p, $f =~ m{/proc/(\d+)/} if $c =~ /^cpan_daemon serve --socket \Q$sock\E\0/ || ($c =~ /\0serve\0/ && $c =~ /\0\Q$sock\E(?:\0|$)/);
    }
    return @p;
}

subtest 'reconnects once after the daemon closed the kept-alive connection' => sub {
    my $sock = "$dir/re.sock";
    my $pid = start_daemon($sock);
    local $CPANBridge::SOCKET = $sock;
    # a separate process, so this test's own CPANBridge transport stays on the shared daemon
    my $script = <<'S';
use CPANBridge; use Time::HiRes;
my $b = CPANBridge->new;
my $r = $b->call('test', 'ping', {});
print "first:", ($r->{success} ? 'ok' : $r->{error}), "\n";
open my $go, '>', "$ARGV[0].restart"; close $go;
Time::HiRes::sleep(0.05) until -e "$ARGV[0].ready";
$r = $b->call('test', 'echo', { n => 2 });   # not idempotent: the stale connection is noticed before sending
print "second:", ($r->{success} ? $r->{result}{n} : $r->{error}), "\n";
S
    local $ENV{CPAN_BRIDGE_SOCKET} = $sock;
    my $child = fork // die;
    if (!$child) {
        for (1 .. 2000) { last if -e "$sock.restart"; Time::HiRes::sleep(0.01) }
        POSIX::_exit(0);
    }
    # run the script in the background, restart the daemon when it asks
    my $out = "$dir/re.out";
    my $spid = fork // die;
    if (!$spid) { open STDOUT, '>', $out; open STDERR, '>&', \*STDOUT; { exec $^X, "-I$ROOT/perl/lib", '-e', $script, $sock } POSIX::_exit(127) }
    waitpid $child, 0;
    is(stop_daemon($pid), 0, 'first daemon stopped cleanly (exit 0)');
    my $pid2 = start_daemon($sock);
    open my $r, '>', "$sock.ready"; close $r;
    waitpid $spid, 0;
    my $text = do { open my $fh, '<', $out; local $/; <$fh> };
    like($text, qr/^first:ok$/m, 'first call');
    like($text, qr/^second:2$/m, 'second call reconnected to the new daemon') or diag $text;
    stop_daemon($pid2);
};

# test.sleep is idempotent (resent once); which calls are resent at all is core-resend.t.
subtest 'a call whose daemon dies mid-call: resent once, the resend finds no daemon, no hang' => sub {
    my $sock = "$dir/kill.sock";
    my $pid = start_daemon($sock);
    local $ENV{CPAN_BRIDGE_SOCKET} = $sock;
    local $ENV{CPAN_BRIDGE_AUTOSTART} = 0;
    my $killer = fork // die;
    if (!$killer) {
        # kill only once the sleep call is running in the daemon: its session has made 2 requests
        my $sid;
        for (1 .. 3000) { if (open my $f, '<', "$sock.sleeping") { $sid = <$f>; last if $sid } Time::HiRes::sleep(0.01) }
        my $t = CPANBridge::Transport->new(socket => $sock);
        for (1 .. 3000) {
            my $res = $t->request('POST', '/rpc', { 'Content-Type' => 'application/json' }, '{"jsonrpc":"2.0","id":1,"method":"system.connections","params":{}}');
            my $c = eval { JSON::PP::decode_json($res->{content})->{result}{connections} } || [];
            # listings show a public id that keeps the session id's "perl-<pid>-" prefix only
            my ($listed) = ($sid // '') =~ /\A(perl-\d+-)/;
            last if $listed && grep { index($_->{connection_id}, $listed) == 0 && $_->{requests_count} >= 2 } @$c;
            Time::HiRes::sleep(0.01);
        }
        Time::HiRes::sleep(0.2);
        kill 'KILL', $pid;
        POSIX::_exit(0);
    }
    my ($out, $err, $code) = run_perl(<<'S', inc => ["$ROOT/perl/lib"], args => [$sock]);
use CPANBridge;
my $b = CPANBridge->new;
$b->call('test', 'ping', {});            # the connection is now a kept-alive one
open my $f, '>', "$ARGV[0].sleeping.tmp"; print $f $b->session_id; close $f; rename "$ARGV[0].sleeping.tmp", "$ARGV[0].sleeping";
local $SIG{ALRM} = sub { print "HUNG\n"; exit 2 };
alarm 30;
my $r = $b->call('test', 'sleep', { ms => 5000 });
alarm 0;
print $r->{success} ? "success\n" : "error_type=$r->{error_type}\nerror=$r->{error}\n";
S
    waitpid $killer, 0;
    waitpid $pid, 0; delete $started{$pid};
    unlike($out, qr/HUNG/, 'the client did not hang');
    like($out, qr/^error_type=transport$/m, 'reported as a transport error');
    # the resend meets a refused connect, or one the dying daemon accepted and reset
    like($out, qr/not reachable at \Q$sock\E|connection closed by the daemon/, 'by the resend, which found the daemon gone') or diag $out;
    unlike($out, qr/not resent/, 'it was resent, not given up') or diag $out;
};

subtest 'a body over the daemon\'s limit is reported as payload_too_large, not a broken pipe' => sub {
    my $sock = "$dir/small.sock";
    local $ENV{CPAN_BRIDGE_MAX_BODY_MB} = 1;
    my $pid = start_daemon($sock);
    local $ENV{CPAN_BRIDGE_SOCKET} = $sock;
    my ($out) = run_perl(<<'S', inc => ["$ROOT/perl/lib"]);
use CPANBridge;
my $b = CPANBridge->new;
$b->call('test', 'ping', {});
my $r = $b->call('test', 'echo', { s => 'x' x 3_000_000 });
print "big=", ($r->{success} ? 'ok' : $r->{error_type}), "\n";
$r = $b->call('test', 'ping', {});
print "after=", ($r->{success} ? 'ok' : $r->{error}), "\n";
S
    like($out, qr/^big=payload_too_large$/m, 'the daemon\'s 413 answer reaches the script') or diag $out;
    like($out, qr/^after=ok$/m, 'and the next call works');
    stop_daemon($pid);
};

subtest 'autostart: 5 processes at once start exactly one daemon' => sub {
    my $sock = "$dir/auto.sock";
    ok(!-e $sock, 'no socket yet');
    local $ENV{CPAN_BRIDGE_SOCKET} = $sock;
    local $ENV{CPAN_BRIDGE_AUTOSTART} = 1;
    my @kids;
    for my $i (1 .. 5) {
        my $p = fork // die;
        if (!$p) {
            open STDOUT, '>', "$dir/auto.$i"; open STDERR, '>&', \*STDOUT;
            { exec $^X, "-I$ROOT/perl/lib", '-MCPANBridge', '-e', 'my $r = CPANBridge->new->call("test", "ping", {}); print $r->{success} ? "pong\n" : "error: $r->{error}\n"' }
            POSIX::_exit(127);
        }
        push @kids, $p;
    }
    waitpid $_, 0 for @kids;
    my @outs = map { my $f = "$dir/auto.$_"; open my $fh, '<', $f; local $/; scalar <$fh> } 1 .. 5;
    is_deeply(\@outs, [ ("pong\n") x 5 ], 'all five calls answered') or diag explain \@outs;
    ok(-S $sock, 'the socket exists');
    my @d = daemons_on($sock);
    is(scalar @d, 1, 'exactly one daemon serves it') or diag "daemons: @d";
    my ($pidfile) = do { open my $fh, '<', "$sock.pid"; <$fh> };
    chomp $pidfile if defined $pidfile;
    is($pidfile, $d[0], 'the pid file names it');
    kill 'TERM', @d;
    for (1 .. 500) { last unless -e $sock; Time::HiRes::sleep(0.01) }
    ok(!-e $sock, 'socket removed when it stopped');
};

subtest 'autostart of a daemon that cannot start says why at once, not at the deadline' => sub {
    my $run = sub {
        my (%env) = @_;
        my $sock = "$dir/bad-$env{name}.sock";
        delete $env{name};
        my $out = "$dir/bad.out";
        my $p = fork // die;
        if (!$p) {
            $ENV{$_} = $env{$_} for keys %env;
            # a deadline far beyond the test's: only noticing the exit can end the call in time
            $ENV{CPAN_BRIDGE_STARTUP_TIMEOUT} = 60;
            $ENV{CPAN_BRIDGE_AUTOSTART} = 1;
            $ENV{CPAN_BRIDGE_SOCKET} = $sock;
            open STDOUT, '>', $out; open STDERR, '>&', \*STDOUT;
            { exec $^X, "-I$ROOT/perl/lib", '-MCPANBridge', '-e', 'my $r = CPANBridge->new->call("test", "ping", {}); print $r->{success} ? "pong\n" : "error: $r->{error}\n"' }
            POSIX::_exit(127);
        }
        waitpid $p, 0;
        open my $fh, '<', $out or die $!;
        local $/;
        return scalar <$fh>;
    };
    my $got = $run->(name => 'cmd', CPAN_BRIDGE_CMD => "$dir/no-such-cpan-bridge");
    like($got, qr/exited instead of listening/, 'a command that does not run: the exit is noticed');
    like($got, qr/cannot run \Q$dir\E\/no-such-cpan-bridge/, 'and the start log says why');
    $got = $run->(name => 'config', CPAN_BRIDGE_MAX_CONNECTIONS => 'lots');
    like($got, qr/exited instead of listening/, 'a bad configuration value: the exit is noticed');
    like($got, qr/CPAN_BRIDGE_MAX_CONNECTIONS/, 'and the reason names the setting');
};

subtest 'autostart off' => sub {
    my $sock = "$dir/none.sock";
    local $ENV{CPAN_BRIDGE_SOCKET} = $sock;
    local $ENV{CPAN_BRIDGE_AUTOSTART} = 0;
    {
        local $ENV{CPAN_BRIDGE_FALLBACK} = 1;
        my ($out) = run_perl('use CPANBridge; my $r = CPANBridge->new->call("test", "ping", {}); print $r->{success} ? "pong" : "error: $r->{error}"', inc => ["$ROOT/perl/lib"]);
        is($out, 'pong', 'FALLBACK=1: test.ping runs one-shot');
        ($out) = run_perl('use CPANBridge; my $r = CPANBridge->new->call("database", "fetch_row", {}); print $r->{success} ? "ok" : "error: $r->{error}"', inc => ["$ROOT/perl/lib"]);
        like($out, qr/one-shot mode cannot keep handles/, 'a handle-needing call says one-shot mode cannot keep handles');
        ($out) = run_perl('use CPANBridge; my $r = CPANBridge->new->batch([["test","echo",{a=>1}],["test","sleep",{ms=>"x"}]]); print join ",", map { $_->{success} ? "ok" : $_->{error_type} } @$r', inc => ["$ROOT/perl/lib"]);
        is($out, 'ok,invalid_params', 'a batch runs one-shot too, errors in place');
        ok(!-e $sock, 'no daemon was started');
    }
    my ($out) = run_perl('use CPANBridge; my $r = CPANBridge->new->call("test", "ping", {}); print $r->{success} ? "pong" : "$r->{error_type}: $r->{error}"', inc => ["$ROOT/perl/lib"]);
    like($out, qr/^transport: .*not reachable at \Q$sock\E/, 'without fallback: a clear error naming the socket');
    like($out, qr/AUTOSTART/, 'and how to fix it');
    ok(!-e $sock, 'still no daemon');
    local $ENV{CPAN_BRIDGE_DAEMON} = 0;
    ($out) = run_perl('use CPANBridge; print "$CPANBridge::DAEMON_MODE:"; my $r = CPANBridge->new->call("test", "echo", {v => "\x{e9}"}); print $r->{success} && $r->{result}{v} eq "\x{e9}" ? "ok" : "error: $r->{error}"', inc => ["$ROOT/perl/lib"]);
    is($out, '0:ok', 'DAEMON_MODE 0: one-shot echo (the guide\'s fallback check)');
};

done_testing;
