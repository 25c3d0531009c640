package XML::DOM::DocumentFragment;
# ABSTRACT: XML::DOM's DocumentFragment: its children move when it is appended or inserted

use strict;
use warnings;

our $VERSION = '1.46';

use XML::DOM::Node qw(:DEFAULT :Fields);

our @ISA = ('XML::DOM::Node');

sub new {
    my ($class, $doc) = @_;
    my $self = bless [], $class;
    $self->[_Doc] = $doc;
    $self->[_C] = XML::DOM::NodeList->new;
    return $self;
}

sub getNodeType { DOCUMENT_FRAGMENT_NODE }
sub getNodeName { '#document-fragment' }

sub cloneNode {
    my ($self, $deep) = @_;
    my $node = $self->[_Doc]->createDocumentFragment;
    $node->cloneChildren($self, $deep);
    return $node;
}

sub isReadOnly { 0 }

sub print {
    my ($self, $FILE) = @_;
    $_->print($FILE) for @{ $self->[_C] };
    return;
}

my %CHILD_OK = map { ($_ => 1) } (TEXT_NODE, ENTITY_REFERENCE_NODE, PROCESSING_INSTRUCTION_NODE, COMMENT_NODE,
    CDATA_SECTION_NODE, ELEMENT_NODE);
sub rejectChild { !$CHILD_OK{ $_[1]->getNodeType } }

sub isDocumentFragmentNode { 1 }

1;
