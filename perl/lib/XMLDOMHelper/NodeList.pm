package XMLDOMHelper::NodeList;
# ABSTRACT: the old XMLDOMHelper::NodeList: XML::DOM's NodeList (getLength, item, an array ref)

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge::Compat 'XML::DOM';

our @ISA = ('XML::DOM::NodeList');

# The old item() answered undef past the end, as XML::DOM's does; it also took a string index.
sub item { $_[0]->[ int($_[1] || 0) ] }

1;
