package XML::DOM::Notation;
# ABSTRACT: XML::DOM's Notation: an <!NOTATION> of the internal subset

use strict;
use warnings;

our $VERSION = '1.46';

use Carp ();
use XML::DOM::Node qw(:DEFAULT :Fields);
use XML::DOM::DOMException;

our @ISA = ('XML::DOM::Node');

sub _Name ()  { 9 }
sub _Base ()  { 10 }
sub _SysId () { 11 }
sub _PubId () { 12 }

sub new {
    my ($class, $doc, $name, $base, $sysId, $pubId, $hidden) = @_;
    Carp::croak(XML::DOM::DOMException->new(INVALID_CHARACTER_ERR, "bad Notation Name [$name]"))
        unless XML::DOM::isValidName($name);
    my $self = bless [], $class;
    $self->[_Doc] = $doc;
    @{$self}[_Name, _Base, _SysId, _PubId, _Hidden] = ($name, $base, $sysId, $pubId, $hidden);
    return $self;
}

sub getNodeType { NOTATION_NODE }
sub getPubId    { $_[0]->[_PubId] }
sub setPubId    { $_[0]->[_PubId] = $_[1] }
sub getSysId    { $_[0]->[_SysId] }
sub setSysId    { $_[0]->[_SysId] = $_[1] }
sub getName     { $_[0]->[_Name] }
sub setName     { $_[0]->[_Name] = $_[1] }
sub getBase     { $_[0]->[_Base] }
sub getNodeName { $_[0]->[_Name] }

sub print {
    my ($self, $FILE) = @_;
    $FILE->print("<!NOTATION $self->[_Name] ");
    $FILE->print(" PUBLIC \"$self->[_PubId]\"") if defined $self->[_PubId];
    $FILE->print(" SYSTEM \"$self->[_SysId]\"") if defined $self->[_SysId];
    $FILE->print('>');
    return;
}

sub cloneNode {
    my ($self) = @_;
    return $self->[_Doc]->createNotation(@{$self}[_Name, _Base, _SysId, _PubId, _Hidden]);
}

1;
