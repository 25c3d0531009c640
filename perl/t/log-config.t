# Log::Log4perl->init configs: the facade writes the same files, with the same
# lines, as the real Log::Log4perl 1.57 (times, PIDs and paths masked).
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest ();
use LogDiff qw(log_diff);
use Test::More;

my $real = log_diff('root, categories, additivity, layouts', <<'PL');
use strict; use warnings;
use Log::Log4perl qw(get_logger :levels);
my $conf = <<'CONF';
log4perl.rootLogger = DEBUG, Main, Err
log4perl.logger.App = INFO, AppFile
log4perl.logger.App.Quiet = WARN
log4perl.logger.App.Solo = TRACE, Solo
log4perl.additivity.App.Solo = 0
log4perl.category.Other::Pkg = ERROR, Out

log4perl.appender.Main = Log::Log4perl::Appender::File
log4perl.appender.Main.filename = main.log
log4perl.appender.Main.mode = write
log4perl.appender.Main.layout = Log::Log4perl::Layout::PatternLayout
log4perl.appender.Main.layout.ConversionPattern = %d %p %c - %m%n

log4perl.appender.AppFile = Log::Log4perl::Appender::File
log4perl.appender.AppFile.filename = app.log
log4perl.appender.AppFile.layout = PatternLayout
log4perl.appender.AppFile.layout.ConversionPattern = [%-5p] [%5p] [%.2p] %c{1} %F{1}:%L %M|%l|%C %% %m%n

log4perl.appender.Solo = Log::Log4perl::Appender::File
log4perl.appender.Solo.filename = solo.log
log4perl.appender.Solo.mode = append
log4perl.appender.Solo.layout = SimpleLayout

log4perl.appender.Out = Log::Log4perl::Appender::Screen
log4perl.appender.Out.stderr = 0
log4perl.appender.Out.layout = PatternLayout
log4perl.appender.Out.layout.ConversionPattern = OUT %d{yyyy-MM-dd HH:mm:ss,SSS} %d{EEE MMM dd} %d{ISO8601} %d{ABSOLUTE} %H pid=%P r=%r %p %c %m%n

log4perl.appender.Err = Log::Log4perl::Appender::Screen
log4perl.appender.Err.stderr = 1
log4perl.appender.Err.Threshold = ERROR
log4perl.appender.Err.layout = PatternLayout
log4perl.appender.Err.layout.ConversionPattern = ERR %p %c %m{chomp}|%n
CONF
Log::Log4perl->init(\$conf);
my $root = get_logger('');
my $app = get_logger('App');
my $quiet = Log::Log4perl->get_logger('App::Quiet');
my $solo = get_logger('App.Solo');
my $deep = get_logger('App.Quiet.Deeper.Still');
my $other = get_logger('Other.Pkg.Sub');
my $evals = 0;
for my $l ($root, $app, $quiet, $solo, $deep, $other) {
    for my $m (qw(trace debug info warn error fatal)) {
        $l->$m("$m from ", $l->category, ' ', sub { $evals++; 'lazy' });
    }
    print join(',', map { $l->$_ ? 1 : 0 } qw(is_trace is_debug is_info is_warn is_error is_fatal)), "\n";
}
print "code refs evaluated: $evals\n";
sub in_a_sub { $app->info('inside a sub'); eval { $app->warn('inside an eval') } }
in_a_sub();
package Some::Where;
sub go { $app->error('multi', 'ple', ' args') }
go();
package main;
$app->info("line with newline\n");
$app->log($WARN, 'via log()');
$other->error("two\nlines");
print "returns: ", (defined $quiet->info('x') ? 'def' : 'undef'), ' ', $app->info('y'), "\n";
PL

log_diff('levels: level(), more_logging, less_logging, inheritance', <<'PL');
use strict; use warnings;
use Log::Log4perl qw(get_logger :levels);
Log::Log4perl->init({
    'log4perl.rootLogger' => 'WARN, F',
    'log4perl.appender.F' => 'Log::Log4perl::Appender::File',
    'log4perl.appender.F.filename' => 'levels.log',
    'log4perl.appender.F.layout' => 'PatternLayout',
    'log4perl.appender.F.layout.ConversionPattern' => '%p %c %m%n',
});
my $a = get_logger('A.B');
my $show = sub { my $l = shift; print $l->category, ' level=', $l->level, ' debug=', $l->is_debug, ' info=', $l->is_info, ' error=', $l->is_error, "\n" };
$show->($a);
$a->info('hidden');
get_logger('A')->level($INFO);
$show->($a);
$a->info('now shown');
$a->more_logging(2);
$show->($a);
$a->trace('trace shown');
$a->less_logging(4);
$show->($a);
$a->warn('warn hidden');
$a->less_logging(3);
$show->($a);
$a->level($DEBUG);
$a->debug('debug after level(DEBUG)');
$a->level('ERROR');
$show->($a);
get_logger('')->level($OFF);
$show->(get_logger('Z'));
get_logger('Z')->fatal('off');
print "initialized=", Log::Log4perl->initialized ? 1 : 0, "\n";
PL

