# HTTP::Request::Common: the same scripts under libwww-perl's module and
# cpan-bridge's, the built requests' as_string compared byte for byte: simple
# requests, urlencoded forms (hash and array, Unicode, newlines), and
# multipart/form-data with binary files, Unicode and hostile file names,
# [$file, $name, Header => ...] and [undef, $name, Content => ...] parts. The
# boundary is normalised only where the real one is random (a part that holds
# "xYzZY"). $DYNAMIC_FILE_UPLOAD is where the facade deliberately differs.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest ();
use HTTPMessageTest qw(same_both_ways PRELUDE);
use FacadeDiff qw(first_diff);
use Test::More;

sub spew { my ($path, $bytes) = @_; open my $fh, '>:raw', $path or die "$path: $!"; print $fh $bytes; close $fh or die $! }

# The files both runs upload (made afresh in each run's directory).
sub files {
    my ($dir) = @_;
    spew("$dir/binary.bin", join('', map { chr } 0 .. 255) x 40 . "\r\n--xY\r\n");
    spew("$dir/notes.txt", "plain text\nline 2\r\n");
    spew("$dir/caf\xc3\xa9 \xe2\x82\xac.dat", "unicode-named\x00\xff");
    spew("$dir/O'Brien \"quoted\" back\\slash.txt", "quotes");
    spew("$dir/\$(rm -rf).csv", "a,b\n1,2\n");
    spew("$dir/empty.txt", '');
    spew("$dir/image.png", "\x89PNG\r\n\x1a\n");
    spew("$dir/archive.tar.gz", "\x1f\x8b\x08\x00");
    spew("$dir/noext", "just text\n");
    spew("$dir/noext-binary", "\x00\x01\x02\xff" x 100);
    spew("$dir/REPORT.PDF", "%PDF-1.4");
    spew("$dir/page.html", "<html></html>");
    spew("$dir/data.json", "{}");
    spew("$dir/collide.txt", "this part holds xYzZY, the fixed boundary");
    mkdir "$dir/sub";
    spew("$dir/sub/nested.xml", "<a/>");
}

sub random_boundaries {
    my %seen;
    $seen{$1}++ while /boundary="?([0-9A-Za-z]+)/g;
    for my $b (grep { !/^(?:xYzZY|FixedBoundary42)$/ } keys %seen) { s/\Q$b\E/RANDOM/g }
}

same_both_ways('simple requests', <<'EOF');
use HTTP::Request::Common qw(GET HEAD PUT PATCH POST OPTIONS DELETE);
r('GET', GET('http://h.test/p?q=1')->as_string);
r('GET headers', GET('http://h.test/', Accept => 'text/html', 'X-Multi' => [1, 2], X_Under => 'u', 'user-agent' => 'ua')->as_string);
r('GET content', GET('http://h.test/', Content => 'abc', Content => 'def')->as_string);
r('GET content with length', GET('http://h.test/', 'Content-Length' => 99, Content => 'abc')->as_string);
r('HEAD', HEAD('http://h.test/', Referer => 'http://r.test/')->as_string);
r('DELETE', DELETE('http://h.test/thing/1', Authorization => 'Bearer t')->as_string);
r('POST string', POST('http://h.test/', 'Content-Type' => 'application/json', Content => '{"a":1}')->as_string);
r('POST nothing', POST('http://h.test/')->as_string);
r('POST empty form', POST('http://h.test/', [])->as_string);
r('POST form array', POST('http://h.test/', [b => 2, a => 1, b => 3, 'sp ace' => 'v&l=u?e', empty => '', zero => 0])->as_string);
r('POST form hash', POST('http://h.test/', { only => 'one' })->as_string);
r('POST form Content', POST('http://h.test/', Content => [x => 'y'], 'X-H' => 1)->as_string);
r('POST unicode', POST('http://h.test/', [name => "caf\x{e9}", sym => "\x{20ac}\x{263a}", bytes => "caf\xc3\xa9"])->as_string);
r('POST newlines', POST('http://h.test/', [text => "a\nb\r\nc\rd\n"])->as_string);
r('POST undef value', POST('http://h.test/', [u => undef, v => 'x'])->as_string);
r('PUT form', PUT('http://h.test/', [k => 'v'])->as_string);
r('PATCH string', PATCH('http://h.test/', Content => 'patch body')->as_string);
r('OPTIONS', OPTIONS('http://h.test/*')->as_string);
r('url object', GET(URI->new('http://u.test/x'))->uri);
r('wide content', try { POST('http://h.test/', Content => "\x{263a}") });
r('explicit ct kept', POST('http://h.test/', 'Content-Type' => 'text/plain; charset=utf-8', Content => [a => 1])->as_string);
EOF

