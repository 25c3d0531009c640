package CPANBridge::DateTime::Format;
# The strftime and format_cldr engines of the DateTime facade: what each
# specifier prints (en-US names), and the expansion of one CLDR pattern.
# The code reads the object's fields directly because it runs once per specifier.

use strict;
use warnings;
use POSIX ();

our $VERSION = '1.00';

my $NNBSP = "\x{202F}";    # CLDR en-US puts a narrow no-break space before AM/PM

# ---- strftime ----

my %STRFTIME = (
    a => sub { $_[0]->day_abbr },
    A => sub { $_[0]->day_name },
    b => sub { $_[0]->month_abbr },
    B => sub { $_[0]->month_name },
    c => sub { $_[0]->strftime('%b ') . $_[0]{d} . $_[0]->strftime(', %Y, ') . $_[0]->hour_12 . $_[0]->strftime(":%M:%S$NNBSP%p") },
    C => sub { int($_[0]{y} / 100) },
    d => sub { sprintf('%02d', $_[0]{d}) },
    D => sub { $_[0]->strftime('%m/%d/%y') },
    e => sub { sprintf('%2d', $_[0]{d}) },
    F => sub { $_[0]->strftime('%Y-%m-%d') },
    g => sub { substr($_[0]->week_year, -2) },
    G => sub { $_[0]->week_year },
    H => sub { sprintf('%02d', $_[0]{H}) },
    I => sub { sprintf('%02d', $_[0]->hour_12) },
    j => sub { sprintf('%03d', $_[0]->day_of_year) },
    k => sub { sprintf('%2d', $_[0]{H}) },
    l => sub { sprintf('%2d', $_[0]->hour_12) },
    m => sub { sprintf('%02d', $_[0]{m}) },
    M => sub { sprintf('%02d', $_[0]{M}) },
    n => sub { "\n" },
    N => \&nanosecs,
    p => sub { $_[0]->am_or_pm },
    P => sub { lc $_[0]->am_or_pm },
    r => sub { $_[0]->strftime('%I:%M:%S %p') },
    R => sub { $_[0]->strftime('%H:%M') },
    s => sub { $_[0]->epoch },
    S => sub { sprintf('%02d', $_[0]{S}) },
    t => sub { "\t" },
    T => sub { $_[0]->strftime('%H:%M:%S') },
    u => sub { $_[0]->day_of_week },
    U => sub { my $sun = $_[0]->day_of_year - ($_[0]->day_of_week + 7) % 7; sprintf('%02d', int(($sun + 6) / 7)) },
    V => sub { sprintf('%02d', $_[0]->week_number) },
    w => sub { $_[0]->day_of_week % 7 },
    W => sub { my $mon = $_[0]->day_of_year - ($_[0]->day_of_week + 6) % 7; sprintf('%02d', int(($mon + 6) / 7)) },
    x => sub { $_[0]->strftime('%b ') . $_[0]{d} . $_[0]->strftime(', %Y') },
    X => sub { $_[0]->hour_12 . $_[0]->strftime(":%M:%S$NNBSP%p") },
    y => sub { sprintf('%02d', substr($_[0]{y}, -2)) },
    Y => sub { $_[0]{y} },
    z => sub { DateTime::TimeZone->offset_as_string($_[0]{off}) },
    Z => sub { $_[0]{abbr} },
    '%' => sub { '%' },
);
$STRFTIME{h} = $STRFTIME{b};

sub nanosecs {
    my ($dt, $precision) = @_;
    $precision = 9 unless defined $precision;
    my $exp = 9 - $precision;
    my $n = POSIX::floor($exp < 0 ? $dt->{ns} * 10**-$exp : $dt->{ns} / 10**$exp);
    return sprintf('%0' . $precision . 'u', $n);
}

# Letter => code for DateTime's strftime, which runs the substitution itself
# (one call per specifier, none per pattern, as it is on hot paths).
sub strftime_table { return \%STRFTIME }

# ---- format_cldr (en-US names) ----

sub _pad { my ($w, $v) = @_; return sprintf('%0' . length($w) . 'd', $v) }
sub _narrow { return substr($_[0], 0, 1) }

