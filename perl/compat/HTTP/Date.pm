package HTTP::Date;
# ABSTRACT: drop-in HTTP::Date 6.05 in core Perl (time2str, str2time, parse_date, time2iso, time2isoz)

use strict;
use warnings;
require Exporter;
require Time::Local;
our @ISA = ('Exporter');

our $VERSION = '6.05';
our @EXPORT = qw(time2str str2time);
our @EXPORT_OK = qw(parse_date time2iso time2isoz);

our (@DoW, @MoY, %MoY);
@DoW = qw(Sun Mon Tue Wed Thu Fri Sat);
@MoY = qw(Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec);
@MoY{@MoY} = (1 .. 12);

my %UTC = map { ($_ => 1) } qw(GMT UTC UT Z);

# Zone names the real module resolves through Time::Zone (TimeDate), in hours
# east of UTC; that module is not core, so its table of names is kept here.
my %ZONE_HOURS = (
    gmt => 0, ut => 0, utc => 0, wet => 0, wat => -1, at => -2, fnt => -2, brt => -3, mnt => -4,
    ewt => -4, ast => -4, est => -5, act => -5, cst => -6, mst => -7, pst => -8, akst => -9,
    yst => -9, hst => -10, cat => -10, ahst => -10, nt => -11, idlw => -12, cet => 1, mez => 1,
    ect => 1, met => 1, mewt => 1, swt => 1, set => 1, fwt => 1, eet => 2, ukr => 2, bt => 3,
    msk => 3, zp4 => 4, zp5 => 5, zp6 => 6, wst => 8, hkt => 8, cct => 8, jst => 9, kst => 9,
    aest => 10, east => 10, gst => 10, nzt => 12, nzst => 12, idle => 12,
    # summer-time names
    brst => -2, adt => -3, edt => -4, cdt => -5, mdt => -6, pdt => -7, akdt => -8, ydt => -8,
    hdt => -9, bst => 1, mest => 2, metdst => 2, sst => 2, fst => 2, cest => 2, eest => 3,
    msd => 4, wadt => 8, kdt => 10, aedt => 11, eadt => 11, nzd => 13, nzdt => 13,
);

sub time2str (;$) {
    my $time = shift;
    $time = time unless defined $time;
    my ($s, $m, $h, $d, $mon, $y, $wd) = gmtime $time;
    return sprintf '%s, %02d %s %04d %02d:%02d:%02d GMT', $DoW[$wd], $d, $MoY[$mon], $y + 1900, $h, $m, $s;
}

sub str2time ($;$) {
    my ($str, $default_zone) = @_;
    return undef unless defined $str;

    # the RFC 1123 form every server sends: no need for the general parser
    if ($str =~ /^[SMTWF][a-z][a-z], (\d\d) ([JFMAJSOND][a-z][a-z]) (\d\d\d\d) (\d\d):(\d\d):(\d\d) GMT$/) {
        return eval {
            my $t = Time::Local::timegm($6, $5, $4, $1, $MoY{$2} - 1, $3);
            $t < 0 ? undef : $t;
        };
    }

    my @d = parse_date($str);
    return undef unless @d;
    $d[1]--;
    my $tz = pop @d;
    $tz = $default_zone unless defined $tz;
    my $offset;
    if (!defined $tz) {
        return eval {
            my $frac = $d[-1];
            $frac -= ($d[-1] = int $frac);
            my $t = Time::Local::timelocal(reverse @d) + $frac;
            $t < 0 ? undef : $t;
        };
    } elsif ($UTC{ uc $tz }) {
        $offset = 0;
    } elsif ($tz =~ /^([-+])?(\d\d?):?(\d\d)?$/) {
        $offset = 3600 * $2 + ($3 ? 60 * $3 : 0);
        $offset = -$offset if $1 && $1 eq '-';
    } elsif ($tz =~ /^([-+]\d\d?)(\d\d)$/) {
        $offset = $1 * 3600 + ($1 < 0 ? -1 : 1) * $2 * 60;
    } elsif (exists $ZONE_HOURS{ lc $tz }) {
        $offset = $ZONE_HOURS{ lc $tz } * 3600;
    } else {
        return undef;
    }
    return eval {
        my $frac = $d[-1];
        $frac -= ($d[-1] = int $frac);
        my $t = Time::Local::timegm(reverse @d) + $frac;
        $t < 0 ? undef : $t - $offset;
    };
}

