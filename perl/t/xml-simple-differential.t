use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade root);
use Test::More;

# The same scripts run with the real XML::Simple 2.25 (Debian's, over
# XML::SAX::Expat) and with perl/compat's facade: every XMLin / XMLout result
# is printed with Data::Dumper (Sortkeys, Indent 1, Useqq), warnings and
# croaks included, and the two outputs must be identical. A parse error's
# text is the parser's own (expat's wording differs from ours), so only its
# being a parse error "XML::Simple called" at the script's line is compared.

my $DATA = root() . '/perl/t/data/xml';

sub same_both_ways {
    my ($name, $script) = @_;
    my ($rout, $rerr, $rexit) = run_perl_real($script);
    my ($fout, $ferr, $fexit) = run_perl_facade($script);
    s{\S*/script\.(?:pl|xml)}{SCRIPT}g for $rout, $rerr, $fout, $ferr;
    is($rexit, 0, "$name: the real module runs it") or diag $rerr;
    cmp_ok(length $rout, '>', 100, "$name: the real module prints results");
    my @r = split /\n/, $rout;
    my @f = split /\n/, $fout;
    my $same = $rout eq $fout;
    ok($same, "$name: facade output equals the real module's (" . scalar(@r) . ' lines)') or do {
        for my $i (0 .. $#r) {
            next if defined $f[$i] && $f[$i] eq $r[$i];
            diag "first difference at line $i:\n  real:   $r[$i]\n  facade: " . ($f[$i] // '<none>');
            diag 'real context:   ' . join("\n", @r[ ($i > 5 ? $i - 5 : 0) .. $i ]);
            last;
        }
        diag "facade stderr: $ferr" if $ferr;
    };
    is($ferr, $rerr, "$name: same stderr");
    is($fexit, $rexit, "$name: same exit code");
}

my $PRELUDE = <<'EOF';
use strict; use warnings;
use XML::Simple;
use Data::Dumper;
$Data::Dumper::Sortkeys = 1; $Data::Dumper::Indent = 1; $Data::Dumper::Useqq = 1;
# warnings of one call sorted: XML::Simple folds hash entries in Perl's hash order
my @W;
$SIG{__WARN__} = sub { my $m = shift; $m =~ s/ at \S+ line \d+\.?\n\z//; push @W, "WARN: $m\n" };
sub show {
    my ($label, $code) = @_;
    @W = ();
    my $v = eval { $code->() };
    print sort @W;
    if ($@) {
        my $e = $@;
        if ($e =~ /XML::Simple called at \S+ line (\d+)/) { print "$label: PARSE ERROR at line $1\n"; return }
        $e =~ s/ at \S+ line \d+\.?\n\z//;
        print "$label: DIED: $e\n";
        return;
    }
    local $Data::Dumper::Varname = $label;
    print Dumper($v);
}
EOF

my @FILES = qw(rss soap config mixed latin1 unicode entities cdata namespaces empty crlf utf16 doctype);
my $files = join ' ', @FILES;

my @IN_OPTS = (
    '()',
    '(ForceArray => 1)',
    "(ForceArray => ['item', 'server', 'address', 'para', 't', 'Order', 'entry'])",
    '(ForceArray => [qr/^(item|entry)$/, qr/^ADD/i])',
    '(ForceArray => qr/r/)',
    '(KeyAttr => [])',
    "(KeyAttr => 'id')",
    "(KeyAttr => ['id', 'name'])",
    "(KeyAttr => { server => 'name', user => '+id', option => '-name', Order => 'id', entry => 'id' }, ForceArray => 1)",
    "(KeyAttr => { option => 'name' }, ContentKey => '-value')",
    '(KeepRoot => 1)',
    '(KeepRoot => 1, ForceArray => 1, KeyAttr => [])',
    '(SuppressEmpty => 1)',
    "(SuppressEmpty => '')",
    '(SuppressEmpty => undef)',
    "(ContentKey => 'text')",
    "(ContentKey => '-content')",
    '(ForceContent => 1)',
    '(NoAttr => 1)',
    "(GroupTags => { searchpath => 'dir', GetOrdersResult => 'Order' })",
    "(ValueAttr => { option => 'value' })",
    "(ValueAttr => ['value'])",
    '(NormaliseSpace => 1)',
    '(NormaliseSpace => 2)',
    "(VarAttr => 'name')",
    "(Variables => { base => '/usr/local' })",
    '(NSExpand => 1)',
    "(ForceArray => 1, KeyAttr => { server => 'name' }, ContentKey => '-content', SuppressEmpty => '', NormaliseSpace => 2, KeepRoot => 1)",
);

same_both_ways('XMLin: real-world files x option matrix', $PRELUDE . <<"EOF");
my \@opts = (
@{[ join ",\n", map { "  sub { $_ }" } @IN_OPTS ]}
);
for my \$f (qw($files)) {
    my \$file = "$DATA/\$f.xml";
    for my \$i (0 .. \$#opts) {
        my \@o = \$opts[\$i]->();
        show("\${f}_\$i", sub { XMLin(\$file, \@o) });
    }
}
EOF

same_both_ways('XMLin: input as file name, handle, string, scalar ref, undef ($0.xml), SearchPath, OO defaults', $PRELUDE . <<"EOF");
my \$file = "$DATA/config.xml";
open my \$fh, '<', \$file or die \$!;
show('handle', sub { XMLin(\$fh) });
my \$text = do { open my \$h, '<', \$file or die \$!; local \$/; <\$h> };
show('string', sub { XMLin(\$text, ForceArray => ['server']) });
show('scalar_ref', sub { XMLin(\\\$text, KeyAttr => []) });
show('bytes_utf8', sub { XMLin(qq{<a n="\\xc3\\xa9">\\xe2\\x98\\x83</a>}) });
show('chars', sub { XMLin(qq{<a n="\\x{e9}">\\x{2603} \\x{1F600}</a>}) });
show('searchpath', sub { XMLin('rss.xml', SearchPath => ['/nonexistent', "$DATA"]) });
show('searchpath_missing', sub { XMLin('nope.xml', SearchPath => ["$DATA"]) });
show('missing', sub { XMLin('/nonexistent/file.xml') });
(my \$own = \$0) =~ s/\\.pl\\z/.xml/;
open my \$w, '>', \$own or die \$!; print \$w '<opt><self>yes</self></opt>'; close \$w;
show('undef_own_name', sub { XMLin() });
show('undef_with_opts', sub { XMLin(undef, ForceArray => 1) });
my \$xs = XML::Simple->new(ForceArray => 1, KeyAttr => { server => 'name' });
show('oo', sub { \$xs->XMLin(\$file) });
show('oo_override', sub { \$xs->XMLin(\$file, ForceArray => 0) });
show('xml_in', sub { XML::Simple::xml_in('<x><y>1</y></x>') });
show('parse_string', sub { XML::Simple->new->parse_string('<x a="1"/>') });
show('bad_option', sub { XMLin('<x/>', NoSuchOption => 1) });
show('odd_options', sub { XMLin('<x/>', 'ForceArray') });
show('bad_grouptags', sub { XMLin('<x/>', GroupTags => [1]) });
show('grouptags_same', sub { XMLin('<x/>', GroupTags => { a => 'a' }) });
show('bad_new', sub { XML::Simple->new(Foo => 1) });
show('cache_memshare', sub { XMLin(\$file, Cache => 'memshare') });
show('cache_memshare_again', sub { XMLin(\$file, Cache => 'memshare') });
show('cache_bad', sub { XMLin(\$file, Cache => 'nosuch') });
show('fh_not_ref', sub { XML::Simple->new->parse_fh('x') });
# caches on a copy beside the script (storable writes a .stor file next to the document)
(my \$copy = \$0) =~ s/script\\.pl\\z/cached.xml/;
{ open my \$o, '>', \$copy or die \$!; print \$o \$text; close \$o; utime time - 10, time - 10, \$copy }
show('cache_storable_write', sub { XMLin(\$copy, Cache => 'storable', ForceArray => ['address']) });
show('cache_storable_file', sub { -e (\$copy =~ s/\\.xml\\z/.stor/r) ? 'stored' : 'missing' });
show('cache_storable_read', sub { XMLin(\$copy, Cache => 'storable') });
show('cache_memcopy', sub { XMLin(\$copy, Cache => ['memcopy']) });
show('cache_memcopy_again', sub { my \$d = XMLin(\$copy, Cache => 'memcopy'); \$d->{changed} = 1; XMLin(\$copy, Cache => 'memcopy') });
EOF

same_both_ways('XMLin: errors and warnings (folding, strict mode, parse errors)', $PRELUDE . <<'EOF');
my $dup = '<opt><x name="a" v="1"/><x name="a" v="2"/><y id="1"><id>nested</id></y><y id="2"/></opt>';
show('dup_default', sub { XMLin($dup) });
show('dup_hash', sub { XMLin($dup, KeyAttr => { x => 'name', y => 'id' }) });
show('nokey_hash', sub { XMLin('<opt><x name="a"/><x v="b"/></opt>', KeyAttr => { x => 'name' }) });
show('nonscalar_list', sub { XMLin('<opt><x><name>n</name></x><x><name>m</name></x></opt>', KeyAttr => ['name']) });
show('nonscalar_default', sub { XMLin('<opt><x><name>n</name></x><x><name>m</name></x></opt>') });
show('strict_dup', sub { XMLin($dup, StrictMode => 1, ForceArray => 1, KeyAttr => { x => 'name' }) });
show('strict_no_forcearray', sub { XMLin($dup, StrictMode => 1, KeyAttr => []) });
show('strict_no_keyattr', sub { XMLin($dup, StrictMode => 1, ForceArray => 1) });
show('strict_keyattr_not_forced', sub { XMLin($dup, StrictMode => 1, ForceArray => ['y'], KeyAttr => { x => 'name' }) });
show('unclosed', sub { XMLin('<a><b></a>') });
show('not_xml', sub { XMLin('<not xml at all') });
show('two_roots', sub { XMLin('<a/><b/>') });
show('undefined_entity', sub { XMLin('<a>&nope;</a>') });
{
    no warnings;
    show('dup_no_warnings', sub { XMLin($dup) });
}
EOF

same_both_ways('use XML::Simple qw(:strict): ForceArray and KeyAttr required, KeyAttr elements forced', "use XML::Simple qw(:strict);\n" . $PRELUDE . <<'EOF');
my $doc = '<opt><s name="a" v="1"/><s name="a" v="2"/><t>x</t></opt>';
show('no_forcearray', sub { XMLin($doc, KeyAttr => []) });
show('no_keyattr', sub { XMLin($doc, ForceArray => 1) });
show('keyattr_not_forced', sub { XMLin($doc, ForceArray => ['t'], KeyAttr => { s => 'name' }) });
show('dup_dies', sub { XMLin($doc, ForceArray => ['s'], KeyAttr => { s => 'name' }) });
show('ok', sub { XMLin($doc, ForceArray => 1, KeyAttr => []) });
show('oo_strict', sub { XML::Simple->new(ForceArray => 1)->XMLin($doc) });
show('oo_strict_ok', sub { XML::Simple->new(ForceArray => 1, KeyAttr => ['v'])->XMLin($doc) });
show('out_no_keyattr', sub { XMLout({ a => 1 }) });
show('out_ok', sub { XMLout({ a => { b => 1 } }, KeyAttr => []) });
EOF

my @OUT_DATA = (
    '{ a => 1, b => "two", c => [ 1, 2 ], d => { e => "f" } }',
    "{ server => { sahara => { osname => 'solaris', address => [ '10.0.0.101', '10.0.1.101' ] }, gobi => { osname => 'irix', address => '10.0.0.102' } }, logdir => '/var/log' }",
    '{ content => "text & <more>", attr => q{"quoted"}, num => 3.14, big => 1e21 }',
    '{ x => undef, y => "", z => { content => undef, a => 1 } }',
    '[ 1, { a => 2 }, [ 3, 4 ] ]',
    '{ root => { a => 1, b => [ 1, 2 ] } }',
    '{ "-hidden" => 1, shown => 2, nested => { "-h" => 3, v => 4 } }',
    '{ user => { u1 => { name => "ann", age => 30 }, u2 => { name => "bob" } } }',
    "{ dir => [ '/usr/bin', '/bin' ], colour => 'red', n => 5 }",
    '{ text => "\x{263A} caf\x{e9} \x{1D11E}" }',
    'bless({ a => 1, b => bless([ 1, 2 ], "Foo") }, "Bar")',
    '"a scalar"',
    '{ a => {}, b => [], c => [ {} ] }',
    '{ users => { user => [ { q{@id} => 1, name => "John" }, { q{@id} => 2, name => "Jane" } ] } }',
);
my @OUT_OPTS = (
    '()', "(RootName => 'config')", '(RootName => undef)', '(KeepRoot => 1)', '(XMLDecl => 1)',
    "(XMLDecl => '<?xml version=\"1.0\" encoding=\"UTF-8\"?>')", '(NoAttr => 1)', '(KeyAttr => [])',
    "(KeyAttr => { server => 'name', user => '+id' })", "(ContentKey => '-text')", '(NoEscape => 1)',
    '(NoIndent => 1)', '(AttrIndent => 1)', "(GroupTags => { dir => 'd' })", "(ValueAttr => { colour => 'value' })",
    '(SuppressEmpty => 1)', '(SuppressEmpty => undef)', "(SuppressEmpty => '')", '(NumericEscape => 2)',
);

same_both_ways('XMLout: data x option matrix, OutputFile, croaks', $PRELUDE . <<"EOF");
my \@data = (
@{[ join ",\n", map { "  sub { $_ }" } @OUT_DATA ]}
);
my \@opts = (
@{[ join ",\n", map { "  sub { $_ }" } @OUT_OPTS ]}
);
for my \$d (0 .. \$#data) {
    for my \$o (0 .. \$#opts) {
        \@W = ();
        my \$x = eval { XMLout(\$data[\$d]->(), \$opts[\$o]->()) };
        print sort \@W;
        if (\$@) { (my \$e = \$@) =~ s/ at \\S+ line \\d+\\.?\\n\\z//; print "out_\${d}_\$o: DIED: \$e\\n" }
        else { print "out_\${d}_\$o:\\n", \$x }
    }
}
my \$cyc = { a => 1 }; \$cyc->{self} = \$cyc;
show('circular', sub { XMLout(\$cyc) });
show('code', sub { XMLout({ a => sub { 1 } }) });
show('scalar_ref', sub { XMLout({ a => \\'x' }) });
show('hidden_code', sub { XMLout({ '-a' => sub { 1 }, b => 1 }) });
show('no_args', sub { XMLout() });
my \$shared = { v => 1 };
show('shared_not_circular', sub { XMLout({ a => \$shared, b => \$shared }) });
my (\$fh, \$name) = (undef, "\$0.out.xml");
show('outputfile_name', sub { XMLout({ a => "\\x{263A}" }, OutputFile => \$name) });
show('outputfile_read', sub { open my \$r, '<:raw', \$name or die \$!; local \$/; scalar <\$r> });
open my \$oh, '>', "\$name.2" or die \$!;
show('outputfile_handle', sub { XMLout({ b => 2 }, OutputFile => \$oh) });
close \$oh;
show('outputfile_handle_read', sub { open my \$r, '<', "\$name.2" or die \$!; local \$/; scalar <\$r> });
show('roundtrip', sub { XMLin(XMLout(XMLin("$DATA/config.xml"), RootName => 'config')) });
show('xml_out', sub { XML::Simple::xml_out({ a => 1 }) });
EOF

done_testing;
