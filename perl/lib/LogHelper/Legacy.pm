package LogHelper::Legacy;
# ABSTRACT: the old bridge's LogHelper API (get_logger, level constants, WlaLog), on the Log::Log4perl facade

use strict;
use warnings;

our $VERSION = '2.00';

package LogHelper; # hide from PAUSE/indexers
use strict;
use warnings;

our $INITIALIZED = 0;
our $CALLER_DEPTH = 1;

use constant { TRACE => 5000, DEBUG => 10000, INFO => 20000, WARN => 30000, ERROR => 40000, FATAL => 50000, OFF => (2**31) - 1 };

# `use LogHelper qw(get_logger :levels)`: the level constants (as subs and
# as $TRACE ... $FATAL) and get_logger, as the old module gave them.
sub import {
    my $class = shift;
    my $pkg = caller;
    no strict 'refs';
    for my $name (qw(TRACE DEBUG INFO WARN ERROR FATAL OFF)) {
        *{"${pkg}::$name"} = \&{"LogHelper::$name"} unless defined &{"${pkg}::$name"};
        my $v = $Log::Log4perl::Level::PRIORITY{$name};
        *{"${pkg}::$name"} = \$v;
    }
    *{"${pkg}::get_logger"} = \&get_logger;
}

# The old LogHelper->new gave a bridge client; old scripts check it with test_python_bridge.
sub new { shift; require CPANBridge; return LogHelper::Bridge->new(@_) }

package LogHelper::Bridge; # hide from PAUSE/indexers
our @ISA = ('CPANBridge');
sub test_python_bridge {
    my $self = shift;
    return $self->SUPER::test_python_bridge(@_) if CPANBridge->can('test_python_bridge');
    my $r = $self->call('test', 'ping', {});
    return $r->{success} ? 1 : 0;
}

package LogHelper;
sub initialized { return Log::Log4perl->initialized }
sub wrapper_register { return Log::Log4perl->wrapper_register(@_) }
sub appender_by_name { shift if defined $_[0] && $_[0] eq 'LogHelper'; return Log::Log4perl->appender_by_name(@_) }

sub get_logger {
    shift if defined $_[0] && $_[0] eq 'LogHelper';
    my ($category) = @_;
    return Log::Log4perl->get_logger(defined $category && length $category ? $category : 'main');
}

# The CPS::WlaLog wrapper pattern the old bridge carried: a Screen appender
# "sysout" with "%d{EEE yyyy/MM/dd HH:mm:ss}|%m%n", and "%d|%p> %m%n" for
# debug/error/fatal lines that carry the caller's file and line.
package LogHelper::WlaLog; # hide from PAUSE/indexers
use strict;
use warnings;
our @ISA = ('Log::Log4perl::Logger');

my $STD = '%d{EEE yyyy/MM/dd HH:mm:ss}|%m%n';
my $DBG = '%d|%p> %m%n';

sub new {
    my ($class, $level, $module) = @_;
    $level = 'INFO' unless defined $level && exists $Log::Log4perl::Level::PRIORITY{$level} && $level ne 'ALL' && $level ne 'OFF';
    $module = 'main' unless defined $module;
    $Log::Log4perl::caller_depth = 1 unless $LogHelper::INITIALIZED++;
    my $logger = Log::Log4perl->get_logger($module);
    my $app = Log::Log4perl::appender_by_name('sysout') ? $Log::Log4perl::Logger::APPENDER_BY_NAME{sysout}
        : Log::Log4perl::Appender->new('Log::Log4perl::Appender::Screen', name => 'sysout');
    $app->layout(Log::Log4perl::Layout::PatternLayout->new($STD));
    $logger->add_appender($app);
    $logger->level($Log::Log4perl::Level::PRIORITY{$level});
    $logger->{LAYOUT} = $STD;
    return bless $logger, $class;
}

sub getlogger { return Log::Log4perl->get_logger('main') }

sub _with_layout {
    my ($self, $pattern, $code) = @_;
    my $app = $Log::Log4perl::Logger::APPENDER_BY_NAME{sysout};
    $app->layout(Log::Log4perl::Layout::PatternLayout->new($pattern)) if $app;
    $code->();
    $app->layout(Log::Log4perl::Layout::PatternLayout->new($self->{LAYOUT} || $STD)) if $app;
}

sub debug {
    my ($self, $text) = @_;
    my (undef, $file, $line) = caller;
    $self->_with_layout($DBG, sub { $self->SUPER::debug("DEBUG: $file line:$line: $text") });
}
sub error {
    my ($self, $text) = @_;
    my (undef, $file, $line) = caller;
    $self->_with_layout($DBG, sub { $self->SUPER::error("$file line:$line: $text") });
}
sub fatal {
    my ($self, $text) = @_;
    my (undef, $file, $line) = caller;
    $self->_with_layout($DBG, sub { $self->SUPER::fatal("$file line:$line: $text") });
}
sub logdie {
    my ($self, $text) = @_;
    my (undef, $file, $line) = caller;
    $self->_with_layout($DBG, sub { $self->SUPER::fatal("LOGANDDIE> $file line:$line: $text \n\tExiting program $file") });
    die $text =~ /\n\z/ ? $text : "$text at $file line $line.\n";
}
sub always {
    my ($self, $text) = @_;
    my $old = $self->level;
    $self->level($Log::Log4perl::Level::PRIORITY{TRACE});
    $self->trace($text);
    $self->level($old);
}
sub getlevel { return $_[0]->level }

1;

__END__

=head1 NAME

LogHelper::Legacy - the old bridge's LogHelper API on the Log::Log4perl facade

=head1 SYNOPSIS

  use LogHelper qw(get_logger :levels);
  my $l = LogHelper::WlaLog->new('WARN');
  $l->warn('careful'); $l->debug("x=$x"); $l->always('always shown');

=head1 DESCRIPTION

Loaded by L<LogHelper>. Exports level constants and C<get_logger>, and
provides C<LogHelper::WlaLog> (the CPS::WlaLog wrapper pattern).

=head1 METHODS

=head2 LogHelper::WlaLog->new($level, $module), getlogger, debug, error, fatal, logdie, always, getlevel

=cut
