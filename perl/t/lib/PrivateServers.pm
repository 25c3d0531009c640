package PrivateServers;
# A private sshd or vsftpd of one test's own, on a free loopback port, for the
# fault tests: they SIGKILL the server mid-call, which the shared servers of
# scripts/test-services.sh must never suffer (other test files use them).
# Same user, authorized keys and home as the shared servers, so a test checks
# the bytes in that home directly. The Perl twin of
# test/transfer/private-servers.ts.
#
#   my $srv = PrivateServers->sshd(password => 1);   # or ->vsftpd
#   $srv->port; $srv->known_hosts;                    # (sshd) [127.0.0.1]:port's key
#   my ($out, $err, $code, $killed, $after) = $srv->cut_while(
#       watch => $dir, bytes => 1048576, timeout => 90,
#       run => sub { run_perl_facade($script, args => [...]) });
#
# Servers still running when the test process exits (a failure, an
# interrupt) are killed then; INT, TERM, HUP and PIPE exit so END runs.
use strict;
use warnings;
use File::Temp ();
use IO::Socket::INET ();
use POSIX ();
use Time::HiRes ();
use TransferTest qw(%SVC);
require Exporter;
our @ISA = ('Exporter');
our @EXPORT_OK = qw(descendants big_file case_dir);

my $HOST = '127.0.0.1';

# Every process under $pid, from /proc: sshd's connection children start
# sessions of their own and vsftpd forks a session and a privileged helper
# per connection, so neither the process group nor the direct children hold them.
sub descendants {
    my ($pid) = @_;
    my %parent;
    opendir my $d, '/proc' or die "/proc: $!";
    for my $p (grep { /^\d+$/ } readdir $d) {
        open my $fh, '<', "/proc/$p/stat" or next;
        my $stat = <$fh> // next;
        # the field after the parenthesised command name (which may hold spaces and parentheses)
        $parent{$p} = (split ' ', substr($stat, rindex($stat, ')') + 2))[1];
    }
    my @out;
    my @todo = ($pid);
    while (@todo) { my $p = pop @todo; my @c = grep { $parent{$_} == $p } keys %parent; push @out, @c; push @todo, @c }
    return @out;
}

# A file of $bytes that no transport compresses much, so a transfer of it
# takes its real time and a kill lands in the middle.
sub big_file {
    my ($file, $bytes) = @_;
    open my $fh, '>', $file or die "$file: $!";
    my $chunk = join '', map { chr int rand 256 } 1 .. 65536;
    print $fh substr($chunk, $_ % 4096) . substr($chunk, 0, $_ % 4096) for 1 .. $bytes / 65536;
    close $fh or die "$file: $!";
}

# A fresh directory for one case in a scratch dir of TransferTest::scratch_dir,
# owned like it (the servers act as the test user): (local path, name in it).
sub case_dir {
    my ($scratch, $template) = @_;
    my $dir = File::Temp::tempdir($template, DIR => $scratch);
    chown((stat $scratch)[4, 5], $dir) or die "chown $dir: $!";
    (my $name = $dir) =~ s{^.*/}{};
    return ($dir, $name);
}

sub _free_port {
    my $s = IO::Socket::INET->new(LocalAddr => $HOST, LocalPort => 0, Listen => 1) or die "no free port: $!";
    my $p = $s->sockport;
    close $s;
    return $p;
}

# The shared sshd's AuthorizedKeysFile (its config sits beside the test keys), so the private one lets the same keys in.
sub _authorized_keys_file {
    (my $dir = $SVC{CB_SSH_KEY}) =~ s{/[^/]+$}{};
    my $found;
    if (open my $fh, '<', "$dir/sshd_config") { while (<$fh>) { $found = $1 if /^AuthorizedKeysFile\s+(\S+)/ } }
    return $found // "$dir/authorized_keys/%u";
}

