package XML::DOM::ProcessingInstruction;
# ABSTRACT: XML::DOM's ProcessingInstruction: <?target data?>

use strict;
use warnings;

our $VERSION = '1.46';

use Carp ();
use XML::DOM::Node qw(:DEFAULT :Fields);
use XML::DOM::DOMException;

our @ISA = ('XML::DOM::Node');

sub _Target () { 9 }
sub _Data ()   { 10 }

sub new {
    my ($class, $doc, $target, $data, $hidden) = @_;
    Carp::croak(XML::DOM::DOMException->new(INVALID_CHARACTER_ERR, "bad ProcessingInstruction Target [$target]"))
        unless XML::DOM::isValidName($target) && $target !~ /^xml$/i;
    my $self = bless [], $class;
    $self->[_Doc] = $doc;
    $self->[_Target] = $target;
    $self->[_Data] = $data;
    $self->[_Hidden] = $hidden;
    return $self;
}

sub getNodeType  { PROCESSING_INSTRUCTION_NODE }
sub getTarget    { $_[0]->[_Target] }
sub getData      { $_[0]->[_Data] }
sub getNodeName  { $_[0]->[_Target] }
sub getNodeValue { $_[0]->[_Data] }
sub setNodeValue { $_[0]->setData($_[1]) }

sub setData {
    my ($self, $data) = @_;
    Carp::croak(XML::DOM::DOMException->new(NO_MODIFICATION_ALLOWED_ERR, 'node is ReadOnly')) if $self->isReadOnly;
    $self->[_Data] = $data;
    return;
}

sub cloneNode {
    my $self = shift;
    return $self->[_Doc]->createProcessingInstruction($self->getTarget, $self->getData, $self->isHidden);
}

*isReadOnly = \&XML::DOM::Node::_parent_read_only;

sub print {
    my ($self, $FILE) = @_;
    my $data = XML::DOM::encodeProcessingInstruction($self->[_Data]);
    $FILE->print('<?' . $self->[_Target] . ' ' . (defined $data ? $data : '') . '?>');
    return;
}

1;
