# Many scripts log to one file at once through the facade's File appender:
# every line arrives whole (one O_APPEND write per line), none is lost.
# The real Log::Log4perl runs alongside on the same file.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root);
use File::Temp ();
use Test::More;

my $ROOT = root();
my ($PROCS, $LINES) = (8, 300);
my $dir = File::Temp::tempdir(CLEANUP => 1);
my $log = "$dir/shared.log";

my $script = <<'PL';
use strict; use warnings;
use Log::Log4perl qw(get_logger);
my ($log, $who, $n) = @ARGV;
Log::Log4perl->init(\ <<"CONF");
log4perl.rootLogger = INFO, F
log4perl.appender.F = Log::Log4perl::Appender::File
log4perl.appender.F.filename = $log
log4perl.appender.F.mode = append
log4perl.appender.F.layout = PatternLayout
log4perl.appender.F.layout.ConversionPattern = %P %p %m%n
CONF
my $l = get_logger('C');
for my $i (1 .. $n) {
    # facade lines up to ~9 KB, past any stdio buffer; the real module's print
    # splits lines longer than its 8 KB buffer, so its lines stay under that
    my $len = ($i * 7919) % ($INC{'Log/Log4perl.pm'} =~ m{/perl/compat/} ? 9000 : 4000);
    my $body = substr(($who x 9000), 0, $len);
    $l->info("$who $i $len <$body>");
}
PL
open my $fh, '>', "$dir/w.pl" or die; print $fh $script; close $fh;

my @pids;
for my $k (1 .. $PROCS) {
    my $facade = $k % 4 != 0;                    # every fourth writer is the real module
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if (!$pid) {
        if ($facade) { $ENV{PERL5LIB} = "$ROOT/perl/compat:$ROOT/perl/lib" } else { delete $ENV{PERL5LIB} }
        open STDERR, '>>', "$dir/stderr.txt";
        exec $^X, "$dir/w.pl", $log, chr(ord('a') + $k - 1), $LINES or exit 127;
    }
    push @pids, $pid;
}
for my $pid (@pids) {
    waitpid $pid, 0;
    is($? >> 8, 0, "writer $pid exits 0");
}

open my $in, '<', $log or die "no log: $!";
my ($lines, $bad, $longest, %count) = (0, 0, 0);
while (my $line = <$in>) {
    $lines++;
    if ($line =~ /^\d+ INFO ([a-z]) (\d+) (\d+) <([a-z]*)>\n\z/ && length($4) == $3 && $4 eq substr($1 x 9000, 0, $3)) {
        $count{$1}++;
        $longest = $3 if $3 > $longest;
    } else {
        $bad++;
        diag('torn line: ' . substr($line, 0, 80)) if $bad <= 3;
    }
}
is($bad, 0, 'no torn or interleaved line');
ok($longest > 8192, "lines longer than a stdio buffer were written (longest $longest bytes)");
if (-s "$dir/stderr.txt") { open my $e, '<', "$dir/stderr.txt"; local $/; diag('writers said: ' . <$e>) }
is($lines, $PROCS * $LINES, 'no line lost');
is_deeply([sort values %count], [($LINES) x $PROCS], 'each writer got all its lines in');
done_testing;
