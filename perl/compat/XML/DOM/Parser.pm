package XML::DOM::Parser;
# ABSTRACT: XML::DOM::Parser: the daemon parses (safely, in a worker) and answers one packed node table; the Document is built from it here

use strict;
use warnings;

our $VERSION = '1.46';

use Carp ();
use CPANBridge;
use CPANBridge::Packed ();
use XML::DOM::Node qw(:DEFAULT :Fields);

my $BRIDGE;
sub _bridge { $BRIDGE ||= CPANBridge->new }

sub new {
    my ($class, %args) = @_;
    $args{Style} = 'XML::Parser::Dom';
    return bless { %args, Handlers => {}, Pkg => scalar caller }, ref($class) || $class;
}

# parse($string | $filehandle, %options), as XML::Parser's
sub parse {
    my ($self, $arg, %opts) = @_;
    my $xml;
    if (ref $arg && (ref $arg eq 'GLOB' || UNIVERSAL::isa($arg, 'GLOB') || UNIVERSAL::can($arg, 'read'))) {
        local $/;
        $xml = readline $arg;
        $xml = '' unless defined $xml;
    } elsif (defined $arg) {
        $xml = "$arg";
    } else {
        $xml = '';
    }
    # The document goes as bytes, so its own encoding declaration decides how it reads (as expat does);
    # a string of characters is sent as its UTF-8.
    my $bytes = $xml;
    utf8::encode($bytes) if utf8::is_utf8($bytes);
    return $self->_parse({}, { xml => CPANBridge::Packed::encode(CPANBridge::bytes($bytes)) }, \$bytes, \%opts);
}

sub parsefile {
    my ($self, $file, %opts) = @_;
    if (defined $file && $file =~ /^(?:https?|ftp|wais|gopher|file):/) {
        die "Couldn't parsefile [$file] with LWP: the cpan-bridge XML::DOM does not fetch URLs\n";
    }
    # XML::Parser opens the file itself first; the same words when it cannot.
    open(my $fh, '<', $file) or Carp::croak("Couldn't open $file:\n$!");
    close $fh;
    my $abs = File::Spec->rel2abs($file);
    return $self->_parse({ filename => $abs }, undef, undef, \%opts);
}

sub _parse {
    my ($self, $params, $packed, $text, $opts) = @_;
    my ($res, $err) = _bridge()->rpc('xml_dom.parse', $params,
        { packed => 1, flat_tables => 1, ($packed ? (packed_params => $packed) : ()) });
    die _parse_error($err, $text) if $err;
    my %o = (%$self, %$opts);
    return _build($res, $o{KeepCDATA});
}

