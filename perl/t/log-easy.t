# easy_init, :easy functions, logdie/logwarn/logcroak/logconfess/error_warn/
# error_die: same log files, same die/warn messages and exit codes as the
# real Log::Log4perl 1.57.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest ();
use LogDiff qw(log_diff);
use Test::More;

log_diff('easy_init with the hash form and :easy functions', <<'PL');
use strict; use warnings;
use Log::Log4perl qw(:easy);
Log::Log4perl->easy_init(
    { level => $DEBUG, file => '>>easy.log', layout => '%-5p %c %F{1}:%L %M - %m%n' },
    { level => $INFO, file => 'STDOUT', category => 'Foo', layout => 'OUT %p %m%n' },
    { level => $WARN, file => '>clobber.log', layout => '%p %m%n' },
);
DEBUG 'easy debug';
INFO 'easy ', 'info';
TRACE 'not shown';
ALWAYS 'always';
sub helper { WARN sub { 'lazy warn' } }
helper();
my $foo = get_logger('Foo');
$foo->info('foo info');
$foo->debug('foo debug');
package Foo::Bar; sub run { main::get_logger()->error('from Foo::Bar') } package main;
Foo::Bar::run();
LOGWARN 'easy logwarn';
print "after\n";
PL

log_diff('easy_init($INFO) to stderr, and the default', <<'PL');
use strict; use warnings;
use Log::Log4perl qw(:easy);
Log::Log4perl->easy_init($INFO);
INFO 'to stderr';
DEBUG 'hidden';
Log::Log4perl->easy_init();
DEBUG 'now shown';
PL

for my $case (
    ['logdie', '$log->logdie("fatal: ", "stopping")'],
    ['logdie with newline', '$log->logdie("ends in newline\n")'],
    ['LOGDIE', 'LOGDIE "easy die"'],
    ['logwarn then exit 0', '$log->logwarn("careful"); print "still here\n"'],
    ['error_warn', '$log->error_warn("ew")'],
    ['error_die', '$log->error_die("ed")'],
    ['logcroak from a sub', 'sub f { $log->logcroak("croaked") } f()'],
    ['logconfess', 'sub g { $log->logconfess("confessed") } g()'],
    ['logexit', '$log->logexit("bye")'],
    ['die caught by eval', 'eval { $log->logdie("in eval") }; print "caught: $@"'],
    ['no_extra_logdie_message exit code', '$Log::Log4perl::LOGDIE_MESSAGE_ON_STDERR = 0; $log->logdie("quiet")'],
    ['LOGEXIT_CODE', '$Log::Log4perl::LOGEXIT_CODE = 3; $log->logexit("three")'],
) {
    my ($name, $code) = @$case;
    log_diff($name, <<"PL");
use strict; use warnings;
use Log::Log4perl qw(:easy);
Log::Log4perl->easy_init({ level => \$DEBUG, file => '>>die.log', layout => '%p %c %F{1}:%L %M %m%n' });
my \$log = get_logger('Die.Test');
$code;
PL
}

log_diff(':no_extra_logdie_message', <<'PL');
use strict; use warnings;
use Log::Log4perl qw(:easy :no_extra_logdie_message);
Log::Log4perl->easy_init({ level => $DEBUG, file => '>>q.log', layout => '%p %m%n' });
LOGDIE 'no stderr text, exit 1';
PL

log_diff('uninitialised logger warns once', <<'PL');
use strict; use warnings;
use Log::Log4perl qw(get_logger);
my $l = get_logger('X');
$l->error('nothing configured');
$l->error('again');
print "ok\n";
PL

log_diff('wrapper_register and caller_depth', <<'PL');
use strict; use warnings;
use Log::Log4perl qw(get_logger :levels);
Log::Log4perl->easy_init({ level => $DEBUG, file => '>>w.log', layout => '%F{1}:%L %M %c %m%n' });
package My::Wrap;
Log::Log4perl->wrapper_register(__PACKAGE__);
sub note { Log::Log4perl->get_logger()->info(@_) }
package main;
sub deep { local $Log::Log4perl::caller_depth = $Log::Log4perl::caller_depth + 1; get_logger('D')->warn('one up') }
sub outer { deep() }
outer();
sub user { My::Wrap::note('wrapped') }
user();
PL

done_testing;
