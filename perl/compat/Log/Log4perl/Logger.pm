package Log::Log4perl::Logger;
# ABSTRACT: Log::Log4perl 1.57's loggers: levels, categories, appenders, logdie & co (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

use Carp ();
use CPANBridge::Log4perl::Caller;
use Log::Log4perl::Level ();
use Log::Log4perl::Appender ();
use Log::Log4perl ();

our $ROOT_LOGGER;
our $LOGGERS_BY_NAME = {};
our %APPENDER_BY_NAME;
our $INITIALIZED;
our $NON_INIT_WARNED;
our $NO_STRICT;

# As in log4perl: Carp reports from the script's point of view.
$Carp::Internal{'Log::Log4perl'}++;
$Carp::Internal{'Log::Log4perl::Logger'}++;

# Each logger caches its effective level and appender list; any change to
# levels, appenders or additivity bumps the generation and the caches refill
# on next use. So a call below the level is one comparison, in Perl.
my $GEN = 1;
sub _changed { $GEN++ }

my %P = %Log::Log4perl::Level::PRIORITY;

sub reset {
    $ROOT_LOGGER = __PACKAGE__->_new('', $P{OFF});
    %APPENDER_BY_NAME = ();
    undef $INITIALIZED;
    undef $NON_INIT_WARNED;
    Log::Log4perl::Appender::reset();
    for my $l (values %$LOGGERS_BY_NAME) {
        $l->{appender_names} = [];
        $l->{num_appenders} = 0;
        next if $l == $ROOT_LOGGER;
        $l->{level} = undef;
    }
    _changed();
    return;
}

sub _new {
    my ($class, $category, $level) = @_;
    die 'usage: __PACKAGE__->_new(category)' unless defined $category;
    $category =~ s/::/./g;
    return $LOGGERS_BY_NAME->{$category} if exists $LOGGERS_BY_NAME->{$category};
    my $self = bless { category => $category, num_appenders => 0, additivity => 1, level => $level,
        appender_names => [], _gen => 0 }, $class;
    $LOGGERS_BY_NAME->{$category} = $self;
    _changed();
    return $self;
}

sub get_logger {
    my ($class, $category) = @_;
    return $ROOT_LOGGER if $category eq '';
    return $class->_new($category);
}

sub get_root_logger { return $ROOT_LOGGER }
sub category { return $_[0]->{category} }
sub has_appenders { return $_[0]->{num_appenders} }

sub parent_string {
    my ($s) = @_;
    return undef if $s eq '';
    my @c = split /\./, $s;
    return '' if @c == 1;
    pop @c;
    return join '.', @c;
}

sub parent_logger {
    my ($logger) = @_;
    return undef if $logger->{category} eq '';
    my $p = parent_string($logger->{category});
    $p = parent_string($p) while $p ne '' && !exists $LOGGERS_BY_NAME->{$p};
    return $p eq '' ? $ROOT_LOGGER : $LOGGERS_BY_NAME->{$p};
}

sub _resolve {
    my $self = shift;
    my ($level, @apps, %seen);
    my $collect = 1;
    for (my $l = $self; $l; $l = parent_logger($l)) {
        $level = $l->{level} if !defined $level && defined $l->{level};
        if ($collect) {
            for my $name (@{ $l->{appender_names} }) {
                next if $seen{$name}++ && $Log::Log4perl::one_message_per_appender;
                push @apps, [$name, $APPENDER_BY_NAME{$name}] if $APPENDER_BY_NAME{$name};
            }
            $collect = 0 unless $l->{additivity};
        }
    }
    $self->{_lvl} = defined $level ? $level : $P{OFF};
    $self->{_apps} = \@apps;
    my $needs = 0;
    $needs |= $_->[1]->_needs_caller for @apps;
    $self->{_caller} = $needs;
    $self->{_gen} = $GEN;
    return;
}

