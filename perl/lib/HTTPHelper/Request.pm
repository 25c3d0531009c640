package HTTPHelper::Request;
# ABSTRACT: the old bridge's request class, now an HTTP::Request

use strict;
use warnings;

our $VERSION = '2.00';

use HTTP::Request ();
our @ISA = ('HTTP::Request');

# The old class took (method, url) with the method defaulting to GET.
sub new {
    my ($class, $method, $url, @rest) = @_;
    return $class->SUPER::new(uc(defined $method && length $method ? $method : 'GET'), $url, @rest);
}

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
GET, as the old class did. Everything else is HTTP::Request's.

=cut
