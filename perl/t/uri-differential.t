use strict;
use warnings;
use lib 'perl/t/lib';
use FacadeDiff qw(pin_env first_diff);    # and BridgeTest's run_perl: these scripts need no daemon
use Test::More;

# The same scripts run with the real URI 5.17 (Debian liburi-perl, with
# Regexp::IPv6) and with perl/compat's facade; stdout and stderr must be
# identical. Each script prints one line per case, so a failure shows the
# first differing line.

my $ROOT = BridgeTest::root();
pin_env();

sub same_both_ways {
    my ($name, $script, $min_lines) = @_;
    my ($rout, $rerr, $rexit) = BridgeTest::run_perl_real($script);
    my ($fout, $ferr, $fexit) = BridgeTest::run_perl_facade($script);
    s{\S+/script\.pl}{SCRIPT}g for $rout, $rerr, $fout, $ferr;
    s{ at \S+/(?:URI|HTTP)\S*\.pm line \d+\.?}{ at MODULE}g for $rerr, $ferr, $rout, $fout;
    is($rexit, 0, "$name: the real module runs it") or diag $rerr;
    my $lines = () = $rout =~ /\n/g;
    cmp_ok($lines, '>=', $min_lines, "$name: the real module prints $min_lines+ lines");
    ok($fout eq $rout, "$name: facade stdout equals the real module's ($lines lines)")
        or diag first_diff($rout, $fout), "\n", $ferr;
    is($ferr, $rerr, "$name: facade stderr (warnings, croaks) equals the real module's");
    is($fexit, $rexit, "$name: same exit code");
    return;
}

