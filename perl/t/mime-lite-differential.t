# The same MIME::Lite scripts under the real module (Debian's 3.033) and the
# facade (perl/compat): what as_string, body_as_string, header_as_string,
# fields, get, print and the errors give. Composition needs no daemon.
# Normalised: Date, boundaries' time+pid part, X-Mailer's module list (the
# facade loads no MIME::Types or Mail::Address) and " at FILE line N".
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade);
use File::Temp ();
use Test::More;

my ($have) = run_perl_real('use MIME::Lite; print $MIME::Lite::VERSION');
plan skip_all => 'the real MIME::Lite is not installed (Debian libmime-lite-perl)' unless defined $have && $have =~ /^3\./;

my $DIR = File::Temp::tempdir('mime-lite-XXXXXX', TMPDIR => 1, CLEANUP => 1);
sub spew { my ($name, $bytes) = @_; open my $fh, '>:raw', "$DIR/$name" or die $!; print $fh $bytes; close $fh; return "$DIR/$name" }
my $BIN = spew('blob.bin', join '', map { chr(($_ * 7 + 3) % 256) } 0 .. 7000);
my $TXT = spew('notes.txt', "first line\r\nsecond caf\xe9 line\n.\n..dots\nFrom here\n" . ('y' x 1500) . "\nlast, no newline");
my $PDF = spew('report.pdf', "%PDF-1.4\n" . ("\0\xff" x 300));
my $UNI = spew("r\xc3\xa9sum\xc3\xa9 \xe2\x82\xac.bin", "\x01\x02\x03\n" x 40);

sub norm {
    my ($s) = @_;
    $s =~ s/_----------=_\d+/_----------=_N/g;
    $s =~ s/^(Date: ).*$/$1DATE/mg;
    $s =~ s/(MIME::Lite 3\.033) \([^)]*\)/$1 (USES)/g;
    $s =~ s/ at \S+ line \d+(?:\.$|(?=,))/ at FILE/mg;
    $s =~ s/\Q$DIR\E/DIR/g;
    return $s;
}

sub same {
    my ($name, $body) = @_;
    my $script = <<"EOF" . $body;
use strict; use warnings;
use MIME::Lite;
my \$DIR = '$DIR';
# characters past ASCII as \\x{..}: the real one's strings are often upgraded (MIME::Types' values are), which is invisible to a script
sub show { my (\$label, \$s) = \@_; \$s = '<undef>' unless defined \$s; \$s =~ s/([^\\x00-\\x7f])/sprintf('\\\\x{%x}', ord \$1)/ge; print "== \$label\\n\$s\\n" }
sub try(&\$) { my (\$code, \$label) = \@_; my \@r = eval { \$code->() }; print "== \$label: ", (\$\@ ? "died: \$\@" : "ok\\n") }
EOF
    my ($ro, $re, $rx) = run_perl_real($script);
    my ($fo, $fe, $fx) = run_perl_facade($script);
    ($ro, $re, $fo, $fe) = map { norm($_) } ($ro, $re, $fo, $fe);
    is($rx, 0, "$name: the real module runs it") or diag $re;
    ok(length $ro > 20, "$name: the real module prints something");
    is($fo, $ro, "$name: the facade composes the same bytes") or diag "facade stderr: $fe";
    is($fe, $re, "$name: the same warnings");
    is($fx, $rx, "$name: the same exit code");
}

same('plain text message', <<'EOF');
my $m = MIME::Lite->new(From => 'Me <me@example.test>', To => 'you@example.test', Subject => 'Hello', Data => "Hi there\n");
show(as_string => $m->as_string);
show(header => $m->header_as_string);
show(body => $m->body_as_string);
show(get_to => scalar $m->get('To'));
show(fields => join '|', map { "$_->[0]=$_->[1]" } @{ $m->fields });
EOF

same('every Encoding on awkward text', <<'EOF');
my $text = "plain\nCRLF line\r\nlone CR\rtrailing spaces   \n.\n..two dots\nFrom the start\n"
    . ("0123456789" x 250) . "\ncaf\xe9 8-bit\ntab\there\nno final newline";
