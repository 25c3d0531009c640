package URI::data;
# URI::data of the URI 5.17 facade (RFC 2397): media_type and data

use strict;
use warnings;
use MIME::Base64 qw(decode_base64 encode_base64);
use URI ();
use URI::Escape qw(uri_unescape);

our $VERSION = '5.17';
our @ISA = ('URI');

sub media_type {
    my $self = shift;
    my $opaque = $self->opaque;
    $opaque =~ /^([^,]*),?/ or die;
    my $old = $1;
    my $base64;
    $base64 = $1 if $old =~ s/(;base64)$//i;
    if (@_) {
        my $new = shift;
        $new = '' unless defined $new;
        $new =~ s/%/%25/g;
        $new =~ s/,/%2C/g;
        $base64 = '' unless defined $base64;
        $opaque =~ s/^[^,]*,?/$new$base64,/;
        $self->opaque($opaque);
    }
    return uri_unescape($old) if $old;
    return 'text/plain;charset=US-ASCII';
}

my $ENC = $URI::uric;
$ENC =~ s/%//;
my $URIC_RE = qr/[$ENC]/;

sub data {
    my $self = shift;
    my ($enc, $data) = split ',', $self->opaque, 2;
    unless (defined $data) {
        $data = '';
        $enc = '' unless defined $enc;
    }
    my $base64 = ($enc =~ /;base64$/i);
    if (@_) {
        $enc =~ s/;base64$//i if $base64;
        my $new = shift;
        $new = '' unless defined $new;
        # whichever of %-escaping and base64 is shorter (base64 when asked)
        my $uric_count = () = $new =~ /$URIC_RE/g;
        my $urienc_len = $uric_count + (length($new) - $uric_count) * 3;
        my $base64_len = int((length($new) + 2) / 3) * 4 + 7;
        if ($base64_len < $urienc_len || $_[0]) {
            $enc .= ';base64';
            $new = encode_base64($new, '');
        }
        else {
            $new =~ s/%/%25/g;
        }
        $self->opaque("$enc,$new");
    }
    return unless defined wantarray;
    $data = uri_unescape($data);
    return $base64 ? decode_base64($data) : $data;
}

1;

__END__

=head1 NAME

URI::data - data: URIs of the cpan-bridge URI 5.17 facade (see L<URI>)

=head1 SYNOPSIS

  my $u = URI->new('data:');
  $u->media_type('image/png');
  $u->data($png_bytes);          # base64 when shorter
  print $u->data;

Same as the real class.

=cut
