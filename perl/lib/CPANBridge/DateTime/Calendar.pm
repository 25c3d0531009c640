package CPANBridge::DateTime::Calendar;
# The proleptic Gregorian calendar on plain numbers (days since 1970-01-01,
# year/month/day) for the DateTime facade: no objects, no zones, so the same
# functions serve DateTime, its arithmetic, the zone cache and the leap-second table.

use strict;
use warnings;

our $VERSION = '1.00';

my @MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31);

# Floor division: int() truncates toward zero, dates before 1970 need floor.
sub fdiv { my $q = int($_[0] / $_[1]); $q-- if $q * $_[1] > $_[0]; return $q }

# Days for (y, m, d); m and d may be out of range (they roll over, d = 0 is the day before the 1st).
sub days {
    my ($y, $m, $d) = @_;
    my $mm = $m - 1;
    my $carry = fdiv($mm, 12);
    $y += $carry;
    $m = $mm - 12 * $carry + 1;
    $y-- if $m <= 2;
    my $era = fdiv($y, 400);
    my $yoe = $y - $era * 400;
    my $doy = int((153 * (($m + 9) % 12) + 2) / 5);
    return $era * 146097 + $yoe * 365 + int($yoe / 4) - int($yoe / 100) + $doy - 719468 + $d - 1;
}

# (y, m, d) for days since 1970-01-01.
sub civil {
    my $z = $_[0] + 719468;
    my $era = fdiv($z, 146097);
    my $doe = $z - $era * 146097;
    my $yoe = int(($doe - int($doe / 1460) + int($doe / 36524) - int($doe / 146096)) / 365);
    my $doy = $doe - (365 * $yoe + int($yoe / 4) - int($yoe / 100));
    my $mp = int((5 * $doy + 2) / 153);
    my $d = $doy - int((153 * $mp + 2) / 5) + 1;
    my $m = $mp < 10 ? $mp + 3 : $mp - 9;
    return ($yoe + $era * 400 + ($m <= 2 ? 1 : 0), $m, $d);
}

sub is_leap { my $y = shift; return ($y % 4 == 0 && $y % 100 != 0) || $y % 400 == 0 ? 1 : 0 }
sub month_length { my ($y, $m) = @_; return $m == 2 && is_leap($y) ? 29 : $MONTH_DAYS[$m - 1] }

1;

__END__

=head1 NAME

CPANBridge::DateTime::Calendar - day counts and calendar fields for the DateTime facade

=head1 SYNOPSIS

  use CPANBridge::DateTime::Calendar ();
  my $days = CPANBridge::DateTime::Calendar::days(2024, 2, 29);   # 19782
  my ($y, $m, $d) = CPANBridge::DateTime::Calendar::civil($days);

=head1 DESCRIPTION

Internal to the DateTime facade (F<perl/compat/DateTime.pm> and its helpers): the
proleptic Gregorian calendar on days since 1970-01-01, valid for any year
(no C<gmtime> range limits). Not a CPAN module's API.

=head1 METHODS

Functions, not methods: C<fdiv($a, $b)>, C<days($y, $m, $d)>, C<civil($days)>,
C<is_leap($y)>, C<month_length($y, $m)>.

=cut
