package URI::sftp;
# URI::sftp of the URI 5.17 facade

use strict;
use warnings;
use URI::ssh ();

our $VERSION = '5.17';
our @ISA = ('URI::ssh');

# the real class has no subs of its own; this one states the port it inherits
sub default_port { 22 }

1;

__END__

=head1 NAME

URI::sftp - sftp URIs of the cpan-bridge URI 5.17 facade (see L<URI>)

=head1 SYNOPSIS

  my $u = URI->new('sftp://me@files.example/in/x.csv');   # port 22, secure 1

Same as the real class (a URI::ssh).

=cut
