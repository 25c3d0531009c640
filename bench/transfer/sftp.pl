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

my $small = $ARGV[0] || 200;
my $runs = $ARGV[1] || 50;
my $big_mb = $ARGV[2] || 200;

TransferBench::setup('sftp');
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
my $sdir = TransferBench::small_files($small);
my $a_script = TransferBench::script('small', $connect . q{
    my ($n, $ldir, $rdir, $back) = @ARGV;
    for my $i (1 .. $n) { $sftp->put("$ldir/f$i", "$rdir/f$i") or die "put f$i: " . $sftp->error . "\n" }
    for my $i (1 .. $n) { $sftp->get("$rdir/f$i", "$back/f$i") or die "get f$i: " . $sftp->error . "\n" }
    $sftp->disconnect;
    printf "%.4f\n", time - $t0;
});
my %a;
for my $round (1 .. 2) {
    for my $facade (0, 1) {
        my $tag = TransferBench::label($facade) . $round;
        my $back = "$tmp/back-$tag";
        mkdir $back or die;
        my ($rdir, $rrel) = TransferBench::remote_dir("a-$tag");
        my $t = TransferBench::run($facade, $a_script, $small, $sdir, $rrel, $back) + 0;
        for my $i (1 .. $small) {
            TransferBench::same("$sdir/f$i", "$rdir/f$i", "a ($tag) put");
            TransferBench::same("$sdir/f$i", "$back/f$i", "a ($tag) get");
        }
        File::Path::rmtree([$back, $rdir]);
        $a{$facade} = $t if !defined $a{$facade} || $t < $a{$facade};
    }
}

# --- b. $runs separate scripts, one put each (wall time of all, perl start included)
my $b_script = TransferBench::script('one', $connect . q{
    my ($src, $dst) = @ARGV;
    $sftp->put($src, $dst) or die "put: " . $sftp->error . "\n";
});
my %b;
for my $facade (0, 1) {
    my $tag = TransferBench::label($facade);
    my ($rdir, $rrel) = TransferBench::remote_dir("b-$tag");
    my $t0 = time;
    TransferBench::run($facade, $b_script, "$sdir/f$_", "$rrel/one$_") for 1 .. $runs;
    $b{$facade} = time - $t0;
    TransferBench::same("$sdir/f$_", "$rdir/one$_", "b ($tag)") for 1 .. $runs;
    File::Path::rmtree($rdir);
}

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
my (%c, $rss, $rss2);
for my $facade (0, 1) {
    my $tag = TransferBench::label($facade);
    my ($rdir, $rrel) = TransferBench::remote_dir("c-$tag");
    my $back = "$tmp/big-back-$tag.bin";
    my $work = sub {
        $c{$facade}{put} = TransferBench::run($facade, $c_script, 'put', $big, "$rrel/big.bin", $back) + 0;
        TransferBench::same($big, "$rdir/big.bin", "c ($tag) put");
        $c{$facade}{get} = TransferBench::run($facade, $c_script, 'get', $big, "$rrel/big.bin", $back) + 0;
        TransferBench::same($big, $back, "c ($tag) get");
    };
    if ($facade) {
        $rss = TransferBench::with_rss($work);
        # the same again: whether the daemon stays at its new size or keeps growing
        my %first = %{ $c{1} };
        $rss2 = TransferBench::with_rss($work);
        $c{1} = \%first;
    } else { $work->() }
    File::Path::rmtree([$rdir, $back]);
}

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
TransferBench::header("Net::SFTP::Foreign facade vs the real module $real_version, test sshd on loopback, one run");
TransferBench::row_seconds("a. $small x 4 KB put + get, one script", $a{0}, $a{1}, '>= 1x');
TransferBench::row_seconds("b. $runs scripts, new + one put each", $b{0}, $b{1}, '>= 2x');
TransferBench::row_rate("c. $big_mb MB put", $mb, $c{0}{put}, $c{1}{put}, '>= 0.8x');
TransferBench::row_rate("c. $big_mb MB get", $mb, $c{0}{get}, $c{1}{get}, '>= 0.8x');
printf "%-44s %.1f MB/s put, %.1f MB/s get\n", '   OpenSSH sftp -b (reference, with its handshake)', $mb / $ref{put}, $mb / $ref{get};
TransferBench::row_rss('d. daemon RSS during the facade\'s big file', $rss);
TransferBench::row_rss('   the same put + get again', $rss2);
