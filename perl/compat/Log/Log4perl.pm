package Log::Log4perl;
# ABSTRACT: Log::Log4perl 1.57 for hosts without CPAN, in core Perl; configs parsed by the cpan-bridge daemon

use strict;
use warnings;

our $VERSION = '1.57';

use Carp ();
use Log::Log4perl::Level;    # $Log::Log4perl::DEBUG ..., as log4perl has them
use Log::Log4perl::Logger;
use Log::Log4perl::Config;
use Log::Log4perl::Appender;
use Log::Log4perl::Appender::File;
use Log::Log4perl::Appender::Screen;
use Log::Log4perl::Appender::String;
use Log::Log4perl::Appender::RollingFile;
use Log::Log4perl::Layout;
use Log::Log4perl::MDC;
use Log::Log4perl::NDC;

our $caller_depth = 0;
our $JOIN_MSG_ARRAY_CHAR = '';
our $LOGDIE_MESSAGE_ON_STDERR = 1;
our $LOGEXIT_CODE = 1;
our $STRINGIFY_DIE_MESSAGE = 1;
our $CHATTY_DESTROY_METHODS = 0;
our $ALLOW_CODE_IN_CONFIG_FILE = 1;
our $one_message_per_appender;
our %WRAPPERS_REGISTERED = ('Log::Log4perl' => 1);
our %IMPORT_CALLED;
our $EASY_CLOSURES = {};

sub import {
    my $class = shift;
    my $pkg = caller();
    return 1 if $IMPORT_CALLED{$pkg}++;
    my %tags = map { $_ => 1 } @_;
    if (delete $tags{':easy'}) {
        @tags{qw(:levels :nowarn get_logger)} = (1, 1, 1);
        _easy_closures($pkg);
    }
    if (delete $tags{':no_extra_logdie_message'}) { $LOGDIE_MESSAGE_ON_STDERR = 0 }
    no strict 'refs';
    if (delete $tags{get_logger}) { *{"${pkg}::get_logger"} = \&get_logger }
    if (delete $tags{':levels'}) {
        for my $key (keys %Log::Log4perl::Level::PRIORITY) {
            my $value = $Log::Log4perl::Level::PRIORITY{$key};
            *{"${pkg}::$key"} = \$value;
        }
    }
    if (delete $tags{':nowarn'}) { $Log::Log4perl::Logger::NON_INIT_WARNED = 1 }
    if (delete $tags{':nostrict'}) { $Log::Log4perl::Logger::NO_STRICT = 1 }
    delete $tags{':resurrect'};
    die "Unknown Option(s): @{[keys %tags]}" if keys %tags;
}

# The :easy functions log through the package's logger; each one calls
# Logger::_emit directly so caller() sees the script exactly one frame up.
sub _easy_closures {
    my $pkg = shift;
    my $logger = get_logger($pkg);
    no strict 'refs';
    no warnings 'redefine';
    for my $name (qw(TRACE DEBUG INFO WARN ERROR FATAL ALWAYS)) {
        my $level = $name eq 'ALWAYS' ? 'OFF' : $name;
        *{"${pkg}::$name"} = sub {
            Log::Log4perl::Logger::init_warn() unless $Log::Log4perl::Logger::INITIALIZED || $Log::Log4perl::Logger::NON_INIT_WARNED;
            return Log::Log4perl::Logger::_emit($logger, $level, \@_);
        };
        $EASY_CLOSURES->{$pkg}{$name} = $logger;
    }
    for my $name (qw(LOGCROAK LOGCLUCK LOGCARP LOGCONFESS)) {
        my $method = 'Log::Log4perl::Logger::' . lc $name;
        *{"${pkg}::$name"} = sub { unshift @_, $logger; goto &$method };
    }
    *{"${pkg}::LOGDIE"} = sub {
        Log::Log4perl::Logger::init_warn() unless $Log::Log4perl::Logger::INITIALIZED || $Log::Log4perl::Logger::NON_INIT_WARNED;
        Log::Log4perl::Logger::_emit($logger, 'FATAL', \@_);
        $LOGDIE_MESSAGE_ON_STDERR ? CORE::die(Log::Log4perl::Logger::callerline(join '', @_)) : exit $LOGEXIT_CODE;
    };
    *{"${pkg}::LOGEXIT"} = sub {
        Log::Log4perl::Logger::init_warn() unless $Log::Log4perl::Logger::INITIALIZED || $Log::Log4perl::Logger::NON_INIT_WARNED;
        Log::Log4perl::Logger::_emit($logger, 'FATAL', \@_);
        exit $LOGEXIT_CODE;
    };
    *{"${pkg}::LOGWARN"} = sub {
        Log::Log4perl::Logger::init_warn() unless $Log::Log4perl::Logger::INITIALIZED || $Log::Log4perl::Logger::NON_INIT_WARNED;
        Log::Log4perl::Logger::_emit($logger, 'WARN', \@_);
        CORE::warn(Log::Log4perl::Logger::callerline(join '', @_)) if $LOGDIE_MESSAGE_ON_STDERR;
    };
}

