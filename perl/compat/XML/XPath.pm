package XML::XPath;
# ABSTRACT: drop-in XML::XPath 1.48 whose parsing and XPath evaluation the cpan-bridge daemon does (libxml2); nodes live in Perl

use strict;
use warnings;
use Carp ();
use Exporter ();
use XML::XPath::Bridge;
use XML::XPath::XMLParser;
use XML::XPath::NodeSet;
use XML::XPath::Literal;
use XML::XPath::Number;
use XML::XPath::Boolean;
use XML::XPath::Node;

our $VERSION = '1.48';
our @ISA = ('Exporter');

our $Namespaces = 1;
our $ParseParamEnt = 1;
our $Debug = 0;

my @OPTIONS = qw(filename parser xml ioref context);

# As XML::XPath: nothing is parsed until the first query, so a script sees a
# bad document where XML::XPath shows it (at find), and new() only checks
# that a named file is there.
sub new {
    my $proto = shift;
    my $class = ref($proto) || $proto;
    my %args;
    if (@_ == 1) {
        my $string = $_[0];
        if ($string =~ m{<.*?>}s) { $args{xml} = $string }
        elsif (ref $string)       { $args{ioref} = $string }
        elsif ($string eq '-')    { $args{ioref} = \*STDIN }
        else                      { $args{filename} = $string }
    } else {
        %args = (ref $_[0] eq 'HASH') ? %{ $_[0] } : @_;
    }
    if ($args{filename} && (!-e $args{filename} || !-r $args{filename})) {
        die "Cannot open file '$args{filename}'";
    }
    my %self = map { ("_$_" => $args{$_}) } @OPTIONS;
    $self{_namespaces} = {};
    return bless \%self, $class;
}

# The document behind a context node, or this object's own (parsed now if not yet).
sub _context {
    my ($self, $context) = @_;
    $context = $self->get_context unless defined $context;
    return $context if defined $context;
    my $doc = XML::XPath::Bridge::open_document(
        defined $self->{_filename} ? (filename => $self->{_filename})
      : defined $self->{_xml}      ? (xml => $self->{_xml})
      :                              (ioref => $self->{_ioref}));
    $context = $doc->node(0);
    $self->set_context($context);
    return $context;
}

sub find {
    my ($self, $path, $context) = @_;
    die "No path to find" unless $path;
    $context = $self->_context($context);
    my $doc = $context->[0];
    return $doc->find($path, $context->isNamespaceNode ? $context->[4] : $context->[1], $self->{_namespaces});
}

sub findnodes {
    my ($self, $path, $context) = @_;
    my $results = $self->find($path, $context);
    if ($results->isa('XML::XPath::NodeSet')) {
        return wantarray ? $results->get_nodelist : $results;
    }
    return wantarray ? () : XML::XPath::NodeSet->new;
}

sub matches {
    my ($self, $node, $path, $context) = @_;
    my @nodes = $self->findnodes($path, $context);
    return 1 if grep { "$node" eq "$_" } @nodes;
    return;
}

sub findnodes_as_string {
    my ($self, $path, $context) = @_;
    my $results = $self->find($path, $context);
    if ($results->isa('XML::XPath::NodeSet')) {
        return join '', map { $_->toString } $results->get_nodelist;
    }
    return XML::XPath::Node::XMLescape($results->value);
}

sub findvalue {
    my ($self, $path, $context) = @_;
    my $results = $self->find($path, $context);
    return $results->to_literal if $results->isa('XML::XPath::NodeSet');
    return $results;
}

sub exists {
    my ($self, $path, $context) = @_;
    $path = '/' unless defined $path;
    my @nodeset = $self->findnodes($path, $context);
    return scalar(@nodeset) ? 1 : 0;
}

sub getNodeAsXML {
    my ($self, $node_path) = @_;
    $node_path = '/' unless defined $node_path;
    return $node_path->toString if ref $node_path;
    return $self->findnodes_as_string($node_path);
}

sub getNodeText {
    my ($self, $node_path) = @_;
    return $node_path->string_value if ref $node_path;
    return $self->findvalue($node_path);
}

sub setNodeText {
    Carp::croak('setNodeText is not supported by cpan-bridge\'s XML::XPath (documents are read-only)');
}

sub createNode {
    Carp::croak('createNode is not supported by cpan-bridge\'s XML::XPath (documents are read-only)');
}

sub get_filename { return $_[0]{_filename} }
sub set_filename { $_[0]{_filename} = $_[1] }
sub get_parser   { return $_[0]{_parser} }
sub set_parser   { $_[0]{_parser} = $_[1] }
sub get_xml      { return $_[0]{_xml} }
sub set_xml      { $_[0]{_xml} = $_[1] }
sub get_ioref    { return $_[0]{_ioref} }
sub set_ioref    { $_[0]{_ioref} = $_[1] }
sub get_context  { return $_[0]{_context} }
sub set_context  { $_[0]{_context} = $_[1] }

sub cleanup { return }

sub set_namespace {
    my ($self, $prefix, $expanded) = @_;
    $self->{_namespaces}{$prefix} = $expanded;
}

sub clear_namespaces { $_[0]{_namespaces} = {} }

1;
