package XML::XPath::Node::PI;
# ABSTRACT: cpan-bridge's XML::XPath::Node::PI (processing instruction)

use strict;
use warnings;
use XML::XPath::Node;

our $VERSION = '1.48';
our @ISA = ('XML::XPath::Node');

sub getNodeType { return XML::XPath::Node::PROCESSING_INSTRUCTION_NODE }
sub isPINode { return 1 }
sub isProcessingInstructionNode { return 1 }

sub getTarget    { my $self = shift; return $self->[0]->cell($self->[1], 2) }
sub getData      { my $self = shift; return $self->[0]->cell($self->[1], 3) }
sub string_value { return shift->getData }

sub toString {
    my $self = shift;
    return '<?' . $self->getTarget . ' ' . XML::XPath::Node::XMLescape($self->getData, '>') . '?>';
}

1;
