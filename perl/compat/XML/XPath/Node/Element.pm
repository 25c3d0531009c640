package XML::XPath::Node::Element;
# ABSTRACT: cpan-bridge's XML::XPath::Node::Element (the document's root node is one without a name, as in XML::XPath)

use strict;
use warnings;
use XML::XPath::Node;

our $VERSION = '1.48';
our @ISA = ('XML::XPath::Node');

my $XML_NS = 'http://www.w3.org/XML/1998/namespace';

sub getNodeType { return XML::XPath::Node::ELEMENT_NODE }
sub isElementNode { return 1 }

sub getName {
    my $self = shift;
    return undef if $self->[1] == 0;
    return $self->[0]->cell($self->[1], 2);
}

sub getTagName { return shift->getName(@_) }

sub getLocalName {
    my $self = shift;
    my $local = $self->getName;
    return undef unless defined $local;
    $local =~ s/.*://;
    return $local;
}

sub getPrefix {
    my $self = shift;
    my $name = $self->getName;
    return undef unless defined $name;
    return $name =~ /^([^:]+):/ ? $1 : '';
}

sub getChildNodes {
    my $self = shift;
    my $doc = $self->[0];
    my @kids = map { $doc->node($_) } @{ $doc->kids($self->[1]) };
    return wantarray ? @kids : \@kids;
}

sub getChildNode {
    my ($self, $pos) = @_;
    my $kids = $self->[0]->kids($self->[1]);
    return if $pos < 1 || $pos > @$kids;
    return $self->[0]->node($kids->[ $pos - 1 ]);
}

sub getFirstChild {
    my $self = shift;
    my $kids = $self->[0]->kids($self->[1]);
    return unless @$kids;
    return $self->[0]->node($kids->[0]);
}

sub getLastChild {
    my $self = shift;
    my $kids = $self->[0]->kids($self->[1]);
    return unless @$kids;
    return $self->[0]->node($kids->[-1]);
}

sub getAttributeNode {
    my ($self, $name) = @_;
    my $doc = $self->[0];
    for my $a (@{ $doc->attrs($self->[1]) }) {
        return $doc->node($a) if $doc->cell($a, 2) eq $name;
    }
    return;
}

sub getAttribute {
    my $self = shift;
    my $attr = $self->getAttributeNode(@_);
    return $attr->getValue if $attr;
    return;
}

sub getAttributes {
    my $self = shift;
    my $doc = $self->[0];
    my @attrs = map { $doc->node($_) } @{ $doc->attrs($self->[1]) };
    return wantarray ? @attrs : \@attrs;
}

sub getNamespaces {
    my $self = shift;
    my $doc = $self->[0];
    my @ns = map { $doc->node($_) } @{ $doc->nss($self->[1]) };
    # XML::XPath's root node declares the xml prefix
    unshift @ns, XML::XPath::Node::Namespace->_make($doc, undef, 'xml', $XML_NS, 0) if $self->[1] == 0;
    return wantarray ? @ns : \@ns;
}

sub getNamespaceNodes { goto &getNamespaces }

sub getNamespace {
    my ($self, $prefix) = @_;
    $prefix ||= $self->getPrefix || '#default';
    for my $ns ($self->getNamespaces) {
        return $ns if $ns->getPrefix eq $prefix;
    }
    my $parent = $self->getParentNode;
    return $parent->getNamespace($prefix) if $parent;
    return;
}

sub getElementById { return }

sub string_value {
    my $self = shift;
    my $doc = $self->[0];
    my $string = '';
    my @todo = @{ $doc->kids($self->[1]) };
    # depth first, in document order: element and text children only, as XML::XPath
    while (@todo) {
        my $r = shift @todo;
        my $t = $doc->cell($r, 0);
        if ($t == 3 || $t == 4) { $string .= $doc->text($r) }
        elsif ($t == 1) { unshift @todo, @{ $doc->kids($r) } }
    }
    return $string;
}

sub toString {
    my ($self, $norecurse) = @_;
    my $doc = $self->[0];
    my $kids = $doc->kids($self->[1]);
    if ($self->[1] == 0) {
        return join '', map { $doc->node($_)->toString($norecurse) } @$kids;
    }
    my $name = $doc->cell($self->[1], 2);
    my $string = '<' . $name;
    $string .= join '', map { $doc->node($_)->toString } @{ $doc->nss($self->[1]) };
    $string .= join '', map { $doc->node($_)->toString } @{ $doc->attrs($self->[1]) };
    if (@$kids) {
        $string .= '>';
        $string .= join '', map { $doc->node($_)->toString($norecurse) } @$kids unless $norecurse;
        $string .= '</' . $name . '>';
    } else {
        $string .= ' />';
    }
    return $string;
}

1;
