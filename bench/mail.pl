#!/usr/bin/perl
# Mail: the MIME::Lite and Net::SMTP facades vs the real modules (Debian's
# MIME::Lite 3.033 over core Net::SMTP), in one run, against the SMTP
# capture server of scripts/test-services.sh:
#   a. one script: $msgs small MIME::Lite messages sent by smtp;
#   b. $runs separate script runs (a perl process each), one message each:
#      the daemon's pooled SMTP connection vs a new one per script;
#   c. one script: $msgs messages on one Net::SMTP connection;
#   d. one MIME::Lite message with a $mb MB attachment.
# Every message is counted in the capture server's spool by its unique
# recipients, so a fast send that delivers nothing cannot pass.
# Usage: perl bench/mail.pl [msgs=200] [runs=50] [mb=10]
# (a daemon at CPAN_BRIDGE_SOCKET, else one started from dist/).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib", "$FindBin::Bin/../perl/lib";
use BenchDaemon;
use BenchRun;
use File::Temp ();
use Time::HiRes qw(time);

my ($msgs, $runs, $mb) = ($ARGV[0] || 200, $ARGV[1] || 50, $ARGV[2] || 10);
my $ROOT = $BenchDaemon::ROOT;
my %SVC;
if (open my $fh, '<', "$ROOT/.test-services/env") { while (<$fh>) { $SVC{$1} = $2 if /^(CB_SMTP\w*)='(.*)'$/ } }
die "no CB_SMTP_PORT: run \"bash scripts/test-services.sh start\" first\n" unless $SVC{CB_SMTP_PORT} && $SVC{CB_SMTP_SPOOL};
BenchDaemon::socket_path();
my $TMP = File::Temp::tempdir('mail-bench-XXXXXX', TMPDIR => 1, CLEANUP => 1);
@ENV{qw(B_HOST B_PORT)} = @SVC{qw(CB_SMTP_HOST CB_SMTP_PORT)};

my $attachment = "$TMP/attachment.bin";
{
    open my $fh, '>:raw', $attachment or die "$attachment: $!";
    print $fh pack('C*', map { $_ % 251 } 0 .. 1023) x ($mb * 1024);
    close $fh or die "$attachment: $!";
}

my $mime_many = BenchRun::script($TMP, 'mime_many', <<'PL');
use strict; use warnings; use MIME::Lite;
my ($n, $tag) = @ARGV;
MIME::Lite->send('smtp', $ENV{B_HOST}, Port => $ENV{B_PORT}, Timeout => 30);
for my $i (1 .. $n) {
    my $m = MIME::Lite->new(From => 'bench@example.test', To => "b$tag-$i\@example.test", Subject => "bench $i",
        Data => "line one\nline two of message $i\n");
    $m->send;
}
PL

my $smtp_many = BenchRun::script($TMP, 'smtp_many', <<'PL');
use strict; use warnings; use Net::SMTP;
my ($n, $tag) = @ARGV;
my $s = Net::SMTP->new($ENV{B_HOST}, Port => $ENV{B_PORT}, Timeout => 30) or die "connect: $@";
for my $i (1 .. $n) {
    $s->mail('bench@example.test') && $s->to("b$tag-$i\@example.test") && $s->data
        && $s->datasend("Subject: bench $i\n\nline one\nline two of message $i\n") && $s->dataend
        or die 'send: ', $s->message;
}
$s->quit;
PL

my $mime_big = BenchRun::script($TMP, 'mime_big', <<'PL');
use strict; use warnings; use MIME::Lite;
my ($file, $tag) = @ARGV;
my $m = MIME::Lite->new(From => 'bench@example.test', To => "b$tag-1\@example.test", Subject => 'big', Type => 'multipart/mixed');
$m->attach(Type => 'TEXT', Data => "see attached\n");
$m->attach(Type => 'application/octet-stream', Path => $file, Filename => 'attachment.bin', Disposition => 'attachment');
$m->send('smtp', $ENV{B_HOST}, Port => $ENV{B_PORT}, Timeout => 120);
PL

# messages in the spool whose recipients carry $tag (b's are b<tag>-<run>-1)
sub delivered {
    my ($tag) = @_;
    opendir my $d, $SVC{CB_SMTP_SPOOL} or die "$SVC{CB_SMTP_SPOOL}: $!";
    my $n = 0;
    for my $f (grep { /\.json$/ } readdir $d) {
        open my $fh, '<', "$SVC{CB_SMTP_SPOOL}/$f" or next;
        local $/;
        my $j = <$fh>;
        $n++ if $j =~ /"b\Q$tag\E-[\d-]+\@example\.test"/;
    }
    return $n;
}

my $seq = 0;
# runs $code under the real module and the facade, alternating, checks that
# $want messages arrived for each; the seconds each took
sub timed {
    my ($want, $code) = @_;
    my %t;
    for my $facade (0, 1) {
        my $tag = sprintf('%s%d%d', BenchRun::label($facade), $$, ++$seq);
        my $t0 = time;
        $code->($facade, $tag);
        $t{ BenchRun::label($facade) } = time - $t0;
        my $got = delivered($tag);
        die sprintf("%s: %d of %d messages arrived\n", BenchRun::label($facade), $got, $want) unless $got == $want;
    }
    return \%t;
}

my @rows;
sub row {
    my ($what, $t) = @_;
    push @rows, [ $what, $t->{real}, $t->{facade}, $t->{real} / $t->{facade} ];
}

row("a. $msgs MIME::Lite sends, one script", timed($msgs, sub { BenchRun::run($_[0], $mime_many, $msgs, $_[1]) }));
row("b. $runs scripts x 1 MIME::Lite send", timed($runs, sub {
    my ($facade, $tag) = @_;
    BenchRun::run($facade, $mime_many, 1, "$tag-$_") for 1 .. $runs;
}));
row("c. $msgs messages on one Net::SMTP connection", timed($msgs, sub { BenchRun::run($_[0], $smtp_many, $msgs, $_[1]) }));
my $rss;
row("d. one MIME::Lite message with $mb MB attached", timed(1, sub {
    my ($facade, $tag) = @_;
    if ($facade) { $rss = BenchRun::with_rss(sub { BenchRun::run(1, $mime_big, $attachment, $tag) }) }
    else { BenchRun::run(0, $mime_big, $attachment, $tag) }
}));

printf "%-48s %9s %9s %7s\n", 'mail (seconds; ratio = real / facade)', 'real', 'facade', 'ratio';
printf "%-48s %9.2f %9.2f %6.2fx\n", @$_ for @rows;
printf "daemon RSS during d (facade): %.0f MB before, peak %.0f MB (+%.0f MB)\n",
    $rss->{base} / 1024, $rss->{peak} / 1024, ($rss->{peak} - $rss->{base}) / 1024;
