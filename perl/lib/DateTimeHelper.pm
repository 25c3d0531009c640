package DateTimeHelper;
# DateTime's common API in pure Perl. An object holds its broken-down local
# fields, UTC epoch second, nanoseconds and offset, so accessors, formatting,
# comparison and most arithmetic run locally; only IANA zone data comes from
# the daemon (DateTimeHelper::TimeZone caches it a decade at a time).

use strict;
use warnings;
use Carp ();
use POSIX ();
use Scalar::Util ();
use DateTimeHelper::Duration;
use DateTimeHelper::TimeZone;

our $VERSION = '1.59';

use constant { DAY => 86400, MAX_NANOSECONDS => 1_000_000_000, RD_EPOCH => 719163 };

use overload (
    fallback => 1,
    '<=>' => '_compare_overload',
    'cmp' => '_string_compare_overload',
    '""'  => 'stringify',
    bool  => sub { 1 },
    '-'   => '_subtract_overload',
    '+'   => '_add_overload',
    'eq'  => '_string_equals_overload',
    'ne'  => '_string_not_equals_overload',
);

my @MONTH_NAMES = qw(January February March April May June July August September October November December);
my @DAY_NAMES   = qw(Monday Tuesday Wednesday Thursday Friday Saturday Sunday);
my @QUARTER_NAMES = ('1st quarter', '2nd quarter', '3rd quarter', '4th quarter');
my @MONTH_DAYS  = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31);

sub duration_class { 'DateTimeHelper::Duration' }
sub _zone_class    { 'DateTimeHelper::TimeZone' }

# ---- calendar arithmetic on days since 1970-01-01 (proleptic Gregorian) ----

sub _fdiv { my $q = int($_[0] / $_[1]); $q-- if $q * $_[1] > $_[0]; return $q }

# Days for (y, m, d); m and d may be out of range (they roll over, d = 0 is the day before the 1st).
sub _days {
    my ($y, $m, $d) = @_;
    my $mm = $m - 1;
    my $carry = _fdiv($mm, 12);
    $y += $carry;
    $m = $mm - 12 * $carry + 1;
    $y-- if $m <= 2;
    my $era = _fdiv($y, 400);
    my $yoe = $y - $era * 400;
    my $doy = int((153 * (($m + 9) % 12) + 2) / 5);
    return $era * 146097 + $yoe * 365 + int($yoe / 4) - int($yoe / 100) + $doy - 719468 + $d - 1;
}

sub _civil {
    my $z = $_[0] + 719468;
    my $era = _fdiv($z, 146097);
    my $doe = $z - $era * 146097;
    my $yoe = int(($doe - int($doe / 1460) + int($doe / 36524) - int($doe / 146096)) / 365);
    my $doy = $doe - (365 * $yoe + int($yoe / 4) - int($yoe / 100));
    my $mp = int((5 * $doy + 2) / 153);
    my $d = $doy - int((153 * $mp + 2) / 5) + 1;
    my $m = $mp < 10 ? $mp + 3 : $mp - 9;
    return ($yoe + $era * 400 + ($m <= 2 ? 1 : 0), $m, $d);
}

sub _is_leap { my $y = shift; return ($y % 4 == 0 && $y % 100 != 0) || $y % 400 == 0 ? 1 : 0 }
sub _month_length { my ($y, $m) = @_; return $m == 2 && _is_leap($y) ? 29 : $MONTH_DAYS[$m - 1] }

# ---- construction ----

sub _zone {
    my ($class, $tz) = @_;
    return $tz if Scalar::Util::blessed($tz) && $tz->isa('DateTimeHelper::TimeZone');
    $tz = $tz->name if Scalar::Util::blessed($tz) && $tz->can('name');
    return $class->_zone_class->new(name => $tz);
}

