package XML::DOM::Node;
# ABSTRACT: XML::DOM's Node: the tree operations every node type shares (array-based objects, field indexes as XML::DOM 1.46's)

use strict;
use warnings;
no warnings 'once';

our $VERSION = '1.46';

use Carp ();
use Exporter ();
use XML::DOM::DOMException;
use XML::DOM::NodeList;

our (@ISA, @EXPORT, @EXPORT_OK, %EXPORT_TAGS, %HFIELDS, @NodeNames);

BEGIN {
    @ISA = ('Exporter');
    @EXPORT = qw(UNKNOWN_NODE ELEMENT_NODE ATTRIBUTE_NODE TEXT_NODE CDATA_SECTION_NODE ENTITY_REFERENCE_NODE
        ENTITY_NODE PROCESSING_INSTRUCTION_NODE COMMENT_NODE DOCUMENT_NODE DOCUMENT_TYPE_NODE
        DOCUMENT_FRAGMENT_NODE NOTATION_NODE ELEMENT_DECL_NODE ATT_DEF_NODE XML_DECL_NODE ATTLIST_DECL_NODE);
    # The fields every node has, at the indexes XML::DOM gives them ($node->[_C] is its children).
    my @f = qw(C A Doc Parent ReadOnly UsedIn Hidden SortKey UserData);
    %HFIELDS = map { ($f[$_] => $_) } 0 .. $#f;
    @EXPORT_OK = map { "_$_" } @f;
    %EXPORT_TAGS = (Fields => [@EXPORT_OK]);
}

sub _C ()        { 0 }
sub _A ()        { 1 }
sub _Doc ()      { 2 }
sub _Parent ()   { 3 }
sub _ReadOnly () { 4 }
sub _UsedIn ()   { 5 }
sub _Hidden ()   { 6 }
sub _SortKey ()  { 7 }
sub _UserData () { 8 }

sub UNKNOWN_NODE                () { 0 }
sub ELEMENT_NODE                () { 1 }
sub ATTRIBUTE_NODE              () { 2 }
sub TEXT_NODE                   () { 3 }
sub CDATA_SECTION_NODE          () { 4 }
sub ENTITY_REFERENCE_NODE       () { 5 }
sub ENTITY_NODE                 () { 6 }
sub PROCESSING_INSTRUCTION_NODE () { 7 }
sub COMMENT_NODE                () { 8 }
sub DOCUMENT_NODE               () { 9 }
sub DOCUMENT_TYPE_NODE          () { 10 }
sub DOCUMENT_FRAGMENT_NODE      () { 11 }
sub NOTATION_NODE               () { 12 }
sub ELEMENT_DECL_NODE           () { 13 }
sub ATT_DEF_NODE                () { 14 }
sub XML_DECL_NODE               () { 15 }
sub ATTLIST_DECL_NODE           () { 16 }

@NodeNames = qw(UNKNOWN_NODE ELEMENT_NODE ATTRIBUTE_NODE TEXT_NODE CDATA_SECTION_NODE ENTITY_REFERENCE_NODE
    ENTITY_NODE PROCESSING_INSTRUCTION_NODE COMMENT_NODE DOCUMENT_NODE DOCUMENT_TYPE_NODE DOCUMENT_FRAGMENT_NODE
    NOTATION_NODE ELEMENT_DECL_NODE ATT_DEF_NODE XML_DECL_NODE ATTLIST_DECL_NODE);

sub _err { Carp::croak(XML::DOM::DOMException->new(@_)) }

sub decoupleUsedIn { undef $_[0]->[_UsedIn] }

sub getParentNode { $_[0]->[_Parent] }

# The checks XML::DOM makes before a node goes under $self.
# insertBefore's and replaceChild's checks, in XML::DOM's order: the nodes to place (a
# fragment's children) and the reference node's index
sub _placing {
    my ($self, $node, $refNode) = @_;
    _err(NO_MODIFICATION_ALLOWED_ERR, 'node is ReadOnly') if $self->isReadOnly;
    my @nodes = ($node);
    @nodes = @{ $node->[_C] } if $node->getNodeType == DOCUMENT_FRAGMENT_NODE;
    $self->_check_insert($_) for @nodes;
    my $index = $self->getChildIndex($refNode);
    _err(NOT_FOUND_ERR, 'reference node not found') if $index == -1;
    return ($index, @nodes);
}

# Comments and PIs are read-only when their parent is (XML::DOM gives both the same rule)
sub _parent_read_only {
    return 0 if $XML::DOM::IgnoreReadOnly;
    my $pa = $_[0]->[_Parent];
    return defined $pa ? $pa->isReadOnly : 0;
}

