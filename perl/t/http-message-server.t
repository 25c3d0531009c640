# HTTP::Response on bytes a real server sent: raw responses are fetched once
# from the test HTTP server (scripts/test-services.sh) with a plain socket,
# then parsed and decoded by the same script under libwww-perl's classes and
# cpan-bridge's: gzip and zlib deflate bodies, charsets, repeated headers,
# 304/204/401 responses.
use strict;
use warnings;
use lib 'perl/t/lib';
use TestServices qw(http_url);
use HTTPMessageTest qw(same_both_ways);
use IO::Socket::INET;
use Test::More;

my $URL = http_url();
my ($host, $port) = $URL =~ m{^http://([^:/]+):(\d+)} or die "CB_HTTP_URL is not http://host:port: $URL\n";

# HTTP/1.0 so the server closes after the body and never chunks it.
sub fetch_raw {
    my ($path, @headers) = @_;
    my $s = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port, Timeout => 10) or die "connect $host:$port: $@";
    binmode $s;
    print $s join("\r\n", "GET $path HTTP/1.0", "Host: $host:$port", @headers, '', '');
    local $/;
    my $raw = <$s>;
    close $s;
    return $raw;
}

my @paths = ('/gzip', '/deflate', '/charset/utf-8', '/charset/iso-8859-1', '/charset/windows-1252', '/headers-multi',
    '/status/404', '/status/204', '/status/401', '/basic-auth', '/redirect/2', '/bytes/3000', '/small');
my %raw = map { ($_ => fetch_raw($_, 'Accept-Encoding: gzip, deflate', 'User-Agent: raw-test')) } @paths;
$raw{'/last-modified 304'} = fetch_raw('/last-modified', 'If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT');
like($raw{'/gzip'}, qr/^HTTP\/1\.1 200 .*\r\ncontent-encoding: gzip\r\n/is, 'the server sent a gzip response');
like($raw{'/last-modified 304'}, qr/^HTTP\/1\.1 304 /, 'the server answered If-Modified-Since with 304');

my @names = sort keys %raw;
my $setup = sub {
    my ($dir) = @_;
    for my $i (0 .. $#names) {
        open my $fh, '>:raw', "$dir/$i.raw" or die $!;
        print $fh $raw{ $names[$i] };
        close $fh;
    }
};
my $list = join ', ', map { "'$_'" } @names;

same_both_ways('server responses', <<"EOF" . <<'EOF', setup => $setup);
my \@names = ($list);
EOF
use HTTP::Response;
use HTTP::Request;
for my $i (0 .. $#names) {
    open my $fh, '<:raw', "$DIR/$i.raw" or die $!;
    my $raw = do { local $/; <$fh> };
    my $r = HTTP::Response->parse($raw);
    $r->request(HTTP::Request->new(GET => "http://127.0.0.1/$names[$i]"));
    my $label = $names[$i];
    r("$label status", $r->protocol, $r->code, $r->message, $r->status_line, $r->is_success ? 1 : 0, $r->is_redirect ? 1 : 0, $r->is_error ? 1 : 0);
    my $h = $r->headers->clone;
    $h->remove_header('Date');
    r("$label headers", $h->as_string);
    r("$label names", grep { $_ ne 'Date' } $r->header_field_names);
    r("$label multi", $r->header('X-Multi'), scalar $r->header('X-Multi'), $r->header('Set-Cookie'));
    r("$label ct", $r->content_type, $r->content_type_charset, $r->content_charset, $r->content_encoding, $r->content_length);
    r("$label decoded", $r->decoded_content);
    r("$label bytes", $r->decoded_content(charset => 'none'));
    r("$label base filename", $r->base, $r->filename, $r->last_modified, $r->www_authenticate);
    my $copy = $r->clone;
    r("$label decode", $copy->decode, $copy->header('Content-Encoding'), length $copy->content);
}
EOF

done_testing;