sub initialized { return $Log::Log4perl::Logger::INITIALIZED }
sub new { die "THIS CLASS ISN'T FOR DIRECT USE. PLEASE CHECK 'perldoc " . __PACKAGE__ . "'." }
sub reset { return Log::Log4perl::Logger->reset() }
sub init_once { init(@_) unless $Log::Log4perl::Logger::INITIALIZED }

sub init {
    my ($class, @args) = @_;
    unshift @args, $class if $class ne __PACKAGE__;
    return Log::Log4perl::Config::_init(@args);
}

# Config watching is not offered; the config is read once.
sub init_and_watch { my ($class, @args) = @_; unshift @args, $class if $class ne __PACKAGE__; return Log::Log4perl::Config::_init($args[0]) }

sub easy_init {
    my ($class, @args) = @_;
    unshift @args, $class if ref($class) || $class =~ /^\d+$/;
    Log::Log4perl->reset();
    my %default = (level => $Log::Log4perl::DEBUG, file => 'STDERR', utf8 => undef, category => '', layout => '%d %m%n');
    my @loggers;
    if (!@args) { push @loggers, {%default} }
    for my $arg (@args) {
        if ($arg =~ /^\d+$/) { push @loggers, { %default, level => $arg } }
        elsif (ref $arg eq 'HASH') { push @loggers, { %default, %$arg } }
        else { Carp::carp('All arguments to easy_init should be either an integer log level or a hash reference.') }
    }
    for my $l (@loggers) {
        my $app;
        if ($l->{file} =~ /^stderr$/i) {
            $app = Log::Log4perl::Appender->new('Log::Log4perl::Appender::Screen', utf8 => $l->{utf8});
        } elsif ($l->{file} =~ /^stdout$/i) {
            $app = Log::Log4perl::Appender->new('Log::Log4perl::Appender::Screen', stderr => 0, utf8 => $l->{utf8});
        } else {
            my $binmode;
            $binmode = $1 if $l->{file} =~ s/^(:.*?)>/>/;
            $l->{file} =~ /^(>)?(>)?/;
            my $mode = $2 ? 'append' : 'write';
            $l->{file} =~ s/.*>+\s*//g;
            $app = Log::Log4perl::Appender->new('Log::Log4perl::Appender::File',
                filename => $l->{file}, mode => $mode, utf8 => $l->{utf8}, binmode => $binmode);
        }
        $app->layout(Log::Log4perl::Layout::PatternLayout->new($l->{layout}));
        my $log = Log::Log4perl->get_logger($l->{category});
        $log->level($l->{level});
        $log->add_appender($app);
    }
    $Log::Log4perl::Logger::INITIALIZED = 1;
}

sub wrapper_register { $WRAPPERS_REGISTERED{ $_[-1] } = 1 }

sub get_logger {
    my $category;
    if (@_ == 0) {
        my $level = 0;
        do { $category = scalar caller($level++) } while defined $category && exists $WRAPPERS_REGISTERED{$category};
    } elsif (@_ == 1) {
        $category = $_[0];
        my $level = 0;
        while (defined $category && exists $WRAPPERS_REGISTERED{$category}) { $category = scalar caller($level++) }
    } else {
        $category = $_[1];
    }
    $category = 'main' unless defined $category;
    return Log::Log4perl::Logger->get_logger($category);
}

sub caller_depth_offset {
    my ($level) = @_;
    while (1) {
        my $pkg = scalar caller($level + 1);
        last unless defined $pkg && exists $WRAPPERS_REGISTERED{$pkg};
        $level++;
    }
    return $level;
}

sub appenders { return \%Log::Log4perl::Logger::APPENDER_BY_NAME }

sub add_appender {
    my ($class, $appender) = @_;
    my $name = $appender->name();
    die "Mandatory parameter 'name' missing in appender" unless defined $name;
    Log::Log4perl->appenders()->{$name} = $appender;
}

sub appender_by_name {
    shift if defined $_[0] && $_[0] eq __PACKAGE__;
    my ($name) = @_;
    return undef unless defined $name && exists $Log::Log4perl::Logger::APPENDER_BY_NAME{$name};
    return $Log::Log4perl::Logger::APPENDER_BY_NAME{$name}{appender};
}

