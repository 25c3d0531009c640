# HTTP::Headers, HTTP::Message, HTTP::Request and HTTP::Response: the same
# scripts under libwww-perl's classes (Debian's HTTP-Message 6.44) and under
# cpan-bridge's (perl/compat), outputs compared: header order and case,
# list/scalar context, errors, as_string of requests and responses, multipart
# parts, and decoded_content of gzip/deflate/charset bytes made here.
use strict;
use warnings;
use lib 'perl/t/lib';
use HTTPMessageTest qw(same_both_ways);
use Test::More;

# 1. Headers: get/set in both contexts, push/init/remove, names, order, case, folding.
same_both_ways('headers', <<'EOF');
use HTTP::Headers;
my $h = HTTP::Headers->new(
    Content_Type => 'text/html; charset=ISO-8859-1', 'x-custom-thing' => 'one', Date => 'Thu, 03 Feb 1994 00:00:00 GMT',
    'User-Agent' => 'ua/1.0', Accept => [qw(text/html text/plain)], 'WWW-authenticate' => 'Basic realm="x"',
    etag => '"abc"', 'X_Under_Score' => 'u', 'cache-control' => 'no-cache', Host => 'example.test',
    Zeta => 'z', alpha => 'a', 'content-md5' => 'md5', Expires => 'Fri, 04 Feb 1994 00:00:00 GMT',
);
print $h->as_string, "--\n";
print $h->as_string("\r\n"), "--\n";
r('names list', $h->header_field_names);
r('names scalar', scalar $h->header_field_names);
r('accept list', $h->header('Accept'));
r('accept scalar', scalar $h->header('accept'));
r('missing list', $h->header('X-Missing'));
r('missing scalar', scalar $h->header('X-Missing'));
r('set returns old (list)', $h->header(Accept => 'image/*'));
r('set returns old (scalar)', scalar $h->header('X-Custom-Thing' => 'two'));
r('multi set', $h->header(A => 1, B => 2, A => 3));
r('A after repeated name in one call', $h->header('A'));
r('push_header', $h->push_header(A => [4, 5]));
r('push_header pairs', $h->push_header(B => 6, C => 7));
r('A', $h->header('A')); r('B', $h->header('B')); r('C', $h->header('C'));
r('init (exists)', $h->init_header(A => 'no')); r('A', $h->header('A'));
r('init (new)', $h->init_header(D => 'yes')); r('D', $h->header('D'));
r('set undef removes', $h->header(D => undef)); r('D', $h->header('D'));
r('remove_header', $h->remove_header('A', 'b', 'nothere'));
r('remove_header scalar', scalar $h->remove_header('C'));
r('underscore', $h->header('x-under-score'), $h->header('X_UNDER_SCORE'));
my @scan;
$h->scan(sub { push @scan, "$_[0]=$_[1]" });
r('scan', @scan);
r('flatten', $h->flatten);
my $c = $h->clone;
$c->header(Accept => 'changed'); $c->push_header(Zeta => 'z2');
r('clone is separate', $h->header('Accept'), $h->header('Zeta'), $c->header('Accept'), $c->header('Zeta'));
my $rc = $h->remove_content_headers;
print ref($rc), "\n", $rc->as_string, "--\n", $h->as_string, "--\n";
my $h2 = HTTP::Headers->new(Content_Type => 'a/b', Content_Length => 3, Allow => 'GET', 'Content-Foo' => 'x', Other => 1);
$h2->remove_content_headers;
print $h2->as_string, "--\n";
# newlines in values fold; empty and undef values
my $f = HTTP::Headers->new('X-Fold' => "line1\nline2\n\n  line3  \n", 'X-Empty' => '', 'X-Cr' => "a\r\nb");
$f->push_header('X-Undef' => undef);
print $f->as_string, "--\n", $f->as_string("\r\n"), "--\n";
# ':' fields, case of unknown names as first written, odd names
my $o = HTTP::Headers->new(':special' => 'colon', 'x-lower-case' => 1, 'X-UPPER' => 2, 'mIxEd-CaSe' => 3, 'content-type' => 'x/y');
$o->header('X-LOWER-CASE' => 4);
print $o->as_string, "--\n";
r('illegal', try { $o->header('a:b' => 1) });
r('illegal empty', try { $o->header('' => 1) });
r('usage', try { $o->header() });
r('init usage', try { $o->init_header('X') });
{
    local $HTTP::Headers::TRANSLATE_UNDERSCORE = 0;
    my $t = HTTP::Headers->new(X_Keep_Under => 1);
    print $t->as_string, "--\n";
}
my $num = HTTP::Headers->new(Content_Length => 42, 'X-Obj' => bless({}, 'Stringy'));
r('content_length', $num->content_length);
{ package Stringy; use overload '""' => sub { 'stringified' }, fallback => 1; }
print $num->as_string, "--\n";
r('clear', $num->clear); r('after clear', $num->as_string, scalar $num->header_field_names);
EOF

