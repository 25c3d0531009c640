package XML::XPath::Literal;
# ABSTRACT: cpan-bridge's XML::XPath::Literal: a string result, as XML::XPath 1.48's

use strict;
use warnings;
use XML::XPath::Boolean;
use XML::XPath::Number;

our $VERSION = '1.48';

use overload
    '""'       => \&value,
    'fallback' => 1,
    'cmp'      => \&cmp;

sub new {
    my ($class, $string) = @_;
    return bless \$string, $class;
}

sub as_string {
    my $self = shift;
    (my $string = $$self) =~ s/'/&apos;/g;
    return "'$string'";
}

sub as_xml { my $self = shift; return "<Literal>$$self</Literal>\n" }

sub value { return ${ $_[0] } }

sub cmp {
    my ($self, $other, $swap) = @_;
    return $swap ? $other cmp $$self : $$self cmp $other;
}

sub evaluate { return $_[0] }

sub to_boolean { return length(${ $_[0] }) > 0 ? XML::XPath::Boolean->True : XML::XPath::Boolean->False }

sub to_number { return XML::XPath::Number->new($_[0]->value) }

sub to_literal { return $_[0] }

sub string_value { return $_[0]->value }

1;
