package URI::https;
# URI::https of the URI 5.17 facade

use strict;
use warnings;
use URI::http ();

our $VERSION = '5.17';
our @ISA = ('URI::http');

sub default_port { 443 }

sub secure { 1 }

1;

__END__

=head1 NAME

URI::https - https URIs of the cpan-bridge URI 5.17 facade (see L<URI>)

=head1 SYNOPSIS

  my $u = URI->new('https://example.com/');  # port 443, secure 1

Same as the real class.

=cut