sub _write {
    my ($file, @lines) = @_;
    open my $fh, '>', $file or die "$file: $!";
    print $fh join "\n", @lines, '';
    close $fh or die "$file: $!";
}

# An sshd: host key and known_hosts of its own, key logins (password => 1: passwords too).
sub sshd {
    my ($class, %opt) = @_;
    my $dir = File::Temp::tempdir('cb-private-sshd-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my $port = _free_port();
    system('ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'cpan-bridge-private-test-host', '-f', "$dir/host_ed25519") == 0
        or die "ssh-keygen failed\n";
    open my $in, '<', "$dir/host_ed25519.pub" or die "$dir/host_ed25519.pub: $!";
    my ($type, $key) = split ' ', scalar <$in>;
    _write("$dir/known_hosts", "[$HOST]:$port $type $key");
    _write("$dir/sshd_config", "Port $port", "ListenAddress $HOST", "HostKey $dir/host_ed25519", "PidFile $dir/sshd.pid",
        'AuthorizedKeysFile ' . _authorized_keys_file(), 'StrictModes no', 'UsePAM no',
        'PasswordAuthentication ' . ($opt{password} ? 'yes' : 'no'), 'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes', "AllowUsers $SVC{CB_SSH_USER}", 'MaxStartups 100:30:200', 'UseDNS no', 'PrintMotd no',
        'Subsystem sftp /usr/lib/openssh/sftp-server');
    system('/usr/sbin/sshd', '-t', '-f', "$dir/sshd_config") == 0 or die "sshd rejects the private config\n";
    my $self = bless { what => 'the private sshd', dir => $dir, port => $port, known_hosts => "$dir/known_hosts",
        exec => sub { exec '/usr/sbin/sshd', '-D', '-f', "$dir/sshd_config", '-E', "$dir/sshd.log" } }, $class;
    $self->start;
    return $self;
}

# A vsftpd: plain FTP, passive ports of its own.
sub vsftpd {
    my ($class) = @_;
    my $dir = File::Temp::tempdir('cb-private-ftpd-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my $port = _free_port();
    # vsftpd's secure_chroot_dir: empty, not writable
    mkdir "$dir/empty", 0555 or die "$dir/empty: $!";
    my $pasv = 40000 + ($port % 2000) * 10 + 5;
    _write("$dir/vsftpd.conf", 'listen=YES', 'listen_ipv6=NO', "listen_address=$HOST", "listen_port=$port", 'background=NO',
        'anonymous_enable=NO', 'local_enable=YES', 'write_enable=YES', 'local_umask=022', 'dirmessage_enable=NO',
        'use_localtime=NO', 'xferlog_enable=NO', "vsftpd_log_file=$dir/vsftpd.log", 'connect_from_port_20=NO',
        'pasv_enable=YES', "pasv_address=$HOST", "pasv_min_port=$pasv", 'pasv_max_port=' . ($pasv + 4),
        'seccomp_sandbox=NO', "secure_chroot_dir=$dir/empty", 'pam_service_name=vsftpd', 'max_per_ip=0', 'ssl_enable=NO');
    my $self = bless { what => 'the private vsftpd', dir => $dir, port => $port, exec => sub {
        POSIX::setsid();
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', '/dev/null';
        exec '/usr/sbin/vsftpd', "$dir/vsftpd.conf";
    } }, $class;
    $self->start;
    return $self;
}

sub port { $_[0]{port} }
sub known_hosts { $_[0]{known_hosts} }
sub pid { $_[0]{pid} }

sub port_open {
    my ($self) = @_;
    my $s = IO::Socket::INET->new(PeerAddr => $HOST, PeerPort => $self->{port}, Timeout => 1);
    close $s if $s;
    return !!$s;
}

my %RUNNING; # pid => server, for END
my $PARENT = $$;
my $GUARDED;

sub start {
    my ($self) = @_;
    die "port $self->{port} was taken\n" if $self->port_open;
    # an interrupted run still stops its servers (END runs on exit, not on a signal's default death)
    $GUARDED ||= do { $SIG{$_} = sub { exit 1 } for qw(INT TERM HUP PIPE); 1 };
    my $pid = fork // die "fork: $!";
    if (!$pid) { $self->{exec}->(); POSIX::_exit(127) }
    $self->{pid} = $pid;
    $RUNNING{$pid} = $self;
    for (1 .. 200) { return if $self->port_open; Time::HiRes::sleep(0.05) }
    die "$self->{what} did not start on $self->{port}\n";
}

# Its listener is gone (killed here or by a watcher): reaped, and the port closed.
sub _gone {
    my ($self) = @_;
    waitpid $self->{pid}, 0;
    delete $RUNNING{ delete $self->{pid} };
    for (1 .. 200) { return unless $self->port_open; Time::HiRes::sleep(0.05) }
    die "the killed $self->{what} still listens on $self->{port}\n";
}

# SIGKILL the listener and every session process: the server stopped mid-call.
sub kill {
    my ($self) = @_;
    return unless $self->{pid};
    CORE::kill 'KILL', $self->{pid}, descendants($self->{pid});
    $self->_gone;
}

sub restart {
    my ($self) = @_;
    $self->kill;
    $self->start;
}

# Runs $opt{run} (returning stdout, stderr, exit) while a watcher process kills
# the server once a file in $opt{watch} (a directory or a list of them) holds
# $opt{bytes} (default 1 MB: the transfer is under way); the server is started
# again afterwards. A run not done within $opt{timeout} seconds (default 120)
# counts as hung. Returns (stdout, stderr, exit, whether the kill happened,
# seconds the run took after the kill).
sub cut_while {
    my ($self, %opt) = @_;
    my @watch = ref $opt{watch} ? @{ $opt{watch} } : ($opt{watch});
    my $bytes = $opt{bytes} // 1048576;
    my $timeout = $opt{timeout} // 120;
    my $flag = "$self->{dir}/killed.flag";
    unlink $flag;
    my $server = $self->{pid};
    my $watcher = fork // die "fork: $!";
    if (!$watcher) {
        my $end = Time::HiRes::time() + 60;
        while (Time::HiRes::time() < $end) {
            for my $w (@watch) {
                opendir my $d, $w or next;
                if (grep { -f "$w/$_" && -s _ >= $bytes } readdir $d) {
                    CORE::kill 'KILL', $server, descendants($server);
                    open my $f, '>', $flag; print $f Time::HiRes::time(); close $f;
                    POSIX::_exit(0);
                }
            }
            Time::HiRes::sleep(0.002);
        }
        POSIX::_exit(1);
    }
    # a hang must fail the test, not the run
    my @r;
    {
        local $SIG{ALRM} = sub { die "timeout\n" };
        alarm $timeout;
        @r = eval { $opt{run}->() };
        alarm 0;
    }
    my $done = Time::HiRes::time();
    # a watcher that killed has exited or is about to; one still watching is stopped
    CORE::kill 'KILL', $watcher unless -e $flag;
    waitpid $watcher, 0;
    # killed: the watcher said so, or the server is gone (the watcher stopped between its kill and its flag)
    my $reaped = waitpid($server, POSIX::WNOHANG()) == $server;
    my $killed = -e $flag || $reaped;
    my $after = -e $flag ? do { open my $f, '<', $flag; $done - <$f> } : undef;
    if ($killed) {
        if ($reaped) { delete $RUNNING{ delete $self->{pid} } } else { $self->_gone }
        Time::HiRes::sleep(0.05) while $self->port_open;
        $self->start;
    }
    return (@r ? @r : ('', "the script hung (no answer in $timeout s)", -1), $killed, $after);
}

END {
    local $?;
    if ($$ == $PARENT) {
        for my $pid (keys %RUNNING) { CORE::kill 'KILL', $pid, descendants($pid); waitpid $pid, 0 }
    }
}

1;