# Fills the local fields from utc/off. A leap second (ls) is kept as the
# instant of the following UTC midnight (DateTime's epoch for it) shown as :60.
sub _fill {
    my $self = shift;
    my $local = $self->{utc} + $self->{off} - ($self->{ls} ? 1 : 0);
    my $days = _fdiv($local, DAY);
    my $sod = $local - $days * DAY;
    @{$self}{qw(days y m d)} = ($days, _civil($days));
    $self->{H} = int($sod / 3600);
    $self->{M} = int($sod % 3600 / 60);
    $self->{S} = $sod % 60 + ($self->{ls} ? 1 : 0);
    return $self;
}

sub _from_utc_parts {
    my ($class, $tz, $utc, $ns, $extra, $ls) = @_;
    my $self = bless { %{ $extra || {} }, tz => $tz, ns => $ns || 0, ls => $ls ? 1 : 0 }, ref $class || $class;
    @{$self}{qw(utc off dst abbr)} = $tz->_from_utc($utc);
    return $self->_fill;
}

sub _from_local_parts {
    my ($class, $tz, $local, $ns, $extra) = @_;
    my $self = bless { %{ $extra || {} }, tz => $tz, ns => $ns || 0, ls => 0 }, ref $class || $class;
    @{$self}{qw(utc off dst abbr)} = $tz->_from_local($local);
    return $self->_fill;
}

my %NEW_TYPES = (
    year => [qr/^-?\d+$/, 'Int'], month => [qr/^\d+$/, 'Month', 1, 12], day => [qr/^\d+$/, 'DayOfMonth', 1, 31],
    hour => [qr/^\d+$/, 'Hour', 0, 23], minute => [qr/^\d+$/, 'Minute', 0, 59], second => [qr/^\d+$/, 'Second', 0, 61],
    nanosecond => [qr/^\d+$/, 'Nanosecond', 0, undef],
);

sub _check_fields {
    my ($p, $who) = @_;
    for my $k (keys %NEW_TYPES) {
        next unless exists $p->{$k};
        my ($re, $type, $min, $max) = @{ $NEW_TYPES{$k} };
        my $v = $p->{$k};
        Carp::croak("Validation failed for type named $type declared in package DateTime::Types with value "
                . (defined $v ? $v : 'undef'))
            unless defined $v && $v =~ $re && (!defined $min || $v >= $min) && (!defined $max || $v <= $max);
    }
}

sub new {
    my ($class, %p) = @_;
    # The old DateTimeHelper was a CPANBridge subclass; without arguments it gave a bridge.
    if (@_ == 1 && !ref $class && $class eq 'DateTimeHelper') {
        require CPANBridge;
        return CPANBridge->new;
    }
    for my $k (sort keys %p) {
        Carp::croak("Found extra parameters passed to _check_new_params: [$k]")
            unless $NEW_TYPES{$k} || $k eq 'time_zone' || $k eq 'locale' || $k eq 'formatter';
    }
    Carp::croak('year is a required parameter for _check_new_params') unless exists $p{year};
    _check_fields(\%p);
    my ($y, $m, $d) = ($p{year}, $p{month} || 1, $p{day} || 1);
    Carp::croak("Invalid day of month (day = $d - month = $m - year = $y)\n") if $d > _month_length($y, $m);
    my $tz = $class->_zone(defined $p{time_zone} ? $p{time_zone} : 'floating');
    my $sec = $p{second} || 0;
    my $local = _days($y, $m, $d) * DAY + ($p{hour} || 0) * 3600 + ($p{minute} || 0) * 60 + ($sec > 59 ? 59 : $sec);
    my $self = $class->_from_local_parts($tz, $local, 0 + ($p{nanosecond} || 0),
        { locale => $p{locale}, formatter => $p{formatter} });
    if ($sec > 59) {
        # Only a real leap second may be :60 (never in a floating zone).
        Carp::croak("Invalid second value ($sec)\n") if $sec > 60 || $tz->is_floating || !_is_leap_midnight($self->{utc} + 1);
        $self = $class->_from_utc_parts($tz, $self->{utc} + 1, $self->{ns}, $self->_extra, 1);
    }
    return $self;
}

