package XMLDOMHelper::Element;
# ABSTRACT: the old XMLDOMHelper::Element: an XML::DOM::Element read as the old helper's ElementTree did

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge::Compat 'XML::DOM';

our @ISA = ('XML::DOM::Element');

# ElementTree's .text: the text before the first child element.
sub getNodeValue {
    my $self = shift;
    my $text = '';
    for my $kid (@{ $self->[0] }) {
        my $t = $kid->getNodeType;
        last if $t == 1;
        $text .= $kid->getData if $t == 3 || $t == 4;
    }
    return $text;
}

sub getChildNodes {
    my $self = shift;
    return bless [grep { $_->getNodeType == 1 } @{ $self->[0] }], 'XMLDOMHelper::NodeList';
}

sub getFirstChild {
    my $self = shift;
    for my $kid (@{ $self->[0] }) { return $kid if $kid->getNodeType == 1 }
    return undef;
}

# ElementTree's iter(tag): the element itself first when it matches.
sub getElementsByTagName {
    # XML::DOM recurses through this method with its list: that walk stays XML::DOM's
    return shift->SUPER::getElementsByTagName(@_) if @_ > 3;
    my ($self, $tag) = @_;
    die 'Tag name is required for getElementsByTagName()' unless defined $tag;
    my @found = ($tag eq '*' || $tag eq $self->getTagName) ? ($self) : ();
    push @found, $self->SUPER::getElementsByTagName($tag);
    return bless \@found, 'XMLDOMHelper::NodeList';
}

sub hasAttribute { defined $_[0]->getAttributeNode($_[1]) ? 1 : 0 }

sub getAttribute {
    my ($self, $name) = @_;
    return '' unless defined $name;
    return $self->SUPER::getAttribute($name);
}

sub removeAttribute {
    my ($self, $name) = @_;
    return 1 unless defined $self->getAttributeNode($name);
    $self->SUPER::removeAttribute($name);
    return 1;
}

sub cloneNode {
    my ($self, $deep) = @_;
    my $clone = $self->SUPER::cloneNode($deep);
    return XMLDOMHelper::Document::adopt('XMLDOMHelper::Element', $clone) if $deep;
    return bless $clone, 'XMLDOMHelper::Element';
}

1;
