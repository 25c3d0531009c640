use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade root);
use Test::More;

# The same scripts run with the real XML::DOM 1.46 (XML::Parser, expat) and
# with perl/compat's facade (libxml2 in the daemon, the DOM in Perl). They
# read real-world shaped documents (RSS, a SOAP envelope, a Latin-1 config,
# mixed content, CDATA, a DOCTYPE with entities, Unicode) every way a script
# walks them, modify them, and print them: the outputs must be identical.

my $ROOT = root();
my $DATA = "$ROOT/perl/t/data/xml-dom";

plan skip_all => 'the real XML::DOM is not installed (scripts/install-deps.sh)'
    unless system($^X, '-MXML::DOM', '-e', '1') == 0;

sub same_both_ways {
    my ($name, $script, %opt) = @_;
    my ($rout, $rerr, $rexit) = run_perl_real($script);
    my ($fout, $ferr, $fexit) = run_perl_facade($script);
    s{\S+/script\.pl}{SCRIPT}g for $rout, $rerr, $fout, $ferr;
    # warnings raised inside the module name its file: only what they say is compared
    if ($opt{warning_text}) { s{ at (?!SCRIPT)\S+ line \d+}{ at MODULE}g for $rerr, $ferr }
    is($rexit, 0, "$name: the real module runs it") or diag $rerr;
    cmp_ok(length $rout, '>', 100, "$name: the real module prints something");
    if ($fout eq $rout) { pass("$name: facade output equals the real module's") }
    else {
        local $TODO = $opt{todo};
        # the first differing line, not two walls of text
        my @r = split /\n/, $rout, -1; my @f = split /\n/, $fout, -1;
        my $i = 0; $i++ while $i < @r && $i < @f && $r[$i] eq $f[$i];
        fail("$name: facade output equals the real module's");
        diag("line $i:\n  real:   " . ($r[$i] // '(end)') . "\n  facade: " . ($f[$i] // '(end)') . "\n$ferr");
    }
    is($ferr, $rerr, "$name: same warnings");
    is($fexit, $rexit, "$name: same exit code");
    return;
}

# Prints every node the way scripts read them; used by the reading scripts.
my $WALK = <<'PL';
use strict; use warnings; use XML::DOM;
binmode STDOUT, ':encoding(UTF-8)';
sub show { my $v = shift; return 'undef' unless defined $v; $v =~ s/\n/\\n/g; $v =~ s/\t/\\t/g; return "[$v]" }
sub walk {
    my ($n, $depth) = @_;
    my $pad = '  ' x $depth;
    print $pad, $n->getNodeType, ' ', $n->getNodeTypeName, ' ', show($n->getNodeName), ' ', show($n->getNodeValue);
    print ' tag=', $n->getTagName if $n->getNodeType == ELEMENT_NODE;
    print ' data=', show($n->getData) if $n->can('getData') && $n->getNodeType != ELEMENT_NODE;
    print ' target=', $n->getTarget if $n->getNodeType == PROCESSING_INSTRUCTION_NODE;
    print ' len=', $n->getLength if $n->isa('XML::DOM::CharacterData');
    print ' parent=', show($n->getParentNode ? $n->getParentNode->getNodeName : undef);
    print ' prev=', show($n->getPreviousSibling ? $n->getPreviousSibling->getNodeName : undef);
    print ' next=', show($n->getNextSibling ? $n->getNextSibling->getNodeName : undef);
    print ' kids=', ($n->hasChildNodes ? 1 : 0), '/', scalar(@{ $n->getChildNodes }), "\n";
    if (my $attrs = $n->getAttributes) {
        for my $i (0 .. $attrs->getLength - 1) {
            my $a = $attrs->item($i);
            print $pad, '  @', $a->getName, '=', show($a->getValue), ' spec=', $a->isSpecified, ' type=', $a->getNodeType,
                ' node=', show($n->getAttributeNode($a->getName)->getValue), ' get=', show($n->getAttribute($a->getName)),
                ' named=', show($attrs->getNamedItem($a->getName)->getNodeValue), ' str=', $a->toString, "\n";
        }
        print $pad, '  missing=', show($n->getAttribute('no-such')), ' node=', show($n->getAttributeNode('no-such')), "\n";
    }
    my $kids = $n->getChildNodes;
    for (my $i = 0; $i < $kids->getLength; $i++) { walk($kids->item($i), $depth + 1) }
    # list context gives the nodes themselves
    my @list = $n->getChildNodes;
    print $pad, "  list=", scalar(@list), ' first=', show($n->getFirstChild ? $n->getFirstChild->getNodeName : undef),
        ' last=', show($n->getLastChild ? $n->getLastChild->getNodeName : undef), "\n";
}
sub report {
    my ($doc, $label) = @_;
    print "== $label\n";
    my $decl = $doc->getXMLDecl;
    print 'decl ', ($decl ? join(',', map { show($_) } $decl->getVersion, $decl->getEncoding, $decl->getStandalone) : 'none'), "\n";
    my $dt = $doc->getDoctype;
    print 'doctype ', ($dt ? join(',', map { show($_) } $dt->getName, $dt->getSysId, $dt->getPubId) : 'none'), "\n";
    if ($dt) { my $e = $dt->getEntities; print 'entity ', $e->item($_)->getNodeName, '=', show($e->item($_)->getValue), "\n" for 0 .. $e->getLength - 1 }
    walk($doc, 0);
    my $root = $doc->getDocumentElement;
    print 'root ', $root->getTagName, ' owner=', ($root->getOwnerDocument == $doc ? 'doc' : 'other'), "\n";
    my %tags;
    my $all = $doc->getElementsByTagName('*');
    print 'all ', $all->getLength, ' ', join(',', map { $_->getTagName } @$all), "\n";
    $tags{ $_->getTagName }++ for @$all;
    for my $t (sort keys %tags) {
        my $nl = $doc->getElementsByTagName($t);
        my @l = $doc->getElementsByTagName($t);
        my $direct = $root->getElementsByTagName($t, 0);
        print "tag $t ", $nl->getLength, ' ', scalar(@l), ' direct=', $direct->getLength,
            ' first=', show($nl->item(0)->toString), "\n";
    }
    print 'none ', $doc->getElementsByTagName('no-such')->getLength, "\n";
    print "string:\n", $doc->toString, "<<end\n";
    print "root string:\n", $root->toString, "<<end\n";
}
PL

my @files = qw(rss.xml soap.xml config.xml mixed.xml doctype.xml unicode.xml cdata.xml);

for my $f (@files) {
    same_both_ways("read $f (parsefile)", $WALK . <<"PL");
my \$doc = XML::DOM::Parser->new->parsefile('$DATA/$f');
report(\$doc, 'parsefile');
\$doc->dispose;
PL
}

# parse from a string (bytes as read from the file), from a file handle, and with KeepCDATA
for my $f (qw(rss.xml config.xml cdata.xml mixed.xml unicode.xml)) {
    same_both_ways("read $f (string, handle, KeepCDATA)", $WALK . <<"PL");
open my \$fh, '<:raw', '$DATA/$f' or die \$!;
my \$text = do { local \$/; <\$fh> };
close \$fh;
report(XML::DOM::Parser->new->parse(\$text), 'string');
open \$fh, '<', '$DATA/$f' or die \$!;
report(XML::DOM::Parser->new->parse(\$fh), 'handle');
report(XML::DOM::Parser->new(KeepCDATA => 1)->parse(\$text), 'KeepCDATA');
PL
}

# a string of characters (decoded Unicode)
same_both_ways('read a character string', $WALK . <<'PL');
my $s = "<a t=\"\x{e9}\x{263a}\">caf\x{e9} \x{1F600} &#x263A;</a>";
report(XML::DOM::Parser->new->parse($s), 'characters');
PL

# Modification: create, append, insert, remove, replace, clone, attributes, data, moves, errors.
same_both_ways('modify', <<'PL');
use strict; use warnings; use XML::DOM;
binmode STDOUT, ':encoding(UTF-8)';
my $doc = XML::DOM::Parser->new->parse(<<'XML');
<?xml version="1.0" encoding="UTF-8"?>
<Configuration>
    <Sites>
        <Site Name="a"/>
        <Site Name="b">text</Site>
    </Sites>
    <Environment Name="TEST">
    </Environment>
</Configuration>
XML
sub err { my $e = shift; return ref $e ? ref($e) . ' ' . $e->getCode . ' ' . $e->getName . ' ' . ($e->getMessage // '') . " | $e" : "plain: $e" }
my $root = $doc->getDocumentElement;
my ($sites) = $doc->getElementsByTagName('Sites');
my ($env) = $doc->getElementsByTagName('Environment');
my $new = $doc->createElement('Site');
$new->setAttribute('Name', 'c & "d" <e>');
$new->setAttribute('Net', '10.0.0.0');
$new->setAttribute('Name', 'c2');           # replaces in place
print 'attrs ', join(',', map { $_->getName . '=' . $_->getValue } $new->getAttributes->getValues), "\n";
print 'ret ', $sites->appendChild($new) == $new ? 'same' : 'other', "\n";
$new->appendChild($doc->createTextNode("t < & > \" ' ]]> x"));
$new->appendChild($doc->createComment(' a -- b '));
$new->appendChild($doc->createCDATASection('raw <x> ]]> y'));
$new->appendChild($doc->createProcessingInstruction('tgt', 'data ?> more'));
my $first = $sites->getFirstChild;
print 'first ', $first->getNodeName, "\n";
my $ins = $doc->createElement('Inserted');
$sites->insertBefore($ins, $sites->getChildNodes->item(1));
print $doc->toString, "---\n";
# move a node that already has a parent (to another parent, and within its own)
my ($b) = grep { $_->getAttribute('Name') eq 'b' } $doc->getElementsByTagName('Site');
$env->appendChild($b);
print 'b parent ', $b->getParentNode->getTagName, ' sites kids ', $sites->getChildNodes->getLength, "\n";
$sites->insertBefore($new, $sites->getFirstChild);
$sites->appendChild($sites->getFirstChild);
print $root->toString, "\n---\n";
# replace, remove, clone
my $rep = $doc->createElement('Replacement');
$rep->setAttribute('x', 1);
my $old = $sites->replaceChild($rep, $ins);
print 'replaced ', $old->getTagName, ' parent ', (defined $old->getParentNode ? 'set' : 'undef'), "\n";
my $gone = $env->removeChild($b);
print 'removed ', $gone->getAttribute('Name'), ' parent ', (defined $gone->getParentNode ? 'set' : 'undef'), "\n";
my $deep = $new->cloneNode(1);
my $shallow = $new->cloneNode(0);
$deep->setAttribute('Name', 'deep');
print 'clone ', $deep->toString, "\n", 'shallow ', $shallow->toString, ' orig ', $new->getAttribute('Name'), "\n";
print 'clone parent ', (defined $deep->getParentNode ? 'set' : 'undef'), ' owner ', ($deep->getOwnerDocument == $doc ? 'doc' : 'other'), "\n";
$env->appendChild($deep);
$env->appendChild($doc->createTextNode(''));
my $frag = $doc->createDocumentFragment;
$frag->appendChild($doc->createElement('F1'));
$frag->appendChild($doc->createElement('F2'));
$env->appendChild($frag);
print 'frag kids after ', $frag->getChildNodes->getLength, "\n";
# attributes
$new->removeAttribute('Net');
$new->removeAttribute('absent');
my $an = $doc->createAttribute('Made', 'by "node"');
$new->setAttributeNode($an);
print 'attr node ', $new->getAttributeNode('Made')->getValue, ' ', $new->getAttribute('Net') eq '' ? 'no Net' : 'Net', "\n";
$new->getAttributeNode('Made')->setValue('v2');
print 'named ', $new->getAttributes->getNamedItem('Made')->getValue, ' len ', $new->getAttributes->getLength, "\n";
# character data
my $t = $doc->createTextNode('Hello World');
$env->appendChild($t);
$t->appendData('!');
$t->insertData(5, ',');
$t->deleteData(0, 1);
$t->replaceData(0, 4, 'Jell');
print 'data ', $t->getData, ' sub ', $t->substringData(2, 3), ' len ', $t->getLength, "\n";
$t->setData('set');
$t->setNodeValue('nodevalue');
print 'value ', $t->getNodeValue, "\n";
my $tail = $t->splitText(4);
print 'split ', $t->getData, '|', $tail->getData, "\n";
$env->normalize;
print 'normalized ', scalar(grep { $_->getNodeType == TEXT_NODE } $env->getChildNodes), "\n";
$root->setTagName('Config');
print $doc->toString, "---\n";
# errors as XML::DOM throws them
for my $case (
    [ 'remove non-child', sub { $sites->removeChild($doc->createElement('Z')) } ],
    [ 'insert before non-child', sub { $sites->insertBefore($doc->createElement('Z'), $doc->createElement('Y')) } ],
    [ 'replace non-child', sub { $sites->replaceChild($doc->createElement('Z'), $doc->createElement('Y')) } ],
    [ 'ancestor', sub { $new->appendChild($sites) } ],
    [ 'self', sub { $new->appendChild($new) } ],
    [ 'other document', sub { $sites->appendChild(XML::DOM::Parser->new->parse('<o/>')->getDocumentElement) } ],
    [ 'second root', sub { $doc->appendChild($doc->createElement('Second')) } ],
    [ 'text under document', sub { $doc->appendChild($doc->createTextNode('x')) } ],
    [ 'bad element name', sub { $doc->createElement('1bad') } ],
    [ 'bad attribute name', sub { $new->setAttribute('a b', 1) } ],
    [ 'bad offset', sub { $t->substringData(99, 1) } ],
    [ 'negative count', sub { $t->deleteData(0, -1) } ],
    [ 'attr in use', sub { $sites->setAttributeNode($an) } ],
    [ 'remove attr none', sub { $doc->createElement('N')->removeAttribute('x') } ],
    [ 'bad PI target', sub { $doc->createProcessingInstruction('xml', 'x') } ],
    [ 'child of text', sub { $t->appendChild($doc->createElement('Q')) } ],
) {
    my ($name, $code) = @$case;
    my $ok = eval { $code->(); 1 };
    print "$name: ", ($ok ? 'no error' : err($@)), "\n";
}
print $doc->toString, "---\n";
# tag compression styles
for my $style (0, 1, 2) {
    XML::DOM::setTagCompression(sub { $style });
    print "style $style: ", $sites->toString, "\n";
}
XML::DOM::setTagCompression(sub { 0 });
my $empty = XML::DOM::Document->new;
$empty->appendChild($empty->createComment('only'));
$empty->appendChild($empty->createElement('e'));
$empty->setXMLDecl($empty->createXMLDecl('1.0', 'UTF-8', 1));
print $empty->toString, "---\n";
print 'cloned doc ', $doc->cloneNode(1)->toString, "---\n";
$doc->dispose;
print "disposed\n";
PL

# printToFile writes in the declared encoding; a document without one (or without a declaration) dies as XML::DOM does
same_both_ways('printToFile', <<"PL", warning_text => 1);
use strict; use warnings; use XML::DOM;
use File::Temp ();
my \$dir = File::Temp::tempdir(CLEANUP => 1);
for my \$f (qw(config.xml unicode.xml rss.xml mixed.xml)) {
    my \$doc = XML::DOM::Parser->new->parsefile('$DATA/' . \$f);
    my \$ok = eval { \$doc->printToFile("\$dir/out.xml"); 1 };
    (my \$e = \$@ // '') =~ s/ at \\S+ line \\d+\\.?\\n//;
    \$e =~ s/\\Q\$dir\\E/DIR/g;
    print "\$f: ", (\$ok ? 'written' : "died: \$e"), "\\n";
    next unless \$ok;
    open my \$fh, '<:raw', "\$dir/out.xml" or die \$!;
    my \$bytes = do { local \$/; <\$fh> };
    print unpack('H*', \$bytes), "\\n";
    open my \$out, '>', "\$dir/h.xml" or die \$!;
    \$doc->printToFileHandle(\$out);
    close \$out;
    print -s "\$dir/h.xml", "\\n";
}
PL

# Parse errors: expat's words for the common ones, and the doc's missing-file message
same_both_ways('errors', <<"PL");
use strict; use warnings; use XML::DOM;
my \$p = XML::DOM::Parser->new;
for my \$x ('<a>', '<a></a><b/>', '<a x="1" x="2"/>', '<a>&undefined;</a>') {
    my \$doc = eval { \$p->parse(\$x) };
    my \$e = \$@;
    \$e =~ s/ at line \\d+, column \\d+, byte -?\\d+ at \\S+ line \\d+\\.\\n//;
    print "[\$x] ", (\$doc ? 'parsed' : "died: \$e"), "\\n";
}
my \$doc = eval { \$p->parsefile('$DATA/no-such-file.xml') };
(my \$e = \$@) =~ s/ at \\S+ line \\d+\\.\\n//;
print "missing: \$e\\n";
print "still usable: ", \$p->parse('<ok/>')->toString, "\\n";
PL

done_testing;
