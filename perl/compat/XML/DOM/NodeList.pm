package XML::DOM::NodeList;
# ABSTRACT: XML::DOM's NodeList: a blessed array, so a script may use it as an array ref too

use strict;
use warnings;

our $VERSION = '1.46';

sub new { bless [], $_[0] }

our $EMPTY = XML::DOM::NodeList->new;

sub item      { $_[0]->[ $_[1] ] }
sub getLength { scalar @{ $_[0] } }

sub dispose {
    my $self = shift;
    $_->dispose for @$self;
    return;
}

sub setOwnerDocument {
    my ($self, $doc) = @_;
    $_->setOwnerDocument($doc) for @$self;
    return;
}

1;
