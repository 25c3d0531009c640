# MIME::Lite's send('smtp', ...) under the real module (through core
# Net::SMTP) and the facade (the daemon's mail.send) to the capture server:
# the bytes the server received, the envelope (MAIL FROM, RCPT TO: To, Cc
# and Bcc), HELO, TLS and AUTH, and what dies when the server refuses.
# Each side sends to its own unique recipients; normalised: those, Date,
# boundaries, X-Mailer's module list, " at FILE line N" and $! texts.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade);
use MailTest qw(%SVC unique_rcpt spooled_all normalise_mail have_smtp);
use File::Temp ();
use MIME::Base64 ();
use Test::More;

plan skip_all => 'the SMTP capture server is not running (bash scripts/test-services.sh start)' unless have_smtp();
my ($have) = run_perl_real('use MIME::Lite; print $MIME::Lite::VERSION');
plan skip_all => 'the real MIME::Lite is not installed (Debian libmime-lite-perl)' unless defined $have && $have =~ /^3\./;

my $DIR = File::Temp::tempdir('mime-lite-smtp-XXXXXX', TMPDIR => 1, CLEANUP => 1);
sub spew { my ($name, $bytes) = @_; open my $fh, '>:raw', "$DIR/$name" or die $!; print $fh $bytes; close $fh; return "$DIR/$name" }
my $BLOB = join '', map { chr(($_ * 13 + 5) % 256) } 0 .. 20000;
spew('blob.bin', $BLOB);
spew("\xe6\x97\xa5\xe6\x9c\xac \xe2\x82\xac.bin", $BLOB);

sub norm {
    my ($s, @rcpts) = @_;
    $s = normalise_mail($s);
    for my $i (0 .. $#rcpts) { $s =~ s/\Q$rcpts[$i]\E/RCPT$i/g }
    $s =~ s/ at \S+ line \d+(?:\.$|(?=,))/ at FILE/mg;
    $s =~ s/(command failed: )[^\n]*\n/$1ERRNO\n/g;
    $s =~ s/(Failed to connect to mail server: )[^\n]*/$1ERRNO/g;
    return $s;
}

# Runs $body on both sides; it sends to rcpt(0), rcpt(1)... and prints what
# it likes. Returns the spooled messages of each side ([eml, meta], ...).
sub same {
    my ($name, $body, %opt) = @_;
    my (%out, %mail);
    for my $side (qw(real facade)) {
        my @rcpts = map { unique_rcpt($side) } 0 .. 3;
        my $facts = join ', ', map { "$_ => q\x00$SVC{$_}\x00" } grep { /^CB_SMTP/ && !/_CA$/ } sort keys %SVC;
        my $script = <<"EOF" . $body;
use strict; use warnings;
use MIME::Lite;
my %S = ($facts);
my \@R = qw(@rcpts);
my \$DIR = '$DIR';
sub rcpt { \$R[\$_[0]] }
sub try(&\$) { my (\$code, \$label) = \@_; my \@r = eval { \$code->() }; print "== \$label: ", (\$\@ ? "died: \$\@" : "ok \@r\\n") }
EOF
        my $run = $side eq 'real' ? \&run_perl_real : \&run_perl_facade;
        # IO::Socket::SSL (under Net::SMTP) and the facade both take a CA file from SSL_CERT_FILE
        local $ENV{SSL_CERT_FILE} = $SVC{CB_SMTP_CA} if $opt{ca};
        my ($o, $e, $x) = $run->($script);
        $out{$side} = norm("$o--- stderr\n$e--- exit $x\n", @rcpts);
        diag "$side: $out{$side}" if $ENV{MAIL_TEST_VERBOSE};
        my @got = $opt{messages} ? spooled_all($rcpts[0], $opt{messages}, 15) : ();
        $mail{$side} = [map {
            my ($eml, $meta) = @$_;
            my %m = (eml => norm($eml, @rcpts), raw => $eml,
                envelope => norm(join(' ', 'from', $meta->{mail_from}, 'to', @{ $meta->{rcpt_tos} }, 'helo', $meta->{helo},
                    'tls', ($meta->{tls} ? 1 : 0), 'auth', (defined $meta->{auth_user} ? $meta->{auth_user} : '-')), @rcpts));
            \%m;
        } @got];
    }
    is($out{facade}, $out{real}, "$name: the facade prints and dies as the real module does");
    is(scalar @{ $mail{facade} }, scalar @{ $mail{real} }, "$name: as many messages arrive") if $opt{messages};
    is(scalar @{ $mail{real} }, $opt{messages} || 0, "$name: the real module's messages arrived") if $opt{messages};
    for my $i (0 .. $#{ $mail{real} }) {
        my ($r, $f) = ($mail{real}[$i], $mail{facade}[$i] || {});
        is($f->{envelope}, $r->{envelope}, "$name #$i: same envelope, HELO, TLS and AUTH");
        is($f->{eml}, $r->{eml}, "$name #$i: the server received the same bytes");
    }
    return $mail{facade};
}

my $got = same('text with Cc and Bcc; dots, From, long lines, CRLF/LF mix, 8-bit', <<'EOF', messages => 1);
my $m = MIME::Lite->new(From => 'Sender <sender@example.test>', To => '"Doe, Jane" <' . rcpt(0) . '>', Cc => rcpt(1),
    Bcc => rcpt(2), Subject => "caf\xe9 report",
    Data => "line one\n.\n..two dots\n.leading dot\nFrom the start\nmixed\r\nends\r\n" . ('z' x 995) . "\n" . ('w' x 998) . "\n8-bit caf\xe9\nno newline at end");
print "== sent: ", $m->send('smtp', $S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}), "\n";
print "== last: ", $m->last_send_successful, "\n";
print "== bcc kept: ", scalar($m->get('Bcc')) eq rcpt(2) ? 'yes' : 'no', "\n";
EOF
if (my $m = $got->[0]) {
    unlike($m->{raw}, qr/^Bcc:/mi, 'Bcc is not in the message the server got');
    like($m->{envelope}, qr/to RCPT0 RCPT1 RCPT2 /, 'Bcc is in the envelope');
    like($m->{raw}, qr/\r\n\.\r\n\.\.two dots\r\n\.leading dot\r\nFrom the start\r\n/, 'a lone dot, dots and From lines arrive as written');
    unlike($m->{raw}, qr/(?<!\r)\n/, 'every line ends in CRLF');
}

