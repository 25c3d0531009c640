package Log::Log4perl::Layout::NoopLayout;
# ABSTRACT: the message unchanged, as Log::Log4perl 1.57's NoopLayout (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

use Log::Log4perl::Layout ();
our @ISA = ('Log::Log4perl::Layout');

sub new { my $class = shift; return bless {}, ref($class) || $class }
sub render { return $_[1] }

# The facade's loggers gather caller() only for layouts that show it.
sub _needs_caller { 0 }

1;

__END__

=head1 NAME

Log::Log4perl::Layout::NoopLayout - the cpan-bridge facade of Log::Log4perl::Layout::NoopLayout (Log::Log4perl 1.57)

=head1 SYNOPSIS

  log4perl.appender.A.layout = NoopLayout

=head1 DESCRIPTION

Passes the message through unchanged, with no newline added, as in
Log::Log4perl 1.57.

=head1 METHODS

=head2 new, render

  my $text = Log::Log4perl::Layout::NoopLayout->new->render($message);

=cut
