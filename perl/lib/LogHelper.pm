package LogHelper;
# ABSTRACT: Log::Log4perl 1.57 for hosts without CPAN (and the old bridge's LogHelper API)

use strict;
use warnings;

our $VERSION = '2.00';

use Carp ();
use LogHelper::Layout;
use LogHelper::Appender;

package Log::Log4perl::Level; # hide from PAUSE/indexers
use strict;
use warnings;

use constant { ALL_INT => 0, TRACE_INT => 5000, DEBUG_INT => 10000, INFO_INT => 20000,
    WARN_INT => 30000, ERROR_INT => 40000, FATAL_INT => 50000, OFF_INT => (2**31) - 1 };
our (%PRIORITY, %LEVELS);
BEGIN {
    %PRIORITY = (OFF => OFF_INT, FATAL => FATAL_INT, ERROR => ERROR_INT, WARN => WARN_INT,
        INFO => INFO_INT, DEBUG => DEBUG_INT, TRACE => TRACE_INT, ALL => ALL_INT);
    %LEVELS = reverse %PRIORITY;
}

sub numerically { $a <=> $b }

sub import {
    my ($class, $namespace) = @_;
    if (defined $namespace) { $namespace .= '::' unless $namespace =~ /::$/ }
    else { $namespace = caller(0) . '::' }
    no strict 'refs';
    for my $key (keys %PRIORITY) {
        my $value = $PRIORITY{$key};
        *{"$namespace$key"} = \$value;
        *{"$namespace${key}_INT"} = \&{"${key}_INT"};
    }
}

sub to_priority {
    my ($string) = @_;
    return $PRIORITY{$string} if exists $PRIORITY{$string};
    Carp::croak("level '$string' is not a valid error level (" . join('|', keys %PRIORITY) . ')');
}

sub to_level {
    my ($priority) = @_;
    return $LEVELS{$priority} if exists $LEVELS{$priority};
    Carp::croak("priority '$priority' is not a valid error level number (", join('|', sort numerically keys %LEVELS), ')');
}

sub is_valid {
    my $q = shift;
    return $q =~ /[A-Z]/ ? exists $PRIORITY{$q} : $LEVELS{$q};
}

sub get_higher_level {
    my ($old, $delta) = @_;
    my $new = 0;
    for (1 .. ($delta || 1)) {
        for my $p (sort numerically keys %LEVELS) { if ($p > $old) { $new = $p; last } }
        $old = $new;
    }
    return $new;
}

sub get_lower_level {
    my ($old, $delta) = @_;
    my $new = 0;
    for (1 .. ($delta || 1)) {
        for my $p (reverse sort numerically keys %LEVELS) { if ($p < $old) { $new = $p; last } }
        $old = $new;
    }
    return $new;
}

sub isGreaterOrEqual { return $_[0] <= $_[1] }

package Log::Log4perl; # hide from PAUSE/indexers
use strict;
use warnings;

BEGIN { Log::Log4perl::Level->import(__PACKAGE__) }

our $VERSION = '1.57';
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
    return LogHelper::_init(@args);
}

# Config watching is not offered; the config is read once.
sub init_and_watch { my ($class, @args) = @_; unshift @args, $class if $class ne __PACKAGE__; return LogHelper::_init($args[0]) }

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

require LogHelper::Logger;

package Log::Log4perl::Config; # hide from PAUSE/indexers
sub allow_code { shift if defined $_[0] && $_[0] eq __PACKAGE__; $Log::Log4perl::ALLOW_CODE_IN_CONFIG_FILE = $_[0] if @_; return $Log::Log4perl::ALLOW_CODE_IN_CONFIG_FILE }
sub init { shift; return LogHelper::_init(@_) }

package LogHelper;