# The facade run must not fall back on the host's CPAN URI for any class.
{
    my ($out, $err, $code) = BridgeTest::run_perl_facade(<<'PL');
use strict; use warnings; use URI; use URI::Escape; use URI::QueryParam;
use URI::Split (); use URI::file (); use URI::URL ();
for my $s (qw(http://h/ https://h/ ftp://h/ ssh://h/ sftp://h/ mailto:a@b file:///x data:,x urn:isbn:1 ldap://h/ news:x foo:bar //h/x x/y)) {
    my $u = URI->new($s); $u->canonical; $u->abs('http://a/b'); eval { $u->host }; eval { $u->as_iri };
}
URI->new("http://b\x{fc}cher.de/")->ihost;
print join("\n", map { "$_ $INC{$_}" } grep { m{^URI\b} } sort keys %INC), "\n";
PL
    is($code, 0, 'facade: URI loads and parses every kind of URI') or diag $err;
    my @foreign = grep { !m{ \Q$ROOT\E/perl/compat/} } split /\n/, $out;
    is_deeply(\@foreign, [], 'facade: every URI module loaded comes from perl/compat') or diag $out;
}

my $COMMON = <<'PL';
use strict; use warnings; use URI; use URI::Escape;
binmode STDOUT;
sub show { my $v = shift; return 'undef' unless defined $v; $v = ref $v eq 'ARRAY' ? '[' . join(',', map { show($_) } @$v) . ']' : ref $v eq 'HASH' ? '{' . join(',', map { "$_=" . show($v->{$_}) } sort keys %$v) . '}' : "$v"; utf8::encode($v) if utf8::is_utf8($v); $v =~ s/([\x00-\x1f\x7f])/sprintf('\\x%02X', ord $1)/ge; return "<$v>" }
sub shows { return '(' . join(',', map { show($_) } @_) . ')' }
sub try(&) { my $r = eval { shows($_[0]->()) }; if (!defined $r) { (my $e = $@) =~ s/ at \S+ line \d+\.?\n?//g; $e =~ s/\n/ /g; $r = "DIED: $e" } $r }
PL

# 1. RFC 3986 section 5.4 (normal and abnormal) against its base, plus more.
same_both_ways('RFC 3986 5.4 resolution', $COMMON . <<'PL', 100);
my @bases = ('http://a/b/c/d;p?q', 'http://a/b/c/d;p?q#f', 'http://a', 'http://a/', 'https://u:p@a:8443/x/y/',
             'ftp://a/b/c/', 'foo:bar/baz', 'http://a/b/c/d;p?q=1&r=2', 'HTTP://A/B/C', 'http://[::1]/a/b');
my @refs = ('g:h', 'g', './g', 'g/', '/g', '//g', '?y', 'g?y', '#s', 'g#s', 'g?y#s', ';x', 'g;x', 'g;x?y#s', '',
            '.', './', '..', '../', '../g', '../..', '../../', '../../g',
            '../../../g', '../../../../g', '/./g', '/../g', 'g.', '.g', 'g..', '..g', './../g', './g/.', 'g/./h',
            'g/../h', 'g;x=1/./y', 'g;x=1/../y', 'g?y/./x', 'g?y/../x', 'g#s/./x', 'g#s/../x', 'http:g',
            'http:/g', 'http://g:81/x', '//g:80', '?', '#', 'a b', "\x{e9}", '%7e', '..//x', './/x', '///x',
            'g/..', 'g/../..', '/a/b/../../..', 'mailto:x@y', 'HTTP://A/B', '../g?q#f', 'https:g');
for my $base (@bases) {
    for my $ref (@refs) {
        my $abs = URI->new($ref)->abs($base);
        my $back = eval { $abs->rel($base) };
        print show($base), ' + ', show($ref), ' = ', show($abs), ' ', ref($abs), ' rel ', show($back),
            ' new_abs ', show(URI->new_abs($ref, $base)), "\n";
    }
}
{
    local $URI::ABS_REMOTE_LEADING_DOTS = 1;
    print 'leading dots ', show(URI->new($_)->abs('http://a/b/c/d;p?q')), "\n" for '../../../g', '../../../../g', '/../g', '/./g';
}
{
    local $URI::ABS_ALLOW_RELATIVE_SCHEME = 1;
    print 'relative scheme ', show(URI->new($_)->abs('http://a/b/c/d;p?q')), "\n" for 'http:g', 'http:/g', 'https:g', 'http:?y';
}
for my $pair (['http://a/b/c/d', 'http://a/b/x/y'], ['http://a/b/c/d', 'http://a/b/c/d'], ['http://a/b/c/d#f', 'http://a/b/c/d'],
              ['http://a/b/c/d?q', 'http://a/b/c/d'], ['http://A:80/x', 'http://a/y'], ['https://a/x', 'http://a/x'],
              ['http://a/', 'http://a/b/c/'], ['http://a', 'http://a/b'], ['http://b/x', 'http://a/x'], ['/x/y', 'http://a/x/'],
              ['http://a/x/y/', 'http://a/x/y/z'], ['http://a/%7Ex', 'http://a/~y'], ['ftp://a/b;type=a', 'ftp://a/c']) {
    print 'rel ', shows(@$pair), ' = ', show(URI->new($pair->[0])->rel($pair->[1])), "\n";
}
print 'abs no base ', try { URI->new('g')->abs(undef) }, "\n";
print 'rel no base ', try { URI->new('http://a/g')->rel('') }, "\n";
PL

# 2. Accessors over a large table of URIs.
same_both_ways('accessors', $COMMON . <<'PL', 150);
my @uris = (
  'http://example.com', 'http://example.com/', 'HTTP://Example.COM:80/A/%7efoo/%41?B=%3d#Frag', 'https://example.com:443/',
  'https://example.com:8443/a?b', 'http://example.com:/x', 'http://example.com:0/', 'http://example.com:65536/',
  'http://example.com:08080/', 'http://example.com:abc/', 'http://user@h/', 'http://user:pass@h:81/p',
  'http://us%40er:p%3Ass@h/', 'http://@h/', 'http://:@h/', 'http://a@b@h/', 'http://[::1]/', 'http://[::1]:8080/x',
  'http://[2001:db8::7]/c=GB?objectClass?one', 'http://[v7.fe80::1]/', 'http://[::ffff:192.0.2.1]/', 'http://1.2.3.4:5/',
  'http://h/a b?c d#e f', 'http://h/%', 'http://h/%zz', 'http://h/%2F%2f', 'http://h/p?', 'http://h/p?#', 'http://h/p#',
  'http://h?q', 'http://h#f', 'http://h/;p;q/r;s', 'http://h/a//b///', 'http://h/a/./b/../c', "http://h/caf\x{e9}",
  "http://h/\x{263a}?\x{263a}=\x{263a}#\x{263a}", "http://b\x{fc}cher.example/", "http://\x{4e2d}\x{6587}.\x{4e2d}\x{56fd}:8080/",
  "http://xn--bcher-kva.example/", "http://B\x{dc}CHER.example/", "http://exa mple.com/", 'http://h/<>"{}|\\^`',
  " http://h/trim ", '<http://h/angle>', '<URL:http://h/url>', '"http://h/quoted"', 'http://h/[x]', 'http://h/?a[]=1',
  'ftp://ftp.example.com/pub/f.txt;type=i', 'ftp://u:p@ftp.example.com:2121/x', 'ftp://anonymous@h/', 'ftp://ftp@h/',
  'ssh://deploy@host:2222/srv', 'sftp://me@files/in/x.csv', 'foo:bar', 'foo://h/p', 'mailto:a@b.example?subject=hi',
  'MAILTO:A@B?To=c@d&cc=e', 'urn:ietf:rfc:2648', 'URN:Foo:Bar', 'urn:', 'data:,hello', 'data:text/html;base64,PGI+',
  'file:///etc/hosts', 'file://localhost/x', 'file://other/y%20z', 'file:rel', 'FILE:///A',
  'x+y.z-w://h/', 'http:', 'http:/p', 'http:p', '//h/p', '/abs/path', 'rel/path', '?q', '#f', '',
  'a:b:c', '1http://h/', 'http://h/?a=1&b=2;c=3', 'http://h/?a&b&c', 'http://h/?a+b+c', 'http://h/?=', 'http://h/?a=1=2',
  'http://h/?%61=%62&a+b=c+d', 'HTTPS://H.EXAMPLE:443', 'http://h:80', 'https://h:80/', 'ftp://h:21/', 'http://H/%3a%3A',
  'http://h/%7E%2d%5F%2E%21', "http://h/\x01\x7f", "http://h/\xfc", 'tel:+1-201-555-0123',
  'http://h/p?q=%zz', 'http://h/?a=%E2%98%BA', 'http://h/?a=b+c&a=d', 'http://u:p:q@h/',
);
my @methods = qw(scheme opaque path path_query query fragment authority userinfo host ihost port _port default_port host_port secure has_recognized_scheme as_iri);
for my $s (@uris) {
    my $u = URI->new($s);
    my @out = ('new ' . show($s), ref($u), show("$u"), 'canon ' . show($u->canonical), 'eq ' . (URI::eq($u, $u->canonical) ? 1 : 0));
    for my $m (@methods) {
        push @out, "$m=" . ($u->can($m) ? try { $u->$m() } : 'n/a');
    }
    push @out, 'segs=' . try { $u->path_segments };
    push @out, 'segs_scalar=' . try { scalar $u->path_segments };
    push @out, 'form=' . try { $u->query_form };
    push @out, 'kw=' . try { $u->query_keywords };
    push @out, 'qp=' . try { $u->query_param };
    for my $m (qw(user password)) { push @out, "$m=" . ($u->can($m) ? try { $u->$m() } : 'n/a') }
    print join(' ', @out), "\n";
    print '  clone ', show($u->clone), ' ', ($u->clone == $u ? 'same' : 'other'), ' ', ($u->clone eq $u ? 'eq' : 'ne'), "\n";
    print '  with scheme ', show(URI->new($s, 'http')), ' ', ref(URI->new($s, 'http')), ' obj-scheme ',
        show(URI->new($s, URI->new('https://x/'))), ' ', ref(URI->new($s, URI->new('https://x/'))), "\n";
}
print 'new undef ', show(URI->new(undef)), ' ', ref(URI->new(undef)), "\n";
print 'new obj ', show(URI->new(URI->new('http://h/x'))), "\n";
print 'implementor ', show(URI::implementor('http')), ' ', show(URI::implementor('')), ' ', show(URI::implementor('1x')), "\n";
print 'eq strings ', (URI::eq('http://H:80/', 'http://h/') ? 1 : 0), (URI::eq('http://h/a', 'http://h/b') ? 1 : 0), "\n";
print 'json ', URI->new('http://h/x')->TO_JSON, "\n";
print 'isa ', join(',', map { URI->new('https://h/')->isa($_) ? 1 : 0 } qw(URI URI::_generic URI::_server URI::http URI::https)), "\n";
PL

# 2b. Schemes the facade has no class for: generic URIs (the documented difference).
{
    my ($out, $err, $code) = BridgeTest::run_perl_facade(<<'PL');
use strict; use warnings; use URI;
for my $s (qw(news:comp.lang.perl ldap://h/o=x sip:a@b telnet://h:23/ rsync://h/m urn:oid:1.2 gopher://h/ urn:isbn:0451450523)) {
    my $u = URI->new($s);
    print ref($u), ' ', $u->scheme, ' ', $u->opaque, ' ', ($u->can('host') ? 'host' : 'nohost'), ' ', ($u->can('port') ? 'port' : 'noport'), "\n";
}
PL
    is($code, 0, 'unshipped schemes parse') or diag $err;
    is($out, join('', map { "$_ nohost noport\n" } 'URI::_foreign news comp.lang.perl', 'URI::_foreign ldap //h/o=x',
        'URI::_foreign sip a@b', 'URI::_foreign telnet //h:23/', 'URI::_foreign rsync //h/m', 'URI::urn urn oid:1.2',
        'URI::_foreign gopher //h/', 'URI::urn urn isbn:0451450523'),
        'unshipped schemes are generic URI::_foreign objects (urn:oid a plain URI::urn), as the POD says');
}

# 3. Setters.
same_both_ways('setters', $COMMON . <<'PL', 120);
my @ops = (
  [host => 'other.example'], [host => 'other.example:8080'], [host => '::1'], [host => '[::1]:81'], [host => 'a@b'],
  [host => "b\x{fc}cher.de"], [host => ''], [host => undef], [host => 'UPPER.Example'], [host => 'h:'],
  [port => 8080], [port => undef], [port => ''], [port => 80], [port => '0'],
  [userinfo => 'u:p'], [userinfo => undef], [userinfo => 'a@b:c d'], [userinfo => ''], [userinfo => "\x{e9}"],
  [authority => 'x.example:9'], [authority => undef], [authority => '::1'], [authority => 'u@::1'], [authority => 'a b@h'],
  [authority => '1:2:3:4:5:6:7:8'], [authority => 'h:1:2'],
  [path => '/new/path'], [path => 'relative'], [path => ''], [path => 'a b?c#d'], [path => "caf\x{e9}"], [path => undef],
  [path => '//double'], [path => 'x:y'],
  [path_query => '/p?q=1'], [path_query => 'p?q'], [path_query => '/a b?c d'],
  [query => 'a=1&b=2'], [query => undef], [query => ''], [query => 'a b#c'], [query => "\x{263a}"],
  [fragment => 'top'], [fragment => undef], [fragment => ''], [fragment => 'a b#c'],
  [opaque => '//new/opaque?x'], [opaque => 'plain'],
  [scheme => 'https'], [scheme => 'ftp'], [scheme => 'FOO'], [scheme => undef], [scheme => ''], [scheme => '1bad'],
  [path_segments => 'a', 'b c', 'd/e', 'f;g', '%'], [path_segments => ['seg', 'p1', 'p2;x'], 'z'], [path_segments => ''],
  [path_segments => ()],
  [query_form => a => 1, b => 2], [query_form => [b => 2, a => 1]], [query_form => {b => 2, a => 1}],
  [query_form => {b => 2, a => 1}, ';'], [query_form => [a => 1], ';'], [query_form => a => [1, 2, 3], b => undef],
  [query_form => 'k y' => 'v&l=u+e%', "\x{e9}" => "\x{263a}"], [query_form => ()], [query_form => []], [query_form => a => ''],
  [query_form => undef, 'x'], [query_form => a => 1, ';'], [query_form => 'x[]' => '[y]', '/?:@' => ',$'],
  [query_keywords => 'a', 'b c', 'd+e'], [query_keywords => ['x', 'y']], [query_keywords => ()], [query_keywords => 'a=b'],
);
my @bases = ('http://u@h.example:81/p/q?x=1;y=2#f', 'https://h/', 'foo:opaque', '/rel?z', 'ftp://h/d;type=a', 'http://[::1]/');
for my $base (@bases) {
    for my $op (@ops) {
        my ($m, @args) = @$op;
        my $u = URI->new($base);
        my $old = $u->can($m) ? try { $u->$m(@args) } : 'n/a';
        my $v = URI->new($base);
        my $scalar_old = $v->can($m) ? try { scalar $v->$m(@args) } : 'n/a';
        print show($base), " $m", shows(@args), ' -> ', ref($u), ' ', show("$u"), " old=$old scalar_old=$scalar_old\n";
    }
}
for my $base ('http://h/?a=1&b=2&a=3&c', 'http://h/?a=1;b=2', 'http://h/', 'http://h/?x') {
    for my $op ([query_param => ()], [query_param => 'a'], [query_param => 'a', 9], [query_param => 'a', 7, 8, 9, 10],
                [query_param => 'a', []], [query_param => 'z', 1, 2], [query_param => 'b', [5, 6]],
                [query_param_append => 'a', 4, 5], [query_param_append => 'n'], [query_param_delete => 'a'],
                [query_param_delete => 'zz'], [query_form_hash => ()], [query_form_hash => {q => 1, r => [2, 3]}],
                [query_form_hash => s => 1, t => 2]) {
        my ($m, @args) = @$op;
        my $u = URI->new($base);
        my $list = try { $u->$m(@args) };
        my $v = URI->new($base);
        my $scalar = eval { my $r = $v->$m(@args); ref $r eq 'HASH' ? join(',', map { "$_=" . (ref $r->{$_} ? "[@{$r->{$_}}]" : $r->{$_}) } sort keys %$r) : $r };
        print show($base), " $m", shows(@args), " list=$list -> ", show("$u"), ' scalar=', show($scalar), "\n";
    }
}
{
    local $URI::DEFAULT_QUERY_FORM_DELIMITER = ';';
    my $u = URI->new('http://h/');
    $u->query_form(a => 1, b => 2);
    print 'default delim ', show($u), "\n";
}
my $u = URI->new('http://h/x');
my $c = $u->canonical;
print 'canonical is self ', ($c == $u ? 1 : 0), ' ', (URI->new('HTTP://h/x')->canonical == $u ? 1 : 0), "\n";
PL

# 4. Escaping: every byte, custom sets, wide characters.
same_both_ways('escape', $COMMON . <<'PL', 260);
use URI::Escape qw(uri_escape uri_unescape uri_escape_utf8 %escapes);
for my $b (0 .. 255) {
    my $c = chr $b;
    print "$b ", uri_escape($c), ' ', uri_escape("a${c}b", '^A-Za-z'), ' ', uri_escape($c, "\0-\x{ff}"), ' ',
        (uri_unescape(sprintf '%%%02x', $b) eq $c ? 'rt' : 'BAD'), ' ', uri_escape_utf8($c), ' ', show(URI->new("http://h/$c?$c#$c")), "\n";
}
my $all = join '', map { chr } 0 .. 255;
for my $set (undef, '^A-Za-z0-9', 'a-z', '\x00-\x1f', '[]', '^[:alnum:]', '\\', ']', '[', '^', '-', 'a-', '"\'', '&=+', '\w', '^\w', "\x{e9}-\x{ff}") {
    print 'set ', show($set), ' ', try { uri_escape($all, $set) }, "\n";
}
for my $re (qr/[aeiou]/, qr/[^a-z]/, qr/(?:ab|c)/, qr/./s, qr/\d+/) {
    print 're ', show("$re"), ' ', try { uri_escape("abcabc 123 d\x{e9}f", $re) }, "\n";
}
for my $s ("\x{263a}", "caf\x{e9}", "\x{1F600}", "a\x{100}b", "\x{e9}\x{263a}", '') {
    print 'wide ', try { uri_escape($s) }, ' utf8 ', try { uri_escape_utf8($s) }, ' utf8-set ', try { uri_escape_utf8($s, '^a-z') }, "\n";
}
print 'undef ', try { uri_escape(undef) }, try { uri_escape_utf8(undef) }, try { uri_unescape(undef) }, "\n";
print 'unescape ', try { uri_unescape('%41%4a%4A%2%zz%%41+%20%e2%98%ba') }, "\n";
print 'unescape list ', try { uri_unescape('%41', '%42', '%4') }, ' scalar ', scalar(uri_unescape('%41', '%42')), "\n";
print 'escapes ', scalar(keys %escapes), ' ', $escapes{' '}, $escapes{"\xff"}, "\n";
print 'escape_char ', URI::Escape::escape_char("a\x{263a}\xe9"), ' ', URI::Escape::escape_char("\xe9"), "\n";
print 'bad set ', try { uri_escape('abc', 'z-a') }, "\n";
print 'numeric ', uri_escape(12.5), ' ', uri_escape(0), "\n";
PL

# 5. IDN hosts and as_iri.
same_both_ways('IDN and IRI', $COMMON . <<'PL', 19);
for my $h ("b\x{fc}cher.de", "\x{4e2d}\x{6587}.\x{4e2d}\x{56fd}", "M\x{fc}NCHEN.de", "\x{e9}.", "a..\x{e9}", "\x{e9}" x 70,
           "xn--\x{e9}", "www.\x{440}\x{444}.", "\x{1F600}.example", "ex\x{e4}mple.com:8080", "u\@\x{e9}.de", 'xn--bcher-kva.de',
           'xn--zz', "\x{3b5}\x{3bb}") {
    my $u = URI->new("http://$h/p");
    print show($h), ' ', show($u), ' host=', try { $u->host }, ' ihost=', try { $u->ihost }, ' iri=', try { $u->as_iri }, "\n";
}
for my $s ('http://h/%E2%98%BA', 'http://h/%C3%A9%ff%C3', 'http://h/%c3%a9?%e9', 'http://xn--bcher-kva.de/%E2%82%AC', 'http://h/%ED%A0%80', 'http://h/%F0%9F%98%80') {
    print 'iri ', show($s), ' ', try { URI->new($s)->as_iri }, "\n";
}
PL

# 7. $^W warnings, overloads, Storable, JSON, %escapes, import lists.
same_both_ways('warnings and object behaviour', "BEGIN { \$^W = 1 }\n" . $COMMON . <<'PL', 19);
use Storable ();
use JSON::PP ();
my $u = URI->new('http://h/x');
$u->path('//double'); print 'double ', show($u), "\n";
my $r = URI->new('rel');
$r->path('x:y'); print 'scheme-like ', show($r), "\n";
my $dd = URI->new('x'); $dd->path('//a'); print 'relative double slash ', show($dd), "\n";
my $o = URI->new('foo:bar');
$o->scheme(undef); print 'scheme undef ', show($o), "\n";
my $g = URI->new('a:b/c'); $g->scheme(''); print 'scheme empty ', show($g), ' ', ref($g), "\n";
my $gen = URI->new('x'); $gen->opaque('c:d'); $gen->scheme(undef); print 'opaque scheme-like ', show($gen), "\n";
print 'clone eq ', ($u eq $u->clone ? 1 : 0), ' == ', ($u == $u->clone ? 1 : 0), ' != ', ($u != $u->clone ? 1 : 0), ' self == ', ($u == $u ? 1 : 0), "\n";
print 'string cmp ', ($u eq 'http://h//double' ? 1 : 0), ' bool ', (URI->new('0') ? 1 : 0), (URI->new('') ? 1 : 0), (URI->new('x') ? 1 : 0), "\n";
print 'sorted ', join(' ', sort map { URI->new($_) } qw(http://b/ http://a/ ftp://z/)), "\n";
my %h = (URI->new('http://k/') => 1); print 'hash key ', join(',', keys %h), "\n";
my $d = Storable::dclone(URI->new('https://u@h:1/p?q#f')); print 'dclone ', ref($d), ' ', show($d), ' ', $d->port, "\n";
my $frozen = Storable::thaw(Storable::freeze([URI->new('http://x/')])); print 'thaw ', ref($frozen->[0]), ' ', show($frozen->[0]), "\n";
print 'json ', JSON::PP->new->canonical->convert_blessed->encode({ u => URI->new('http://j/x y') }), "\n";
print 'concat ', URI->new('http://h') . '/path', ' ', ref(URI->new('http://h') . ''), "\n";
{
    local $URI::Escape::escapes{' '} = '+';
    print 'edited %escapes ', uri_escape('a b'), ' ', show(URI->new('http://h/a b')), "\n";
}
print 'escape_char on bytes ', URI::Escape::escape_char("\xe9 "), "\n";
print 'new with undef scheme ', show(URI->new('x', undef)), ' ', show(URI->new('//h', 'HTTP')), ' ', ref(URI->new('//h', 'HTTP:')), ' ', show(URI->new('p', 'bad scheme')), "\n";
print 'num ', URI->new(42), ' ', ref(URI->new(42, 'http')), "\n";
print 'can ', join(',', map { URI->new('http://h/')->can($_) ? 1 : 0 } qw(host port query_param query_form_hash ihost as_iri epath new_abs)), "\n";
print 'URI::QueryParam loaded ', (defined &URI::_query::query_param || URI::_query->can('query_param') ? 1 : 0), "\n";
PL

same_both_ways('import lists and scheme classes', <<'PL', 7);
use strict; use warnings;
use URI::Escape ();
print 'none ', (defined &main::uri_escape ? 1 : 0), ' ', URI::Escape::uri_escape('a b'), "\n";
package P1; use URI::Escape qw(uri_unescape); print 'one ', (defined &P1::uri_unescape ? 1 : 0), (defined &P1::uri_escape ? 1 : 0), "\n";
package P2; use URI::Escape qw(%escapes); our %escapes; print 'hash ', scalar(keys %escapes), "\n";
package P3; eval "use URI::Escape qw(nonesuch); 1" or do { (my $e = $@) =~ s/ at \S+ line \d+\.?//g; print 'bad import ', $e };package main;
print 'isa Exporter ', (URI::Escape->isa('Exporter') ? 1 : 0), "\n";
use URI;
use URI::_server (); use URI::https (); use URI::_foreign ();
{ package URI::myscheme; our @ISA = ('URI::_server'); sub default_port { 1234 } }
my $m = URI->new('myscheme://h/x');
print 'own class ', ref($m), ' ', $m->port, ' ', $m->canonical, "\n";
print 'register ', (defined URI::implementor('xyz', 'URI::https') ? 'old' : 'none'), ' ', ref(URI->new('xyz://h/')), ' ', URI->new('xyz://h/')->port, ' ', URI::implementor('xyz'), "\n";
print 'register http over ', URI::implementor('http', 'URI::_foreign'), ' ', ref(URI->new('http://h/')), "\n";
PL

# 8. URI 5.x's strict square brackets (URI_HAS_RESERVED_SQUARE_BRACKETS=1).
{
    local $ENV{URI_HAS_RESERVED_SQUARE_BRACKETS} = 1;
    same_both_ways('reserved square brackets', $COMMON . <<'PL', 10);
for my $s ('http://[::1]/a[b]?c[]=d#e[f]', 'http://h/[x]', 'http://u[1]@h/', 'mailto:a[b]@c', 'urn:x:[y]', 'foo:[bar]', 'http://[v1.x]:81/') {
    my $u = URI->new($s);
    print show($s), ' ', show($u), ' host=', ($u->can('host') ? show($u->host) : '-'), ' canon=', show($u->canonical), "\n";
    my $v = URI->new('http://h/'); $v->query_form('a[' => ']b'); $v->path('/[p]'); $v->fragment('[f]'); print '  set ', show($v), "\n";
}
PL
}

# 6b. URI::Split.
same_both_ways('URI::Split', $COMMON . <<'PL', 19);
use URI::Split qw(uri_split uri_join);
for my $s ('http://h:1/p?q#f', '', 'rel', '//h', 'a:b', '?q', '#f', 'http://h/a b?c#d#e', 'mailto:a@b', 'x://u@h/p;x?y=1&z#', 'C:\\dir\\file') {
    print 'split ', show($s), ' ', shows(uri_split($s)), ' rejoin ', show(uri_join(uri_split($s))), "\n";
}
for my $parts (['http', 'h/x?y#z', 'p', 'q#r', 'f'], [undef, undef, '//p'], [undef, undef, 'a:b/c:d'], [undef, 'h', 'rel'], ['s', undef, 'p?#'],
               [undef, undef, undef, undef, undef], ['x', '', ''], [undef, '', '/p']) {
    print 'join ', shows(@$parts), ' ', show(uri_join(@$parts)), "\n";
}
PL

# 6c. URI::URL and URI::WithBase (the old LWP-era interface).
same_both_ways('URI::URL', $COMMON . <<'PL', 22);
use URI::URL;
use URI::WithBase;
for my $pair (['http://h/a/b;p=1?q=1#f'], ['../x;p=1?a=1', 'http://h/a/b'], ['x', url('http://h/d/')], ['HTTP://H:80/A%2Fb?x=%26'],
              ['ftp://u:p@h/pub;type=i'], ['mailto:a@b'], ['file:///etc/hosts'], ['', 'http://h/x?y'], ['?q=a+b%2Bc', 'http://h/p'],
              ['//other/x', 'https://h/'], ['foo:comp.lang'], ['rel/x', undef], ['sftp://u@h:22/x', 'http://b/']) {
    my $u = url($pair->[0], $pair->[1]);
    my $abs = $u->abs;
    print 'url ', shows(@$pair), ' ', ref($u), ' ', show($u), ' abs=', show($abs), ' base=', show($u->base), ' rel=', try { $abs->rel('http://h/a/') },
        ' crack=', try { $abs->crack }, ' full_path=', try { $u->full_path }, ' netloc=', try { $abs->netloc }, ' epath=', try { $u->epath },
        ' eparams=', try { $u->eparams }, ' path=', try { $u->path }, ' query=', try { $u->query }, ' frag=', try { $u->frag },
        ' keywords=', try { $u->keywords }, ' local=', try { $abs->local_path }, ' address=', try { $u->address }, ' eq=', ($u->eq($u->clone) ? 1 : 0),
        ' can=', join('', map { $u->can($_) ? 1 : 0 } qw(host epath query_form nonesuch)), "\n";
}
my $w = URI::WithBase->new('../x', 'http://h/a/b');
print 'withbase ', show($w), ' ', show($w->abs), ' ', show($w->base), ' ', show($w->rel), ' ', ref($w->base), ' ', show($w->host), ' ', show($w->clone), "\n";
my $w2 = URI::WithBase->new('y', $w);
print 'withbase of withbase ', show($w2), ' ', show($w2->abs), ' ', show($w2->base), ' new_abs ', show(URI::WithBase->new_abs('z', 'http://q/r/')), "\n";
$w->base('https://other/dir/'); print 'set base ', show($w->abs), ' old base returned ', show(scalar $w->base('http://x/')), "\n";
print 'strict ', show(URI::URL::strict()), ' ', try { URI::URL::strict(1); url('foo:bar') }, ' ', try { url('http://h/') }, ' ', show(URI::URL::strict(0)), "\n";
my $m = url('mailto:x@y'); print 'mailto netloc ', try { $m->netloc }, ' ', try { URI->new('mailto:a@b')->authority }, "\n";
{ local $URI::URL::ABS_REMOTE_LEADING_DOTS = 1; print 'url leading dots ', show(url('../../../g', 'http://a/b/c/d')->abs), "\n" }
print 'url abs relative scheme ', show(url('http:g', 'http://a/b/c')->abs), ' ', show(url('http:g', 'http://a/b/c')->abs(undef, 1)), "\n";
print 'path croak ', try { url('http://h/a%2Fb')->path }, ' query croak ', try { url('http://h/?a=%3D&b')->query }, ' ', try { url('http://h/?a+%2B')->query }, "\n";
print 'newlocal ', (URI::URL->newlocal('/etc/hosts') eq 'file:///etc/hosts' ? 'ok' : 'no'), ' ', ref(URI::URL->newlocal('/x')), "\n";
print 'path_components ', try { url('http://h/a/b;x')->path_components }, ' params ', try { url('http://h/a;x;y')->params }, "\n";
PL

# 6. mailto, data, urn, file.
same_both_ways('mailto data urn file', $COMMON . <<'PL', 40);
use URI::file;
for my $s ('mailto:a@b', 'mailto:a@b,c@d?subject=hi%20there&body=x+y', 'mailto:?to=a@b&to=c+d@e', 'mailto:a+b@c', 'mailto:') {
    my $u = URI->new($s);
    print show($s), ' to=', try { $u->to }, ' headers=', try { $u->headers }, ' form=', try { $u->query_form }, "\n";
    my $v = URI->new($s); $v->to('x@y?z'); print '  set to ', show($v), "\n";
    my $w = URI->new($s); $w->headers(to => 'p@q', Subject => 'a b&c', to => 'r@s'); print '  set headers ', show($w), "\n";
}
for my $s ('data:,A%20brief%20note', 'data:text/plain;charset=iso-8859-7,%be%fg%be', 'data:image/gif;base64,R0lGODdhMAAwAPAAAAAAAP',
           'data:', 'data:;base64,', 'data:text/html,<b>x</b>') {
    my $u = URI->new($s);
    print show($s), ' type=', try { $u->media_type }, ' data=', try { $u->data }, "\n";
    my $v = URI->new($s); $v->media_type('text/x,y%'); $v->data("bytes \x00\xff\x80" x 3); print '  set ', show($v), ' ', try { $v->data }, "\n";
    my $w = URI->new($s); $w->data('plain text'); print '  set plain ', show($w), "\n";
    my $x = URI->new($s); $x->data('plain', 1); print '  set forced base64 ', show($x), "\n";
}
for my $s ('urn:ietf:rfc:2648', 'URN:IETF:x', 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66', 'urn:x', 'urn:Ex%41:y:z') {
    my $u = URI->new($s);
    print show($s), ' nid=', try { $u->nid }, ' nss=', try { $u->nss }, ' canon=', show($u->canonical), "\n";
    my $v = URI->new($s); $v->nss('new:nss'); print '  set nss ', show($v), "\n";
    my $w = URI->new($s); $w->nss(undef); $w->nid('Other'); print '  set nid ', show($w), "\n";
}
for my $p ('/etc/hosts', '/srv/a b#c?d;e%f', 'rel/path', 'rel//x/./y', 'x:y', '/', '', '//double/x') {
    my $u = URI::file->new($p);
    print 'file new ', show($p), ' ', show($u), ' ', ref($u), ' file=', try { $u->file }, ' dir=', try { $u->dir }, ' canon=', show($u->canonical), ' host=', try { $u->host }, "\n";
}
for my $s ('file:///etc/hosts', 'file://localhost/etc/hosts', 'file://remote.example/share/x', 'file:///a%2Fb', 'file:///a%00b', 'file:/x') {
    my $u = URI->new($s);
    print show($s), ' file=', try { $u->file }, ' canon=', show($u->canonical), "\n";
}
print 'new_abs rel ', (URI::file->new_abs('data/x.csv') eq URI::file->cwd . 'data/x.csv' ? 'cwd-based' : 'other'), "\n";
PL

done_testing;