sub from_epoch {
    my $class = shift;
    my %p = @_ == 1 && ref $_[0] ne 'HASH' ? (epoch => $_[0]) : @_ == 1 ? %{ $_[0] } : @_;
    my $e = $p{epoch};
    Carp::croak('Validation failed for type named Num declared in package DateTime::Types with value '
            . (defined $e ? $e : 'undef'))
        unless defined $e && $e =~ /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
    my ($utc, $ns) = ($e, 0);
    if (int($e) != $e) {
        my $frac = POSIX::fmod($e, 1.0);
        my $nano = $frac < 0 ? $frac + 1 : $frac;
        $utc = POSIX::floor($e - $frac) + POSIX::floor($frac - $nano);
        $ns = POSIX::floor($nano * 1E6 + 0.5) * 1E3;
    }
    my $tz = $class->_zone(exists $p{time_zone} ? $p{time_zone} : 'UTC');
    return $class->_from_utc_parts($tz, 0 + $utc, $ns, { locale => $p{locale}, formatter => $p{formatter} });
}

# Tests may override _core_time, as with DateTime.
sub _core_time { return scalar CORE::time() }
sub now   { my $class = shift; return $class->from_epoch(epoch => $class->_core_time, @_) }
sub today { my $class = shift; return $class->now(@_)->truncate(to => 'day') }

sub last_day_of_month {
    my ($class, %p) = @_;
    _check_fields(\%p);
    Carp::croak('month is a required parameter for _check_last_day_of_month_params') unless exists $p{month};
    return $class->new(%p, day => _month_length($p{year}, $p{month}));
}

sub from_day_of_year {
    my ($class, %p) = @_;
    my $doy = delete $p{day_of_year};
    Carp::croak("$p{year} is not a leap year.\n") if $doy == 366 && !_is_leap($p{year});
    my ($y, $m, $d) = _civil(_days($p{year}, 1, 1) + $doy - 1);
    return $class->new(%p, month => $m, day => $d);
}

sub from_object {
    my ($class, %p) = @_;
    my $o = $p{object};
    if (Scalar::Util::blessed($o) && $o->isa('DateTimeHelper')) {
        my $new = $o->clone;
        $new->{locale} = $p{locale} if $p{locale};
        return bless $new, ref $class || $class;
    }
    my ($rd, $secs, $ns) = $o->utc_rd_values;
    my $tz = $o->can('time_zone') ? $class->_zone($o->time_zone) : $class->_zone('floating');
    return $class->_from_utc_parts($tz, ($rd - RD_EPOCH) * DAY + $secs, $ns || 0, { locale => $p{locale} });
}

sub clone { my $s = shift; return bless { %$s }, ref $s }

sub _new_from_self {
    my ($self, %p) = @_;
    my %f = (year => $self->{y}, month => $self->{m}, day => $self->{d}, hour => $self->{H},
             minute => $self->{M}, second => $self->{S}, nanosecond => $self->{ns});
    return (ref $self)->new(%f, %p, time_zone => $self->{tz}, (exists $p{locale} ? () : (locale => $self->{locale})),
        formatter => $self->{formatter});
}

sub _replace { my ($self, $new) = @_; %$self = %$new; return $self }

sub set {
    my ($self, %p) = @_;
    for my $k (sort keys %p) {
        Carp::croak("Found extra parameters passed to _check_set_params: [$k]")
            unless $NEW_TYPES{$k} || $k eq 'locale';
    }
    return $self->_replace($self->_new_from_self(%p));
}
for my $f (qw(year month day hour minute second nanosecond)) {
    no strict 'refs';
    *{"set_$f"} = sub { $_[0]->set($f => $_[1]) };
}
sub set_locale    { $_[0]{locale} = $_[1]; $_[0] }
sub set_formatter { $_[0]{formatter} = $_[1]; $_[0] }

my %TRUNC = map { $_ => 1 } qw(year quarter month week local_week day hour minute second);

