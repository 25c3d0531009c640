package CPANBridge::Autostart;
# ABSTRACT: find the cpan-bridge command, and start the daemon when its socket does not answer

use strict;
use warnings;

our $VERSION = '1.00';

use Fcntl qw(:flock);
use File::Basename ();
use File::Spec ();
use IO::Socket::UNIX ();
use Socket ();
use Time::HiRes ();

=head1 NAME

CPANBridge::Autostart - start the cpan-bridge daemon from a script

=head1 SYNOPSIS

  use CPANBridge::Autostart;

  my @cmd = CPANBridge::Autostart::command();      # the CLI, for `serve` or `call`
  my $err = CPANBridge::Autostart::start($socket, $wait_seconds, sub { warn "$_[0]\n" });
  die $err if $err;

=head1 DESCRIPTION

L<CPANBridge> loads this module when the daemon's socket refuses a
connection and C<CPAN_BRIDGE_AUTOSTART> is on. Of many scripts starting at
once exactly one spawns the daemon: each takes an exclusive lock on
C<< <socket>.lock >> and looks at the socket again before starting anything.

=head1 FUNCTIONS

=head2 command

  my @cmd = CPANBridge::Autostart::command();

The command that runs the cpan-bridge CLI: the words of C<CPAN_BRIDGE_CMD>;
else this checkout's build (C<dist/src/main.js> next to C<perl/lib>) under
C<CPAN_BRIDGE_NODE> or C<node>; else C<cpan-bridge> on the PATH.

=head2 start

  my $err = CPANBridge::Autostart::start($socket, $wait_seconds, \&log);

Starts C<< <command> serve --socket $socket >> detached from this process
(its own session, STDERR to C<< <socket>.start.log >>) unless the socket
answers, and waits up to C<$wait_seconds> for it to answer. Returns undef
on success, else a message. C<\&log> gets one line when it spawns.

=head2 answers

  my $up = CPANBridge::Autostart::answers($socket);

True when something accepts connections on the socket.

=cut

sub command {
    return split ' ', $ENV{CPAN_BRIDGE_CMD} if $ENV{CPAN_BRIDGE_CMD};
    my $here = File::Basename::dirname(File::Spec->rel2abs(__FILE__));
    my $main = File::Spec->catfile($here, (File::Spec->updir) x 3, 'dist', 'src', 'main.js');
    # A 2 MB young generation keeps an idle daemon near 75 MB instead of 85+ (README, "Memory").
    return ($ENV{CPAN_BRIDGE_NODE} || 'node', '--max-semi-space-size=2', $main) if -f $main;
    return ('cpan-bridge');
}

sub start {
    my ($socket, $wait, $log) = @_;
    my $lockfile = "$socket.lock";
    open my $lock, '>>', $lockfile or return "cannot open $lockfile to start the daemon: $!";
    flock $lock, LOCK_EX or return "cannot lock $lockfile: $!";
    return undef if answers($socket);
    my @cmd = (command(), 'serve', '--socket', $socket);
    $log->("starting the daemon: @cmd") if $log;
    my $pid = fork;
    return "cannot fork to start the daemon: $!" unless defined $pid;
    if (!$pid) {
        require POSIX;
        POSIX::setsid();
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', '/dev/null';
        open STDERR, '>>', "$socket.start.log";
        # A second fork so the daemon is not our zombie when it exits.
        my $p2 = fork;
        POSIX::_exit(0) if defined $p2 && $p2;
        exec { $cmd[0] } @cmd or POSIX::_exit(127);
    }
    waitpid $pid, 0;
    my $deadline = Time::HiRes::time() + $wait;
    while (Time::HiRes::time() < $deadline) {
        return undef if answers($socket);
        Time::HiRes::sleep(0.02);
    }
    return "started the daemon (@cmd) but $socket did not answer within ${wait}s; see $socket.start.log";
}

sub answers {
    my $s = IO::Socket::UNIX->new(Type => Socket::SOCK_STREAM(), Peer => $_[0]);
    return 0 unless $s;
    CORE::close $s;
    return 1;
}

1;
