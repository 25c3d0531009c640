package XML::DOM;
# ABSTRACT: drop-in XML::DOM 1.46: the daemon parses (libxml2, in a worker), the DOM is built and worked on in Perl

use strict;
use warnings;

our $VERSION = '1.46';

use Carp ();
use Exporter ();

our (@ISA, @EXPORT, $IgnoreReadOnly, $SafeMode, $TagStyle, %DefaultEntities, %DecodeDefaultEntity);

BEGIN {
    @ISA = ('Exporter');
    @EXPORT = qw(UNKNOWN_NODE ELEMENT_NODE ATTRIBUTE_NODE TEXT_NODE CDATA_SECTION_NODE ENTITY_REFERENCE_NODE
        ENTITY_NODE PROCESSING_INSTRUCTION_NODE COMMENT_NODE DOCUMENT_NODE DOCUMENT_TYPE_NODE
        DOCUMENT_FRAGMENT_NODE NOTATION_NODE ELEMENT_DECL_NODE ATT_DEF_NODE XML_DECL_NODE ATTLIST_DECL_NODE);
}

# the node type constants are XML::DOM::Node's, the same subs under both names
use XML::DOM::Node ();
BEGIN {
    no strict 'refs';
    *{"XML::DOM::$_"} = \&{"XML::DOM::Node::$_"} for @EXPORT;
}

%DefaultEntities = (quot => '"', gt => '>', lt => '<', apos => "'", amp => '&');
%DecodeDefaultEntity = ('"' => '&quot;', '>' => '&gt;', '<' => '&lt;', "'" => '&apos;', '&' => '&amp;');

$IgnoreReadOnly = 0;
$SafeMode = 1;
$TagStyle = sub { 0 };

# An XML 1.0 Name (XML::RegExp's, as characters rather than UTF-8 bytes).
our $NAME_RE = qr/[:A-Z_a-z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{2FF}\x{370}-\x{37D}\x{37F}-\x{1FFF}\x{200C}-\x{200D}\x{2070}-\x{218F}\x{2C00}-\x{2FEF}\x{3001}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFFD}\x{10000}-\x{EFFFF}][-.0-9:A-Z_a-z\x{B7}\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{37D}\x{37F}-\x{1FFF}\x{200C}-\x{200D}\x{203F}-\x{2040}\x{2070}-\x{218F}\x{2C00}-\x{2FEF}\x{3001}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFFD}\x{10000}-\x{EFFFF}]*/;

sub warning { warn @_ }

sub encodeCDATA {
    my $str = shift;
    $str =~ s/]]>/]]&gt;/g;
    return $str;
}

sub encodeProcessingInstruction {
    my $str = shift;
    $str =~ s/\?>/?&gt;/g;
    return $str;
}

sub encodeComment {
    my $str = shift;
    return undef unless defined $str;
    $str =~ s/--/&#45;&#45;/g;
    return $str;
}

sub encodeText {
    my ($str, $default) = @_;
    return undef unless defined $str;
    $str =~ s/([\Q$default\E])|(]]>)/defined $1 ? $DecodeDefaultEntity{$1} : ']]&gt;'/egs;
    return $str;
}

sub encodeAttrValue { encodeText(shift, '"&<>') }

sub toHex { return join '', map { sprintf '%02x', $_ } unpack 'C*', $_[0] }

sub XmlUtf8Encode {
    my $n = shift;
    Carp::croak("number is too large for Unicode [$n] in &XmlUtf8Encode") if $n >= 0x110000;
    my $c = chr $n;
    utf8::encode($c);
    return $c;
}

sub XmlUtf8Decode {
    my ($str, $hex) = @_;
    my $c = $str;
    utf8::decode($c);
    my $n = ord $c;
    return $hex ? sprintf('&#x%x;', $n) : "&#$n;";
}

sub getIgnoreReadOnly { $IgnoreReadOnly }

sub ignoreReadOnly {
    my $i = $IgnoreReadOnly;
    $IgnoreReadOnly = $_[0];
    return $i;
}

sub forgiving_isValidName { defined $_[0] && $_[0] =~ /^$NAME_RE\z/ }
sub picky_isValidName     { defined $_[0] && $_[0] =~ /^$NAME_RE\z/ && $_[0] !~ /^xml/i }

{
    no warnings 'once';
    *isValidName = \&forgiving_isValidName;
}

sub allowReservedNames {
    no warnings 'redefine';
    *isValidName = ($_[0] ? \&forgiving_isValidName : \&picky_isValidName);
    return;
}

sub getAllowReservedNames { \&isValidName == \&forgiving_isValidName }

sub setTagCompression { $TagStyle = shift; return }

require XML::DOM::DOMException;
require XML::DOM::NodeList;
require XML::DOM::NamedNodeMap;
require XML::DOM::PrintToString;
require XML::DOM::PrintToFileHandle;
require XML::DOM::DOMImplementation;
require XML::DOM::Node;
require XML::DOM::Attr;
require XML::DOM::ProcessingInstruction;
require XML::DOM::Notation;
require XML::DOM::Entity;
require XML::DOM::EntityReference;
require XML::DOM::ElementDecl;
require XML::DOM::Element;
require XML::DOM::CharacterData;
require XML::DOM::CDATASection;
require XML::DOM::Comment;
require XML::DOM::Text;
require XML::DOM::XMLDecl;
require XML::DOM::DocumentFragment;
require XML::DOM::Document;
require XML::DOM::DocumentType;
require XML::DOM::Parser;

1;
