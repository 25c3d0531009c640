package LogHelper::WlaLog;
# ABSTRACT: the CPS::WlaLog wrapper pattern the old bridge's LogHelper carried, on the Log::Log4perl facade

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge::Compat 'Log::Log4perl';
our @ISA = ('Log::Log4perl::Logger');

# The CPS::WlaLog wrapper pattern the old bridge carried: a Screen appender
# "sysout" with "%d{EEE yyyy/MM/dd HH:mm:ss}|%m%n", and "%d|%p> %m%n" for
# debug/error/fatal lines that carry the caller's file and line.

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

LogHelper::WlaLog - the old bridge's WlaLog logger (the CPS::WlaLog wrapper pattern)

=head1 SYNOPSIS

  use LogHelper qw(get_logger :levels);
  my $l = LogHelper::WlaLog->new('WARN');            # level name, category (default 'main')
  $l->warn('careful');                               # Tue 2024/01/02 10:00:00|careful
  $l->debug("x=$x");                                 # 2024/01/02 10:00:00|DEBUG> DEBUG: script.pl line:7: x=1
  $l->always('always shown');
  $l->logdie('the end');

=head1 DESCRIPTION

A L<Log::Log4perl::Logger> writing to a Screen appender named C<sysout>
(STDERR) with the layout C<%d{EEE yyyy/MM/dd HH:mm:ss}|%m%n>; C<debug>,
C<error>, C<fatal> and C<logdie> switch to C<%d|%p> %m%n> for their line
and put the caller's file and line in the message, as the old bridge did.

=head1 METHODS

=head2 new

  my $l = LogHelper::WlaLog->new($level_name, $category);   # an unknown level name is INFO

=head2 debug, error, fatal, logdie, always, getlogger, getlevel

  my $main = LogHelper::WlaLog->getlogger;     # the 'main' logger
  my $n = $l->getlevel;                        # 30000 for WARN

=cut