sub level {
    my ($self, $level, $dont_reset_all) = @_;
    if (defined $level) {
        Carp::croak("invalid level '$level'") unless Log::Log4perl::Level::is_valid($level);
        $level = Log::Log4perl::Level::to_priority($level) if $level =~ /\D/;
        $self->{level} = $level;
        _changed();
        return $level;
    }
    _resolve($self) if $self->{_gen} != $GEN;
    return $self->{_lvl};
}

sub additivity {
    my ($self, $onoff) = @_;
    $self->{additivity} = $onoff if defined $onoff;
    _changed();
    return $self->{additivity};
}

sub add_appender {
    my ($self, $appender) = @_;
    $INITIALIZED = 1;
    my $name = $appender->name();
    $self->{num_appenders}++;
    $self->{appender_names} = [sort @{ $self->{appender_names} }, $name] unless grep { $_ eq $name } @{ $self->{appender_names} };
    $APPENDER_BY_NAME{$name} = $appender;
    _changed();
    return $appender;
}

sub remove_appender {
    my ($self, $name, $dont_reset_all, $sloppy) = @_;
    my %names = map { $_ => 1 } @{ $self->{appender_names} };
    if (!exists $names{$name}) {
        die "No such appender: $name" unless $sloppy;
        return undef;
    }
    delete $names{$name};
    $self->{num_appenders}--;
    $self->{appender_names} = [sort keys %names];
    _changed();
    return;
}

sub eradicate_appender {
    shift if defined $_[0] && $_[0] eq __PACKAGE__;
    my ($name) = @_;
    return 0 unless exists $APPENDER_BY_NAME{$name};
    $_->remove_appender($name, 0, 1) for values %$LOGGERS_BY_NAME;
    delete $APPENDER_BY_NAME{$name};
    _changed();
    return 1;
}

sub init_warn {
    CORE::warn "Log4perl: Seems like no initialization happened. Forgot to call init()?\n";
    $NON_INIT_WARNED = 1;
}

# The one path of every message: level check, lazy arguments, appenders.
sub _emit {
    my ($self, $level, $args) = @_;
    _resolve($self) if $self->{_gen} != $GEN;
    return undef if $self->{_lvl} > $P{$level} || !@{ $self->{_apps} };
    local $!;    # log4perl leaves errno alone, and die's exit code is $!
    my @msg = map {
        ref $_ eq 'HASH' && exists $_->{filter} && ref $_->{filter} eq 'CODE' ? $_->{filter}->($_->{value})
            : ref $_ eq 'CODE' ? $_->() : $_
    } @$args;
    my $where = $self->{_caller} ? CPANBridge::Log4perl::Caller::where($self->{_caller}) : undef;
    my $fired = 0;
    for my $a (@{ $self->{_apps} }) {
        $a->[1]->log({ name => $a->[0], message => [@msg] }, $self->{category}, $level, $where) and $fired++;
    }
    return $fired;
}

for my $L (qw(TRACE DEBUG INFO WARN ERROR FATAL)) {
    my $lc = lc $L;
    my $prio = $P{$L};
    no strict 'refs';
    *{$lc} = sub {
        init_warn() unless $INITIALIZED || $NON_INIT_WARNED;
        my $self = shift;
        _resolve($self) if $self->{_gen} != $GEN;
        return undef if $self->{_lvl} > $prio;
        return _emit($self, $L, \@_);
    };
    *{"is_$lc"} = sub {
        my $self = $_[0];
        _resolve($self) if $self->{_gen} != $GEN;
        return $self->{_lvl} <= $prio ? 1 : 0;
    };
    *{'is' . ucfirst($lc) . 'Enabled'} = \&{"is_$lc"};
}

sub log {
    my ($self, $priority, @messages) = @_;
    Carp::confess('log: No priority given!') unless defined $priority;
    init_warn() unless $INITIALIZED || $NON_INIT_WARNED;
    Carp::croak("priority $priority isn't numeric") if $priority =~ /\D/;
    return _emit($self, Log::Log4perl::Level::to_level($priority), \@messages);
}

