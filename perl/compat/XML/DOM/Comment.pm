package XML::DOM::Comment;
# ABSTRACT: XML::DOM's Comment: prints '--' in its data as &#45;&#45;, as XML::DOM 1.46

use strict;
use warnings;

our $VERSION = '1.46';

use XML::DOM::Node qw(:DEFAULT :Fields);
use XML::DOM::CharacterData ();

our @ISA = ('XML::DOM::CharacterData');

# CharacterData's field (a constant of its own: CharacterData may still be compiling when this file loads)
sub _Data () { 9 }

sub getNodeType { COMMENT_NODE }
sub getNodeName { '#comment' }
sub cloneNode   { $_[0]->[_Doc]->createComment($_[0]->getData) }

*isReadOnly = \&XML::DOM::Node::_parent_read_only;

sub print {
    my ($self, $FILE) = @_;
    my $comment = XML::DOM::encodeComment($self->[_Data]);
    $FILE->print('<!--' . (defined $comment ? $comment : '') . '-->');
    return;
}

1;
