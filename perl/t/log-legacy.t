# The old bridge's API: logging_helper.* calls, the LogHelper module
# (get_logger, level constants, WlaLog), programmatic appenders, and the
# daemon-written rolling file appender.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_facade);
use File::Temp ();
use Test::More;

my $dir = File::Temp::tempdir(CLEANUP => 1);

my ($out, $err, $code) = run_perl_facade(<<'PL', cwd => $dir);
use strict; use warnings;
use CPANBridge;
my $b = CPANBridge->new;
my $r = $b->call_python('logging_helper', 'init_logger', { category => 'main', level => 'INFO', caller_depth => 1 });
my $id = $r->{result}{logger_id};
print "init: ", ($r->{success} && $id ? 'ok' : "fail $r->{error}"), " $r->{result}{category} $r->{result}{level}\n";
$r = $b->call_python('logging_helper', 'log_debug', { logger_id => $id, message => 'dbg' });
print "debug logged: ", ($r->{result}{logged} ? 1 : 0), "\n";
$r = $b->call_python('logging_helper', 'set_level', { logger_id => $id, level => 'DEBUG' });
print "set_level: $r->{result}{level}\n";
$r = $b->call_python('logging_helper', 'log_debug', { logger_id => $id, message => 'dbg', filename => 'x.pl', line => 7, enhanced => 1 });
print "debug logged: ", ($r->{result}{logged} ? 1 : 0), " $r->{result}{message}\n";
$r = $b->call_python('logging_helper', 'logdie', { logger_id => $id, message => 'bye', filename => 'x.pl', line => 9, package => 'main', enhanced => 1 });
print "logdie: should_exit=", ($r->{result}{should_exit} ? 1 : 0), " $r->{result}{message}\n";
$r = $b->call_python('logging', 'is_debug', { logger_id => $id });
print "is_debug under the new name: ", ($r->{result} ? 1 : 0), "\n";
$r = $b->call_python('logging_helper', 'set_level', { logger_id => $id, level => 'LOUD' });
print "bad level: ", ($r->{success} ? 'accepted' : $r->{error_type}), "\n";
PL
is($out, <<'OUT', 'logging_helper.init_logger / set_level / logdie') or diag $err;
init: ok main INFO
debug logged: 0
set_level: DEBUG
debug logged: 1 DEBUG: x.pl line:7: dbg
logdie: should_exit=1 x.pl line:9: bye
is_debug under the new name: 1
bad level: invalid_params
OUT

($out, $err, $code) = run_perl_facade(<<'PL', cwd => $dir);
use strict; use warnings;
use LogHelper qw(get_logger :levels);
my $l = LogHelper::WlaLog->new('WARN');
$l->info('hidden info');
$l->warn('a warning');
$l->error('an error');
print "is_warn=", $l->is_warn, " is_info=", $l->is_info, " level=", $l->getlevel, "\n";
$l->always('always shown');
print "levels: $INFO $WARN ", WARN(), "\n";
my $logger = Log::Log4perl->get_logger('main');
my $app = Log::Log4perl->appender_by_name('sysout');
print "appender: ", (defined $app ? 'found' : 'missing'), "\n";
eval { $l->logdie('the end') };
print "died: $@";
PL
$err =~ s/^\w{3} \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\|/STAMP|/mg;
$err =~ s/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\|/DATE|/mg;
$err =~ s{/tmp/\S+/script\.pl}{SCRIPT}g;
$out =~ s{/tmp/\S+/script\.pl}{SCRIPT}g;
is($out, "is_warn=1 is_info=0 level=30000\nlevels: 20000 30000 30000\nappender: found\ndied: the end at SCRIPT line 13.\n", 'WlaLog: levels, constants, appender_by_name, logdie')
    or diag $err;
is($err, <<'ERR', 'WlaLog lines on the sysout Screen appender with the old layouts');
STAMP|a warning
DATE|ERROR> SCRIPT line:6: an error
STAMP|always shown
DATE|FATAL> LOGANDDIE> SCRIPT line:13: the end 
	Exiting program SCRIPT
ERR

($out, $err, $code) = run_perl_facade(<<'PL', cwd => $dir);
use strict; use warnings;
use Log::Log4perl qw(get_logger :levels);
Log::Log4perl->init(\ <<'CONF');
log4perl.rootLogger = INFO, R
log4perl.appender.R = Log::Dispatch::FileRotate
log4perl.appender.R.filename = roll.log
log4perl.appender.R.mode = append
log4perl.appender.R.size = 1000
log4perl.appender.R.max = 2
log4perl.appender.R.layout = PatternLayout
log4perl.appender.R.layout.ConversionPattern = %p %m%n
CONF
my $l = get_logger('R');
$l->info(sprintf 'line %03d %s', $_, 'x' x 80) for 1 .. 40;
print "done\n";
PL
is($out, "done\n", 'the rolling appender script ran') or diag $err;
my @sizes = map { -s "$dir/$_" } qw(roll.log roll.log.1 roll.log.2);
ok(!grep({ !defined || $_ > 1000 } @sizes), 'three files, none over the size limit') or diag explain \@sizes;
ok(!-e "$dir/roll.log.3", 'at most max rotated files are kept');
open my $fh, '<', "$dir/roll.log" or die;
my @last = <$fh>;
like($last[-1], qr/^INFO line 040 x{80}$/, 'the newest line is in the current file, whole');

# The old bridge's own test script, unchanged, with perl/lib alone on @INC.
SKIP: {
    skip $BridgeTest::OLD_BRIDGE_UNSET, 3 unless BridgeTest::old_bridge();
    my $path = 'Test_Scripts/test_log_helper.pl';
    my $script = BridgeTest::old_bridge_file($path);
    local $ENV{PERL5LIB};
    ($out, $err, $code) = BridgeTest::run_perl($script, cwd => $dir, inc => [BridgeTest::root() . '/perl/lib']);
    is($code, 0, "the old bridge's $path exits 0") or diag $err;
    unlike($out, qr/\x{e2}\x{9c}\x{97}/, 'it reports no failed check');
    like($out, qr/LogHelper successfully implements Log::Log4perl and WlaLog wrapper patterns/, 'it reaches its summary');
}

done_testing;
