use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade root);
use Test::More;

# The same scripts run with the real XML::XPath 1.48 (Debian's
# libxml-xpath-perl) and with perl/compat's facade, over real-world shaped
# documents (perl/t/data/xpath): a catalogue of expressions (axes,
# predicates, positions, functions, unions, comparisons, numbers,
# namespaces), node methods on the results, findnodes_as_string, and the
# errors of bad expressions. Outputs must be equal line for line; die texts
# are compared without their " at FILE line N." (the files differ).

my $DATA = root() . '/perl/t/data/xpath';

sub same_both_ways {
    my ($name, $script) = @_;
    my ($rout, $rerr, $rexit) = run_perl_real($script);
    my ($fout, $ferr, $fexit) = run_perl_facade($script);
    s{ at \S+ line \d+\.?}{}g for $rout, $rerr, $fout, $ferr;
    is($rexit, 0, "$name: the real module runs it") or diag $rerr;
    cmp_ok(length $rout, '>', 100, "$name: the real module prints something");
    my @r = split /\n/, $rout;
    my @f = split /\n/, $fout;
    my @diff = grep { ($r[$_] // '<none>') ne ($f[$_] // '<none>') } 0 .. ($#r > $#f ? $#r : $#f);
    ok(!@diff, "$name: facade output equals the real module's (" . scalar(@r) . ' lines)')
        or diag join "\n", (map { "real:   " . ($r[$_] // '<none>') . "\nfacade: " . ($f[$_] // '<none>') } @diff[0 .. ($#diff > 9 ? 9 : $#diff)]), $ferr;
    is($fexit, $rexit, "$name: same exit code");
}

# What every script prints for a result: its class and everything it answers.
my $DESCRIBE = <<'PL';
use strict; use warnings;
use XML::XPath;
use XML::XPath::XMLParser;
$| = 1;
sub clean { my $s = shift; return 'undef' unless defined $s; $s =~ s/ at \S+ line \d+\.?//g; $s =~ s/\n/\\n/g; return $s }
sub node_line {
    my $n = shift;
    # (ref() differs: XML::XPath answers nodes reached by parent links as its ...Impl objects)
    my @f = ($n->getNodeType, clean($n->getName), clean($n->string_value), clean($n->toString));
    if ($n->isElementNode && defined $n->getName) {
        push @f, 'local=' . clean($n->getLocalName), 'prefix=' . clean($n->getPrefix),
            'attrs=' . join(',', map { $_->getName . '=' . $_->getValue } $n->getAttributes),
            'kids=' . scalar(@{ $n->getChildNodes }), 'parent=' . clean(($n->getParentNode && $n->getParentNode->getName)),
            'ns=' . clean(($n->getNamespace ? $n->getNamespace->getExpanded : undef)),
            'first=' . clean(($n->getFirstChild ? ref($n->getFirstChild) : undef));
    }
    if ($n->isAttributeNode) { push @f, 'local=' . clean($n->getLocalName), 'prefix=' . clean($n->getPrefix), 'value=' . clean($n->getNodeValue), 'owner=' . clean($n->getParentNode->getName) }
    if ($n->isTextNode || $n->isCommentNode) { push @f, 'value=' . clean($n->getNodeValue) }
    if ($n->isPINode) { push @f, 'target=' . clean($n->getTarget), 'data=' . clean($n->getData) }
    return join ' | ', @f;
}
sub describe {
    my ($xp, $e) = @_;
    my $r = eval { $xp->find($e) };
    return "$e => DIE: " . clean($@) if $@;
    return "$e => undef" unless defined $r;
    if ($r->isa('XML::XPath::NodeSet')) {
        my @lines = ("$e => NodeSet size=" . $r->size . ' literal=' . clean("$r") . ' sv=' . clean($r->string_value)
            . ' bool=' . ($r ? 1 : 0));
        push @lines, '  ' . node_line($_) for $r->get_nodelist;
        return join "\n", @lines;
    }
    return "$e => " . ref($r) . ' value=' . clean($r->value) . ' str=' . clean("$r") . ' lit=' . clean($r->to_literal->value)
        . ' num=' . clean($r->to_number->value) . ' bool=' . $r->to_boolean->value;
}
PL

sub catalogue {
    my ($name, $file, $exprs, $extra) = @_;
    my $list = join ",\n", map { my $e = $_; $e =~ s/([\\'])/\\$1/g; "  '$e'" } @$exprs;
    $extra //= '';
    same_both_ways($name, <<"PL");
$DESCRIBE
my \$xp = XML::XPath->new(filename => '$DATA/$file');
$extra
print describe(\$xp, \$_), "\\n" for (
$list
);
PL
}

catalogue('RSS 2.0', 'rss.xml', [
    '/rss/channel/title', '//item/title', '//item[1]/title', '//item[last()]/title', '//item[position() > 1]/link',
    'count(//item)', 'count(//category)', '//item[category="nightly"]/title', '//item[not(description)]/title',
    '//dc:creator', '//item/dc:creator/text()', 'string(//item[2]/dc:creator)', '//content:encoded', 'string(//content:encoded)',
    '//item[price > 10]/title', 'sum(//item[1]/price | //item[2]/price)', '//price[. = 7]', 'count(//item[price])',
    'normalize-space(//item[3]/title)', 'string-length(//item[1]/title)', 'translate(//item[1]/title, "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")',
    'contains(//item[2]/title, "failed")', 'starts-with(//item[1]/link, "https:")', 'substring-before(//item[1]/link, "://")',
    'substring-after(//item[1]/link, "example.com")', 'substring(//item[1]/title, 5, 1)', 'concat(//item[1]/title, " / ", //item[2]/title)',
    '/rss/@version', '//@version', 'name(/*)', 'local-name(//dc:creator)', 'name(//dc:creator)', 'namespace-uri(//dc:creator)',
    '//channel/description', 'string(/rss/channel/title)', '//item/title | //channel/title', '//title[../price]',
    '//category[1]', '(//category)[1]', '//category[last()]', '//item[2]/preceding-sibling::item/title', '//item[1]/following-sibling::*/title',
    '//link/..', '//price/ancestor::*', '//price/ancestor-or-self::item/title', '/descendant::title[2]', '//item/child::node()[2]',
    '//item[price and category]', '//item[@none]', 'boolean(//item)', 'boolean(//nothing)', 'not(//nothing)', 'true()', 'false()',
    'count(//item) = 3', 'count(//item) > 5', '//price = 7', '//price != 7', '//price < 8', '"abc" = "abc"', '1 = 1.0', '//item[price=12.5]/title',
    '/', '.', '/*', '//*[name()="price"]', '//rss:item',
]);

catalogue('SOAP envelope (namespaces)', 'soap.xml', [
    '//soap:Body', '/soap:Envelope/soap:Body/*', '//m:Price', '//m:Price/@currency', 'string(//m:Price)', 'number(//m:Price) * 2',
    '//auth:Token', '//auth:Token/@soap:mustUnderstand', '//@soap:mustUnderstand', '//m:Item/@xsi:type', '//Note', '//Note/em',
    'string(//Note)', 'local-name(//m:*[1])', '//m:*', '//soap:*', 'count(//*)', 'count(//@*)', 'namespace-uri(//Note)', 'name(//Note/em)',
    '//x:Price', '//Price', '/soap:Envelope/soap:Header/*', '//soap:Body//text()',
]);

catalogue('SOAP with set_namespace', 'soap.xml', [
    '//e:Body', '//p:Price', 'string(//p:Price)', '//p:*', '//n:Note', '//n:Note/n:em', '//soap:Body', '//m:Price',
], q{$xp->set_namespace('e', 'http://schemas.xmlsoap.org/soap/envelope/'); $xp->set_namespace('p', 'urn:example:prices'); $xp->set_namespace('n', 'urn:example:notes'); $xp->set_namespace('m', 'urn:wrong');});

catalogue('config with attributes and repeated elements', 'config.xml', [
    '//domain[@name="PROD"]/server[@name="Server1"]/version', '//server/host', '//server[@name="Server2"]/@name',
    '//domain[@name="PROD"]/server[@name="Server1"]/@name', '//server[@port > 9000]/@name', '//server[@port = 80]',
    'count(//server)', 'sum(//server/@port)', '//location[@type="properties"]', '//server[location]/@name',
    '//server[count(location) = 2]/@name', '//empty', 'string(//empty)', '//server[empty]/host', '//domain[2]/server/version',
    '//comment()', '/comment()', '//processing-instruction("deploy")', '/configuration/node()[2]',
    '//server[1]', '//server[2]', '(//server)[2]/@name', '//server[last()]/@name', '//version[. = "9.0.5.0"]/../@name',
    '//@*[. = "TEST"]', '//*[@type]', '//server/@*', 'count(//text())', 'round(2.5)', 'floor(-1.5)', 'ceiling(1.2)',
    '1 div 3', '10 mod 3', '-count(//server)', '2 + 3 * 4', '(2 + 3) * 4', '7 div 2', '1 div 0', '-1 div 0', '0 div 0',
    'number("x")', 'number("42")', '3', '100000000 * 1000000', '0.1 + 0.2', 'string(1 div 3)', 'concat(1 div 4, "")',
    '//server[@name="Server1"]/version = //server[@name="Server2"]/version', '//server/@name = "Server2"', '//domain/@name != "PROD"',
], q{});

catalogue('mixed content, CDATA, entities, Unicode', 'mixed.xml', [
    '//p', '//p[1]/text()', '//p[@id="p1"]', 'string(//p[1])', '//p[1]/b', '//p[2]', '//p[3]', '//p[3]/text()', 'count(//p[3]/text())',
    '//p[4]', '//p[4]/@title', 'string(//p[4]/@title)', 'string-length(//p[4])', 'substring(//p[4], 10, 4)', '//comment()',
    'translate(//p[4], "é", "e")', 'contains(//p[4], "日本")', '//item', '//item[@n > 2]', '//item[. = "a"]/@n', 'sum(//item/@n)',
    '//list/item[3]/preceding::item', '//list/item[1]/following::*', 'sum(//nums/v[position() < 4])', '//v[. > 1]', '//v[. < 0]',
    'count(//p/text())', '/doc/@lang', '/doc/node()[1]', '//p[b and i]/@id', '//*[contains(., "stuff")]',
    'string(//p[2])', '//text()[contains(., "Quotes")]', 'normalize-space(//p[1])',
]);

# findnodes (list and scalar), findvalue, findnodes_as_string, exists, getNodeText, node->find, matches, NodeSet methods.
same_both_ways('XML::XPath methods and NodeSet', <<"PL");
$DESCRIBE
my \$xp = XML::XPath->new(filename => '$DATA/config.xml');
my \@list = \$xp->findnodes('//server');
print 'list ', scalar(\@list), ' ', ref(\$list[0]), "\\n";
my \$set = \$xp->findnodes('//server');
print 'scalar ', ref(\$set), ' ', \$set->size, ' ', \$set->get_node(2)->getAttribute('name'), ' ', (defined \$set->get_node(9) ? 'def' : 'undef'), "\\n";
my \$none = \$xp->findnodes('count(//server)');
print 'non-nodeset scalar ', ref(\$none), ' ', \$none->size, ' list ', scalar(my \@e = \$xp->findnodes('count(//server)')), "\\n";
print 'findvalue ', clean(\$xp->findvalue('//server/host')), ' ', ref(\$xp->findvalue('//server/host')), ' ', clean(\$xp->findvalue('count(//host)')), ' ', ref(\$xp->findvalue('count(//host)')), "\\n";
print 'as_string ', \$xp->findnodes_as_string('//server[2]'), "\\n";
print 'as_string attrs ', \$xp->findnodes_as_string('//server/\@name'), "\\n";
print 'as_string value ', \$xp->findnodes_as_string('concat("a<b", "&c")'), "\\n";
print 'as_string root ', \$xp->findnodes_as_string('/'), "\\n";
print 'exists ', \$xp->exists('//server'), \$xp->exists('//nothing'), \$xp->exists(), "\\n";
print 'getNodeText ', \$xp->getNodeText('//version'), ' ', \$xp->getNodeText(\$list[1]), "\\n";
print 'getNodeAsXML ', \$xp->getNodeAsXML('//host[1]'), "\\n";
for my \$s (\$xp->find('//server')->get_nodelist) {
    print 'node find ', clean(\$s->findvalue('host')), ' ', \$s->find('version')->size, ' ', clean(\$s->find('string(\@port)')), ' ', scalar(my \@n = \$s->findnodes('location')), "\\n";
    print 'matches ', (\$xp->matches(\$s, '//server[\@port > 9000]') ? 1 : 0), "\\n";
}
my \$hosts = \$xp->find('//host');
print 'overload "" ', "\$hosts", "\\n";
print 'overload eq ', (\$hosts eq 'zzz'), "\\n";
print 'overload bool ', (\$hosts ? 'true' : 'false'), ' ', (\$xp->find('//nothing') ? 'true' : 'false'), "\\n";
print 'overload == ', ref(\$hosts == 3), "\\n";
print 'to_literal ', \$hosts->to_literal, ' to_number ', clean(\$hosts->to_number->value), "\\n";
\$hosts->push(\$list[0]);
\$hosts->sort;
print 'sorted ', join(',', map { \$_->getName } \$hosts->get_nodelist), "\\n";
my \$n = \$xp->find('count(//server) * 1.5');
print 'Number ', \$n, ' ',  (\$n <=> 4), ' ', \$n->as_string, ' ', \$n->as_xml;
my \$l = \$xp->find('string(//host)');
print 'Literal ', \$l, ' ', (\$l cmp 'a'), ' ', \$l->as_string, ' ', \$l->as_xml;
my \$b = \$xp->find('//server/\@port = 80');
print 'Boolean ', \$b, ' ', \$b->to_literal, ' ', \$b->string_value, "\\n";
my \$root = \$xp->findnodes('/')->get_node(1);
print 'root ', \$root->getNodeType, ' ', clean(\$root->getName), ' ', scalar(\@{ \$root->getChildNodes }), ' ', join(',', map { \$_->toString } \$root->getNamespaces), "\\n";
my \$v = \$list[0]->getChildNode(2);
print 'siblings ', ref(\$v), ' ', clean(\$v->getNextSibling->string_value), ' ', clean(\$v->getPreviousSibling->string_value), ' pos ', \$v->get_pos, "\\n";
print 'XMLParser::as_string ', XML::XPath::XMLParser::as_string(\$list[2]), "\\n";
print 'constants ', XML::XPath::Node::ELEMENT_NODE(), XML::XPath::Node::TEXT_NODE(), XML::XPath::Node::ATTRIBUTE_NODE(), "\\n";
print 'XMLescape ', XML::XPath::Node::XMLescape('a<b>"c"&\\'d\\' ]]>', '<&"'), "\\n";
PL

# new() forms, lazy parsing, bad documents, bad expressions.
same_both_ways('construction and errors', <<"PL");
$DESCRIBE
my \$xml = '<a><b x="1">one</b><b x="2">two</b></a>';
print describe(XML::XPath->new(\$xml), '//b[2]'), "\\n";
print describe(XML::XPath->new(xml => \$xml), 'count(//b)'), "\\n";
print describe(XML::XPath->new('$DATA/config.xml'), 'count(//server)'), "\\n";
open my \$fh, '<', '$DATA/config.xml' or die;
print describe(XML::XPath->new(ioref => \$fh), 'string(//host)'), "\\n";
my \$missing = eval { XML::XPath->new(filename => '$DATA/nope.xml') };
print 'missing file: ', (defined \$missing ? 'object' : 'died'), ' ', clean(\$@), "\\n";
my \$bad = eval { XML::XPath->new(xml => '<broken><xml>') };
print 'bad xml new: ', (defined \$bad ? 'object' : 'died'), "\\n";
my \$r = eval { \$bad->find('/') };
print 'bad xml find: ', (defined \$r ? 'result' : 'died'), ' ', (\$@ ? 'with message' : 'no message'), "\\n";
my \$xp = XML::XPath->new(xml => \$xml);
print describe(\$xp, \$_), "\\n" for ('bad[[[x', '//b[', '//b[1', '1 +', '//b y', 'count(1)', '(1)[1]', 'lower-case("A")', '"a" | //b', 'concat("a")', 'substring("a")', 'string(1, 2)', '//b]');
my \$empty = eval { \$xp->find('') };
print 'empty path: ', clean(\$@), "\\n";
my \$node = \$xp->findnodes('//b')->get_node(1);
print describe(XML::XPath->new(context => \$node), '../b[2]'), "\\n";
print describe(\$xp, '/a/b/text()'), "\\n";
my \$t = \$xp->findnodes('//b/text()')->get_node(2);
print 'text context: ', \$t->find('..')->get_node(1)->getAttribute('x'), ' ', \$t->findvalue('string(../\@x)'), "\\n";
my \$at = \$xp->findnodes('//b/\@x')->get_node(1);
print 'attribute context: ', \$at->find('..')->get_node(1)->string_value, ' ', \$at->findvalue('.'), "\\n";
PL

done_testing;
