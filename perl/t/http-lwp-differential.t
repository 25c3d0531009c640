# The same LWP scripts under the real libwww-perl 6.68 and under the facade
# (perl/compat first), against the HTTP test server: status lines, response
# headers, bodies (raw and decoded), what the server saw (/echo), redirect
# chains, cookies, basic auth, HTTPS verification, transport failures, files.
# Normalised: the clock's dates, connection ids; not compared: the headers of a
# transport's own (TE, Connection, Keep-Alive sent; Connection, Keep-Alive
# received), which differ by design (README, LWP::UserAgent POD).
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest ();
use HttpTest qw(%HTTP both_ways http_ready);
use Test::More;

if (my $why = http_ready()) { plan skip_all => $why }

my $PRELUDE = <<'PL';
use LWP::UserAgent;
use HTTP::Request;
use HTTP::Request::Common qw(GET POST);
use HTTP::Headers;
use JSON::PP ();
use Digest::MD5 qw(md5_hex);
my $U = $S{CB_HTTP_URL};
my $US = $S{CB_HTTPS_URL};
my %SKIP = map { (lc $_ => 1) } qw(Connection Keep-Alive TE);
sub hdrs {
    my ($h) = @_;
    my @out;
    # an /echo body's length depends on the headers the transport adds
    my $echo = ($h->header('Content-Type') || '') eq 'application/json';
    $h->scan(sub { push @out, "  $_[0]: $_[1]" unless $SKIP{lc $_[0]} || ($echo && $_[0] eq 'Content-Length') });
    return join "\n", @out;
}
sub body {
    my ($c) = @_;
    return 'undef' unless defined $c;
    # HTTP::Cookies sends a path's cookies in hash order
    $c =~ s/^(\{"cookie":")([^"]*)/$1 . join('; ', sort split m{; }, $2)/e;
    return length($c) <= 300 && $c !~ /[^\x09\x0a\x0d\x20-\x7e]/ ? "[$c]" : 'md5 ' . md5_hex($c) . ' len ' . length $c;
}
sub show {
    my ($label, $r) = @_;
    print "== $label\n", $r->status_line, "\n", hdrs($r->headers), "\n";
    my $e = $r->content =~ /^\{"method"/ ? echo_lines($r->content) : undef;
    print "content: ", (defined $e ? "echo\n$e" : body($r->content)), "\n";
    my $req = $r->request;
    print "request: ", ($req ? $req->method . ' ' . $req->uri : 'none'), "\n";
    my $p = $r;
    while ($p = $p->previous) { print "previous: ", $p->code, ' ', ($p->request ? $p->request->method . ' ' . $p->request->uri : ''), "\n" }
    printf "is_success=%d is_error=%d is_redirect=%d redirects=%d base=%s\n", $r->is_success ? 1 : 0,
        $r->is_error ? 1 : 0, $r->is_redirect ? 1 : 0, scalar($r->redirects), $r->base;
}
# what the server saw (an /echo body): method, url, headers less the transport's own, body
sub echo_lines {
    my ($text) = @_;
    my $j = eval { JSON::PP->new->decode($text) } or return;
    my @out = ("$j->{method} $j->{url} HTTP/$j->{httpVersion}");
    # Host and Content-Length: the daemon's HTTP client writes them itself (first and last, in lower
    # case); their values are compared, not where LWP puts them
    my %own = (host => 'Host', 'content-length' => 'Content-Length');
    for my $k (sort keys %own) { push @out, "  $own{$k}: $_->[1]" for grep { lc $_->[0] eq $k } @{ $j->{headers} } }
    push @out, "  $_->[0]: $_->[1]" for grep { !$SKIP{lc $_->[0]} && !$own{lc $_->[0]} } @{ $j->{headers} };
    push @out, "body: $j->{body_length} $j->{body_sha256}";
    return join "\n", @out;
}
sub seen {
    my ($label, $r) = @_;
    my $e = echo_lines($r->content);
    return show($label, $r) unless defined $e;
    print "== $label (server saw)\n$e\n";
}
PL

# is() for long outputs: on a difference, the lines around the first one that differs
sub is_lines {
    my ($got, $want, $name) = @_;
    return pass($name) if $got eq $want;
    my @g = split /\n/, $got, -1;
    my @w = split /\n/, $want, -1;
    my $i = 0;
    $i++ while $i < @g && $i < @w && $g[$i] eq $w[$i];
    my $from = $i > 8 ? $i - 8 : 0;
    my $show = sub { my ($l) = @_; join "\n", map { defined $l->[$_] ? ($_ == $i ? '>>' : '  ') . $l->[$_] : () } $from .. $i + 6 };
    fail($name);
    diag "first difference at line " . ($i + 1) . "\n--- facade:\n" . $show->(\@g) . "\n--- real:\n" . $show->(\@w);
    return 0;
}

sub same {
    my ($name, $body, %opt) = @_;
    my ($real, $facade) = both_ways($PRELUDE . $body, %opt);
    is($real->{exit}, 0, "$name: the real module runs it") or diag $real->{err};
    ok(length $real->{out} > 0, "$name: the real module prints something");
    is_lines($facade->{out}, $real->{out}, "$name: the facade prints what the real module prints")
        or diag "facade stderr: $facade->{err}";
    is($facade->{err}, $real->{err}, "$name: same warnings") unless $opt{stderr_differs};
    is($facade->{exit}, $real->{exit}, "$name: same exit code");
    return ($real, $facade);
}

same('status lines and the request the server saw', <<'PL');
my $ua = LWP::UserAgent->new(timeout => 20);
show("200", $ua->get("$U/small"));
show("404", $ua->get("$U/nothing-here"));
show("status $_", $ua->get("$U/status/$_")) for 201, 204, 400, 418, 500, 503;
show("head", $ua->head("$U/small"));
seen('get echo', $ua->get("$U/echo?a=1&b=%20x", 'X-One' => 'a', 'X-Two' => 'b', Accept => 'text/plain'));
seen('post form hash', $ua->post("$U/echo", { name => "O'Brien" }));
seen('post form array', $ua->post("$U/echo", [ a => 1, a => 2, b => "caf\xe9", path => '../x', cmd => '$(rm)' ]));
seen('post content', $ua->post("$U/echo", Content_Type => 'application/json', Content => '{"x":[1,2]}'));
seen('put', $ua->put("$U/echo", Content => "line1\nline2\n"));
seen('patch', $ua->patch("$U/echo", Content_Type => 'text/plain', Content => 'p'));
seen('delete', $ua->delete("$U/echo", 'X-Why' => 'cleanup'));
my $req = HTTP::Request->new(POST => "$U/echo");
$req->content_type('application/x-www-form-urlencoded');
$req->content('a=1&b=2');
seen('request object', $ua->request($req));
$ua->default_header('X-Default' => 'd');
$ua->agent('AgentName/0.1 ' . $ua->agent);
$ua->from('ops@example.test');
seen('defaults', $ua->get("$U/echo"));
print "agent=", $ua->agent, " timeout=", $ua->timeout, "\n";
my $bin = join '', map { chr } 0 .. 255;
seen('binary body', $ua->post("$U/echo", Content_Type => 'application/octet-stream', Content => $bin x 40));
show('multi headers', $ua->get("$U/headers-multi"));
print join('|', $ua->get("$U/headers-multi")->header('X-Multi')), "\n";
PL

same('redirects', <<'PL');
my $ua = LWP::UserAgent->new(timeout => 20);
show('chain of 3', $ua->get("$U/redirect/3"));
for my $st (301, 302, 303, 307, 308) {
    show("GET $st", $ua->get("$U/redirect-to?url=/echo&status=$st"));
    show("POST $st", $ua->post("$U/redirect-to?url=/echo&status=$st", { a => 1 }));
}
show('absolute location', $ua->get("$U/redirect-to?url=" . "$U/small"));
$ua->max_redirect(2);
show('max_redirect 2', $ua->get("$U/redirect/5"));
$ua->max_redirect(0);
show('max_redirect 0', $ua->get("$U/redirect/1"));
my $ua2 = LWP::UserAgent->new(requests_redirectable => ['GET', 'HEAD', 'POST']);
show('POST redirectable 307', $ua2->post("$U/redirect-to?url=/echo&status=307", Content => 'kept'));
show('HEAD through redirects', $ua->head("$U/redirect/2"));
my $cs = LWP::UserAgent->new(ssl_opts => { SSL_ca_file => $CA });
show('http to https', $cs->get("$U/redirect-to?url=" . "$US/small" . "&status=302"));
$ua->max_redirect(7);
my $req = HTTP::Request->new(GET => "$U/redirect/1");
$req->header(Referer => 'http://example.test/from', Cookie => 'dropped=1');
seen('headers on a redirect', $ua->request(HTTP::Request->new(GET => "$U/redirect-to?url=/echo&status=302", [Referer => 'http://example.test/r', Cookie => 'x=1', 'X-Keep' => 'k'])));
seen('POST redirectable 307 body', $ua2->post("$U/redirect-to?url=/echo&status=307", Content => 'kept'));
PL

same('cookies', <<'PL');
my $ua = LWP::UserAgent->new(cookie_jar => {});
show('set', $ua->get("$U/cookies/set?a=1&b=two"));
show('again', $ua->get("$U/cookies"));
print $ua->cookie_jar->as_string;
my $file = "$dir/jar.txt";
my $ua2 = LWP::UserAgent->new(cookie_jar => { file => $file, autosave => 1, ignore_discard => 1 });
$ua2->get("$U/cookies/set?k=v");
$ua2->cookie_jar->save;
my $ua3 = LWP::UserAgent->new(cookie_jar => { file => $file, ignore_discard => 1 });
show('from the file jar', $ua3->get("$U/cookies"));
my $none = LWP::UserAgent->new;
show('no jar', $none->get("$U/cookies/set?x=1"));
show('multi set-cookie', LWP::UserAgent->new(cookie_jar => {})->get("$U/headers-multi"));
PL

same('basic auth', <<'PL');
my $ua = LWP::UserAgent->new;
show('no credentials', $ua->get("$U/basic-auth"));
(my $hp = $U) =~ s{^https?://}{};
$ua->credentials($hp, 'cb-realm', $S{CB_HTTP_USER}, $S{CB_HTTP_PASSWORD});
my $r = $ua->get("$U/basic-auth");
$r->request->remove_header('Authorization');
show('credentials', $r);
print "credentials back: ", scalar($ua->credentials($hp, 'cb-realm')) eq "$S{CB_HTTP_USER}:$S{CB_HTTP_PASSWORD}" ? 'same' : 'other', "\n";
my $bad = LWP::UserAgent->new;
$bad->credentials($hp, 'cb-realm', $S{CB_HTTP_USER}, 'wrong');
show('wrong password', $bad->get("$U/basic-auth"));
$bad->credentials($hp, 'other-realm', $S{CB_HTTP_USER}, $S{CB_HTTP_PASSWORD});
show('wrong realm', LWP::UserAgent->new->get("$U/basic-auth"));
{
    package MyUA; our @ISA = ('LWP::UserAgent');
    sub get_basic_credentials { my ($self, $realm, $uri) = @_; print "asked realm=$realm uri=$uri\n"; return ($S{CB_HTTP_USER}, $S{CB_HTTP_PASSWORD}) }
}
my $mine = MyUA->new;
show('get_basic_credentials', $mine->get("$U/basic-auth"));
(my $url = $U) =~ s{//}{//$S{CB_HTTP_USER}:$S{CB_HTTP_PASSWORD}\@};
show('user:pass in the URL', LWP::UserAgent->new->get("$url/basic-auth"));
show('status 401 without realm header', $ua->get("$U/status/401"));
PL

same('bodies: gzip, deflate, charset, chunked, big', <<'PL');
my $ua = LWP::UserAgent->new;
for my $e (qw(gzip deflate)) {
    my $r = $ua->get("$U/$e", 'Accept-Encoding' => 'gzip, deflate');
    (my $d = $r->decoded_content) =~ s/"(?:Host|host)":"[^"]*"/HOST/g;
    print "$e: ", $r->status_line, ' ', $r->header('Content-Encoding'), ' raw ', length($r->content) > 0 ? 'bytes' : 'empty', "\n";
    print "decoded: ", ($r->decoded_content =~ /^gzipped|^deflated|\S/ ? 'text' : 'none'), ' ', length($r->decoded_content), "\n";
    print "charset: ", $r->content_charset, "\n";
}
for my $cs (qw(utf-8 iso-8859-1 windows-1252)) {
    my $r = $ua->get("$U/charset/$cs");
    my $d = $r->decoded_content;
    printf "%s: raw %s decoded %s (%d chars) ct=%s\n", $cs, unpack('H*', $r->content), join(',', map { ord } split //, $d), length $d, $r->content_type;
    printf "  as bytes: %s\n", unpack('H*', $r->decoded_content(charset => 'none'));
}
show('chunked', $ua->get("$U/chunked?n=5&size=7"));
my $big = $ua->get("$U/chunked?n=300&size=40000");
print "big chunked: ", $big->code, ' ', body($big->content), "\n";
my $bytes = $ua->get("$U/bytes/10000000");
print "10 MB: ", $bytes->code, ' ', body($bytes->content), ' ', $bytes->header('Content-Length'), "\n";
PL

same('HTTPS', <<'PL');
my $v = LWP::UserAgent->new(timeout => 20);
show('default verify (the server\'s certificate is self-signed)', $v->get("$US/small"));
show('a CA file that is not there', LWP::UserAgent->new(ssl_opts => { SSL_ca_file => "$dir/none.pem" })->get("$US/small"));
my $ca = LWP::UserAgent->new(ssl_opts => { SSL_ca_file => $CA });
show('CA file', $ca->get("$US/small"));
my $off = LWP::UserAgent->new(ssl_opts => { verify_hostname => 0, SSL_verify_mode => 0 });
show('verify off', $off->get("$US/small"));
show('verify_hostname 0 with a CA file', LWP::UserAgent->new(ssl_opts => { verify_hostname => 0, SSL_ca_file => $CA })->get("$US/small"));
seen('https echo', $ca->post("$US/echo", { a => 1 }));
(my $local = $US) =~ s/127\.0\.0\.1/localhost/;
show('CA file, localhost name', $ca->get("$local/small"));
# a CA directory as c_rehash leaves it (OpenSSL finds a certificate by its subject hash)
chomp(my $hash = `openssl x509 -hash -noout -in $CA`);
mkdir "$dir/cas" or die; system('cp', $CA, "$dir/cas/$hash.0") == 0 or die;
show('CA path (a directory)', LWP::UserAgent->new(ssl_opts => { SSL_ca_path => "$dir/cas" })->get("$US/small"));
# a client certificate (the server asks for none: a good pair connects; a missing file is LWP's 500)
(my $KEY = $CA) =~ s/cert\.pem$/key.pem/;
show('client certificate', LWP::UserAgent->new(ssl_opts => { SSL_ca_file => $CA, SSL_cert_file => $CA, SSL_key_file => $KEY })->get("$US/small"));
show('client certificate not there', LWP::UserAgent->new(ssl_opts => { SSL_ca_file => $CA, SSL_cert_file => "$dir/none-cert.pem", SSL_key_file => $KEY })->get("$US/small"));
print "ssl_opts: ", join(',', $ca->ssl_opts), " verify_hostname=", $ca->ssl_opts('verify_hostname'), "\n";
PL

same('transport failures', <<'PL');
my $ua = LWP::UserAgent->new(timeout => 2);
show('refused', $ua->get('http://127.0.0.1:1/x'));
show('unknown host', $ua->get('http://no-such-host.invalid/x'));
show('hang with timeout 2', $ua->get("$U/hang"));
show('close', $ua->get("$U/close"));
show('truncated', $ua->get("$U/truncated"));
my $h = LWP::UserAgent->new(timeout => 2);
show('drip slower than the timeout', $h->get("$U/drip?ms=3000&n=3"));
show('unknown scheme', $ua->get('foo://127.0.0.1/'));
show('relative url', $ua->get('/just/a/path'));
show('protocols_forbidden', LWP::UserAgent->new(protocols_forbidden => ['http'])->get("$U/small"));
print "supported: ", join(',', map { "$_=" . $ua->is_protocol_supported($_) } qw(http https)), "\n";
PL

same('files: max_size, :content_file, :content_cb, mirror', <<'PL');
my $ua = LWP::UserAgent->new;
$ua->max_size(1000);
# where LWP stops depends on its reads' sizes and the response head's length (the server answers a
# kept-alive connection with other headers): the cut is compared as "just past max_size, a prefix"
my $pattern = join '', map { chr($_ % 251) } 0 .. 99999;
sub cut {
    my ($label, $r, $max, $whole) = @_;
    my $c = $r->content;
    (my $h = hdrs($r->headers)) =~ s/^  (?:Date|Client-Date): .*\n//mg;
    printf "== %s\n%s\n%s\nprefix=%d past_max=%d within_a_read=%d\n", $label, $r->status_line, $h,
        substr($whole, 0, length $c) eq $c ? 1 : 0, length($c) > $max ? 1 : 0, length($c) <= $max + 4096 + 1024 ? 1 : 0;
}
my $r = $ua->get("$U/bytes/100000");
cut('max_size 1000', $r, 1000, $pattern);
$ua->max_size(50000);
my $letters = join '', map { chr(97 + $_ % 26) x 4000 } 0 .. 19;
cut('max_size 50000, chunked', $ua->get("$U/chunked?n=20&size=4000"), 50000, $letters);
show('max_size 50000, a smaller body', $ua->get("$U/bytes/100"));
$ua->max_size(undef);
open(my $out, '>', "$dir/fh.bin") or die;
$r = $ua->get("$U/bytes/70000", ':content_file' => $out);
close $out;
print "content_file handle: ", $r->code, ' ', -s "$dir/fh.bin", ' content=', length($r->content), "\n";
$r = $ua->request(HTTP::Request->new(GET => "$U/bytes/1234"), "$dir/req.bin");
print "request(\$req, \$file): ", $r->code, ' ', -s "$dir/req.bin", "\n";
$r = $ua->simple_request(HTTP::Request->new(GET => "$U/redirect/2"));
show('simple_request does not follow', $r);
$r = $ua->get("$U/bytes/300000", ':content_file' => "$dir/out.bin");
show('content_file', $r);
open my $fh, '<:raw', "$dir/out.bin" or die $!; my $got = do { local $/; <$fh> }; close $fh;
print "file: ", body($got), "\n";
$r = $ua->get("$U/status/404", ':content_file' => "$dir/nf.bin");
show('content_file 404', $r);
print "404 file exists: ", (-e "$dir/nf.bin" ? 1 : 0), "\n";
$r = $ua->get("$U/small", ':content_file' => "$dir/no/such/dir/f");
print "unwritable: ", $r->code, ' aborted=', $r->header('Client-Aborted') // '', ' died=', ($r->header('X-Died') ? 'yes' : 'no'), "\n";
my ($n, $total) = (0, 0);
$r = $ua->get("$U/bytes/200000", ':content_cb' => sub { my ($data, $res) = @_; $n++; $total += length $data; die "bad" unless $res->isa('HTTP::Response') });
print "content_cb: ", $r->code, " total=$total calls>0=", ($n > 0 ? 1 : 0), " content=", length($r->content), "\n";
my $lm = $ua->mirror("$U/last-modified", "$dir/m.txt");
print "mirror 1: ", $lm->code, ' mtime=', (stat "$dir/m.txt")[9], "\n";
$lm = $ua->mirror("$U/last-modified", "$dir/m.txt");
print "mirror 2: ", $lm->code, ' ', $lm->message, "\n";
utime 0, 784111777 + 10, "$dir/m.txt";
$lm = $ua->mirror("$U/last-modified", "$dir/m.txt");
print "mirror, local newer: ", $lm->code, "\n";
utime 0, 784111777 - 10, "$dir/m.txt";
$lm = $ua->mirror("$U/last-modified", "$dir/m.txt");
print "mirror, local older: ", $lm->code, ' mtime=', (stat "$dir/m.txt")[9], "\n";
$lm = eval { $ua->mirror("$U/status/500", "$dir/e.txt") };
print "mirror 500: ", $lm ? $lm->code : "died $@", ' file=', (-e "$dir/e.txt" ? 1 : 0), "\n";
$lm = eval { $ua->mirror("$U/truncated", "$dir/t.txt") };
# (LWP writes the 10 bytes that came, then mirror finds them short; the daemon writes no partial file)
print "mirror truncated: ", $lm ? $lm->code : ($@ =~ /^Transfer truncated: / ? 'died: Transfer truncated' : "died: $@"), ' file=', (-e "$dir/t.txt" ? 1 : 0), "\n";
opendir(my $d, $dir) or die; print "files: ", join(',', sort grep { !/^\./ } readdir $d), "\n";
PL

same('proxy', <<'PL');
my $ua = LWP::UserAgent->new;
$ua->proxy(['http'], $S{CB_HTTP_PROXY});
seen('through the proxy', $ua->get("$U/echo"));
$ua->no_proxy('127.0.0.1');
seen('no_proxy', $ua->get("$U/echo"));
local $ENV{http_proxy} = $S{CB_HTTP_PROXY};
my $env = LWP::UserAgent->new;
$env->env_proxy;
seen('env_proxy', $env->get("$U/echo"));
my $s = LWP::UserAgent->new(ssl_opts => { SSL_ca_file => $CA });
$s->proxy('https', $S{CB_HTTP_PROXY});
show('https through CONNECT', $s->get("$US/small"));
PL

same('handlers', <<'PL');
my $ua = LWP::UserAgent->new;
$ua->add_handler(request_prepare => sub { my ($req) = @_; $req->header('X-Added' => 'yes'); return });
$ua->add_handler(response_done => sub { my ($res) = @_; print "done: ", $res->code, "\n"; return }, m_code => 2);
seen('prepared', $ua->get("$U/echo"));
$ua->get("$U/status/404");
$ua->remove_handler('request_prepare');
seen('removed', $ua->get("$U/echo"));
my ($blocks, $bytes) = (0, 0);
$ua->add_handler(response_header => sub { my ($res) = @_; print "header: ", $res->code, ' ', $res->content_type, "\n"; return });
$ua->add_handler(response_data => sub { my ($res, $ua, $h, $data) = @_; $blocks++; $bytes += length $data; return 1 });
my $r = $ua->get("$U/bytes/300000");
print "data: bytes=$bytes blocks>0=", ($blocks > 0 ? 1 : 0), " content=", length($r->content), "\n";
my $once = 0;
$ua->remove_handler('response_data');
$ua->add_handler(response_data => sub { $once++; return 0 }, m_path => '/bytes/300000');
$ua->get("$U/bytes/300000");
print "false: called $once\n";
$ua->get("$U/small");
print "m_path: called $once\n";
print "handlers: ", join(',', map { scalar(() = $ua->handlers($_, HTTP::Request->new(GET => "$U/x"))) } qw(response_header response_data request_prepare)), "\n";
my $send = LWP::UserAgent->new;
$send->add_handler(request_send => sub { my $res = HTTP::Response->new(299, 'Made Here'); $res->content('local'); return $res });
show('request_send answers', $send->get("$U/small"));
my $redir = LWP::UserAgent->new;
$redir->add_handler(response_redirect => sub { my ($res) = @_; return undef unless $res->code == 404; return HTTP::Request->new(GET => "$U/small") });
show('response_redirect', $redir->get("$U/nothing"));
PL

same('the object API', <<'PL');
my $ua = LWP::UserAgent->new(agent => 'A/1', from => 'me@example.test', max_redirect => 3, timeout => 9,
    requests_redirectable => ['GET'], protocols_allowed => ['https']);
printf "agent=%s from=%s max_redirect=%s timeout=%s redirectable=%s allowed=%s\n", $ua->agent, $ua->from,
    $ua->max_redirect, $ua->timeout, join(',', @{ $ua->requests_redirectable }), join(',', @{ $ua->protocols_allowed });
print "old timeout from the setter: ", $ua->timeout(5), " now ", $ua->timeout, "\n";
show('protocols_allowed https only', $ua->get("$U/small"));
print "supported: http=", $ua->is_protocol_supported('http'), " https=", $ua->is_protocol_supported('https'), "\n";
$ua->protocols_allowed(undef);
my $c = $ua->clone;
$c->agent('B/2');
print "clone: ", $c->agent, ' / ', $ua->agent, ' ', $c->max_redirect, "\n";
my $h = HTTP::Headers->new(Accept => 'text/x-test', 'X-From-Defaults' => 1);
my $d = LWP::UserAgent->new(default_headers => $h);
seen('default_headers object (no agent)', $d->get("$U/echo"));
print "default_header: ", $d->default_header('Accept'), "\n";
$d->agent('');
seen('agent emptied', $d->get("$U/echo", Accept => 'overrides/default'));
my $e = LWP::UserAgent->new(agent => 'Trailing ');
print "trailing space agent: ", $e->agent, "\n";
print "ssl_opts set returns old: ", (defined $e->ssl_opts(verify_hostname => 0) ? 'defined' : 'undef'), " now ", $e->ssl_opts('verify_hostname'), "\n";
{
    local $ENV{http_proxy} = 'http://127.0.0.1:1';
    local $ENV{no_proxy} = '127.0.0.1, localhost';
    my $n = LWP::UserAgent->new(env_proxy => 1);
    show('env no_proxy', $n->get("$U/small"));
}
PL

same('LWP::Simple', <<'PL');
use LWP::Simple qw(get head getstore mirror getprint is_success is_error RC_OK RC_NOT_FOUND RC_NOT_MODIFIED $ua);
print "get: ", get("$U/small"), "get 404: ", defined(get("$U/nothing")) ? 'def' : 'undef', "\n";
my @h = head("$U/last-modified");
print "head: ", join('|', map { defined $_ ? $_ : 'undef' } @h), "\n";
print "head scalar: ", ref(scalar head("$U/small")), "\n";
my $rc = getstore("$U/bytes/5000", "$dir/g.bin");
print "getstore: $rc ", -s "$dir/g.bin", " ok=", is_success($rc), "\n";
$rc = getstore("$U/status/404", "$dir/g404.bin");
print "getstore 404: $rc err=", is_error($rc), " file=", (-e "$dir/g404.bin" ? 1 : 0), "\n";
print "mirror: ", mirror("$U/last-modified", "$dir/lm"), ' ', mirror("$U/last-modified", "$dir/lm"), ' ', RC_NOT_MODIFIED, "\n";
print "getprint: "; my $c = getprint("$U/small");
print "code $c, agent ", $ua->agent, "\n";
PL

done_testing;
