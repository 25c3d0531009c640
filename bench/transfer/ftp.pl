#!/usr/bin/perl
# FTP: the Net::FTP facade vs the real (core) Net::FTP, in one run, against
# the test vsftpd of scripts/test-services.sh (plain FTP, passive mode):
#   a. one script: new + login, put 200 files of 4 KB, get them back, quit
#      (best of 2 each, alternating);
#   b. 50 separate script runs in a row (a perl process each), each new +
#      login + put one file;
#   c. one 200 MB file put and got back (MB/s);
#   d. the daemon's RSS, sampled every 10 ms from /proc during c's facade run.
# The targets are the SFTP ones of issue 13, for comparison. Every transferred
# file is compared with its source. Writes only to a temp dir and a scratch
# dir in the test user's home, both removed at exit.
# Usage: perl bench/transfer/ftp.pl [small=200] [runs=50] [big_mb=200]
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

TransferBench::setup('ftp');
our %SVC;
*SVC = \%TransferBench::SVC;
my $tmp = $TransferBench::TMP;

$ENV{B_HOST} = $SVC{CB_FTP_HOST};
$ENV{B_PORT} = $SVC{CB_FTP_PORT};
$ENV{B_USER} = $SVC{CB_FTP_USER};
$ENV{B_PASS} = $SVC{CB_FTP_PASSWORD};
my $connect = q{
    use strict; use warnings; use Net::FTP; use Time::HiRes qw(time);
    my $t0 = time;
    my $ftp = Net::FTP->new($ENV{B_HOST}, Port => $ENV{B_PORT}, Passive => 1, Timeout => 60) or die "new: $@\n";
    $ftp->login($ENV{B_USER}, $ENV{B_PASS}) or die "login: " . $ftp->message;
    $ftp->binary or die "binary: " . $ftp->message;
};

my $sdir = TransferBench::small_files($small);
my $a_script = TransferBench::script('small', $connect . q{
    my ($n, $ldir, $rdir, $back) = @ARGV;
    for my $i (1 .. $n) { $ftp->put("$ldir/f$i", "$rdir/f$i") or die "put f$i: " . $ftp->message }
    for my $i (1 .. $n) { $ftp->get("$rdir/f$i", "$back/f$i") or die "get f$i: " . $ftp->message }
    $ftp->quit;
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

my $b_script = TransferBench::script('one', $connect . q{
    my ($src, $dst) = @ARGV;
    $ftp->put($src, $dst) or die "put: " . $ftp->message;
    $ftp->quit;
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

my $big = TransferBench::big_file($big_mb);
my $mb = (-s $big) / 1048576;
my $c_script = TransferBench::script('big', $connect . q{
    my ($dir, $src, $dst, $back) = @ARGV;
    my $t = time;
    if ($dir eq 'put') { $ftp->put($src, $dst) or die "put: " . $ftp->message }
    else { $ftp->get($dst, $back) or die "get: " . $ftp->message }
    printf "%.4f\n", time - $t;
    $ftp->quit;
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

my $real_version = `perl -MNet::FTP -e 'print \$Net::FTP::VERSION'`;
TransferBench::header("Net::FTP facade vs the real (core) Net::FTP $real_version, test vsftpd on loopback, one run");
TransferBench::row_seconds("a. $small x 4 KB put + get, one script", $a{0}, $a{1}, '(>= 1x)');
TransferBench::row_seconds("b. $runs scripts, new + login + one put each", $b{0}, $b{1}, '(>= 2x)');
TransferBench::row_rate("c. $big_mb MB put", $mb, $c{0}{put}, $c{1}{put}, '(>= 0.8x)');
TransferBench::row_rate("c. $big_mb MB get", $mb, $c{0}{get}, $c{1}{get}, '(>= 0.8x)');
TransferBench::row_rss('d. daemon RSS during the facade\'s big file', $rss);
TransferBench::row_rss('   the same put + get again', $rss2);
