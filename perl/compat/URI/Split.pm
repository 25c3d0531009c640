package URI::Split;
# URI::Split of the URI 5.17 facade: RFC 3986's five parts without objects

use strict;
use warnings;
use Exporter 'import';    # not an Exporter subclass, as the real one
use URI::Escape ();

our $VERSION = '5.17';
our @EXPORT_OK = qw(uri_split uri_join);

# (scheme, authority, path, query, fragment) by RFC 3986 appendix B's regexp
sub uri_split {
    return $_[0] =~ m,(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?,;
}

sub uri_join {
    my ($scheme, $auth, $path, $query, $frag) = @_;
    my $uri = defined $scheme ? "$scheme:" : '';
    $path = '' unless defined $path;
    if (defined $auth) {
        $auth =~ s,([/?\#]), URI::Escape::escape_char($1),eg;
        $uri .= "//$auth";
        $path = "/$path" if length $path && $path !~ m,^/,;
    }
    elsif ($path =~ m,^//,) {
        $uri .= '//';    # an empty authority keeps "//" from reading as one
    }
    unless (length $uri) {
        # a first segment with ":" would read as a scheme
        $path =~ s,(:), URI::Escape::escape_char($1),e while $path =~ m,^[^:/?\#]+:,;
    }
    $path =~ s,([?\#]), URI::Escape::escape_char($1),eg;
    $uri .= $path;
    if (defined $query) {
        $query =~ s,(\#), URI::Escape::escape_char($1),eg;
        $uri .= "?$query";
    }
    $uri .= "#$frag" if defined $frag;
    return $uri;
}

1;

__END__

=head1 NAME

URI::Split - split a URI into its parts and join them (cpan-bridge facade of URI 5.17's URI::Split)

=head1 SYNOPSIS

  use URI::Split qw(uri_split uri_join);
  my ($scheme, $auth, $path, $query, $frag) = uri_split('http://h:1/p?q#f');
  my $uri = uri_join($scheme, $auth, $path, $query, $frag);

Same as the real module.

=cut
