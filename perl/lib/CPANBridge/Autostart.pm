package CPANBridge::Autostart;
# ABSTRACT: find the cpan-bridge command, and start the daemon when its socket does not answer

use strict;
use warnings;

our $VERSION = '1.00';

use Cwd ();
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
on success, else a message. A daemon that exits instead (a checkout that
was never built, a bad configuration value) is noticed at once: the
message then ends with what it wrote to the start log. C<\&log> gets one
line when it spawns.

=head2 answers

  my $up = CPANBridge::Autostart::answers($socket);

True when something accepts connections on the socket.

=cut

sub command {
    return split ' ', $ENV{CPAN_BRIDGE_CMD} if $ENV{CPAN_BRIDGE_CMD};
    my $main = _main();
    # A 2 MB young generation keeps an idle daemon near 75 MB instead of 85+ (README, "Memory").
    return ($ENV{CPAN_BRIDGE_NODE} || 'node', '--max-semi-space-size=2', $main) if -f $main;
    return ('cpan-bridge');
}

# this checkout's build, next to perl/lib
sub _main {
    my $here = File::Basename::dirname(File::Spec->rel2abs(__FILE__));
    my $main = File::Spec->catfile($here, (File::Spec->updir) x 3, 'dist', 'src', 'main.js');
    return -f $main ? Cwd::abs_path($main) : $main;
}

# The process has ended: no such process, or a zombie not reaped yet (a
# container's first process need not reap what is reparented to it).
sub _gone {
    my ($pid) = @_;
    return 1 unless kill 0, $pid;
    open my $fh, '<', "/proc/$pid/stat" or return 0;
    my $stat = <$fh> // '';
    return $stat =~ /\)\s+Z\s/ ? 1 : 0;
}

# What the daemon wrote to the start log since $from (its last lines), for a message.
sub _start_log_tail {
    my ($file, $from) = @_;
    open my $fh, '<', $file or return '';
    seek $fh, $from, 0;
    my @lines = grep { /\S/ } <$fh>;
    return '' unless @lines;
    splice @lines, 0, @lines - 5 if @lines > 5;
    chomp @lines;
    return join "\n  ", '', @lines;
}

sub start {
    my ($socket, $wait, $log) = @_;
    my $lockfile = "$socket.lock";
    open my $lock, '>>', $lockfile or return "cannot open $lockfile to start the daemon: $!";
    flock $lock, LOCK_EX or return "cannot lock $lockfile: $!";
    return undef if answers($socket);
    my @cmd = (command(), 'serve', '--socket', $socket);
    $log->("starting the daemon: @cmd") if $log;
    my $startlog = "$socket.start.log";
    my $from = -s $startlog || 0;
    pipe(my $rd, my $wr) or return "cannot make a pipe to start the daemon: $!";
    my $pid = fork;
    return "cannot fork to start the daemon: $!" unless defined $pid;
    if (!$pid) {
        require POSIX;
        close $rd;
        POSIX::setsid();
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', '/dev/null';
        open STDERR, '>>', $startlog;
        # A second fork so the daemon is not our zombie when it exits; its pid goes back through the pipe.
        my $p2 = fork;
        if (defined $p2 && $p2) { print {$wr} "$p2\n"; close $wr; POSIX::_exit(0) }
        close $wr;
        { exec { $cmd[0] } @cmd }
        my $why = $!;
        # no build here and no cpan-bridge on the PATH: say what to do
        if ($cmd[0] eq 'cpan-bridge' && !-f _main()) {
            print STDERR "this checkout is not built (no " . _main() . "): run `npm install` (it builds) or `npm run build`\n";
        }
        print STDERR "cannot run $cmd[0]: $why\n";
        POSIX::_exit(127);
    }
    close $wr;
    my $daemon = <$rd>;
    close $rd;
    waitpid $pid, 0;
    chomp $daemon if defined $daemon;
    my $deadline = Time::HiRes::time() + $wait;
    while (Time::HiRes::time() < $deadline) {
        return undef if answers($socket);
        # gone already (not built, a bad setting, ...): say why now rather than at the deadline
        if ($daemon && _gone($daemon)) {
            return undef if answers($socket);
            return "the daemon (@cmd) exited instead of listening on $socket; $startlog says:" . (_start_log_tail($startlog, $from) || ' nothing');
        }
        Time::HiRes::sleep(0.02);
    }
    return "started the daemon (@cmd) but $socket did not answer within ${wait}s; the end of $startlog:" . (_start_log_tail($startlog, $from) || ' (empty)');
}

sub answers {
    my $s = IO::Socket::UNIX->new(Type => Socket::SOCK_STREAM(), Peer => $_[0]);
    return 0 unless $s;
    CORE::close $s;
    return 1;
}

1;
