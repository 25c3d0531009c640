# Net::SMTP against servers that misbehave in ways the capture server does
# not: a refused greeting, EHLO refused (the HELO fallback), both refused, a
# server hanging up after the greeting or after the 354, odd multi-line
# replies and ESMTP keywords (banner, supports, the DSN/SIZE options sent).
# A private server per case (forked here, on a free loopback port) answers
# the real module and the facade the same way; what both print is compared.
# The server echoes MAIL/RCPT lines in its replies, so the option syntax each
# side sent is part of the output.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade);
use IO::Socket::INET ();
use Test::More;

my @KIDS;
END { local $?; kill 'TERM', @KIDS if @KIDS; waitpid $_, 0 for @KIDS }

# a server that plays $mode to every connection; returns its port
sub server {
    my ($mode) = @_;
    my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 5, ReuseAddr => 1) or die "listen: $!";
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if ($pid) { push @KIDS, $pid; my $port = $l->sockport; close $l; return $port }
    $SIG{ALRM} = sub { exit 0 };
    alarm 120;
    $SIG{CHLD} = 'IGNORE';
    # a process per connection: one side's slow conversation must not hold up the other's
    while (my $c = $l->accept) {
        my $kid = fork;
        if (defined $kid && !$kid) {
            $c->autoflush(1);
            converse($c, $mode);
            close $c;
            exit 0;
        }
        close $c;
    }
    exit 0;
}

sub converse {
    my ($c, $mode) = @_;
    my $say = sub { print $c map { "$_\r\n" } @_ };
    if ($mode eq 'greet554') {
        $say->('554 5.3.2 no service here');
        while (defined(my $x = <$c>)) { last if $x =~ /^QUIT/i }
        $say->('221 bye');
        return;
    }
    if ($mode eq 'silent') { sleep 5; return }
    if ($mode eq 'multiline') { $say->('220-first.example ESMTP greeting', '220-second line', '220 third line') }
    else { $say->('220 private.example ESMTP') }
    while (defined(my $line = <$c>)) {
        $line =~ s/\r?\n\z//;
        if ($line =~ /^EHLO/i) {
            return if $mode eq 'die-after-greeting';
            if ($mode eq 'garbage') { $say->('hello there'); next }
            if ($mode eq 'ehlo500') { $say->('500 5.5.1 EHLO not understood') }
            elsif ($mode eq 'hello-refused') { $say->('550 5.7.1 go away') }
            elsif ($mode eq 'multiline') { $say->('250-private.example hi there', '250-SIZE', '250-AUTH=LOGIN PLAIN', '250-X-ODD  two  spaces', '250-DSN', '250 8BITMIME') }
            else { $say->('250-private.example', '250 8BITMIME') }
        }
        elsif ($line =~ /^HELO/i) { $say->($mode eq 'hello-refused' ? '550 5.7.1 still no' : "250 private.example old style, got $line") }
        elsif ($line =~ /^(MAIL|RCPT)/i) { $say->("250 got $line") }
        elsif ($line =~ /^DATA/i) {
            if ($mode eq 'refuse-data') { $say->('451-4.3.0 not now', '451 4.3.0 try later'); next }
            $say->('354 go ahead');
            return if $mode eq 'close-after-354';
            my $n = 0;
            while (defined(my $d = <$c>)) { last if $d eq ".\r\n"; $n += length $d }
            if ($mode eq 'refuse-end') { $say->('552-5.3.4 message too big', "552 5.3.4 $n bytes is over the limit"); next }
            sleep 3 if $mode eq 'slow-end';
            $say->("250 queued $n bytes");
        }
        elsif ($line =~ /^QUIT/i) { $say->('221 bye'); return }
        elsif ($line =~ /^(RSET|NOOP)/i) { $say->('250 OK') }
        else { $say->("502 5.5.2 $line not implemented") }
    }
}

