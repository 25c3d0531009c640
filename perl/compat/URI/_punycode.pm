package URI::_punycode;
# URI::_punycode of the URI 5.17 facade: RFC 3492 Punycode

use strict;
use warnings;
use Carp ();
use Exporter 'import';    # not an Exporter subclass, as the real one

our $VERSION = '5.17';
our @EXPORT = qw(encode_punycode decode_punycode);

my ($BASE, $TMIN, $TMAX, $SKEW, $DAMP, $BIAS0, $N0) = (36, 1, 26, 38, 700, 72, 128);

sub _adapt {
    my ($delta, $points, $first) = @_;
    $delta = $first ? int($delta / $DAMP) : int($delta / 2);
    $delta += int($delta / $points);
    my $k = 0;
    while ($delta > int(($BASE - $TMIN) * $TMAX / 2)) {
        $delta = int($delta / ($BASE - $TMIN));
        $k += $BASE;
    }
    return $k + int(($BASE - $TMIN + 1) * $delta / ($delta + $SKEW));
}

sub _threshold {
    my ($k, $bias) = @_;
    return $k <= $bias ? $TMIN : $k >= $bias + $TMAX ? $TMAX : $k - $bias;
}

sub _digit_char { my $d = shift; return chr($d < 26 ? $d + 97 : $d - 26 + 48) }

sub encode_punycode {
    my @cp = map { ord } split //, shift;
    my @basic = grep { $_ < 0x80 } @cp;
    my $out = join '', map { chr } @basic;
    my $h = my $nbasic = @basic;
    $out .= "-" if $nbasic && $h < @cp;
    my ($n, $delta, $bias) = ($N0, 0, $BIAS0);
    while ($h < @cp) {
        my ($m) = sort { $a <=> $b } grep { $_ >= $n } @cp;
        $delta += ($m - $n) * ($h + 1);
        $n = $m;
        for my $c (@cp) {
            $delta++ if $c < $n;
            next unless $c == $n;
            my $q = $delta;
            for (my $k = $BASE; ; $k += $BASE) {
                my $t = _threshold($k, $bias);
                last if $q < $t;
                $out .= _digit_char($t + ($q - $t) % ($BASE - $t));
                $q = int(($q - $t) / ($BASE - $t));
            }
            $out .= _digit_char($q);
            $bias = _adapt($delta, $h + 1, $h == $nbasic);
            $delta = 0;
            $h++;
        }
        $delta++;
        $n++;
    }
    return $out;
}

sub decode_punycode {
    my $code = shift;
    my ($n, $i, $bias) = ($N0, 0, $BIAS0);
    my @out;
    if ($code =~ s/(.*)-//s) {
        my $basic = $1;
        Carp::croak('non-basic code point') unless $basic =~ /^[\x00-\x7f]*$/;
        @out = map { ord } split //, $basic;
    }
    while ($code) {    # truth, not length: a lone trailing "0" ends the input, as in the real one
        my ($old, $w) = ($i, 1);
        for (my $k = $BASE; ; $k += $BASE) {
            my $c = substr $code, 0, 1, '';
            my $d = $c =~ /[A-Z]/ ? ord($c) - 65 : $c =~ /[a-z]/ ? ord($c) - 97 : $c =~ /[0-9]/ ? ord($c) - 48 + 26 : undef;
            Carp::croak('invalid punycode input') unless defined $d;
            $i += $d * $w;
            my $t = _threshold($k, $bias);
            last if $d < $t;
            $w *= $BASE - $t;
        }
        $bias = _adapt($i - $old, @out + 1, $old == 0);
        $n += int($i / (@out + 1));
        $i %= @out + 1;
        splice @out, $i, 0, $n;
        $i++;
    }
    return join '', map { chr } @out;
}

1;

__END__

=head1 NAME

URI::_punycode - Punycode for the cpan-bridge URI 5.17 facade's IDN hosts

=head1 SYNOPSIS

  use URI::_punycode;
  encode_punycode("b\x{fc}cher");   # bcher-kva
  decode_punycode('bcher-kva');     # "b\x{fc}cher"

Same as the real (internal) module.

=cut
