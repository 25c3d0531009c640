#!/usr/bin/perl
# HTTP: the LWP::UserAgent facade vs the real libwww-perl 6.68 (Debian's; a
# new TCP connection per request, as LWP makes without keep_alive), in one
# run, against the HTTP test server of scripts/test-services.sh:
#   a. one script: $gets GETs of /small (best of 2 each, alternating);
#   b. $runs separate script runs in a row (a perl process each), $per GETs
#      of /small each: the daemon's pooled connections vs new ones;
#   c. one GET of $mb MB (/bytes/N) with :content_file, and in memory (MB/s);
#   d. the daemon's RSS, sampled every 10 ms from /proc during c's facade runs.
# Every response is checked (status and body; the big ones by length and
# MD5 against the server's byte pattern), so a fast wrong answer cannot pass.
# Writes only to a temp dir, removed at exit.
# Usage: perl bench/http/lwp.pl [gets=2000] [runs=50] [per=20] [mb=100]
# (a daemon at CPAN_BRIDGE_SOCKET, else one started from dist/; the server's
# URL from .test-services/env, or CB_HTTP_URL in the environment).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib", "$FindBin::Bin/../../perl/lib";
use BenchDaemon;
use BenchRun;
use Digest::MD5 ();
use File::Temp ();
use Time::HiRes qw(time);

my ($gets, $runs, $per, $mb) = ($ARGV[0] || 2000, $ARGV[1] || 50, $ARGV[2] || 20, $ARGV[3] || 100);
my $ROOT = $BenchDaemon::ROOT;
my %SVC;
if (open my $fh, '<', "$ROOT/.test-services/env") { while (<$fh>) { $SVC{$1} = $2 if /^(CB_HTTP\w*)='(.*)'$/ } }
$SVC{CB_HTTP_URL} = $ENV{CB_HTTP_URL} if $ENV{CB_HTTP_URL};
die "no CB_HTTP_URL: run \"bash scripts/test-services.sh start\" first\n" unless $SVC{CB_HTTP_URL};
BenchDaemon::socket_path();
my $TMP = File::Temp::tempdir('http-bench-XXXXXX', TMPDIR => 1, CLEANUP => 1);
$ENV{B_URL} = $SVC{CB_HTTP_URL};

sub script {
    my ($name, $text) = @_;
    return BenchRun::script($TMP, $name, "use strict; use warnings; use LWP::UserAgent; use Time::HiRes qw(time);\n$text");
}

*label = \&BenchRun::label;
*with_rss = \&BenchRun::with_rss;

# BenchRun::run, but a script that fails is run once more: a reset now and then from a
# loopback server taking thousands of new connections (the real module's case) is not
# what is measured; twice is a failure
sub run {
    my ($facade, $path, @args) = @_;
    my ($out, $status) = BenchRun::run_status($facade, $path, @args);
    return $out if $status == 0;
    warn sprintf("%s failed under the %s (exit %d); running it again\n", $path, label($facade), $status >> 8);
    ($out, $status) = BenchRun::run_status($facade, $path, @args);
    die sprintf("%s failed again under the %s: exit %d\n", $path, label($facade), $status >> 8) unless $status == 0;
    return $out;
}

# --- a. one script, $gets GETs; it prints its seconds (after `new`)
my $a_script = script('many', q{
    my ($n) = @ARGV;
    my $ua = LWP::UserAgent->new;
    my $t0 = time;
    for (1 .. $n) {
        my $r = $ua->get("$ENV{B_URL}/small");
        die "GET $_: " . $r->status_line . "\n" unless $r->code == 200 && $r->content eq "ok\n";
    }
    printf "%.4f\n", time - $t0;
});
# the facade's first script warms the daemon's JIT, as a running daemon is
run(1, $a_script, 200);
my %a;
for my $round (1 .. 2) {
    for my $facade (0, 1) {
        my $t = run($facade, $a_script, $gets) + 0;
        $a{$facade} = $t if !defined $a{$facade} || $t < $a{$facade};
    }
}

