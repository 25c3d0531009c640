use strict;
use warnings;
use lib 'perl/t/lib';
use FacadeDiff qw(pin_env same_lines REAL_HTTP);    # and BridgeTest's run_perl: these scripts need no daemon
use File::Temp ();
use Test::More;

# Random Set-Cookie / Set-Cookie2 headers (names, values, quoting, domain,
# path, port, expiry forms, flags, junk) from random request URLs into one
# jar, then the Cookie header for random URLs, the jar's as_string and its
# saved files (LWP and Netscape formats), with the real HTTP::Cookies 6.10
# and with the facade. Responses are built with the real HTTP::Response in
# both runs; time() and the hash seed are pinned so the outputs are
# deterministic. CB_COOKIE_FUZZ_SEED / CB_COOKIE_FUZZ_N pick other inputs.

pin_env();
my $SEED = $ENV{CB_COOKIE_FUZZ_SEED} || 61206;
my $N = $ENV{CB_COOKIE_FUZZ_N} || 1500;

my $script = "BEGIN { *CORE::GLOBAL::time = sub () { 1780000000 } }\nuse strict; use warnings;\n" . REAL_HTTP . <<'PL';
use HTTP::Cookies; use HTTP::Cookies::Netscape;
binmode STDOUT;
my ($seed, $n, $dir) = @ARGV;
srand($seed);
sub pick { $_[int rand @_] }
sub show { my $v = shift; return 'undef' unless defined $v; $v =~ s/([^\x20-\x7e])/sprintf('\\x%02X', ord $1)/ge; return "<$v>" }
my @hosts = qw(www.example.com example.com a.b.example.com localhost h 127.0.0.1 shop.example.org example.org x.co.uk);
my @paths = ('/', '/a', '/a/', '/a/b', '/a/b/c.html', '/b', '/a%20b/', '/%7Eu/x', '/A/B', '/a/b/../c', '');
my @names = qw(sid SID id a b c x_y lang theme $v v1);
push @names, '', 'a b', 'name;', '"q"', "caf\xc3\xa9";
my @vals = ('1', 'abc', '', 'a b', '"quoted"', '"with;semi"', 'a=b', 'x,y', '\\"esc', "\xe9t\xe9", 'long' x 20, 'v"mid');
my @exp = ('Wed, 09 Jun 2027 10:18:14 GMT', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT', 'Wednesday, 09-Jun-27 10:18:14 GMT',
           '2027-06-09T10:18:14Z', '2026-05-28 20:26:39Z', '2026-05-28 20:26:41Z', 'Fri, 31 Dec 9999 23:59:59 GMT', 'garbage', '0', '',
           'Jun 9 10:18:14 2027', '09 Jun 2027 10:18:14 +0200', '2027-06-09 10:18 PST', '12-31-26 11:59PM', 'Tue, 01 Jan 2036 00:00:00 GMT',
           '09 Jun 2027 10:18:14 PST', 'Wed, 09 Jun 2027 10:18:14 CEST', 'Jun 9 10:18:14 JST 2027');
