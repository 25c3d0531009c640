#!/usr/bin/perl
# bench/logging.pl: the Log::Log4perl facade against the real Log::Log4perl
# 1.57, in one run: messages/s written to a File appender (plain and with
# caller info), calls/s below the level, is_debug, and the daemon-written
# rolling appender; then ratios facade/real.
# Usage: CPAN_BRIDGE_SOCKET=/path/to.sock perl bench/logging.pl [messages]
# (starts a daemon from dist/ on a temp socket when none answers).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use BenchDaemon;
use File::Temp ();

my $root = "$FindBin::Bin/..";
my $N = shift || 50_000;
my $dir = File::Temp::tempdir(CLEANUP => 1);
BenchDaemon::socket_path();

my $conf = <<'CONF';
log4perl.rootLogger = INFO, F
log4perl.logger.Caller = INFO, G
log4perl.additivity.Caller = 0
log4perl.appender.F = Log::Log4perl::Appender::File
log4perl.appender.F.filename = DIR/plain.log
log4perl.appender.F.layout = PatternLayout
log4perl.appender.F.layout.ConversionPattern = %d{yyyy-MM-dd HH:mm:ss} %-5p %c - %m%n
log4perl.appender.G = Log::Log4perl::Appender::File
log4perl.appender.G.filename = DIR/caller.log
log4perl.appender.G.layout = PatternLayout
log4perl.appender.G.layout.ConversionPattern = %d %p %F{1}:%L %M - %m%n
CONF
$conf =~ s/DIR/$dir/g;

my %work = (
    '1 info to a File appender' => q{ my $l = Log::Log4perl->get_logger('Plain'); $l->info("message number $_") for 1 .. N },
    '2 info with %F %L %M' => q{ my $l = Log::Log4perl->get_logger('Caller'); $l->info("message number $_") for 1 .. N },
    '3 debug below the level' => q{ my $l = Log::Log4perl->get_logger('Plain'); $l->debug("message number $_") for 1 .. N },
    '4 is_debug' => q{ my $l = Log::Log4perl->get_logger('Plain'); my $n = 0; $l->is_debug and $n++ for 1 .. N },
);

sub run {
    my ($code, $facade, $n) = @_;
    local $ENV{PERL5LIB} = $facade ? "$root/perl/compat:$root/perl/lib" : '';
    (my $c = $code) =~ s/\bN\b/$n/g;
    my ($fh, $file) = File::Temp::tempfile(SUFFIX => '.pl', UNLINK => 1);
    print $fh "use Log::Log4perl; use Time::HiRes qw(time); Log::Log4perl->init(\\ <<'CONF');\n${conf}CONF\nmy \$t = time; $c; print time - \$t";
    close $fh;
    my $s = `$^X $file`;
    die "bench script failed\n" if $? || !length $s;
    return $s;
}

printf "%-32s %14s %14s %8s\n", 'work', 'real msg/s', 'bridge msg/s', 'ratio';
for my $name (sort keys %work) {
    my $real = run($work{$name}, 0, $N);
    my $fac = run($work{$name}, 1, $N);
    printf "%-32s %14.0f %14.0f %8.2f\n", substr($name, 2), $N / $real, $N / $fac, $real / $fac;
}

my $roll = q{ use Log::Log4perl::Appender; my $l = Log::Log4perl->get_logger('R'); my $a = Log::Log4perl::Appender->new('Log::Dispatch::FileRotate', name => 'R', filename => 'DIR/roll.log', size => 1000000, max => 2);
    $a->layout(Log::Log4perl::Layout::PatternLayout->new('%p %m%n')); $l->add_appender($a); $l->info("message number $_") for 1 .. N };
$roll =~ s/DIR/$dir/g;
my $m = $N > 5000 ? 5000 : $N;
my $t = run($roll, 1, $m);
printf "%-32s %14s %14.0f %8s\n", 'rolling file (daemon writes)', 'n/a', $m / $t, '-';

