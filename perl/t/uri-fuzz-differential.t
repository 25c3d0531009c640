use strict;
use warnings;
use lib 'perl/t/lib';
use FacadeDiff qw(pin_env same_lines);    # and BridgeTest's run_perl: these scripts need no daemon
use Test::More;

# Random URI references built from pieces that stress the parser (odd
# schemes, userinfo, IPv6 and IDN hosts, ports, dot segments, escapes, wide
# characters, empty and missing parts), resolved against random bases and
# changed by random setters, with the real URI 5.17 and with the facade.
# The generator runs inside each script with the same seed, so both see the
# same inputs; each prints one line per case. CB_URI_FUZZ_SEED and
# CB_URI_FUZZ_N pick other inputs.

pin_env();
my $SEED = $ENV{CB_URI_FUZZ_SEED} || 20261206;
my $N = $ENV{CB_URI_FUZZ_N} || 4000;

my $script = <<'PL';
use strict; use warnings; use URI; use URI::Escape; use URI::QueryParam;
binmode STDOUT;
my ($seed, $n) = @ARGV;
srand($seed);
sub pick { $_[int rand @_] }
sub show { my $v = shift; return 'undef' unless defined $v; $v = "$v"; utf8::encode($v) if utf8::is_utf8($v); $v =~ s/([^\x21-\x7e])/sprintf('\\x%02X', ord $1)/ge; return "<$v>" }
sub try(&) { my @r = eval { $_[0]->() }; if ($@) { (my $e = $@) =~ s/ at \S+ line \d+\.?\n?//g; $e =~ s/\n/ /g; return "DIED: $e" } return '(' . join(',', map { show($_) } @r) . ')' }
my @schemes = ('http:', 'https:', 'HTTP:', 'ftp:', 'ssh:', 'sftp:', 'mailto:', 'file:', 'data:', 'urn:', 'foo:', 'a+b-c.d:', '', '', '', '1x:');
my @users = ('', '', 'u@', 'u:p@', ':@', 'us%40er@', 'a b@', "\x{e9}@", 'x:y:z@', '@');
my @hosts = ('h', 'example.com', 'EXAMPLE.COM', 'a.b.c.d', '127.0.0.1', '[::1]', '[2001:db8::1]', '[v1.x]', '', "b\x{fc}cher.de",
             'xn--bcher-kva.de', 'h%41st', 'h_st', 'h st', 'localhost', "\x{4e2d}.cn", '[::ffff:1.2.3.4]', 'a..b', '.lead', 'trail.');
my @ports = ('', '', '', ':80', ':443', ':8080', ':', ':0', ':65535', ':99999', ':08', ':x');
my @segs = ('a', 'b', '.', '..', '', 'c;p=1', '%2F', '%41', 'a b', "\x{e9}", "\x{263a}", '~u', '*', "'", '(x)', '[y]', '%', '%zz',
            'x:y', '@', '!$&', 'g.', '.g', '...', 'A', 'index.html', '=');
my @queries = (undef, undef, '', 'a=1', 'a=1&b=2', 'a=1;b=2', 'a', 'a+b', 'a=b=c', '%61=%62', 'q=a%20b+c', "k=\x{e9}", 'x=1&x=2&y',
               '&&', '=', 'a[]=1&a[]=2', '?', '/path?x', '#');
my @frags = (undef, undef, undef, '', 'f', 'a b', '%23', "\x{263a}", '#');
sub path { my $abs = shift; my @p = map { pick(@segs) } 1 .. int rand 5; my $p = join '/', @p; return ($abs || rand() < 0.5 ? '/' : '') . $p }
sub gen {
    my $s = pick(@schemes);
    my $str = $s;
    my $r = rand;
    if ($r < 0.6) {
        $str .= '//' . pick(@users) . pick(@hosts) . pick(@ports) . (rand() < 0.8 ? path(1) : '');
    } elsif ($r < 0.8) {
        $str .= path(0);
    } else {
        $str .= pick(@segs) . (rand() < 0.5 ? '/' . pick(@segs) : '');
    }
    my $q = pick(@queries); $str .= "?$q" if defined $q;
    my $f = pick(@frags); $str .= "#$f" if defined $f;
    $str = " $str " if rand() < 0.03;
    $str = "<$str>" if rand() < 0.03;
    return $str;
}
my @bases = map { my $b; do { $b = gen() } until $b =~ /^(?:https?|ftp|foo):/i; $b } 1 .. 40;
push @bases, 'http://a/b/c/d;p?q', 'http://a', 'https://u@h:1/x/';
my @setters = (
  sub { $_[0]->can('host') ? $_[0]->host(pick(@hosts) . pick('', ':81')) : $_[0]->path(pick(@segs)) },
  sub { $_[0]->can('port') ? $_[0]->port(pick(undef, '', 0, 80, 8080, 'x')) : $_[0]->query(pick(@queries)) },
  sub { $_[0]->can('userinfo') ? $_[0]->userinfo(pick(undef, 'u', 'u:p', 'a@b', "\x{e9}")) : $_[0]->fragment(pick(@frags)) },
  sub { $_[0]->path(path(0)) },
  sub { $_[0]->query(pick(@queries)) },
  sub { $_[0]->fragment(pick(@frags)) },
  sub { $_[0]->can('query_form') ? $_[0]->query_form(map { (pick(@segs) => pick(@segs, undef, [1, 2])) } 1 .. int rand 4) : $_[0]->opaque(pick(@segs)) },
  sub { $_[0]->can('query_keywords') ? $_[0]->query_keywords(map { pick(@segs) } 1 .. int rand 3) : () },
  sub { $_[0]->can('path_segments') ? $_[0]->path_segments(map { rand() < 0.2 ? [pick(@segs), pick(@segs)] : pick(@segs) } 1 .. int rand 4) : () },
  sub { $_[0]->scheme(pick('http', 'https', 'ftp', 'foo', undef)) },
  sub { $_[0]->can('authority') ? $_[0]->authority(pick(@users) . pick(@hosts) . pick(@ports)) : () },
  sub { $_[0]->can('query_param') ? $_[0]->query_param(pick('a', 'x', 'k'), map { pick(@segs) } 0 .. int rand 3) : () },
  sub { $_[0]->can('query_param_delete') ? $_[0]->query_param_delete(pick('a', 'x', 'k')) : () },
);
for my $i (1 .. $n) {
    my $s = gen();
    my $u = URI->new($s);
    my $base = pick(@bases);
    my $abs = eval { $u->abs($base) };
    my @get = map { my $m = $_; $u->can($m) ? try { $u->$m() } : '-' } qw(scheme opaque authority path query fragment host port userinfo path_query);
    print "$i ", show($s), ' ', ref($u), ' ', show($u), ' c=', show($u->canonical), ' ', join(' ', @get),
        ' segs=', try { $u->path_segments }, ' form=', try { $u->query_form }, ' kw=', try { $u->query_keywords },
        ' iri=', try { $u->as_iri }, "\n";
    print "  abs ", show($base), ' = ', (defined $abs ? show($abs) . ' ' . ref($abs) : "DIED: $@"), ' rel=', try { $abs->rel($base) }, "\n";
    my $setter = pick(@setters);
    my $v = $u->clone;
    my $old = try { $setter->($v) };
    print '  set ', show($v), ' ', ref($v), " old=$old eq=", (URI::eq($u, $v) ? 1 : 0), "\n";
}
for my $i (1 .. 600) {
    my $label = $i % 2 ? 'xn--' . join('', map { pick('a' .. 'z', 0 .. 9, '-', 'A', 'Z') } 1 .. 1 + int rand 12)
                       : join('', map { chr(pick(0x61 .. 0x7a, 0xe0 .. 0xff, 0x100 .. 0x17f, 0x3b1 .. 0x3c9, 0x4e00 .. 0x4e20, 0x1F600, 0x2d, 0x30)) } 1 .. 1 + int rand 8);
    my $u = URI->new('http://' . $label . pick('', '.example', '.', '..x') . '/p');
    print "idn $i ", show($label), ' ', show($u), ' host=', try { $u->host }, ' ihost=', try { $u->ihost }, ' iri=', try { $u->as_iri }, "\n";
}
for my $i (1 .. 300) {
    my $str = join '', map { chr(pick(0 .. 255, 0x100, 0x263a, 0x1F600, 0x3b1)) } 1 .. int rand 12;
    my $set = pick(undef, '^A-Za-z', 'a-z0-9', '\x00-\x2f', '^[:print:]', qr/[aeiou]+/);
    print "esc $i ", try { uri_escape($str, $set) }, ' ', try { uri_escape_utf8($str, $set) }, ' ', show(scalar uri_unescape(uri_escape_utf8($str))), "\n";
}
PL

my ($rout, $rerr, $rexit) = BridgeTest::run_perl_real($script, args => [$SEED, $N]);
my ($fout, $ferr, $fexit) = BridgeTest::run_perl_facade($script, args => [$SEED, $N]);
s{ at \S+/(?:URI)\S*\.pm line \d+\.?}{ at MODULE}g for $rerr, $ferr;
is($rexit, 0, "seed $SEED: the real module runs $N cases") or diag $rerr;
my @r = split /\n/, $rout;
cmp_ok(scalar @r, '>=', $N * 3 + 900, 'the real module prints every case');
same_lines("seed $SEED", $rout, $fout);
is($ferr, $rerr, 'same warnings');
is($fexit, $rexit, 'same exit code');

done_testing;
