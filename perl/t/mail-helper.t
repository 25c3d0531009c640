# MailHelper, the old bridge's name, with perl/lib alone on @INC as old
# scripts run: its chained pattern ((new MailHelper)->OpenMultipart(...)
# ->Attach(...)->Close), MailFile/MailMsg returning 1, croaking with
# $Mail::Sender::Error, GetError; the bytes checked at the capture server.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl);
use MailTest qw(%SVC unique_rcpt spooled_all have_smtp);
use File::Temp ();
use Test::More;

plan skip_all => 'the SMTP capture server is not running (bash scripts/test-services.sh start)' unless have_smtp();

my $DIR = File::Temp::tempdir('mail-helper-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $FILE = "$DIR/test_file.txt";
{ open my $fh, '>', $FILE or die $!; print $fh "This is a test file for email attachment.\nLine 2 of test content.\n"; close $fh }
my ($to, $to2, $rej) = (unique_rcpt('chain'), unique_rcpt('mf'), 'reject' . unique_rcpt('x'));

my $script = <<"EOF";
use strict; use warnings;
use MailHelper;
use File::Basename;
my (\$host, \$port) = ('$SVC{CB_SMTP_HOST}', $SVC{CB_SMTP_PORT});
my \$attach = '$FILE';
my \$r = eval {
    (new MailHelper(smtp => \$host, port => \$port))
        ->OpenMultipart({ smtp => \$host, from => 'test\@example.com', to => '$to', subject => 'Test Email with Attachment' })
        ->Attach({ description => "Requested attached file \$attach", ctype => 'text/plain', encoding => '7BIT',
                   disposition => 'attachment; filename=' . basename(\$attach), file => \$attach })
        ->Close();
};
print 'chain: ', (ref \$r || "died: \$@"), "\\n";
my \$s = MailHelper->new(smtp => \$host, port => \$port);
print 'mailfile: ', \$s->MailFile({ to => '$to2', from => 'test\@example.com', subject => 'Test MailFile',
    msg => "Testing MailFile method", file => \$attach }), "\\n";
print 'mailmsg: ', \$s->MailMsg({ to => '$rej', from => 'test\@example.com', subject => 'x', msg => "x\\n" }), "\\n";
print 'geterror: ', \$s->GetError, "\\n";
print 'error var: ', (\$MailHelper::Error eq \$Mail::Sender::Error ? 'same' : 'differs'), "\\n";
eval { MailHelper->new(smtp => \$host, port => \$port)->OpenMultipart({ from => 'a\@example.com', to => '$rej', subject => 'x' })
    ->Body({ body => "old body key\\n" })->Close };
print 'croaks: ', \$@;
eval { MailHelper->new(smtp => \$host, port => \$port)->OpenMultipart({ to => '$to' })->Attach({ file => \$attach }) };
print 'no from: ', \$@;
print 'isa: ', (MailHelper->new->isa('Mail::Sender') ? 1 : 0), "\\n";
EOF
my ($out, $err, $code) = run_perl($script, inc => ["$ENV{PWD}/perl/lib"]);
is($code, 0, 'the old-style script runs with perl/lib only') or diag $err;
is($err, '', 'no warnings (no deprecation notice)');
like($out, qr/^chain: MailHelper$/m, '(new MailHelper)->OpenMultipart->Attach->Close chains and sends');
like($out, qr/^mailfile: 1$/m, 'MailFile returns 1');
like($out, qr/^mailmsg: -6$/m, 'MailMsg to a refused recipient returns -6 (the old class said -1)');
like($out, qr/^geterror: 5\.1\.1 <\Q$rej\E>: Recipient address rejected for "\Q$rej\E" on host "127\.0\.0\.1"$/m, 'GetError');
like($out, qr/^error var: same$/m, '$MailHelper::Error is $Mail::Sender::Error');
like($out, qr/^croaks: 5\.1\.1 <\Q$rej\E>: Recipient address rejected for .* at \S+ line \d+\.$/m, 'a chained Close croaks with the error');
like($out, qr/^no from: No From: address specified at \S+ line \d+\.$/m, 'OpenMultipart without from croaks');
like($out, qr/^isa: 1$/m, 'a MailHelper is a Mail::Sender');

my ($m) = spooled_all($to, 1, 15);
ok($m, 'the chained message arrived');
if ($m) {
    my $eml = $m->[0];
    unlike($eml, qr/^X-Mailer:/m, 'no X-Mailer (the old class set $NO_X_MAILER)');
    like($eml, qr/\r\nContent-Type: text\/plain; name="test_file\.txt"\r\nContent-Description: Requested attached file \S+test_file\.txt\r\nContent-Transfer-Encoding: 7BIT\r\nContent-Disposition: attachment; filename=test_file\.txt\r\n\r\nThis is a test file for email attachment\.\r\nLine 2 of test content\.\r\n/,
        'the attachment part as asked for, its text in 7BIT');
    is($m->[1]{mail_from}, 'test@example.com', 'envelope sender');
}
my ($m2) = spooled_all($to2, 1, 15);
like($m2 && $m2->[0], qr/\r\n\r\nTesting MailFile method\r\n--Message-Boundary/, 'MailFile: the message text, then the file');
is(scalar(() = spooled_all($rej, 1, 0)), 0, 'nothing for the refused recipient');

done_testing;
