package Log::Log4perl::MDC;
# ABSTRACT: the mapped diagnostic context (%X{key}) of Log::Log4perl 1.57 (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

our %MDC_HASH;

sub get {
    my ($class, $key) = @_;
    $key = $class if $class ne __PACKAGE__;
    return exists $MDC_HASH{$key} ? $MDC_HASH{$key} : undef;
}

sub put {
    my ($class, $key, $value) = @_;
    ($key, $value) = ($class, $key) if $class ne __PACKAGE__;
    $MDC_HASH{$key} = $value;
}

sub remove { %MDC_HASH = (); 1 }
sub get_context { return \%MDC_HASH }

1;

__END__

=head1 NAME

Log::Log4perl::MDC - the cpan-bridge facade of Log::Log4perl::MDC (Log::Log4perl 1.57)

=head1 SYNOPSIS

  Log::Log4perl::MDC->put('user', $user);    # %X{user} in a PatternLayout
  my $u = Log::Log4perl::MDC->get('user');
  Log::Log4perl::MDC->remove;

=head1 DESCRIPTION

One process-wide hash, as in Log::Log4perl 1.57; the same functions and
results (C<get> of an unknown key is C<undef>, which C<%X{key}> shows as
C<[undef]>).

=head1 METHODS

=head2 put, get, remove, get_context

  Log::Log4perl::MDC->put($key, $value);
  my $value = Log::Log4perl::MDC->get($key);
  my $hashref = Log::Log4perl::MDC->get_context;

=cut