# Ordered as DateTime checks them: the first pattern found in the run wins.
my @CLDR = (
    qr/GGGGG/ => sub { $_[0]{y} <= 0 ? 'B' : 'A' },
    qr/GGGG/ => sub { $_[0]->era_name },
    qr/G{1,3}/ => sub { $_[0]->era_abbr },
    qr/(y{3,5})/ => sub { _pad($1, $_[0]{y}) },
    qr/yy/ => sub { my $y = $_[0]{y}; my $y2 = length $y > 2 ? substr($y, -2, 2) : $y; $y2 *= -1 if $y < 0; _pad('yy', $y2) },
    qr/y/ => sub { $_[0]{y} },
    qr/(u+)/ => sub { _pad($1, $_[0]{y}) },
    qr/(Y+)/ => sub { _pad($1, $_[0]->week_year) },
    qr/QQQQ/ => sub { $_[0]->quarter_name },
    qr/QQQ/ => sub { $_[0]->quarter_abbr },
    qr/(QQ?)/ => sub { _pad($1, $_[0]->quarter) },
    qr/qqqq/ => sub { $_[0]->quarter_name },
    qr/qqq/ => sub { $_[0]->quarter_abbr },
    qr/(qq?)/ => sub { _pad($1, $_[0]->quarter) },
    qr/MMMMM/ => sub { _narrow($_[0]->month_name) },
    qr/MMMM/ => sub { $_[0]->month_name },
    qr/MMM/ => sub { $_[0]->month_abbr },
    qr/(MM?)/ => sub { _pad($1, $_[0]{m}) },
    qr/LLLLL/ => sub { _narrow($_[0]->month_name) },
    qr/LLLL/ => sub { $_[0]->month_name },
    qr/LLL/ => sub { $_[0]->month_abbr },
    qr/(LL?)/ => sub { _pad($1, $_[0]{m}) },
    qr/(ww?)/ => sub { _pad($1, $_[0]->week_number) },
    qr/W/ => sub { $_[0]->week_of_month },
    qr/(dd?)/ => sub { _pad($1, $_[0]{d}) },
    qr/(D{1,3})/ => sub { _pad($1, $_[0]->day_of_year) },
    qr/F/ => sub { $_[0]->weekday_of_month },
    qr/(g+)/ => sub { _pad($1, $_[0]->mjd) },
    qr/EEEEE/ => sub { _narrow($_[0]->day_name) },
    qr/EEEE/ => sub { $_[0]->day_name },
    qr/E{1,3}/ => sub { $_[0]->day_abbr },
    qr/eeeee/ => sub { _narrow($_[0]->day_name) },
    qr/eeee/ => sub { $_[0]->day_name },
    qr/eee/ => sub { $_[0]->day_abbr },
    qr/(ee?)/ => sub { _pad($1, $_[0]->local_day_of_week) },
    qr/ccccc/ => sub { _narrow($_[0]->day_name) },
    qr/cccc/ => sub { $_[0]->day_name },
    qr/ccc/ => sub { $_[0]->day_abbr },
    qr/(cc?)/ => sub { _pad($1, $_[0]->day_of_week) },
    qr/a/ => sub { $_[0]->am_or_pm },
    qr/(hh?)/ => sub { _pad($1, $_[0]->hour_12) },
    qr/(HH?)/ => sub { _pad($1, $_[0]{H}) },
    qr/(KK?)/ => sub { _pad($1, $_[0]->hour_12_0) },
    qr/(kk?)/ => sub { _pad($1, $_[0]->hour_1) },
    qr/(jj?)/ => sub { _pad($1, $_[0]->hour_12) },
    qr/(mm?)/ => sub { _pad($1, $_[0]{M}) },
    qr/(ss?)/ => sub { _pad($1, $_[0]{S}) },
    qr/(S+)/ => sub { nanosecs($_[0], length $1) },
    qr/A+/ => sub { ($_[0]{H} * 3600 + $_[0]{M} * 60 + $_[0]{S}) * 1000 + $_[0]->millisecond },
    qr/zzzz/ => sub { $_[0]->time_zone_long_name },
    qr/z{1,3}/ => sub { $_[0]{abbr} },
    qr/ZZZZZ/ => sub { DateTime::TimeZone->offset_as_string($_[0]{off}, ':') },
    qr/ZZZZ/ => sub { $_[0]{abbr} . DateTime::TimeZone->offset_as_string($_[0]{off}) },
    qr/Z{1,3}/ => sub { DateTime::TimeZone->offset_as_string($_[0]{off}) },
    qr/vvvv/ => sub { $_[0]->time_zone_long_name },
    qr/v{1,3}/ => sub { $_[0]{abbr} },
    qr/VVVV/ => sub { $_[0]->time_zone_long_name },
    qr/V{1,3}/ => sub { $_[0]{abbr} },
);

sub _cldr_run {
    my ($dt, $run) = @_;
    for (my $i = 0; $i < @CLDR; $i += 2) {
        return $CLDR[$i + 1]->($dt) if $run =~ $CLDR[$i];
    }
    return $run;
}

# One pattern, as DateTime's format_cldr expands it: quoted text literal, '' a quote.
sub format_cldr {
    my ($dt, $p) = @_;
    $p =~ s/\G(?:'((?:[^']|'')*)'|(([a-zA-Z])\3*)|(.))/
        defined $1 ? $1 : defined $2 ? _cldr_run($dt, $2) : $4/sgex;
    $p =~ s/''/'/g;
    return $p;
}

1;

__END__

=head1 NAME

CPANBridge::DateTime::Format - strftime and format_cldr engines for the DateTime facade

=head1 SYNOPSIS

  # inside perl/compat/DateTime.pm
  my $STRFTIME = CPANBridge::DateTime::Format::strftime_table();    # 'Y' => sub { $_[0]{y} }, ...
  my $text = CPANBridge::DateTime::Format::format_cldr($dt, 'EEEE d MMMM y');

=head1 DESCRIPTION

Internal to F<perl/compat/DateTime.pm>: every specifier of DateTime 1.59's
C<strftime> (C<%N>, C<%3N>, C<%{method}>) and C<format_cldr> with en-US
names. Not a CPAN module's API.

=head1 METHODS

Functions, not methods: C<strftime_table()> (specifier letter =E<gt> code
taking the object), C<nanosecs($dt, $digits)> (C<%N>, C<%3N>), C<format_cldr($dt, $pattern)>.

=cut
