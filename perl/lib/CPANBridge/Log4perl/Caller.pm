package CPANBridge::Log4perl::Caller;
# ABSTRACT: the caller() facts behind %F %L %C %M %l %T, gathered in the script for the Log::Log4perl facade

use strict;
use warnings;

our $VERSION = '1.00';

use Carp ();

# Called by Log::Log4perl::Logger's one emit path: frame 2 (plus
# $Log::Log4perl::caller_depth and registered wrappers) is the logging call.
# $needs: 1 for file/line/sub, 2 also for the stack trace (%T).
sub where {
    my ($needs) = @_;
    my $off = Log::Log4perl::caller_depth_offset($Log::Log4perl::caller_depth + 2);
    my @c = caller($off);
    my @w = @c[0 .. 2];
    @w = ('[undef]') x 3 unless @c;
    my %w = (C => $w[0], F => $w[1], L => $w[2]);
    my ($up, $sub) = (1);
    {
        $sub = (caller($off + $up))[3];
        if (defined $sub && $sub eq '(eval)') { $up++; redo }
    }
    $sub = 'main::' unless $sub;
    $w{M} = $sub;
    $w{l} = "$sub $w{F} ($w{L})";
    return \%w unless $needs & 2;
    local $Carp::CarpLevel = $Carp::CarpLevel + $off;
    (my $mess = Carp::longmess()) =~ s/\n\z//;
    $mess =~ s/(?:\A\s*at.*\n|^\s*)//mg;
    $mess =~ s/\n/, /g;
    $w{T} = $mess;
    return \%w;
}

1;

__END__

=head1 NAME

CPANBridge::Log4perl::Caller - where a log call came from, for PatternLayout's %F %L %C %M %l %T

=head1 SYNOPSIS

  my $where = CPANBridge::Log4perl::Caller::where($needs);   # { F, L, C, M, l, T }

=head1 DESCRIPTION

Only the script has C<caller()>, so the facade's logger asks for it once
per message, and only when an appender's layout shows it. The frame is
chosen as Log::Log4perl 1.57 chooses it: C<$Log::Log4perl::caller_depth>
and packages given to C<wrapper_register> are skipped.

=head1 METHODS

=head2 where

  my $w = CPANBridge::Log4perl::Caller::where(1);   # file, line, package, sub
  my $w = CPANBridge::Log4perl::Caller::where(3);   # and the stack trace for %T

=cut