# Log::Log4perl->init: the daemon parses the property syntax and returns
# resolved loggers and appenders; they are built here, in the script.
sub _init {
    my ($config) = @_;
    die 'Configuration not defined' unless defined $config;
    my $text;
    if (ref $config eq 'HASH') {
        $text = join '', map { my $v = $config->{$_}; $v = $v->() if ref $v eq 'CODE'; "$_=$v\n" } sort keys %$config;
    } elsif (ref $config eq 'SCALAR') {
        $text = $$config;
    } elsif (ref $config eq 'GLOB' || ref $config eq 'IO::File') {
        local $/;
        $text = readline $config;
    } elsif (ref $config) {
        die 'the cpan-bridge Log::Log4perl facade reads configs from a file name, a scalar ref, a hash ref or a file handle';
    } else {
        open my $fh, '<', $config or die "Cannot open $config ($!)";
        local $/;
        $text = <$fh>;
    }
    $text = '' unless defined $text;
    my %env = map { (my $n = $_) =~ s/\s+//g; exists $ENV{$n} ? ($n => $ENV{$n}) : () } $text =~ /\$\{(.*?)\}/g;
    require CPANBridge;
    my ($r, $err) = CPANBridge->new->rpc('logging.parse_config', { text => $text, env => \%env }, { idempotent => 1 });
    die(($err->{type} eq 'backend_error' ? $err->{message} : "Log4perl config via cpan-bridge failed: $err->{message}") . "\n") if $err;
    Log::Log4perl::Logger->reset();
    $Log::Log4perl::one_message_per_appender = $r->{one_message_per_appender} ? 1 : 0 if exists $r->{one_message_per_appender};
    $Log::Log4perl::DateFormat::GMTIME = $r->{utc} ? 1 : 0 if exists $r->{utc};
    Log::Log4perl::Layout::PatternLayout::add_global_cspec($_, _code($r->{global_cspec}{$_})) for sort keys %{ $r->{global_cspec} || {} };
    my %made;
    for my $l (@{ $r->{loggers} }) {
        my $logger = Log::Log4perl::Logger->get_logger($l->{category});
        $logger->level(Log::Log4perl::Level::to_priority($l->{level}), 'dont_reset_all');
        $logger->additivity($l->{additivity} ? 1 : 0, 1) if exists $l->{additivity};
        for my $name (@{ $l->{appenders} }) {
            my $app = $made{$name} ||= _appender($name, $r->{appenders}{$name});
            $logger->add_appender($app, 'dont_reset_all');
        }
    }
    $Log::Log4perl::Logger::INITIALIZED = 1;
    Log::Log4perl::Logger::_changed();
    return 1;
}

# log4perl runs config values written as `sub { ... }` (in package main),
# e.g. a filename computed at init time; so does the facade, in the script.
sub _code {
    my ($value) = @_;
    return $value unless defined $value && !ref $value && $value =~ /^\s*sub\s*\{/;
    die "\$Log::Log4perl::Config->allow_code() setting prohibits Perl code in config file\n"
        unless $Log::Log4perl::ALLOW_CODE_IN_CONFIG_FILE;
    my $cref = eval "package main; $value" or die "Can't evaluate '$value' ($@)\n";    ## no critic (ProhibitStringyEval) as log4perl does
    return $cref;
}

sub _eval_if_perl { my $c = _code($_[0]); return ref $c eq 'CODE' ? $c->() : $c }

sub _appender {
    my ($name, $spec) = @_;
    my %params = %{ $spec->{params} || {} };
    for my $k (keys %params) {
        next if $k eq 'warp_message';
        $params{$k} = ref $params{$k} eq 'ARRAY' ? [map { _eval_if_perl($_) } @{ $params{$k} }] : _eval_if_perl($params{$k});
    }
    my $app = Log::Log4perl::Appender->new($spec->{class}, name => $name, %params);
    my $lc = $spec->{layout}{class};
    $lc = "Log::Log4perl::Layout::$lc" unless $lc =~ /::/;
    my %lopts = map { $_ => { value => _eval_if_perl($spec->{layout}{params}{$_}) } } keys %{ $spec->{layout}{params} };
    $lopts{cspec} = { map { $_ => { value => _code($spec->{layout}{cspec}{$_}) } } keys %{ $spec->{layout}{cspec} } } if $spec->{layout}{cspec};
    die "ERROR: trying to set layout for $name to '$lc' failed (the cpan-bridge facade has PatternLayout, SimpleLayout, NoopLayout)\n"
        unless $lc->can('render');
    $app->layout($lc->new(\%lopts));
    $app->threshold($spec->{threshold}) if defined $spec->{threshold};
    $app->{warp_message} = _code($params{warp_message}) if defined $params{warp_message};
    return $app;
}

$INC{$_} ||= __FILE__ for qw(Log/Log4perl.pm Log/Log4perl/Level.pm Log/Log4perl/Logger.pm Log/Log4perl/Appender.pm
    Log/Log4perl/Appender/File.pm Log/Log4perl/Appender/Screen.pm Log/Log4perl/Appender/String.pm
    Log/Log4perl/Layout.pm Log/Log4perl/Layout/PatternLayout.pm Log/Log4perl/Layout/SimpleLayout.pm
    Log/Log4perl/DateFormat.pm Log/Log4perl/Config.pm Log/Log4perl/MDC.pm Log/Log4perl/NDC.pm Log/Log4perl/Layout/NoopLayout.pm);

require LogHelper::Legacy;

1;

__END__

=head1 NAME

LogHelper - Log::Log4perl 1.57 for hosts without CPAN, through the cpan-bridge daemon

=head1 VERSION

2.00 (mimics Log::Log4perl 1.57)

=head1 SYNOPSIS

  use Log::Log4perl qw(get_logger :levels);        # perl/compat first on PERL5LIB
  Log::Log4perl->init(\ <<'CONF');
  log4perl.rootLogger = INFO, F
  log4perl.appender.F = Log::Log4perl::Appender::File
  log4perl.appender.F.filename = app.log
  log4perl.appender.F.layout = PatternLayout
  log4perl.appender.F.layout.ConversionPattern = %d{yyyy-MM-dd HH:mm:ss} %-5p %c - %m%n
  CONF
  my $log = get_logger('My::Module');
  $log->info('started ', sub { expensive() });     # code refs run only if INFO is on
  $log->logdie('cannot go on') unless $ok;

  use Log::Log4perl qw(:easy);
  Log::Log4perl->easy_init({ level => $INFO, file => '>>x.log', layout => '%p %m%n' });
  INFO 'hello';

  use LogHelper qw(get_logger :levels);             # the old bridge's API
  my $l = LogHelper::WlaLog->new('WARN');

=head1 DESCRIPTION

Notation: C<$log> is a Log::Log4perl::Logger, C<$app> an appender.

C<init> sends the config text to the daemon (C<logging.parse_config>),
which returns resolved loggers and appenders; everything else happens in
the script: level checks (C<is_debug>, and messages below the level never
leave the process), caller information for C<%F %L %M %l>, formatting, and
writing. File appenders write each line with one C<syswrite> on an
C<O_APPEND> descriptor, so many scripts can log to one file without
interleaved partial lines. Rolling files go through the daemon
(C<logging.append>), which is the one writer of each.

=head1 METHODS

=head2 init, init_once, easy_init

  Log::Log4perl->init($file | \$text | \%hash);
  Log::Log4perl->init_once($file);
  Log::Log4perl->easy_init($INFO);
  Log::Log4perl->easy_init({ level => $DEBUG, file => '>>x.log', layout => '%d %m%n', category => 'A' }, ...);

=head2 get_logger

  my $log = get_logger();            # category = caller package
  my $log = Log::Log4perl->get_logger('A::B');   # same as 'A.B'

=head2 Logger methods

  $log->trace(@msg); ->debug ->info ->warn ->error ->fatal; $log->log($INFO, @msg);
  $log->is_debug ... is_fatal; isDebugEnabled ...
  $log->logdie(@msg); logwarn logcroak logconfess logcarp logcluck logexit error_warn error_die
  $log->level($WARN); $log->more_logging(1); $log->less_logging(1); $log->inc_level; $log->dec_level;
  $log->additivity(0); $log->add_appender($app); $log->remove_appender($name);

=head1 DIFFERENCES FROM Log::Log4perl

No filters, no C<init_and_watch> reloading, no DBI/Socket/Synchronized
appenders, no Log::Dispatch classes except the File/Screen/FileRotate names,
which map to our own; C<%T> is Carp's longmess; code in config files
(C<sub {...}> values, cspecs) is not evaluated by the daemon.

=head1 SEE ALSO

L<Log::Log4perl>, L<LogHelper::Layout>, L<LogHelper::Appender>, L<CPANBridge>

=cut
