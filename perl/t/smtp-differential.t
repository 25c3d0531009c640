# The same Net::SMTP scripts under the real module (core Net::SMTP 3.14, with
# IO::Socket::SSL and Authen::SASL) and the facade (perl/compat) against the
# SMTP capture server: return values, ->code/->message after every step,
# banner/domain/supports, the Debug output on STDERR, and the bytes and
# envelope the server received. Each run gets its own token in its addresses;
# the token, the Date/Message-ID headers, object addresses in Debug lines and
# the real module's AUTH credentials (it prints them, base64'd and decoded;
# the facade prints ****) are the only things normalised.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade);
use MailTest qw(%SVC spooled normalise_mail have_smtp);
use MIME::Base64 qw(encode_base64);
use Test::More;

plan skip_all => 'no SMTP capture server: bash scripts/test-services.sh start' unless have_smtp();

my $PW = $SVC{CB_SMTP_PASSWORD};
my $USER = $SVC{CB_SMTP_USER};
my $N = 0;

# what the real module prints of the credentials, as the facade prints it
sub mask_secrets {
    my ($s) = @_;
    for my $secret ($PW, encode_base64($PW, ''), encode_base64("$USER\0$USER\0$PW", '')) {
        $s =~ s/\Q$secret\E/****/g;
    }
    return $s;
}

# Runs $body under both; the script sees %S (the server's facts), $T (its
# token: put it in every address), r() to print a step, and h() for text.
# %opt: msgs => [local parts whose messages must arrive, same bytes both
# ways], none => [local parts that must not arrive], stderr_differs => why.
sub same_both_ways {
    my ($name, $body, %opt) = @_;
    my (%out, %err, %exit, %tok);
    for my $side (qw(real facade)) {
        my $T = $tok{$side} = sprintf '%s%d%x%d', $side, $$, time, ++$N;
        my $facts = join ', ', map { "$_ => '$SVC{$_}'" } grep { /^CB_SMTP/ } sort keys %SVC;
        my $script = <<"EOF" . $body;
use strict; use warnings;
use Net::SMTP;
my %S = ($facts);
my \$T = '$T';
sub h { my \$m = join '', map { defined \$_ ? \$_ : 'undef' } \@_; \$m =~ s/\\r/\\\\r/g; \$m =~ s/\\n/\\\\n/g; \$m }
sub r { my (\$label, \$s, \@v) = \@_; my \@m = \$s->message;
  printf "%s => [%s] code=%s ok=%s status=%s lines=%d msg=%s\\n", \$label, join('|', map { defined \$_ ? h(\$_) : 'undef' } \@v),
    \$s->code, (\$s->ok ? 1 : 0), \$s->status, scalar(\@m), h(\@m) }
\$| = 1;
EOF
        my $run = $side eq 'real' ? \&run_perl_real : \&run_perl_facade;
        my ($o, $e, $x) = $run->($script);
        for ($o, $e) {
            s/\Q$T\E/TOKEN/g;
            s/=(?:GLOB|HASH)\(0x[0-9a-f]+\)//g;
            s{ at \S+/script\.pl line}{ at script.pl line}g;
            $_ = mask_secrets($_);
        }
        ($out{$side}, $err{$side}, $exit{$side}) = ($o, $e, $x);
    }
    note "$name, the real module's output:\n$out{real}\nstderr:\n$err{real}";
    is($exit{real}, 0, "$name: the real module runs it") or diag $err{real};
    ok(length $out{real} > 0, "$name: the real module prints something");
    is($out{facade}, $out{real}, "$name: the facade prints what the real module prints") or diag "facade stderr: $err{facade}";
    if ($opt{stderr_differs}) { note "$name: stderr not compared: $opt{stderr_differs}" }
    else { is($err{facade}, $err{real}, "$name: the same Debug output and warnings") }
    is($exit{facade}, $exit{real}, "$name: same exit code");
    unlike($err{facade} . $out{facade}, qr/\Q$PW\E|\Q@{[encode_base64($PW, '')]}\E/, "$name: the facade never prints the password");
    for my $local (@{ $opt{msgs} || [] }) {
        my %got;
        for my $side (qw(real facade)) {
            my ($eml, $meta) = spooled("$local$tok{$side}\@example.test");
            if (!defined $eml) { $got{$side} = "no message for $local (the $side side)"; next }
            delete $meta->{peer};
            my $env = join "\n", map { "$_=" . (ref $meta->{$_} eq 'ARRAY' ? join(',', @{ $meta->{$_} }) : defined $meta->{$_} ? $meta->{$_} : 'null') } sort keys %$meta;
            ($got{$side} = normalise_mail($eml) . "\n--envelope--\n" . $env) =~ s/\Q$tok{$side}\E/TOKEN/g;
        }
        ok($got{real} !~ /^no message/, "$name: the server got $local from the real module") or diag $got{real};
        is($got{facade}, $got{real}, "$name: $local: the same bytes and envelope");
    }
    for my $local (@{ $opt{none} || [] }) {
        my ($eml) = spooled("$local$tok{facade}\@example.test", 1);
        ok(!defined $eml, "$name: no message for $local from the facade");
    }
    return ($out{real}, $out{facade});
}

