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

my ($small, $runs, $big_mb) = TransferBench::setup('ftp');
our %SVC;
*SVC = \%TransferBench::SVC;

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

my $a_script = TransferBench::script('small', $connect . q{
    my ($n, $ldir, $rdir, $back) = @ARGV;
    for my $i (1 .. $n) { $ftp->put("$ldir/f$i", "$rdir/f$i") or die "put f$i: " . $ftp->message }
    for my $i (1 .. $n) { $ftp->get("$rdir/f$i", "$back/f$i") or die "get f$i: " . $ftp->message }
    $ftp->quit;
    printf "%.4f\n", time - $t0;
});
my ($a_secs, $sdir) = TransferBench::many_small($a_script, $small);

my $b_script = TransferBench::script('one', $connect . q{
    my ($src, $dst) = @ARGV;
    $ftp->put($src, $dst) or die "put: " . $ftp->message;
    $ftp->quit;
});
my $b_secs = TransferBench::separate_runs($b_script, $sdir, $runs);

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
my ($c_secs, $rss, $rss2) = TransferBench::big_both($c_script, $big);

my $real_version = `perl -MNet::FTP -e 'print \$Net::FTP::VERSION'`;
TransferBench::report(title => "Net::FTP facade vs the real (core) Net::FTP $real_version, test vsftpd on loopback, one run",
    small => $small, runs => $runs, big_mb => $big_mb, mb => $mb, a => $a_secs, b => $b_secs, b_what => 'new + login + one put each',
    c => $c_secs, rss => $rss, rss2 => $rss2);
