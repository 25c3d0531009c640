#!/usr/bin/perl
# SFTP: the Net::SFTP::Foreign facade vs the real module (Debian's, which
# runs one `ssh` process per object), in one run, against the test sshd of
# scripts/test-services.sh:
#   a. one script: new, put 200 files of 4 KB, get them back, disconnect
#      (best of 2 each, alternating);
#   b. 50 separate script runs in a row (a perl process each), each new +
#      put one file: the facade's pooled connection vs a fresh ssh each time;
#   c. one 200 MB file put and got back (MB/s), OpenSSH's `sftp -b` beside
#      them for reference;
#   d. the daemon's RSS, sampled every 10 ms from /proc during c's facade run.
# Every transferred file is compared with its source, so a fast wrong
# answer cannot pass. Writes only to a temp dir and a scratch dir in the
# test user's home, both removed at exit.
# Usage: perl bench/transfer/sftp.pl [small=200] [runs=50] [big_mb=200]
# (a daemon at CPAN_BRIDGE_SOCKET, else one started from dist/).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib", "$FindBin::Bin/../../perl/lib";
use BenchDaemon;
use File::Compare ();
use File::Path ();
use File::Temp ();
use POSIX ();
use Time::HiRes qw(time sleep);

my $small = $ARGV[0] || 200;
my $runs = $ARGV[1] || 50;
my $big_mb = $ARGV[2] || 200;
my $root = $BenchDaemon::ROOT;

my %SVC;
{
    my $file = "$root/.test-services/env";
    open my $fh, '<', $file or die "$file is missing: run \"bash scripts/test-services.sh start\" first\n";
    while (<$fh>) { $SVC{$1} = $2 if /^([A-Z_]+)='(.*)'$/ }
}

BenchDaemon::socket_path();
my $dpid = BenchDaemon::pid() or die "cannot find the daemon's pid\n";
my $tmp = File::Temp::tempdir('sftp-bench-XXXXXX', TMPDIR => 1, CLEANUP => 1);
# the remote side: a scratch dir in the test user's home, owned by that user
my $scratch = File::Temp::tempdir('bench-XXXXXX', DIR => $SVC{CB_SSH_HOME});
{
    my ($uid, $gid) = (stat $SVC{CB_SSH_HOME})[4, 5];
    chown $uid, $gid, $scratch or die "chown $scratch: $!";
}
my $owner = $$;
END { File::Path::rmtree($scratch) if $scratch && $$ == $owner }
(my $rname = $scratch) =~ s{^.*/}{};

# what every script gets: the same connect line under both modules
$ENV{B_HOST} = $SVC{CB_SSH_HOST};
$ENV{B_PORT} = $SVC{CB_SSH_PORT};
$ENV{B_USER} = $SVC{CB_SSH_USER};
$ENV{B_KEY} = $SVC{CB_SSH_KEY};
$ENV{B_KH} = $SVC{CB_SSH_KNOWN_HOSTS};
my $connect = q{
    use strict; use warnings; use Net::SFTP::Foreign; use Time::HiRes qw(time);
    my $t0 = time;
    my $sftp = Net::SFTP::Foreign->new($ENV{B_HOST}, user => $ENV{B_USER}, port => $ENV{B_PORT},
        key_path => $ENV{B_KEY}, more => ['-o', "UserKnownHostsFile=$ENV{B_KH}"]);
    die "connect: " . $sftp->error . "\n" if $sftp->error;
};

sub script {
    my ($name, $body) = @_;
    my $path = "$tmp/$name.pl";
    open my $fh, '>', $path or die "$path: $!";
    print $fh $connect, $body, "\n";
    close $fh;
    return $path;
}

# run one script under the real module or the facade; its stdout back
sub run {
    my ($facade, $path, @args) = @_;
    local $ENV{PERL5LIB} = $facade ? "$root/perl/compat:$root/perl/lib" : '';
    my $out = `$^X $path @args`;
    die sprintf("%s failed under the %s: exit %d\n", $path, $facade ? 'facade' : 'real module', $? >> 8) unless $? == 0;
    return $out;
}