# 1. A whole session with Debug: greeting, EHLO, ESMTP keywords, options, SkipBad, every
#    datasend form and byte the conversion touches, two messages, RSET, VRFY/EXPN/HELP, QUIT.
same_both_ways('plain session with Debug', <<'EOF', msgs => [qw(a b c)], none => [qw(gone)]);
my $s = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 20, Hello => 'client.example.test', Debug => 1)
    or die "new: $@";
r('new', $s);
print 'banner=', h($s->banner), ' domain=', h($s->domain), ' host=', $s->host, "\n";
print "supports $_=", h($s->supports($_)), "\n" for qw(AUTH 8BITMIME SIZE STARTTLS SMTPUTF8 HELP DSN);
r('supports DSN with status', $s, $s->supports('DSN', 500, ['no DSN']));
r('hello again', $s, $s->hello('again.example.test'));
r('mail Size Bits', $s, $s->mail("Sender Name <from$T\@example.test>", Size => 4000, Bits => 8));
my @ok = $s->to("a$T\@example.test", "reject1$T\@example.test", "Other <b$T\@example.test>", { SkipBad => 1 });
r('to SkipBad', $s, @ok);
r('cc', $s, $s->cc("c$T\@example.test"));
r('bcc reject', $s, $s->bcc("reject2$T\@example.test"));
r('data', $s, $s->data);
r('datasend aref', $s, $s->datasend(["From: from$T\@example.test\n", "To: a$T\@example.test\r\n", "Subject: dots and bytes\n", "\n"]));
r('datasend list', $s, $s->datasend(".\n", "..\n", ".lead dot\r\n", "From the start\n", "mixed\r\nends\n"));
r('datasend 8bit', $s, $s->datasend("latin1 caf\xe9\n", "utf8 caf\xc3\xa9 \xe2\x82\xac\n"));
r('datasend long', $s, $s->datasend(('y' x 998) . "\n"));
r('datasend CR then LF', $s, $s->datasend("split\r"));
r('datasend LF.', $s, $s->datasend("\n.after split\n"));
r('datasend empty', $s, $s->datasend());
r('datasend no newline', $s, $s->datasend("last line, no newline"));
r('dataend', $s, $s->dataend);
r('dataend again', $s, $s->dataend);
r('mail 2', $s, $s->mail("from$T\@example.test"));
r('to 2', $s, $s->to("gone$T\@example.test"));
r('reset', $s, $s->reset);
r('mail 3', $s, $s->mail(''));
r('recipient 3', $s, $s->recipient("c$T\@example.test"));
r('data inline', $s, $s->data(["Subject: inline\n", "\n", "body\n"]));
r('verify', $s, $s->verify("a$T\@example.test"));
my @x = $s->expand('list');
r('expand', $s, @x);
r('help', $s, $s->help);
r('help DATA', $s, $s->help('DATA'));
r('quit', $s, $s->quit);
EOF

