package XMLDOMHelper::Parser;
# ABSTRACT: the old XMLDOMHelper::Parser: XML::DOM::Parser whose documents are XMLDOMHelper::Document

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge::Compat 'XML::DOM';

our @ISA = ('XML::DOM::Parser');

sub parse {
    my ($self, $xml_string) = @_;
    die 'XML string is required for parse()' unless defined $xml_string;
    my $doc = eval { $self->SUPER::parse($xml_string) };
    die 'XML parsing failed: ' . _msg($@) unless $doc;
    return XMLDOMHelper::Document->adopt($doc);
}

sub parsefile {
    my ($self, $file) = @_;
    my $doc = eval { $self->SUPER::parsefile($file) };
    die 'XML parsing failed: ' . _msg($@) unless $doc;
    return XMLDOMHelper::Document->adopt($doc);
}

sub parse_file { my $self = shift; return $self->parsefile(@_) }

sub _msg { my $m = shift; $m =~ s/^\s+//; $m =~ s/ at \S+ line \d+\.?\n?\z//; return $m }

1;