$got = same('binary attachments with Unicode names, every encoding, alternative', <<'EOF', messages => 1);
my $m = MIME::Lite->new(From => 'sender@example.test', To => rcpt(0), Subject => 'files', Type => 'multipart/mixed');
my $alt = $m->attach(Type => 'multipart/alternative');
$alt->attach(Type => 'text/plain', Data => "plain\n", Encoding => 'quoted-printable');
$alt->attach(Type => 'text/html', Data => "<p>html \xe9</p>\n", Encoding => '8bit');
$m->attach(Type => 'application/octet-stream', Path => "$DIR/blob.bin", Disposition => 'attachment');
$m->attach(Type => 'application/octet-stream', Path => "$DIR/\xe6\x97\xa5\xe6\x9c\xac \xe2\x82\xac.bin", Disposition => 'attachment');
$m->attach(Type => 'text/plain', Data => "seven \xe9 bit\n", Encoding => '7bit');
$m->attach(Type => 'application/x-raw', Data => "binary\0part\r\nend\n", Encoding => 'binary');
$m->attach(Type => 'text/plain', Data => ('b' x 1200) . "\n", Encoding => 'base64');
print "== sent: ", $m->send_by_smtp($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Hello => 'client.example.test'), "\n";
EOF
if (my $m = $got->[0]) {
    my @b64 = $m->{raw} =~ /Content-Transfer-Encoding: base64\r\nContent-Type: application\/octet-stream; name="[^"]*"\r\n\r\n([A-Za-z0-9+\/=\r\n]+)\r\n--/g;
    is(scalar @b64, 2, 'both files arrive base64-encoded');
    is(MIME::Base64::decode_base64($_), $BLOB, 'a base64 attachment decodes to the file, byte for byte') for @b64;
    like($m->{raw}, qr/name="\xe6\x97\xa5\xe6\x9c\xac \xe2\x82\xac\.bin"/, 'the Unicode file name arrives as the real one writes it (raw UTF-8)');
}

same('class-level send settings, AUTO_CC off, From and To arguments', <<'EOF', messages => 2);
# (a port in the host string wins over Port, as IO::Socket::IP under Net::SMTP reads it)
MIME::Lite->send('smtp', "$S{CB_SMTP_HOST}:$S{CB_SMTP_PORT}", Timeout => 30, Port => 1);
my $m = MIME::Lite->new(From => 'sender@example.test', To => rcpt(0), Cc => rcpt(1), Subject => 'class', Data => "x\n");
print "== sent: ", $m->send, "\n";
$MIME::Lite::AUTO_CC = 0;
my $n = MIME::Lite->new(From => 'sender@example.test', To => rcpt(0), Cc => rcpt(1), 'Return-Path' => '<bounce@example.test>', Subject => 'no cc', Data => "y\n");
print "== sent: ", $n->send('smtp', $S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}), "\n";
EOF

same('AUTH with the right password', <<'EOF', messages => 1);
my $m = MIME::Lite->new(From => 'sender@example.test', To => rcpt(0), Subject => 'auth', Data => "x\n");
print "== sent: ", $m->send('smtp', $S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, AuthUser => $S{CB_SMTP_USER}, AuthPass => $S{CB_SMTP_PASSWORD}), "\n";
EOF