sub appender_thresholds_adjust {
    shift if defined $_[0] && $_[0] eq __PACKAGE__;
    my ($delta, $names) = @_;
    return if $delta == 0;
    my @apps = defined $names
        ? map { die "Unkown appender: '$_'" unless exists $Log::Log4perl::Logger::APPENDER_BY_NAME{$_}; $Log::Log4perl::Logger::APPENDER_BY_NAME{$_} } @$names
        : values %{ appenders() };
    my $n = 0;
    for my $app (@apps) {
        my $old = $app->threshold();
        my $new = $delta > 0 ? Log::Log4perl::Level::get_higher_level($old, $delta) : Log::Log4perl::Level::get_lower_level($old, -$delta);
        ++$n if $app->threshold($new) == $new;
    }
    return $n;
}

sub eradicate_appender { shift if defined $_[0] && $_[0] eq __PACKAGE__; Log::Log4perl::Logger->eradicate_appender(@_) }
sub remove_logger { my ($class, $logger) = @_; delete $Log::Log4perl::Logger::LOGGERS_BY_NAME->{ $logger->{category} }; Log::Log4perl::Logger::_changed() }
sub infiltrate_lwp { return }

1;

__END__

=head1 NAME

Log::Log4perl - Log::Log4perl 1.57 for hosts without CPAN, through the cpan-bridge daemon

=head1 VERSION

1.57 (the version it mimics)

=head1 SYNOPSIS

  # PERL5LIB=perl/compat:perl/lib, the script unchanged
  use Log::Log4perl qw(get_logger :levels);
  Log::Log4perl->init(\ <<'CONF');
  log4perl.rootLogger = INFO, F
  log4perl.appender.F = Log::Log4perl::Appender::File
  log4perl.appender.F.filename = app.log
  log4perl.appender.F.layout = PatternLayout
  log4perl.appender.F.layout.ConversionPattern = %d{yyyy-MM-dd HH:mm:ss} %-5p %c - %m%n
  CONF
  my $log = get_logger('My::Module');
  $log->info('started ', sub { expensive() });     # code refs run only if INFO is on

  use Log::Log4perl qw(:easy);
  Log::Log4perl->easy_init({ level => $INFO, file => '>>x.log', layout => '%p %m%n' });
  INFO 'hello';

=head1 DESCRIPTION

Notation: C<$log> is a L<Log::Log4perl::Logger>, C<$app> a
L<Log::Log4perl::Appender>.

C<init> sends the config text to the daemon, which parses it (see
L<Log::Log4perl::Config>); everything else happens in the script: level
checks (a message below the level never leaves the process), caller
information for C<%F %L %M %l>, formatting, and writing. File appenders
write each line with one C<syswrite> on an C<O_APPEND> descriptor, so many
scripts can share a log file; rolling files are written by the daemon (see
L<Log::Log4perl::Appender::RollingFile>).

Differences from Log::Log4perl 1.57: C<init_and_watch> reads the config once
(no reloading); C<infiltrate_lwp> does nothing; C<:resurrect> is accepted
and ignored; no filters, no DBI/Socket/Synchronized/Buffer appenders, no
custom levels. Each module's page lists its own differences.

=head1 METHODS

=head2 init, init_once, init_and_watch

  Log::Log4perl->init($file | \$text | \%hash | $fh);   # dies with log4perl's message on a bad config
  Log::Log4perl->init_once($file);

=head2 easy_init

  Log::Log4perl->easy_init($INFO);
  Log::Log4perl->easy_init({ level => $DEBUG, file => '>>x.log', layout => '%d %m%n', category => 'A', utf8 => 1 }, ...);

=head2 get_logger

  my $log = get_logger();                        # category = caller's package
  my $log = Log::Log4perl->get_logger('A::B');   # the same logger as 'A.B'

=head2 import tags

C<:easy> (C<TRACE> ... C<FATAL>, C<ALWAYS>, C<LOGDIE>, C<LOGWARN>,
C<LOGEXIT>, C<LOGCROAK>, C<LOGCARP>, C<LOGCLUCK>, C<LOGCONFESS>),
C<:levels>, C<get_logger>, C<:no_extra_logdie_message>, C<:nowarn>,
C<:nostrict>.

=head2 appenders, add_appender, appender_by_name, appender_thresholds_adjust, eradicate_appender

  my $app = Log::Log4perl->appender_by_name('F');
  Log::Log4perl->appender_thresholds_adjust(-1);    # one level more verbose

=head2 initialized, reset, wrapper_register, caller_depth_offset, remove_logger

  Log::Log4perl->wrapper_register(__PACKAGE__);     # %F %L report the wrapper's caller

=head1 SEE ALSO

L<Log::Log4perl::Logger>, L<Log::Log4perl::Config>, L<Log::Log4perl::Appender>,
L<Log::Log4perl::Layout::PatternLayout>, F<docs/logging.md>

=cut