sub truncate {
    my ($self, %p) = @_;
    my $to = $p{to};
    Carp::croak('Validation failed for type named TruncationLevel declared in package DateTime::Types with value '
            . (defined $to ? $to : 'undef'))
        unless defined $to && $TRUNC{$to};
    if ($to eq 'week' || $to eq 'local_week') {
        my $first = $to eq 'local_week' ? 7 : 1;
        my $diff = ($self->day_of_week - $first) % 7;
        my $copy = $self->clone;
        $copy->add(days => -$diff) if $diff;
        $copy->truncate(to => 'day');
        return $self->_replace($copy);
    }
    my %new;
    if ($to eq 'quarter') {
        %new = (month => int(($self->{m} - 1) / 3) * 3 + 1, day => 1, hour => 0, minute => 0, second => 0, nanosecond => 0);
    }
    else {
        my $cut;
        for my $f (qw(year month day hour minute second nanosecond)) {
            $new{$f} = ($f eq 'month' || $f eq 'day') ? 1 : 0 if $cut;
            $cut = 1 if $to eq $f;
        }
    }
    return $self->_replace($self->_new_from_self(%new));
}

sub set_time_zone {
    my ($self, $tz) = @_;
    $tz = $self->_zone($tz);
    return $self if $tz == $self->{tz} || $tz->name eq $self->{tz}->name && ref $tz eq ref $self->{tz};
    my $was_floating = $self->{tz}->is_floating;
    my $new;
    if ($self->{ls} && $tz->is_floating) {
        # A leap second keeps its :60 wall clock when it floats.
        $new = (ref $self)->_from_utc_parts($tz, $self->{utc} + $self->{off}, $self->{ns}, $self->_extra, 1);
    }
    elsif ($was_floating || $tz->is_floating) {
        # Floating times keep their wall clock; the instant is what changes.
        $new = (ref $self)->_from_local_parts($tz, $self->{utc} + $self->{off}, $self->{ns}, $self->_extra);
    }
    else {
        $new = (ref $self)->_from_utc_parts($tz, $self->{utc}, $self->{ns}, $self->_extra, $self->{ls});
    }
    return $self->_replace($new);
}

sub _extra { my $s = shift; return { locale => $s->{locale}, formatter => $s->{formatter} } }

# ---- accessors ----

sub year        { $_[0]{y} }
sub ce_year     { $_[0]{y} <= 0 ? $_[0]{y} - 1 : $_[0]{y} }
sub era_abbr    { $_[0]{y} <= 0 ? 'BC' : 'AD' }
sub era_name    { $_[0]{y} <= 0 ? 'Before Christ' : 'Anno Domini' }
sub christian_era { $_[0]{y} <= 0 ? 'BC' : 'AD' }
sub secular_era   { $_[0]{y} <= 0 ? 'BCE' : 'CE' }
sub year_with_era { abs($_[0]->ce_year) . $_[0]->era_abbr }
sub year_with_christian_era { abs($_[0]->ce_year) . $_[0]->christian_era }
sub year_with_secular_era   { abs($_[0]->ce_year) . $_[0]->secular_era }
sub month       { $_[0]{m} }
sub month_0     { $_[0]{m} - 1 }
sub month_name  { $MONTH_NAMES[ $_[0]{m} - 1 ] }
sub month_abbr  { substr($MONTH_NAMES[ $_[0]{m} - 1 ], 0, 3) }
sub day_of_month   { $_[0]{d} }
sub day_of_month_0 { $_[0]{d} - 1 }
sub day_of_week    { ($_[0]{days} + 3) % 7 + 1 }
sub day_of_week_0  { ($_[0]{days} + 3) % 7 }
sub local_day_of_week { ($_[0]->day_of_week - 7) % 7 + 1 }
sub day_name    { $DAY_NAMES[ ($_[0]{days} + 3) % 7 ] }
sub day_abbr    { substr($DAY_NAMES[ ($_[0]{days} + 3) % 7 ], 0, 3) }
sub day_of_year   { $_[0]{days} - _days($_[0]{y}, 1, 1) + 1 }
sub day_of_year_0 { $_[0]{days} - _days($_[0]{y}, 1, 1) }
sub quarter       { int(($_[0]{m} - 1) / 3) + 1 }
sub quarter_0     { int(($_[0]{m} - 1) / 3) }
sub quarter_name  { $QUARTER_NAMES[ $_[0]->quarter_0 ] }
sub quarter_abbr  { 'Q' . $_[0]->quarter }
sub day_of_quarter   { $_[0]{days} - _days($_[0]{y}, $_[0]->quarter_0 * 3 + 1, 1) + 1 }
sub day_of_quarter_0 { $_[0]->day_of_quarter - 1 }
sub weekday_of_month { int(($_[0]{d} + 6) / 7) }
sub week_of_month    { int(($_[0]{d} + 4 - $_[0]->day_of_week + 6) / 7) }
sub is_leap_year  { _is_leap($_[0]{y}) }
sub month_length  { _month_length($_[0]{y}, $_[0]{m}) }
sub quarter_length {
    my $s = shift;
    my $q0 = $s->quarter_0;
    return _days($s->{y}, $q0 * 3 + 4, 1) - _days($s->{y}, $q0 * 3 + 1, 1);
}
sub year_length   { _is_leap($_[0]{y}) ? 366 : 365 }
sub is_last_day_of_month { $_[0]{d} == _month_length($_[0]{y}, $_[0]{m}) }

