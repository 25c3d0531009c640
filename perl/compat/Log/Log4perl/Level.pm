package Log::Log4perl::Level;
# ABSTRACT: Log::Log4perl 1.57's levels and their numbers, in core Perl (cpan-bridge facade)

use strict;
use warnings;

use Carp ();

our $VERSION = '1.57';

use constant { ALL_INT => 0, TRACE_INT => 5000, DEBUG_INT => 10000, INFO_INT => 20000,
    WARN_INT => 30000, ERROR_INT => 40000, FATAL_INT => 50000, OFF_INT => (2**31) - 1 };
our (%PRIORITY, %LEVELS);
BEGIN {
    %PRIORITY = (OFF => OFF_INT, FATAL => FATAL_INT, ERROR => ERROR_INT, WARN => WARN_INT,
        INFO => INFO_INT, DEBUG => DEBUG_INT, TRACE => TRACE_INT, ALL => ALL_INT);
    %LEVELS = reverse %PRIORITY;
}

sub numerically { $a <=> $b }

# `use Log::Log4perl::Level;` gives the caller $DEBUG ... and DEBUG_INT ...;
# `use Log::Log4perl::Level 'Pkg';` gives them to Pkg.
sub import {
    my ($class, $namespace) = @_;
    if (defined $namespace) { $namespace .= '::' unless $namespace =~ /::$/ }
    else { $namespace = caller(0) . '::' }
    no strict 'refs';
    for my $key (keys %PRIORITY) {
        my $value = $PRIORITY{$key};
        *{"$namespace$key"} = \$value;
        *{"$namespace${key}_INT"} = \&{"${key}_INT"};
    }
    return;
}

sub to_priority {
    my ($string) = @_;
    return $PRIORITY{$string} if exists $PRIORITY{$string};
    Carp::croak("level '$string' is not a valid error level (" . join('|', keys %PRIORITY) . ')');
}

sub to_level {
    my ($priority) = @_;
    return $LEVELS{$priority} if exists $LEVELS{$priority};
    Carp::croak("priority '$priority' is not a valid error level number (", join('|', sort numerically keys %LEVELS), ')');
}

sub is_valid {
    my $q = shift;
    return $q =~ /[A-Z]/ ? exists $PRIORITY{$q} : $LEVELS{$q};
}

sub get_higher_level {
    my ($old, $delta) = @_;
    my $new = 0;
    for (1 .. ($delta || 1)) {
        for my $p (sort numerically keys %LEVELS) { if ($p > $old) { $new = $p; last } }
        $old = $new;
    }
    return $new;
}

sub get_lower_level {
    my ($old, $delta) = @_;
    my $new = 0;
    for (1 .. ($delta || 1)) {
        for my $p (reverse sort numerically keys %LEVELS) { if ($p < $old) { $new = $p; last } }
        $old = $new;
    }
    return $new;
}

sub isGreaterOrEqual { return $_[0] <= $_[1] }

1;

__END__

=head1 NAME

Log::Log4perl::Level - the cpan-bridge facade of Log::Log4perl::Level (Log::Log4perl 1.57)

=head1 SYNOPSIS

  use Log::Log4perl::Level;                 # $TRACE ... $FATAL, $ALL, $OFF, DEBUG_INT ...
  my $p = Log::Log4perl::Level::to_priority('WARN');     # 30000
  my $name = Log::Log4perl::Level::to_level(30000);      # 'WARN'

=head1 DESCRIPTION

The level names and numbers of Log::Log4perl 1.57 (C<TRACE> 5000 to
C<FATAL> 50000, C<ALL> 0, C<OFF> 2**31-1), with the same functions and the
same croak messages. Not offered: C<add_priority> (custom levels) and
C<to_LogDispatch_string>.

=head1 METHODS

=head2 to_priority, to_level

  my $p = Log::Log4perl::Level::to_priority($name);    # croaks on an unknown name
  my $n = Log::Log4perl::Level::to_level($priority);   # croaks on an unknown number

=head2 is_valid, isGreaterOrEqual

  Log::Log4perl::Level::is_valid('INFO');   # also takes a number

=head2 get_higher_level, get_lower_level

  my $p = Log::Log4perl::Level::get_higher_level($priority, $delta);

=cut
