package XML::DOM::Document;
# ABSTRACT: XML::DOM's Document: the factory of nodes, one document element, prints declaration + children a line each

use strict;
use warnings;

our $VERSION = '1.46';

use Carp ();
use XML::DOM::Node qw(:DEFAULT :Fields);
use XML::DOM::DOMException;

our @ISA = ('XML::DOM::Node');
our @EXPORT_OK = qw(_Doctype _XmlDecl);
our %EXPORT_TAGS = (Fields => [@EXPORT_OK]);

sub _Doctype () { 9 }
sub _XmlDecl () { 10 }

sub new {
    my ($class) = @_;
    my $self = bless [], $class;
    $self->[_Doc] = $self;
    $self->[_C] = XML::DOM::NodeList->new;
    return $self;
}

sub getNodeType { DOCUMENT_NODE }
sub getNodeName { '#document' }
sub getDoctype  { $_[0]->[_Doctype] }

sub getDocumentElement {
    my ($self) = @_;
    for my $kid (@{ $self->[_C] }) { return $kid if $kid->isElementNode }
    return undef;
}

sub getOwnerDocument  { undef }
sub getImplementation { $XML::DOM::DOMImplementation::Singleton }

sub createAttribute             { XML::DOM::Attr->new(@_) }
sub createCDATASection          { XML::DOM::CDATASection->new(@_) }
sub createComment               { XML::DOM::Comment->new(@_) }
sub createElement               { XML::DOM::Element->new(@_) }
sub createTextNode              { XML::DOM::Text->new(@_) }
sub createProcessingInstruction { XML::DOM::ProcessingInstruction->new(@_) }
sub createEntityReference       { XML::DOM::EntityReference->new(@_) }
sub createDocumentFragment      { XML::DOM::DocumentFragment->new(@_) }
sub createDocumentType          { XML::DOM::DocumentType->new(@_) }
sub createXMLDecl               { XML::DOM::XMLDecl->new(@_) }
sub createNotation              { XML::DOM::Notation->new(@_) }
sub createElementDecl           { XML::DOM::ElementDecl->new(@_) }
sub createEntity                { XML::DOM::Entity->new(@_) }

sub cloneNode {
    my ($self, $deep) = @_;
    my $node = XML::DOM::Document->new;
    $node->cloneChildren($self, $deep);
    my $xmlDecl = $self->[_XmlDecl];
    $node->[_XmlDecl] = $xmlDecl->cloneNode($deep) if defined $xmlDecl;
    return $node;
}

# The one-document-element rule, for appendChild and insertBefore ($elem: elements the call removes).
sub _one_element {
    my ($self, $node, $elem) = @_;
    my @nodes = $node->getNodeType == DOCUMENT_FRAGMENT_NODE ? @{ $node->[_C] } : ($node);
    for my $n (@nodes) { $elem++ if $n->isElementNode }
    Carp::croak(XML::DOM::DOMException->new(HIERARCHY_REQUEST_ERR, 'document can have only one Element'))
        if $elem > 0 && defined $self->getDocumentElement;
    return;
}

sub appendChild {
    my ($self, $node) = @_;
    $self->_one_element($node, 0);
    return $self->SUPER::appendChild($node);
}

sub insertBefore {
    my ($self, $node, $refNode) = @_;
    $self->_one_element($node, 0);
    return $self->SUPER::insertBefore($node, $refNode);
}

sub replaceChild {
    my ($self, $node, $refNode) = @_;
    $self->_one_element($node, $refNode->isElementNode ? -1 : 0);
    return $self->SUPER::replaceChild($node, $refNode);
}

sub isReadOnly { 0 }

sub print {
    my ($self, $FILE) = @_;
    my $xmlDecl = $self->getXMLDecl;
    if (defined $xmlDecl) {
        $xmlDecl->print($FILE);
        $FILE->print("\x0A");
    }
    for my $node (@{ $self->[_C] }) {
        $node->print($FILE);
        $FILE->print("\x0A");
    }
    return;
}

sub setDoctype {
    my ($self, $doctype) = @_;
    my $oldDoctype = $self->[_Doctype];
    if (defined $oldDoctype) { $self->replaceChild($doctype, $oldDoctype) }
    else { $self->appendChild($doctype) }
    $self->[_Doctype] = $doctype;
    return;
}

sub removeDoctype {
    my $self = shift;
    my $doctype = $self->removeChild($self->[_Doctype]);
    undef $self->[_Doctype];
    return $doctype;
}

my %CHILD_OK = map { ($_ => 1) } (ELEMENT_NODE, PROCESSING_INSTRUCTION_NODE, COMMENT_NODE, DOCUMENT_TYPE_NODE);
sub rejectChild { !$CHILD_OK{ $_[1]->getNodeType } }

sub expandEntity {
    my ($self, $ent, $param) = @_;
    my $doctype = $self->getDoctype;
    return defined $doctype ? $doctype->expandEntity($ent, $param) : undef;
}

sub getDefaultAttrValue {
    my ($self, $elem, $attr) = @_;
    my $doctype = $self->getDoctype;
    return defined $doctype ? $doctype->getDefaultAttrValue($elem, $attr) : undef;
}

sub getEntity {
    my ($self, $entity) = @_;
    my $doctype = $self->getDoctype;
    return defined $doctype ? $doctype->getEntity($entity) : undef;
}

sub dispose {
    my $self = shift;
    $self->[_XmlDecl]->dispose if defined $self->[_XmlDecl];
    undef $self->[_XmlDecl];
    undef $self->[_Doctype];
    return $self->SUPER::dispose;
}

sub setOwnerDocument { return }
sub getXMLDecl       { $_[0]->[_XmlDecl] }
sub setXMLDecl       { $_[0]->[_XmlDecl] = $_[1] }

1;
