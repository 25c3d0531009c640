package URI::_segment;
# URI::_segment of the URI 5.17 facade: a path segment with ;parameters

use strict;
use warnings;
use URI::Escape qw(uri_unescape);

our $VERSION = '5.17';

use overload '""' => sub { $_[0]->[0] }, fallback => 1;

sub new {
    my $class = shift;
    my @parts = split ';', shift, -1;
    $parts[0] = uri_unescape($parts[0]);
    return bless \@parts, $class;
}

1;

__END__

=head1 NAME

URI::_segment - a path segment with parameters (cpan-bridge URI 5.17 facade)

=head1 SYNOPSIS

  my @segs = URI->new('http://h/a;x=1/b')->path_segments;  # $segs[1] is ['a', 'x=1'], "" gives 'a'

Same as the real class.

=cut
