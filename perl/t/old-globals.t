# Issue 17, item 6: the old bridge's names of the client's globals.
#
# Its scripts set $CPANBridge::DAEMON_SOCKET, $CPANBridge::FALLBACK_ENABLED
# and $CPANBridge::DAEMON_TIMEOUT; they are the same settings as
# $CPANBridge::SOCKET, $CPANBridge::FALLBACK and $CPANBridge::TIMEOUT, set at
# any time before a call, `local` included, both names showing the value.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl root);
use Test::More;
use File::Temp ();
use CPANBridge;

no warnings 'once';
my $good = $CPANBridge::SOCKET;
my $dir = File::Temp::tempdir(CLEANUP => 1);
my $bad = "$dir/nobody-listens.sock";

is($CPANBridge::DAEMON_SOCKET, $CPANBridge::SOCKET, 'DAEMON_SOCKET starts as SOCKET');
is($CPANBridge::DAEMON_TIMEOUT, $CPANBridge::TIMEOUT, 'DAEMON_TIMEOUT starts as TIMEOUT');
is($CPANBridge::FALLBACK_ENABLED, $CPANBridge::FALLBACK, 'FALLBACK_ENABLED starts as FALLBACK');

my $b = CPANBridge->new;
ok($b->call('test', 'ping', {})->{success}, 'a first call on the test daemon');

# DAEMON_SOCKET, after the connection is made
$CPANBridge::DAEMON_SOCKET = $bad;
my $r = $b->call('test', 'ping', {});
ok(!$r->{success}, 'DAEMON_SOCKET set after the first call: the next call goes there');
like($r->{error}, qr/\Q$bad\E/, 'and the error names it');
is($CPANBridge::SOCKET, $bad, 'SOCKET shows it');
$CPANBridge::SOCKET = $good;
ok($b->call('test', 'ping', {})->{success}, 'SOCKET set back: calls reach the daemon again');
is($CPANBridge::DAEMON_SOCKET, $good, 'and DAEMON_SOCKET shows it');
{
    local $CPANBridge::DAEMON_SOCKET = $bad;
    ok(!$b->call('test', 'ping', {})->{success}, 'local DAEMON_SOCKET: used inside its scope');
}
ok($b->call('test', 'ping', {})->{success}, 'and no longer after it');
is($CPANBridge::SOCKET, $good, 'SOCKET is back too');

# DAEMON_TIMEOUT, read at each call by a bridge made before it was set
{
    local $CPANBridge::DAEMON_TIMEOUT = 1;
    $r = $b->call('test', 'sleep', { ms => 2500 });
    ok(!$r->{success}, 'DAEMON_TIMEOUT = 1: a 2.5 s call fails');
    like($r->{error}, qr/timed out after 1s/, 'by the 1 s timeout');
    is($CPANBridge::TIMEOUT, 1, 'TIMEOUT shows it');
}
is($CPANBridge::TIMEOUT, $CPANBridge::DAEMON_TIMEOUT, 'after the local scope both names agree again');
ok($CPANBridge::TIMEOUT > 1, 'on the old value');
ok($b->call('test', 'sleep', { ms => 50 })->{success}, 'calls work again');
is(CPANBridge->new(timeout => 7)->{timeout}, 7, 'an explicit timeout to new is the object\'s own');

# FALLBACK_ENABLED: the daemon unreachable, autostart off, one-shot calls instead
{
    local $CPANBridge::AUTOSTART = 0;
    local $CPANBridge::DAEMON_SOCKET = $bad;
    local $CPANBridge::FALLBACK_ENABLED = 0;
    ok(!$b->call('test', 'ping', {})->{success}, 'FALLBACK_ENABLED = 0: the call fails');
    $CPANBridge::FALLBACK_ENABLED = 1;
    $r = $b->call('test', 'echo', { v => 'one-shot' });
    is($r->{result}{v}, 'one-shot', 'FALLBACK_ENABLED = 1: the call runs one-shot') or diag $r->{error};
    is($CPANBridge::FALLBACK, 1, 'FALLBACK shows it');
}
is($CPANBridge::FALLBACK, $CPANBridge::FALLBACK_ENABLED, 'both names agree after the scope');

# set before the module loads (BEGIN), as a script may
{
    my $root = root();
    my ($out, $err) = run_perl(<<"EOF", inc => ["$root/perl/lib"]);
BEGIN { \$CPANBridge::DAEMON_SOCKET = '$bad'; \$CPANBridge::DAEMON_TIMEOUT = 9; }
use CPANBridge;
print "\$CPANBridge::SOCKET \$CPANBridge::TIMEOUT\\n";
EOF
    is($out, "$bad 9\n", 'values set before `use CPANBridge` are kept') or diag $err;
}

done_testing;
