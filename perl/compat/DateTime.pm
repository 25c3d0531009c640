package DateTime;
# The cpan-bridge DateTime facade: DateTime's common API in pure Perl. An
# object holds its broken-down local fields, UTC epoch second, nanoseconds and
# offset, so accessors, formatting, comparison and most arithmetic run
# locally; only IANA zone data comes from the daemon (DateTime::TimeZone).

use strict;
use warnings;
use Carp ();
use POSIX ();
use Scalar::Util ();
use DateTime::Duration;
use DateTime::TimeZone;
use DateTime::Locale::FromData;
use CPANBridge::DateTime::Arith ();
use CPANBridge::DateTime::Calendar ();
use CPANBridge::DateTime::Format ();
use CPANBridge::DateTime::LeapSeconds ();
use CPANBridge::DateTime::Params ();

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

sub duration_class { 'DateTime::Duration' }

sub INFINITY     () { 100**100**100**100 }
sub NEG_INFINITY () { -1 * (100**100**100**100) }
sub NAN          () { INFINITY - INFINITY }

# Calendar and leap-second arithmetic on plain numbers, under short private names.
BEGIN {
    no strict 'refs';
    my %from = (Calendar => [qw(fdiv days civil is_leap month_length)], LeapSeconds => [qw(is_leap_midnight before_day day_length)]);
    for my $m (keys %from) { *{"_$_"} = \&{"CPANBridge::DateTime::${m}::$_"} for @{ $from{$m} } }
}

# ---- construction ----

