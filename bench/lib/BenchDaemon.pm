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
use Socket ();
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

# The daemon's process id (to read its /proc status): the child started
# here, else the peer of a connection to the socket (SO_PEERCRED: the
# process that listens on it), so an outside daemon needs no API of its own.
sub pid {
    return $PID if $PID;
    my $sock = $ENV{CPAN_BRIDGE_SOCKET} or return;
    my $c = IO::Socket::UNIX->new(Peer => $sock) or return;
    my $cred = getsockopt($c, Socket::SOL_SOCKET(), Socket::SO_PEERCRED()) or return;
    my ($pid) = unpack 'i', $cred;
    return $pid || undef;
}

END { if ($PID) { kill 'TERM', $PID; waitpid $PID, 0 } }

1;