same_both_ways('form-data', <<'EOF', setup => \&files, normalise => \&random_boundaries);
use HTTP::Request::Common qw(POST PUT);
chdir $DIR or die;
my @cases = (
    ['plain fields', [a => 1, b => "two\nlines", 'quo"te' => 'q', 'back\\slash' => 'b', uni => "caf\xc3\xa9", undef_value => undef]],
    ['binary file', [file => ['binary.bin']]],
    ['text file', [file => ["$DIR/notes.txt"]]],
    ['unicode file name', [file => ["caf\xc3\xa9 \xe2\x82\xac.dat"]]],
    ['hostile names', [f1 => ["O'Brien \"quoted\" back\\slash.txt"], f2 => ['$(rm -rf).csv']]],
    ['rename', [file => ['notes.txt', '../../etc/passwd']]],
    ['rename unicode', [file => ['binary.bin', "\xe6\x96\x87\xe4\xbb\xb6.bin"]]],
    ['empty name means none', [file => ['notes.txt', '']]],
    ['headers', [file => ['binary.bin', 'b.bin', 'Content-Type' => 'application/x-custom', 'X-Extra' => 'yes']]],
    ['content from memory', [file => [undef, 'mem.bin', 'Content-Type' => 'application/octet-stream', Content => "\x00mem\xff"]]],
    ['content no name', [file => [undef, undef, Content => 'inline']]],
    ['content overrides file', [file => ['notes.txt', 'n.txt', Content => 'instead']]],
    ['disposition override', [file => ['notes.txt', undef, 'Content-Disposition' => 'attachment; filename="x"']]],
    ['empty file', [file => ['empty.txt']]],
    ['types by suffix', [map { ($_ => [$_]) } 'image.png', 'archive.tar.gz', 'noext', 'noext-binary', 'REPORT.PDF', 'page.html', 'data.json', 'sub/nested.xml']],
    ['mixed order', [first => 'v', file => ['notes.txt'], last => 'w']],
    ['collision makes a random boundary', [file => ['collide.txt']]],
    ['no parts', []],
);
for my $c (@cases) {
    my ($label, $form) = @$c;
    r($label, POST('http://h.test/upload', Content_Type => 'form-data', Content => $form)->as_string);
}
r('hash form', POST('http://h.test/u', Content_Type => 'form-data', Content => { one => 1 })->as_string);
r('given boundary', POST('http://h.test/u', Content_Type => 'multipart/form-data; boundary=FixedBoundary42', Content => [a => 1])->as_string);
r('given boundary and charset', POST('http://h.test/u', Content_Type => 'multipart/form-data; charset=utf-8; boundary="FixedBoundary42"', Content => [a => 1])->as_string);
r('charset only', POST('http://h.test/u', Content_Type => 'multipart/form-data; charset=utf-8', Content => [a => 1])->as_string);
r('PUT form-data', PUT('http://h.test/u', Content_Type => 'form-data', Content => [a => 1])->as_string);
r('upper-case type', POST('http://h.test/u', Content_Type => 'Multipart/Form-Data', Content => [a => 1])->as_string);
r('missing file', try { POST('http://h.test/u', Content_Type => 'form-data', Content => [f => ['no-such-file']]) });
r('directory', try { POST('http://h.test/u', Content_Type => 'form-data', Content => [f => ['sub']])->as_string });
my $req = POST('http://h.test/u', Content_Type => 'form-data', Content => [a => 1, f => ['binary.bin']]);
r('parts', map { $_->header('Content-Disposition') . ' ' . length($_->content) } $req->parts);
r('length header', $req->header('Content-Length'), length $req->content);
r('form_data direct', scalar HTTP::Request::Common::form_data([x => 'y'], 'B1', undef));
r('boundary fn', HTTP::Request::Common::boundary(), length HTTP::Request::Common::boundary(2));
r('exports', sort @HTTP::Request::Common::EXPORT);
r('export ok', sort @HTTP::Request::Common::EXPORT_OK);
EOF

