#!/usr/bin/perl
# The real client: CPANBridge->call('test','ping') in a loop over keep-alive
# ("seq"), or batches of 100 ("batch"), or one-shot mode ("oneshot",
# $CPANBridge::DAEMON_MODE = 0). Prints one JSON line.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../perl/lib";
use CPANBridge;
use Time::HiRes qw(time);

my ($mode, $n) = @ARGV;
$n ||= 10_000;
my $br = CPANBridge->new;
$CPANBridge::DAEMON_MODE = 0 if $mode eq 'oneshot';
my $check = sub { $_[0]{success} or die "call failed: $_[0]{error}\n" };
my @lat;
if ($mode eq 'batch') {
    my @calls = map { [ 'test', 'ping', {} ] } 1 .. 100;
    $check->($_) for @{ $br->batch(\@calls) };
    my $t0 = time;
    my $batches = int($n / 100);
    for (1 .. $batches) { my $a = time; my $r = $br->batch(\@calls); push @lat, time - $a; $check->($r->[-1]) }
    my $el = time - $t0;
    @lat = sort { $a <=> $b } @lat;
    printf qq({"calls":%d,"seconds":%.4f,"per_s":%.1f,"p50_batch_ms":%.4f}\n), $batches * 100, $el, $batches * 100 / $el, $lat[int(@lat / 2)] * 1000;
    exit 0;
}
$check->($br->call('test', 'ping')) for 1 .. ($mode eq 'oneshot' ? 1 : 200);
my $t0 = time;
for (1 .. $n) { my $a = time; my $r = $br->call('test', 'ping'); push @lat, time - $a; $r->{success} or die "call failed: $r->{error}\n" }
my $el = time - $t0;
@lat = sort { $a <=> $b } @lat;
printf qq({"calls":%d,"seconds":%.4f,"per_s":%.1f,"p50_ms":%.4f,"p99_ms":%.4f}\n), $n, $el, $n / $el, $lat[int(@lat * 0.5)] * 1000, $lat[int(@lat * 0.99)] * 1000;