log_diff('config file, ${vars}, threshold, oneMessagePerAppender, init_once', <<'PL', files => { 'l4p.conf' => <<'CONF' });
use strict; use warnings;
use Log::Log4perl qw(get_logger);
$ENV{LOGNAME_FROM_ENV} = 'fromenv';
Log::Log4perl->init('l4p.conf');
Log::Log4perl->init_once(\ "log4perl.rootLogger = FATAL, Nope\n");
my $l = get_logger('X.Y');
$l->debug('d'); $l->info('i'); $l->warn('w');
get_logger('X')->info('x info');
print "done\n";
PL
# comment line
! another comment
; and another
layout = %p %c - %m%n
log4perl.threshold = INFO
log4perl.oneMessagePerAppender = 1
log4perl.rootLogger = DEBUG, \
    Both
log4perl.logger.X = DEBUG, Both
log4perl.appender.Both = Log::Log4perl::Appender::File
log4perl.appender.Both.filename = ${LOGNAME_FROM_ENV}.log
log4perl.appender.Both.layout = PatternLayout
log4perl.appender.Both.layout.ConversionPattern = ${layout}
CONF

log_diff('config errors die like log4perl', <<'PL');
use strict; use warnings;
use Log::Log4perl;
for my $c ("log4perl.rootLogger = LOUD, A\n",
           "log4perl.rootLogger = INFO, A\nlog4perl.appender.A = Log::Log4perl::Appender::Screen\n",
           "log4perl.rootLogger = INFO, Missing\n",
           "log4perl.rootLogger = INFO, A\nlog4perl.appender.A = Log::Log4perl::Appender::Screen\nlog4perl.appender.A.layout = SimpleLayout\nlog4perl.appender.A.threshold = WARN\n") {
    eval { Log::Log4perl->init(\$c) };
    (my $e = $@) =~ s/\n.*//s;
    print "error: $e\n";
}
eval { Log::Log4perl->init('does-not-exist.conf') };
print "missing file: ", ($@ =~ /^Cannot open does-not-exist\.conf \(No such file or directory\)/ ? 'ok' : $@), "\n";
PL

log_diff('programmatic appenders, appender_by_name, layout switch, utf8', <<'PL');
use strict; use warnings;
use Log::Log4perl qw(get_logger :levels);
print "initialized before: ", (Log::Log4perl->initialized ? 1 : 0), "\n";
my $logger = Log::Log4perl->get_logger('main');
my $appender = Log::Log4perl::Appender->new('Log::Log4perl::Appender::Screen', name => 'sysout', stderr => 0);
my $layout = Log::Log4perl::Layout::PatternLayout->new('%d{EEE yyyy/MM/dd HH:mm:ss}|%m%n');
$appender->layout($layout);
$logger->add_appender($appender);
$logger->level($INFO);
$logger->info('programmatic info');
$logger->debug('hidden');
my $a = Log::Log4perl->appender_by_name('sysout');
print "by name: ", ref($a), "\n";
Log::Log4perl->appender_by_name('sysout');
$Log::Log4perl::Logger::APPENDER_BY_NAME{sysout}->layout(Log::Log4perl::Layout::PatternLayout->new('%d|%p> %m%n'));
$logger->warn('after layout switch');
my $f = Log::Log4perl::Appender->new('Log::Log4perl::Appender::File', name => 'u', filename => 'utf8.log', utf8 => 1, mode => 'write');
$f->layout(Log::Log4perl::Layout::SimpleLayout->new);
get_logger('U')->add_appender($f);
get_logger('U')->error("caf\x{e9} \x{263a}");
my $b = Log::Log4perl::Appender->new('Log::Log4perl::Appender::File', name => 'h', filename => 'head.log', header_text => 'HEADER');
$b->layout(Log::Log4perl::Layout::PatternLayout->new('%m{indent}%n'));
$b->threshold($ERROR);
get_logger('H')->add_appender($b);
get_logger('H')->warn('below the threshold');
get_logger('H')->error("indented\nsecond line");
print "has appenders: ", get_logger('H')->has_appenders, "\n";
print "initialized after: ", (Log::Log4perl->initialized ? 1 : 0), "\n";
PL

