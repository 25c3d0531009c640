package Log::Log4perl::Layout;
# ABSTRACT: base class of Log::Log4perl 1.57's layouts; loads the ones the facade has (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

use Log::Log4perl::Layout::SimpleLayout;
use Log::Log4perl::Layout::PatternLayout;
use Log::Log4perl::Layout::NoopLayout;

sub appender_name {
    my ($self, $arg) = @_;
    die 'setting appender_name unimplemented until it makes sense' if $arg;
    return $self->{appender_name};
}

sub define { return }
sub render { die 'subclass must implement render' }

1;

__END__

=head1 NAME

Log::Log4perl::Layout - the cpan-bridge facade of Log::Log4perl::Layout (Log::Log4perl 1.57)

=head1 SYNOPSIS

  use Log::Log4perl::Layout;
  my $layout = Log::Log4perl::Layout::PatternLayout->new('%d %p %m%n');

  package My::Layout;
  our @ISA = ('Log::Log4perl::Layout');
  sub render { my ($self, $message, $category, $level) = @_; return "$level: $message\n" }

=head1 DESCRIPTION

The base class of the layouts, and the module that loads them:
L<Log::Log4perl::Layout::PatternLayout>,
L<Log::Log4perl::Layout::SimpleLayout> and
L<Log::Log4perl::Layout::NoopLayout>. PatternLayout::Multiline and the XML
layouts are not offered. A layout class of your own works as with
Log::Log4perl: it needs C<new> and C<render>; a layout without the facade's
C<_needs_caller> gets caller information for every message.

=head1 METHODS

=head2 render

  my $line = $layout->render($message, $category, $level_name);   # dies here: subclasses implement it

=head2 define, appender_name

Kept for subclasses, as in Log::Log4perl.

=cut
