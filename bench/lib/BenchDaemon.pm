package BenchDaemon;
# The daemon a benchmark measures: the one at CPAN_BRIDGE_SOCKET when it
# answers, else one started from dist/ (as production starts it) on a temp
# socket and stopped at exit. Sets CPAN_BRIDGE_SOCKET and CPAN_BRIDGE_AUTOSTART=0
# for the benchmark and the scripts it runs.
use strict;
use warnings;
use Cwd ();
use File::Basename ();
use File::Spec ();
use File::Temp ();
use IO::Socket::UNIX ();
use Time::HiRes ();

our $ROOT = Cwd::abs_path(File::Spec->catdir(File::Basename::dirname(__FILE__), '..', '..'));
my $PID;

sub socket_path {
    my $sock = $ENV{CPAN_BRIDGE_SOCKET};
    if (!$sock || !IO::Socket::UNIX->new(Peer => $sock)) {
        my $tmp = File::Temp::tempdir('cpan-bridge-bench-XXXXXX', TMPDIR => 1, CLEANUP => 1);
        $sock = "$tmp/bridge.sock";
        $PID = fork // die "fork: $!";
        if (!$PID) {
            open STDOUT, '>', '/dev/null';
            exec 'node', '--max-semi-space-size=2', "$ROOT/dist/src/main.js", 'serve', '--socket', $sock or die "exec node: $!";
        }
        for (1 .. 500) { last if -S $sock; Time::HiRes::sleep(0.01) }
        die "the daemon did not start on $sock\n" unless -S $sock;
    }
    $ENV{CPAN_BRIDGE_SOCKET} = $sock;
    $ENV{CPAN_BRIDGE_AUTOSTART} = 0;
    return $sock;
}

END { if ($PID) { kill 'TERM', $PID; waitpid $PID, 0 } }

1;
