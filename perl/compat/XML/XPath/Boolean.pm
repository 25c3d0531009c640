package XML::XPath::Boolean;
# ABSTRACT: cpan-bridge's XML::XPath::Boolean: a boolean result (value 1 or 0), as XML::XPath 1.48's

use strict;
use warnings;
use XML::XPath::Number;
use XML::XPath::Literal;

our $VERSION = '1.48';

use overload
    '""'  => \&value,
    '<=>' => \&cmp;

sub True  { my $val = 1; return bless \$val, $_[0] }
sub False { my $val = 0; return bless \$val, $_[0] }

sub value { return ${ $_[0] } }

sub cmp {
    my ($self, $other, $swap) = @_;
    return $swap ? $other <=> $$self : $$self <=> $other;
}

sub to_number { return XML::XPath::Number->new($_[0]->value) }

sub to_boolean { return $_[0] }

sub to_literal { return XML::XPath::Literal->new($_[0]->value ? 'true' : 'false') }

sub string_value { return $_[0]->to_literal->value }

1;