sub label { $_[0] ? 'facade' : 'real' }

# --- a. one script, $small files each way
my $sdir = "$tmp/small";
mkdir $sdir or die;
for my $i (1 .. $small) {
    open my $fh, '>', "$sdir/f$i" or die;
    print $fh pack('N', $i) x 1024;
    close $fh;
}
my $a_script = script('small', q{
    my ($n, $ldir, $rdir, $back) = @ARGV;
    for my $i (1 .. $n) { $sftp->put("$ldir/f$i", "$rdir/f$i") or die "put f$i: " . $sftp->error . "\n" }
    for my $i (1 .. $n) { $sftp->get("$rdir/f$i", "$back/f$i") or die "get f$i: " . $sftp->error . "\n" }
    $sftp->disconnect;
    printf "%.4f\n", time - $t0;
});
my %a;
for my $round (1 .. 2) {
    for my $facade (0, 1) {
        my $tag = label($facade) . $round;
        my $back = "$tmp/back-$tag";
        mkdir $back or die;
        my $rdir = "$scratch/a-$tag";
        mkdir $rdir or die;
        chown((stat $scratch)[4, 5], $rdir);
        my $t = run($facade, $a_script, $small, $sdir, "$rname/a-$tag", $back) + 0;
        for my $i (1 .. $small) {
            File::Compare::compare("$sdir/f$i", "$back/f$i") == 0 or die "a ($tag): f$i came back different\n";
            File::Compare::compare("$sdir/f$i", "$rdir/f$i") == 0 or die "a ($tag): f$i arrived different\n";
        }
        File::Path::rmtree([$back, $rdir]);
        $a{$facade} = $t if !defined $a{$facade} || $t < $a{$facade};
    }
}

# --- b. $runs separate scripts, one put each (wall time of all, perl start included)
my $b_script = script('one', q{
    my ($src, $dst) = @ARGV;
    $sftp->put($src, $dst) or die "put: " . $sftp->error . "\n";
});
my %b;
for my $facade (0, 1) {
    my $tag = label($facade);
    my $rdir = "$scratch/b-$tag";
    mkdir $rdir or die;
    chown((stat $scratch)[4, 5], $rdir);
    my $t0 = time;
    run($facade, $b_script, "$sdir/f$_", "$rname/b-$tag/one$_") for 1 .. $runs;
    $b{$facade} = time - $t0;
    for my $i (1 .. $runs) {
        File::Compare::compare("$sdir/f$i", "$rdir/one$i") == 0 or die "b ($tag): one$i arrived different\n";
    }
    File::Path::rmtree($rdir);
}

# --- c + d. one big file each way
my $big = "$tmp/big.bin";
{
    open my $fh, '>', $big or die;
    my $chunk = join '', map { chr int rand 256 } 1 .. 65536;
    for my $mb (1 .. $big_mb) { print $fh substr($chunk, $mb % 997) . substr($chunk, 0, $mb % 997) for 1 .. 16 }
    close $fh;
}
my $bytes = -s $big;
my $c_script = script('big', q{
    my ($dir, $src, $dst, $back) = @ARGV;
    my $t = time;
    if ($dir eq 'put') { $sftp->put($src, $dst) or die "put: " . $sftp->error . "\n" }
    else { $sftp->get($dst, $back) or die "get: " . $sftp->error . "\n" }
    printf "%.4f\n", time - $t;
});

sub rss_kb {
    my ($field) = @_;
    open my $fh, '<', "/proc/$dpid/status" or return 0;
    while (<$fh>) { return $1 if /^$field:\s+(\d+)/ }
    return 0;
}