for my $enc (qw(7bit 8bit binary quoted-printable base64)) {
    my $m = MIME::Lite->new(From => 'a@example.test', To => 'b@example.test', Subject => $enc, Type => 'text/plain', Encoding => $enc, Data => $text);
    show($enc => $m->as_string);
}
EOF

same('default encodings by type (MIME::Types)', <<'EOF');
for my $t ('TEXT', 'HTML', 'BINARY', 'text/plain', 'text/html', 'text/csv', 'text/xml', 'text/calendar', 'text/x-unknown',
           'text/plain; charset=utf-8', 'application/pdf', 'application/json', 'application/xml', 'image/png', 'image/svg+xml',
           'message/rfc822', 'application/x-anything', 'TeXt/PlAiN') {
    my $m = MIME::Lite->new(Type => $t, Data => "x\n", Top => 0);
    show($t => $m->header_as_string);
}
EOF

same('UTF-8: characters and octets, headers left as given', <<'EOF');
my $chars = "Gr\x{fc}\x{df}e \x{263a} \x{20ac}\n";
my $octets = $chars; utf8::encode($octets);
my $m1 = MIME::Lite->new(From => "J\x{f6}rg <j\@example.test>", To => 'b@example.test', Subject => "\x{263a} smile",
    Type => 'text/plain; charset=UTF-8', Data => $octets);
show(octets => $m1->as_string);
my $m2 = MIME::Lite->new(From => 'a@example.test', Subject => 'chars', Type => 'text/plain', Encoding => '8bit', Data => $chars);
show(chars8bit => $m2->as_string);
my $m3 = MIME::Lite->new(From => 'a@example.test', Subject => 'qp', Type => 'text/plain', Encoding => 'quoted-printable', Data => $octets);
show(qp => $m3->as_string);
try { MIME::Lite->new(Type => 'text/plain', Encoding => 'base64', Data => $chars)->as_string } 'base64 of characters';
try { MIME::Lite->new(Type => 'text/plain', Encoding => 'quoted-printable', Data => $chars)->as_string } 'qp of characters';
EOF

same('multipart/mixed with files, Unicode names and every source', <<'EOF');
my $m = MIME::Lite->new(From => 'a@example.test', To => 'b@example.test, "Doe, Jane" <jane@example.test>', Cc => 'c@example.test',
    Bcc => 'hidden@example.test', Subject => 'files', Type => 'multipart/mixed');
$m->attach(Type => 'TEXT', Data => "See the files.\n");
$m->attach(Type => 'application/octet-stream', Path => "$DIR/blob.bin", Disposition => 'attachment');
$m->attach(Type => 'text/plain', Path => "$DIR/notes.txt", Encoding => 'quoted-printable');
$m->attach(Type => 'text/plain', Path => "$DIR/notes.txt", Encoding => '8bit', Filename => 'renamed.txt');
$m->attach(Type => 'text/plain', Path => "$DIR/notes.txt", Encoding => 'base64', ReadNow => 1);
$m->attach(Type => 'AUTO', Path => "$DIR/report.pdf");
$m->attach(Type => 'application/octet-stream', Path => "$DIR/r\xc3\xa9sum\xc3\xa9 \xe2\x82\xac.bin", Disposition => 'attachment');
open my $fh, '<', "$DIR/blob.bin" or die $!;
$m->attach(Type => 'image/gif', FH => $fh, Filename => "caf\xc3\xa9.gif", Encoding => 'base64');
$m->attach(Type => 'application/octet-stream', Data => "raw\0bytes\n", Encoding => 'binary', Filename => 'raw.dat', Length => 10);
show(as_string => $m->as_string);
show(parts => scalar(my @p = $m->parts) . ' ' . scalar(my @d = $m->parts_DFS));
EOF

same('alternative and related, Id, preamble, nested messages', <<'EOF');
my $m = MIME::Lite->new(From => 'a@example.test', To => 'b@example.test', Subject => 'alt', Type => 'multipart/alternative');
$m->preamble("custom preamble\n");
$m->attach(Type => 'text/plain', Data => "plain version\n");
my $rel = $m->attach(Type => 'multipart/related');
$rel->attach(Type => 'text/html', Data => qq{<img src="cid:logo">\n});
$rel->attach(Type => 'image/png', Data => "\x89PNG\r\n\x1a\n" . ("\0" x 100), Id => 'logo', Filename => 'logo.png');
$rel->attach(Type => 'image/png', Data => "x", Id => '<already@x>');
my $inner = MIME::Lite->new(From => 'x@example.test', Subject => 'inner', Data => "inner body\n");
$m->attach(Type => 'message/rfc822', Data => $inner->as_string);
my $wrap = MIME::Lite->new(Type => 'message/rfc822', Top => 0);
$wrap->attach($inner);
show(as_string => $m->as_string);
try { MIME::Lite->new(Type => 'multipart/mixed', Encoding => 'base64') } 'multipart in base64';
EOF

