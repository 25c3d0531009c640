# Mail::Sender (facade) against its documented API (metacpan Mail::Sender
# 0.903) and the bytes the capture server receives: the documentation's
# examples (MailMsg, MailFile, Open/SendLineEnc/Close, OpenMultipart/Body/
# Attach/Part/EndPart/Close, GetHandle), headers as documented, base64 round
# trips, and the numeric error returns with $Mail::Sender::Error.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest ();
use MailTest qw(%SVC unique_rcpt spooled_all have_smtp);
use File::Temp ();
use MIME::Base64 ();
use MIME::QuotedPrint ();
use Test::More;

plan skip_all => 'the SMTP capture server is not running (bash scripts/test-services.sh start)' unless have_smtp();

use lib 'perl/compat';
no warnings 'deprecated';
require Mail::Sender;

my $DIR = File::Temp::tempdir('mail-sender-XXXXXX', TMPDIR => 1, CLEANUP => 1);
sub spew { my ($name, $bytes) = @_; open my $fh, '>:raw', "$DIR/$name" or die $!; print $fh $bytes; close $fh; return "$DIR/$name" }
my $BLOB = join '', map { chr(($_ * 31 + 7) % 256) } 0 .. 30000;
my $BIN = spew('data.bin', $BLOB);
my $UNI = spew("\xd0\xbe\xd1\x82\xd1\x87\xd0\xb5\xd1\x82 \xe2\x82\xac.bin", $BLOB);
my $TXT = spew('list.txt', "name,value\nO'Brien,\$(rm -rf /)\n../x,'; DROP TABLE t;--\ncaf\xe9\n");

my %BASE = (smtp => $SVC{CB_SMTP_HOST}, port => $SVC{CB_SMTP_PORT}, from => 'Reports <reports@example.test>');
sub one { my ($rcpt) = @_; my ($m) = spooled_all($rcpt, 1, 15); return $m ? @$m : (undef, {}) }
sub headers { my ($eml) = @_; my ($h) = split /\r\n\r\n/, $eml, 2; return $h }
sub body { my ($eml) = @_; my (undef, $b) = split /\r\n\r\n/, $eml, 2; return $b }

# ---- MailMsg, as the SYNOPSIS ---------------------------------------------------
{
    my ($to, $cc, $bcc) = map { unique_rcpt($_) } qw(to cc bcc);
    my $sender = Mail::Sender->new({%BASE, tls_allowed => 0});
    isa_ok($sender, 'Mail::Sender', 'new({smtp, port, from})');
    my $r = $sender->MailMsg({to => $to, cc => $cc, bcc => $bcc, subject => 'Plain message',
        msg => "Hello\n.\n..two dots\nFrom me\nSELECT * FROM t WHERE name = 'O''Brien';\n<b>not html</b>\nlast line"});
    is(ref $r, 'Mail::Sender', 'MailMsg returns the object');
    my ($eml, $meta) = one($to);
    ok(defined $eml, 'the message arrived');
    is_deeply([sort @{ $meta->{rcpt_tos} }], [sort $to, $cc, $bcc], 'envelope: To, Cc and Bcc');
    is($meta->{mail_from}, 'reports@example.test', 'MAIL FROM: the address inside <>');
    ok(!$meta->{tls}, 'tls_allowed => 0: no STARTTLS');
    my $h = headers($eml);
    like($h, qr/\ATo: \Q$to\E\r\nFrom: Reports <reports\@example.test>\r\nCc: \Q$cc\E\r\nSubject: Plain message\r\nDate: \w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d [-+]\d{4}\r\nX-Mailer: Perl script "[^"]+"\r\n\tusing Mail::Sender 0\.903 by Jenda Krynicky, Czechlands\r\n\trunning on [^\r]+\r\n\tunder account "[^"]*"\r\nMessage-ID: <\d{8}_\d{6}_\d{6}\.reports\@example\.test>\z/,
        'headers in the documented order: To, From, Cc, Subject, Date, X-Mailer, Message-ID');
    unlike($h, qr/^Bcc:/mi, 'no Bcc header');
    is(body($eml), "Hello\r\n.\r\n..two dots\r\nFrom me\r\nSELECT * FROM t WHERE name = 'O''Brien';\r\n<b>not html</b>\r\nlast line\r\n",
        'the body arrives as written (a lone dot, dots, From, SQL and HTML untouched), CRLF line ends');
}