sub week {
    my $self = shift;
    my $thursday = $self->{days} - $self->day_of_week + 4;
    my ($wy) = _civil($thursday);
    return ($wy, int(($thursday - _days($wy, 1, 1)) / 7) + 1);
}
sub week_year   { ($_[0]->week)[0] }
sub week_number { ($_[0]->week)[1] }

sub hour        { $_[0]{H} }
sub hour_1      { $_[0]{H} || 24 }
sub hour_12     { $_[0]{H} % 12 || 12 }
sub hour_12_0   { $_[0]{H} % 12 }
sub am_or_pm    { $_[0]{H} < 12 ? 'AM' : 'PM' }
sub minute      { $_[0]{M} }
sub second      { $_[0]{S} }
sub nanosecond  { $_[0]{ns} }
sub millisecond { POSIX::floor($_[0]{ns} / 1_000_000) }
sub microsecond { POSIX::floor($_[0]{ns} / 1000) }
sub fractional_second { $_[0]{S} + $_[0]{ns} / MAX_NANOSECONDS }
# UTC days (since 1970) from which each leap second counts; none announced since 2017.
my @LEAP_DAYS = map { _days(@$_) } ([1972, 7, 1], map({ [$_, 1, 1] } 1973 .. 1980), [1981, 7, 1], [1982, 7, 1],
    [1983, 7, 1], [1985, 7, 1], [1988, 1, 1], [1990, 1, 1], [1991, 1, 1], [1992, 7, 1], [1993, 7, 1], [1994, 7, 1],
    [1996, 1, 1], [1997, 7, 1], [1999, 1, 1], [2006, 1, 1], [2009, 1, 1], [2012, 7, 1], [2015, 7, 1], [2017, 1, 1]);
my %LEAP_MIDNIGHT = map { ($_ * DAY(), 1) } @LEAP_DAYS;
sub _is_leap_midnight { $LEAP_MIDNIGHT{ $_[0] } ? 1 : 0 }
# Leap seconds inserted before UTC day $day (days since 1970).
sub _leaps_before_day {
    my $day = shift;
    my $n = 0;
    for (@LEAP_DAYS) { last if $_ > $day; $n++ }
    return $n;
}
sub _day_length { return $LEAP_MIDNIGHT{ ($_[0] + 1) * DAY } ? DAY + 1 : DAY }

# Seconds arithmetic on the UTC clock counts leap seconds, as DateTime does:
# a continuous count T, with leap second i at T = m_i + i - 1.
sub _to_tai {
    my ($utc, $ls) = @_;
    return $utc - 1 + _leaps_before_day(_fdiv($utc - 1, DAY)) + 1 if $ls;
    return $utc + _leaps_before_day(_fdiv($utc, DAY));
}
sub _from_tai {
    my $t = shift;
    for (my $i = @LEAP_DAYS; $i >= 1; $i--) {
        my $m = $LEAP_DAYS[$i - 1] * DAY;
        return ($t - $i, 0) if $t >= $m + $i;
        return ($m, 1) if $t == $m + $i - 1;
    }
    return ($t, 0);
}

