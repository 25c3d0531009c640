package XML::DOM::Text;
# ABSTRACT: XML::DOM's Text node: prints with < & > " escaped, as XML::DOM 1.46

use strict;
use warnings;

our $VERSION = '1.46';

use Carp ();
use XML::DOM::Node qw(:DEFAULT :Fields);
use XML::DOM::CharacterData ();
use XML::DOM::DOMException;

our @ISA = ('XML::DOM::CharacterData');

# CharacterData's field (a constant of its own: CharacterData may still be compiling when this file loads)
sub _Data () { 9 }

sub getNodeType { TEXT_NODE }
sub getNodeName { '#text' }

sub splitText {
    my ($self, $offset) = @_;
    my $data = $self->getData;
    Carp::croak(XML::DOM::DOMException->new(INDEX_SIZE_ERR, "bad offset [$offset]")) if $offset < 0 || $offset >= length $data;
    Carp::croak(XML::DOM::DOMException->new(NO_MODIFICATION_ALLOWED_ERR, 'node is ReadOnly')) if $self->isReadOnly;
    my $rest = substr $data, $offset;
    $self->setData(substr $data, 0, $offset);
    my $node = $self->[_Doc]->createTextNode($rest);
    $self->[_Parent]->insertBefore($node, $self->getNextSibling);
    return $node;
}

sub cloneNode  { $_[0]->[_Doc]->createTextNode($_[0]->getData) }
sub isReadOnly { 0 }
sub isTextNode { 1 }

sub print {
    my ($self, $FILE) = @_;
    $FILE->print(XML::DOM::encodeText($self->getData, '<&>"'));
    return;
}

1;
