package Log::Log4perl::Appender::Screen;
# ABSTRACT: lines to STDERR or STDOUT, as Log::Log4perl 1.57's Screen appender (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

use Log::Log4perl::Appender ();
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

1;

__END__

=head1 NAME

Log::Log4perl::Appender::Screen - the cpan-bridge facade of Log::Log4perl::Appender::Screen (Log::Log4perl 1.57)

=head1 SYNOPSIS

  log4perl.appender.S = Log::Log4perl::Appender::Screen
  log4perl.appender.S.stderr = 0
  log4perl.appender.S.layout = SimpleLayout

  my $app = Log::Log4perl::Appender->new('Log::Log4perl::Appender::Screen', stderr => { ERROR => 1, FATAL => 1 });

=head1 DESCRIPTION

Prints each line to STDERR (the default) or STDOUT, with the options of
Log::Log4perl 1.57: C<stderr> (0, 1, or a hash of level names that go to
STDERR), C<autoflush> and C<utf8>. It also stands in for
C<Log::Dispatch::Screen>, C<ConsoleAppender> and C<ScreenColoredLevels>,
the last without colours.

=head1 METHODS

=head2 new, log

  my $screen = Log::Log4perl::Appender::Screen->new(stderr => 0);
  $screen->log(message => "text\n", log4p_level => 'INFO');

=cut