# Every suffix in the facade's media-type table, and compound and odd names,
# typed as LWP::MediaTypes types them (for files that exist and that do not).
{
    my $table = do { open my $fh, '<', BridgeTest::root() . '/perl/lib/CPANBridge/HTTP/MediaTypes.pm' or die $!; local $/; <$fh> };
    my @suffixes;
    push @suffixes, split ' ', $1 while $table =~ /\[qw\(([^)]*)\)\]/g;
    cmp_ok(scalar @suffixes, '>=', 80, 'the table holds the common suffixes');
    my @names = ((map { ("x.$_", 'X.' . uc $_) } @suffixes), 'a.tar.gz', 'a.txt.bz2', 'a.gz', '.gz', 'a.Z', 'a.z', 'a.uu', 'a.hqx', 'noext',
        'dir.d/file', 'a.b.c.unknownext', 'a.', 'report.final.PDF', 'archive.TGZ', 'x.json.gz.uu');
    my $dir = HTTPMessageTest::scratch();
    spew("$dir/exists-text", "some text\n");
    spew("$dir/exists-bin", "\x00\x01\x02\xfe" x 64);
    push @names, "$dir/exists-text", "$dir/exists-bin";
    my $list = join ', ', map { my $n = $_; $n =~ s/([\\'])/\\$1/g; "'$n'" } @names;
    my ($real, $rerr) = BridgeTest::run_perl_real(PRELUDE . "use LWP::MediaTypes qw(guess_media_type); use HTTP::Headers;\n"
        . "for ($list) { my \$h = HTTP::Headers->new; my \@t = guess_media_type(\$_, \$h); r(\$_, \@t, \$h->as_string) }\n");
    my ($facade, $ferr) = BridgeTest::run_perl_facade(PRELUDE . "use CPANBridge::HTTP::MediaTypes; use HTTP::Headers;\n"
        . "for ($list) { my \$h = HTTP::Headers->new; my \@t = CPANBridge::HTTP::MediaTypes::guess(\$_, \$h); r(\$_, \@t, \$h->as_string) }\n");
    ok(length $real > 1000, 'LWP::MediaTypes typed them') or diag $rerr;
    ok($facade eq $real, 'CPANBridge::HTTP::MediaTypes types them as LWP::MediaTypes does')
        or diag first_diff($real, $facade) . $ferr;
}

# $DYNAMIC_FILE_UPLOAD: the real module makes the body a callback that reads
# the file; cpan-bridge's LWP sends the body to its daemon as bytes, so the
# facade refuses with a reason instead of building a request it cannot send.
{
    my $dir = HTTPMessageTest::scratch();
    files($dir);
    my $script = PRELUDE . "chdir '$dir' or die;\n" . <<'EOF';
use HTTP::Request::Common qw(POST $DYNAMIC_FILE_UPLOAD);
$DYNAMIC_FILE_UPLOAD = 1;
my $r = eval { POST('http://h.test/u', Content_Type => 'form-data', Content => [f => ['binary.bin']]) };
print $r ? 'built ' . ref($r->content) : 'refused: ' . $@, "\n";
my $plain = POST('http://h.test/u', Content_Type => 'form-data', Content => [a => 1]);
print 'no file: ', length $plain->content, "\n";
EOF
    my ($real) = BridgeTest::run_perl_real($script);
    is($real, "built CODE\nno file: 67\n", 'the real module builds a callback body under $DYNAMIC_FILE_UPLOAD');
    my ($facade, $err) = BridgeTest::run_perl_facade($script);
    like($facade, qr/^refused: HTTP::Request::Common: \$DYNAMIC_FILE_UPLOAD is not supported by cpan-bridge: .*sent as|^refused: .*daemon as bytes/s,
        'the facade refuses it, saying why') or diag $err;
    like($facade, qr/^no file: 67$/m, '... and without a file part the flag changes nothing, as in the real one');
}

done_testing;
