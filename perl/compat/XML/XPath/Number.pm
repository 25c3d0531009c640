package XML::XPath::Number;
# ABSTRACT: cpan-bridge's XML::XPath::Number: a number result, as XML::XPath 1.48's (its value is the text it was made from; NaN is undef)

use strict;
use warnings;
use XML::XPath::Boolean;
use XML::XPath::Literal;

our $VERSION = '1.48';

use overload
    '""'  => \&value,
    '0+'  => \&value,
    '<=>' => \&cmp;

sub new {
    my ($class, $number) = @_;
    # XML::XPath's own test: what is not a plain decimal (exponents, Infinity, NaN) has no value
    if (!defined $number || $number !~ /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/) {
        $number = undef;
    } else {
        $number =~ s/^\s*(.*)\s*$/$1/;
    }
    return bless \$number, $class;
}

sub as_string { my $self = shift; return defined $$self ? $$self : 'NaN' }

sub as_xml { my $self = shift; return '<Number>' . (defined $$self ? $$self : 'NaN') . "</Number>\n" }

sub value { return ${ $_[0] } }

sub cmp {
    my ($self, $other, $swap) = @_;
    return $swap ? $other <=> $$self : $$self <=> $other;
}

sub evaluate { return $_[0] }

sub to_boolean { return ${ $_[0] } ? XML::XPath::Boolean->True : XML::XPath::Boolean->False }

sub to_literal { return XML::XPath::Literal->new($_[0]->as_string) }

sub to_number { return $_[0] }

sub string_value { return $_[0]->value }

1;
