package XMLDOMHelper::Document;
# ABSTRACT: the old XMLDOMHelper::Document: an XML::DOM::Document whose elements are XMLDOMHelper::Element

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge::Compat 'XML::DOM';

our @ISA = ('XML::DOM::Document');

# A parsed XML::DOM::Document under the old class names.
sub adopt {
    my ($class, $doc) = @_;
    my @todo = ($doc);
    while (defined(my $n = shift @todo)) {
        bless $n, 'XMLDOMHelper::Element' if ref $n eq 'XML::DOM::Element';
        push @todo, @{ $n->[0] } if $n->[0];
    }
    return bless $doc, $class;
}

sub getElementsByTagName {
    my ($self, $tag, @rest) = @_;
    die 'Tag name is required for getElementsByTagName()' unless defined $tag;
    return bless scalar($self->SUPER::getElementsByTagName($tag, @rest)), 'XMLDOMHelper::NodeList';
}

sub createElement {
    my ($self, $tag) = @_;
    die 'Tag name is required for createElement()' unless defined $tag;
    return bless $self->SUPER::createElement($tag), 'XMLDOMHelper::Element';
}

sub createTextNode {
    my ($self, $data) = @_;
    return $self->SUPER::createTextNode(defined $data ? $data : '');
}

# The old toString took an indent (its pretty printer's); the text is XML::DOM's.
sub toString { my $self = shift; return $self->SUPER::toString }

sub dispose {
    my $self = shift;
    $self->SUPER::dispose;
    return 1;
}

1;
