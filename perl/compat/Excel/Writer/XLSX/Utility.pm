package Excel::Writer::XLSX::Utility;
# ABSTRACT: Excel::Writer::XLSX::Utility in core Perl: A1 notation and Excel date numbers, no daemon

use strict;
use warnings;

use Carp ();
use Exporter ();

our $VERSION = '1.10';
our @ISA = ('Exporter');

my @ROWCOL = qw(xl_rowcol_to_cell xl_cell_to_rowcol xl_col_to_name xl_range xl_range_formula
                xl_inc_row xl_dec_row xl_inc_col xl_dec_col);
my @DATES  = qw(xl_date_list xl_date_1904 xl_parse_time xl_parse_date xl_parse_date_init
                xl_decode_date_EU xl_decode_date_US);
our @EXPORT      = (@ROWCOL, @DATES, 'quote_sheetname');
our @EXPORT_OK   = ();
our %EXPORT_TAGS = (rowcol => \@ROWCOL, dates => \@DATES);

sub xl_rowcol_to_cell {
    my ($row, $col, $row_abs, $col_abs) = @_;
    return xl_col_to_name($col, $col_abs) . ($row_abs ? '$' : '') . ($row + 1);
}

# Unanchored, as the real module: the first "$?LETTERS$?DIGITS" in the string.
sub xl_cell_to_rowcol {
    my $cell = shift;
    return (0, 0, 0, 0) unless $cell;
    my ($ca, $letters, $ra, $digits) = $cell =~ /(\$?)([A-Z]{1,3})(\$?)(\d+)/;
    return (-1, -1, 0, 0) unless defined $letters;    # the real one computes (-1, -1) from its empty match too
    my $col = 0;
    $col = $col * 26 + (ord($_) - 64) for split //, $letters;
    return ($digits - 1, $col - 1, $ra eq '' ? 0 : 1, $ca eq '' ? 0 : 1);
}

sub xl_col_to_name {
    my ($col, $col_abs) = @_;
    my $n = $col + 1;
    my $name = '';
    while ($n) {
        my $rem = $n % 26 || 26;
        $name = chr(64 + $rem) . $name;
        $n = int(($n - 1) / 26);
    }
    return ($col_abs ? '$' : '') . $name;
}

sub xl_range {
    my ($r1, $r2, $c1, $c2, $ra1, $ra2, $ca1, $ca2) = @_;
    my $a = xl_rowcol_to_cell($r1, $c1, $ra1, $ca1);
    my $b = xl_rowcol_to_cell($r2, $c2, $ra2, $ca2);
    return $a eq $b ? $a : "$a:$b";
}

sub xl_range_formula {
    my ($sheet, $r1, $r2, $c1, $c2) = @_;
    return '=' . quote_sheetname($sheet) . '!' . xl_range($r1, $r2, $c1, $c2, 1, 1, 1, 1);
}

sub quote_sheetname {
    my $name = $_[0];
    if ($name =~ /\W/ && $name !~ /^'/) {
        $name =~ s/'/''/g;
        $name = "'$name'";
    }
    return $name;
}

sub _step {
    my ($cell, $dr, $dc) = @_;
    my ($r, $c, $ra, $ca) = xl_cell_to_rowcol($cell);
    return xl_rowcol_to_cell($r + $dr, $c + $dc, $ra, $ca);
}
sub xl_inc_row { return _step($_[0], 1, 0) }
sub xl_dec_row { return _step($_[0], -1, 0) }
sub xl_inc_col { return _step($_[0], 0, 1) }
sub xl_dec_col { return _step($_[0], 0, -1) }

# Days from 0001-01-01 (proleptic Gregorian) to the given date, day 1 = 0001-01-01.
sub _days {
    my ($y, $m, $d) = @_;
    my @before = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334);
    my $leap = ($y % 4 == 0 && $y % 100 != 0) || $y % 400 == 0;
    my $p = $y - 1;
    return $p * 365 + int($p / 4) - int($p / 100) + int($p / 400) + $before[$m - 1] + ($leap && $m > 2 ? 1 : 0) + $d;
}

sub _valid_date {
    my ($y, $m, $d) = @_;
    return 0 unless defined $y && $y =~ /^\d+$/ && $y >= 1 && $m =~ /^\d+$/ && $m >= 1 && $m <= 12 && $d =~ /^\d+$/ && $d >= 1;
    my @len = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31);
    my $leap = ($y % 4 == 0 && $y % 100 != 0) || $y % 400 == 0;
    return $d <= ($m == 2 && $leap ? 29 : $len[$m - 1]);
}