# 2. Net::Cmd's lower calls: command/response, datasend before DATA (the server takes the
#    bytes as commands), message in list and scalar context, and a wide character.
same_both_ways('command, response and a datasend before data', <<'EOF');
my $s = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 20) or die "new: $@";
r('command NOOP', $s, $s->command('NOOP')->response);
r('command multi-word', $s, $s->command('HELP', 'MAIL')->response);
my @lines = $s->message;
my $one = $s->message;
print 'lines=', scalar(@lines), ' scalar=', h($one), "\n";
r('mail', $s, $s->mail("f$T\@example.test"));
r('datasend before data', $s, $s->datasend("NOOP\n"));
r('rcpt after it', $s, $s->to("x$T\@example.test"));
r('rset', $s, $s->reset);
r('rset 2', $s, $s->reset);
r('quit', $s, $s->quit);
my $w = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 20) or die "new: $@";
$w->mail("f$T\@example.test"); $w->to("w$T\@example.test"); $w->data;
my $ok = eval { $w->datasend("wide \x{263a}\n"); $w->dataend; 1 };
(my $e = $@) =~ s/ at \S+ line \d+\.\n//;
print 'wide: ', ($ok ? 'ok' : "died: $e"), "\n";
EOF

# 3. Refusals: a sender refused (451), a recipient refused without SkipBad (550), a wrong
#    password (535), AUTH before STARTTLS when not offered... and a closed port ($@, $!).
same_both_ways('refusals and a closed port', <<'EOF', none => [qw(z)]);
my $s = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 20) or die "new: $@";
r('mail tempfail', $s, $s->mail("tempfail$T\@example.test"));
r('mail ok', $s, $s->mail("f$T\@example.test"));
r('to reject (no SkipBad)', $s, $s->to("reject$T\@example.test", "z$T\@example.test"));
r('reset', $s, $s->reset);
r('auth wrong password', $s, $s->auth($S{CB_SMTP_USER}, 'not-the-password'));
r('auth good', $s, $s->auth($S{CB_SMTP_USER}, $S{CB_SMTP_PASSWORD}));
r('quit', $s, $s->quit);
r('mail after quit', $s, $s->mail("f$T\@example.test"));
r('quit again', $s, $s->quit);
$! = 0;
my $c = Net::SMTP->new('127.0.0.1', Port => 1, Timeout => 5);
print 'closed port: ', (defined $c ? 'object' : 'undef'), " \$\@=$@ \$!=", ($! + 0 ? "$!" : ''), "\n";
my $d = Net::SMTP->new(Host => $S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 20, SendHello => 0) or die "new: $@";
r('SendHello 0', $d);
print 'supports AUTH without hello: ', h($d->supports('AUTH')), "\n";
r('auth without EHLO', $d, $d->auth($S{CB_SMTP_USER}, $S{CB_SMTP_PASSWORD}));
r('quit', $d, $d->quit);
EOF

# 4. STARTTLS with the CA (then AUTH and a message over TLS), and with an untrusted certificate.
same_both_ways('STARTTLS with the CA, then AUTH', <<'EOF', msgs => [qw(tls)]);
my $s = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 20, Hello => 'tls.example.test', Debug => 1) or die "new: $@";
r('starttls', $s, $s->starttls(SSL_ca_file => $S{CB_SMTP_CA}));
print 'class=', ref($s), ' supports STARTTLS=', h($s->supports('STARTTLS')), ' AUTH=', h($s->supports('AUTH')), "\n";
my $again = eval { $s->starttls; 1 } ? 'ok' : $@;
$again =~ s/ at \S+ line \d+\.\n//;
print "starttls again: $again\n";
r('auth', $s, $s->auth($S{CB_SMTP_USER}, $S{CB_SMTP_PASSWORD}));
r('mail', $s, $s->mail("f$T\@example.test"));
r('to', $s, $s->to("tls$T\@example.test"));
r('data', $s, $s->data("Subject: over TLS\n\nbody\n.\n"));
r('quit', $s, $s->quit);
EOF

same_both_ways('STARTTLS with an untrusted certificate; SSL_verify_mode 0', <<'EOF', msgs => [qw(nv)]);
my $s = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 20, Debug => 1) or die "new: $@";
$@ = '';
r('starttls untrusted', $s, $s->starttls);
(my $e = $@) =~ s/\s+\z//;
print "\$\@=$e class=", ref($s), "\n";
my $v = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 20, SSL_verify_mode => 0) or die "new: $@";
r('starttls verify 0', $v, $v->starttls);
r('mail', $v, $v->mail("f$T\@example.test"));
r('to', $v, $v->to("nv$T\@example.test"));
r('data', $v, $v->data(["Subject: not verified\n", "\n", "x\n"]));
r('quit', $v, $v->quit);
EOF

