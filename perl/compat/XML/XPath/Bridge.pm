package XML::XPath::Bridge;
# ABSTRACT: a document of cpan-bridge's XML::XPath: parsed once by the daemon, its tree held here, queries sent there

use strict;
use warnings;
use Carp ();
use Scalar::Util ();
use CPANBridge;
use XML::XPath::Boolean;
use XML::XPath::Literal;
use XML::XPath::NodeSet;
use XML::XPath::Number;
use XML::XPath::Node;
use XML::XPath::Node::Element;
use XML::XPath::Node::Attribute;
use XML::XPath::Node::Text;
use XML::XPath::Node::Comment;
use XML::XPath::Node::PI;
use XML::XPath::Node::Namespace;

our $VERSION = '1.00';

# The daemon keeps the parsed document (libxml2 evaluates the expressions);
# this side has its tree, one row per node (type, parent, name, value, ns),
# and builds node objects from it on demand, so node methods never call the
# daemon. Each row has one node object while anyone holds it (the cache is
# weak), so nodes compare equal as XML::XPath's do.

my $BRIDGE;
sub _bridge { $BRIDGE ||= CPANBridge->new }

use constant { T => 0, PARENT => 1, NAME => 2, VALUE => 3, NS => 4, W => 5 };

my %CLASS = (
    1 => 'XML::XPath::Node::Element', 9 => 'XML::XPath::Node::Element',
    2 => 'XML::XPath::Node::Attribute', 3 => 'XML::XPath::Node::Text', 4 => 'XML::XPath::Node::Text',
    7 => 'XML::XPath::Node::PI', 8 => 'XML::XPath::Node::Comment',
);

sub _msg { my $m = shift; $m = '' unless defined $m; return $m }

# open_document(xml => $text | filename => $file | ioref => $fh)
sub open_document {
    my (%src) = @_;
    my %p;
    if (defined $src{filename}) {
        $p{filename} = $src{filename};
    } else {
        my $xml = $src{xml};
        if (!defined $xml && $src{ioref}) {
            # read, not readline: a later die must not name this handle (", <$fh> line 1")
            my $fh = $src{ioref};
            $xml = '';
            while (read($fh, my $buf, 65536)) { $xml .= $buf }
        }
        die "No input to parse\n" unless defined $xml;
        # characters travel as text; a byte string as bytes, read with its declared encoding as expat would
        $p{xml} = utf8::is_utf8($xml) ? $xml : CPANBridge::bytes($xml);
    }
    my ($r, $e) = _bridge()->rpc('xpath.open', \%p, { packed => 1, flat_tables => 1 });
    if ($e) {
        my $m = _msg($e->{message});
        die "$m\n";
    }
    my $flat = $r->{tree}{table};
    my $self = bless { handle => $r->{doc}, cells => $flat->[1], pid => $$, nodes => [], tree => $r->{tree} }, __PACKAGE__;
    return $self;
}

sub handle { return $_[0]{handle} }

sub cell { return $_[0]{cells}[ $_[1] * W + $_[2] ] }

# Children, attributes and namespace declarations of each row, and the
# merging XML::XPath's parser does: adjacent text and CDATA are one text node.
sub index {
    my $self = shift;
    return $self if $self->{kids};
    my $c = $self->{cells};
    my $n = @$c / W;
    my (@kids, @attrs, @nss, @canon, @more);
    for my $i (1 .. $n - 1) {
        my ($t, $p) = ($c->[ $i * W ], $c->[ $i * W + PARENT ]);
        if ($t == 2) { push @{ $attrs[$p] }, $i; next }
        if ($t == 13) { push @{ $nss[$p] }, $i; next }
        if ($t == 3 || $t == 4) {
            my $last = $kids[$p] ? $kids[$p][-1] : undef;
            if (defined $last && ($c->[ $last * W ] == 3 || $c->[ $last * W ] == 4)) {
                $canon[$i] = $last;
                push @{ $more[$last] }, $i;
                next;
            }
        }
        push @{ $kids[$p] }, $i;
    }
    @$self{qw(kids attrs nss canon more)} = (\@kids, \@attrs, \@nss, \@canon, \@more);
    return $self;
}

sub kids  { my ($self, $row) = @_; $self->index; return $self->{kids}[$row] || [] }
sub attrs { my ($self, $row) = @_; $self->index; return $self->{attrs}[$row] || [] }
sub nss   { my ($self, $row) = @_; $self->index; return $self->{nss}[$row] || [] }

# The text of a text node: its row and the rows merged into it.
sub text {
    my ($self, $row) = @_;
    $self->index;
    my $more = $self->{more}[$row];
    my $t = $self->cell($row, VALUE);
    $t = '' unless defined $t;
    return $t unless $more;
    return join '', $t, map { my $v = $self->cell($_, VALUE); defined $v ? $v : '' } @$more;
}

sub node {
    my ($self, $row) = @_;
    my $t = $self->{cells}[ $row * W ];
    return undef unless defined $t;
    if ($t == 3 || $t == 4) {
        $self->index;
        $row = $self->{canon}[$row] if defined $self->{canon}[$row];
    }
    if ($t == 13) {
        my $prefix = $self->cell($row, NAME);
        return XML::XPath::Node::Namespace->_make($self, $row, length $prefix ? $prefix : '#default', $self->cell($row, VALUE), $self->cell($row, PARENT));
    }
    my $have = $self->{nodes}[$row];
    return $have if $have;
    my $node = bless [ $self, $row ], $CLASS{$t};
    $self->{nodes}[$row] = $node;
    Scalar::Util::weaken($self->{nodes}[$row]);
    return $node;
}

# find: the daemon evaluates; rows come back as this document's nodes.
sub find {
    my ($self, $expr, $row, $namespaces) = @_;
    my %p = (doc => $self->{handle}, expr => $expr);
    $p{context} = $row if $row;
    $p{namespaces} = {%$namespaces} if $namespaces && %$namespaces;
    my ($r, $e) = _bridge()->rpc('xpath.find', \%p, { packed => 1, flat_tables => 1 });
    if ($e) {
        my $m = _msg($e->{message});
        die $m if $e->{data} && $e->{data}{final};
        Carp::croak($m);
    }
    my $type = $r->{type};
    if ($type eq 'nodeset') {
        my $set = XML::XPath::NodeSet->new;
        my $rows = ref $r->{nodes} eq 'CPANBridge::Packed::Flat' ? $r->{nodes}[1] : [ map { ref $_ ? $_->[0] : $_ } @{ $r->{nodes} || [] } ];
        my %seen;
        for my $i (@$rows) {
            my $n = $self->node($i) or next;
            next if $seen{ Scalar::Util::refaddr($n) }++;
            push @$set, $n;
        }
        return $set;
    }
    return XML::XPath::Literal->new($r->{value}) if $type eq 'literal';
    return $r->{value} ? XML::XPath::Boolean->True : XML::XPath::Boolean->False if $type eq 'boolean';
    # a number as Perl prints it (XML::XPath computes in Perl); NaN and the infinities have no value
    my $v = $r->{value};
    return XML::XPath::Number->new(defined $v && $v =~ /^-?(?:\d|\.\d)/ ? '' . (0 + $v) : undef);
}

sub DESTROY {
    my $self = shift;
    return if !$self->{handle} || $self->{pid} != $$;
    return if defined ${^GLOBAL_PHASE} && ${^GLOBAL_PHASE} eq 'DESTRUCT';    # the session's end closes it
    local ($@, $!, $?);
    eval { _bridge()->rpc('xpath.close', { doc => $self->{handle} }) };
    return;
}

1;
