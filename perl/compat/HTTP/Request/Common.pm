package HTTP::Request::Common;
# ABSTRACT: drop-in HTTP::Request::Common 6.44 in core Perl (GET, HEAD, PUT, PATCH, DELETE, OPTIONS, POST, form-data)

use strict;
use warnings;
require Exporter;
require Carp;
require File::Spec;
require HTTP::Request;
our @ISA = ('Exporter');

our $VERSION = '6.44';

our $DYNAMIC_FILE_UPLOAD ||= 0;
our $READ_BUFFER_SIZE = 8192;

our @EXPORT = qw(GET HEAD PUT PATCH POST OPTIONS);
our @EXPORT_OK = qw($DYNAMIC_FILE_UPLOAD DELETE);

my $CRLF = "\015\012";

sub GET     { _simple('GET', @_) }
sub HEAD    { _simple('HEAD', @_) }
sub DELETE  { _simple('DELETE', @_) }
sub PATCH   { request_type_with_data('PATCH', @_) }
sub POST    { request_type_with_data('POST', @_) }
sub PUT     { request_type_with_data('PUT', @_) }
sub OPTIONS { request_type_with_data('OPTIONS', @_) }

# METHOD($url, [\%form | \@form], Header => value ..., Content => ...)
sub request_type_with_data {
    my $method = shift;
    my $url = shift;
    my $req = HTTP::Request->new($method => $url);
    my $content;
    $content = shift if @_ && ref $_[0];
    while (my ($k, $v) = splice @_, 0, 2) {
        if (lc $k eq 'content') { $content = $v }
        else { $req->push_header($k, $v) }
    }
    my $ct = $req->header('Content-Type');
    if (!$ct) { $ct = 'application/x-www-form-urlencoded' }
    elsif ($ct eq 'form-data') { $ct = 'multipart/form-data' }

    if (ref $content) {
        if ($ct =~ m{^multipart/form-data\s*(;|$)}i) {
            require HTTP::Headers::Util;
            my @words = HTTP::Headers::Util::split_header_words($ct);
            Carp::carp('Multiple Content-Type headers') if @words > 1;
            my @v = @{ $words[0] };
            my ($boundary, $at);
            for (my $i = 0; $i < @v; $i += 2) {
                if ($v[$i] eq 'boundary') { ($boundary, $at) = ($v[$i + 1], $i + 1); last }
            }
            ($content, $boundary) = form_data($content, $boundary, $req);
            if ($at) { $v[$at] = $boundary }
            else { push @v, boundary => $boundary }
            $ct = HTTP::Headers::Util::join_header_words(@v);
        } else {
            # urlencoded through URI's own query_form, as the real module does
            require URI;
            my $u = URI->new('http:');
            $u->query_form(ref($content) eq 'HASH' ? %$content : @$content);
            $content = $u->query;
            # bare LF in a value becomes CRLF (HTML forms send line breaks so)
            $content =~ s/(?<!%0D)%0A/%0D%0A/g if defined $content;
        }
    }
    $req->header('Content-Type' => $ct);
    if (defined $content) {
        $req->header('Content-Length' => length $content) unless ref $content;
        $req->content($content);
    } else {
        $req->header('Content-Length' => 0);
    }
    return $req;
}

sub _simple {
    my ($method, $url) = splice @_, 0, 2;
    my $req = HTTP::Request->new($method => $url);
    my $content;
    while (my ($k, $v) = splice @_, 0, 2) {
        if (lc $k eq 'content') { $req->add_content($v); $content++ }
        else { $req->push_header($k, $v) }
    }
    $req->header('Content-Length', length ${ $req->content_ref }) if $content && !defined $req->header('Content-Length');
    return $req;
}