log_diff('Perl code in config values: filename sub, cspecs, allow_code', <<'PL');
use strict; use warnings;
use Log::Log4perl qw(get_logger);
sub logfile { return 'computed.log' }
Log::Log4perl->init(\ <<'CONF');
log4perl.rootLogger = INFO, F
log4perl.PatternLayout.cspec.G = sub { return 'global-cspec' }
log4perl.appender.F = Log::Log4perl::Appender::File
log4perl.appender.F.filename = sub { logfile() }
log4perl.appender.F.layout = PatternLayout
log4perl.appender.F.layout.cspec.U = sub { return "user-$_[2]" }
log4perl.appender.F.layout.ConversionPattern = %U %G %p %m%n
CONF
get_logger('Code')->info('with code');
require Log::Log4perl::MDC; require Log::Log4perl::NDC;
Log::Log4perl::MDC->put('user', 'alice');
Log::Log4perl::NDC->push('outer'); Log::Log4perl::NDC->push('inner');
my $ctx = Log::Log4perl::Layout::PatternLayout->new('[%X{user}] [%X{none}] [%x] %m%n');
my $s = Log::Log4perl::Appender->new('Log::Log4perl::Appender::Screen', name => 'ctx', stderr => 0);
$s->layout($ctx);
get_logger('Ctx')->add_appender($s);
get_logger('Ctx')->warn('contexts');
Log::Log4perl::NDC->remove; Log::Log4perl::MDC->remove;
get_logger('Ctx')->warn('cleared');
Log::Log4perl::Config->allow_code(0);
eval { Log::Log4perl->init(\ "log4perl.rootLogger = INFO, F\nlog4perl.appender.F = Log::Log4perl::Appender::File\nlog4perl.appender.F.filename = sub { 'x.log' }\nlog4perl.appender.F.layout = SimpleLayout\n") };
(my $e = $@) =~ s/\n.*//s;
print "refused: $e\n";
PL

log_diff('re-init, easy_init then init, get_logger() in packages, more patterns', <<'PL');
use strict; use warnings;
use Log::Log4perl qw(get_logger :levels);
Log::Log4perl->easy_init({ level => $INFO, file => '>first.log', layout => '%p %m%n' });
get_logger('A')->info('to first');
Log::Log4perl->init(\ <<'CONF');
log4perl.logger.A.B = DEBUG, S
log4perl.appender.S = Log::Log4perl::Appender::File
log4perl.appender.S.filename = second.log
log4perl.appender.S.layout = PatternLayout
log4perl.appender.S.layout.ConversionPattern = %d{HH:mm:ss,SSS} [%c{2}] [%C] %-8.8p|%m{indent=4}|%n
CONF
get_logger('A')->info('root kept its easy_init level?');
print 'root level after init: ', get_logger('')->level, "\n";
get_logger('A.B.C.D')->debug("deep\nmulti line");
package Foo::Bar;
sub go { main::get_logger()->warn('package logger') }
package main;
Foo::Bar::go();
print 'Foo::Bar category: ', Foo::Bar->can('go') && Log::Log4perl->get_logger('Foo::Bar')->category, "\n";
Log::Log4perl->init(\ "log4perl.rootLogger = ERROR, S\nlog4perl.appender.S = Log::Log4perl::Appender::Screen\nlog4perl.appender.S.stderr = 0\nlog4perl.appender.S.layout = SimpleLayout\n");
get_logger('A.B')->warn('A.B lost its level on re-init');
get_logger('A.B')->error('error shown');
print 'A.B level: ', get_logger('A.B')->level, "\n";
PL

log_diff('File appender mkpath creates missing directories', <<'PL');
use strict; use warnings;
use Log::Log4perl qw(get_logger);
Log::Log4perl->init(\ <<'CONF');
log4perl.rootLogger = INFO, F
log4perl.appender.F = Log::Log4perl::Appender::File
log4perl.appender.F.filename = deep/er/x.log
log4perl.appender.F.mkpath = 1
log4perl.appender.F.layout = SimpleLayout
CONF
get_logger('M')->info('in a new directory');
open my $fh, '<', 'deep/er/x.log' or die "no file: $!";
print <$fh>;
printf "dir mode %o\n", (stat 'deep/er')[2] & 07777;
eval { Log::Log4perl::Appender->new('Log::Log4perl::Appender::File', filename => 'nodir/y.log') };
(my $e = $@) =~ s/ at .*//s;
print "without mkpath: $e\n";
PL

done_testing;
