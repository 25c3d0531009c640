use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root);
use File::Temp ();
use Test::More;
use CPANBridge;
use XMLHelper;

# The old names: XMLHelper (the old bridge's class, now XML::Simple's facade
# with the old error tracking) and the calls the old helper and the User
# Guide sent (xml_helper.xml_in / xml_out, module 'xml', escape_xml).

my $dir = File::Temp::tempdir(CLEANUP => 1);

# ---- XMLHelper --------------------------------------------------------------
my $p = XMLHelper->new;
isa_ok($p, 'CPANBridge');
isa_ok($p, 'XML::Simple');
is_deeply($p->XMLin('<r><a x="1">t</a><b>2</b></r>'), { a => { x => 1, content => 't' }, b => 2 }, 'XMLin as XML::Simple does');
is_deeply(XMLHelper->XMLin('<r><t>1</t></r>'), { t => 1 }, 'class method XMLin');
is_deeply((new XMLHelper)->XMLin('<r><s name="a"/><s name="b"/></r>'), { s => { a => {}, b => {} } }, 'indirect-object new, KeyAttr folding');
is_deeply($p->XMLin('<r><t>1</t></r>', KeepRoot => 1), { r => { t => 1 } }, 'options');
my $opts = XMLHelper->new(ForceArray => 1, debug => 0);
is_deeply($opts->XMLin('<r><t>1</t></r>'), { t => [1] }, 'XML::Simple options given to new are defaults');

my $file = "$dir/t.xml";
open my $fh, '>', $file or die $!; print $fh '<opt><v>file</v></opt>'; close $fh;
is_deeply($p->XMLin($file), { v => 'file' }, 'a file name');

my $r = eval { $p->XMLin('<broken><xml></broken>') };
ok(!defined $r, 'invalid XML: no data');
like($@, qr/^XML parsing failed: .*XML::Simple called/s, 'invalid XML dies as the old helper did');
like($p->get_last_error, qr/XML parse error/, 'get_last_error says why');
$r = eval { $p->XMLin('/nonexistent/file.xml') };
like($@, qr/XML parsing failed: File does not exist: \/nonexistent\/file.xml/, 'a missing file');
eval { $p->XMLin(undef) };
like($@, qr/^XMLin requires a source parameter/, 'undef source: the old message');
$p->XMLin('<r/>');
is($p->get_last_error, undef, 'a good call clears the error');

my $quiet = XMLHelper->new(Strict => 1);
is($quiet->XMLin('<a><b></a>'), undef, 'Strict: undef instead of dying');
like($quiet->get_last_error, qr/XML parse error/, 'Strict: the error is kept');
{
    local $XMLHelper::STRICT = 1;
    is(XMLHelper->new->XMLin('<a>'), undef, '$XMLHelper::STRICT as the default');
}

