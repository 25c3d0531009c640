#!/usr/bin/perl
# The floor: a minimal raw HTTP/1.1 keep-alive loop over the Unix socket
# (syswrite a fixed request, sysread until Content-Length bytes). Prints one JSON line.
use strict;
use warnings;
use IO::Socket::UNIX;
use Time::HiRes qw(time);

my ($sock, $n) = @ARGV;
$n ||= 10_000;
my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $sock) or die "connect $sock: $!";
my $body = '{"jsonrpc":"2.0","id":1,"method":"test.ping","params":{}}';
my $req = "POST /rpc HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " . length($body) . "\r\n\r\n$body";
my @lat;
my $buf = '';
my $call = sub {
    syswrite($s, $req) == length $req or die "write: $!";
    my $need;
    for (;;) {
        my $h = index($buf, "\r\n\r\n");
        if ($h >= 0 && !defined $need) {
            my ($len) = substr($buf, 0, $h) =~ /Content-Length:\s*(\d+)/i or die 'no content-length';
            $need = $h + 4 + $len;
        }
        last if defined $need && length($buf) >= $need;
        sysread($s, $buf, 65536, length $buf) or die "read: $!";
    }
    substr($buf, 0, $need, '');
};
$call->() for 1 .. 200;    # warm up
my $t0 = time;
for (1 .. $n) { my $a = time; $call->(); push @lat, time - $a }
my $el = time - $t0;
@lat = sort { $a <=> $b } @lat;
printf qq({"calls":%d,"seconds":%.4f,"per_s":%.1f,"p50_ms":%.4f,"p99_ms":%.4f}\n), $n, $el, $n / $el, $lat[int(@lat * 0.5)] * 1000, $lat[int(@lat * 0.99)] * 1000;
