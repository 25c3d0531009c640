package XML::DOM::XMLDecl;
# ABSTRACT: XML::DOM's XMLDecl: the <?xml version encoding standalone?> a document was parsed with

use strict;
use warnings;

our $VERSION = '1.46';

use XML::DOM::Node qw(:DEFAULT :Fields);

our @ISA = ('XML::DOM::Node');

sub _Version ()    { 9 }
sub _Encoding ()   { 10 }
sub _Standalone () { 11 }

sub new {
    my ($class, $doc, $version, $encoding, $standalone) = @_;
    my $self = bless [], $class;
    $self->[_Doc] = $doc;
    $self->[_Version] = $version if defined $version;
    $self->[_Encoding] = $encoding if defined $encoding;
    $self->[_Standalone] = $standalone if defined $standalone;
    return $self;
}

sub setVersion    { $_[0]->[_Version] = $_[1]; return }
sub getVersion    { $_[0]->[_Version] }
sub setEncoding   { $_[0]->[_Encoding] = $_[1]; return }
sub getEncoding   { $_[0]->[_Encoding] }
sub setStandalone { $_[0]->[_Standalone] = $_[1]; return }
sub getStandalone { $_[0]->[_Standalone] }
sub getNodeType   { XML_DECL_NODE }

sub cloneNode {
    my $self = shift;
    return XML::DOM::XMLDecl->new($self->[_Doc], $self->[_Version], $self->[_Encoding], $self->[_Standalone]);
}

sub print {
    my ($self, $FILE) = @_;
    my ($version, $encoding, $standalone) = @{$self}[_Version, _Encoding, _Standalone];
    $standalone = ($standalone ? 'yes' : 'no') if defined $standalone;
    $FILE->print('<?xml');
    $FILE->print(" version=\"$version\"") if defined $version;
    $FILE->print(" encoding=\"$encoding\"") if defined $encoding;
    $FILE->print(" standalone=\"$standalone\"") if defined $standalone;
    $FILE->print('?>');
    return;
}

1;
