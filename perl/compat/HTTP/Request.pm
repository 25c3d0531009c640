package HTTP::Request;
# ABSTRACT: drop-in HTTP::Request 6.44 in core Perl (method, URI object, request line)

use strict;
use warnings;
require Carp;
require HTTP::Message;
our @ISA = ('HTTP::Message');

our $VERSION = '6.44';

sub new {
    my ($class, $method, $uri, $header, $content) = @_;
    my $self = $class->SUPER::new($header, $content);
    $self->method($method);
    $self->uri($uri);
    return $self;
}

sub parse {
    my ($class, $str) = @_;
    Carp::carp('Undefined argument to parse()') if $^W && !defined $str;
    my $request_line;
    if (defined $str && $str =~ s/^(.*)\n//) { $request_line = $1 }
    else { ($request_line, $str) = ($str, '') }
    my $self = $class->SUPER::parse($str);
    if (defined $request_line) {
        my ($method, $uri, $protocol) = split ' ', $request_line;
        $self->method($method);
        $self->uri($uri) if defined $uri;
        $self->protocol($protocol) if $protocol;
    }
    return $self;
}

sub clone {
    my $self = shift;
    my $clone = bless $self->SUPER::clone, ref $self;
    $clone->method($self->method);
    $clone->uri($self->uri);
    return $clone;
}

sub method { shift->_elem('_method', @_) }

# Stored as an object of $HTTP::URI_CLASS (URI): strings are parsed, objects copied.
sub uri {
    my $self = shift;
    my $old = $self->{_uri};
    if (@_) {
        my $uri = shift;
        if (!defined $uri) {
            # cleared
        } elsif (ref $uri) {
            Carp::croak("A URI can't be a " . ref($uri) . ' reference') if ref($uri) eq 'HASH' || ref($uri) eq 'ARRAY';
            Carp::croak("Can't use a " . ref($uri) . ' object as a URI') unless $uri->can('scheme') && $uri->can('canonical');
            $uri = $uri->clone;
            unless ($HTTP::URI_CLASS eq 'URI') {
                eval { local $SIG{__DIE__}; $uri = $uri->abs };
                die $@ if $@ && $@ !~ /Missing base argument/;
            }
        } else {
            $uri = $HTTP::URI_CLASS->new($uri);
        }
        $self->{_uri} = $uri;
        delete $self->{_uri_canonical};
    }
    return $old;
}
*url = \&uri;

sub uri_canonical {
    my $self = shift;
    my $uri = $self->{_uri};
    if (defined(my $canon = $self->{_uri_canonical})) { return $canon if $canon eq $uri }
    return $self->{_uri_canonical} = $uri->canonical;
}

sub accept_decodable {
    my $self = shift;
    $self->header('Accept-Encoding', scalar $self->decodable);
}

sub as_string {
    my $self = shift;
    my ($eol) = @_;
    $eol = "\n" unless defined $eol;
    my $line = $self->method || '-';
    my $uri = $self->uri;
    $line .= ' ' . (defined $uri ? $uri->as_string : '-');
    my $proto = $self->protocol;
    $line .= " $proto" if $proto;
    return join($eol, $line, $self->SUPER::as_string(@_));
}

sub dump {
    my $self = shift;
    my @pre = ($self->method || '-', $self->uri || '-');
    push @pre, $self->protocol if $self->protocol;
    return $self->SUPER::dump(preheader => join(' ', @pre), @_);
}

1;

__END__

=head1 NAME

HTTP::Request - cpan-bridge's drop-in HTTP::Request 6.44, in core Perl

=head1 SYNOPSIS

 use HTTP::Request;
 my $req = HTTP::Request->new(POST => 'http://example.test/api', ['Content-Type' => 'application/json'], '{"a":1}');
 print $req->uri->host, "\n";      # a URI object
 print $req->as_string;            # "POST http://example.test/api\nContent-Type: ...\n\n{...}\n"

Same methods as HTTP::Request 6.44: new(method, uri, headers, content), parse,
method, uri/url, uri_canonical, accept_decodable, as_string, dump, clone, and
HTTP::Message's. The URI is made with URI->new (whichever URI is on @INC:
cpan-bridge's facade or the CPAN module). Nothing differs.

=cut
