package Log::Log4perl::NDC;
# ABSTRACT: the nested diagnostic context (%x) of Log::Log4perl 1.57 (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

our @NDC_STACK;
our $MAX_SIZE = 5;

sub get { return @NDC_STACK ? join(' ', @NDC_STACK) : '[undef]' }
sub pop { return @NDC_STACK ? CORE::pop(@NDC_STACK) : undef }

sub push {
    my ($self, $text) = @_;
    $text = $self unless defined $text;
    CORE::pop(@NDC_STACK) if @NDC_STACK >= $MAX_SIZE;
    return CORE::push(@NDC_STACK, $text);
}

sub remove { @NDC_STACK = () }

1;

__END__

=head1 NAME

Log::Log4perl::NDC - the cpan-bridge facade of Log::Log4perl::NDC (Log::Log4perl 1.57)

=head1 SYNOPSIS

  Log::Log4perl::NDC->push('request 42');    # %x in a PatternLayout
  Log::Log4perl::NDC->pop;
  Log::Log4perl::NDC->remove;

=head1 DESCRIPTION

A stack of at most C<$Log::Log4perl::NDC::MAX_SIZE> (5) entries, joined by
spaces for C<%x>, C<[undef]> when empty, as in Log::Log4perl 1.57.

=head1 METHODS

=head2 push, pop, get, remove

  Log::Log4perl::NDC->push($text);
  my $top = Log::Log4perl::NDC->pop;
  my $all = Log::Log4perl::NDC->get;

=cut
