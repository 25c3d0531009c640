package Log::Log4perl::Appender::File;
# ABSTRACT: log lines to a file, one O_APPEND write per line, as Log::Log4perl 1.57's File appender (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

use Log::Log4perl::Appender ();
our @ISA = ('Log::Log4perl::Appender');

# Every line is one syswrite on an O_APPEND descriptor: many processes can
# share a log file and no line is ever split or interleaved with another.
sub new {
    my ($class, @options) = @_;
    my $self = bless {
        name => 'unknown name', umask => undef, autoflush => 1, syswrite => 0, mode => 'append',
        binmode => undef, utf8 => 0, create_at_logtime => 0, header_text => undef, mkpath => 0,
        mkpath_umask => 0, @options,
    }, $class;
    die "Mandatory parameter 'filename' missing" unless exists $self->{filename};
    for my $param ('umask', 'mkpath_umask') {
        $self->{$param} = oct $self->{$param} if defined $self->{$param} && $self->{$param} =~ /^0/;
    }
    $self->file_open unless $self->{create_at_logtime};
    return $self;
}

sub filename { return $_[0]->{filename} }

sub file_open {
    my $self = shift;
    _mkpath($self) if $self->{mkpath} && !-e $self->{filename};
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

sub _mkpath {
    my ($self) = @_;
    require File::Spec;
    require File::Path;
    my ($volume, $path) = File::Spec->splitpath($self->{filename});
    return if $path eq '' || -e $path;
    my $old = defined $self->{mkpath_umask} ? umask($self->{mkpath_umask}) : undef;
    eval { File::Path::mkpath(File::Spec->catpath($volume, $path, '')) };
    umask $old if defined $old;
    die "Can't create path ${path} ($!)" if $@;
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

1;

__END__

=head1 NAME

Log::Log4perl::Appender::File - the cpan-bridge facade of Log::Log4perl::Appender::File (Log::Log4perl 1.57)

=head1 SYNOPSIS

  log4perl.appender.F = Log::Log4perl::Appender::File
  log4perl.appender.F.filename = app.log
  log4perl.appender.F.mode = append
  log4perl.appender.F.layout = PatternLayout
  log4perl.appender.F.layout.ConversionPattern = %d %p %m%n

=head1 DESCRIPTION

Writes to a file the script opens itself, with the options of Log::Log4perl
1.57: C<filename>, C<mode> (C<append> or C<write>), C<utf8>, C<binmode>,
C<umask>, C<mkpath>, C<mkpath_umask>, C<header_text> and
C<create_at_logtime>. A relative C<filename> is relative to the script's
working directory.

Differences: each line goes out in one C<syswrite> on an C<O_APPEND>
descriptor (log4perl prints through an autoflushed handle, which splits
lines longer than the stdio buffer), so lines from many processes never
interleave; C<syswrite> and C<autoflush> are therefore accepted and change
nothing. Not offered: C<recreate> and its options, C<owner>/C<group>, and
C<mode =E<gt> 'pipe'>.

=head1 METHODS

=head2 new

  my $file = Log::Log4perl::Appender::File->new(filename => 'x.log', mode => 'write');   # dies if it cannot open

=head2 filename, file_open, file_close, file_switch

  $app->file_switch('new.log');

=head2 log

  $file->log(message => "a line\n");

=cut