# --- b. $runs separate scripts of $per GETs each (wall time of all, perl start included)
my $b_script = script('few', q{
    my ($n) = @ARGV;
    my $ua = LWP::UserAgent->new;
    for (1 .. $n) {
        my $r = $ua->get("$ENV{B_URL}/small");
        die "GET $_: " . $r->status_line . "\n" unless $r->code == 200 && $r->content eq "ok\n";
    }
});
my %b;
for my $facade (0, 1) {
    my $t0 = time;
    run($facade, $b_script, $per) for 1 .. $runs;
    $b{$facade} = time - $t0;
}

# --- c + d. $mb MB to a file and in memory; the facade's runs with the daemon's RSS sampled
my $bytes = $mb * 1024 * 1024;
my $want = do {
    # the server's /bytes/N: byte i is i % 251
    my $pattern = join '', map { chr($_ % 251) } 0 .. 251 * 4096 - 1;
    my $md5 = Digest::MD5->new;
    my $left = $bytes;
    while ($left > 0) { my $n = $left < length $pattern ? $left : length $pattern; $md5->add(substr($pattern, 0, $n)); $left -= $n }
    $md5->hexdigest;
};
my $c_script = script('big', q{
    use Digest::MD5 ();
    my ($how, $n, $file) = @ARGV;
    my $ua = LWP::UserAgent->new;
    my $t0 = time;
    my $r = $how eq 'file' ? $ua->get("$ENV{B_URL}/bytes/$n", ':content_file' => $file) : $ua->get("$ENV{B_URL}/bytes/$n");
    my $t = time - $t0;
    die "GET: " . $r->status_line . "\n" unless $r->code == 200 && !$r->header('Client-Aborted');
    my $md5 = Digest::MD5->new;
    if ($how eq 'file') { open my $fh, '<:raw', $file or die "$file: $!"; $md5->addfile($fh); printf "%.4f %d %s\n", $t, -s $file, $md5->hexdigest }
    else { printf "%.4f %d %s\n", $t, length($r->content), Digest::MD5::md5_hex($r->content) }
});

my (%c, %rss);
for my $facade (0, 1) {
    for my $how (qw(file memory)) {
        my $file = "$TMP/big-" . label($facade) . '.bin';
        my $work = sub {
            my ($t, $len, $md5) = split ' ', run($facade, $c_script, $how, $bytes, $file);
            die sprintf("c (%s, %s): got %d bytes, MD5 %s; want %d, %s\n", label($facade), $how, $len, $md5, $bytes, $want)
                unless $len == $bytes && $md5 eq $want;
            $c{$facade}{$how} = $t;
        };
        if ($facade) { $rss{$how} = with_rss($work) } else { $work->() }
        unlink $file;
    }
}

printf "\nHTTP: LWP::UserAgent facade vs libwww-perl %s (ratio: real time / facade time; > 1 = facade faster)\n",
    `$^X -MLWP -e 'print \$LWP::VERSION'`;
printf "%-46s %12s %12s %8s %8s\n", 'measure', 'real', 'facade', 'ratio', 'target';
printf "%-46s %10.2f s %10.2f s %7.2fx %8s\n", "a. $gets GETs of /small, one script", $a{0}, $a{1}, $a{0} / $a{1}, '>= 1x';
printf "%-46s %10.2f s %10.2f s %7.2fx %8s\n", "b. $runs scripts x $per GETs", $b{0}, $b{1}, $b{0} / $b{1}, '>= 2x';
for my $how (qw(file memory)) {
    printf "%-46s %7.1f MB/s %7.1f MB/s %7.2fx %8s\n", "c. $mb MB GET, " . ($how eq 'file' ? ':content_file' : 'in memory'),
        $mb / $c{0}{$how}, $mb / $c{1}{$how}, $c{0}{$how} / $c{1}{$how}, '';
}
for my $how (qw(file memory)) {
    my $r = $rss{$how};
    printf "%-46s %.0f MB before, peak %.0f MB: growth %.0f MB (target < 50 MB)\n",
        "d. daemon RSS, the facade's $how GET", $r->{base} / 1024, $r->{peak} / 1024, ($r->{peak} - $r->{base}) / 1024;
}
