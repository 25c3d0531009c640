package XML::DOM::ElementDecl;
# ABSTRACT: XML::DOM's ElementDecl: an <!ELEMENT name model> of the internal subset

use strict;
use warnings;

our $VERSION = '1.46';

use Carp ();
use XML::DOM::Node qw(:DEFAULT :Fields);
use XML::DOM::DOMException;

our @ISA = ('XML::DOM::Node');

sub _Name ()  { 9 }
sub _Model () { 10 }

sub new {
    my ($class, $doc, $name, $model, $hidden) = @_;
    Carp::croak(XML::DOM::DOMException->new(INVALID_CHARACTER_ERR, "bad Element TagName [$name] in ElementDecl"))
        unless XML::DOM::isValidName($name);
    my $self = bless [], $class;
    $self->[_Doc] = $doc;
    $self->[_Name] = $name;
    $self->[_ReadOnly] = 1;
    $self->[_Model] = $model;
    $self->[_Hidden] = $hidden;
    return $self;
}

sub getNodeType { ELEMENT_DECL_NODE }
sub getName     { $_[0]->[_Name] }
sub getNodeName { $_[0]->[_Name] }
sub getModel    { $_[0]->[_Model] }
sub setModel    { $_[0]->[_Model] = $_[1] }

sub print {
    my ($self, $FILE) = @_;
    $FILE->print("<!ELEMENT $self->[_Name] $self->[_Model]>") unless $self->[_Hidden];
    return;
}

sub cloneNode {
    my $self = shift;
    return $self->[_Doc]->createElementDecl(@{$self}[_Name, _Model, _Hidden]);
}

1;
