package XML::XPath::Node::Text;
# ABSTRACT: cpan-bridge's XML::XPath::Node::Text (CDATA sections merged with the text beside them, as XML::XPath's parser does)

use strict;
use warnings;
use XML::XPath::Node;

our $VERSION = '1.48';
our @ISA = ('XML::XPath::Node');

sub getNodeType { return XML::XPath::Node::TEXT_NODE }
sub isTextNode { return 1 }

sub getNodeValue { my $self = shift; return $self->[0]->text($self->[1]) }
sub getData      { my $self = shift; return $self->[0]->text($self->[1]) }
sub string_value { my $self = shift; return $self->[0]->text($self->[1]) }

sub toString { my $self = shift; return XML::XPath::Node::XMLescape($self->[0]->text($self->[1]), '<&') }

1;