# multipart/form-data (RFC 7578) from name => value pairs, where a value
#   [$file], [$file, $filename, Header => ...] or [undef, $filename, Content => $bytes]
# is a file part.
sub form_data {
    my ($data, $boundary, $req) = @_;
    my @data = ref($data) eq 'HASH' ? %$data : @$data;
    my @parts;
    while (my ($k, $v) = splice @data, 0, 2) {
        if (!ref $v) {
            $k =~ s/([\\"])/\\$1/g;
            no warnings 'uninitialized';
            push @parts, qq(Content-Disposition: form-data; name="$k"$CRLF$CRLF$v);
            next;
        }
        my ($file, $usename, @headers) = @$v;
        unless (defined $usename) {
            $usename = $file;
            $usename = (File::Spec->splitpath($usename))[-1] if defined $usename;
        }
        $k =~ s/([\\"])/\\$1/g;
        my $disp = qq(form-data; name="$k");
        if (defined $usename && length $usename) {
            $usename =~ s/([\\"])/\\$1/g;
            $disp .= qq(; filename="$usename");
        }
        my $content = '';
        my $h = HTTP::Headers->new(@headers);
        if ($file) {
            open(my $fh, '<', $file) or Carp::croak("Can't open file $file: $!");
            binmode $fh;
            if ($DYNAMIC_FILE_UPLOAD) {
                close $fh;
                Carp::croak('HTTP::Request::Common: $DYNAMIC_FILE_UPLOAD is not supported by cpan-bridge: '
                    . 'LWP::UserAgent hands the whole request body to the bridge daemon as bytes, '
                    . 'so a body that is a callback reading the file cannot be sent; leave it 0 and '
                    . 'the file is read into the request');
            }
            local $/;
            $content = <$fh>;    # undef for an empty file (and the real one's warning below)
            close $fh;
            unless ($h->header('Content-Type')) {
                require CPANBridge::HTTP::MediaTypes;
                CPANBridge::HTTP::MediaTypes::guess($file, $h);
            }
        }
        if ($h->header('Content-Disposition')) {
            $disp = $h->header('Content-Disposition');
            $h->remove_header('Content-Disposition');
        }
        if ($h->header('Content')) {
            $content = $h->header('Content');
            $h->remove_header('Content');
        }
        push @parts, join($CRLF, "Content-Disposition: $disp", $h->as_string($CRLF), '') . $content;
    }
    return ('', 'none') unless @parts;

    # "xYzZY" unless a part contains it, then random ones of growing length
    $boundary = boundary() unless $boundary;
    my $n = 0;
    while (grep { index($_, $boundary) >= 0 } @parts) { $boundary = boundary(++$n) }
    my $content = "--$boundary$CRLF" . join("$CRLF--$boundary$CRLF", @parts) . "$CRLF--$boundary--$CRLF";
    return wantarray ? ($content, $boundary) : $content;
}

sub boundary {
    my $size = shift or return 'xYzZY';
    require MIME::Base64;
    my $b = MIME::Base64::encode(join('', map { chr rand 256 } 1 .. $size * 3), '');
    $b =~ s/\W/X/g;
    return $b;
}

1;

__END__

=head1 NAME

HTTP::Request::Common - cpan-bridge's drop-in HTTP::Request::Common 6.44, in core Perl

=head1 SYNOPSIS

 use HTTP::Request::Common qw(GET POST PUT DELETE HEAD);
 my $get  = GET 'http://example.test/', Accept => 'text/html';
 my $form = POST 'http://example.test/login', [user => 'me', note => "a\nb"];
 my $up   = POST 'http://example.test/upload', Content_Type => 'form-data',
            Content => [id => 7, file => ['report.pdf'],
                        raw => [undef, 'data.bin', 'Content-Type' => 'application/octet-stream', Content => $bytes]];

Builds the same HTTP::Request objects as HTTP::Request::Common 6.44 (same
headers, same urlencoded and multipart bodies, the same "xYzZY" boundary unless
a part contains it).

What differs: $DYNAMIC_FILE_UPLOAD set to true croaks when a file is uploaded:
cpan-bridge's LWP::UserAgent sends the whole body to its daemon as bytes, and
cannot send a body that is a callback. A file's Content-Type is guessed from a
table of common suffixes (CPANBridge::HTTP::MediaTypes) instead of
LWP::MediaTypes (not core); an unknown suffix gives text/plain or
application/octet-stream by looking at the file, as the real guess does.

=cut