same('attach to a single part, then add/replace/delete/attr/field_order', <<'EOF');
my $m = MIME::Lite->new(From => 'a@example.test', To => 'b@example.test', Subject => 'single', Data => "the body\n",
    'X-Priority' => 1, 'Reply-To:' => 'r@example.test', -Organization => 'Org', Comments => 'c', Unknown => 'dropped');
$m->attach(Type => 'text/html', Data => '<p>two</p>');
$m->add('X-Multi' => ['one', 'two']);
$m->add('X-Folded' => "a\nb");
$m->replace('Subject' => 'replaced');
$m->replace('X-Priority' => undef);
$m->delete('comments');
$m->attr('content-type.charset' => 'UTF-8');
$m->attr('content-type.format' => 'flowed');
show(attr => $m->attr('content-type') . ' ' . $m->attr('content-type.charset'));
$m->attr('content-type.format' => undef);
show(ordered_before => $m->header_as_string);
$m->field_order(qw(from to subject));
show(ordered => $m->header_as_string);
show(get_list => join '|', $m->get('X-Multi'));
show(get_index => $m->get('X-Multi', 1));
try { $m->get('Content-Type') } 'get of a MIME field';
show(as_string => $m->as_string);
EOF

same('dates, top level, Datestamp, VANILLA, class field_order', <<'EOF');
my $m = MIME::Lite->new(From => 'a@example.test', Date => 'Mon, 1 Jan 2001 00:00:00 +0000', Data => "x\n");
show(given_date => $m->as_string);
show(no_date => MIME::Lite->new(From => 'a@example.test', Datestamp => 0, Data => "x\n")->as_string);
show(part => MIME::Lite->new(Top => 0, Data => "x\n")->as_string);
show(part_dated => MIME::Lite->new(Top => 0, Datestamp => 1, Data => "x\n")->as_string);
MIME::Lite->field_order(qw(subject from));
show(class_order => MIME::Lite->new(From => 'a@example.test', Subject => 's', Data => "x\n")->header_as_string);
$MIME::Lite::VANILLA = 1;
my $v = MIME::Lite->new(From => 'a@example.test', Type => 'multipart/mixed');
$v->attach(Data => "one\n");
show(vanilla => $v->as_string);
EOF

same('warnings, quiet and scrub', <<'EOF');
my $m = MIME::Lite->new(From => 'a@example.test', Data => "x\n", 'Content-Language' => 'en');
$m->add('Content-Foo' => 'bar');
MIME::Lite->quiet(1);
$m->add('Content-Quiet' => 'shh');
MIME::Lite->quiet(0);
show(with_content => $m->header_as_string);
try { $m->scrub } 'scrub with no list';
$m->scrub(['content-disposition', 'x-mailer', 'content-length']);
show(scrubbed => $m->as_string);
EOF

same('print, print_header, print_body to handles', <<'EOF');
my $m = MIME::Lite->new(From => 'a@example.test', Subject => 'p', Type => 'multipart/mixed');
$m->attach(Data => "part one\n");
$m->attach(Type => 'image/gif', Data => "GIF89a", Encoding => 'base64');
$m->print;
print "\n== to a glob ref\n";
$m->print(\*STDOUT);
print "\n== header\n";
$m->print_header(\*STDOUT);
print "\n== body\n";
$m->print_body('STDOUT');
my $buf = '';
open my $sfh, '>', \$buf or die;
$m->print($sfh);
close $sfh;
show(in_memory => $buf);
show(stringify => $m->stringify eq $m->as_string ? 'same' : 'differs');
EOF