sub same_both_ways {
    my ($name, $mode, $body, %opt) = @_;
    my $port = server($mode);
    my (%out, %err, %exit);
    for my $side (qw(real facade)) {
        my $script = <<"EOF" . $body;
use strict; use warnings;
use Net::SMTP;
my \$P = $port;
sub h { my \$m = join '', map { defined \$_ ? \$_ : 'undef' } \@_; \$m =~ s/\\r/\\\\r/g; \$m =~ s/\\n/\\\\n/g; \$m }
sub r { my (\$label, \$s, \@v) = \@_; my \@m = \$s->message;
  printf "%s => [%s] code=%s ok=%s lines=%d msg=%s\\n", \$label, join('|', map { defined \$_ ? h(\$_) : 'undef' } \@v),
    \$s->code, (\$s->ok ? 1 : 0), scalar(\@m), h(\@m) }
\$| = 1;
EOF
        my $run = $side eq 'real' ? \&run_perl_real : \&run_perl_facade;
        my ($o, $e, $x) = $run->($script);
        for ($o, $e) { s/=(?:GLOB|HASH)\(0x[0-9a-f]+\)//g; s{ at \S+/script\.pl line}{ at script.pl line}g }
        ($out{$side}, $err{$side}, $exit{$side}) = ($o, $e, $x);
    }
    note "$name, the real module's output:\n$out{real}";
    is($exit{real}, 0, "$name: the real module runs it") or diag $err{real};
    is($out{facade}, $out{real}, "$name: the facade prints what the real module prints") or diag "facade stderr: $err{facade}";
    is($err{facade}, $err{real}, "$name: the same warnings") unless $opt{stderr_differs};
    is($exit{facade}, $exit{real}, "$name: same exit code");
}

same_both_ways('greeting refused', 'greet554', <<'EOF');
my $s = Net::SMTP->new('127.0.0.1', Port => $P, Timeout => 10);
print 'new: ', (defined $s ? 'object' : 'undef'), ' $@=', h($@), "\n";
EOF

same_both_ways('EHLO refused: HELO instead', 'ehlo500', <<'EOF');
my $s = Net::SMTP->new('127.0.0.1', Port => $P, Timeout => 10, Hello => "me.example\nmore") or die "new: $@";
r('new', $s);
print 'domain=', h($s->domain), ' supports 8BITMIME=', h($s->supports('8BITMIME')), "\n";
r('mail with Bits (no ESMTP)', $s, $s->mail('a@example.test', Bits => 8));
r('to with Notify (no ESMTP)', $s, $s->to('b@example.test', { Notify => ['NEVER'] }));
r('data', $s, $s->data("Subject: helo\n\nbody\n"));
r('hello again', $s, $s->hello('again.example'));
r('hello with a newline', $s, $s->hello("two\nlines"));
r('quit', $s, $s->quit);
EOF

same_both_ways('EHLO and HELO refused', 'hello-refused', <<'EOF');
my $s = Net::SMTP->new('127.0.0.1', Port => $P, Timeout => 10);
print 'new: ', (defined $s ? 'object' : 'undef'), ' $@=', h($@), "\n";
EOF

same_both_ways('hang-up after the greeting', 'die-after-greeting', <<'EOF');
my $s = Net::SMTP->new('127.0.0.1', Port => $P, Timeout => 10, Debug => 1);
print 'new: ', (defined $s ? 'object' : 'undef'), ' $@=', h($@), "\n";
EOF

same_both_ways('a reply that is not SMTP', 'garbage', <<'EOF');
my $s = Net::SMTP->new('127.0.0.1', Port => $P, Timeout => 10, Debug => 1);
print 'new: ', (defined $s ? 'object' : 'undef'), ' $@=', h($@), "\n";
EOF

same_both_ways('no greeting within the Timeout', 'silent', <<'EOF');
my $s = Net::SMTP->new('127.0.0.1', Port => $P, Timeout => 1, Debug => 1);
print 'new: ', (defined $s ? 'object' : 'undef'), ' $@=', h($@), "\n";
EOF

same_both_ways('multi-line greeting, odd ESMTP keywords, DSN and SIZE options', 'multiline', <<'EOF');
my $s = Net::SMTP->new('127.0.0.1', Port => $P, Timeout => 10) or die "new: $@";
r('new', $s);
print 'banner=', h($s->banner), ' domain=', h($s->domain), "\n";
print "supports $_=", h($s->supports($_)), "\n" for qw(SIZE AUTH X-ODD DSN 8BITMIME STARTTLS);
r('mail options', $s, $s->mail('<a@example.test>', Size => 1234, Return => 'full', Envelope => 'id+1=x', Bits => 8));
r('mail unknown option', $s, $s->mail('a@example.test', Frobnicate => 1));
r('to options', $s, $s->to('b@example.test', 'c@example.test', { Notify => ['SUCCESS', 'failure'], ORcpt => 'rfc822;b@example.test' }));
r('starttls not offered', $s, $s->starttls);
r('auth picks PLAIN or LOGIN', $s, $s->auth('user', 'secret'));
r('quit', $s, $s->quit);
EOF

same_both_ways('DATA refused, the end of data refused (multi-line replies)', 'refuse-data', <<'EOF');
my $s = Net::SMTP->new('127.0.0.1', Port => $P, Timeout => 10) or die "new: $@";
r('mail', $s, $s->mail('a@example.test'));
r('to', $s, $s->to('b@example.test'));
r('data refused', $s, $s->data);
r('datasend anyway', $s, $s->datasend("x\n"));
r('dataend anyway', $s, $s->dataend);
r('data with text refused', $s, $s->data("Subject: x\n\ny\n"));
r('quit', $s, $s->quit);
EOF

same_both_ways('the end of data refused (multi-line)', 'refuse-end', <<'EOF');
my $s = Net::SMTP->new('127.0.0.1', Port => $P, Timeout => 10) or die "new: $@";
$s->mail('a@example.test');
$s->to('b@example.test');
r('data', $s, $s->data);
r('datasend', $s, $s->datasend(["Subject: big\n", "\n", "x" x 500, "\n"]));
r('dataend refused', $s, $s->dataend);
my @lines = $s->message;
print 'message lines: ', scalar(@lines), "\n";
r('quit', $s, $s->quit);
EOF

# the real module keeps the socket open after a timeout (the late reply then answers the next
# command); the facade closes it: only the timed-out step is compared
same_both_ways('no reply to the end of data within the Timeout', 'slow-end', <<'EOF');
my $s = Net::SMTP->new('127.0.0.1', Port => $P, Timeout => 1, Debug => 1) or die "new: $@";
$s->mail('a@example.test');
$s->to('b@example.test');
$s->data;
$s->datasend("Subject: slow\n\nbody\n");
r('dataend times out', $s, $s->dataend);
EOF

# the values of a write into a closed socket differ run to run under the real
# module ('' or 0, datasend true or false): truth values and codes are compared
same_both_ways('hang-up after the 354', 'close-after-354', <<'EOF');
my $s = Net::SMTP->new('127.0.0.1', Port => $P, Timeout => 10) or die "new: $@";
$s->mail('a@example.test');
$s->to('b@example.test');
print 'data: ', ($s->data ? 1 : 0), "\n";
$s->datasend("Subject: lost\n\nthe server is gone\n");
my $end = $s->dataend;
print 'dataend: ', ($end ? 1 : 0), ' code=', $s->code, "\n";
print 'quit: ', ($s->quit ? 1 : 0), ' code=', $s->code, "\n";
EOF

done_testing;
