package XML::XPath::NodeSet;
# ABSTRACT: cpan-bridge's XML::XPath::NodeSet: the nodes a query found, in document order, with XML::XPath 1.48's overloading

use strict;
use warnings;
use XML::XPath::Boolean;
use XML::XPath::Literal;
use XML::XPath::Number;

our $VERSION = '1.48';

# XML::XPath's overloading, odd parts included: `eq` and friends answer the
# first node's string value, `==` and friends a Number object; scripts that
# compare a node set rely on what those give.
use overload
    '""'   => \&to_literal,
    'eq'   => \&string_value,
    'ne'   => \&string_value,
    'lt'   => \&string_value,
    'le'   => \&string_value,
    'gt'   => \&string_value,
    'ge'   => \&string_value,
    'bool' => \&to_boolean,
    '=='   => \&to_number,
    '!='   => \&to_number,
    '>'    => \&to_number,
    '<'    => \&to_number,
    '>='   => \&to_number,
    '<='   => \&to_number;

sub new { return bless [], $_[0] }

sub sort {
    my $self = CORE::shift;
    @$self = CORE::sort { $a->get_global_pos <=> $b->get_global_pos } @$self;
    $self->remove_duplicates;
    return $self;
}

sub remove_duplicates {
    my $self = CORE::shift;
    my @unique;
    my $last = 0;
    for my $node (@$self) {
        CORE::push @unique, $node unless $node == $last;
        $last = $node;
    }
    @$self = @unique;
    return $self;
}

sub pop     { my $self = CORE::shift; return CORE::pop @$self }
sub push    { my $self = CORE::shift; CORE::push @$self, @_ }
sub append  { my ($self, $set) = @_; CORE::push @$self, $set->get_nodelist }
sub shift   { my $self = CORE::shift; return CORE::shift @$self }
sub unshift { my $self = CORE::shift; CORE::unshift @$self, @_ }
sub prepend { my ($self, $set) = @_; CORE::unshift @$self, $set->get_nodelist }

sub size { my $self = CORE::shift; return scalar @$self }

# 1-based, as XML::XPath's
sub get_node { my ($self, $pos) = @_; return $self->[$pos - 1] }

sub getRootNode { my $self = CORE::shift; return $self->[0]->getRootNode }

sub get_nodelist { my $self = CORE::shift; return @$self }

sub to_boolean { my $self = CORE::shift; return @$self > 0 ? XML::XPath::Boolean->True : XML::XPath::Boolean->False }

sub string_value {
    my $self = CORE::shift;
    return '' unless @$self;
    return $self->[0]->string_value;
}

sub to_literal {
    my $self = CORE::shift;
    return XML::XPath::Literal->new(join '', map { $_->string_value } @$self);
}

sub to_number { my $self = CORE::shift; return XML::XPath::Number->new($self->to_literal) }

1;