# ---- MailFile: text and binary files, a Unicode name, description --------------------
{
    my $to = unique_rcpt('file');
    my $sender = Mail::Sender->new({%BASE, tls_allowed => 0});
    my $r = $sender->MailFile({to => $to, subject => 'Here is the file', msg => "I'm sending you the list you wanted.\n",
        file => [$TXT, $BIN, $UNI]});
    is(ref $r, 'Mail::Sender', 'MailFile with three files');
    my ($eml) = one($to);
    like(headers($eml), qr/\r\nMIME-Version: 1\.0\r\nContent-Type: multipart\/mixed;\r\n\tboundary="Message-Boundary-by-Mail-Sender-\d+"\z/,
        'multipart/mixed with the documented boundary');
    my ($b) = $eml =~ /boundary="([^"]+)"/;
    my @parts = split /\r\n--\Q$b\E(?:--)?\r\n/, body($eml);
    is(scalar @parts, 6, 'preamble, body, three files, the end');
    like($parts[0], qr/\AThis message is in MIME format\./, 'the preamble');
    is($parts[1], "Content-Type: text/plain; charset=\"US-ASCII\"\r\nContent-Description: Mail message body\r\nContent-Transfer-Encoding: 7BIT\r\nContent-Disposition: inline\r\n\r\nI'm sending you the list you wanted.",  # (the split takes the CRLF before each boundary)
        'the body part as documented (US-ASCII, 7BIT, inline)');
    my ($th, $tb) = split /\r\n\r\n/, $parts[2], 2;
    is($th, "Content-Type: text/plain; name=\"list.txt\"\r\nContent-Description: list.txt\r\nContent-Transfer-Encoding: Quoted-printable\r\nContent-Disposition: attachment; filename=\"list.txt\"",
        'a .txt file: text/plain, Quoted-printable, named');
    (my $txt = MIME::QuotedPrint::decode_qp($tb)) =~ s/\r\n/\n/g;
    is($txt, "name,value\nO'Brien,\$(rm -rf /)\n../x,'; DROP TABLE t;--\ncaf\xe9", '... its text round-trips');
    for my $i (3, 4) {
        my ($ph, $pb) = split /\r\n\r\n/, $parts[$i], 2;
        like($ph, qr/\AContent-Type: application\/octet-stream; name="([^"]+)"\r\n.*Content-Transfer-Encoding: Base64\r\n/s, "file $i: octet-stream, Base64");
        is(MIME::Base64::decode_base64($pb), $BLOB, "file $i: base64 decodes to the file byte for byte");
    }
    like($parts[4], qr/name="\xd0\xbe\xd1\x82\xd1\x87\xd0\xb5\xd1\x82 \xe2\x82\xac\.bin"/, 'the Unicode file name as the real one writes it (raw)');
}

# ---- Open / SendLineEnc / SendEnc / Close, charset and encodings, headers ------------
{
    my $to = unique_rcpt('open');
    my $sender = Mail::Sender->new({%BASE, tls_allowed => 0});
    my $r = $sender->Open({to => $to, subject => "R\x{e9}sum\x{e9} \x{263a}", charset => 'UTF-8', encoding => 'quoted-printable',
        headers => {'X-Report-Id' => '42'}, priority => 2, confirm => 'reading'});
    is(ref $r, 'Mail::Sender', 'Open');
    $sender->SendLineEnc("caf\x{e9} \x{263a}");
    $sender->SendEnc("second line\n");
    $sender->SendLineEnc('=' x 100);
    is(ref $sender->Close, 'Mail::Sender', 'Close sends it');
    my ($eml) = one($to);
    my $h = headers($eml);
    like($h, qr/^Subject: =\?UTF-8\?Q\?R=C3=A9sum=C3=A9=20\?==\?UTF-8\?Q\?=E2=98=BA\?=\r$/m, 'a non-ASCII Subject: a Q word per run, the space inside, as the real one writes it');
    like($h, qr/^X-Priority: 2 \(High\)\r$/m, 'priority 2 => X-Priority: 2 (High)');
    like($h, qr/^X-Confirm-Reading-To: Reports <reports\@example.test>\r$/m, 'confirm => reading');
    like($h, qr/^X-Report-Id: 42\r\nMIME-Version: 1\.0\r\nContent-Type: text\/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\z/m,
        'custom headers, then the MIME headers');
    (my $text = MIME::QuotedPrint::decode_qp(body($eml))) =~ s/\r\n/\n/g;
    is($text, "caf\xc3\xa9 \xe2\x98\xba\nsecond line\n" . ('=' x 100) . "\n\n", 'the text, encoded to UTF-8 and quoted-printable, round-trips');
    ok(!grep({ length > 78 } split /\r\n/, body($eml)), 'no quoted-printable line over 76 characters');
}