# 5. SMTPS (SSL => 1) with the CA, and without it ($@ of the failed handshake).
same_both_ways('SMTPS with the CA; without it', <<'EOF', msgs => [qw(s)]);
my $s = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTPS_PORT}, SSL => 1, SSL_ca_file => $S{CB_SMTP_CA}, Timeout => 20, Debug => 1)
    or die "new: $@";
r('new', $s);
print 'class=', ref($s), ' banner=', h($s->banner), ' supports STARTTLS=', h($s->supports('STARTTLS')), "\n";
r('auth', $s, $s->auth($S{CB_SMTP_USER}, $S{CB_SMTP_PASSWORD}));
r('mail', $s, $s->mail("f$T\@example.test"));
r('to', $s, $s->to("s$T\@example.test"));
r('data', $s, $s->data);
r('datasend', $s, $s->datasend("Subject: SMTPS\n\n.\nbody\n"));
r('dataend', $s, $s->dataend);
r('quit', $s, $s->quit);
my $u = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTPS_PORT}, SSL => 1, Timeout => 20);
(my $e = $@) =~ s/\s+\z//;
print 'untrusted: ', (defined $u ? 'object' : 'undef'), " \$\@=$e\n";
EOF

# 6. Timeout: the "slow" recipient answers after 3 s; with Timeout => 1 the reply never comes in time.
#    (The real module leaves the socket open after a timeout; the facade closes it: only the
#    timed-out step is compared.)
same_both_ways('Timeout against the slow recipient', <<'EOF', none => [qw(slow)]);
my $s = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 1, Debug => 1) or die "new: $@";
r('mail', $s, $s->mail("f$T\@example.test"));
r('to slow', $s, $s->to("slow$T\@example.test"));
EOF

# 7. Host forms: a list (the first refused), host:port (its port wins over Port), a bracketed
#    IPv4 address (not split: a name), "name(number)" ports, an unknown host, LocalAddr,
#    ExactAddresses.
same_both_ways('host forms', <<'EOF');
my $H = $S{CB_SMTP_HOST};
my $P = $S{CB_SMTP_PORT};
my @cases = (
    [["$H:1", "$H:$P"], Timeout => 5],
    ["$H:$P", Timeout => 5],
    ["$H:$P", Port => 1, Timeout => 5],
    ['no-such-host.invalid', Port => $P, Timeout => 5],
    ["[$H]:$P", Timeout => 5],
    [$H, Port => "no-such-service($P)", Timeout => 5],
    [$H, Port => $P, LocalAddr => '127.0.0.1', Timeout => 5, ExactAddresses => 1],
);
for my $c (@cases) {
    $@ = '';
    $! = 0;
    my $s = Net::SMTP->new(@$c);
    print 'new: ', (defined $s ? 'object host=' . $s->host : 'undef'), " \$\@=$@ \$!=", ($! + 0 ? "$!" : ''), "\n";
    next unless $s;
    r('mail name <addr>', $s, $s->mail("Name <f$T\@example.test>"));
    r('reset', $s, $s->reset);
    r('mail <addr> and a space', $s, $s->mail("<f$T\@example.test> "));
    r('quit', $s, $s->quit);
}
EOF

# 8. auth with an Authen::SASL object (its mechanism and callbacks), on the plain port.
same_both_ways('auth with Authen::SASL objects', <<'EOF', msgs => [qw(sasl)]);
use Authen::SASL;
my $s = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 20) or die "new: $@";
my $bad = Authen::SASL->new(mechanism => 'PLAIN', callback => { user => $S{CB_SMTP_USER}, pass => 'wrong' });
r('auth PLAIN object, wrong password', $s, $s->auth($bad));
my $good = Authen::SASL->new(mechanism => 'LOGIN', callback => { user => sub { $S{CB_SMTP_USER} }, pass => sub { $S{CB_SMTP_PASSWORD} } });
r('auth LOGIN object, code callbacks', $s, $s->auth($good));
r('mail', $s, $s->mail("f$T\@example.test"));
r('to', $s, $s->to("sasl$T\@example.test"));
r('data', $s, $s->data("Subject: sasl\n\nx\n"));
r('quit', $s, $s->quit);
EOF

