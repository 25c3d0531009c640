package Log::Log4perl::Layout::NoopLayout;
# ABSTRACT: cpan-bridge facade of Log::Log4perl::Layout::NoopLayout (Log::Log4perl 1.57); the code is in LogHelper

use strict;
use warnings;
use LogHelper ();

1;

__END__

=head1 NAME

Log::Log4perl::Layout::NoopLayout - cpan-bridge facade, loaded instead of the CPAN module when perl/compat is first on PERL5LIB

=head1 SYNOPSIS

  use Log::Log4perl::Layout::NoopLayout;

=head1 DESCRIPTION

Defined in L<LogHelper>, which documents the methods and the differences from Log::Log4perl.

=head1 METHODS

See L<LogHelper>.

=cut