# 2. Header convenience accessors: content type forms, dates as times, auth, referer.
same_both_ways('header accessors', <<'EOF');
use HTTP::Headers;
my $h = HTTP::Headers->new;
for my $ct ('Text/HTML; Charset="utf-8"', 'text/plain', ' application / json ;x=1', '', 'multipart/form-data; boundary=xyz; charset=latin1') {
    $h->header('Content-Type' => $ct);
    r("ct '$ct' list", $h->content_type);
    r("ct '$ct' scalar", scalar $h->content_type);
    r("ct charset", $h->content_type_charset);
    r("ct charset scalar", scalar $h->content_type_charset);
    r('is text/html/xhtml/xml', $h->content_is_text, $h->content_is_html, $h->content_is_xhtml, $h->content_is_xml);
}
r('ct set returns old', $h->content_type('application/xhtml+xml'));
r('xhtml', $h->content_is_html, $h->content_is_xhtml, $h->content_is_xml);
$h->header('Content-Type' => ['first/type', 'second/type']);
r('ct of two', scalar $h->content_type);
$h->remove_header('Content-Type');
r('ct absent', $h->content_type, scalar $h->content_type);
r('ct charset absent', $h->content_type_charset);
for my $m (qw(date expires if_modified_since if_unmodified_since last_modified client_date)) {
    r("$m unset", $h->$m);
    r("$m set", $h->$m(784111777));
    r("$m get", $h->$m);
}
$h->header('Last-Modified' => 'Sun, 06 Nov 1994 08:49:37 GMT; length=12');
r('date with params', $h->last_modified);
$h->header(Expires => 'garbage');
r('bad date', $h->expires);
r('ua', $h->user_agent('agent/1'), $h->user_agent);
r('title', $h->title('T'), $h->title);
r('content_encoding', $h->content_encoding('gzip'), $h->content_encoding);
r('content_language', $h->content_language('en'), $h->content_language);
r('content_length', $h->content_length(10), $h->content_length);
r('server/from/warning', $h->server('s'), $h->from('me@x'), $h->warning('199 x'), $h->server, $h->from, $h->warning);
r('referer', $h->referer('http://a.test/x#frag'), $h->referer);
r('referrer', $h->referrer('http://b.test/y'), $h->referer);
r('auth basic unset', $h->authorization_basic);
r('auth basic set', $h->authorization_basic('user', 'p:ss word'));
r('auth basic list', $h->authorization_basic);
r('auth basic scalar', scalar $h->authorization_basic);
r('auth header', $h->authorization);
r('auth no password', $h->authorization_basic('solo'), scalar $h->authorization_basic);
r('auth colon user', try { $h->authorization_basic('a:b', 'c') });
r('proxy auth', $h->proxy_authorization_basic('pu', 'pp'), $h->proxy_authorization_basic, $h->proxy_authorization);
r('www_authenticate', $h->www_authenticate('Basic realm="r"'), $h->www_authenticate, $h->proxy_authenticate('x'));
$h->header(Authorization => 'Bearer token');
r('auth not basic', $h->authorization_basic);
print $h->as_string;
EOF

# 3. Message: bytes only, add_content, content_ref, as_string, parse, clone, AUTOLOAD.
same_both_ways('message', <<'EOF');
use HTTP::Message;
my $m = HTTP::Message->new([Content_Type => 'text/plain', 'X-A' => 1], "body");
r('content', $m->content);
r('as_string', $m->as_string);
r('as_string crlf', $m->as_string("\r\n"));
r('headers_as_string', $m->headers_as_string, $m->headers_as_string("\r\n"));
r('header via message', $m->header('X-A'), $m->content_type, scalar $m->header_field_names);
r('set returns old', $m->content("new\n"));
r('as_string ends in one newline', $m->as_string);
$m->add_content("more");
r('add_content', $m->content);
my $chunk = "chunk";
$m->add_content(\$chunk);
r('add_content ref', $m->content);
r('wide content', try { $m->content("caf\x{e9} \x{20ac}") });
r('after wide', $m->content);
my $latin = "caf\x{e9}"; utf8::upgrade($latin);
r('upgraded latin-1 accepted', try { $m->content($latin); $m->content });
r('wide add_content', try { $m->add_content("\x{263a}") });
r('add_content_utf8', try { $m->add_content_utf8("\x{263a}"); $m->content });
r('content undef', $m->content(undef), $m->content);
my $ref = $m->content_ref;
$$ref .= 'via ref';
r('content_ref edit', $m->content);
my $ext = "external";
$m->content_ref(\$ext);
r('content_ref set', $m->content, ref $m->content_ref);
$ext .= '+';
r('follows external', $m->content);
$m->content('replaced');
r('set through', $ext, $m->content);
r('non-ref', try { $m->content_ref('x') });
my $code = sub { 1 };
$m->content_ref(\$code);
r('code content', ref $m->content);
r('append to code', try { $m->add_content('x') });
r('decoded code', try { $m->decoded_content(raise_error => 1) });
my $n = HTTP::Message->new;
r('empty', $n->content, $n->as_string, $n->protocol);
r('protocol', $n->protocol('HTTP/1.1'), $n->protocol);
r('bad header arg', try { HTTP::Message->new('x') });
my $hh = HTTP::Headers->new(A => 1);
my $n2 = HTTP::Message->new($hh, "x");
$hh->header(A => 2);
r('headers copied', $n2->header('A'));
my $p = HTTP::Message->parse("Content-Type: text/plain\r\nX-Folded: a\r\n  b\r\nx_under: keep\r\n\r\nthe body\r\nline 2");
r('parse', $p->as_string, $p->content, $p->header('X-Folded'), $p->header('x_under'), $p->header('x-under'));
r('parse names', $p->header_field_names);
my $p2 = HTTP::Message->parse("no headers here\n");
r('parse no headers', $p2->content, scalar $p2->header_field_names);
my $cl = $p->clone;
$cl->header('X-New' => 1); $cl->content('c');
r('clone', $p->as_string, $cl->as_string, ref $cl);
r('unknown method', try { $p->no_such_method });
r('can header', ref($p->can('content_type')), ref(HTTP::Message->can('push_header')), $p->can('nope'));
$p->clear;
r('clear', $p->as_string);
r('dump', $n2->dump);
my $bin = HTTP::Message->new([], join('', map { chr } 0 .. 255) . "\n  \n\n\nend \t" . ('x' x 600));
r('dump binary', $bin->dump);
r('dump opts', $bin->dump(maxlength => 20, prefix => '> ', no_content => 'NONE'));
r('dump no content', HTTP::Message->new->dump(no_content => 'NIL'));
r('dump content equals marker', HTTP::Message->new([], '(no content)')->dump);
r('decodable', scalar HTTP::Message::decodable());
r('decodable list', HTTP::Message->decodable);
EOF

