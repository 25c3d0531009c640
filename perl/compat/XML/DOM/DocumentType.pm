package XML::DOM::DocumentType;
# ABSTRACT: XML::DOM's DocumentType: <!DOCTYPE name PUBLIC/SYSTEM ids [ entities, notations, declarations ]>

use strict;
use warnings;

our $VERSION = '1.46';

use XML::DOM::Node qw(:DEFAULT :Fields);
use XML::DOM::NamedNodeMap;

our @ISA = ('XML::DOM::Node');

sub _Entities ()  { 9 }
sub _Notations () { 10 }
sub _Name ()      { 11 }
sub _SysId ()     { 12 }
sub _PubId ()     { 13 }
sub _Internal ()  { 14 }
sub _Doctype ()  { 9 }    # the Document's field

sub new {
    my $class = shift;
    my $doc = shift;
    my $self = bless [], $class;
    $self->[_Doc] = $doc;
    $self->[_ReadOnly] = 1;
    $self->[_C] = XML::DOM::NodeList->new;
    $self->[_Entities] = XML::DOM::NamedNodeMap->new(Doc => $doc, Parent => $self, ReadOnly => 1);
    $self->[_Notations] = XML::DOM::NamedNodeMap->new(Doc => $doc, Parent => $self, ReadOnly => 1);
    $self->setParams(@_);
    return $self;
}

sub getNodeType  { DOCUMENT_TYPE_NODE }
sub getNodeName  { $_[0]->[_Name] }
sub getName      { $_[0]->[_Name] }
sub getEntities  { $_[0]->[_Entities] }
sub getNotations { $_[0]->[_Notations] }

sub setParentNode {
    my ($self, $parent) = @_;
    $self->SUPER::setParentNode($parent);
    $parent->[_Doctype] = $self if $parent->getNodeType == DOCUMENT_NODE;
    return;
}

sub cloneNode {
    my ($self, $deep) = @_;
    my $node = XML::DOM::DocumentType->new($self->[_Doc], @{$self}[_Name, _SysId, _PubId, _Internal]);
    $node->[_Entities] = $self->[_Entities]->cloneNode($deep);
    $node->[_Notations] = $self->[_Notations]->cloneNode($deep);
    $node->cloneChildren($self, $deep);
    return $node;
}

sub getSysId    { $_[0]->[_SysId] }
sub getPubId    { $_[0]->[_PubId] }
sub getInternal { $_[0]->[_Internal] }
sub setSysId    { $_[0]->[_SysId] = $_[1] }
sub setPubId    { $_[0]->[_PubId] = $_[1] }
sub setInternal { $_[0]->[_Internal] = $_[1] }
sub setName     { $_[0]->[_Name] = $_[1] }

sub removeChildHoodMemories {
    my ($self) = @_;
    my $parent = $self->[_Parent];
    undef $parent->[_Doctype] if defined $parent && $parent->getNodeType == DOCUMENT_NODE;
    return $self->SUPER::removeChildHoodMemories;
}

sub dispose {
    my $self = shift;
    $self->[_Entities]->dispose;
    $self->[_Notations]->dispose;
    return $self->SUPER::dispose;
}

sub setOwnerDocument {
    my ($self, $doc) = @_;
    $self->SUPER::setOwnerDocument($doc);
    $self->[_Entities]->setOwnerDocument($doc);
    $self->[_Notations]->setOwnerDocument($doc);
    return;
}

sub expandEntity {
    my ($self, $ent, $param) = @_;
    my $kid = $self->[_Entities]->getNamedItem($ent);
    return $kid->getValue if defined $kid && ($param || 0) == ($kid->isParameterEntity || 0);
    return undef;
}

sub getAttlistDecl {
    my ($self, $elemName) = @_;
    for my $kid (@{ $self->[_C] }) { return $kid if $kid->getNodeType == ATTLIST_DECL_NODE && $kid->getName eq $elemName }
    return undef;
}

sub getElementDecl {
    my ($self, $elemName) = @_;
    for my $kid (@{ $self->[_C] }) { return $kid if $kid->getNodeType == ELEMENT_DECL_NODE && $kid->getName eq $elemName }
    return undef;
}

sub addElementDecl {
    my ($self, $name, $model, $hidden) = @_;
    my $node = $self->getElementDecl($name);
    unless (defined $node) {
        $node = $self->[_Doc]->createElementDecl($name, $model, $hidden);
        $self->appendChild($node);
    }
    return $node;
}

sub addNotation {
    my $self = shift;
    my $node = $self->[_Doc]->createNotation(@_);
    $self->[_Notations]->setNamedItem($node);
    return $node;
}

sub addEntity {
    my $self = shift;
    my $node = $self->[_Doc]->createEntity(@_);
    $self->[_Entities]->setNamedItem($node);
    return $node;
}

sub getDefaultAttrValue {
    my ($self, $elem, $attr) = @_;
    my $elemNode = $self->getAttlistDecl($elem);
    return defined $elemNode ? $elemNode->getDefaultAttrValue($attr) : undef;
}

sub getEntity { $_[0]->[_Entities]->getNamedItem($_[1]) }

sub setParams {
    my ($self, $name, $sysid, $pubid, $internal) = @_;
    $self->[_Name] = $name;
    $self->[_SysId] = $sysid if defined $sysid;
    $self->[_PubId] = $pubid if defined $pubid;
    $self->[_Internal] = $internal if defined $internal;
    return $self;
}

sub rejectChild { !$XML::DOM::IgnoreReadOnly }

sub print {
    my ($self, $FILE) = @_;
    my ($name, $sysId, $pubId) = @{$self}[_Name, _SysId, _PubId];
    $FILE->print("<!DOCTYPE $name");
    if (defined $pubId) { $FILE->print(" PUBLIC \"$pubId\" \"" . (defined $sysId ? $sysId : '') . '"') }
    elsif (defined $sysId) { $FILE->print(" SYSTEM \"$sysId\"") }
    my @entities = @{ $self->[_Entities]->getValues };
    my @notations = @{ $self->[_Notations]->getValues };
    my @kids = @{ $self->[_C] };
    if (@entities || @notations || @kids) {
        $FILE->print(" [\x0A");
        for my $kid (@entities, @notations, @kids) {
            next if $kid->[_Hidden];
            $FILE->print(' ');
            $kid->print($FILE);
            $FILE->print("\x0A");
        }
        $FILE->print(']');
    }
    $FILE->print('>');
    return;
}

1;
