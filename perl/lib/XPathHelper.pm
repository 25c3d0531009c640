package XPathHelper;
# ABSTRACT: the old bridge's XPathHelper: XML::XPath (perl/compat) under its old name, with its eager loading and croaks

use strict;
use warnings;

our $VERSION = '2.00';

use Carp ();
use CPANBridge;
use CPANBridge::Compat 'XML::XPath';

# The old module was a CPANBridge subclass; call_python on it still works.
our @ISA = ('XML::XPath', 'CPANBridge');

# The old class parsed at new() and died there (scripts test new() inside
# eval for a missing or broken file), and wanted filename or xml.
sub new {
    my ($class, %args) = @_;
    my $self;
    if ($args{filename}) {
        $self = eval { XML::XPath::new($class, filename => $args{filename}) };
        $self = eval { $self->_context; $self } if $self;
        die "ERROR: Unparsable Config File [$args{filename}]\n" . _msg($@) . "\n" unless $self;
    } elsif ($args{xml}) {
        $self = XML::XPath::new($class, xml => $args{xml});
        die "ERROR: Unparsable XML String\n" . _msg($@) . "\n" unless eval { $self->_context; 1 };
    } else {
        Carp::croak("Either 'filename' or 'xml' parameter required for XML::XPath->new()");
    }
    return $self;
}

sub _msg { my $m = shift; $m = '' unless defined $m; $m =~ s/\s+\z//; return $m }

sub find {
    my ($self, $path, $context) = @_;
    Carp::croak('XPath expression required for find()') unless defined $path;
    my $r = eval { $self->XML::XPath::find($path, $context) };
    Carp::croak('XPath find() failed: ' . _msg($@)) unless defined $r;
    return $r;
}

sub getNodeText {
    my ($self, $node) = @_;
    Carp::croak('Node parameter required for getNodeText()') unless defined $node;
    return $self->XML::XPath::getNodeText($node);
}

sub getDocumentElement {
    my $self = shift;
    return $self->findnodes('/*')->get_node(1);
}

# The document goes when the object does; dispose lets go of it sooner.
sub dispose {
    my $self = shift;
    delete $self->{_context};
    return;
}

1;