my (%c, $rss);
for my $facade (0, 1) {
    my $tag = label($facade);
    my $sampler;
    my $peak_file = "$tmp/peak";
    my $base = rss_kb('VmRSS');
    if ($facade) {
        $sampler = fork // die "fork: $!";
        if (!$sampler) {
            my ($peak, $stop) = (0, 0);
            local $SIG{TERM} = sub { $stop = 1 };
            until ($stop) { my $k = rss_kb('VmRSS'); $peak = $k if $k > $peak; sleep 0.01 }
            open my $o, '>', $peak_file or die;
            print $o "$peak\n";
            close $o;
            POSIX::_exit(0);
        }
    }
    my $rdst = "$rname/big-$tag.bin";
    my $back = "$tmp/big-back-$tag.bin";
    $c{$facade}{put} = run($facade, $c_script, 'put', $big, $rdst, $back) + 0;
    File::Compare::compare($big, "$scratch/big-$tag.bin") == 0 or die "c ($tag): the big file arrived different\n";
    $c{$facade}{get} = run($facade, $c_script, 'get', $big, $rdst, $back) + 0;
    File::Compare::compare($big, $back) == 0 or die "c ($tag): the big file came back different\n";
    unlink $back, "$scratch/big-$tag.bin";
    if ($sampler) {
        kill 'TERM', $sampler;
        waitpid $sampler, 0;
        open my $p, '<', $peak_file or die "no RSS samples\n";
        chomp(my $peak = <$p>);
        $rss = { base => $base, peak => $peak, hwm => rss_kb('VmHWM') };
    }
}

# OpenSSH's own client, for reference
my %ref;
{
    my @ssh = ('-q', '-i', $SVC{CB_SSH_KEY}, '-o', "UserKnownHostsFile=$SVC{CB_SSH_KNOWN_HOSTS}", '-P', $SVC{CB_SSH_PORT}, "$SVC{CB_SSH_USER}\@$SVC{CB_SSH_HOST}");
    my $back = "$tmp/big-back-sftp.bin";
    for my $dir ('put', 'get') {
        my $batch = "$tmp/batch-$dir";
        open my $fh, '>', $batch or die;
        print $fh $dir eq 'put' ? "put $big $rname/big-sftp.bin\n" : "get $rname/big-sftp.bin $back\n";
        close $fh;
        my $t = time;
        open my $saved, '>&', \*STDOUT or die;
        open STDOUT, '>', '/dev/null' or die; # sftp -b echoes each command
        my $rc = system('sftp', '-b', $batch, @ssh);
        open STDOUT, '>&', $saved or die;
        $rc == 0 or die "sftp -b $dir failed\n";
        $ref{$dir} = time - $t;
    }
    File::Compare::compare($big, $back) == 0 or die "sftp -b: the big file came back different\n";
    unlink $back;
}

# --- the table
my $mb = $bytes / 1048576;
printf "\nNet::SFTP::Foreign facade vs the real module (%s), test sshd on loopback, one run\n", $Net::SFTP::Foreign::VERSION // 'Debian';
printf "%-44s %12s %12s %8s %8s\n", 'measure', 'real', 'facade', 'ratio', 'target';
printf "%-44s %10.2f s %10.2f s %7.2fx %8s\n", "a. $small x 4 KB put + get, one script", $a{0}, $a{1}, $a{0} / $a{1}, '>= 1x';
printf "%-44s %10.2f s %10.2f s %7.2fx %8s\n", "b. $runs scripts, new + one put each", $b{0}, $b{1}, $b{0} / $b{1}, '>= 2x';
for my $dir ('put', 'get') {
    printf "%-44s %8.1f MB/s %8.1f MB/s %7.2fx %8s\n", "c. $big_mb MB $dir", $mb / $c{0}{$dir}, $mb / $c{1}{$dir}, $c{0}{$dir} / $c{1}{$dir}, '>= 0.8x';
}
printf "%-44s %8.1f MB/s put, %.1f MB/s get (one process each, handshake included)\n", "   OpenSSH sftp -b (reference)", $mb / $ref{put}, $mb / $ref{get};
printf "%-44s %s\n", 'd. daemon RSS during the facade\'s big file',
    sprintf('%.0f MB before, peak %.0f MB: growth %.0f MB (target < 50 MB); VmHWM %.0f MB', $rss->{base} / 1024, $rss->{peak} / 1024, ($rss->{peak} - $rss->{base}) / 1024, $rss->{hwm} / 1024);