sub _check_insert {
    my ($self, $n) = @_;
    _err(WRONG_DOCUMENT_ERR, 'nodes belong to different documents') if $self->[_Doc] != $n->[_Doc];
    _err(HIERARCHY_REQUEST_ERR, 'node is ancestor of parent node') if $n->isAncestor($self);
    _err(HIERARCHY_REQUEST_ERR, 'bad node type') if $self->rejectChild($n);
    return;
}

sub appendChild {
    my ($self, $node) = @_;
    _err(NO_MODIFICATION_ALLOWED_ERR, 'node is ReadOnly') if $XML::DOM::SafeMode && $self->isReadOnly;
    if ($node->isDocumentFragmentNode) {
        if ($XML::DOM::SafeMode) { $self->_check_insert($_) for @{ $node->[_C] } }
        my @list = @{ $node->[_C] };
        $_->setParentNode($self) for @list;
        push @{ $self->[_C] }, @list;
    } else {
        $self->_check_insert($node) if $XML::DOM::SafeMode;
        $node->setParentNode($self);
        push @{ $self->[_C] }, $node;
    }
    return $node;
}

sub getChildNodes {
    my $kids = $_[0]->[_C];
    return wantarray ? (defined $kids ? @$kids : ()) : (defined $kids ? $kids : $XML::DOM::NodeList::EMPTY);
}

sub hasChildNodes {
    my $kids = $_[0]->[_C];
    return defined($kids) && @$kids > 0;
}

sub getOwnerDocument { $_[0]->[_Doc] }

sub getFirstChild {
    my $kids = $_[0]->[_C];
    return defined $kids ? $kids->[0] : undef;
}

sub getLastChild {
    my $kids = $_[0]->[_C];
    return defined $kids ? $kids->[-1] : undef;
}

sub getPreviousSibling {
    my $self = shift;
    my $pa = $self->[_Parent];
    return undef unless $pa;
    my $index = $pa->getChildIndex($self);
    return undef unless $index;
    return $pa->getChildAtIndex($index - 1);
}

sub getNextSibling {
    my $self = shift;
    my $pa = $self->[_Parent];
    return undef unless $pa;
    return $pa->getChildAtIndex($pa->getChildIndex($self) + 1);
}

sub insertBefore {
    my ($self, $node, $refNode) = @_;
    return $self->appendChild($node) unless $refNode;
    my ($index, @nodes) = $self->_placing($node, $refNode);
    # the index is taken before a node moving within this list leaves it, as XML::DOM does
    $_->setParentNode($self) for @nodes;
    splice @{ $self->[_C] }, $index, 0, @nodes;
    return $node;
}

sub replaceChild {
    my ($self, $node, $refNode) = @_;
    my ($index, @nodes) = $self->_placing($node, $refNode);
    $_->setParentNode($self) for @nodes;
    splice @{ $self->[_C] }, $index, 1, @nodes;
    $refNode->removeChildHoodMemories;
    return $refNode;
}

sub removeChild {
    my ($self, $node) = @_;
    _err(NO_MODIFICATION_ALLOWED_ERR, 'node is ReadOnly') if $self->isReadOnly;
    my $index = $self->getChildIndex($node);
    _err(NOT_FOUND_ERR, 'reference node not found') if $index == -1;
    splice @{ $self->[_C] }, $index, 1;
    $node->removeChildHoodMemories;
    return $node;
}

sub normalize {
    my $self = shift;
    my $prev;
    return unless defined $self->[_C];
    my $n = @{ $self->[_C] };
    my $i = 0;
    while ($i < $n) {
        my $node = $self->getChildAtIndex($i);
        my $type = $node->getNodeType;
        if (defined $prev && $type == TEXT_NODE) {
            $prev->appendData($node->getData);
            $self->removeChild($node);
            $i--;
            $n--;
        } else {
            $prev = $type == TEXT_NODE && !defined $prev ? $node : undef;
            if ($type == ELEMENT_NODE) {
                $node->normalize;
                if (defined $node->[_A]) { $_->normalize for @{ $node->[_A]->getValues } }
            }
        }
        $i++;
    }
    return;
}

sub getElementsByTagName {
    my ($self, $tagName, $recurse, $list) = @_;
    $recurse = 1 unless defined $recurse;
    $list = (wantarray ? [] : XML::DOM::NodeList->new) unless defined $list;
    return unless defined $self->[_C];
    for my $kid (@{ $self->[_C] }) {
        next unless $kid->isElementNode;
        push @$list, $kid if $tagName eq '*' || $tagName eq $kid->getTagName;
        $kid->getElementsByTagName($tagName, $recurse, $list) if $recurse;
    }
    return wantarray ? @$list : $list;
}

sub getNodeValue  { undef }
sub setNodeValue  { return }
sub getAttributes { undef }

sub setOwnerDocument {
    my ($self, $doc) = @_;
    $self->[_Doc] = $doc;
    return unless defined $self->[_C];
    $_->setOwnerDocument($doc) for @{ $self->[_C] };
    return;
}