# 4. decoded_content on bytes this script makes: gzip, x-gzip, zlib and raw
# deflate, stacked codings, charsets, guesses, errors.
same_both_ways('decoded_content', <<'EOF');
use HTTP::Response;
use IO::Compress::Gzip qw(gzip);
use IO::Compress::Deflate qw(deflate);
use IO::Compress::RawDeflate qw(rawdeflate);
use IO::Compress::Bzip2 qw(bzip2);
use MIME::Base64 ();
use Encode ();
my $text = "caf\x{e9} \x{20ac}? \x{4e2d}\x{6587} line\n" x 3;
my $utf8 = Encode::encode('UTF-8', $text);
gzip(\$utf8 => \my $gz);
deflate(\$utf8 => \my $zlib);
rawdeflate(\$utf8 => \my $raw);
bzip2(\$utf8 => \my $bz);
sub resp { HTTP::Response->new(200, 'OK', [@_[0 .. $#_ - 1]], $_[-1]) }
sub show {
    my ($label, $r, @opt) = @_;
    my $d = $r->decoded_content(@opt);
    r($label, $d, $@ ? 'ERR' : 'ok');
    r("$label warnings", $r->header('Client-Warning'));
}
show('gzip utf-8', resp('Content-Type' => 'text/plain; charset=utf-8', 'Content-Encoding' => 'gzip', $gz));
show('x-gzip', resp('Content-Type' => 'text/plain; charset=UTF-8', 'Content-Encoding' => 'x-gzip', $gz));
show('gzip charset none', resp('Content-Type' => 'text/plain; charset=utf-8', 'Content-Encoding' => 'gzip', $gz), charset => 'none');
show('deflate zlib', resp('Content-Type' => 'text/plain; charset=utf-8', 'Content-Encoding' => 'deflate', $zlib));
show('deflate raw', resp('Content-Type' => 'text/plain; charset=utf-8', 'Content-Encoding' => 'deflate', $raw));
show('bzip2', resp('Content-Type' => 'text/plain; charset=utf-8', 'Content-Encoding' => 'x-bzip2', $bz));
show('identity', resp('Content-Type' => 'text/plain; charset=utf-8', 'Content-Encoding' => 'identity', $utf8));
show('gzip of gzip', do { gzip(\$gz => \my $gz2); resp('Content-Type' => 'text/plain; charset=utf-8', 'Content-Encoding' => 'gzip, gzip', $gz2) });
show('base64 then gzip', resp('Content-Type' => 'text/plain; charset=utf-8', 'Content-Encoding' => 'gzip, base64', MIME::Base64::encode($gz)));
show('case and space', resp('Content-Type' => 'text/plain; charset=utf-8', 'Content-Encoding' => ' GZIP ', $gz));
show('binary gzip', resp('Content-Type' => 'application/octet-stream', 'Content-Encoding' => 'gzip', $gz));
show('json not charset-decoded', resp('Content-Type' => 'application/json; charset=utf-8', $utf8));
show('xml decoded', resp('Content-Type' => 'application/xml', "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><a>$utf8</a>"));
show('xml latin1 decl', resp('Content-Type' => 'text/xml', "<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\xe9</a>"));
show('atom+xml', resp('Content-Type' => 'application/atom+xml', "<feed>\xC3\xA9</feed>"));
for my $cs ('iso-8859-1', 'windows-1252', 'utf-8', 'shift_jis', 'utf-16le', 'koi8-r', 'us-ascii') {
    my $bytes = eval { Encode::encode($cs, $text) } // 'x';
    show("charset $cs", resp('Content-Type' => "text/plain; charset=$cs", $bytes));
}
show('latin1 8-bit bytes', resp('Content-Type' => 'text/plain; charset=iso-8859-1', "caf\xe9 \x80\x9f"));
show('no charset, utf-8 bytes guessed', resp('Content-Type' => 'text/plain', $utf8));
show('no charset, ascii guessed', resp('Content-Type' => 'text/plain', "plain ascii"));
show('no charset, latin1 guessed', resp('Content-Type' => 'text/plain', "caf\xe9"));
show('no charset, BOM utf-16', resp('Content-Type' => 'text/plain', "\xFF\xFEa\x00b\x00"));
show('default_charset', resp('Content-Type' => 'text/plain', "caf\xe9"), default_charset => 'windows-1252');
show('charset option wins', resp('Content-Type' => 'text/plain; charset=utf-8', "caf\xe9"), charset => 'iso-8859-1');
show('html meta charset', resp('Content-Type' => 'text/html', qq{<html><head><meta charset="windows-1252"></head><body>\x80 caf\xe9</body></html>}));
show('html meta http-equiv', resp('Content-Type' => 'text/html', qq{<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head>caf\xe9</html>}));
for my $html (qq{<meta charset="iso-8859-1">\x80}, qq{<meta charset=utf-8>}, qq{<META HTTP-EQUIV="content-type" CONTENT="text/html; charset=windows-1251">\xe0},
    qq{<meta content='text/html; charset="shift_jis"' http-equiv="Content-Type">}, qq{<meta charset="latin1">\xe9}, qq{<meta charset="x-unknown">},
    qq{<!-- <meta charset="koi8-r"> --><meta charset="utf-8">}, qq{<meta name="x" content="charset=koi8-r">\xc1}, qq{<meta charset="utf-16">},
    (' ' x 1020) . qq{<meta charset="koi8-r">\xc1}, (' ' x 1030) . qq{<meta charset="koi8-r">\xc1}, qq{<meta charset="UTF8">}, qq{<meta/charset=koi8-r>},
    qq{<p title="<meta charset=koi8-r>"><meta charset=cp1251>\xe0}, qq{<meta charset="koi8-r}, qq{<!DOCTYPE html><?pi?></x><meta charset='koi8-r'>\xc1}) {
    my $r = resp('Content-Type' => 'text/html', $html);
    r('html charset ' . substr($html, -60), $r->content_charset, $r->decoded_content);
}
show('html no meta utf-8', resp('Content-Type' => 'text/html', "<p>$utf8</p>"));
show('malformed utf-8 (replaced)', resp('Content-Type' => 'text/plain; charset=utf-8', "ok \xff\xfe bad"));
show('malformed utf-8 strict', resp('Content-Type' => 'text/plain; charset=utf-8', "ok \xff bad"), charset_strict => 1);
show('unknown charset', resp('Content-Type' => 'text/plain; charset=no-such-charset', "abc"));
show('unknown charset alt', resp('Content-Type' => 'text/plain; charset=no-such-charset', "caf\xc3\xa9"), alt_charset => 'utf-8');
show('unknown charset alt none', resp('Content-Type' => 'text/plain; charset=no-such-charset', "caf\xc3\xa9"), alt_charset => 'none');
r('unknown charset raise', try { resp('Content-Type' => 'text/plain; charset=no-such-charset', "abc")->decoded_content(raise_error => 1) });
show('unknown coding', resp('Content-Type' => 'text/plain', 'Content-Encoding' => 'snappy', 'x'));
r('unknown coding raise', try { resp('Content-Type' => 'text/plain', 'Content-Encoding' => 'snappy', 'x')->decoded_content(raise_error => 1) });
show('compress', resp('Content-Type' => 'text/plain', 'Content-Encoding' => 'compress', 'x'));
show('corrupt gzip', resp('Content-Type' => 'text/plain', 'Content-Encoding' => 'gzip', "\x1f\x8b\x08\x00garbage"));
show('corrupt deflate', resp('Content-Type' => 'text/plain', 'Content-Encoding' => 'deflate', "not deflate at all"));
show('truncated gzip', resp('Content-Type' => 'text/plain; charset=utf-8', 'Content-Encoding' => 'gzip', substr($gz, 0, 30)));
r('max_body_size', try { resp('Content-Type' => 'text/plain', 'Content-Encoding' => 'gzip', $gz)->decoded_content(max_body_size => 10, raise_error => 1) });
r('max_body_size enough', try { resp('Content-Type' => 'text/plain', 'Content-Encoding' => 'gzip', $gz)->decoded_content(max_body_size => 100000, charset => 'none') });
my $r = resp('Content-Type' => 'text/plain; charset=utf-8', 'Content-Encoding' => 'gzip', $gz);
r('ref option', ref $r->decoded_content(ref => 1), ${ $r->decoded_content(ref => 1) });
r('raw content untouched', length $r->content);
r('content_charset', $r->content_charset, resp('Content-Type' => 'application/json', "{}")->content_charset,
  resp('Content-Type' => 'image/png', "x")->content_charset, resp('Content-Type' => 'text/plain', '')->content_charset);
r('decode', $r->decode, $r->header('Content-Encoding'), $r->content eq $utf8 ? 'same bytes' : 'different');
r('decode again', $r->decode);
my $e = resp('Content-Type' => 'text/plain', "hello hello hello");
r('encode', $e->encode('gzip', 'base64'), $e->header('Content-Encoding'), $e->decoded_content);
r('encode unknown', $e->encode('snappy'));
r('encode multipart', try { resp('Content-Type' => 'multipart/mixed', '')->encode('gzip') });
r('rot13', do { my $x = resp('Content-Type' => 'text/plain', 'Abc'); $x->encode('rot13'); ($x->content, $x->header('Content-Encoding')) });
EOF

# 5. Multipart and message/* parts, both ways (parse and build).
# a random boundary (chosen when a part holds the fixed one) is the only thing normalised
sub random_boundaries {
    my %seen;
    $seen{$1}++ while /boundary="?([0-9A-Za-z]+)/g;
    for my $b (grep { !/^(?:xYzZY|XyZ|END_OF_PART|outer|inner|XYZ)$/ } keys %seen) { s/\Q$b\E/RANDOM/g }
}
same_both_ways('parts', <<'EOF', normalise => \&random_boundaries);
use HTTP::Request;
use HTTP::Response;
my $body = "preamble\r\n--XyZ\r\nContent-Type: text/plain\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue a\r\n--XyZ\nContent-Type: application/octet-stream\n\n\x00\x01\xff\r\n--XyZ\r\n\r\nno headers\r\n--XyZ--\r\nepilogue";
my $m = HTTP::Response->new(200, 'OK', ['Content-Type' => 'multipart/mixed; boundary="XyZ"'], $body);
my @p = $m->parts;
r('count', scalar @p);
r("part $_", ref $p[$_], $p[$_]->as_string, $p[$_]->content) for 0 .. $#p;
r('scalar parts', ref scalar $m->parts);
r('not multipart', HTTP::Response->new(200, 'OK', ['Content-Type' => 'text/plain'], 'x')->parts);
r('no boundary', HTTP::Response->new(200, 'OK', ['Content-Type' => 'multipart/mixed'], 'x')->parts);
my $req = HTTP::Request->new(POST => 'http://example.test/batch', ['Content-Type' => 'multipart/mixed; boundary=END_OF_PART']);
$req->add_part(HTTP::Request->new(GET => 'http://example.test/1', [Accept => 'a/b'], 'one'));
$req->add_part(HTTP::Message->new(['Content-Type' => 'text/plain'], "two"));
r('built', $req->as_string);
r('built content-type', $req->header('Content-Type'));
my $auto = HTTP::Message->new(['Content-Type' => 'text/plain', 'X-Keep' => 1], 'first body');
$auto->add_part(HTTP::Message->new([], 'second'));
r('add_part to single', $auto->as_string);
my $collide = HTTP::Message->new(['Content-Type' => 'multipart/form-data']);
$collide->parts(HTTP::Message->new([], 'has xYzZY inside'), HTTP::Message->new([], 'plain'));
r('boundary avoids content', $collide->as_string);
my $plain = HTTP::Message->new(['Content-Type' => 'text/plain', 'Content-Length' => 3], 'abc');
$plain->parts([HTTP::Message->new([], 'p1')]);
r('parts on non-multipart', $plain->as_string);
$plain->parts([]);
r('empty parts', $plain->as_string);
my $msg = HTTP::Message->new(['Content-Type' => 'message/http'], "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n\r\nmissing");
my ($inner) = $msg->parts;
r('message/http', ref $inner, $inner->code, $inner->message, $inner->content);
my $msg2 = HTTP::Message->new(['Content-Type' => 'message/http'], "GET /x HTTP/1.0\nHost: h\n\n");
r('message/http request', ref(($msg2->parts)[0]), ($msg2->parts)[0]->method, ($msg2->parts)[0]->uri);
my $rfc = HTTP::Message->new(['Content-Type' => 'message/rfc822'], "Subject: hi\n\nbody");
r('message/rfc822', map { $_->as_string } $rfc->parts);
r('message/* two parts', try { $rfc->parts(HTTP::Message->new, HTTP::Message->new) });
$rfc->parts(HTTP::Message->new(['Subject' => 'new'], 'new body'));
r('message/* set part', $rfc->as_string("\r\n"));
my $nested = HTTP::Message->new(['Content-Type' => 'multipart/mixed; boundary=outer']);
my $in = HTTP::Message->new(['Content-Type' => 'multipart/alternative; boundary=inner']);
$in->add_part(HTTP::Message->new(['Content-Type' => 'text/plain'], 'plain'));
$in->add_part(HTTP::Message->new(['Content-Type' => 'text/html'], '<b>html</b>'));
$nested->add_part($in);
r('nested', $nested->as_string);
my $again = HTTP::Message->parse($nested->as_string);
r('nested reparsed', map { ref($_) . ':' . $_->content_type . ':' . scalar(my @x = $_->parts) } $again->parts);
EOF

# 6. Requests: constructor forms, uri objects, as_string, dump, parse, clone.
same_both_ways('request', <<'EOF');
use HTTP::Request;
use URI;
my $r = HTTP::Request->new(GET => 'http://Example.TEST:80/a/../b?x=1&y=%41#frag');
r('method uri', $r->method, ref $r->uri, $r->uri->as_string, ref $r->url, $r->url);
r('as_string', $r->as_string);
r('as_string crlf', $r->as_string("\r\n"));
r('canonical', $r->uri_canonical, ref $r->uri_canonical);
my $h = HTTP::Headers->new(Accept => 'x/y');
my $p = HTTP::Request->new('POST', URI->new('https://h.test/p'), $h, "k=v");
$h->header(Accept => 'changed');
r('headers copied, uri cloned', $p->header('Accept'), $p->uri, $p->as_string);
my $u = URI->new('http://u.test/');
my $q = HTTP::Request->new(PUT => $u);
$u->path('/changed');
r('uri object copied', $q->uri);
r('uri set returns old', $q->uri('http://other.test/x'), $q->uri);
r('undef uri', HTTP::Request->new('GET')->as_string, HTTP::Request->new->as_string);
r('relative uri', HTTP::Request->new(GET => '/relative/path')->uri, HTTP::Request->new(GET => '/relative/path')->as_string);
r('uri hash', try { HTTP::Request->new(GET => {}) });
r('uri array', try { HTTP::Request->new(GET => []) });
r('uri object not a uri', try { HTTP::Request->new(GET => bless({}, 'Nope')) });
r('wide content', try { HTTP::Request->new(POST => 'http://x.test/', [], "\x{263a}") });
my $full = HTTP::Request->new(PATCH => 'http://h.test/r', ['Content-Type' => 'application/json', 'User-Agent' => 'me', 'X-Id' => [1, 2], Host => 'h.test', Referer => 'http://r.test/'], '{"a":1}');
$full->protocol('HTTP/1.1');
r('full', $full->as_string);
r('dump', $full->dump);
r('dump no proto', HTTP::Request->new(DELETE => 'http://h.test/d')->dump(maxlength => 0));
my $c = $full->clone;
$c->uri->path('/clone'); $c->method('POST'); $c->header('X-Id' => 3);
r('clone', ref $c, $c->as_string, $full->as_string);
my $parsed = HTTP::Request->parse("POST /form HTTP/1.0\r\nHost: h.test\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\na=1&b=2");
r('parse', $parsed->method, $parsed->uri, $parsed->protocol, $parsed->header('Host'), $parsed->content);
r('parse line only', HTTP::Request->parse('GET http://x.test/')->as_string);
r('accept_decodable', HTTP::Request->new(GET => 'http://x.test/')->accept_decodable, );
my $ad = HTTP::Request->new(GET => 'http://x.test/'); $ad->accept_decodable;
r('accept-encoding', $ad->header('Accept-Encoding'));
r('content_type via request', $full->content_type, $full->content_length, $full->user_agent);
r('authorization_basic', $full->authorization_basic('u', 'p'), $full->header('Authorization'));
EOF

# 7. Responses: status lines, classes, base, filename, redirect chains, ages.
same_both_ways('response', <<'EOF');
use HTTP::Response;
use HTTP::Date ();
use HTTP::Request;
for my $code (100, 200, 204, 301, 302, 304, 399, 400, 404, 418, 499, 500, 503, 599, 600, 0, 999, 299) {
    my $r = HTTP::Response->new($code);
    r("code $code", $r->code, $r->message, $r->status_line, map { $_ ? 1 : 0 } $r->is_info, $r->is_success, $r->is_redirect, $r->is_error, $r->is_client_error, $r->is_server_error);
}
my $r = HTTP::Response->new(404, 'Nope <&>', ['Content-Type' => 'text/plain'], "body");
r('status_line', $r->status_line);
r('as_string', $r->as_string);
r('as_string crlf', $r->as_string("\r\n"));
$r->protocol('HTTP/1.1');
r('as_string proto', $r->as_string);
r('dump', $r->dump);
r('error_as_HTML', $r->error_as_HTML);
r('undef code', HTTP::Response->new->status_line, HTTP::Response->new->as_string);
r('message set', $r->message('Gone'), $r->message, $r->code(410), $r->code);
my $req = HTTP::Request->new(GET => 'http://h.test/dir/file.html?q=1');
$r->request($req);
r('base from request', ref $r->base, $r->base);
$r->header('Content-Base' => 'http://base.test/b/');
r('content-base absolute', $r->base);
$r->header('Content-Base' => '../rel/');
r('content-base relative', $r->base);
$r->remove_header('Content-Base');
$r->header('Base' => 'http://old-base.test/');
r('base header', $r->base);
$r->remove_header('Base');
$r->header('Content-Location' => 'http://cl.test/x');
r('content-location ignored', $r->base);
r('no request no base', HTTP::Response->new(200)->base);
for my $cd ('attachment; filename="report 2024.pdf"', 'attachment; filename=plain.txt', 'inline; filename="../../etc/passwd"',
    'attachment; filename="C:\\dir\\win.txt"', 'attachment; filename="=?UTF-8?B?Y2Fmw6kucGRm?="', 'attachment; filename="=?ISO-8859-1?Q?caf=E9_x.txt?="',
    'attachment', 'attachment; filename=""', "attachment; filename=\"O'Brien \$(rm).txt\"") {
    my $f = HTTP::Response->new(200, 'OK', ['Content-Disposition' => $cd]);
    $f->request(HTTP::Request->new(GET => 'http://h.test/path/from-uri.bin'));
    r("filename [$cd]", $f->filename);
}
my $cl = HTTP::Response->new(200, 'OK', ['Content-Location' => 'http://h.test/a/loc.txt']);
r('filename content-location', $cl->filename);
r('filename request', do { my $x = HTTP::Response->new(200); $x->request(HTTP::Request->new(GET => 'http://h.test/a/b/')); $x->filename });
r('filename none', HTTP::Response->new(200)->filename);
my $first = HTTP::Response->new(302, 'Found', [Location => '/2']);
my $second = HTTP::Response->new(301, 'Moved', [Location => '/3']);
$second->previous($first);
my $final = HTTP::Response->new(200, 'OK');
$final->previous($second);
r('redirects', map { $_->code } $final->redirects);
r('redirects scalar', scalar $final->redirects);
r('previous', $final->previous->code, $first->previous);
my $c = $final->clone;
r('clone', ref $c, $c->code, $c->message, $c->previous);
$final->request($req);
my $c2 = $final->clone;
r('clone with request', $c2->request->uri, $c2->request == $req ? 'same' : 'copy');
my $t = 1_000_000_000;
my $age = HTTP::Response->new(200, 'OK', [Date => HTTP::Date::time2str($t - 100), 'Client-Date' => HTTP::Date::time2str($t - 40), Age => 30]);
r('current_age', $age->current_age($t));
r('freshness default', $age->freshness_lifetime, $age->freshness_lifetime(h_default => 10, h_min => 20));
r('freshness no heuristics', $age->freshness_lifetime(heuristic_expiry => 0));
$age->header('Last-Modified' => HTTP::Date::time2str($t - 100000));
r('freshness last-modified', $age->freshness_lifetime);
$age->header(Expires => HTTP::Date::time2str($t + 500));
r('freshness expires', $age->freshness_lifetime);
$age->header('Cache-Control' => 'public, max-age=77');
r('freshness max-age', $age->freshness_lifetime, $age->is_fresh(time => $t) ? 1 : 0, $age->fresh_until(time => $t));
my $parsed = HTTP::Response->parse("HTTP/1.1 201 Created here\r\nLocation: /new\r\n\r\ncreated");
r('parse', $parsed->protocol, $parsed->code, $parsed->message, $parsed->header('Location'), $parsed->content);
my $p2 = HTTP::Response->parse("404 Not Found\n\n");
r('parse no proto', $p2->protocol, $p2->code, $p2->message);
r('is_* on strings', HTTP::Response->new('200')->is_success ? 1 : 0, HTTP::Response->new('abc')->status_line);
EOF

# 8. Odd input: undef and empty strings, odd argument lists, empty arrays,
# objects as values, repeated parse/as_string round trips.
same_both_ways('edge cases', <<'EOF');
use HTTP::Request;
use HTTP::Response;
$^W = 1;
r('parse undef', HTTP::Response->parse(undef)->as_string, HTTP::Request->parse(undef)->as_string);
r('parse empty', HTTP::Response->parse('')->as_string, HTTP::Message->parse('')->as_string);
r('parse only status', HTTP::Response->parse("HTTP/1.0 500\r\n")->status_line);
r('parse header without space', HTTP::Message->parse("A:b\nC :d\n\nx")->as_string);
r('parse bad header line', HTTP::Message->parse("Good: 1\nno colon here\nMore: 2\n\nbody")->as_string);
r('odd header list', HTTP::Message->new([A => 1, 'B'])->as_string);
my $h = HTTP::Headers->new;
r('empty array value', $h->header(Foo => []), $h->as_string, scalar $h->header('Foo'));
r('push empty array', $h->push_header(Bar => []), $h->as_string);
r('array of one', $h->header(Baz => ['only']), scalar $h->header('Baz'));
r('remove colon field', HTTP::Headers->new(':x' => 1)->remove_header(':x'));
r('header list context set', [HTTP::Headers->new(A => [1, 2])->header(A => 3)]->[1]);
r('content_type of array', do { my $x = HTTP::Headers->new; $x->push_header('Content-Type' => 'a/b; q=1'); $x->push_header('Content-Type' => 'c/d'); ($x->content_type, scalar $x->header('Content-Type')) });
r('zero content', HTTP::Message->new([], 0)->as_string, HTTP::Message->new([], '0')->content);
r('content with only newline', HTTP::Message->new([], "\n")->as_string);
r('cr content', HTTP::Message->new([], "a\r")->as_string);
my $round = HTTP::Response->new(200, 'OK', ['X-Fold' => "a\n b", 'Content-Type' => 'text/plain'], "body\n");
my $again = HTTP::Response->parse($round->as_string);
r('round trip', $again->as_string eq $round->as_string ? 'same' : $again->as_string, $again->header('X-Fold'));
r('round trip crlf', HTTP::Response->parse($round->as_string("\r\n"))->as_string);
r('empty message', HTTP::Response->new(200, undef, [], '')->message, HTTP::Response->new(200, '', [])->status_line);
r('status_line codes', map { HTTP::Response->new($_)->status_line } '200', '0', '', '099', 'abc');
r('big header count', scalar(my @n = HTTP::Headers->new(map { ("X-H$_" => $_) } 1 .. 500)->header_field_names));
my $many = HTTP::Headers->new;
$many->push_header('X-Many' => $_) for 1 .. 1000;
r('many values', scalar(my @v = $many->header('X-Many')), length scalar $many->header('X-Many'));
r('content_length non-number', HTTP::Headers->new(Content_Length => 'abc')->content_length);
r('referer object', do { my $x = HTTP::Headers->new; $x->referer(URI->new('http://r.test/p#f')); $x->referer });
r('dates at the ends', do { my $x = HTTP::Headers->new; $x->date(0); ($x->header('Date'), $x->date) }, do { my $x = HTTP::Headers->new; $x->expires(4102444800); ($x->header('Expires'), $x->expires) });
r('as_string edits repeated values only', do { my $x = HTTP::Headers->new(A => ["x\ny", undef], B => "p\nq"); $x->as_string; ($x->header('A'), $x->header('B')) });
r('headers method on class', try { HTTP::Message->content_type });
EOF

# 9. HTTP::Headers::Util: header words split and joined.
same_both_ways('header words', <<'EOF');
use HTTP::Headers::Util qw(split_header_words join_header_words _split_header_words);
for my $v ('text/html; charset="utf-8"', 'foo="bar"; port="80,81"; DISCARD, BAR=baz', 'a=1, b=2; c, d',
    'attachment; filename="a \"q\" \\\\ b.txt"', 'x = y ;; z', '=odd; ==x', '', '  ', 'k="unterminated', 'Basic realm="cb", Bearer',
    'form-data; name="caf\xc3\xa9"', 'A=1; B="two words"; C=') {
    r("split [$v]", map { '[' . join(',', map { defined $_ ? $_ : 'u' } @$_) . ']' } split_header_words($v));
    r("_split [$v]", map { '[' . join(',', map { defined $_ ? $_ : 'u' } @$_) . ']' } _split_header_words($v));
}
r('join flat', join_header_words('form-data', undef, name => 'a b', filename => "x\"y", empty => '', plain => 'tok'));
r('join groups', join_header_words(['a', 1, 'b', undef], ['c', 'd;e'], []));
r('join nothing', join_header_words());
r('join 8-bit', join_header_words(k => "caf\xe9"));
EOF

# 10. Parts of content set through content_ref, and parts edited after reading.
same_both_ways('parts and content_ref', <<'EOF');
use HTTP::Message;
my $body = "--B\r\nX: 1\r\n\r\none\r\n--B\r\n\r\ntwo\r\n--B--\r\n";
my $m = HTTP::Message->new(['Content-Type' => 'multipart/mixed; boundary=B']);
$m->content_ref(\$body);
r('parts via ref', map { $_->content } $m->parts);
$body =~ s/two/TWO/;
r('parts re-read after edit of the ref', map { $_->content } $m->parts);
$m->add_part(HTTP::Message->new([], 'three'));
r('add_part with ref content', $m->content, $body);
my $n = HTTP::Message->new(['Content-Type' => 'multipart/mixed; boundary=B'], $body);
my @p = $n->parts;
$p[0]->content('changed');
r('part edits do not touch parent', $n->content eq $body ? 'same' : 'changed');
$n->parts(@p);
r('parts set back', $n->content);
r('headers of a stale message', $n->headers->as_string);
EOF

# 11. RFC 2047 file names are decoded into the locale's codeset (Encode::Locale's
# locale_fs for the real one): the same under an ASCII and a UTF-8 locale.
my $filenames = <<'EOF';
use HTTP::Response;
for my $cd ('attachment; filename="=?UTF-8?B?Y2Fmw6kucGRm?="', 'attachment; filename="=?ISO-8859-1?Q?caf=E9_x.txt?="',
    'attachment; filename="=?x-bogus?B?YWJj?="', 'attachment; filename="=?UTF-8?X?abc?="', 'attachment; filename="=?utf-8?q?a_b=2Fc.txt?="',
    'attachment; filename="=?UTF-8?B?5paH5Lu2LnR4dA==?="') {
    r($cd, HTTP::Response->new(200, 'OK', ['Content-Disposition' => $cd])->filename);
}
EOF
same_both_ways("filenames, locale $_", $filenames, env => { LC_ALL => $_ }) for 'C', 'C.UTF-8';

done_testing;