sub _zone {
    my ($class, $tz) = @_;
    return $tz if Scalar::Util::blessed($tz) && $tz->isa('DateTime::TimeZone');
    $tz = $tz->name if Scalar::Util::blessed($tz) && $tz->can('name');
    return DateTime::TimeZone->new(name => $tz);
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

sub new {
    my ($class, %p) = @_;
    CPANBridge::DateTime::Params::check_keys(\%p, 'new', qw(time_zone locale formatter));
    Carp::croak('year is a required parameter for _check_new_params') unless exists $p{year};
    CPANBridge::DateTime::Params::check_fields(\%p);
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
    my ($utc, $ns) = CPANBridge::DateTime::Params::epoch_parts($p{epoch});
    my $tz = $class->_zone(exists $p{time_zone} ? $p{time_zone} : 'UTC');
    return $class->_from_utc_parts($tz, $utc, $ns, { locale => $p{locale}, formatter => $p{formatter} });
}

# Tests may override _core_time, as with DateTime.
sub _core_time { return scalar CORE::time() }
sub now   { my $class = shift; return $class->from_epoch(epoch => $class->_core_time, @_) }
sub today { my $class = shift; return $class->now(@_)->truncate(to => 'day') }

sub last_day_of_month {
    my ($class, %p) = @_;
    CPANBridge::DateTime::Params::check_fields(\%p);
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
    if (Scalar::Util::blessed($o) && $o->isa('DateTime')) {
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
    CPANBridge::DateTime::Params::check_keys(\%p, 'set', 'locale');
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
    CPANBridge::DateTime::Params::type_error('TruncationLevel', $to) unless defined $to && $TRUNC{$to};
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
sub leap_seconds {
    my $s = shift;
    return 0 if $s->{tz}->is_floating;
    return _before_day(($s->utc_rd_values)[0] - RD_EPOCH);
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
    return $s->datetime('T') . ($s->{off} ? DateTime::TimeZone->offset_as_string($s->{off}, ':') : 'Z');
}
sub stringify {
    my $s = shift;
    return $s->{formatter}->format_datetime($s) if $s->{formatter};
    return $s->iso8601;
}

# Each pattern is expanded on its own; a scalar call returns the first, as DateTime's does.
my $STRFTIME = CPANBridge::DateTime::Format::strftime_table();
sub strftime {
    my ($self, @formats) = @_;
    my @r;
    for my $p (@formats) {
        $p =~ s/(?:%\{(\w+)\}|%([%a-zA-Z])|%(\d+)N)/
            defined $1 ? ($self->can($1) ? $self->$1() : "%{$1}")
          : defined $2 ? ($STRFTIME->{$2} ? $STRFTIME->{$2}->($self) : "%$2")
          : CPANBridge::DateTime::Format::nanosecs($self, $3)/sgex;
        return $p unless wantarray;
        push @r, $p;
    }
    return @r;
}
sub format_cldr {
    my $self = shift;
    return CPANBridge::DateTime::Format::format_cldr($self, $_[0]) if @_ && !wantarray;
    my @r = map { CPANBridge::DateTime::Format::format_cldr($self, $_) } @_;
    return @r;
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
sub locale      { DateTime::Locale::FromData->new($_[0]{locale}) }

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
    unless (Scalar::Util::blessed($dur) && $dur->isa('DateTime::Duration')) {
        my $dt_string = overload::StrVal($dt);
        Carp::croak("Cannot add $dur to a DateTime object ($dt_string).\n"
                . ' Only a DateTime::Duration object can  be added to a DateTime object.');
    }
    return $dt->clone->add_duration($dur);
}

sub _subtract_overload {
    my ($d1, $d2, $rev) = @_;
    ($d1, $d2) = ($d2, $d1) if $rev;
    return $d1->subtract_datetime($d2) if Scalar::Util::blessed($d2) && $d2->isa('DateTime');
    return $d1->clone->subtract_duration($d2) if Scalar::Util::blessed($d2) && $d2->isa('DateTime::Duration');
    my $dt_string = overload::StrVal($d1);
    Carp::croak("Cannot subtract $d2 from a DateTime object ($dt_string).\n"
            . ' Only a DateTime::Duration or DateTime object can  be subtracted from a DateTime object.');
}

# ---- arithmetic (the rules are in CPANBridge::DateTime::Arith) ----

sub _duration_from_args {
    my $self = shift;
    return $_[0] if @_ == 1 && Scalar::Util::blessed($_[0]) && $_[0]->isa('DateTime::Duration');
    return $self->duration_class->new(@_);
}

sub add { my $s = shift; return $s->add_duration($s->_duration_from_args(@_)) }

sub subtract {
    my $self = shift;
    my %eom;
    if (@_ % 2 == 0) {
        my %p = @_;
        $eom{end_of_month} = delete $p{end_of_month} if exists $p{end_of_month};
        @_ = %p;
    }
    return $self->add_duration($self->_duration_from_args(@_)->inverse(%eom));
}

sub subtract_duration { return $_[0]->add_duration($_[1]->inverse) }

sub add_duration {
    my ($self, $dur) = @_;
    CPANBridge::DateTime::Params::type_error('Duration', $dur) unless Scalar::Util::blessed($dur) && $dur->isa('DateTime::Duration');
    return $self if $dur->is_zero;
    my ($utc, $ns, $ls) = CPANBridge::DateTime::Arith::add($self, $dur);
    # In place, and only once the zone has answered: a failed add leaves the object as it was.
    my @zone = $self->{tz}->_from_utc($utc);
    @{$self}{qw(utc off dst abbr ns ls)} = (@zone, $ns, $ls ? 1 : 0);
    return $self->_fill;
}

sub subtract_datetime {
    my ($dt1, $dt2) = @_;
    $dt2 = $dt2->clone->set_time_zone($dt1->{tz}) unless $dt1->{tz}->name eq $dt2->{tz}->name;
    my ($big, $small, $neg) = $dt1->compare($dt2) >= 0 ? ($dt1, $dt2, 0) : ($dt2, $dt1, 1);
    my @r = CPANBridge::DateTime::Arith::difference($big, $small);
    if ($neg) { for (@r) { $_ *= -1 if $_ } }
    my %p;
    @p{qw(months days minutes seconds nanoseconds)} = @r;
    return $dt1->duration_class->new(%p);
}

# Counts the leap seconds between the two instants, as DateTime does (floating ones have none).
sub subtract_datetime_absolute {
    my ($self, $dt) = @_;
    my $seconds = $self->utc_rd_as_seconds + $self->leap_seconds - $dt->utc_rd_as_seconds - $dt->leap_seconds;
    my $ns = $self->{ns} - $dt->{ns};
    if ($ns < 0) { $seconds--; $ns += MAX_NANOSECONDS }
    return $self->duration_class->new(seconds => $seconds, nanoseconds => $ns);
}

sub delta_md {
    my ($self, $dt) = @_;
    my ($small, $big) = sort { $a->compare($b) } $self, $dt;
    my ($months, $days) = CPANBridge::DateTime::Arith::difference($big, $small, 1);
    return $self->duration_class->new(months => $months, days => $days);
}

sub delta_days {
    my ($self, $dt) = @_;
    return $self->duration_class->new(days => abs($self->{days} - $dt->{days}));
}

sub delta_ms {
    my ($self, $dt) = @_;
    my ($small, $big) = sort { $a->compare($b) } $self, $dt;
    my $days = int($big->jd - $small->jd);
    my $dur = $big->subtract_datetime($small);
    return $self->duration_class->new(hours => $dur->hours + $days * 24, minutes => $dur->minutes, seconds => $dur->seconds);
}

1;

__END__

=head1 NAME

DateTime - cpan-bridge facade for DateTime 1.59

=head1 SYNOPSIS

  use DateTime;    # with perl/compat first on PERL5LIB
  my $dt = DateTime->new(year => 2024, month => 3, day => 10, hour => 1,
                         time_zone => 'America/New_York');
  $dt->add(hours => 1);                              # 03:00 EDT
  print $dt->strftime('%Y-%m-%d %H:%M %Z'), "\n";

=head1 DESCRIPTION

The common API of L<DateTime> 1.59 in pure core Perl; scripts that
C<use DateTime> run unchanged. Each object keeps its local fields, UTC epoch
second, nanoseconds, offset and zone, so accessors, C<strftime>, comparison
and calendar arithmetic need no round trip; IANA zones come from the daemon
through L<DateTime::TimeZone>, cached a decade at a time. DST, leap seconds
and end-of-month rules are DateTime's; only en-US formatting, no
DateTime::Infinite. F<docs/datetime.md> has the details and the known differences.

=head1 METHODS

Constructors: C<new now today from_epoch last_day_of_month from_day_of_year
from_object clone>.

Fields: C<year month day hour minute second nanosecond> and their aliases,
C<day_of_week> (1 = Monday), C<day_of_year>, C<day_name day_abbr month_name
month_abbr>, C<quarter>, C<week week_number week_year>, C<is_leap_year>,
C<epoch hires_epoch>, C<offset is_dst time_zone time_zone_short_name
time_zone_long_name locale>, C<ymd mdy dmy hms iso8601 datetime rfc3339>,
C<strftime> (every DateTime specifier, C<%3N>, C<%{method}>), C<format_cldr> (en-US).

Changes: C<set>, C<set_*>, C<truncate(to =E<gt> ...)>, C<set_time_zone>,
C<add subtract add_duration subtract_duration>.

Differences: C<subtract_datetime subtract_datetime_absolute delta_md
delta_days delta_ms> (all return L<DateTime::Duration>).

Comparison: C<compare compare_ignore_floating>, overloaded
C<E<lt>=E<gt> cmp eq ne + ->; C<"$dt"> is C<iso8601> or the formatter's.

=cut
