package URI::ssh;
# URI::ssh of the URI 5.17 facade

use strict;
use warnings;
use URI::_server ();
use URI::_userpass ();

our $VERSION = '5.17';
# the real class goes through URI::_login, which adds nothing
our @ISA = ('URI::_server', 'URI::_userpass');

sub default_port { 22 }

sub secure { 1 }

1;

__END__

=head1 NAME

URI::ssh - ssh URIs of the cpan-bridge URI 5.17 facade (see L<URI>)

=head1 SYNOPSIS

  my $u = URI->new('ssh://deploy@host.example:2222/srv');
  $u->user; $u->host; $u->port;   # deploy host.example 2222

Differs only in C<< ->isa('URI::_login') >>, which is false here (that class adds no methods).

=cut
