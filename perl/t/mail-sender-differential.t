# The same Mail::Sender scripts under the real module and the facade, the
# bytes the capture server received compared. Mail::Sender has no Debian
# package: set CB_MAIL_SENDER_LIB to a directory holding the real
# Mail/Sender.pm (0.903 from CPAN; pure Perl) to run this; it skips
# otherwise. The real one asks for TLSv1 on STARTTLS, which today's OpenSSL
# refuses, so both run with tls_allowed => 0. Normalised: the recipients
# (each side has its own), Date, Message-ID, boundaries.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl run_perl_facade);
use MailTest qw(%SVC unique_rcpt spooled_all normalise_mail have_smtp);
use File::Temp ();
use Test::More;

plan skip_all => 'the SMTP capture server is not running (bash scripts/test-services.sh start)' unless have_smtp();
my $REAL = $ENV{CB_MAIL_SENDER_LIB};
plan skip_all => 'CB_MAIL_SENDER_LIB (a directory with the real Mail/Sender.pm) is not set'
    unless defined $REAL && -f "$REAL/Mail/Sender.pm";

my $DIR = File::Temp::tempdir('mail-sender-diff-XXXXXX', TMPDIR => 1, CLEANUP => 1);
{
    open my $f, '>:raw', "$DIR/att.bin" or die $!; print $f join('', map { chr($_ % 256) } 0 .. 5000); close $f;
    open $f, '>:raw', "$DIR/att.txt" or die $!; print $f "text file\nline2 caf\xe9\n.\n"; close $f;
    open $f, '>:raw', "$DIR/page.html" or die $!; print $f "<p>x</p>\n"; close $f;
}