# 9. A script that exits in the data phase (no dataend, no quit): the server gets no message.
same_both_ways('exit in the data phase', <<'EOF', none => [qw(exit)]);
my $s = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 20) or die "new: $@";
r('mail', $s, $s->mail("f$T\@example.test"));
r('to', $s, $s->to("exit$T\@example.test"));
r('data', $s, $s->data);
r('datasend', $s, $s->datasend("Subject: never ended\n\nthe script exits now\n"));
exit 0;
EOF

# 10. The facade's flush boundaries (FLUSH_AT set tiny: a no-op for the real module) falling
#     inside CRLF pairs and before dots, datasend calls split between CR and LF and before a
#     dot, a command in the data phase (ends the message first, as Net::Cmd does), data(LIST).
same_both_ways('flush and call boundaries, a command in the data phase', <<'EOF', msgs => [qw(split rset list)]);
{ no warnings "once"; $Net::SMTP::FLUSH_AT = 7; }
my $s = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 20) or die "new: $@";
r('mail', $s, $s->mail("f$T\@example.test"));
r('to', $s, $s->to("split$T\@example.test"));
r('data', $s, $s->data);
my @parts = ("Subject: split\r", "\n", "\r", "\n", ".", "dot after a split\r", "\n.", "\n", "..two\n", "mid", "dle\r\n", "\r", "x\n", ('.' x 5) . "\n");
r('datasend part', $s, $s->datasend($_)) for @parts;
r('datasend long', $s, $s->datasend(join '', map { ".$_\n" } 1 .. 300));
r('dataend', $s, $s->dataend);
r('mail 2', $s, $s->mail("f$T\@example.test"));
r('to 2', $s, $s->to("rset$T\@example.test"));
r('data 2', $s, $s->data);
r('datasend 2', $s, $s->datasend("Subject: ended by RSET\n\nbody"));
r('reset in the data phase', $s, $s->reset);
r('mail 3', $s, $s->mail("f$T\@example.test"));
r('to 3', $s, $s->to("list$T\@example.test"));
r('data LIST', $s, $s->data("Subject: list\n", "\n", "a\n", ".b\n"));
r('quit', $s, $s->quit);
EOF

# 11. A 3 MB message (the facade's default 1 MiB flushes), lines of every length up to 998
#     bytes, dots and "From " at line starts, 8-bit bytes, CRLF and LF mixed.
same_both_ways('a 3 MB message', <<'EOF', msgs => [qw(big)]);
my $s = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 30) or die "new: $@";
$s->mail("f$T\@example.test");
$s->to("big$T\@example.test");
r('data', $s, $s->data);
$s->datasend("Subject: big\n\n");
my ($n, $ok) = (0, 0);
while ($n < 3_000_000) {
    my $i = $ok++;
    my $line = ($i % 7 == 0 ? '.' : $i % 11 == 0 ? 'From ' : '') . join('', map { chr(33 + ($i * 31 + $_) % 200) } 1 .. ($i * 37) % 999);
    $line = substr($line, 0, 998);
    $n += length $line;
    $s->datasend($line . ($i % 3 ? "\n" : "\r\n")) or die 'datasend failed';
}
print "lines=$ok\n";
r('dataend', $s, $s->dataend);
r('quit', $s, $s->quit);
EOF

# 12. Every call on a connection closed by quit, with Debug (Net::Cmd's 421 and its warnings).
same_both_ways('calls after quit, with Debug', <<'EOF');
my $s = Net::SMTP->new($S{CB_SMTP_HOST}, Port => $S{CB_SMTP_PORT}, Timeout => 20, Debug => 1) or die "new: $@";
r('quit', $s, $s->quit);
$! = 0;
r('mail', $s, $s->mail("f$T\@example.test"));
r('to', $s, $s->to("x$T\@example.test"));
r('data', $s, $s->data);
r('datasend', $s, $s->datasend("x\n"));
r('dataend', $s, $s->dataend);
r('reset', $s, $s->reset);
r('auth', $s, $s->auth('u', 'p'));
r('hello', $s, $s->hello('x'));
r('verify', $s, $s->verify('x'));
r('quit again', $s, $s->quit);
EOF

done_testing;