# expat's words for the errors scripts match, from the daemon's parser (saxes; libxml2's kept too)
my @EXPAT = (
    [qr/Opening and ending tag mismatch|unexpected close tag|unmatched closing tag/ => 'mismatched tag'],
    [qr/Extra content at the end of the document|text data outside of root node|only one root/ => 'junk after document element'],
    [qr/Could not parse XML string|Premature end of data|EndTag: '<\/' not found|Document is empty|no root element|unclosed tag|unexpected end|must contain a root element/ => 'no element found'],
    [qr/Entity '[^']*' not defined|undefined entity/ => 'undefined entity'],
    [qr/Attribute \S+ redefined|duplicate attribute/ => 'duplicate attribute'],
    [qr/invalid xmlChar value|CharRef|malformed character entity/ => 'reference to invalid character number'],
    [qr/Double hyphen within comment|not valid UTF-8|Input is not proper UTF-8|invalid character|Char 0x[0-9A-F]+ out of allowed range/i => 'not well-formed (invalid token)'],
    [qr/StartTag|AttValue|attributes construct|Couldn't find end of Start Tag|Specification mandates value|expected|disallowed character|malformed|unquoted attribute|attribute without value|whitespace required|incorrect syntax|forward-slash/ => 'not well-formed (invalid token)'],
);

sub _parse_error {
    my ($err, $text) = @_;
    my $data = $err->{data} || {};
    my $msg = $err->{message};
    return "$msg\n" unless ($data->{backend_code} || '') eq 'xml_parse';
    my $line = $data->{line} || $data->{extra} && $data->{extra}{line} || 1;
    my $col = $data->{column} || $data->{extra} && $data->{extra}{column} || 0;
    my $words;
    for my $m (@EXPAT) { if ($msg =~ $m->[0]) { $words = $m->[1]; last } }
    return "$msg\n" unless defined $words;
    my $byte = 0;
    if ($text) {
        my $pos = 0;
        for (2 .. $line) { my $nl = index($$text, "\n", $pos); last if $nl < 0; $pos = $nl + 1 }
        $byte = $pos + ($col > 0 ? $col - 1 : 0);
    }
    $col = $col > 0 ? $col - 1 : 0;
    # XML::Parser's text, with its " at FILE line N." from die
    return "\n$words at line $line, column $col, byte $byte at " . __FILE__ . ' line ' . __LINE__ . ".\n";
}

# ---- the Document from the generic tree ------------------------------------
# Nodes are made as XML::DOM's own parse leaves them (array objects, the same
# fields set), without the per-node checks: the daemon already parsed the text.

sub _Element_TagName () { 9 }
sub _Attr_Name ()       { 9 }
sub _Attr_Specified ()  { 10 }
sub _Data ()            { 9 }
sub _PI_Target ()       { 9 }
sub _PI_Data ()         { 10 }
sub _Doctype ()         { 9 }     # the Document's fields
sub _XmlDecl ()         { 10 }

sub _build {
    my ($tree, $keep_cdata) = @_;
    my $doc = XML::DOM::Document->new;
    if (my $dt = $tree->{doctype}) { _doctype($doc, $dt) }
    if (my $xd = $tree->{xml_decl}) {
        my $sa = $xd->{standalone};
        $sa = $sa eq 'yes' ? 1 : 0 if defined $sa;
        $doc->[_XmlDecl] = XML::DOM::XMLDecl->new($doc, $xd->{version}, $xd->{encoding}, $sa);
    }
    my ($nc, $cells) = @{ $tree->{table} };
    my @node = ($doc);
    my $n = $nc ? @$cells / $nc : 0;
    my $map;    # the attribute map of the element being filled
    for (my $i = 1, my $j = $nc; $i < $n; $i++, $j += $nc) {
        my ($type, $prow, $name, $value) = @{$cells}[$j .. $j + 3];
        my $p = $node[$prow];
        if ($type == 1) {
            my $el = bless [bless([], 'XML::DOM::NodeList'), undef, $doc, $p], 'XML::DOM::Element';
            $el->[_Element_TagName] = $name;
            push @{ $p->[_C] }, $el;
            $node[$i] = $el;
        } elsif ($type == 2 || $type == 13) {
            $name = $name eq '' ? 'xmlns' : "xmlns:$name" if $type == 13;
            $map = $p->[_A] ||= bless { '' => { Doc => $doc, Parent => $p, Values => bless([], 'XML::DOM::NodeList') } },
                'XML::DOM::NamedNodeMap';
            my $attr = bless [bless([], 'XML::DOM::NodeList'), undef, $doc, undef, undef, $map], 'XML::DOM::Attr';
            @{$attr}[_Attr_Name, _Attr_Specified] = ($name, 1);
            my $t = bless [undef, undef, $doc, $attr], 'XML::DOM::Text';
            $t->[_Data] = $value;
            push @{ $attr->[_C] }, $t;
            if (my $prev = $map->{$name}) {    # a name given twice (xmlns as an attribute): the last one wins, in place
                my $vals = $map->{''}{Values};
                for (@$vals) { $_ = $attr if $_ == $prev }
            } else {
                push @{ $map->{''}{Values} }, $attr;
            }
            $map->{$name} = $attr;
        } elsif ($type == 3 || $type == 4) {
            next if $prow == 0 || !defined $value || $value eq '';
            my $kids = $p->[_C];
            my $last = $kids->[-1];
            my $class = $type == 4 && $keep_cdata ? 'XML::DOM::CDATASection' : 'XML::DOM::Text';
            if ($last && ref $last eq $class) {
                $last->[_Data] .= $value;
            } else {
                my $t = bless [undef, undef, $doc, $p], $class;
                $t->[_Data] = $value;
                push @$kids, $t;
            }
        } elsif ($type == 8) {
            my $c = bless [undef, undef, $doc, $p], 'XML::DOM::Comment';
            $c->[_Data] = $value;
            push @{ $p->[_C] }, $c;
        } elsif ($type == 7) {
            my $pi = bless [undef, undef, $doc, $p], 'XML::DOM::ProcessingInstruction';
            @{$pi}[_PI_Target, _PI_Data] = ($name, defined $value ? $value : '');
            push @{ $p->[_C] }, $pi;
        }
    }
    return $doc;
}

# XML::DOM puts the DocumentType first among the document's children, whatever preceded it.
sub _doctype {
    my ($doc, $dt) = @_;
    my $internal = $dt->{internal_subset};
    my $type = XML::DOM::DocumentType->new($doc, $dt->{name}, $dt->{system_id}, $dt->{public_id},
        defined $internal ? 1 : undef);
    $type->[_Parent] = $doc;
    push @{ $doc->[_C] }, $type;
    $doc->[_Doctype] = $type;
    return unless defined $internal;
    local $XML::DOM::IgnoreReadOnly = 1;
    local $XML::DOM::SafeMode = 0;
    (my $subset = $internal) =~ s/<!--.*?-->//gs;
    while ($subset =~ /<!(ENTITY|ELEMENT|NOTATION|ATTLIST)\s+((?:[^>"']|"[^"]*"|'[^']*')*)>/g) {
        my ($kind, $body) = ($1, $2);
        $body =~ s/\s+\z//;
        if ($kind eq 'ENTITY' && $body =~ /^([^\s%]+)\s+(?:"([^"]*)"|'([^']*)')\s*$/s) {
            my ($name, $v) = ($1, defined $2 ? $2 : $3);
            $v =~ s/&#x([0-9a-fA-F]+);/chr hex $1/ge;
            $v =~ s/&#([0-9]+);/chr $1/ge;
            $type->addEntity($name, $v, undef, undef, undef, 0);
        } elsif ($kind eq 'ELEMENT' && $body =~ /^(\S+)\s+(.*)$/s) {
            my ($name, $model) = ($1, $2);
            $model =~ s/\s+//g;
            $type->addElementDecl($name, $model);
        } elsif ($kind eq 'NOTATION' && $body =~ /^(\S+)\s+(SYSTEM|PUBLIC)\s+(?:"([^"]*)"|'([^']*)')(?:\s+(?:"([^"]*)"|'([^']*)'))?/s) {
            my ($name, $kw, $first, $second) = ($1, $2, defined $3 ? $3 : $4, defined $5 ? $5 : $6);
            $kw eq 'SYSTEM' ? $type->addNotation($name, undef, $first, undef) : $type->addNotation($name, undef, $second, $first);
        }
    }
    return;
}

require File::Spec;

1;
