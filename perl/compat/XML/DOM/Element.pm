package XML::DOM::Element;
# ABSTRACT: XML::DOM's Element: tag name, attributes (a NamedNodeMap), children; prints as XML::DOM 1.46

use strict;
use warnings;

our $VERSION = '1.46';

use Carp ();
use XML::DOM::Node qw(:DEFAULT :Fields);
use XML::DOM::DOMException;
use XML::DOM::NamedNodeMap;

our @ISA = ('XML::DOM::Node');

sub _TagName () { 9 }

sub new {
    my ($class, $doc, $tagName) = @_;
    Carp::croak(XML::DOM::DOMException->new(INVALID_CHARACTER_ERR, "bad Element TagName [$tagName]"))
        if $XML::DOM::SafeMode && !XML::DOM::isValidName($tagName);
    my $self = bless [], $class;
    $self->[_Doc] = $doc;
    $self->[_C] = XML::DOM::NodeList->new;
    $self->[_TagName] = $tagName;
    return $self;
}

sub getNodeType { ELEMENT_NODE }
sub getTagName  { $_[0]->[_TagName] }
sub getNodeName { $_[0]->[_TagName] }

sub getAttributeNode {
    my ($self, $name) = @_;
    return undef unless defined $self->[_A];
    return $self->getAttributes->{$name};
}

sub getAttribute {
    my ($self, $name) = @_;
    my $attr = $self->getAttributeNode($name);
    return defined $attr ? $attr->getValue : '';
}

sub setAttribute {
    my ($self, $name, $val) = @_;
    Carp::croak(XML::DOM::DOMException->new(INVALID_CHARACTER_ERR, "bad Attr Name [$name]"))
        unless XML::DOM::isValidName($name);
    Carp::croak(XML::DOM::DOMException->new(NO_MODIFICATION_ALLOWED_ERR, 'node is ReadOnly')) if $self->isReadOnly;
    my $node = $self->getAttributes->{$name};
    if (defined $node) {
        $node->setValue($val);
    } else {
        $node = $self->[_Doc]->createAttribute($name, $val);
        $self->[_A]->setNamedItem($node);
    }
    return;
}

sub setAttributeNode {
    my ($self, $node) = @_;
    my $attr = $self->getAttributes;
    my $name = $node->getNodeName;
    if ($XML::DOM::SafeMode) {
        Carp::croak(XML::DOM::DOMException->new(WRONG_DOCUMENT_ERR, 'nodes belong to different documents'))
            if $self->[_Doc] != $node->[_Doc];
        Carp::croak(XML::DOM::DOMException->new(NO_MODIFICATION_ALLOWED_ERR, 'node is ReadOnly')) if $self->isReadOnly;
        my $attrParent = $node->[_UsedIn];
        Carp::croak(XML::DOM::DOMException->new(INUSE_ATTRIBUTE_ERR, 'Attr is already used by another Element'))
            if defined $attrParent && $attrParent != $attr;
    }
    my $other = $attr->{$name};
    $attr->removeNamedItem($name) if defined $other;
    $attr->setNamedItem($node);
    return $other;
}

sub removeAttributeNode {
    my ($self, $node) = @_;
    Carp::croak(XML::DOM::DOMException->new(NO_MODIFICATION_ALLOWED_ERR, 'node is ReadOnly')) if $self->isReadOnly;
    my $attr = $self->[_A];
    Carp::croak(XML::DOM::DOMException->new(NOT_FOUND_ERR)) unless defined $attr;
    my $name = $node->getNodeName;
    my $attrNode = $attr->getNamedItem($name);
    Carp::croak(XML::DOM::DOMException->new(NOT_FOUND_ERR)) unless defined $attrNode && $node == $attrNode;
    return undef unless $node->isSpecified;
    $attr->removeNamedItem($name);
    my $default = $self->getDefaultAttrValue($name);
    if (defined $default) {
        local $XML::DOM::IgnoreReadOnly = 1;
        $attr->setNamedItem($default->cloneNode(1));
    }
    return $node;
}

sub removeAttribute {
    my ($self, $name) = @_;
    my $attr = $self->[_A];
    Carp::croak(XML::DOM::DOMException->new(NOT_FOUND_ERR)) unless defined $attr;
    my $node = $attr->getNamedItem($name);
    return $self->removeAttributeNode($node) if defined $node;
    return;
}

sub cloneNode {
    my ($self, $deep) = @_;
    my $node = $self->[_Doc]->createElement($self->getTagName);
    if (defined $self->[_A]) {
        $node->[_A] = $self->[_A]->cloneNode(1);
        $node->[_A]->setParentNode($node);
    }
    $node->cloneChildren($self, $deep);
    return $node;
}

sub getAttributes {
    return $_[0]->[_A] ||= XML::DOM::NamedNodeMap->new(Doc => $_[0]->[_Doc], Parent => $_[0]);
}

sub setTagName {
    my ($self, $tagName) = @_;
    Carp::croak(XML::DOM::DOMException->new(INVALID_CHARACTER_ERR, "bad Element TagName [$tagName]"))
        unless XML::DOM::isValidName($tagName);
    $self->[_TagName] = $tagName;
    return;
}

sub isReadOnly    { 0 }
sub isElementNode { 1 }

my %CHILD_OK = map { ($_ => 1) } (TEXT_NODE, ENTITY_REFERENCE_NODE, PROCESSING_INSTRUCTION_NODE, COMMENT_NODE,
    CDATA_SECTION_NODE, ELEMENT_NODE);
sub rejectChild { !$CHILD_OK{ $_[1]->getNodeType } }

sub getDefaultAttrValue {
    my ($self, $attr) = @_;
    return $self->[_Doc]->getDefaultAttrValue($self->[_TagName], $attr);
}

sub dispose {
    my $self = shift;
    $self->[_A]->dispose if defined $self->[_A];
    return $self->SUPER::dispose;
}

sub setOwnerDocument {
    my ($self, $doc) = @_;
    $self->SUPER::setOwnerDocument($doc);
    $self->[_A]->setOwnerDocument($doc) if defined $self->[_A];
    return;
}

sub print {
    my ($self, $FILE) = @_;
    my $name = $self->[_TagName];
    $FILE->print("<$name");
    if (defined $self->[_A]) {
        for my $att (@{ $self->[_A]->getValues }) {
            next unless $att->isSpecified;
            $FILE->print(' ');
            $att->print($FILE);
        }
    }
    my @kids = @{ $self->[_C] };
    if (@kids) {
        $FILE->print('>');
        $_->print($FILE) for @kids;
        $FILE->print("</$name>");
    } else {
        my $style = $XML::DOM::TagStyle->($name, $self);
        $FILE->print($style == 0 ? '/>' : $style == 1 ? "></$name>" : ' />');
    }
    return;
}

1;
