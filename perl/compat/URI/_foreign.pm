package URI::_foreign;
# URI::_foreign of the URI 5.17 facade: a scheme without a class of its own

use strict;
use warnings;
use URI::_generic ();

our $VERSION = '5.17';
our @ISA = ('URI::_generic');

sub has_recognized_scheme { !1 }

1;

__END__

=head1 NAME

URI::_foreign - generic URIs of unknown schemes in the cpan-bridge URI 5.17 facade (see L<URI>)

=head1 SYNOPSIS

  my $u = URI->new('ldap://h/o=x');   # URI::_foreign here (the real module has URI::ldap)

See L<URI/DIFFERENCES FROM URI> for the schemes that land here.

=cut