# The forms the real parser knows, tried in its order; a leading weekday is dropped.
sub parse_date ($) {
    local ($_) = shift;
    return unless defined;
    s/^\s+//;
    s/^(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)[a-z]*,?\s*//i;

    my ($day, $mon, $yr, $hr, $min, $sec, $tz, $ampm);
    (
        # 06 Nov 1994 08:49:37 GMT, 06-Nov-94 08:49:37 GMT, 6 Nov 1994 +0100 (CET) ...
        ($day, $mon, $yr, $hr, $min, $sec, $tz) = /^
            (\d\d?) (?:\s+|[-\/]) (\w+) (?:\s+|[-\/]) (\d+)
            (?: (?:\s+|:) (\d\d?):(\d\d) (?::(\d\d))? )?
            \s* ([-+]?\d{2,4}|(?![APap][Mm]\b)[A-Za-z]+)?
            \s* (?:\(\w+\)|\w{3,})? \s*$/x
    ) || (
        # asctime: Nov  6 08:49:37 1994, Nov 6 08:49:37 GMT 1994
        ($mon, $day, $hr, $min, $sec, $tz, $yr) = /^
            (\w{1,3}) \s+ (\d\d?) \s+ (\d\d?):(\d\d) (?::(\d\d))? \s+
            (?:([A-Za-z]+)\s+)? (\d+) \s*$/x
    ) || (
        # ls -l: Nov  6 1994, Nov  6 08:49
        ($mon, $day, $yr, $hr, $min, $sec) = /^
            (\w{3}) \s+ (\d\d?) \s+
            (?: (\d\d\d\d) | (\d{1,2}):(\d{2}) (?::(\d\d))? ) \s*$/x
    ) || (
        # ISO 8601 and friends: 1994-11-06 08:49:37Z, 19941106T084937-0500, 1994/11/06
        ($yr, $mon, $day, $hr, $min, $sec, $tz) = /^
            (\d{4}) [-\/]? (\d\d?) [-\/]? (\d\d?)
            (?: (?:\s+|[-:Tt]) (\d\d?):?(\d\d) (?::?(\d\d(?:\.\d*)?))? )?
            \s* ([-+]?\d\d?:?(:?\d\d)? |Z|z)? \s*$/x
    ) || (
        # Windows dir: 11-06-94 08:49AM
        ($mon, $day, $yr, $hr, $min, $ampm) = /^
            (\d{2}) - (\d{2}) - (\d{2}) \s+ (\d\d?):(\d\d)([APap][Mm]) \s*$/x
    ) || return;

    $mon = $MoY{$mon} || $MoY{"\u\L$mon"} || ($mon =~ /^\d\d?$/ && $mon >= 1 && $mon <= 12 && int $mon) || return;

    if (!defined $yr) {
        # no year: the latest such date not in the future by month
        my ($cur_mon, $cur_yr) = (localtime)[4, 5];
        $yr = $cur_yr + 1900;
        $yr-- if $mon > $cur_mon + 1;
    } elsif (length($yr) < 3) {
        # two digits: the year within 50 of this one
        my $cur = (localtime)[5] + 1900;
        my $m = $cur % 100;
        my $two = $yr;
        $yr += $cur - $m;
        $m -= $two;
        $yr += $m > 0 ? 100 : -100 if abs($m) > 50;
    }
    $hr = 0 unless defined $hr;
    $min = 0 unless defined $min;
    $sec = 0 unless defined $sec;
    if ($ampm) {
        $ampm = uc $ampm;
        $hr = 0 if $hr == 12 && $ampm eq 'AM';
        $hr += 12 if $ampm eq 'PM' && $hr != 12;
    }
    return ($yr, $mon, $day, $hr, $min, $sec, $tz) if wantarray;
    if (defined $tz) { $tz = 'Z' if $tz =~ /^(GMT|UTC?|[-+]?0+)$/ }
    else { $tz = '' }
    return sprintf '%04d-%02d-%02d %02d:%02d:%02d%s', $yr, $mon, $day, $hr, $min, $sec, $tz;
}

sub time2iso (;$) {
    my $time = shift;
    $time = time unless defined $time;
    my ($s, $m, $h, $d, $mon, $y) = localtime $time;
    return sprintf '%04d-%02d-%02d %02d:%02d:%02d', $y + 1900, $mon + 1, $d, $h, $m, $s;
}

sub time2isoz (;$) {
    my $time = shift;
    $time = time unless defined $time;
    my ($s, $m, $h, $d, $mon, $y) = gmtime $time;
    return sprintf '%04d-%02d-%02d %02d:%02d:%02dZ', $y + 1900, $mon + 1, $d, $h, $m, $s;
}

1;

__END__

=head1 NAME

HTTP::Date - cpan-bridge's drop-in HTTP::Date 6.05, in core Perl

=head1 SYNOPSIS

 use HTTP::Date qw(time2str str2time parse_date time2iso time2isoz);
 my $s = time2str(784111777);                 # "Sun, 06 Nov 1994 08:49:37 GMT"
 my $t = str2time('Sunday, 06-Nov-94 08:49:37 GMT');
 my @p = parse_date('1994-11-06T08:49:37+0100');

The same formats as the real module: RFC 1123/850, asctime, ls -l, ISO 8601
(fractional seconds too), Windows dir listings, numeric and named zones.

What differs: named zones (EST, CEST, JST ...) come from a table here instead of
Time::Zone (TimeDate, not core); the table holds Time::Zone's names and offsets,
and a summer-time name that is also a standard name is not ambiguous in either.

=cut