sub leap_seconds {
    my $s = shift;
    return 0 if $s->{tz}->is_floating;
    return _leaps_before_day(($s->utc_rd_values)[0] - RD_EPOCH);
}

{
    no warnings 'once';
    *mon = \&month; *mon_0 = \&month_0; *day = \&day_of_month; *mday = \&day_of_month;
    *day_0 = \&day_of_month_0; *mday_0 = \&day_of_month_0; *wday = \&day_of_week; *dow = \&day_of_week;
    *wday_0 = \&day_of_week_0; *dow_0 = \&day_of_week_0; *doy = \&day_of_year; *doy_0 = \&day_of_year_0;
    *doq = \&day_of_quarter; *doq_0 = \&day_of_quarter_0; *min = \&minute; *sec = \&second;
    *date = \&ymd; *time = \&hms; *era = \&era_abbr;
}

sub ymd { my ($s, $sep) = @_; $sep = '-' unless defined $sep; sprintf('%0.4d%s%02d%s%02d', $s->{y}, $sep, $s->{m}, $sep, $s->{d}) }
sub mdy { my ($s, $sep) = @_; $sep = '-' unless defined $sep; sprintf('%02d%s%02d%s%0.4d', $s->{m}, $sep, $s->{d}, $sep, $s->{y}) }
sub dmy { my ($s, $sep) = @_; $sep = '-' unless defined $sep; sprintf('%02d%s%02d%s%0.4d', $s->{d}, $sep, $s->{m}, $sep, $s->{y}) }
sub hms { my ($s, $sep) = @_; $sep = ':' unless defined $sep; sprintf('%02d%s%02d%s%02d', $s->{H}, $sep, $s->{M}, $sep, $s->{S}) }
sub datetime { my ($s, $sep) = @_; $sep = 'T' unless defined $sep; return join $sep, $s->ymd('-'), $s->hms(':') }
sub iso8601  { $_[0]->datetime('T') }
sub rfc3339 {
    my $s = shift;
    return $s->datetime('T') if $s->{tz}->is_floating;
    return $s->datetime('T') . ($s->{off} ? DateTimeHelper::TimeZone->offset_as_string($s->{off}, ':') : 'Z');
}
sub stringify {
    my $s = shift;
    return $s->{formatter}->format_datetime($s) if $s->{formatter};
    return $s->iso8601;
}

sub epoch       { $_[0]{utc} }
sub hires_epoch { $_[0]{utc} + $_[0]{ns} / MAX_NANOSECONDS }
sub _utc        { $_[0]{utc} }
sub _local      { $_[0]{utc} + $_[0]{off} }
sub utc_rd_values {
    my $s = shift;
    # Floating leap seconds only look like :60; DateTime counts them as the next midnight.
    return (_fdiv($s->{utc}, DAY) - 1 + RD_EPOCH, DAY, $s->{ns}) if $s->{ls} && !$s->{tz}->is_floating;
    my $days = _fdiv($s->{utc}, DAY);
    return ($days + RD_EPOCH, $s->{utc} - $days * DAY, $s->{ns});
}
sub local_rd_values {
    my $s = shift;
    return ($s->{days} + RD_EPOCH, $s->{H} * 3600 + $s->{M} * 60 + $s->{S}, $s->{ns});
}
sub utc_rd_as_seconds   { my @v = $_[0]->utc_rd_values;   return $v[0] * DAY + $v[1] }
sub local_rd_as_seconds { my @v = $_[0]->local_rd_values; return $v[0] * DAY + $v[1] }
sub mjd {
    my ($rd, $secs, $ns) = $_[0]->utc_rd_values;
    my $len = _day_length($rd - RD_EPOCH);
    return ($rd - 678_576) + $secs / $len + $ns / $len / MAX_NANOSECONDS;
}
sub jd { $_[0]->mjd + 2_400_000.5 }

