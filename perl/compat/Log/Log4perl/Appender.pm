package Log::Log4perl::Appender;
# ABSTRACT: the wrapper Log::Log4perl 1.57 puts around every appender: threshold, layout, message joining (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

use CPANBridge::Log4perl::Class;
use Log::Log4perl::Level ();
use Log::Log4perl::Layout ();

my $UNIQUE = 0;
our %CLASS_ALIAS = (
    'Log::Dispatch::FileRotate'              => 'Log::Log4perl::Appender::RollingFile',
    'Log::Dispatch::File'                    => 'Log::Log4perl::Appender::File',
    'Log::Dispatch::Screen'                  => 'Log::Log4perl::Appender::Screen',
    'Log::Log4perl::Appender::ScreenColoredLevels' => 'Log::Log4perl::Appender::Screen',
    'Log::Log4perl::Appender::FileAppender'  => 'Log::Log4perl::Appender::File',
    'Log::Log4perl::Appender::ConsoleAppender' => 'Log::Log4perl::Appender::Screen',
    'Log::Log4perl::Appender::RollingFileAppender' => 'Log::Log4perl::Appender::RollingFile',
);

sub unique_name { return sprintf 'app%03d', ++$UNIQUE }
sub reset { $UNIQUE = 0 }

# The wrapper holds threshold and layout; the real appender object only writes.
sub new {
    my ($class, $appclass, %params) = @_;
    die "ERROR: can't load appenderclass '$appclass'\n'$appclass' not a valid class name " if $appclass =~ /[^:\w]/;
    my $impl = $CLASS_ALIAS{$appclass} || $appclass;
    $params{mode} = 'append' if $appclass eq 'Log::Dispatch::File' && !exists $params{mode};
    die "ERROR: can't load appenderclass '$appclass'\nthe cpan-bridge Log::Log4perl facade has no $appclass (File, Screen, String, RollingFile are available)\n"
        unless CPANBridge::Log4perl::Class::load($impl);
    $params{name} = unique_name() unless exists $params{name};
    my $appender = $impl->new(min_level => 'debug', %params);
    return bless {
        appender => $appender, name => $params{name}, layout => undef,
        level => 0, composite => 0, warp_message => $params{warp_message},
    }, ref($class) || $class;
}

sub name      { return $_[0]->{name} }
sub composite { $_[0]->{composite} = $_[1] if @_ > 1; return $_[0]->{composite} }
sub filter    { $_[0]->{filter} = $_[1] if @_ > 1; return $_[0]->{filter} }

sub threshold {
    my ($self, $level) = @_;
    $self->{level} = $level =~ /^(\d+)$/ ? $level : Log::Log4perl::Level::to_priority($level) if defined $level;
    return $self->{level};
}

sub layout {
    my ($self, $layout) = @_;
    return $self->{layout} if !$layout && $self->{layout};
    $self->{layout} = $layout || Log::Log4perl::Layout::SimpleLayout->new($self->{name});
    # whether loggers must gather caller() may change; no Logger loaded, no logger caches
    Log::Log4perl::Logger::_changed() if defined &Log::Log4perl::Logger::_changed;
    return $self->{layout};
}

sub _needs_caller { my $l = $_[0]->{layout}; return $l && $l->can('_needs_caller') ? $l->_needs_caller : 3 }

# Returns true when the message was written (the threshold may veto it).
sub log {
    my ($self, $p, $category, $level, $where) = @_;
    return undef if $self->{level} > $Log::Log4perl::Level::PRIORITY{$level};
    my $msg = $p->{message};
    if (ref $msg eq 'ARRAY') {
        if (ref $self->{warp_message} eq 'CODE') { $msg = [ $self->{warp_message}->(@$msg) ] }
        if (!defined $self->{warp_message} || ref $self->{warp_message} eq 'CODE') {
            for my $i (0 .. $#$msg) {
                next if defined $msg->[$i];
                require Carp;
                local $Carp::CarpLevel = $Carp::CarpLevel + $Log::Log4perl::caller_depth + 2;
                Carp::carp('Warning: Log message argument #' . ($i + 1) . ' undefined');
            }
            no warnings 'uninitialized';
            $msg = join $Log::Log4perl::JOIN_MSG_ARRAY_CHAR, @$msg;
        }
    }
    $msg = ($self->{layout} || $self->layout)->render($msg, $category, $level, $where);
    $self->{appender}->log(name => $self->{name}, message => $msg, log4p_category => $category, log4p_level => $level);
    return 1;
}

sub AUTOLOAD {
    our $AUTOLOAD;
    (my $m = $AUTOLOAD) =~ s/.*:://;
    return if $m eq 'DESTROY';
    my $self = shift;
    return $self->{appender}->$m(@_) if ref $self && $self->{appender} && $self->{appender}->can($m);
    die "Can't locate object method \"$m\" via package \"" . (ref($self) || $self) . "\"\n";
}

1;

__END__

=head1 NAME

Log::Log4perl::Appender - the cpan-bridge facade of Log::Log4perl::Appender (Log::Log4perl 1.57)

=head1 SYNOPSIS

  my $app = Log::Log4perl::Appender->new('Log::Log4perl::Appender::File', name => 'F', filename => 'x.log');
  $app->layout(Log::Log4perl::Layout::PatternLayout->new('%d %p %m%n'));
  $app->threshold($WARN);
  Log::Log4perl->get_logger('A')->add_appender($app);

=head1 DESCRIPTION

Notation: C<$app> is the wrapper this class makes; the object of the class
named in C<new> (C<::File>, C<::Screen>, ...) only writes.

As in Log::Log4perl 1.57, the wrapper joins a message's parts with
C<$Log::Log4perl::JOIN_MSG_ARRAY_CHAR> (warning on an undefined part),
applies C<warp_message>, the threshold and the layout, and passes other
method calls to the object it wraps. An appender class named in C<new> or
in a config is loaded on first use.

Differences: the appenders offered are L<Log::Log4perl::Appender::File>,
L<::Screen|Log::Log4perl::Appender::Screen>,
L<::String|Log::Log4perl::Appender::String> and
L<::RollingFile|Log::Log4perl::Appender::RollingFile>; the names
C<Log::Dispatch::File>, C<Log::Dispatch::Screen>,
C<Log::Dispatch::FileRotate>, C<ScreenColoredLevels> (no colours),
C<FileAppender>, C<ConsoleAppender> and C<RollingFileAppender> map to them.
A class of your own still works. Filters are stored but not applied.

=head1 METHODS

=head2 new

  my $app = Log::Log4perl::Appender->new($class, name => $name, %params);   # dies if $class cannot load

=head2 layout, threshold, name

  $app->layout($layout); my $l = $app->layout;
  $app->threshold($WARN); $app->threshold('WARN');
  my $name = $app->name;

=head2 log

  $app->log({ message => \@parts }, $category, $level_name, \%where);   # called by the logger

=cut
