package XML::XPath::Node;
# ABSTRACT: cpan-bridge's XML::XPath::Node: node type constants, XMLescape, and what every node answers (from the document's tree held in Perl)

use strict;
use warnings;
use Exporter ();
use Scalar::Util ();

our $VERSION = '1.48';
our @ISA = ('Exporter');

sub UNKNOWN_NODE ()                { 0 }
sub ELEMENT_NODE ()                { 1 }
sub ATTRIBUTE_NODE ()              { 2 }
sub TEXT_NODE ()                   { 3 }
sub CDATA_SECTION_NODE ()          { 4 }
sub ENTITY_REFERENCE_NODE ()       { 5 }
sub ENTITY_NODE ()                 { 6 }
sub PROCESSING_INSTRUCTION_NODE () { 7 }
sub COMMENT_NODE ()                { 8 }
sub DOCUMENT_NODE ()               { 9 }
sub DOCUMENT_TYPE_NODE ()          { 10 }
sub DOCUMENT_FRAGMENT_NODE ()      { 11 }
sub NOTATION_NODE ()               { 12 }
sub ELEMENT_DECL_NODE ()           { 13 }
sub ATT_DEF_NODE ()                { 14 }
sub XML_DECL_NODE ()               { 15 }
sub ATTLIST_DECL_NODE ()           { 16 }
sub NAMESPACE_NODE ()              { 17 }

our @EXPORT = qw(
    UNKNOWN_NODE ELEMENT_NODE ATTRIBUTE_NODE TEXT_NODE CDATA_SECTION_NODE ENTITY_REFERENCE_NODE
    ENTITY_NODE PROCESSING_INSTRUCTION_NODE COMMENT_NODE DOCUMENT_NODE DOCUMENT_TYPE_NODE
    DOCUMENT_FRAGMENT_NODE NOTATION_NODE ELEMENT_DECL_NODE ATT_DEF_NODE XML_DECL_NODE
    ATTLIST_DECL_NODE NAMESPACE_NODE
);
our %EXPORT_TAGS = (node_keys => [@EXPORT]);

my %ENTITY = ('"' => '&quot;', '>' => '&gt;', '<' => '&lt;', "'" => '&apos;', '&' => '&amp;');

# XML::XPath's escaping: the characters in $default as entities, and ]]> as ]]&gt;.
sub XMLescape {
    my ($str, $default) = @_;
    return undef unless defined $str;
    $default = '' unless defined $default;
    if (length $default) {
        my $class = join '', map { quotemeta } split //, $default;
        $str =~ s/([$class])|(\]\]>)/defined $1 ? $ENTITY{$1} : ']]&gt;'/gse;
    } else {
        # XML::XPath's pattern without characters drops ]]> (its replacement is undef there)
        $str =~ s/\]\]>//g;
    }
    return $str;
}

# ---- what every node answers; the node classes override ------------------

# A node is [document, row]; the document (XML::XPath::Bridge) holds the tree.
sub _doc { return $_[0][0] }
sub _row { return $_[0][1] }

sub getNodeType { return UNKNOWN_NODE }
sub isElementNode {}
sub isAttributeNode {}
sub isNamespaceNode {}
sub isTextNode {}
sub isProcessingInstructionNode {}
sub isPINode {}
sub isCommentNode {}

sub getNodeValue { return }
sub getValue { return shift->getNodeValue(@_) }

sub getParentNode {
    my $self = shift;
    my $p = $self->[0]->cell($self->[1], 1);
    return undef if !defined $p || $p < 0;
    return $self->[0]->node($p);
}

sub getRootNode {
    my $self = shift;
    while (my $parent = $self->getParentNode) { $self = $parent }
    return $self;
}

sub getName {}
sub getData {}
sub getChildNodes { return wantarray ? () : [] }
sub getChildNode { return }
sub getAttribute { return }
sub getAttributes { return wantarray ? () : [] }
sub getAttributeNodes { return shift->getAttributes(@_) }
sub getNamespaceNodes { return wantarray ? () : [] }
sub getNamespace { return }
sub getLocalName { return }
sub string_value { return }

# Position among its parent's children (0-based), as XML::XPath keeps it.
sub get_pos {
    my $self = shift;
    my $parent = $self->getParentNode or return undef;
    my $list = $self->isAttributeNode ? $self->[0]->attrs($parent->[1]) : $self->[0]->kids($parent->[1]);
    for my $i (0 .. $#$list) { return $i if $list->[$i] == $self->[1] }
    return undef;
}

# Document order: the row number.
sub get_global_pos { return $_[0][1] }

sub getPreviousSibling {
    my $self = shift;
    my $pos = $self->get_pos;
    return unless defined $pos;
    return $self->getParentNode->getChildNode($pos);
}

sub getNextSibling {
    my $self = shift;
    my $pos = $self->get_pos;
    return unless defined $pos;
    return $self->getParentNode->getChildNode($pos + 2);
}

sub dispose { return }

sub to_number {
    require XML::XPath::Number;
    return XML::XPath::Number->new(shift->string_value);
}

sub find {
    my ($node, $path) = @_;
    require XML::XPath;
    return XML::XPath->new->find($path, $node);
}

sub findvalue {
    my ($node, $path) = @_;
    require XML::XPath;
    return XML::XPath->new->findvalue($path, $node);
}

sub findnodes {
    my ($node, $path) = @_;
    require XML::XPath;
    return XML::XPath->new->findnodes($path, $node);
}

sub matches {
    my ($node, $path, $context) = @_;
    require XML::XPath;
    return XML::XPath->new->matches($node, $path, $context);
}

sub DESTROY {}

1;