sub time_zone            { $_[0]{tz} }
sub time_zone_long_name  { $_[0]{tz}->name }
sub time_zone_short_name { $_[0]{abbr} }
sub offset               { $_[0]{off} }
sub is_dst               { $_[0]{dst} }
sub is_finite   { 1 }
sub is_infinite { 0 }
sub formatter   { $_[0]{formatter} }
sub locale      { DateTimeHelper::Locale->new($_[0]{locale}) }

# ---- comparison ----

# Class or object call: DateTime->compare($a, $b) and $a->compare($b) both work.
sub compare                 { shift unless ref $_[0]; return _compare(@_[0, 1], 0) }
sub compare_ignore_floating { shift unless ref $_[0]; return _compare(@_[0, 1], 1) }

sub _compare {
    my ($dt1, $dt2, $consistent) = @_;
    return undef unless defined $dt2;
    unless (Scalar::Util::blessed($dt1) && $dt1->can('utc_rd_values') && Scalar::Util::blessed($dt2) && $dt2->can('utc_rd_values')) {
        Carp::croak('A DateTime object can only be compared to another DateTime object ('
                . overload::StrVal($dt1) . ', ' . overload::StrVal($dt2) . ').');
    }
    if (!$consistent && $dt1->can('time_zone') && $dt2->can('time_zone')) {
        my ($f1, $f2) = ($dt1->time_zone->is_floating, $dt2->time_zone->is_floating);
        if ($f1 && !$f2)    { $dt1 = $dt1->clone->set_time_zone($dt2->time_zone) }
        elsif ($f2 && !$f1) { $dt2 = $dt2->clone->set_time_zone($dt1->time_zone) }
    }
    my @a = $dt1->utc_rd_values;
    my @b = $dt2->utc_rd_values;
    for my $i (0 .. 2) { return $a[$i] <=> $b[$i] if $a[$i] != $b[$i] }
    return 0;
}

sub _compare_overload {
    return undef unless defined $_[1];
    return $_[2] ? -$_[0]->compare($_[1]) : $_[0]->compare($_[1]);
}

sub _string_compare_overload {
    my ($dt1, $dt2, $flip) = @_;
    unless (Scalar::Util::blessed($dt2) && $dt2->can('utc_rd_values')) {
        my $sign = $flip ? -1 : 1;
        return $sign * ("$dt1" cmp "$dt2");
    }
    my $meth = $dt1->can('_compare_overload');
    goto $meth;
}

sub _string_equals_overload {
    my ($class, $dt1, $dt2) = ref $_[0] ? (undef, @_) : @_;
    return "$dt1" eq "$dt2" unless Scalar::Util::blessed($dt2) && $dt2->can('utc_rd_values');
    $class ||= ref $dt1;
    return !$class->compare($dt1, $dt2);
}
sub _string_not_equals_overload { return !_string_equals_overload(@_) }

sub _add_overload {
    my ($dt, $dur, $rev) = @_;
    ($dt, $dur) = ($dur, $dt) if $rev;
    unless (Scalar::Util::blessed($dur) && $dur->isa('DateTimeHelper::Duration')) {
        my $dt_string = overload::StrVal($dt);
        Carp::croak("Cannot add $dur to a DateTime object ($dt_string).\n"
                . ' Only a DateTime::Duration object can  be added to a DateTime object.');
    }
    return $dt->clone->add_duration($dur);
}

sub _subtract_overload {
    my ($d1, $d2, $rev) = @_;
    ($d1, $d2) = ($d2, $d1) if $rev;
    return $d1->subtract_datetime($d2) if Scalar::Util::blessed($d2) && $d2->isa('DateTimeHelper');
    return $d1->clone->subtract_duration($d2) if Scalar::Util::blessed($d2) && $d2->isa('DateTimeHelper::Duration');
    my $dt_string = overload::StrVal($d1);
    Carp::croak("Cannot subtract $d2 from a DateTime object ($dt_string).\n"
            . ' Only a DateTime::Duration or DateTime object can  be subtracted from a DateTime object.');
}