# ---- OpenMultipart with Body, nested alternative Part/EndPart, Attach, GetHandle --------
{
    my $to = unique_rcpt('multi');
    my $sender = Mail::Sender->new({%BASE, tls_allowed => 0});
    is(ref $sender->OpenMultipart({to => $to, subject => 'multi', multipart => 'related', boundary => 'BOUND=ARY'}), 'Mail::Sender', 'OpenMultipart');
    $sender->Part({description => 'alternatives', ctype => 'multipart/alternative'});
    $sender->Part({ctype => 'text/plain', disposition => 'NONE', msg => "plain text\n"});
    $sender->Part({ctype => 'text/html', disposition => 'NONE', encoding => 'Quoted-printable', msg => "<p>html \xe9</p>\n"});
    $sender->EndPart('multipart/alternative');
    $sender->Attach({description => 'logo', ctype => 'image/gif', encoding => 'Base64', disposition => 'inline; filename=*',
        file => $BIN, content_id => '*'});
    $sender->Part({ctype => 'text/plain', encoding => 'Base64', disposition => 'attachment; filename="gen.txt"'});
    my $fh = $sender->GetHandle;
    print $fh "line $_\n" for 1 .. 50;
    printf $fh "%s=%d\n", 'total', 50;
    close $fh;
    is(ref $sender->Close, 'Mail::Sender', 'Close');
    my ($eml) = one($to);
    like(headers($eml), qr/Content-Type: multipart\/related;\r\n\tboundary="BOUND-ARY"\z/, 'subtype and boundary ("=" becomes "-")');
    my $body = body($eml);
    like($body, qr/\r\n--BOUND-ARY\r\nContent-Type: multipart\/alternative; boundary="Part-BOUND-ARY_2"\r\n\r\n\r\n--Part-BOUND-ARY_2\r\nContent-Type: text\/plain\r\nContent-Transfer-Encoding: 7BIT\r\n\r\nplain text\r\n--Part-BOUND-ARY_2\r\n/,
        'a nested alternative part with its own boundary');
    like($body, qr/\r\n--Part-BOUND-ARY_2--\r\n--BOUND-ARY\r\nContent-Type: image\/gif; name="data\.bin"\r\nContent-Description: logo\r\nContent-Transfer-Encoding: Base64\r\nContent-Disposition: inline; filename="data\.bin"\r\nContent-ID: <data\.bin>\r\n\r\n([A-Za-z0-9+\/=\r\n]+?)\r\n--BOUND-ARY\r\n/,
        'Attach: name from the file, "*" content id');
    my ($b64) = $body =~ /Content-ID: <data\.bin>\r\n\r\n([A-Za-z0-9+\/=\r\n]+?)\r\n--BOUND-ARY/;
    is(MIME::Base64::decode_base64($b64 || ''), $BLOB, '... and the file round-trips');
    # the handle was opened in a part: closing it ends the part (a plain boundary), and Close adds no end boundary, as the real one
    my ($gen) = $body =~ /filename="gen\.txt"\r\n\r\n([A-Za-z0-9+\/=\r\n]+?)\r\n--BOUND-ARY\r\n\r\n\z/;
    is(MIME::Base64::decode_base64($gen || ''), join('', map { "line $_\n" } 1 .. 50) . "total=50\n", 'GetHandle: print and printf through SendEnc, base64 in 57-byte chunks');
}

# ---- STARTTLS by default (the real 0.903 asks for TLSv1 and fails on today's OpenSSL) --
{
    my $to = unique_rcpt('tls');
    my $r = Mail::Sender->new({%BASE})->MailMsg({to => $to, subject => 'tls', msg => "x\n"});
    is(ref $r, 'Mail::Sender', 'tls_allowed (default): sent');
    my (undef, $meta) = one($to);
    ok($meta->{tls}, '... over STARTTLS, as the real one when its TLS works');
    my $to2 = unique_rcpt('auth');
    $r = Mail::Sender->new({%BASE, auth => 'LOGIN', authid => $SVC{CB_SMTP_USER}, authpwd => $SVC{CB_SMTP_PASSWORD}})
        ->MailMsg({to => $to2, subject => 'auth', msg => "x\n"});
    is(ref $r, 'Mail::Sender', 'auth LOGIN with authid/authpwd: sent');
    (undef, $meta) = one($to2);
    is($meta->{auth_user}, $SVC{CB_SMTP_USER}, '... authenticated');
    my $to3 = unique_rcpt('req');
    $r = Mail::Sender->new({%BASE, tls_required => 1, auth => 'PLAIN', authid => $SVC{CB_SMTP_USER}, authpwd => $SVC{CB_SMTP_PASSWORD}})
        ->MailMsg({to => $to3, subject => 'req', msg => "x\n"});
    is(ref $r, 'Mail::Sender', 'tls_required with PLAIN: sent');
}

