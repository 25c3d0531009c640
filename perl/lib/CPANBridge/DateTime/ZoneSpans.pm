package CPANBridge::DateTime::ZoneSpans;
# IANA zone data for the DateTime facade: the daemon's datetime.zone_spans
# answers (runs of constant offset), fetched a decade of UTC years at a time
# and kept for the life of the process, so one zone costs one call per decade.

use strict;
use warnings;
use POSIX ();
use CPANBridge::DateTime::Calendar ();

our $VERSION = '1.00';

use constant { DAY => 86400, BLOCK_YEARS => 10 };

my %SPANS;        # zone name (as asked, and canonical) => { block => [ [start, end, offset, is_dst, abbr], ... ] }
my %CANONICAL;    # zone name as asked => the daemon's canonical name
my $BRIDGE;

# The block (floor(UTC year / 10)) holding an epoch second, without gmtime's range limits.
sub block_of {
    my ($y) = CPANBridge::DateTime::Calendar::civil(POSIX::floor($_[0] / DAY));
    return POSIX::floor($y / BLOCK_YEARS);
}

sub _bridge {
    return $BRIDGE ||= do { require CPANBridge; CPANBridge->new };
}

# The spans of one block, sorted by start; dies with DateTime::TimeZone's
# message for a name the daemon does not know.
sub block {
    my ($name, $block) = @_;
    my $cached = $SPANS{$name}{$block};
    return $cached if $cached;
    my ($res, $err) = _bridge()->rpc('datetime.zone_spans', { time_zone => $name, block => 0 + $block });
    if ($err) {
        die "The timezone '$name' could not be loaded, or is an invalid name.\n"
            if ($err->{data}{backend_code} || '') eq 'invalid_time_zone';
        die "DateTime time zone $name: $err->{message}\n";
    }
    my $canonical = $res->{time_zone};
    $CANONICAL{$name} = $CANONICAL{$canonical} = $canonical;
    $SPANS{$canonical}{$block} = $res->{spans};
    return $SPANS{$name}{$block} = $res->{spans};
}

# The canonical name for a zone name (US/Eastern -> America/New_York); the
# first call checks the name with the daemon, as DateTime::TimeZone->new does.
sub canonical {
    my $name = shift;
    block($name, block_of(time)) unless $CANONICAL{$name};
    return $CANONICAL{$name};
}

# The span in force at a UTC epoch second: [start, end, offset, is_dst, abbr].
sub span_at {
    my ($name, $utc) = @_;
    my $spans = block($name, block_of($utc));
    my ($lo, $hi) = (0, $#$spans);
    while ($lo < $hi) {
        my $mid = int(($lo + $hi + 1) / 2);
        if ($spans->[$mid][0] <= $utc) { $lo = $mid } else { $hi = $mid - 1 }
    }
    return $spans->[$lo];
}

# The spans that may hold a local wall time (offsets are under a day, so the
# blocks of local -/+ one day hold every candidate).
sub near_local {
    my ($name, $local) = @_;
    my ($b1, $b2) = (block_of($local - DAY), block_of($local + DAY));
    return @{ block($name, $b1) } if $b1 == $b2;
    return (@{ block($name, $b1) }, @{ block($name, $b2) });
}

1;

__END__

=head1 NAME

CPANBridge::DateTime::ZoneSpans - cached IANA zone offsets from the cpan-bridge daemon

=head1 SYNOPSIS

  use CPANBridge::DateTime::ZoneSpans ();
  my $name = CPANBridge::DateTime::ZoneSpans::canonical('US/Eastern');      # America/New_York
  my ($start, $end, $offset, $is_dst, $abbr) = @{ CPANBridge::DateTime::ZoneSpans::span_at($name, time) };

=head1 DESCRIPTION

Internal to F<perl/compat/DateTime/TimeZone.pm>: the per-process cache of
the daemon's C<datetime.zone_spans> (luxon's tz database with tzdata
abbreviations and DST flags), one call per zone and decade. Not a CPAN
module's API.

=head1 METHODS

Functions, not methods: C<block_of($utc)>, C<block($name, $block)>,
C<canonical($name)>, C<span_at($name, $utc)>, C<near_local($name, $local)>.

=cut