like($p->XMLout({ a => 1, b => [1, 2] }, RootName => 'data'), qr{^<data a="1">\n  <b>1</b>\n  <b>2</b>\n</data>\n\z}, 'XMLout');
eval { $p->XMLout(undef) };
like($@, qr/^XMLout requires data to convert/, 'XMLout of undef: the old message');
is($p->escape_value(q{<a href="x">'&'</a>}), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;', 'escape_value: five entities');
is($p->unescape_value('&lt;&amp;lt;&gt;&quot;&apos;'), q{<&lt;>"'}, 'unescape_value, &amp; last');

# ---- ForceArray regexes run as JavaScript ones ------------------------------
{
    require XML::Simple;
    my $doc = '<r><Item>1</Item><item2>2</item2><other>3</other></r>';
    is_deeply(XML::Simple::XMLin($doc, ForceArray => [qr/ ^ item \d* $ # items
        /ix]), { Item => [1], item2 => [2], other => 3 }, 'qr//ix: flags and /x comments');
    is_deeply(XML::Simple::XMLin($doc, ForceArray => qr/\Aoth/), { Item => 1, item2 => 2, other => [3] }, 'a single qr//, \A');
    my $r = eval { XML::Simple::XMLin($doc, ForceArray => [qr/(?>item)/]) };
    like($@, qr/ForceArray: the Perl regex \(\?\^:\(\?>item\)\) uses a feature JavaScript regular expressions lack/, 'an atomic group is refused, saying so');
}

# ---- the methods --------------------------------------------------------------
my $b = CPANBridge->new;
# xml_in / xml_out keep the old bridge's shapes (the User Guide's): '@' attributes, no folding
my $in = $b->call_python('xml_helper', 'xml_in', { source => '<root><item id="1">Test Value</item></root>', source_type => 'string' });
ok($in->{success}, 'xml_helper.xml_in') or diag explain $in;
is_deeply($in->{result}, { item => { '@id' => 1, content => 'Test Value' } }, "xml_in: the old bridge's shape ('\@id', content)");
$in = $b->call_python('xml_helper', 'xml_in', { source => '<library><book id="1"><t> A </t></book><book id="2"><t>B</t><e/></book></library>', source_type => 'string' });
is_deeply($in->{result}, { book => [ { '@id' => 1, t => 'A' }, { '@id' => 2, t => 'B', e => undef } ] },
    'xml_in: repeated elements stay an array (no KeyAttr folding), text trimmed, an empty element undef') or diag explain $in;
$in = $b->call_python('xml_helper', 'xml_in', { source => '<r><e/><f a="1"/></r>', options => { SuppressEmpty => '', KeepRoot => 0 } });
is_deeply($in->{result}, { e => '', f => { '@a' => 1 } }, "xml_in: SuppressEmpty '' and KeepRoot 0 (a two-key root is left as it is)");
$in = $b->call_python('xml_helper', 'xml_in', { source => $file, source_type => 'file' });
is_deeply($in->{result}, { v => 'file' }, 'xml_in of a file');
{
    # relative names resolve against the calling script's cwd
    require Cwd;
    my $here = Cwd::getcwd();
    chdir $dir or die $!;
    $in = $b->call_python('xml_helper', 'xml_in', { source => 't.xml', options => { KeepRoot => 0 } });
    chdir $here or die $!;
    is_deeply($in->{result}, 'file', 'xml_in: a relative file name, from the cwd; KeepRoot 0 unwraps the one key') or diag explain $in;
}
$in = $b->call_python('xml_helper', 'xml_in', { source => 'not xml', source_type => 'string' });
ok(!$in->{success}, 'xml_in: bad XML fails');
like($in->{error}, qr/XML parse error/, 'with the parser\'s message');
my $out = $b->call_python('xml_helper', 'xml_out', { data => { users => { user => [ { '@id' => 1, name => 'John' }, { '@id' => 2, name => q{O'Brien & <Co>}, 'content' => 'x' } ] } }, options => { RootName => 'data', XMLDecl => 1 } });
my $text = $out->{result};
$text =~ s/(<user)( name="[^"]*")?( id="\d+")/$1$3/g;    # a Perl hash's key order is the client's, not the helper's
like($text, qr{^<\?xml version="1\.0" encoding="UTF-8"\?>\n<data><users><user id="1"><name>John</name></user><user id="2">(?:x<name>O'Brien &amp; &lt;Co&gt;</name>|<name>O'Brien &amp; &lt;Co&gt;</name>x)?},
    "xml_out: the User Guide example in the old bridge's shape ('\@id' an attribute, unindented)") or diag $out->{result};
is($b->call_python('xml_helper', 'xml_out', { data => { e => undef, f => '' } })->{result} =~ s/<f \/><e \/>/<e \/><f \/>/r, '<opt><e /><f /></opt>', 'xml_out: empty elements as ElementTree writes them, RootName opt');
my $old = $b->call_python('xml', 'xml_in', { source => '<r><a>1</a></r>' });
is_deeply($old->{result}, { a => 1 }, "module 'xml' (the old XMLHelper's) is xml_helper");
is($b->call_python('xml', 'escape_xml', { value => q{<'&">} })->{result}, '&lt;&apos;&amp;&quot;&gt;', 'escape_xml');
is($b->call_python('xml', 'unescape_xml', { value => '&lt;&amp;amp;&gt;' })->{result}, '<&amp;>', 'unescape_xml');

done_testing;
