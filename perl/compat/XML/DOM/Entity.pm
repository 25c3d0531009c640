package XML::DOM::Entity;
# ABSTRACT: XML::DOM's Entity: an <!ENTITY> of the internal subset

use strict;
use warnings;

our $VERSION = '1.46';

use Carp ();
use XML::DOM::Node qw(:DEFAULT :Fields);
use XML::DOM::DOMException;

our @ISA = ('XML::DOM::Node');

sub _NotationName () { 9 }
sub _Parameter ()    { 10 }
sub _Value ()        { 11 }
sub _Ndata ()        { 12 }
sub _SysId ()        { 13 }
sub _PubId ()        { 14 }

sub new {
    my ($class, $doc, $notationName, $value, $sysId, $pubId, $ndata, $isParam, $hidden) = @_;
    Carp::croak(XML::DOM::DOMException->new(INVALID_CHARACTER_ERR, "bad Entity Name [$notationName]"))
        unless XML::DOM::isValidName($notationName);
    my $self = bless [], $class;
    $self->[_Doc] = $doc;
    @{$self}[_NotationName, _Parameter, _Value, _Ndata, _SysId, _PubId, _Hidden] =
        ($notationName, $isParam, $value, $ndata, $sysId, $pubId, $hidden);
    return $self;
}

sub getNodeType       { ENTITY_NODE }
sub getPubId          { $_[0]->[_PubId] }
sub getSysId          { $_[0]->[_SysId] }
sub getNotationName   { $_[0]->[_NotationName] }
sub getNodeName       { $_[0]->[_NotationName] }
sub getValue          { $_[0]->[_Value] }
sub isParameterEntity { $_[0]->[_Parameter] }
sub getNdata          { $_[0]->[_Ndata] }
sub rejectChild       { 1 }

sub cloneNode {
    my $self = shift;
    return $self->[_Doc]->createEntity(@{$self}[_NotationName, _Value, _SysId, _PubId, _Ndata, _Parameter, _Hidden]);
}

sub print {
    my ($self, $FILE) = @_;
    my $par = $self->isParameterEntity ? '% ' : '';
    $FILE->print("<!ENTITY $par$self->[_NotationName]");
    my ($value, $sysId, $pubId, $ndata) = @{$self}[_Value, _SysId, _PubId, _Ndata];
    if (defined $value) {
        $value = ($value =~ /"/) ? "'$value'" : "\"$value\"";
        $FILE->print(" $value");
    }
    if (defined $pubId) { $FILE->print(" PUBLIC \"$pubId\"") }
    elsif (defined $sysId) { $FILE->print(' SYSTEM') }
    $FILE->print(" \"$sysId\"") if defined $sysId;
    $FILE->print(" NDATA $ndata") if defined $ndata;
    $FILE->print('>');
    return;
}

1;
