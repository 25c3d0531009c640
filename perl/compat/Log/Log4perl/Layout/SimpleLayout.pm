package Log::Log4perl::Layout::SimpleLayout;
# ABSTRACT: "LEVEL - message" lines, as Log::Log4perl 1.57's SimpleLayout (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

use Log::Log4perl::Layout ();
our @ISA = ('Log::Log4perl::Layout');

sub new { my $class = shift; return bless { format => undef, info_needed => {}, stack => [] }, ref($class) || $class }
sub render { my ($self, $message, $category, $priority) = @_; return "$priority - $message\n" }

# The facade's loggers gather caller() only for layouts that show it.
sub _needs_caller { 0 }

1;

__END__

=head1 NAME

Log::Log4perl::Layout::SimpleLayout - the cpan-bridge facade of Log::Log4perl::Layout::SimpleLayout (Log::Log4perl 1.57)

=head1 SYNOPSIS

  $appender->layout(Log::Log4perl::Layout::SimpleLayout->new);    # "WARN - careful\n"

=head1 DESCRIPTION

The same output as Log::Log4perl 1.57's SimpleLayout: the level name, a
dash and the message, then a newline. It is also an appender's layout when
none is set.

=head1 METHODS

=head2 new, render

  my $layout = Log::Log4perl::Layout::SimpleLayout->new;
  my $line = $layout->render($message, $category, $level_name);

=cut
