package XML::DOM::EntityReference;
# ABSTRACT: XML::DOM's EntityReference: &name; (the bridge's parser expands entities, so only scripts create these)

use strict;
use warnings;

our $VERSION = '1.46';

use Carp ();
use XML::DOM::Node qw(:DEFAULT :Fields);
use XML::DOM::DOMException;

our @ISA = ('XML::DOM::Node');

sub _EntityName () { 9 }
sub _Parameter ()  { 10 }
sub _NoExpand ()   { 11 }

sub new {
    my ($class, $doc, $name, $parameter, $noExpand) = @_;
    Carp::croak(XML::DOM::DOMException->new(INVALID_CHARACTER_ERR, "bad Entity Name [$name] in EntityReference"))
        unless XML::DOM::isValidName($name);
    my $self = bless [], $class;
    $self->[_Doc] = $doc;
    $self->[_EntityName] = $name;
    $self->[_Parameter] = $parameter || 0;
    $self->[_NoExpand] = $noExpand || 0;
    return $self;
}

sub getNodeType       { ENTITY_REFERENCE_NODE }
sub getNodeName       { $_[0]->[_EntityName] }
sub getEntityName     { $_[0]->[_EntityName] }
sub isParameterEntity { $_[0]->[_Parameter] }

sub getData {
    my $self = shift;
    my ($name, $parameter) = @{$self}[_EntityName, _Parameter];
    my $data;
    if ($self->[_NoExpand]) { $data = "&$name;" if $name }
    else { $data = $self->[_Doc]->expandEntity($name, $parameter) }
    $data = ($parameter ? '%' : '&') . "$name;" unless defined $data;
    return $data;
}

sub print {
    my ($self, $FILE) = @_;
    $FILE->print(($self->[_Parameter] ? '%' : '&') . "$self->[_EntityName];");
    return;
}

sub getChildNodes {
    my $self = shift;
    my $entity = $self->[_Doc]->getEntity($self->[_EntityName]);
    return defined $entity ? $entity->getChildNodes : XML::DOM::NodeList->new;
}

sub cloneNode {
    my $self = shift;
    return $self->[_Doc]->createEntityReference(@{$self}[_EntityName, _Parameter, _NoExpand]);
}

1;