same('data, path, fh accessors, read_now, sign, get_length', <<'EOF');
my $m = MIME::Lite->new(From => 'a@example.test', Type => 'application/octet-stream', Path => "$DIR/blob.bin");
show(path => $m->path);
show(filename => $m->filename);
show(length => $m->get_length);
show(headers => $m->header_as_string);
$m->data(['joined ', 'array', "\n"]);
show(data => $m->data);
$m->read_now;
show(after_read_now => length $m->data);
my $t = MIME::Lite->new(Type => 'TEXT', Data => "body\n", Encoding => 'binary', Top => 0);
$t->sign(Data => "Me\n");
show(signed => $t->as_string);
show(binmode => join ',', map { defined $_ ? $_ : 'undef' } $m->binmode, $t->binmode);
EOF

same('odd sources and names: a shell command Path, "<file", quotes and spaces in names, uppercase Encoding', <<'EOF');
my $m = MIME::Lite->new(From => 'a@example.test', Subject => 'odd', Type => 'multipart/mixed');
$m->attach(Type => 'text/plain', Path => "printf 'from a pipe\\n' |", Encoding => '8bit');
$m->attach(Type => 'text/plain', Path => "<$DIR/notes.txt", Encoding => 'Base64');
$m->attach(Type => 'application/octet-stream', Data => "x", Filename => q{it's "quoted" name.bin}, Disposition => 'attachment');
$m->attach(Type => 'TEXT', Data => ['a', "b\n"], Encoding => 'QUOTED-PRINTABLE', Disposition => 'attachment', Filename => 'O\'Brien $(rm).txt');
$m->attach(Type => 'text/plain', Data => "SELECT * FROM users WHERE name = 'x'; DROP TABLE users;--\n<script>alert(1)</script>\n../../etc/passwd\n");
show(as_string => $m->as_string);
EOF

same('errors', <<'EOF');
try { MIME::Lite->new(Data => 'x', Path => 'y') } 'Data and Path';
try { MIME::Lite->new(From => 'a@example.test', Path => "$DIR/missing.bin")->as_string } 'missing Path';
try { MIME::Lite->new(From => 'a@example.test', Type => 'TEXT', Encoding => 'x-uuencode', Data => "x")->as_string } 'unknown encoding';
try { MIME::Lite->new(From => 'a@example.test')->as_string } 'no data';
try { MIME::Lite->new(From => 'a@example.test', Data => "x")->send('carrier-pigeon', 1) } 'unknown send method';
try { MIME::Lite->send() } 'class send without arguments';
try { MIME::Lite->new(Data => "x\n")->send('smtp', '127.0.0.1', Port => 1) } 'smtp with nobody to send to';
EOF

same('send_by_testfile, send by sub, sendmail command', <<'EOF');
my $m = MIME::Lite->new(From => 'a@example.test', To => 'b@example.test', Bcc => 'c@example.test', Subject => 's', Data => "x\n");
my $file = "$DIR/testfile-" . ($INC{'MIME/Lite.pm'} =~ /compat/ ? 'f' : 'r');
unlink $file;
show(testfile => $m->send('testfile', $file));
show(testfile_again => $m->send_by_testfile($file));
show(last => $m->last_send_successful);
open my $fh, '<', $file or die; show(file => do { local $/; <$fh> });
show(sub => $m->send('sub', sub { my ($msg, @a) = @_; print "== in sub: @a\n"; return 7 }, 'arg1', 'arg2'));
my $out = "$DIR/sendmail-" . ($INC{'MIME/Lite.pm'} =~ /compat/ ? 'f' : 'r');
show(sendmail_cmd => $m->send('sendmail', "cat > '$out'"));
open $fh, '<', $out or die; show(piped => do { local $/; <$fh> });
show(sendmail_fails => $m->send('sendmail', "sh -c 'cat >/dev/null; exit 3'"));
my @old = MIME::Lite->send('sendmail', "cat > '$out.2'");
show(class_send_old => scalar @old);
show(default_send => $m->send);
open $fh, '<', "$out.2" or die; show(piped2 => do { local $/; <$fh> });
show(sendmail_args => $m->send('sendmail', Sendmail => '/bin/sh', BaseArgs => ['-c', "cat > '$out.3'; echo \"\$0 \$*\" > '$out.args'", 'sh']));
open $fh, '<', "$out.args" or die; show(args => do { local $/; <$fh> });
EOF

done_testing;
