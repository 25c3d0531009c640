package CPANBridge::HTTP::MediaTypes;
# The Content-Type (and Content-Encoding) HTTP::Request::Common gives a file
# upload, as LWP::MediaTypes::guess_media_type does: LWP::MediaTypes is not
# core, so the suffixes scripts upload are kept here with the types
# libwww-perl's media.types gives them.

use strict;
use warnings;
use File::Basename ();

my %BY_TYPE = (
    q{application/atom+xml} => [qw(atom)],
    q{application/epub+zip} => [qw(epub)],
    q{application/java-archive} => [qw(jar)],
    q{application/java-vm} => [qw(class)],
    q{application/javascript} => [qw(js)],
    q{application/json} => [qw(json)],
    q{application/msword} => [qw(doc dot)],
    q{application/pdf} => [qw(pdf)],
    q{application/pgp-signature} => [qw(asc)],
    q{application/pkcs7-signature} => [qw(p7s)],
    q{application/pkix-cert} => [qw(cer)],
    q{application/postscript} => [qw(ps eps)],
    q{application/rss+xml} => [qw(rss)],
    q{application/rtf} => [qw(rtf)],
    q{application/vnd.android.package-archive} => [qw(apk)],
    q{application/vnd.ms-excel} => [qw(xls)],
    q{application/vnd.ms-excel.sheet.macroenabled.12} => [qw(xlsm)],
    q{application/vnd.ms-fontobject} => [qw(eot)],
    q{application/vnd.ms-powerpoint} => [qw(ppt)],
    q{application/vnd.oasis.opendocument.presentation} => [qw(odp)],
    q{application/vnd.oasis.opendocument.spreadsheet} => [qw(ods)],
    q{application/vnd.oasis.opendocument.text} => [qw(odt)],
    q{application/vnd.openxmlformats-officedocument.presentationml.presentation} => [qw(pptx)],
    q{application/vnd.openxmlformats-officedocument.spreadsheetml.sheet} => [qw(xlsx)],
    q{application/vnd.openxmlformats-officedocument.wordprocessingml.document} => [qw(docx)],
    q{application/x-7z-compressed} => [qw(7z)],
    q{application/x-debian-package} => [qw(deb)],
    q{application/x-font-otf} => [qw(otf)],
    q{application/x-font-ttf} => [qw(ttf)],
    q{application/x-font-woff} => [qw(woff)],
    q{application/x-mobipocket-ebook} => [qw(mobi)],
    q{application/x-msdownload} => [qw(exe dll)],
    q{application/x-pkcs12} => [qw(p12 pfx)],
    q{application/x-rar-compressed} => [qw(rar)],
    q{application/x-sh} => [qw(sh)],
    q{application/x-tar} => [qw(tar)],
    q{application/x-x509-ca-cert} => [qw(crt der)],
    q{application/xhtml+xml} => [qw(xhtml)],
    q{application/xml} => [qw(xml xsl)],
    q{application/zip} => [qw(zip)],
    q{audio/midi} => [qw(mid midi)],
    q{audio/mpeg} => [qw(mp3)],
    q{audio/ogg} => [qw(ogg oga)],
    q{audio/x-aac} => [qw(aac)],
    q{audio/x-wav} => [qw(wav)],
    q{image/bmp} => [qw(bmp)],
    q{image/gif} => [qw(gif)],
    q{image/jpeg} => [qw(jpg jpeg jpe)],
    q{image/png} => [qw(png)],
    q{image/svg+xml} => [qw(svg svgz)],
    q{image/tiff} => [qw(tif tiff)],
    q{image/webp} => [qw(webp)],
    q{image/x-icon} => [qw(ico)],
    q{message/rfc822} => [qw(eml)],
    q{text/calendar} => [qw(ics)],
    q{text/css} => [qw(css)],
    q{text/csv} => [qw(csv)],
    q{text/html} => [qw(html htm)],
    q{text/plain} => [qw(txt text log)],
    q{text/tab-separated-values} => [qw(tsv)],
    q{text/x-c} => [qw(c h cpp)],
    q{text/x-java-source} => [qw(java)],
    q{text/x-vcard} => [qw(vcf)],
    q{video/3gpp} => [qw(3gp)],
    q{video/mp4} => [qw(mp4)],
    q{video/mpeg} => [qw(mpeg mpg)],
    q{video/quicktime} => [qw(mov)],
    q{video/webm} => [qw(webm)],
    q{video/x-flv} => [qw(flv)],
    q{video/x-m4v} => [qw(m4v)],
    q{video/x-ms-wmv} => [qw(wmv)],
    q{video/x-msvideo} => [qw(avi)],
);
my %TYPE;
for my $type (keys %BY_TYPE) { $TYPE{$_} = $type for @{ $BY_TYPE{$type} } }

my %ENCODING = (Z => 'compress', gz => 'gzip', hqx => 'x-hqx', uu => 'x-uuencode', z => 'x-pack', bz2 => 'x-bzip2');

# guess($file, $headers): sets Content-Type (and Content-Encoding for .gz ...)
# on $headers; returns ($type, @encodings). Suffixes are read from the last
# one back; the name's first part never counts (".gz" alone is not gzip).
sub guess {
    my ($file, $headers) = @_;
    return undef unless defined $file;
    my @suffixes = reverse split /\./, File::Basename::basename($file);
    pop @suffixes;
    my (@encoding, $type);
    for my $s (@suffixes) {
        my $enc = exists $ENCODING{$s} ? $ENCODING{$s} : $ENCODING{ lc $s };
        if (defined $enc) { unshift @encoding, $enc; next }
        $type = exists $TYPE{$s} ? $TYPE{$s} : $TYPE{ lc $s };
        last;
    }
    $type = -T $file ? 'text/plain' : 'application/octet-stream' unless defined $type;
    if ($headers) {
        $headers->header('Content-Type' => $type);
        $headers->header('Content-Encoding' => \@encoding) if @encoding;
    }
    return wantarray ? ($type, @encoding) : $type;
}

1;