sub warning_render {
    my ($logger, @message) = @_;
    no warnings 'uninitialized';
    return join $Log::Log4perl::JOIN_MSG_ARRAY_CHAR, map {
        ref $_ eq 'HASH' && exists $_->{filter} && ref $_->{filter} eq 'CODE' ? $_->{filter}->($_->{value})
            : ref $_ eq 'CODE' ? $_->() : $_
    } @message;
}

sub callerline {
    my $message = join '', @_;
    my $off = Log::Log4perl::caller_depth_offset($Log::Log4perl::caller_depth + 1);
    my (undef, $file, $line) = caller($off);
    $message .= " at $file line $line" unless chomp $message;
    return ($message, "\n");
}

sub and_warn { my $self = shift; CORE::warn(callerline($self->warning_render(@_))) }

sub and_die {
    my $self = shift;
    my $arg = $_[0];
    my ($msg) = callerline($self->warning_render(@_));
    die("$msg\n") if $Log::Log4perl::STRINGIFY_DIE_MESSAGE;
    die $arg;
}

# logwarn, logdie and logexit log the message without its last newline (the
# warn/die text keeps it); like log4perl 1.57, they die on an empty message.
sub _chomp_last { my @c = @_; chomp $c[-1]; return @c }

sub logwarn {
    my $self = shift;
    local $Log::Log4perl::caller_depth = $Log::Log4perl::caller_depth + 1;
    $self->warn(_chomp_last(@_)) if $self->is_warn();
    $self->and_warn(@_);
}

sub logdie {
    my $self = shift;
    local $Log::Log4perl::caller_depth = $Log::Log4perl::caller_depth + 1;
    $self->fatal(_chomp_last(@_)) if $self->is_fatal();
    $Log::Log4perl::LOGDIE_MESSAGE_ON_STDERR ? $self->and_die(@_) : exit($Log::Log4perl::LOGEXIT_CODE);
}

sub logexit {
    my $self = shift;
    local $Log::Log4perl::caller_depth = $Log::Log4perl::caller_depth + 1;
    $self->fatal(_chomp_last(@_)) if $self->is_fatal();
    exit $Log::Log4perl::LOGEXIT_CODE;
}

sub logcluck {
    my $self = shift;
    local $Log::Log4perl::caller_depth = $Log::Log4perl::caller_depth + 1;
    local $Carp::CarpLevel = $Carp::CarpLevel + 1;
    my $msg = $self->warning_render(@_);
    if ($self->is_warn()) { $self->warn("$_\n") for split /\n/, Carp::longmess($msg) }
    Carp::cluck($msg);
}

sub logcarp {
    my $self = shift;
    local $Carp::CarpLevel = $Carp::CarpLevel + 1;
    local $Log::Log4perl::caller_depth = $Log::Log4perl::caller_depth + 1;
    my $msg = $self->warning_render(@_);
    if ($self->is_warn()) { $self->warn("$_\n") for split /\n/, Carp::shortmess($msg) }
    Carp::carp($msg);
}

sub logcroak {
    my $self = shift;
    my $arg = $_[0];
    my $msg = $self->warning_render(@_);
    local $Carp::CarpLevel = $Carp::CarpLevel + 1;
    local $Log::Log4perl::caller_depth = $Log::Log4perl::caller_depth + 1;
    if ($self->is_fatal()) { $self->fatal("$_\n") for split /\n/, Carp::shortmess($msg) }
    my $croak_msg = $Log::Log4perl::STRINGIFY_DIE_MESSAGE ? $msg : $arg;
    $Log::Log4perl::LOGDIE_MESSAGE_ON_STDERR ? Carp::croak($croak_msg) : exit($Log::Log4perl::LOGEXIT_CODE);
}

