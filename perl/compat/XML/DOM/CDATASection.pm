package XML::DOM::CDATASection;
# ABSTRACT: XML::DOM's CDATASection (kept as such when the parser has KeepCDATA)

use strict;
use warnings;

our $VERSION = '1.46';

use XML::DOM::Node qw(:DEFAULT :Fields);
use XML::DOM::CharacterData ();

our @ISA = ('XML::DOM::CharacterData');

# CharacterData's field (a constant of its own: CharacterData may still be compiling when this file loads)
sub _Data () { 9 }

sub getNodeName { '#cdata-section' }
sub getNodeType { CDATA_SECTION_NODE }
sub cloneNode   { $_[0]->[_Doc]->createCDATASection($_[0]->getData) }
sub isReadOnly  { 0 }

sub print {
    my ($self, $FILE) = @_;
    $FILE->print('<![CDATA[');
    $FILE->print(XML::DOM::encodeCDATA($self->getData));
    $FILE->print(']]>');
    return;
}

1;
