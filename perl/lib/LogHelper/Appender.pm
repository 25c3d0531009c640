package LogHelper::Appender;
# ABSTRACT: Log::Log4perl 1.57 appenders (File, Screen, String, rolling files) in core Perl

use strict;
use warnings;

our $VERSION = '2.00';

use Fcntl ();

package Log::Log4perl::Appender; # hide from PAUSE/indexers
use strict;
use warnings;

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

# The wrapper log4perl puts around every appender: threshold, layout, and the
# real appender object (which only writes).
sub new {
    my ($class, $appclass, %params) = @_;
    die "ERROR: can't load appenderclass '$appclass'\n'$appclass' not a valid class name " if $appclass =~ /[^:\w]/;
    my $impl = $CLASS_ALIAS{$appclass} || $appclass;
    $params{mode} = 'append' if $appclass eq 'Log::Dispatch::File' && !exists $params{mode};
    if (!$impl->can('new')) {
        die "ERROR: can't load appenderclass '$appclass'\nthe cpan-bridge Log::Log4perl facade has no $appclass (File, Screen, String, RollingFile are available)\n"
            unless eval "require $impl; 1";    ## no critic (ProhibitStringyEval) a user appender class
    }
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
    Log::Log4perl::Logger::_changed();    # whether loggers must gather caller info may change
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

package Log::Log4perl::Appender::Screen; # hide from PAUSE/indexers
use strict;
use warnings;
our @ISA = ('Log::Log4perl::Appender');

sub new {
    my ($class, @options) = @_;
    my $self = { autoflush => 0, name => 'unknown name', stderr => 1, utf8 => undef, @options };
    binmode($self->{stderr} ? \*STDERR : \*STDOUT, ':utf8') if $self->{utf8};
    if ($self->{autoflush}) {
        my $old = select($self->{stderr} ? \*STDERR : \*STDOUT);
        $| = 1;
        select $old;
    }
    return bless $self, $class;
}

sub log {
    my ($self, %p) = @_;
    my $fh = \*STDOUT;
    if (ref $self->{stderr}) {
        $fh = \*STDERR if $self->{stderr}{ $p{log4p_level} } || $self->{stderr}{ lc $p{log4p_level} };
    } elsif ($self->{stderr}) {
        $fh = \*STDERR;
    }
    print $fh $p{message};
}

package Log::Log4perl::Appender::File; # hide from PAUSE/indexers
use strict;
use warnings;
our @ISA = ('Log::Log4perl::Appender');

# Every line is one syswrite on an O_APPEND descriptor: many processes can
# share a log file and no line is ever split or interleaved with another.
sub new {
    my ($class, @options) = @_;
    my $self = bless {
        name => 'unknown name', umask => undef, autoflush => 1, syswrite => 0, mode => 'append',
        binmode => undef, utf8 => 0, create_at_logtime => 0, header_text => undef, mkpath => 0,
        @options,
    }, $class;
    die "Mandatory parameter 'filename' missing" unless exists $self->{filename};
    $self->{umask} = oct $self->{umask} if defined $self->{umask} && $self->{umask} =~ /^0/;
    $self->file_open unless $self->{create_at_logtime};
    return $self;
}

sub filename { return $_[0]->{filename} }

sub file_open {
    my $self = shift;
    # open (not sysopen) as log4perl does: '>>' is O_APPEND; each line still
    # goes out in one syswrite.
    my $old = defined $self->{umask} ? umask($self->{umask}) : undef;
    my $ok = open my $fh, ($self->{mode} eq 'append' ? '>>' : '>'), $self->{filename};
    my $err = $!;
    umask $old if defined $old;
    die "Can't open $self->{filename} ($err)" unless $ok;
    binmode $fh;
    $self->{fh} = $fh;
    $self->{layers} = defined $self->{binmode} ? $self->{binmode} : '';
    if (defined $self->{header_text}) {
        $self->{header_text} .= "\n" unless $self->{header_text} =~ /\n\Z/;
        $self->log(message => $self->{header_text});
    }
    return;
}

sub file_close { my $self = shift; close $self->{fh} if $self->{fh}; undef $self->{fh} }
sub file_switch { my ($self, $new) = @_; $self->file_close; $self->{filename} = $new; $self->file_open }

sub log {
    my ($self, %p) = @_;
    local $!;    # a successful print leaves errno alone; so must we (die's exit code is $!)
    $self->file_open unless $self->{fh};
    my $bytes = $p{message};
    if ($self->{utf8} || $self->{layers} =~ /utf-?8/i) { utf8::encode($bytes) if utf8::is_utf8($bytes) || $self->{utf8} }
    elsif (utf8::is_utf8($bytes)) { utf8::downgrade($bytes, 1) or do { warn "Wide character in print"; utf8::encode($bytes) } }
    my $off = 0;
    while ($off < length $bytes) {
        my $n = syswrite $self->{fh}, $bytes, length($bytes) - $off, $off;
        die "Cannot write to '$self->{filename}': $!" unless defined $n;
        $off += $n;
    }
    return 1;
}

sub DESTROY { my $self = shift; close $self->{fh} if $self->{fh} }

package Log::Log4perl::Appender::String; # hide from PAUSE/indexers
use strict;
use warnings;
our @ISA = ('Log::Log4perl::Appender');
sub new { my ($class, @o) = @_; return bless { name => 'unknown name', string => '', @o }, $class }
sub log { my ($self, %p) = @_; $self->{string} .= $p{message} }
sub string { my $self = shift; $self->{string} = $_[0] if @_; return $self->{string} }

package Log::Log4perl::Appender::RollingFile; # hide from PAUSE/indexers
use strict;
use warnings;
our @ISA = ('Log::Log4perl::Appender');

# Size-rolled files (Log::Dispatch::FileRotate's filename/size/max/mode):
# the daemon is the one writer per file, so rotation happens once and at a
# line boundary however many scripts share the log. One round trip per line.
sub new {
    my ($class, @o) = @_;
    my $self = bless { name => 'unknown name', mode => 'append', size => 0, max => 1, @o }, $class;
    $self->{filename} = $self->{File} if !defined $self->{filename} && defined $self->{File};
    die "Mandatory parameter 'filename' missing" unless defined $self->{filename};
    $self->{size} = $self->{MaxFileSize} if defined $self->{MaxFileSize};
    $self->{max} = $self->{MaxBackupIndex} if defined $self->{MaxBackupIndex};
    $self->{size} = _bytes($self->{size});
    $self->{mode} = 'write' if $self->{mode} eq 'clobber';
    return $self;
}

sub _bytes {
    my $s = shift;
    return 0 unless defined $s;
    return $1 * 1024 if $s =~ /^(\d+)\s*KB?$/i;
    return $1 * 1024 * 1024 if $s =~ /^(\d+)\s*MB?$/i;
    return $1 * 1024 * 1024 * 1024 if $s =~ /^(\d+)\s*GB?$/i;
    return int $s;
}

sub log {
    my ($self, %p) = @_;
    require CPANBridge;
    my $mode = $self->{_started}++ ? 'append' : $self->{mode};
    my $text = $p{message};
    utf8::encode($text) if utf8::is_utf8($text);
    my ($r, $err) = ($self->{_bridge} ||= CPANBridge->new)->rpc('logging.append', {
        filename => $self->{filename}, text => $text, size => $self->{size} + 0, max => $self->{max} + 0, mode => $mode,
    });
    die "Cannot write to '$self->{filename}': $err->{message}\n" if $err;
    return 1;
}

1;

__END__

=head1 NAME

LogHelper::Appender - the appenders of the Log::Log4perl facade

=head1 SYNOPSIS

  my $app = Log::Log4perl::Appender->new('Log::Log4perl::Appender::File', filename => 'x.log', mode => 'append');
  $app->layout(Log::Log4perl::Layout::PatternLayout->new('%d %p %m%n'));
  $logger->add_appender($app);

=head1 DESCRIPTION

C<Log::Log4perl::Appender::File> (filename, mode append/write, utf8,
binmode, umask, mkpath, header_text, create_at_logtime) writes each line with
one C<syswrite> on an C<O_APPEND> descriptor. C<::Screen> (stderr 0/1 or a
per-level hash), C<::String>, and C<::RollingFile> (also under the names
C<Log::Dispatch::FileRotate> and C<RollingFileAppender>; filename, size or
MaxFileSize, max or MaxBackupIndex, mode), which the daemon writes and rotates.

=head1 METHODS

=head2 new

  my $app = Log::Log4perl::Appender->new($class, name => $name, %params);

=head2 layout, threshold, name

  $app->layout($layout); $app->threshold($WARN); my $n = $app->name;

=cut
