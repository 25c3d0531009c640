package URI::_idna;
# URI::_idna of the URI 5.17 facade: host names to and from their xn-- form

use strict;
use warnings;
use Carp ();
use URI::_punycode qw(encode_punycode decode_punycode);

our $VERSION = '5.17';

my $ASCII = qr/^[\x00-\x7F]*\z/;

sub encode {
    my @labels = split /\./, shift, -1;
    my @trailing;
    push @trailing, pop @labels if @labels > 1 && $labels[-1] eq '';
    return join '.', (map { ToASCII($_) } @labels), @trailing;
}

sub decode {
    return join '.', map { ToUnicode($_) } split /\./, shift, -1;
}

# URI 5.17 does no more nameprep than lower-casing; neither does this.
sub nameprep { lc shift }

sub check_size {
    my $label = shift;
    Carp::croak('Label empty') if $label eq '';
    Carp::croak('Label too long') if length($label) > 63;
    return $label;
}

sub ToASCII {
    my $label = shift;
    return check_size($label) if $label =~ $ASCII;
    $label = nameprep($label);
    return check_size($label) if $label =~ $ASCII;
    Carp::croak('Label starts with ACE prefix') if $label =~ /^xn--/;
    return check_size('xn--' . encode_punycode($label));
}

sub ToUnicode {
    my $label = shift;
    $label = nameprep($label) unless $label =~ $ASCII;
    return $label unless $label =~ /^xn--/;
    my $result = decode_punycode(substr $label, 4);
    my $again = ToASCII($result);
    Carp::croak("IDNA does not round-trip: '\L$label\E' vs '$again'") if lc($label) ne $again;
    return $result;
}

1;

__END__

=head1 NAME

URI::_idna - IDNA for the cpan-bridge URI 5.17 facade (internal)

=head1 SYNOPSIS

  URI::_idna::encode("www.b\x{fc}cher.de");   # www.xn--bcher-kva.de
  URI::_idna::decode('www.xn--bcher-kva.de');

Same as the real (internal) module, including its lower-casing in place of nameprep.

=cut
