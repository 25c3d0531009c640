package CPANBridge::Log4perl::Class;
# ABSTRACT: loads an appender or layout class named at run time (in a config or to Appender->new)

use strict;
use warnings;

our $VERSION = '1.00';

use CPANBridge::Compat ();

# The facade's own classes are siblings in perl/compat, which may not be on
# @INC (a script that says `use LogHelper`); CPANBridge::Compat finds them as
# it found the facade. Any other class is the script's own, found as
# Log::Log4perl finds it, on the script's @INC.
sub load {
    my ($class) = @_;
    return 1 if $class->can('new');
    return eval { CPANBridge::Compat::load($class) } if $class =~ /^Log::Log4perl::/;
    (my $file = "$class.pm") =~ s{::}{/}g;
    return eval { require $file; 1 };
}

1;

__END__

=head1 NAME

CPANBridge::Log4perl::Class - load a class the Log::Log4perl facade meets by name at run time

=head1 SYNOPSIS

  CPANBridge::Log4perl::Class::load('Log::Log4perl::Appender::File') or die $@;

=head1 DESCRIPTION

Appender and layout classes come by name, from a config or from
C<< Log::Log4perl::Appender->new >>. A C<Log::Log4perl::*> name is loaded
through L<CPANBridge::Compat> (the facade's own file in F<perl/compat>,
else the host's module); any other name with C<require>.

=head1 METHODS

=head2 load

  my $ok = CPANBridge::Log4perl::Class::load($class);   # false with $@ set when it cannot load

=cut
