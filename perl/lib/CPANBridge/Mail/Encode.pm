package CPANBridge::Mail::Encode;
# ABSTRACT: the MIME encoders MIME::Lite's and Mail::Sender's facades share (core MIME::Base64/QuotedPrint underneath)

use strict;
use warnings;

our $VERSION = '1.00';

use MIME::Base64 ();
use MIME::QuotedPrint ();

# Both real modules encode with these core XS functions; going through one
# place keeps the facades' bytes identical to theirs and to each other's.

# base64 lines of 76 characters ending in $eol ("\n" unless given)
sub base64 { my ($bytes, $eol) = @_; return MIME::Base64::encode_base64($bytes, defined $eol ? $eol : "\n") }

sub qp { my ($text, $eol) = @_; return MIME::QuotedPrint::encode_qp($text, defined $eol ? $eol : "\n") }

# Every line end (CRLF, lone CR, lone LF) as CRLF.
sub crlf { my $s = shift; $s =~ s/(?:\x0D\x0A?|\x0A)/\x0D\x0A/g; return $s }

# Characters to octets in $charset when the text holds characters over 0xFF
# or a charset was named, as Encode::encode would; octets pass unchanged.
sub octets {
    my ($text, $charset) = @_;
    return $text unless defined $text;
    if (defined $charset && length $charset) {
        require Encode;
        my $enc = Encode::find_encoding($charset);
        return $enc ? $enc->encode($text) : Encode::encode($charset, $text);
    }
    return $text;
}

# RFC 2047 Q words for the parts of a header value that are not ASCII, split
# on address punctuation so addresses stay readable (Mail::Sender's rule: a
# word per non-ASCII run between [,;<> ] separators, '?' and spaces as =3f/=20).
sub rfc2047_q {
    my ($value, $charset) = @_;
    return $value unless defined $charset && length $charset && $value =~ /[^\x00-\x7F]/;
    my $bytes = octets($value, $charset);
    my @parts = split /(\s*[,;<> ]\s*)/, $bytes;
    my $out = '';
    for (my $i = 0; $i < @parts; $i++) {
        my $part = $parts[$i];
        $part .= $parts[++$i] if $i < $#parts && $parts[$i + 1] =~ /^\s+$/;
        if ($part =~ /[^\x00-\x7F]/ || $part =~ /[\r\n\t]/) {
            my $q = MIME::QuotedPrint::encode_qp($part, '');
            $q =~ s/([\s?])/sprintf('=%02x', ord $1)/ge;
            $out .= "=?$charset?Q?$q?=";
        } else {
            $out .= $part;
        }
    }
    return $out;
}

1;

__END__

=head1 NAME

CPANBridge::Mail::Encode - shared MIME encoders for the mail facades

=head1 SYNOPSIS

  use CPANBridge::Mail::Encode ();
  my $b64 = CPANBridge::Mail::Encode::base64($bytes);        # 76-column lines, "\n"
  my $qp  = CPANBridge::Mail::Encode::qp($text);
  my $hdr = CPANBridge::Mail::Encode::rfc2047_q("Jos\x{e9} <j\@x.test>", 'UTF-8');

=head1 DESCRIPTION

The encoders MIME::Lite (F<perl/compat/MIME/Lite.pm>) and Mail::Sender
(F<perl/compat/Mail/Sender.pm>) use, so both produce the bytes the real
modules produce: they call the same core C<MIME::Base64> and
C<MIME::QuotedPrint>. Neither real module encodes file names (RFC 2231) or,
in MIME::Lite's case, header words: the facades do not either.

=cut
