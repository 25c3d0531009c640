package XML::XPath::XMLParser;
# ABSTRACT: cpan-bridge's XML::XPath::XMLParser: as_string, and parse/parsefile giving the document's root node (parsed by the daemon)

use strict;
use warnings;
use XML::XPath::Bridge;

our $VERSION = '1.48';

my @OPTIONS = qw(filename xml parser ioref);

sub new {
    my ($proto, %args) = @_;
    return bless { map { ("_$_" => $args{$_}) } @OPTIONS }, ref($proto) || $proto;
}

sub parse {
    my ($self, $xml) = @_;
    $self->set_xml($xml) if $xml;
    my %src = defined $self->get_filename ? (filename => $self->get_filename)
            : defined $self->get_xml      ? (xml => $self->get_xml)
            :                               (ioref => $self->get_ioref);
    return XML::XPath::Bridge::open_document(%src)->node(0);
}

sub parsefile {
    my ($self, $filename) = @_;
    $self->set_filename($filename);
    return $self->parse;
}

sub as_string { return $_[0]->toString }

sub get_parser   { return $_[0]{_parser} }
sub get_filename { return $_[0]{_filename} }
sub get_xml      { return $_[0]{_xml} }
sub get_ioref    { return $_[0]{_ioref} }
sub set_parser   { $_[0]{_parser}   = $_[1] }
sub set_filename { $_[0]{_filename} = $_[1] }
sub set_xml      { $_[0]{_xml}      = $_[1] }
sub set_ioref    { $_[0]{_ioref}    = $_[1] }

1;
