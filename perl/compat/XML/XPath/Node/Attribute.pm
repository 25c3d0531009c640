package XML::XPath::Node::Attribute;
# ABSTRACT: cpan-bridge's XML::XPath::Node::Attribute

use strict;
use warnings;
use XML::XPath::Node;

our $VERSION = '1.48';
our @ISA = ('XML::XPath::Node');

sub getNodeType { return XML::XPath::Node::ATTRIBUTE_NODE }
sub isAttributeNode { return 1 }

sub getName { my $self = shift; return $self->[0]->cell($self->[1], 2) }

sub getLocalName {
    my $self = shift;
    (my $local = $self->getName) =~ s/.*://;
    return $local;
}

sub getNodeValue { my $self = shift; return $self->[0]->cell($self->[1], 3) }
sub getData      { return shift->getNodeValue(@_) }
sub string_value { my $self = shift; return $self->[0]->cell($self->[1], 3) }

sub getPrefix { my $self = shift; return $self->getName =~ /^([^:]+):/ ? $1 : '' }

sub toString {
    my $self = shift;
    return ' ' . $self->getName . '="' . XML::XPath::Node::XMLescape($self->getNodeValue, '"&><') . '"';
}

sub getNamespace {
    my ($self, $prefix) = @_;
    $prefix ||= $self->getPrefix;
    if (my $parent = $self->getParentNode) { return $parent->getNamespace($prefix) }
    return;
}

1;
