package XMLDOMHelper;
# ABSTRACT: the old bridge's XMLDOMHelper: XML::DOM (perl/compat) under the old class names, with the old API's readings

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge;
use CPANBridge::Compat 'XML::DOM';
use XMLDOMHelper::Parser;
use XMLDOMHelper::Document;
use XMLDOMHelper::Element;
use XMLDOMHelper::NodeList;

# The old module's bridge object (scripts set $CPANBridge::... globals, never this).
our $bridge = CPANBridge->new;

1;

__END__

=head1 NAME

XMLDOMHelper - the old bridge's XML::DOM replacement, now XML::DOM's facade underneath

=head1 SYNOPSIS

  use XMLDOMHelper;
  my $doc = XMLDOMHelper::Parser->new->parse($xml);
  for my $site (@{ $doc->getElementsByTagName('Site') }) { print $site->getAttribute('Name') }

=head1 DESCRIPTION

The objects are XML::DOM's (the facade in F<perl/compat>), blessed into the
old names, so every XML::DOM method works on them. Where the old helper
answered differently from XML::DOM, the old class keeps the old answer
(it read the document with Python's ElementTree): an element's
C<getNodeValue> is its leading text, C<getChildNodes> lists child elements
only, C<getElementsByTagName> on an element includes the element itself when
it matches, C<hasAttribute> exists, and parse errors die with
C<XML parsing failed: ...>.

=cut