sub cloneChildren {
    my ($self, $node, $deep) = @_;
    return unless $deep;
    return unless defined $self->[_C];
    local $XML::DOM::IgnoreReadOnly = 1;
    for my $kid (@{ $node->[_C] }) {
        my $newNode = $kid->cloneNode($deep);
        push @{ $self->[_C] }, $newNode;
        $newNode->setParentNode($self);
    }
    return;
}

sub removeChildHoodMemories { undef $_[0]->[_Parent] }

sub dispose {
    my $self = shift;
    $self->removeChildHoodMemories;
    if (defined $self->[_C]) {
        $self->[_C]->dispose;
        undef $self->[_C];
    }
    undef $self->[_Doc];
    return;
}

sub setParentNode {
    my ($self, $parent) = @_;
    my $oldParent = $self->[_Parent];
    if (defined $oldParent) {
        my $index = $oldParent->getChildIndex($self);
        splice @{ $oldParent->[_C] }, $index, 1;
        $self->removeChildHoodMemories;
    }
    $self->[_Parent] = $parent;
    return;
}

sub isReadOnly      { !$XML::DOM::IgnoreReadOnly }
sub rejectChild     { 1 }
sub getNodeTypeName { $NodeNames[ $_[0]->getNodeType ] }

sub getChildIndex {
    my ($self, $node) = @_;
    my $kids = $self->[_C];
    return -1 unless defined $kids;
    for my $i (0 .. $#$kids) { return $i if $kids->[$i] == $node }
    return -1;
}

sub getChildAtIndex {
    my $kids = $_[0]->[_C];
    return defined $kids ? $kids->[ $_[1] ] : undef;
}

sub isAncestor {
    my ($self, $node) = @_;
    do {
        return 1 if $self == $node;
        $node = $node->[_Parent];
    } while (defined $node);
    return 0;
}

sub isTextNode             { 0 }
sub isDocumentFragmentNode { 0 }
sub isElementNode          { 0 }

sub addText {
    my ($self, $str) = @_;
    my $node = $self->[_C][-1];
    if (defined $node && $node->isTextNode) {
        $node->appendData($str);
    } else {
        $node = $self->[_Doc]->createTextNode($str);
        $self->appendChild($node);
    }
    return $node;
}

sub addCDATA {
    my ($self, $str) = @_;
    my $node = $self->[_C][-1];
    if (defined $node && $node->getNodeType == CDATA_SECTION_NODE) {
        $node->appendData($str);
    } else {
        $node = $self->[_Doc]->createCDATASection($str);
        $self->appendChild($node);
    }
    return $node;
}

sub removeChildNodes {
    my $self = shift;
    my $cref = $self->[_C];
    return unless defined $cref;
    while (my $kid = pop @$cref) { undef $kid->[_Parent] }
    return;
}

sub toString {
    my $self = shift;
    my $pr = $XML::DOM::PrintToString::Singleton;
    $pr->reset;
    $self->print($pr);
    return $pr->toString;
}

# As XML::DOM: the file is written in the encoding the XML declaration names
# (a document without one has no getXMLDecl, and dies as the real one does).
sub printToFile {
    no warnings 'uninitialized';    # XML::DOM runs without warnings: no encoding is only open's own complaint
    my ($self, $fileName) = @_;
    my $encoding = $self->getXMLDecl()->getEncoding();
    require FileHandle;
    my $fh = FileHandle->new($fileName, ">:encoding($encoding)")
        || Carp::croak("printToFile - can't open output file $fileName");
    $self->print($fh);
    $fh->close;
    return;
}

sub printToFileHandle {
    my ($self, $FH) = @_;
    my $pr = XML::DOM::PrintToFileHandle->new($FH);
    $self->print($pr);
    return;
}

sub expandEntityRefs {
    my ($self, $str) = @_;
    my $doctype = $self->[_Doc]->getDoctype;
    $str =~ s/&($XML::DOM::NAME_RE|#([0-9]+)|#x([0-9a-fA-F]+));/
        defined $2 ? chr($2) : defined $3 ? chr(hex $3) : expandEntityRef($1, $doctype)/eg;
    return $str;
}

sub expandEntityRef {
    my ($entity, $doctype) = @_;
    my $expanded = $XML::DOM::DefaultEntities{$entity};
    return $expanded if defined $expanded;
    $expanded = $doctype ? $doctype->getEntity($entity) : undef;
    return $expanded->getValue if defined $expanded;
    Carp::croak("Could not expand entity reference of [$entity]\n");
}

sub isHidden { $_[0]->[_Hidden] }

# XML::DOM's user data slot (XML::XQL uses it); kept for scripts that stash things on nodes.
sub getUserData { $_[0]->[_UserData] }
sub setUserData { $_[0]->[_UserData] = $_[1] }

# Loading any one node class loads them all, as `use XML::DOM` does.
require XML::DOM;

1;