# ---- the old bridge's object (DateTimeHelper->now used to return one) ----

package DateTimeHelper::Object;
sub new   { my ($class, $e) = @_; return bless { epoch_value => ref $e eq 'HASH' ? $e->{epoch} : $e }, $class }
sub epoch { $_[0]{epoch_value} }

package DateTimeHelper::Locale;
sub new  { my ($class, $code) = @_; return bless { code => defined $code && !ref $code ? $code : 'en-US' }, $class }
sub code { $_[0]{code} }
sub id   { $_[0]{code} }
sub name { $_[0]{code} eq 'en-US' ? 'English United States' : $_[0]{code} }
sub first_day_of_week { 7 }

package DateTimeHelper;

# Arithmetic and formatting live beside this file, in the same package.
require DateTimeHelper::Arith;
require DateTimeHelper::Format;

1;

__END__

=head1 NAME

DateTimeHelper - DateTime for hosts without CPAN, over the cpan-bridge daemon

=head1 SYNOPSIS

  use DateTimeHelper;
  my $epoch = DateTimeHelper->now->epoch;            # the old helper's one call

  my $dt = DateTimeHelper->new(year => 2024, month => 3, day => 10, hour => 1,
                               time_zone => 'America/New_York');
  $dt->add(hours => 1);                              # 03:00 EDT
  print $dt->strftime('%Y-%m-%d %H:%M %Z'), "\n";

  # or, with perl/compat first on PERL5LIB, unchanged scripts:
  use DateTime;

=head1 DESCRIPTION

The common API of L<DateTime> 1.59 in pure core Perl. Each object keeps its
local fields, UTC epoch second, nanoseconds, offset and zone, so accessors,
C<strftime>, comparison and calendar arithmetic need no round trip. IANA zones
come from the daemon's C<datetime.zone_spans> (luxon's tz database with tzdata
abbreviations) and are cached per process a decade at a time; UTC, floating,
fixed offsets (C<+0530>) never call the daemon. C<local> is the zone named by
C<TZ>, F</etc/localtime> or F</etc/timezone>.

As in DateTime: a local time skipped by a DST change dies
(C<Invalid local time for date in time zone: ...>); a repeated one is the later
(standard-time) instant; C<add> applies days, then months (with
C<end_of_month> wrap/limit/preserve) on the local date, then minutes and
seconds on the UTC clock.

Leap seconds are handled as DateTime handles them: C<second =E<gt> 60> only on
a real leap second, C<add(seconds =E<gt> ...)> counts them, minutes and days do not.

Not covered: locales other than en-US, DateTime::Infinite.

=head1 METHODS

Constructors: C<new>, C<now>, C<today>, C<from_epoch>, C<last_day_of_month>,
C<from_day_of_year>, C<from_object>, C<clone>.

Fields: C<year month day hour minute second nanosecond> and aliases,
C<day_of_week> (1 = Monday), C<day_of_year>, C<day_name day_abbr month_name
month_abbr>, C<quarter>, C<week week_number week_year>, C<is_leap_year>,
C<epoch hires_epoch>, C<offset is_dst time_zone time_zone_short_name
time_zone_long_name>, C<ymd mdy dmy hms iso8601 datetime rfc3339>,
C<strftime> (every DateTime specifier, C<%3N>, C<%{method}>), C<format_cldr> (en-US).

Changes: C<set>, C<set_*>, C<truncate(to =E<gt> ...)>, C<set_time_zone>,
C<add subtract add_duration subtract_duration>.

Differences: C<subtract_datetime>, C<subtract_datetime_absolute>,
C<delta_md delta_days delta_ms> (all return L<DateTimeHelper::Duration>).

Comparison: C<compare>, C<compare_ignore_floating>, overloaded
C<E<lt>=E<gt> cmp eq ne + ->, and C<"$dt"> is C<iso8601>.

=cut
