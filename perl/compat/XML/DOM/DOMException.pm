package XML::DOM::DOMException;
# ABSTRACT: XML::DOM's exception object: what `croak`s out of a DOM method, stringified as XML::DOM 1.46 does

use strict;
use warnings;

our $VERSION = '1.46';

use Exporter ();
use overload '""' => \&stringify, fallback => 1;

our @ISA = ('Exporter');
our @EXPORT = qw(INDEX_SIZE_ERR DOMSTRING_SIZE_ERR HIERARCHY_REQUEST_ERR WRONG_DOCUMENT_ERR
    INVALID_CHARACTER_ERR NO_DATA_ALLOWED_ERR NO_MODIFICATION_ALLOWED_ERR NOT_FOUND_ERR
    NOT_SUPPORTED_ERR INUSE_ATTRIBUTE_ERR);

sub UNKNOWN_ERR                 () { 0 }
sub INDEX_SIZE_ERR              () { 1 }
sub DOMSTRING_SIZE_ERR          () { 2 }
sub HIERARCHY_REQUEST_ERR       () { 3 }
sub WRONG_DOCUMENT_ERR          () { 4 }
sub INVALID_CHARACTER_ERR       () { 5 }
sub NO_DATA_ALLOWED_ERR         () { 6 }
sub NO_MODIFICATION_ALLOWED_ERR () { 7 }
sub NOT_FOUND_ERR               () { 8 }
sub NOT_SUPPORTED_ERR           () { 9 }
sub INUSE_ATTRIBUTE_ERR         () { 10 }

our @ErrorNames = qw(UNKNOWN_ERR INDEX_SIZE_ERR DOMSTRING_SIZE_ERR HIERARCHY_REQUEST_ERR WRONG_DOCUMENT_ERR
    INVALID_CHARACTER_ERR NO_DATA_ALLOWED_ERR NO_MODIFICATION_ALLOWED_ERR NOT_FOUND_ERR NOT_SUPPORTED_ERR
    INUSE_ATTRIBUTE_ERR);

sub new {
    my ($type, $code, $msg) = @_;
    my $self = bless { Code => $code }, $type;
    $self->{Message} = $msg if defined $msg;
    return $self;
}

sub getCode    { $_[0]->{Code} }
sub getName    { $ErrorNames[ $_[0]->{Code} ] }
sub getMessage { $_[0]->{Message} }

# XML::DOM interpolates an absent message as '' (it runs without warnings).
sub stringify {
    my $self = shift;
    my $msg = $self->getMessage;
    return 'XML::DOM::DOMException(Code=' . $self->getCode . ', Name=' . $self->getName
        . ', Message=' . (defined $msg ? $msg : '') . ')';
}

1;
