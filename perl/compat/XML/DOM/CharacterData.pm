package XML::DOM::CharacterData;
# ABSTRACT: XML::DOM's CharacterData: the data methods Text, Comment and CDATASection share

use strict;
use warnings;

our $VERSION = '1.46';

use Carp ();
use XML::DOM::Node qw(:DEFAULT :Fields);
use XML::DOM::DOMException;

our @ISA = ('XML::DOM::Node');
our @EXPORT_OK = ('_Data');
our %EXPORT_TAGS = (Fields => ['_Data']);

sub _Data () { 9 }

sub new {
    my ($class, $doc, $data) = @_;
    my $self = bless [], $class;
    $self->[_Doc] = $doc;
    $self->[_Data] = $data;
    return $self;
}

sub _readonly { Carp::croak(XML::DOM::DOMException->new(NO_MODIFICATION_ALLOWED_ERR, 'node is ReadOnly')) }

sub _offset {
    my ($self, $offset, $count) = @_;
    Carp::croak(XML::DOM::DOMException->new(INDEX_SIZE_ERR, "bad offset [$offset]"))
        if $offset < 0 || $offset >= length $self->[_Data];
    Carp::croak(XML::DOM::DOMException->new(INDEX_SIZE_ERR, "negative count [$count]")) if defined $count && $count < 0;
    return;
}

sub appendData {
    my ($self, $data) = @_;
    _readonly() if $XML::DOM::SafeMode && $self->isReadOnly;
    $self->[_Data] .= $data;
    return;
}

sub deleteData {
    my ($self, $offset, $count) = @_;
    $self->_offset($offset, $count);
    _readonly() if $self->isReadOnly;
    substr($self->[_Data], $offset, $count) = '';
    return;
}

sub getData   { $_[0]->[_Data] }
sub getLength { length $_[0]->[_Data] }

sub insertData {
    my ($self, $offset, $data) = @_;
    $self->_offset($offset);
    _readonly() if $self->isReadOnly;
    substr($self->[_Data], $offset, 0) = $data;
    return;
}

sub replaceData {
    my ($self, $offset, $count, $data) = @_;
    $self->_offset($offset, $count);
    _readonly() if $self->isReadOnly;
    substr($self->[_Data], $offset, $count) = $data;
    return;
}

sub setData {
    my ($self, $data) = @_;
    _readonly() if $self->isReadOnly;
    $self->[_Data] = $data;
    return;
}

sub substringData {
    my ($self, $offset, $count) = @_;
    $self->_offset($offset, $count);
    return substr($self->[_Data], $offset, $count);
}

sub getNodeValue { $_[0]->getData }
sub setNodeValue { $_[0]->setData($_[1]) }

1;
