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
use lib "$FindBin::Bin", "$FindBin::Bin/../lib", "$FindBin::Bin/../../perl/lib";
use TransferBench;
use File::Path ();
use Time::HiRes qw(time);

my ($small, $runs, $big_mb) = TransferBench::setup('sftp');
our %SVC;
*SVC = \%TransferBench::SVC;
my $tmp = $TransferBench::TMP;

# the same connect line under both modules; the facts come through the environment
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

# --- a. one script, $small files each way, connect and disconnect included
my $a_script = TransferBench::script('small', $connect . q{
    my ($n, $ldir, $rdir, $back) = @ARGV;
    for my $i (1 .. $n) { $sftp->put("$ldir/f$i", "$rdir/f$i") or die "put f$i: " . $sftp->error . "\n" }
    for my $i (1 .. $n) { $sftp->get("$rdir/f$i", "$back/f$i") or die "get f$i: " . $sftp->error . "\n" }
    $sftp->disconnect;
    printf "%.4f\n", time - $t0;
});
my ($a_secs, $sdir) = TransferBench::many_small($a_script, $small);

# --- b. $runs separate scripts, one put each (wall time of all, perl start included)
my $b_script = TransferBench::script('one', $connect . q{
    my ($src, $dst) = @ARGV;
    $sftp->put($src, $dst) or die "put: " . $sftp->error . "\n";
});
my $b_secs = TransferBench::separate_runs($b_script, $sdir, $runs);

# --- c + d. one big file each way, the daemon's RSS sampled during the facade's
my $big = TransferBench::big_file($big_mb);
my $mb = (-s $big) / 1048576;
my $c_script = TransferBench::script('big', $connect . q{
    my ($dir, $src, $dst, $back) = @ARGV;
    my $t = time;
    if ($dir eq 'put') { $sftp->put($src, $dst) or die "put: " . $sftp->error . "\n" }
    else { $sftp->get($dst, $back) or die "get: " . $sftp->error . "\n" }
    printf "%.4f\n", time - $t;
});
my ($c_secs, $rss, $rss2) = TransferBench::big_both($c_script, $big);

# OpenSSH's own client, for reference (one process per direction, handshake included)
my %ref;
{
    my @ssh = ('-q', '-i', $SVC{CB_SSH_KEY}, '-o', "UserKnownHostsFile=$SVC{CB_SSH_KNOWN_HOSTS}", '-P', $SVC{CB_SSH_PORT}, "$SVC{CB_SSH_USER}\@$SVC{CB_SSH_HOST}");
    my ($rdir, $rrel) = TransferBench::remote_dir('c-sftp');
    my $back = "$tmp/big-back-sftp.bin";
    for my $dir ('put', 'get') {
        my $batch = "$tmp/batch-$dir";
        open my $fh, '>', $batch or die;
        print $fh $dir eq 'put' ? "put $big $rrel/big.bin\n" : "get $rrel/big.bin $back\n";
        close $fh;
        open my $saved, '>&', \*STDOUT or die;
        open STDOUT, '>', '/dev/null' or die; # sftp -b echoes each command
        my $t = time;
        my $rc = system('sftp', '-b', $batch, @ssh);
        $ref{$dir} = time - $t;
        open STDOUT, '>&', $saved or die;
        $rc == 0 or die "sftp -b $dir failed\n";
    }
    TransferBench::same($big, $back, 'sftp -b');
    File::Path::rmtree([$rdir, $back]);
}

# --- the table
my $real_version = `perl -MNet::SFTP::Foreign -e 'print \$Net::SFTP::Foreign::VERSION'`;
TransferBench::report(title => "Net::SFTP::Foreign facade vs the real module $real_version, test sshd on loopback, one run",
    small => $small, runs => $runs, big_mb => $big_mb, mb => $mb, a => $a_secs, b => $b_secs, b_what => 'new + one put each',
    c => $c_secs, rss => $rss, rss2 => $rss2,
    reference => sub { printf "%-44s %.1f MB/s put, %.1f MB/s get\n", '   OpenSSH sftp -b (reference, with its handshake)', $mb / $ref{put}, $mb / $ref{get} });