# SMTPS: the real 3.033 cannot send over SSL => 1 with core Net::SMTP 3.x:
# Net::SMTP re-blesses the connection into Net::SMTP::_SSL, MIME::Lite::SMTP's
# print (datasend) is lost, the message goes raw with bare LFs and the final
# "." never ends the data: it hangs until the server gives up. So the facade
# alone, checked against what the server got.
{
    my $rcpt = unique_rcpt('ssl');
    my $script = <<"EOF";
use strict; use warnings;
use MIME::Lite;
my \$m = MIME::Lite->new(From => 'sender\@example.test', To => '$rcpt', Bcc => 'b$rcpt', Subject => 'ssl', Data => "over TLS\\n.\\nend\\n");
print \$m->send('smtp', '$SVC{CB_SMTP_HOST}', Port => $SVC{CB_SMTPS_PORT}, SSL => 1, AuthUser => '$SVC{CB_SMTP_USER}', AuthPass => q\x00$SVC{CB_SMTP_PASSWORD}\x00), "\\n";
EOF
    local $ENV{SSL_CERT_FILE} = $SVC{CB_SMTP_CA};
    my ($o, $e, $x) = run_perl_facade($script);
    is("$o$e", "1\n", 'SMTPS (SSL => 1, CA from SSL_CERT_FILE) with AUTH: sent');
    my ($m) = spooled_all($rcpt, 1, 15);
    ok($m && $m->[1]{tls}, '... over TLS');
    is($m && $m->[1]{auth_user}, $SVC{CB_SMTP_USER}, '... authenticated');
    is($m && join(' ', @{ $m->[1]{rcpt_tos} }), "$rcpt b$rcpt", '... to To and Bcc');
    like($m && $m->[0], qr/\r\n\r\nover TLS\r\n\.\r\nend\r\n\z/, '... the body as composed');
    local $ENV{SSL_CERT_FILE} = '';
    ($o, $e, $x) = run_perl_facade($script);
    like($e, qr/^SMTP Failed to connect to mail server: .*\n at \S+ line \d+\.$/, 'SMTPS with a certificate nobody trusts: dies as failing to connect');
}

same('refusals: wrong password, rejected recipient, temporary failure, closed port', <<'EOF');
my $m = MIME::Lite->new(From => 'sender@example.test', To => rcpt(0), Subject => 'refused', Data => "x\n");
try { $m->send('smtp', $S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, AuthUser => $S{CB_SMTP_USER}, AuthPass => 'wrong') } 'wrong password';
print "== last: ", $m->last_send_successful, "\n";
my $r = MIME::Lite->new(From => 'sender@example.test', To => 'reject' . rcpt(1), Subject => 'refused', Data => "x\n");
try { $r->send('smtp', $S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}) } 'rejected recipient';
my $t = MIME::Lite->new(From => 'tempfail@example.test', To => rcpt(0), Subject => 'refused', Data => "x\n");
try { $t->send('smtp', $S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}) } 'temporary failure';
try { $m->send('smtp', '127.0.0.1', Port => 1) } 'closed port';
try { MIME::Lite->new(From => 'a@example.test', Data => "x\n")->send('smtp', $S{CB_SMTP_HOST}) } 'nobody to send to';
# 8bit cuts a line once, at 990: a 3000-character line is still too long for the server
my $long = MIME::Lite->new(From => 'sender@example.test', To => rcpt(0), Subject => 'long', Data => ('z' x 3000) . "\n");
try { $long->send('smtp', $S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}) } 'a line over 1000 bytes';
# characters over 0xFF: Net::SMTP dies writing them (after DATA: nothing is delivered)
my $wide = MIME::Lite->new(From => 'sender@example.test', To => rcpt(0), Subject => "wide \x{263a}", Data => "smile \x{263a}\n");
try { $wide->send('smtp', $S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}) } 'characters over 0xFF';
EOF

# A bare CR (binary Encoding only; base64/QP never have one): Net::SMTP sends
# it bare, the daemon's nodemailer turns it into CRLF (its SMTP-smuggling
# guard, no option to turn off). The one known byte difference, pinned here.
{
    my %eml;
    for my $side (qw(real facade)) {
        my $rcpt = unique_rcpt("cr$side");
        my $script = <<"EOF";
use strict; use warnings;
use MIME::Lite;
MIME::Lite->new(From => 'sender\@example.test', To => '$rcpt', Subject => 'bin', Type => 'application/x-raw',
    Encoding => 'binary', Data => "bin\\rline\\nend\\n")->send('smtp', '$SVC{CB_SMTP_HOST}', Port => $SVC{CB_SMTP_PORT});
EOF
        my $run = $side eq 'real' ? \&run_perl_real : \&run_perl_facade;
        my (undef, $e) = $run->($script);
        my ($m) = spooled_all($rcpt, 1, 15);
        $eml{$side} = $m ? (split /\r\n\r\n/, $m->[0], 2)[1] : "nothing ($e)";
    }
    is($eml{real}, "bin\rline\r\nend\r\r\n", 'bare CR: the real module sends it bare (and its last LF as CR)');
    is($eml{facade}, "bin\r\nline\r\nend\r\n", 'bare CR: the daemon sends CRLF for each (known difference, README)');
}



done_testing;
