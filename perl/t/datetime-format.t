# Differential: strftime (every specifier), accessors and string forms, real DateTime 1.59 vs the facade.
use strict;
use warnings;
use lib 'perl/t/lib';
use Test::More;
use BridgeTest qw(root);
use DateTimeDiff;

my $DATES = <<'PERL';
my @dates;
for my $z (qw(UTC America/New_York Europe/London Asia/Kolkata Pacific/Chatham Australia/Lord_Howe floating +0530 -0330 America/St_Johns)) {
    for my $f ([2024, 1, 5, 15, 4, 5, 123456789], [2024, 7, 1, 0, 0, 0, 0], [2024, 12, 30, 12, 0, 59, 999999999],
               [2021, 1, 3, 23, 59, 59, 1], [1999, 12, 31, 11, 30, 0, 500000000], [5, 3, 4, 7, 8, 9, 10],
               [1970, 1, 1, 0, 0, 0, 0], [1969, 12, 31, 23, 59, 59, 0], [2038, 1, 19, 3, 14, 8, 0], [2020, 2, 29, 12, 34, 56, 789000]) {
        my %p; @p{qw(year month day hour minute second nanosecond)} = @$f;
        push @dates, DateTime->new(%p, time_zone => $z);
    }
}
PERL

my @spec = ('a'..'z', 'A'..'Z');
my $fmt = join '|', map { "$_=%$_" } @spec;

same_output('strftime, every specifier', $DATES . <<"PERL", min_lines => 100);
for my \$dt (\@dates) {
    my \$line = \$dt->strftime('$fmt');
    \$line =~ s/Z=(?:%z|[+-]\\d+)\$/Z=(numeric)/ if \$dt->year > 2030;    # see abbr() in DateTimeDiff
    print "\$line\\n";
    print scalar \$dt->strftime('%1N %3N %6N %9N %12N %N %% %%Y %{ymd} %{day_name} %{no_such_method} %{epoch} %5', '%Q'), "\\n";
    my \@two = \$dt->strftime('%Y', '%m');
    print "list: \@two\\n";
}
PERL

same_output('accessors and string forms', $DATES . <<'PERL', min_lines => 100);
my @acc = qw(year ce_year era_abbr month mon month_0 month_name month_abbr day day_of_month mday day_0 day_of_week wday dow
    day_of_week_0 local_day_of_week day_name day_abbr day_of_year doy day_of_year_0 quarter quarter_0 quarter_name quarter_abbr
    day_of_quarter week_year week_number week_of_month weekday_of_month hour hour_1 hour_12 hour_12_0 am_or_pm minute min
    second sec nanosecond millisecond microsecond fractional_second is_leap_year epoch hires_epoch offset is_dst
    time_zone_short_name time_zone_long_name ymd mdy dmy hms iso8601 datetime date time rfc3339 jd mjd
    month_length quarter_length year_length is_last_day_of_month leap_seconds christian_era secular_era year_with_era);
for my $dt (@dates) {
    print join('|', map { $_ eq 'time_zone_short_name' ? abbr($dt) : $dt->$_ } @acc), "\n";
    print join('|', $dt->ymd('/'), $dt->ymd(''), $dt->mdy('/'), $dt->dmy('.'), $dt->hms('-'), $dt->hms(''), $dt->datetime(' '),
        "$dt", $dt->week, join(',', $dt->utc_rd_values), join(',', $dt->local_rd_values)), "\n";
}
PERL

same_output('ISO weeks across year boundaries', <<'PERL', min_lines => 400);
for my $y (1998 .. 2032) {
    for my $md ([12, 26], [12, 27], [12, 28], [12, 29], [12, 30], [12, 31], [1, 1], [1, 2], [1, 3], [1, 4], [1, 5], [1, 6]) {
        my $dt = DateTime->new(year => $md->[0] == 1 ? $y + 1 : $y, month => $md->[0], day => $md->[1]);
        print $dt->strftime('%F %a %G-W%V-%u %g %U %W %j %w'), ' ', join(',', $dt->week), "\n";
    }
}
PERL

same_output('format_cldr', $DATES . <<'PERL', min_lines => 100);
my @pat = ('yyyy-MM-dd HH:mm:ss', "EEEE, MMMM d, y 'at' h:mm a zzzz", "yy/M/d H:m:s.SSS Z ZZZZ ZZZZZ", 'G GGGG GGGGG u uuuuuu Y YYYY',
    'Q QQ QQQ QQQQ q qq qqq qqqq', 'MMMMM LLLLL LLLL LLL LL L', 'w ww W d dd D DD DDD F g', 'E EE EEE EEEE EEEEE e ee eee eeee eeeee',
    'c cc ccc cccc ccccc a h hh H HH K KK k kk j jj', 'm mm s ss S SS SSSS SSSSSSSSSSSS A', 'z zz zzz zzzz v vvvv V VVVV',
    "'quoted ''text'' here' '' #!{} yyyyyyy MMMMMM", 'yyyyy.MM.dd GGG hh:mm a');
for my $dt (@dates) {
    next if $dt->year > 2030;    # DateTime::TimeZone's '%z' names there, see abbr()
    print join(' | ', $dt->format_cldr(@pat)), "\n";
    print scalar $dt->format_cldr('dd.MM.yyyy'), "\n";
}
PERL

same_output('formatter objects, time zone methods, locale', <<'PERL', min_lines => 10);
package My::Formatter;
sub new { bless {}, shift }
sub format_datetime { my ($self, $dt) = @_; return 'F<' . $dt->strftime('%d/%m/%Y %H.%M') . '>' }
package main;
my $f = My::Formatter->new;
my $dt = DateTime->new(year => 2024, month => 7, day => 4, hour => 9, minute => 5, time_zone => 'America/New_York', formatter => $f);
print "$dt\n", ref($dt->formatter), "\n";
print $dt->clone->add(days => 1), "\n";
$dt->set_formatter(undef);
print "$dt\n";
my $tz = $dt->time_zone;
print join(' ', $tz->offset_for_datetime($dt), $tz->offset_for_local_datetime($dt), $tz->is_dst_for_datetime($dt),
    $tz->short_name_for_datetime($dt), ($tz->has_dst_changes ? 1 : 0), $tz->is_olson, $tz->category), "\n";
for my $n (qw(UTC floating +0530 -1000 Asia/Kathmandu Europe/Dublin)) {
    my $z = DateTime::TimeZone->new(name => $n);
    print join(" ", $z->name, $z->is_floating, $z->is_utc, ($z->has_dst_changes ? 1 : 0), $z->offset_for_datetime($dt)), "\n";
}
print DateTime::TimeZone->offset_as_seconds($_), ' ' for qw(+0530 -05:00 +01:02:03 0);
print "\n", $dt->locale->code, ' ', $dt->locale->name, ' ', ref($dt->locale), "\n";
PERL

done_testing;
