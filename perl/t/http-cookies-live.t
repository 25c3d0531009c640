use strict;
use warnings;
use lib 'perl/t/lib';
use FacadeDiff qw(pin_env REAL_HTTP);    # and BridgeTest's run_perl: no daemon; the HTTP test server is the peer
use TestServices qw(http_url);
use File::Temp ();
use Test::More;

# Cookies from the real HTTP test server (scripts/http-test-server.mjs):
# its Set-Cookie headers go into the jar and the jar's Cookie header goes
# back to it, over plain sockets (no LWP, so only the cookie code is under
# test), with the real HTTP::Cookies and with the facade. The server's
# echo of the Cookie header it received must be the same for both.

my $URL = http_url();
pin_env();

my $script = "use strict; use warnings;\n" . REAL_HTTP . <<'PL';
use HTTP::Cookies;
use IO::Socket::INET;
my ($base, $dir) = @ARGV;
my $jar = HTTP::Cookies->new(file => "$dir/jar.txt", autosave => 1, ignore_discard => 1);
sub fetch {
    my ($path, %hdr) = @_;
    my $req = HTTP::Request->new(GET => "$base$path");
    $req->header(%hdr) if %hdr;
    $jar->add_cookie_header($req);
    my $u = $req->uri;
    my $sock = IO::Socket::INET->new(PeerAddr => $u->host, PeerPort => $u->port, Timeout => 10) or die "connect $base: $@";
    my $head = 'GET ' . $u->path_query . " HTTP/1.1\r\nHost: " . $u->host_port . "\r\nConnection: close\r\n";
    $req->headers->scan(sub { $head .= "$_[0]: $_[1]\r\n" });
    print {$sock} "$head\r\n";
    local $/;
    my $raw = <$sock>;
    close $sock;
    $raw =~ s/\r\n/\n/g;
    my $res = HTTP::Response->parse($raw);
    $res->request($req);
    $jar->extract_cookies($res);
    my $body = $res->content;
    $body =~ s/\n\z//;
    print "GET $path -> ", $res->code, ' sent Cookie: ', ($req->header('Cookie') // 'none'), ' | set: ',
        join(' | ', $res->header('Set-Cookie')), ' | body: ', ($path =~ m{^/cookies\b(?!/)|^/echo} ? $body : length $body), "\n";
    return $res;
}
fetch('/cookies');
fetch('/cookies/set?sid=abc123&lang=en%20US&empty=');
fetch('/cookies');
fetch('/headers-multi');
fetch('/cookies');
fetch('/cookies/set?sid=changed');
my $echo = fetch('/echo/sub/path');
my ($cookie) = $echo->content =~ /"cookie","([^"]*)"/i;
print 'server saw: ', $cookie // 'none', "\n";
fetch('/cookies', Cookie => 'pre=1');
print $jar->as_string;
$jar->set_cookie(0, 'local', 'x', '/', '127.0.0.1', undef, 0, 0, undef);
fetch('/cookies');
undef $jar;    # autosave
open my $fh, '<', "$dir/jar.txt" or die "no saved jar: $!";
print "saved:\n", <$fh>;
PL

my $tmp = File::Temp::tempdir(CLEANUP => 1);
mkdir "$tmp/$_" or die $! for qw(real facade);
my ($rout, $rerr, $rexit) = BridgeTest::run_perl_real($script, args => [$URL, "$tmp/real"]);
my ($fout, $ferr, $fexit) = BridgeTest::run_perl_facade($script, args => [$URL, "$tmp/facade"]);
is($rexit, 0, 'the real HTTP::Cookies talks to the test server') or diag $rerr;
is($fexit, 0, 'the facade talks to the test server') or diag $ferr;
is($fout, $rout, 'the same cookies sent, received and saved') or diag "real:\n$rout\nfacade:\n$fout";
is($ferr, $rerr, 'same warnings');
like($fout, qr/^GET \/cookies -> 200 sent Cookie: none .*body: \{"cookie":null\}$/m, 'an empty jar sends nothing');
like($fout, qr/^GET \/cookies -> 200 sent Cookie: [^|]*sid=abc123[^|]*\| .*body: \{"cookie":"[^"]*sid=abc123/m, 'the server got the cookie it set');
like($fout, qr/"cookie":"[^"]*lang=en US/, '... with the space in its value');
like($fout, qr/^server saw: .*sid=changed/m, 'a cookie set again replaces the old value, on another path too');
like($fout, qr/^saved:\n#LWP-Cookies-1\.0\nSet-Cookie3: /m, 'autosave wrote the jar');

done_testing;
