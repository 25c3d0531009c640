use strict;
use warnings;
use lib 'perl/t/lib';
use FacadeDiff qw(pin_env first_diff REAL_HTTP);    # and BridgeTest's run_perl: these scripts need no daemon
use File::Temp ();
use Test::More;

# The same cookie scripts run with the real HTTP::Cookies 6.10 and with
# perl/compat's facade. Requests and responses are built with the real
# HTTP::Request/HTTP::Response in both runs, so only the cookie code (with the
# HTTP::Date and HTTP::Headers::Util it uses) differs
# (a second pass uses cpan-bridge's own HTTP::Message facades on the facade
# side: the combination scripts get). time() is pinned in both processes,
# so expiry times, as_string and saved files compare byte for byte; the hash
# seed is pinned so cookies of one path come out in the same order.

my $ROOT = BridgeTest::root();
pin_env();

my $REAL_HTTP = REAL_HTTP;

my $PRELUDE = <<'PL';
BEGIN { *CORE::GLOBAL::time = sub () { 1780000000 } }    # 2026-05-28 20:26:40 UTC
use strict; use warnings;
PL

my $COMMON = <<'PL';
use HTTP::Request; use HTTP::Response; use HTTP::Cookies; use HTTP::Cookies::Netscape;
binmode STDOUT;
my $DIR = shift @ARGV;
sub show { my $v = shift; return 'undef' unless defined $v; $v =~ s/([\x00-\x1f\x7f])/sprintf('\\x%02X', ord $1)/ge; return "<$v>" }
sub try(&) { my @r = eval { $_[0]->() }; if ($@) { (my $e = $@) =~ s/ at \S+ line \d+\.?\n?//g; $e =~ s/\n/ /g; return "DIED: $e" } join ',', map { show($_) } @r }
sub respond {
    my ($jar, $url, $headers, %opt) = @_;
    my $req = HTTP::Request->new(GET => $url);
    $req->header(Host => $opt{host}) if $opt{host};
    my $res = HTTP::Response->new(200, 'OK');
    $res->request($req);
    $res->push_header(@$_) for @$headers;
    my $back = $jar->extract_cookies($res);
    return $back == $res ? 'same' : 'other';
}
sub cookie_for {
    my ($jar, $url, %opt) = @_;
    my $req = HTTP::Request->new(GET => $url);
    $req->header(Host => $opt{host}) if $opt{host};
    $req->header(Cookie => $opt{cookie}) if $opt{cookie};
    my $back = $jar->add_cookie_header($req);
    return 'Cookie: ' . show(scalar $req->header('Cookie')) . ' Cookie2: ' . show(scalar $req->header('Cookie2'))
        . ' ret=' . (defined $back && ref $back ? 'req' : show($back));
}
sub dump_jar {
    my ($jar) = @_;
    my @out;
    for my $d (sort keys %{ $jar->{COOKIES} }) {
        for my $p (sort keys %{ $jar->{COOKIES}{$d} }) {
            for my $k (sort keys %{ $jar->{COOKIES}{$d}{$p} }) {
                my $a = $jar->{COOKIES}{$d}{$p}{$k};
                push @out, "  $d $p $k [" . join(',', map { ref $_ eq 'HASH' ? '{' . join(',', map { "$_=" . show($a->[-1]{$_}) } sort keys %$_) . '}' : show($_) } @$a) . ']';
            }
        }
    }
    return join("\n", @out) . "\n";
}
sub slurp { my $f = shift; open my $fh, '<:raw', $f or return "NO FILE ($f)"; local $/; my $s = <$fh>; return defined $s ? $s : '' }
PL

my @URLS = qw(
    http://www.example.com/ http://www.example.com/acme http://www.example.com/acme/ http://www.example.com/acme/login
    http://www.example.com/acme/ammo/x http://www.example.com/foo http://www.example.com/foo/bar https://www.example.com/
    https://www.example.com/acme/login http://sub.www.example.com/ http://example.com/ http://other.example.com/
    http://www.example.com:8080/ http://www.example.com:80/ https://www.example.com:443/acme http://localhost/
    http://localhost:8000/x http://127.0.0.1/ http://127.0.0.1:18080/cookies http://WWW.EXAMPLE.COM/ACME
    http://www.example.com/a%20b/c http://www.example.com/a b/c http://www.example.com/%7Efoo/x
    http://www.example.com/~foo/x ftp://www.example.com/ http://www.example.com http://x.y.example.com/p
    http://www.example.com/acme?x=1 http://h/ http://h.local/ https://secure.example.org/ http://secure.example.org/
    http://v1.example.net/ http://www.v1.example.net/ http://v1.example.net:8080/ http://v1.example.net:9999/ http://[::1]/
);

my $SCENARIO = <<'PL';
my %opt = @ARGV ? () : ();
my $jar = HTTP::Cookies->new(hide_cookie2 => $ENV{HIDE} ? 1 : 0);
my @cases = (
  ['http://www.example.com/acme/login', ['Set-Cookie' => 'Customer=WILE_E_COYOTE; path=/; expires=Wednesday, 09-Nov-99 23:12:40 GMT']],
  ['http://www.example.com/acme/login', ['Set-Cookie' => 'Customer=WILE_E_COYOTE; path=/'], ['Set-Cookie' => 'Part_Number=Rocket_Launcher_0001; Path=/acme'],
                                        ['Set-Cookie' => 'SHIPPING=FEDEX; path=/foo'], ['Set-Cookie' => 'Part_Number=Riding_Rocket_0023; Path=/acme/ammo']],
  ['http://www.example.com/', ['Set-Cookie' => 'a=1; domain=example.com'], ['Set-Cookie' => 'b=2; domain=.example.com'],
                              ['Set-Cookie' => 'c=3; domain=com'], ['Set-Cookie' => 'd=4; domain=other.com'], ['Set-Cookie' => 'e=5; domain=www.example.com'],
                              ['Set-Cookie' => 'f=6; Domain=EXAMPLE.COM'], ['Set-Cookie' => 'g=7; domain=.www.example.com'], ['Set-Cookie' => 'h=8; domain=.com'],
                              ['Set-Cookie' => 'i=9; domain=sub.www.example.com'], ['Set-Cookie' => 'j=10; domain=']],
  ['http://sub.www.example.com/', ['Set-Cookie' => 'deep=1; domain=.example.com'], ['Set-Cookie2' => 'deep2=1; Version=1; Domain=.example.com']],
  ['http://127.0.0.1/', ['Set-Cookie' => 'ip=1'], ['Set-Cookie' => 'ip2=2; domain=.0.0.1'], ['Set-Cookie' => 'ip3=3; domain=127.0.0.1']],
  ['http://localhost/', ['Set-Cookie' => 'loc=1'], ['Set-Cookie' => 'loc2=2; domain=local'], ['Set-Cookie' => 'loc3=3; domain=localhost']],
  ['https://secure.example.org/', ['Set-Cookie' => 'sec=1; Secure'], ['Set-Cookie' => 'sec2=1; secure; HttpOnly'], ['Set-Cookie' => 'ho=1; HttpOnly; SameSite=Lax']],
  ['http://www.example.com/', ['Set-Cookie' => 'm1=1; Max-Age=3600'], ['Set-Cookie' => 'm2=1; max-age=0'], ['Set-Cookie' => 'm3=1; Max-Age=-5'],
                              ['Set-Cookie' => 'Customer=gone; path=/; Max-Age=0'], ['Set-Cookie' => 'm4=1; Max-Age=60; Expires=Wed, 09 Jun 2021 10:18:14 GMT']],
  ['http://www.example.com/', map { ['Set-Cookie' => "x$_->[0]=v; Expires=$_->[1]"] } ([1, 'Wed, 09 Jun 2027 10:18:14 GMT'], [2, 'Wed, 09-Jun-2027 10:18:14 GMT'],
      [3, 'Wednesday, 09-Jun-27 10:18:14 GMT'], [4, '09 Jun 2027 10:18:14 -0500'], [5, 'Jun 9 10:18:14 2027'], [6, '2027-06-09T10:18:14Z'],
      [7, '2027-06-09 10:18:14 EST'], [8, 'Wed Jun  9 10:18:14 2027'], [9, 'Thu, 01 Jan 2100 00:00:00 GMT'], [10, 'never'], [11, ''],
      [12, 'Sat, 01 Jan 2000 00:00:00 GMT'], [13, '2026-05-28 20:26:41Z'], [14, '2026-05-28 20:26:40Z'], [15, 'Fri, 31 Dec 9999 23:59:59 GMT'],
      [16, '06/09/2027'], [17, '9 Jun 2027'], [18, '2027-06-09 10:18:14 XYZ'], [19, '2027-06-09 10:18:14 +02:00'], [20, '1969-12-31 23:59:59Z'],
      [21, 'Jun 09 2027'], [22, '06-09-27 10:18PM'], [23, '2027-06-09 10:18:14.5Z'])],
  ['http://www.example.com/q/', ['Set-Cookie' => 'q1="a;b"; path=/q'], ['Set-Cookie' => 'q2=a\"b'], ['Set-Cookie' => 'q3="x\\\\y"z'],
                                ['Set-Cookie' => '=novalue'], ['Set-Cookie' => 'noequals'], ['Set-Cookie' => '  spaced = value ; path = /q/x '],
                                ['Set-Cookie' => 'dup=1; path=/; path=/other'], ['Set-Cookie' => 'multi=1, multi2=2'], ['Set-Cookie' => 'empty='],
                                ['Set-Cookie' => 'sp=a b c'], ['Set-Cookie' => ';;lead=1'], ['Set-Cookie' => 'utf=caf\xc3\xa9'], ['Set-Cookie' => '$dollar=1'],
                                ['Set-Cookie' => 'vv=1; Version=1'], ['Set-Cookie' => 'dd=1; Discard'], ['Set-Cookie' => 'nc=1; ns-cookie=0'],
                                ['Set-Cookie' => 'cm=1; Comment=hi there; CommentURL="http://x/"'], ['Set-Cookie' => 'pth=1; path=/elsewhere'],
                                ['Set-Cookie' => 'eq=a=b=c'], ['Set-Cookie' => 'tab=a	b'], ['Set-Cookie' => 'Path=/; path=/']],
  ['http://v1.example.net/path/x', ['Set-Cookie2' => 'v1a=1; Version=1; Port="80,8080"; Discard; Comment="c"'],
                                   ['Set-Cookie2' => 'v1b="quoted val"; Version="1"; Port; Path="/path"'], ['Set-Cookie2' => 'v1c=1; Version=1; Port="81"'],
                                   ['Set-Cookie2' => 'v1d=1; Version=1; Port="x"'], ['Set-Cookie2' => 'v1e=1; Version=1; Path="/other"'],
                                   ['Set-Cookie2' => 'v1f=with space; Version=1; Domain=".example.net"'], ['Set-Cookie2' => 'v1g=1; Version=1; Max-Age=100'],
                                   ['Set-Cookie2' => 'v1h=1, v1i=2; Version=1; Domain=www.v1.example.net'], ['Set-Cookie2' => 'v2=1; Version=2; Secure'],
                                   ['Set-Cookie' => 'v1a=ns-version'], ['Set-Cookie' => 'nsonly=1']],
  ['http://www.example.com/a%20b/c', ['Set-Cookie' => 'pct=1; path=/a%20b'], ['Set-Cookie' => 'pct2=1; path=/a b'], ['Set-Cookie' => 'pct3=1'],
                                     ['Set-Cookie' => 'pct4=1; path=/%7Efoo'], ['Set-Cookie' => 'pct5=1; path=/a%2Fb']],
  ['http://www.example.com:8080/port/', ['Set-Cookie' => 'prt=1'], ['Set-Cookie2' => 'prt2=1; Version=1; Port']],
  ['http://h/', ['Set-Cookie' => 'hosty=1'], ['Set-Cookie' => 'hosty2=1; domain=h']],
  ['http://www.example.com/hosthdr', ['Set-Cookie' => 'viahost=1']],
  ['http://www.example.com/', ['X-Other' => 'nothing']],
);
for my $c (@cases) {
    my ($url, @h) = @$c;
    my %o = $url =~ /hosthdr/ ? (host => 'other.example.com:8080') : ();
    print 'extract ', show($url), ' ', respond($jar, $url, \@h, %o), "\n";
}
print 'extract no response ', try { $jar->extract_cookies(undef) }, ' add no request ', try { $jar->add_cookie_header(undef) }, "\n";
print "jar:\n", dump_jar($jar);
for my $url (@URLS) {
    print show($url), ' ', cookie_for($jar, $url), "\n";
}
print 'with Host header ', cookie_for($jar, 'http://10.0.0.1/', host => 'www.example.com:80'), "\n";
print 'with Cookie already ', cookie_for($jar, 'http://www.example.com/acme', cookie => 'pre=1'), "\n";
print "as_string:\n", $jar->as_string, "as_string(1):\n", $jar->as_string(1);
my @scan;
$jar->scan(sub { push @scan, join '|', map { ref $_ ? '{' . join(',', map { "$_" } sort keys %$_) . '}' : show($_) } @_ });
print "scan:\n", map { "  $_\n" } @scan;
for my $u ('www.example.com', 'http://www.example.com/acme/login', 'secure.example.org', 'http://secure.example.org/', 'nothing.example',
           'http://v1.example.net/path/x') {
    my $h = $jar->get_cookies($u);
    print 'get_cookies ', show($u), ' {', join(',', map { "$_=" . show($h->{$_}) } sort keys %$h), '} one=', try { scalar $jar->get_cookies($u, 'Customer') },
        ' list=', try { $jar->get_cookies($u, 'Customer', 'b', 'nope') }, "\n";
}
print 'save ', try { $jar->save("$DIR/a.txt") }, "\n", slurp("$DIR/a.txt"), "--\n";
print 'save ignore_discard ', try { $jar->save(file => "$DIR/b.txt", ignore_discard => 1) }, "\n", slurp("$DIR/b.txt"), "--\n";
print 'save no file ', try { $jar->save }, "\n";
print 'save bad args ', try { $jar->save(file => "$DIR/c.txt", x => 1, y => 2) }, "\n";
(my $err = try { $jar->save("$DIR/no/such/dir/x.txt") }) =~ s/\Q$DIR\E/DIR/g;
print 'save unwritable ', $err, "\n";
my $j2 = HTTP::Cookies->new(file => "$DIR/b.txt");
print "loaded:\n", dump_jar($j2), $j2->as_string;
$j2->save("$DIR/b2.txt");
print 'resaved same bytes ', (slurp("$DIR/b.txt") eq slurp("$DIR/b2.txt") ? 1 : 0), "\n";
print 'clear 3 ', dump_jar($j2->clear('www.example.com', '/acme', 'Part_Number'));
print 'clear 2 ', dump_jar($j2->clear('www.example.com', '/'));
print 'clear 1 ', dump_jar($j2->clear('.example.com'));
print 'revert ', dump_jar($j2->revert);
print 'clear temporary ', try { $j2->clear_temporary_cookies }, "\n", dump_jar($j2);
print 'clear 0 ', dump_jar($j2->clear);
my $ns = HTTP::Cookies::Netscape->new;
$ns->set_cookie(@$_) for
    [0, 'n1', 'v1', '/', '.example.com', undef, 1, 0, 3600, 0],
    [0, 'n2', 'v 2', '/p', 'www.example.com', undef, 0, 1, 7200, 0],
    [0, 'n3', 'session', '/', 'www.example.com', undef, 0, 0, undef, 1],
    [1, 'n4', 'v4', '/', 'www.example.com', '_80', 1, 0, 100, undef, { Comment => 'x' }],
    [undef, 'n5', 'v5', 'relative', 'www.example.com'], [0, '$n6', 'v6', '/', 'www.example.com'],
    [0, 'n7', 'v7', '/', 'www.example.com', 'bad port'], [0, 'n8', 'v8', '/', 'www.example.com', '80,8080', 0, 0, 10],
    [0, 'n9', undef, '/', 'www.example.com', undef, 0, 0, 10];
print "ns jar:\n", dump_jar($ns);
print 'ns save ', try { $ns->save("$DIR/ns.txt") }, "\n", slurp("$DIR/ns.txt"), "--\n";
print 'ns save ignore_discard ', try { $ns->save(file => "$DIR/ns2.txt", ignore_discard => 1) }, "\n", slurp("$DIR/ns2.txt"), "--\n";
open my $fh, '>', "$DIR/curl.txt" or die;
print {$fh} "# Netscape HTTP Cookie File\n# https://curl.se/docs/http-cookies.html\n\n",
    "#HttpOnly_.example.com\tTRUE\t/\tFALSE\t1790000000\tho\tv\n", ".example.com\tTRUE\t/\tTRUE\t1790000000\tsecure\tv\n",
    "www.example.com\tFALSE\t/x\tFALSE\t1700000000\texpired\tv\n", "www.example.com\tFALSE\t/\tFALSE\t0\tsession\tv\n",
    "  # comment\n", "www.example.com\tFALSE\t/\tFALSE\t1790000000\ttab\ta b\r\n";
close $fh;
my $ns2 = HTTP::Cookies::Netscape->new(file => "$DIR/curl.txt");
print "ns loaded:\n", dump_jar($ns2), $ns2->as_string;
print cookie_for($ns2, 'https://www.example.com/x'), "\n";
open $fh, '>', "$DIR/hand.txt" or die;
print {$fh} "#LWP-Cookies-2.0 written by hand\r\n", "Set-Cookie3: a=1; path=\"/\"; domain=h.example; version=0\r\n",
    "Set-Cookie3: b=\"x y\"; path=\"/p\"; domain=.h.example; port=\"80,81\"; path_spec; secure; expires=\"2027-01-01 00:00:00Z\"; discard; Comment=hi; version=1\n",
    "Set-Cookie3: c=3, d=4; path=/; domain=h.example\n", "Cookie: ignored=1\n", "Set-Cookie3: e; domain=h.example; path=/\n",
    "Set-Cookie3: f=6; expires=\"garbage\"; domain=h.example; path=/; version=0\n", "Set-Cookie3:g=7;domain=h.example;path=/\n", "\n";
close $fh;
my $hand = HTTP::Cookies->new(file => "$DIR/hand.txt");
print "hand-written:\n", dump_jar($hand), $hand->as_string, cookie_for($hand, 'https://h.example/p/q'), "\n";
open $fh, '>', "$DIR/ns-bad.txt" or die;
print {$fh} "# HTTP Cookie File\n", "short\tline\n", "h.example\tFALSE\t/\tFALSE\n", "h.example\tFALSE\t/\tFALSE\tnotanumber\tk\tv\n",
    "h.example\tFALSE\trel\tFALSE\t1790000000\tk2\tv\n", "h.example\tFALSE\t/\tTRUE\t1790000000\tk3\tv\textra\n";
close $fh;
my $nsbad = HTTP::Cookies::Netscape->new(file => "$DIR/ns-bad.txt");
print "ns malformed:\n", dump_jar($nsbad);
open $fh, '>', "$DIR/bad.txt" or die; print {$fh} "not cookies\n"; close $fh;
print 'bad magic ', try { HTTP::Cookies->new(file => "$DIR/bad.txt")->as_string }, ' ns ', try { HTTP::Cookies::Netscape->new(file => "$DIR/bad.txt")->as_string }, "\n";
print 'missing file ', try { HTTP::Cookies->new(file => "$DIR/none.txt")->as_string }, "\n";
{
    my $auto = HTTP::Cookies->new(file => "$DIR/auto.txt", autosave => 1);
    $auto->set_cookie(0, 'auto', 'saved', '/', 'www.example.com', undef, 0, 0, 60);
    $auto->set_cookie(0, 'autotmp', 'temp', '/', 'www.example.com');
}
print "autosave:\n", slurp("$DIR/auto.txt"), "--\n";
{
    my $auto = HTTP::Cookies->new(file => "$DIR/auto2.txt", AutoSave => 1, Ignore_Discard => 1);
    $auto->set_cookie(0, 'autotmp', 'temp', '/', 'www.example.com');
}
print "autosave ignore_discard (mixed-case keys):\n", slurp("$DIR/auto2.txt"), "--\n";
{
    my $auto = HTTP::Cookies::Netscape->new(file => "$DIR/auto3.txt", autosave => 1);
    $auto->set_cookie(0, 'ns', 'v', '/', '.example.com', undef, 0, 0, 60);
}
print "ns autosave:\n", slurp("$DIR/auto3.txt"), "--\n";
{
    local $@ = 'kept'; local $! = 2;
    { my $auto = HTTP::Cookies->new(file => "$DIR/auto4.txt", autosave => 1) }
    print 'DESTROY keeps $@ and $!: ', $@, ' ', $! + 0, "\n";
}
print 'set_cookie_ok ', HTTP::Cookies->set_cookie_ok({}), ' ver ', $HTTP::Cookies::VERSION, ' ', $HTTP::Cookies::Netscape::VERSION, ' isa ', (HTTP::Cookies::Netscape->isa('HTTP::Cookies') ? 1 : 0), "\n";
my $ret = HTTP::Cookies->new->set_cookie(0, 'k', 'v', '/', 'h.local');
print 'set_cookie returns ', ref $ret, ' clear returns ', ref(HTTP::Cookies->new->clear), ' extra clear args ', try { HTTP::Cookies->new->clear(1, 2, 3, 4); 'ok' }, "\n";
PL

my $tmp = File::Temp::tempdir(CLEANUP => 1);
sub run_pair {
    my ($name, $real_script, $facade_script, %env) = @_;
    local @ENV{ keys %env } = values %env;
    my ($rdir, $fdir) = map { my $d = "$tmp/$name-$_"; $d =~ s/\s+/_/g; mkdir $d or die "$d: $!"; $d } qw(real facade);
    my ($rout, $rerr, $rexit) = BridgeTest::run_perl_real($real_script, args => [$rdir]);
    my ($fout, $ferr, $fexit) = BridgeTest::run_perl_facade($facade_script, args => [$fdir]);
    s{\S+/script\.pl}{SCRIPT}g for $rout, $rerr, $fout, $ferr;
    s{ at \S+/(?:URI|HTTP)\S*\.pm line \d+\.?}{ at MODULE}g for $rerr, $ferr;
    s{\Q$rdir\E}{DIR}g for $rout, $rerr;
    s{\Q$fdir\E}{DIR}g for $fout, $ferr;
    is($rexit, 0, "$name: the real module runs it") or diag $rerr;
    my $lines = () = $rout =~ /\n/g;
    cmp_ok($lines, '>=', 300, "$name: the real module prints 300+ lines");
    ok($fout eq $rout, "$name: facade stdout equals the real module's ($lines lines)") or diag first_diff($rout, $fout), "\n", $ferr;
    is($ferr, $rerr, "$name: facade stderr (warnings) equals the real module's");
    is($fexit, $rexit, "$name: same exit code");
    return $rout;
}

my $urls = join ' ', @URLS;
my $body = $COMMON . "my \@URLS = qw($urls);\n" . $SCENARIO;
my $out = run_pair('real HTTP classes', $PRELUDE . $REAL_HTTP . $body, $PRELUDE . $REAL_HTTP . $body);
like($out, qr/^<http:\/\/www\.example\.com\/acme\/login> Cookie: <Part_Number=Rocket_Launcher_0001; [^>]*Customer=gone;[^>]*> Cookie2: <\$Version="1">/m,
    'the Netscape spec example: the longer path first, Cookie2 announced');
unlike($out, qr/^<http:\/\/www\.example\.com\/acme\/login> Cookie: <[^>]*Riding_Rocket/m, '... and not the /acme/ammo cookie');
like($out, qr/^#LWP-Cookies-1\.0\nSet-Cookie3: /m, 'a saved jar starts #LWP-Cookies-1.0 with Set-Cookie3 lines');
run_pair('hide_cookie2', $PRELUDE . $REAL_HTTP . $body, $PRELUDE . $REAL_HTTP . $body, HIDE => 1);

# The facade run on cpan-bridge's own HTTP::Request/Response.
{
    my $pad = "\n" x (() = $REAL_HTTP =~ /\n/g);    # same line numbers in warnings
    run_pair('facade HTTP classes', $PRELUDE . $REAL_HTTP . $body, $PRELUDE . $pad . $body);
}

# The facade run must use only perl/compat's cookie and URI code.
{
    my ($fout, $ferr, $code) = BridgeTest::run_perl_facade($PRELUDE . $REAL_HTTP . <<'PL');
use HTTP::Cookies; use HTTP::Cookies::Netscape;
my $jar = HTTP::Cookies->new;
my $res = HTTP::Response->new(200); $res->request(HTTP::Request->new(GET => 'http://h.example/')); $res->header('Set-Cookie' => 'a=1');
$jar->extract_cookies($res); $jar->add_cookie_header(HTTP::Request->new(GET => 'http://h.example/')); $jar->as_string;
print "$_ $INC{$_}\n" for grep { m{^(?:URI|HTTP/(?:Cookies|Date|Headers/Util))} } sort keys %INC;
PL
    is($code, 0, 'facade cookie run') or diag $ferr;
    my @foreign = grep { !m{ \Q$ROOT\E/perl/compat/} } split /\n/, $fout;
    is_deeply(\@foreign, [], 'facade: HTTP::Cookies, HTTP::Date, HTTP::Headers::Util and URI come from perl/compat') or diag $fout;
    like($fout, qr{^HTTP/Cookies\.pm }m, '... and HTTP::Cookies was loaded');
    like($fout, qr{^HTTP/Date\.pm .*\n(?s:.*)^HTTP/Headers/Util\.pm }m, '... with HTTP::Date and HTTP::Headers::Util');
}

done_testing;