sub ns_header {
    my @parts = (pick(@names) . (rand() < 0.95 ? '=' . pick(@vals) : ''));
    for (1 .. int rand 5) {
        my $r = int rand 12;
        push @parts,
            $r == 0 ? 'Path=' . pick(@paths, '/a b', '/x') :
            $r == 1 ? 'Domain=' . pick(@hosts, '.example.com', 'com', '.com', 'EXAMPLE.COM', 'other.net', '', '.0.0.1', 'local') :
            $r == 2 ? 'Expires=' . pick(@exp) :
            $r == 3 ? 'Max-Age=' . pick(0, 1, -1, 3600, 'x', '') :
            $r == 4 ? pick('Secure', 'secure', 'SECURE=1') :
            $r == 5 ? pick('HttpOnly', 'httponly', 'SameSite=' . pick('Lax', 'Strict', 'None')) :
            $r == 6 ? pick('Version=1', 'Discard', 'ns-cookie=0', 'Port=80') :
            $r == 7 ? pick('Comment=' . pick(@vals), 'X-Junk', '=', '') :
            $r == 8 ? pick('path=/', 'PATH=/a') :
            $r == 9 ? 'expires=' . pick(@exp) :
            $r == 10 ? pick(@names) . '=' . pick(@vals) :
                       'domain=' . pick(@hosts);
    }
    my $sep = pick('; ', ';', ' ; ', ';  ');
    return join $sep, @parts;
}
sub rfc_header {
    my @words;
    for (1 .. 1 + int rand 2) {
        my @a = (pick(@names) . '=' . pick('1', 'v', '"a b"', '"x\\"y"', ''));
        push @a, 'Version=' . pick('1', '"1"', '0', '2') if rand() < 0.9;
        for (1 .. int rand 4) {
            push @a, pick('Path="' . pick(@paths) . '"', 'Domain="' . pick(@hosts, '.example.com', '.com') . '"', 'Port', 'Port="80,8080"',
                          'Port="' . pick(80, 443, 8080, 81, 'x') . '"', 'Discard', 'Secure', 'Max-Age=' . pick(0, 10, 99999), 'Comment="c"', 'CommentURL="http://x/"');
        }
        push @words, join '; ', @a;
    }
    return join ', ', @words;
}
sub url { pick('http', 'http', 'https') . '://' . pick(@hosts) . pick('', '', ':8080', ':443', ':80') . pick(@paths) . pick('', '?q=1') }
my $jar = HTTP::Cookies->new(hide_cookie2 => rand() < 0.5 ? 1 : 0);
for my $i (1 .. $n) {
    my $url = url();
    my $req = HTTP::Request->new(GET => $url);
    $req->header(Host => pick(@hosts)) if rand() < 0.05;
    my $res = HTTP::Response->new(200, 'OK');
    $res->request($req);
    my @h = map { rand() < 0.85 ? ['Set-Cookie' => ns_header()] : ['Set-Cookie2' => rfc_header()] } 1 .. 1 + int rand 3;
    $res->push_header(@$_) for @h;
    $jar->extract_cookies($res);
    my $probe = HTTP::Request->new(GET => url());
    $jar->add_cookie_header($probe);
    print "$i ", show($url), ' ', join(' | ', map { "$_->[0]: " . show($_->[1]) } @h), "\n  ", show($probe->uri), ' Cookie: ',
        show(scalar $probe->header('Cookie')), ' Cookie2: ', show(scalar $probe->header('Cookie2')), "\n";
    if ($i % 100 == 0) {
        print "as_string $i:\n", $jar->as_string;
        $jar->clear_temporary_cookies if rand() < 0.3;
        $jar->clear(pick(@hosts)) if rand() < 0.2;
    }
}
print "final:\n", $jar->as_string, "skip discard:\n", $jar->as_string(1);
$jar->save("$dir/lwp.txt");
$jar->save(file => "$dir/lwp-all.txt", ignore_discard => 1);
my $ns = HTTP::Cookies::Netscape->new;
$jar->scan(sub { $ns->set_cookie(@_[0 .. 7], defined $_[8] ? $_[8] - time : undef, @_[9, 10]) });
$ns->save(file => "$dir/ns.txt", ignore_discard => 1);
for my $f (qw(lwp.txt lwp-all.txt ns.txt)) {
    open my $fh, '<:raw', "$dir/$f" or die "$f: $!";
    local $/;
    print "file $f:\n", <$fh>, "--\n";
}
my $back = HTTP::Cookies->new(file => "$dir/lwp-all.txt");
print 'reloaded equal: ', ($back->as_string eq $jar->as_string ? 1 : 0), "\n";
my $nsback = HTTP::Cookies::Netscape->new(file => "$dir/ns.txt");
print "ns reloaded:\n", $nsback->as_string;
PL

my $tmp = File::Temp::tempdir(CLEANUP => 1);
mkdir "$tmp/$_" or die $! for qw(real facade);
my ($rout, $rerr, $rexit) = BridgeTest::run_perl_real($script, args => [$SEED, $N, "$tmp/real"]);
my ($fout, $ferr, $fexit) = BridgeTest::run_perl_facade($script, args => [$SEED, $N, "$tmp/facade"]);
s{ at \S+/(?:URI|HTTP)\S*\.pm line \d+\.?}{ at MODULE}g for $rerr, $ferr;
is($rexit, 0, "seed $SEED: the real module runs $N responses") or diag $rerr;
my @r = split /\n/, $rout;
cmp_ok(scalar @r, '>=', $N * 2, 'the real module prints every case');
my $cookies = grep { /^\s+<\S*> Cookie: <[^>]/ } @r;
cmp_ok($cookies, '>=', $N / 10, "cookies were sent back for $cookies probes (the fuzz reaches the matching code)");
same_lines("seed $SEED", $rout, $fout);
is($ferr, $rerr, 'same warnings');
is($fexit, $rexit, 'same exit code');

done_testing;