sub same {
    my ($name, $body, $messages) = @_;
    my (%out, %mail);
    for my $side (qw(real facade)) {
        my @r = map { unique_rcpt($side) } 0 .. 2;
        my $script = <<"EOF" . $body;
use strict; use warnings;
no warnings 'deprecated';
use Mail::Sender;
my \@R = qw(@r);
my \$DIR = '$DIR';
my %BASE = (smtp => '$SVC{CB_SMTP_HOST}', port => $SVC{CB_SMTP_PORT}, tls_allowed => 0, from => 'Me <me\@example.test>');
sub res { my (\$label, \$x) = \@_; no warnings 'once'; my \$e = defined \$Mail::Sender::Error ? \$Mail::Sender::Error : 'undef'; \$e =~ s/\\r/\\\\r/g; \$e =~ s/\\n/\\\\n/g;
  print "\$label: ", (ref \$x ? 'object' : defined \$x ? \$x : 'undef'), " | \$e\\n" }
EOF
        my ($o, $e, $x) = $side eq 'real' ? run_perl($script, inc => [$REAL]) : run_perl_facade($script);
        my $norm = sub { my $s = normalise_mail($_[0]); for my $i (0 .. $#r) { $s =~ s/\Q$r[$i]\E/RCPT$i/g } $s =~ s/ at \S+ line \d+(?:, <\w+> line \d+)?\.$/ at FILE/mg; $s =~ s/^(Wide character in print at FILE\n)+/Wide character in print at FILE\n/mg; $s };
        $out{$side} = $norm->("$o--- stderr\n$e--- exit $x\n");
        $mail{$side} = [map { [$norm->($_->[0]), $norm->(join ' ', $_->[1]{mail_from}, @{ $_->[1]{rcpt_tos} }, $_->[1]{helo}, ($_->[1]{auth_user} || '-'))] }
            $messages ? spooled_all($r[0], $messages, 15) : ()];
    }
    is($out{facade}, $out{real}, "$name: same return values and \$Mail::Sender::Error");
    is(scalar @{ $mail{real} }, $messages, "$name: the real module's messages arrived");
    is(scalar @{ $mail{facade} }, $messages, "$name: the facade's messages arrived");
    for my $i (0 .. $#{ $mail{real} }) {
        is($mail{facade}[$i][1], $mail{real}[$i][1], "$name #$i: same envelope and HELO");
        is($mail{facade}[$i][0], $mail{real}[$i][0], "$name #$i: the server received the same bytes");
    }
}

same('MailMsg, MailFile, Open, OpenMultipart with parts, encodings and charsets', <<'EOF', 8);
my $s = Mail::Sender->new({%BASE});
res(new => $s);
res(mailmsg => $s->MailMsg({to => "$R[0], cc2\@example.test", cc => 'c@example.test', bcc => $R[1], subject => "Test \xe9",
    msg => "Hello\n.\n..two\nFrom x\r\nCRLF\rCR\nlast"}));
res(mailfile => $s->MailFile({to => $R[0], subject => 'file', msg => "see attached\n", file => ["$DIR/att.bin", "$DIR/att.txt", "$DIR/page.html"]}));
res(open_multi => $s->OpenMultipart({to => $R[0], subject => "multi \x{263a}", charset => 'UTF-8', encoding => 'quoted-printable', priority => 1,
    confirm => 'delivery, reading', headers => "X-One: 1\nX-Two: 2", replyto => 'Reply <r@example.test>'}));
$s->Body({msg => "body text caf\x{e9} " . ('long ' x 40) . "\n"});
$s->Part({description => 'alt', ctype => 'multipart/alternative'});
$s->Part({ctype => 'text/plain', disposition => 'NONE', msg => "plain\n"});
$s->Part({ctype => 'text/html', disposition => 'NONE', encoding => 'Quoted-printable', charset => 'ISO-8859-1', msg => "<b>caf\xe9</b>"});
$s->EndPart('multipart/alternative');
$s->Attach({description => 'bin', ctype => 'application/octet-stream', encoding => 'Base64', disposition => 'attachment; filename=*', file => "$DIR/att.bin", content_id => '#'});
$s->Part({ctype => 'text/plain', encoding => 'Base64', msg => "enc line\n" x 20});
res(close => $s->Close);
res(open_b64 => $s->Open({to => $R[0], subject => 'b64', encoding => 'Base64', ctype => 'application/octet-stream'}));
$s->SendEnc("a" x 100); $s->SendEnc("b" x 30);
res(close => $s->Close);
res(open_lines => $s->Open({to => $R[0], subject => 'lines', fake_to => 'Everyone <all@example.test>', fake_from => 'Boss <boss@example.test>'}));
$s->SendLineEnc("line 1"); $s->SendLine("raw 2"); $s->SendEx("ex\nend\n"); $s->SendEnc("no newline");
res(close => $s->Close);
# a handle outside any part closes the message (in a part the real 0.903's handle dies on close: it calls EndPart on a number)
res(open_handle => $s->Open({to => $R[0], subject => 'handle'}));
my $fh = $s->GetHandle; print $fh "via handle $_\n" for 1 .. 3; printf $fh "%05d\n", 42;
res(handle_close => close $fh);
res(qp_no_newline => $s->MailMsg({to => $R[0], subject => 'qp', encoding => 'Quoted-printable', charset => 'UTF-8', msg => "caf\x{e9} = sign, no newline"}));
res(list_args => $s->MailMsg('Old Style <old@example.test>', undef, $R[0], undef, 'positional', "positional message\n"));
EOF

same('characters over 0xFF without a charset (sent as UTF-8 with a warning), and with one', <<'EOF', 2);
my $s = Mail::Sender->new({%BASE});
res(wide => $s->MailMsg({to => $R[0], subject => "wide \x{263a} caf\xe9", msg => "body \x{263a} caf\xe9\n"}));
res(charset => $s->MailMsg({to => $R[0], subject => "caf\xe9 \x{263a}", msg => "body caf\xe9 \x{263a}\n", charset => 'UTF-8', encoding => '8bit'}));
EOF

same('error returns', <<'EOF', 0);
res(unknown_host => Mail::Sender->new({smtp => 'no-such-host.invalid', from => 'a@example.test'}));
my $s = Mail::Sender->new({%BASE});
res(no_msg => $s->MailMsg({to => $R[0]}));
res(no_file => $s->MailFile({to => $R[0], msg => 'x'}));
res(missing_file => $s->MailFile({to => $R[0], msg => 'x', file => "$DIR/none.txt"}));
res(no_to => $s->MailMsg({msg => 'x'}));
res(bad_encoding => $s->Open({to => $R[0], encoding => 'x-uuencode'}));
res(closed_port => Mail::Sender->new({%BASE, port => 1})->MailMsg({to => $R[0], msg => "x\n"}));
res(rejected => $s->MailMsg({to => 'reject' . $R[0], msg => "x\n"}));
res(tempfail => $s->MailMsg({from => 'tempfail@example.test', to => $R[0], msg => "x\n"}));
res(wrong_password => Mail::Sender->new({%BASE, auth => 'LOGIN', authid => 'cbmail', authpwd => 'wrong'})->MailMsg({to => $R[0], msg => "x\n"}));
res(ntlm => Mail::Sender->new({%BASE, auth => 'NTLM', authid => 'cbmail', authpwd => 'x'})->MailMsg({to => $R[0], msg => "x\n"}));
res(all_bad => Mail::Sender->new({%BASE, skip_bad_recipients => 1})->MailMsg({to => 'reject' . $R[0], msg => "x\n"}));
my $u = Mail::Sender->new({%BASE, on_errors => undef});
res(on_errors_undef => $u->MailMsg({to => 'reject' . $R[0], msg => "x\n"}));
res(on_errors_die => eval { Mail::Sender->new({%BASE, on_errors => 'die'})->MailMsg({to => 'reject' . $R[0], msg => "x\n"}) } || "died: $@");
res(clear => do { $s->ClearErrors; $s->{error} });
EOF

done_testing;
