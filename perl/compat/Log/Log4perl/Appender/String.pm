package Log::Log4perl::Appender::String;
# ABSTRACT: lines collected in a string, as Log::Log4perl 1.57's String appender (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

use Log::Log4perl::Appender ();
our @ISA = ('Log::Log4perl::Appender');

sub new { my ($class, @o) = @_; return bless { name => 'unknown name', string => '', @o }, $class }
sub log { my ($self, %p) = @_; $self->{string} .= $p{message} }
sub string { my $self = shift; $self->{string} = $_[0] if @_; return $self->{string} }

1;

__END__

=head1 NAME

Log::Log4perl::Appender::String - the cpan-bridge facade of Log::Log4perl::Appender::String (Log::Log4perl 1.57)

=head1 SYNOPSIS

  my $app = Log::Log4perl::Appender->new('Log::Log4perl::Appender::String', name => 'S');
  ...
  print Log::Log4perl->appender_by_name('S')->string;

=head1 DESCRIPTION

Appends every formatted line to a string, as in Log::Log4perl 1.57.

=head1 METHODS

=head2 new, log, string

  my $text = $app->string;      # read
  $app->string('');             # reset

=cut
