package XML::DOM::NamedNodeMap;
# ABSTRACT: XML::DOM's NamedNodeMap: a hash of name => node plus, under the key '', the nodes in order

use strict;
use warnings;
no warnings 'once';

our $VERSION = '1.46';

use Carp ();
use XML::DOM::DOMException;
use XML::DOM::NodeList;

# XML::DOM keeps its properties under the empty key, so $map->{$name} is the node (scripts use it).
our $Special = '';

# Node field indexes this file needs (XML::DOM::Node's _Doc and _UsedIn).
sub _Doc ()    { 2 }
sub _UsedIn () { 5 }

sub new {
    my ($class, %args) = @_;
    $args{Values} = XML::DOM::NodeList->new;
    return bless { $Special => \%args }, $class;
}

sub getNamedItem { ($_[1] eq $Special) ? undef : $_[0]->{ $_[1] } }

sub setNamedItem {
    my ($self, $node) = @_;
    my $prop = $self->{$Special};
    my $name = $node->getNodeName;
    if ($XML::DOM::SafeMode) {
        Carp::croak(XML::DOM::DOMException->new(NO_MODIFICATION_ALLOWED_ERR)) if $self->isReadOnly;
        Carp::croak(XML::DOM::DOMException->new(WRONG_DOCUMENT_ERR)) if $node->[_Doc] != $prop->{Doc};
        Carp::croak(XML::DOM::DOMException->new(INUSE_ATTRIBUTE_ERR)) if defined $node->[_UsedIn];
        Carp::croak(XML::DOM::DOMException->new(INVALID_CHARACTER_ERR, "can't add name with NodeName [$name] to NamedNodeMap"))
            if $name eq $Special;
    }
    my $values = $prop->{Values};
    my $index = -1;
    my $prev = $self->{$name};
    if (defined $prev) {
        $prev->decoupleUsedIn;
        $index = 0;
        for my $val (@$values) { last if $val == $prev; $index++ }
    }
    $self->{$name} = $node;
    $node->[_UsedIn] = $self;
    if ($index == -1) { push @$values, $node } else { splice @$values, $index, 1, $node }
    return $prev;
}

sub removeNamedItem {
    my ($self, $name) = @_;
    Carp::croak(XML::DOM::DOMException->new(NOT_FOUND_ERR)) if $name eq $Special;
    my $node = $self->{$name};
    Carp::croak(XML::DOM::DOMException->new(NOT_FOUND_ERR)) unless defined $node;
    Carp::croak(XML::DOM::DOMException->new(NO_MODIFICATION_ALLOWED_ERR)) if $self->isReadOnly;
    $node->decoupleUsedIn;
    delete $self->{$name};
    my $values = $self->getValues;
    my $index = 0;
    for my $val (@$values) {
        if ($val == $node) { splice @$values, $index, 1; last }
        $index++;
    }
    return $node;
}

sub item      { $_[0]->{$Special}{Values}[ $_[1] ] }
sub getLength { scalar @{ $_[0]->{$Special}{Values} } }

sub isReadOnly {
    return 0 if $XML::DOM::IgnoreReadOnly;
    my $used = $_[0]->{$Special}{UsedIn};
    return defined $used ? $used->isReadOnly : 0;
}

sub cloneNode {
    my ($self, $deep) = @_;
    my $prop = $self->{$Special};
    my $map = XML::DOM::NamedNodeMap->new(Doc => $prop->{Doc});
    local $XML::DOM::IgnoreReadOnly = 1;
    for my $val (@{ $prop->{Values} }) {
        my $key = $val->getNodeName;
        my $newNode = $val->cloneNode($deep);
        $newNode->[_UsedIn] = $map;
        $map->{$key} = $newNode;
        push @{ $map->{$Special}{Values} }, $newNode;
    }
    return $map;
}

sub setOwnerDocument {
    my ($self, $doc) = @_;
    my $special = $self->{$Special};
    $special->{Doc} = $doc;
    $_->setOwnerDocument($doc) for @{ $special->{Values} };
    return;
}

sub getChildIndex {
    my ($self, $attr) = @_;
    my $i = 0;
    for my $kid (@{ $self->{$Special}{Values} }) { return $i if $kid == $attr; $i++ }
    return -1;
}

sub getValues { wantarray ? @{ $_[0]->{$Special}{Values} } : $_[0]->{$Special}{Values} }

sub dispose {
    my $self = shift;
    for my $kid (@{ $self->getValues || [] }) {
        undef $kid->[_UsedIn];
        $kid->dispose;
    }
    delete @{ $self->{$Special} }{qw(Doc Parent Values)};
    delete $self->{$_} for keys %$self;
    return;
}

sub setParentNode { $_[0]->{$Special}{Parent} = $_[1] }
sub getProperty   { $_[0]->{$Special}{ $_[1] } }

1;
