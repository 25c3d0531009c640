package XML::XPath::Node::Namespace;
# ABSTRACT: cpan-bridge's XML::XPath::Node::Namespace: a namespace declaration of an element ('#default' for xmlns="...")

use strict;
use warnings;
use XML::XPath::Node;

our $VERSION = '1.48';
our @ISA = ('XML::XPath::Node');

# [document, row (undef for the root's xml declaration), prefix, URI, element row]
sub _make {
    my ($class, $doc, $row, $prefix, $uri, $parent) = @_;
    return bless [ $doc, $row, $prefix, $uri, $parent ], $class;
}

sub getNodeType { return XML::XPath::Node::NAMESPACE_NODE }
sub isNamespaceNode { return 1 }

sub getParentNode { my $self = shift; return $self->[0]->node($self->[4]) }
sub get_global_pos { my $self = shift; return defined $self->[1] ? $self->[1] : 0 }

sub getPrefix    { return $_[0][2] }
sub getExpanded  { return $_[0][3] }
sub getValue     { return $_[0][3] }
sub getData      { return $_[0][3] }
sub string_value { return $_[0][3] }

sub toString {
    my $self = shift;
    return '' unless defined $self->[3];
    my $string = $self->[2] eq '#default' ? ' xmlns="' : ' xmlns:' . $self->[2] . '="';
    return $string . XML::XPath::Node::XMLescape($self->[3], '"&<') . '"';
}

1;
