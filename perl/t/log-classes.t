# Classes named at run time load as a script expects: with perl/lib alone
# (an old LogHelper script), the facade's own appender and layout classes
# named in a config load from perl/compat; a script's own appender class
# loads from the script's @INC, as with the real module. (Where each
# package's code lives is perl/t/facade-layout.t's job.)
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root run_perl);
use LogDiff qw(log_diff);
use Test::More;

my $LIB = root() . '/perl/lib';

{
    local $ENV{PERL5LIB};
    my $script = <<'PL';
use strict; use warnings;
use LogHelper qw(get_logger :levels);
my $l = LogHelper::WlaLog->new('INFO');
$l->info('old name works');
Log::Log4perl->init(\ "log4perl.rootLogger = INFO, S\nlog4perl.appender.S = Log::Log4perl::Appender::Screen\nlog4perl.appender.S.stderr = 0\nlog4perl.appender.S.layout = NoopLayout\n");
get_logger('X')->info("config with sibling classes by name\n");
PL
    my ($out, $err, $code) = run_perl("use lib '$LIB';\n$script");
    is($code, 0, "perl -I perl/lib -e 'use LogHelper': runs without perl/compat on \@INC") or diag $err;
    $err =~ s/^\w{3} \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\|/STAMP|/mg;
    is($err, "STAMP|old name works\n", 'the WlaLog line');
    is($out, "config with sibling classes by name\n", 'appender and layout classes named in a config load');
}

# An appender class of the script's own, named in a config, loads from the
# script's @INC at run time as with the real module.
my $mine = log_diff('a user appender class named in a config', <<'PL', files => { 'MyAppender.pm' => <<'PM' });
use strict; use warnings;
use lib $ARGV[0];
use Log::Log4perl qw(get_logger);
Log::Log4perl->init(\ <<'CONF');
log4perl.rootLogger = INFO, M
log4perl.appender.M = MyAppender
log4perl.appender.M.prefix = mine
log4perl.appender.M.layout = PatternLayout
log4perl.appender.M.layout.ConversionPattern = %p %m%n
CONF
get_logger('U')->info('through my class');
print 'loaded from the script dir: ', ($INC{'MyAppender.pm'} =~ m{^\Q$ARGV[0]\E} ? 1 : 0), "\n";
PL
package MyAppender;
our @ISA = ('Log::Log4perl::Appender');
sub new { my ($class, %p) = @_; return bless { %p }, $class }
sub log { my ($self, %p) = @_; print "$self->{prefix}: $p{message}" }
1;
PM
is($mine->{out}, "mine: INFO through my class\nloaded from the script dir: 1\n", 'the real module runs the class from the script dir too');

done_testing;
