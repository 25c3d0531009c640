package XML::DOM::Attr;
# ABSTRACT: XML::DOM's Attr: an attribute whose value is held as Text children

use strict;
use warnings;

our $VERSION = '1.46';

use Carp ();
use XML::DOM::Node qw(:DEFAULT :Fields);
use XML::DOM::DOMException;

our @ISA = ('XML::DOM::Node');

sub _Name ()      { 9 }
sub _Specified () { 10 }

sub new {
    my ($class, $doc, $name, $value, $specified) = @_;
    Carp::croak(XML::DOM::DOMException->new(INVALID_CHARACTER_ERR, "bad Attr name [$name]"))
        if $XML::DOM::SafeMode && !XML::DOM::isValidName($name);
    my $self = bless [], $class;
    $self->[_Doc] = $doc;
    $self->[_C] = XML::DOM::NodeList->new;
    $self->[_Name] = $name;
    if (defined $value) {
        $self->setValue($value);
        $self->[_Specified] = defined $specified ? $specified : 1;
    } else {
        $self->[_Specified] = 0;
    }
    return $self;
}

sub getNodeType  { ATTRIBUTE_NODE }
sub isSpecified  { $_[0]->[_Specified] }
sub getName      { $_[0]->[_Name] }
sub getNodeName  { $_[0]->[_Name] }
sub getNodeValue { $_[0]->getValue }
sub setNodeValue { $_[0]->setValue($_[1]) }

sub getValue {
    my $self = shift;
    my $value = '';
    for my $kid (@{ $self->[_C] }) {
        my $d = $kid->getData;
        $value .= $d if defined $d;
    }
    return $value;
}

sub setValue {
    my ($self, $value) = @_;
    $self->removeChildNodes;
    $self->appendChild($self->[_Doc]->createTextNode($value));
    $self->[_Specified] = 1;
    return;
}

sub cloneNode {
    my ($self) = @_;
    my $node = $self->[_Doc]->createAttribute($self->getName);
    $node->[_Specified] = $self->[_Specified];
    $node->[_ReadOnly] = 1 if $self->[_ReadOnly];
    $node->cloneChildren($self, 1);
    return $node;
}

sub isReadOnly { !$XML::DOM::IgnoreReadOnly && defined $_[0]->[_ReadOnly] }

sub print {
    my ($self, $FILE) = @_;
    $FILE->print("$self->[_Name]=\"");
    for my $kid (@{ $self->[_C] }) {
        if ($kid->getNodeType == TEXT_NODE) { $FILE->print(XML::DOM::encodeAttrValue($kid->getData)) }
        else { $kid->print($FILE) }
    }
    $FILE->print('"');
    return;
}

sub rejectChild {
    my $t = $_[1]->getNodeType;
    return $t != TEXT_NODE && $t != ENTITY_REFERENCE_NODE;
}

1;