sub logconfess {
    my $self = shift;
    my $arg = $_[0];
    local $Carp::CarpLevel = $Carp::CarpLevel + 1;
    local $Log::Log4perl::caller_depth = $Log::Log4perl::caller_depth + 1;
    my $msg = $self->warning_render(@_);
    if ($self->is_fatal()) { $self->fatal("$_\n") for split /\n/, Carp::longmess($msg) }
    my $confess_msg = $Log::Log4perl::STRINGIFY_DIE_MESSAGE ? $msg : $arg;
    $Log::Log4perl::LOGDIE_MESSAGE_ON_STDERR ? Carp::confess($confess_msg) : exit($Log::Log4perl::LOGEXIT_CODE);
}

sub error_warn {
    my $self = shift;
    local $Log::Log4perl::caller_depth = $Log::Log4perl::caller_depth + 1;
    $self->error(@_) if $self->is_error();
    $self->and_warn(@_);
}

sub error_die {
    my $self = shift;
    local $Log::Log4perl::caller_depth = $Log::Log4perl::caller_depth + 1;
    my $msg = $self->warning_render(@_);
    $self->error($msg) if $self->is_error();
    $Log::Log4perl::LOGDIE_MESSAGE_ON_STDERR ? $self->and_die($msg) : exit($Log::Log4perl::LOGEXIT_CODE);
}

sub more_logging { my $self = shift; return $self->dec_level(@_) }
sub less_logging { my $self = shift; return $self->inc_level(@_) }

sub inc_level {
    my ($self, $delta) = @_;
    $self->level(Log::Log4perl::Level::get_higher_level($self->level(), $delta || 1));
}

sub dec_level {
    my ($self, $delta) = @_;
    $self->level(Log::Log4perl::Level::get_lower_level($self->level(), $delta || 1));
}

__PACKAGE__->reset();

1;

__END__

=head1 NAME

Log::Log4perl::Logger - the cpan-bridge facade of Log::Log4perl::Logger (Log::Log4perl 1.57)

=head1 SYNOPSIS

  my $log = Log::Log4perl->get_logger('A.B');        # same logger as 'A::B'
  $log->debug('x=', sub { dump_it() }) if $log->is_debug;
  $log->level($WARN); $log->additivity(0); $log->add_appender($app);
  $log->logdie('cannot go on') unless $ok;

=head1 DESCRIPTION

Categories, level inheritance from the nearest configured ancestor,
additivity, appenders in name order, and the messages, C<at FILE line N>
suffixes and exit codes of the logdie family, as in Log::Log4perl 1.57, all
in the script: a call below the level is one comparison and never leaves the
process. Each logger caches its effective level and appenders until a level,
appender or additivity changes anywhere.

Differences: no filters, no custom levels (C<create_custom_level>), and no
C<init_and_watch> reloading; log4perl's generated-method internals
(C<set_output_methods>, C<generate_coderef>, ...) are not offered.

=head1 METHODS

=head2 trace, debug, info, warn, error, fatal, log

  $log->info(@message);          # number of appenders written; undef when the level is off
  $log->log($INFO, @message);

Code-ref arguments, and C<< { filter => \&f, value => $v } >>, are run only
when the level is on.

=head2 is_trace ... is_fatal, isTraceEnabled ... isFatalEnabled, level, more_logging, less_logging, inc_level, dec_level

  print dump_all() if $log->is_debug;
  my $level = $log->level; $log->level($WARN); $log->more_logging(2);

=head2 additivity, add_appender, remove_appender, eradicate_appender, has_appenders

  $log->add_appender($app); $log->remove_appender('F');   # dies "No such appender: F"

=head2 logdie, logwarn, logexit, logcroak, logconfess, logcarp, logcluck, error_warn, error_die

  $log->logdie('fatal problem');    # logs at FATAL, then dies "fatal problem at FILE line N."

=head2 get_logger, get_root_logger, parent_logger, category, reset, callerline, warning_render

As in Log::Log4perl 1.57.

=cut