# ---- error returns ----------------------------------------------------------------------------
sub err_is {
    my ($got, $num, $re, $name) = @_;
    is($got, $num, "$name: returns $num");
    no warnings 'once';
    like($Mail::Sender::Error, $re, "$name: \$Mail::Sender::Error");
}
{
    err_is(Mail::Sender->new({smtp => 'no-such-host.invalid', from => 'a@example.test'}), -1,
        qr/\AThe SMTP server no-such-host\.invalid was not found\z/, 'unknown host');
    my $s = Mail::Sender->new({%BASE, tls_allowed => 0});
    err_is($s->MailMsg({to => unique_rcpt('x')}), -9, qr/\ANo message specified\z/, 'MailMsg without msg');
    err_is($s->MailFile({to => unique_rcpt('x'), msg => 'x'}), -10, qr/\ANo file name specified\z/, 'MailFile without file');
    err_is($s->MailFile({to => unique_rcpt('x'), msg => 'x', file => "$DIR/missing"}), -11, qr/\AFile ".*missing" not found\z/, 'MailFile with a missing file');
    err_is(Mail::Sender->new({smtp => $SVC{CB_SMTP_HOST}})->MailMsg({to => 'a@example.test', msg => 'x'}), -16,
        qr/\ANo From: address specified\z/, 'no from');
    err_is(Mail::Sender->new({from => 'a@example.test'})->MailMsg({to => 'a@example.test', msg => 'x'}), -15,
        qr/\ANo SMTP server specified\z/, 'no smtp');
    err_is($s->MailMsg({msg => 'x'}), -8, qr/\AArgument \$to empty\z/, 'no to');
    err_is($s->Open({to => unique_rcpt('x'), encoding => 'x-uuencode'}), -27, qr/\AUnknown encoding 'x-uuencode'\z/, 'unknown encoding');
    $s->Open({to => unique_rcpt('x')});
    err_is($s->Part({msg => 'x'}), -12, qr/\A\$sender->Part\(\) not available in singlepart mode\z/, 'Part in a single-part message');
    $s->Cancel;
    err_is($s->SendEnc('x'), -14, qr/\AConnection not established\z/, 'SendEnc with no message open');
    my $dead = Mail::Sender->new({%BASE, port => 1, tls_allowed => 0});
    err_is($dead->MailMsg({to => unique_rcpt('x'), msg => "x\n"}), -3, qr/\Aconnect\(\) failed: Input\/output error\z/, 'closed port (the real one reports EIO whatever the cause)');
    my $rej = 'reject' . unique_rcpt('r');
    err_is($s->MailMsg({to => $rej, msg => "x\n"}), -6,
        qr/\A5\.1\.1 <\Q$rej\E>: Recipient address rejected for "\Q$rej\E" on host "127\.0\.0\.1"\z/, 'refused recipient');
    err_is($s->MailMsg({from => 'tempfail@example.test', to => unique_rcpt('x'), msg => "x\n"}), -5,
        qr/\AServer error: 451 4\.3\.0 Try again later\r\n\z/, 'refused sender');
    err_is(Mail::Sender->new({%BASE, auth => 'LOGIN', authid => $SVC{CB_SMTP_USER}, authpwd => 'wrong'})->MailMsg({to => unique_rcpt('x'), msg => "x\n"}),
        -18, qr/\ALogin not accepted\z/, 'wrong password');
    my $skip = Mail::Sender->new({%BASE, tls_allowed => 0, skip_bad_recipients => 1});
    my $good = unique_rcpt('good');
    is(ref $skip->MailMsg({to => "$rej, $good", msg => "x\n"}), 'Mail::Sender', 'skip_bad_recipients: sent to the good one');
    is_deeply([keys %{ $skip->{skipped_recipients} || {} }], [$rej], '... and lists the refused in {skipped_recipients}');
    err_is($skip->MailMsg({to => $rej, msg => "x\n"}), -20, qr/\AAll recipients are bad\z/, 'skip_bad_recipients, all refused');
    my $die = Mail::Sender->new({%BASE, tls_allowed => 0, on_errors => 'die'});
    ok(!eval { $die->MailMsg({to => $rej, msg => "x\n"}); 1 }, "on_errors => 'die' dies");
    like($@, qr/Recipient address rejected for "\Q$rej\E"/, '... with the error text');
    my $undef = Mail::Sender->new({%BASE, tls_allowed => 0, on_errors => undef});
    is($undef->Open({to => $rej, msg => "x\n"}) && $undef->SendLineEnc('x') && $undef->Close, undef, 'on_errors => undef: Close returns undef');
    is($undef->MailMsg({to => $rej, msg => "x\n"}), -6, '... MailMsg returns {error}, as the real one');
    is($undef->{error}, -6, '... and keeps the number in {error}');
    is(scalar(() = spooled_all($rej, 1, 0)), 0, 'nothing arrived for the refused recipient alone');
}

done_testing;
