package URI::http;
# URI::http of the URI 5.17 facade

use strict;
use warnings;
use URI::_server ();

our $VERSION = '5.17';
our @ISA = ('URI::_server');

sub default_port { 80 }

# an http URL with a host and no path canonicalises to path "/"
sub canonical {
    my $self = shift;
    my $other = $self->SUPER::canonical;
    if (defined $other->authority && !length $other->path && !defined $other->query) {
        $other = $other->clone if $other == $self;
        $other->path('/');
    }
    return $other;
}

1;

__END__

=head1 NAME

URI::http - http URIs of the cpan-bridge URI 5.17 facade (see L<URI>)

=head1 SYNOPSIS

  my $u = URI->new('http://example.com');   # ref: URI::http, port 80
  print $u->canonical;                      # http://example.com/

Same as the real class.

=cut