# Date::Calc's Delta_DHMS from 1899-12-31 (the real module's way), without Date::Calc.
sub xl_date_list {
    return undef unless @_;
    my $y   = $_[0];
    my $mo  = $_[1] || 1;
    my $d   = $_[2] || 1;
    my $h   = $_[3] || 0;
    my $mi  = $_[4] || 0;
    my $s   = $_[5] || 0;
    Carp::croak('Date::Calc::Delta_DHMS(): not a valid date') unless _valid_date($y, $mo, $d);
    Carp::croak('Date::Calc::Delta_DHMS(): not a valid time') if $h < 0 || $h > 23 || $mi < 0 || $mi > 59 || $s < 0 || $s > 59;
    my $date = _days($y, $mo, $d) - _days(1899, 12, 31) + ($h * 3600 + $mi * 60 + int $s) / 86400;
    $date++ if $date > 59;
    return $date;
}

sub xl_parse_time {
    my $time = shift;
    return undef unless $time =~ /(\d+):(\d\d):?((?:\d\d)(?:\.\d+)?)?(?:\s+)?(am|pm)?/i;
    my ($h, $m, $s, $mer) = ($1, $2, $3 || 0, lc($4 || ''));
    $h = 0 if $h == 12 && $mer ne '';
    $h += 12 if $mer eq 'pm';
    return ($h * 3600 + $m * 60 + $s) / 86400;
}

sub xl_parse_date {
    Carp::croak('xl_parse_date() needs Date::Manip, which the cpan-bridge facade does not provide; use xl_date_list() or xl_decode_date_EU/US()');
}

sub xl_parse_date_init {
    Carp::croak('xl_parse_date_init() needs Date::Manip, which the cpan-bridge facade does not provide');
}

my %MONTH = (jan => 1, feb => 2, mar => 3, apr => 4, may => 5, jun => 6, jul => 7, aug => 8, sep => 9, oct => 10, nov => 11, dec => 12);

# The common forms Date::Calc's Decode_Date_EU/US read: numbers separated by
# non-digits, or an English month name; $us says month before day.
sub _decode_date {
    my ($text, $us) = @_;
    my ($y, $m, $d);
    if ($text =~ /([a-z]{3})[a-z]*/i && exists $MONTH{ lc $1 }) {
        $m = $MONTH{ lc $1 };
        my @n = $text =~ /(\d+)/g;
        return () unless @n == 2;
        ($d, $y) = $n[0] > 31 ? ($n[1], $n[0]) : @n;
    } else {
        my @n = $text =~ /(\d+)/g;
        if (@n == 1 && length $n[0] == 8) { @n = $us ? unpack('A2 A2 A4', $n[0]) : unpack('A2 A2 A4', $n[0]) }
        return () unless @n == 3;
        ($d, $m, $y) = $us ? @n[1, 0, 2] : @n;
    }
    $y += $y < 70 ? 2000 : 1900 if length $y <= 2;
    return () unless _valid_date($y, $m, $d);
    return ($y + 0, $m + 0, $d + 0);
}

sub _decode_date_time {
    my ($date, $us) = @_;
    my $time = 0;
    $time = xl_parse_time($1) if $date =~ s/(\d+:\d\d:?(\d\d(\.\d+)?)?(\s+)?(am|pm)?)//i;
    return $time if $date =~ /^\s*$/;
    my @date = _decode_date($date, $us);
    return undef unless @date;
    return xl_date_list(@date) + $time;
}

sub xl_decode_date_EU { return undef unless @_; return _decode_date_time($_[0], 0) }
sub xl_decode_date_US { return undef unless @_; return _decode_date_time($_[0], 1) }

sub xl_date_1904 {
    my $date = $_[0] || 0;
    return $date < 1462 ? 0 : $date - 1462;
}

1;

__END__

=head1 NAME

Excel::Writer::XLSX::Utility - cpan-bridge's Excel::Writer::XLSX::Utility, in core Perl

=head1 SYNOPSIS

  use Excel::Writer::XLSX::Utility;
  my $cell = xl_rowcol_to_cell(2, 1);          # B3
  my ($row, $col) = xl_cell_to_rowcol('$C$7');  # (6, 2)
  my $serial = xl_date_list(2024, 1, 15, 10);  # 45306.4166...

=head1 DESCRIPTION

The functions of Excel::Writer::XLSX::Utility, with the same exports
(all by default; tags C<:rowcol> and C<:dates>) and results. Nothing goes
to the daemon.

What differs: C<xl_date_list> counts days itself instead of calling
Date::Calc (same numbers; an invalid date croaks as Date::Calc does);
C<xl_decode_date_EU> / C<xl_decode_date_US> read the common forms
(C<15/01/2024>, C<15-Jan-2024>, C<Jan 15 2024>, with an optional time)
rather than everything Date::Calc's decoders accept; C<xl_parse_date> and
C<xl_parse_date_init> need Date::Manip and croak saying so.

=cut
