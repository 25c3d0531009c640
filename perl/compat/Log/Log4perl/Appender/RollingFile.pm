package Log::Log4perl::Appender::RollingFile;
# ABSTRACT: size-rotated log files written by the daemon, for Log::Dispatch::FileRotate configs (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

use Log::Log4perl::Appender ();
our @ISA = ('Log::Log4perl::Appender');

# The daemon is the one writer per file, so rotation happens once and at a
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

Log::Log4perl::Appender::RollingFile - size-rotated log files for Log::Dispatch::FileRotate configs (cpan-bridge facade)

=head1 SYNOPSIS

  log4perl.appender.R = Log::Dispatch::FileRotate
  log4perl.appender.R.filename = app.log
  log4perl.appender.R.mode = append
  log4perl.appender.R.size = 10MB
  log4perl.appender.R.max = 5

=head1 DESCRIPTION

Log::Log4perl 1.57 has no module of this name: configs name
C<Log::Dispatch::FileRotate> (or log4j's C<RollingFileAppender>), a
separate CPAN distribution, and the facade maps those names here. It keeps
FileRotate's size rotation: C<filename> (or C<File>), C<size> (or
C<MaxFileSize>, with C<KB>/C<MB>/C<GB>), C<max> (or C<MaxBackupIndex>) and
C<mode> (C<append>, C<write>, C<clobber>). The daemon writes and rotates the
file (C<logging.append>), one round trip per line, so rotation happens once
however many scripts share the log. Not offered: FileRotate's time-based
rotation (C<DatePattern>, C<TZ>) and its lock-file options.

=head1 METHODS

=head2 new, log

  my $r = Log::Log4perl::Appender::RollingFile->new(filename => 'x.log', size => 1000, max => 2);
  $r->log(message => "a line\n");    # dies with "Cannot write to 'x.log': ..." when the daemon refuses

=cut
