package XML::XPath::Node::Comment;
# ABSTRACT: cpan-bridge's XML::XPath::Node::Comment

use strict;
use warnings;
use XML::XPath::Node;

our $VERSION = '1.48';
our @ISA = ('XML::XPath::Node');

sub getNodeType { return XML::XPath::Node::COMMENT_NODE }
sub isCommentNode { return 1 }

sub getNodeValue { my $self = shift; return $self->[0]->cell($self->[1], 3) }
sub getData      { return shift->getNodeValue }
sub string_value { return shift->getNodeValue }

sub comment_escape {
    my $data = shift;
    $data =~ s/--/&#45;&#45;/g;
    return $data;
}

sub toString { my $self = shift; return '<!--' . comment_escape($self->getNodeValue) . '-->' }

1;
