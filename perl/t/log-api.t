# The facade defines the public subs of the real Log::Log4perl 1.57 that
# scripts call (001_api.t style), and never loads the CPAN module.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade);
use Test::More;

my @wanted = (
    map({ "Log::Log4perl::$_" } qw(init init_once init_and_watch easy_init get_logger initialized reset wrapper_register
        caller_depth_offset appenders add_appender appender_by_name appender_thresholds_adjust eradicate_appender remove_logger)),
    map({ "Log::Log4perl::Logger::$_" } qw(trace debug info warn error fatal log is_trace is_debug is_info is_warn is_error
        is_fatal isTraceEnabled isDebugEnabled isInfoEnabled isWarnEnabled isErrorEnabled isFatalEnabled level additivity
        add_appender remove_appender eradicate_appender has_appenders category parent_logger get_root_logger get_logger logdie
        logwarn logexit logcroak logconfess logcarp logcluck error_warn error_die more_logging less_logging inc_level dec_level
        reset callerline warning_render)),
    map({ "Log::Log4perl::Level::$_" } qw(to_priority to_level is_valid get_higher_level get_lower_level isGreaterOrEqual)),
    map({ "Log::Log4perl::Appender::$_" } qw(new name layout threshold log)),
    map({ "Log::Log4perl::Layout::PatternLayout::$_" } qw(new render define)),
    'Log::Log4perl::Layout::SimpleLayout::render', 'Log::Log4perl::DateFormat::format',
);
my $script = 'use Log::Log4perl; use Log::Log4perl::Layout; use Log::Log4perl::DateFormat; no strict "refs"; '
    . 'print join("\n", map { defined &{$_} ? "$_ ok" : "$_ MISSING" } @ARGV), "\n"; print "from $INC{q{Log/Log4perl.pm}}\n"';
my ($real) = run_perl_real($script, args => \@wanted);
my ($fac, $err) = run_perl_facade($script, args => \@wanted);
unlike($real, qr/MISSING/, 'the list names real subs of Log::Log4perl 1.57');
my @missing = $fac =~ /^(\S+) MISSING$/mg;
is_deeply(\@missing, [], 'the facade defines all of them') or diag $err;
like($fac, qr{from \S+/perl/compat/Log/Log4perl\.pm$}m, 'the CPAN module is never loaded');

my ($out) = run_perl_facade('use Log::Log4perl::Level; print "$DEBUG $INFO $WARN ", ERROR_INT(), "\n"');
is($out, "10000 20000 30000 40000\n", 'use Log::Log4perl::Level exports the level variables');
($out) = run_perl_real('use Log::Log4perl::Level; print "$DEBUG $INFO $WARN ", ERROR_INT(), "\n"');
is($out, "10000 20000 30000 40000\n", '... as the real one does');
done_testing;
