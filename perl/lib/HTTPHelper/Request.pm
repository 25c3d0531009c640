package HTTPHelper::Request;
# ABSTRACT: the old bridge's request class, now an HTTP::Request

use strict;
use warnings;

our $VERSION = '2.00';

use HTTP::Request ();
our @ISA = ('HTTP::Request');

# The old class took (method, url) with the method defaulting to GET, and
# kept both in {method} and {url}, where old scripts read them; they follow
# method() and uri() here.
sub new {
    my ($class, $method, $url, @rest) = @_;
    my $self = $class->SUPER::new(uc(defined $method && length $method ? $method : 'GET'), $url, @rest);
    $self->{method} = $self->SUPER::method;
    $self->{url} = ref $url ? "$url" : $url;
    return $self;
}

sub method {
    my $self = shift;
    my $old = $self->SUPER::method(@_);
    $self->{method} = $self->SUPER::method if @_;
    return $old;
}

sub uri {
    my $self = shift;
    my $old = $self->SUPER::uri(@_);
    if (@_) { my $u = $self->SUPER::uri; $self->{url} = defined $u ? "$u" : undef }
    return $old;
}
*url = \&uri;

1;

__END__

=head1 NAME

HTTPHelper::Request - the old HTTPHelper's request class: an HTTP::Request

=head1 SYNOPSIS

  my $req = HTTPHelper::Request->new(POST => $url);
  $req->content_type('application/json');
  $req->content($json);
  my $res = LWP::UserAgent->new->request($req);

=head1 DESCRIPTION

An L<HTTP::Request> whose C<new> upper-cases the method and defaults it to
GET, as the old class did, and which keeps the method and the URL (as the
script gave it) in C<< $req->{method} >> and C<< $req->{url} >> too, where
the old class kept them. Everything else is HTTP::Request's.

=cut
