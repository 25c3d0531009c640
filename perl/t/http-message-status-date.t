# HTTP::Status and HTTP::Date: the same scripts under libwww-perl's modules
# and cpan-bridge's, outputs compared: the text, constant name and class of
# every code 0..999, every exported name and tag, and str2time/parse_date on
# many date forms in UTC and in two other zones.
use strict;
use warnings;
use lib 'perl/t/lib';
use HTTPMessageTest qw(same_both_ways);
use Test::More;

same_both_ways('status codes', <<'EOF');
use HTTP::Status qw(:constants :is status_message status_constant_name is_cacheable_by_default);
for my $code (0 .. 999, undef, '', '200abc', ' 404', -1, 1e3, 200.5) {
    no warnings 'numeric';
    my @is = map { my $v = $_; defined $v ? ($v ? "1" : "0:$v") : 'undef' }
        is_info($code), is_success($code), is_redirect($code), is_error($code),
        is_client_error($code), is_server_error($code), is_cacheable_by_default($code);
    my $msg = status_message($code);
    my $name = status_constant_name($code);
    next if !defined $msg && !defined $name && defined $code && $code =~ /^\d+$/ && $code > 99 && !grep { /^1/ } @is;
    r(defined $code ? "code '$code'" : 'code undef', $msg, $name, @is);
}
EOF

same_both_ways('status exports', <<'EOF');
require HTTP::Status;
my @export = sort @HTTP::Status::EXPORT;
my @ok = sort @HTTP::Status::EXPORT_OK;
r('EXPORT', @export);
r('EXPORT_OK', @ok);
r("tag $_", sort @{ $HTTP::Status::EXPORT_TAGS{$_} }) for sort keys %HTTP::Status::EXPORT_TAGS;
no strict 'refs';
r('values', map { "$_=" . &{"HTTP::Status::$_"}() } grep { /^(HTTP|RC)_/ } @export, @ok);
r('prototypes', map { "$_=" . (defined prototype("HTTP::Status::$_") ? prototype("HTTP::Status::$_") : 'none') } grep { !/^HTTP_|^RC_/ } @export, @ok);
r('constant prototype', prototype('HTTP::Status::HTTP_OK'), prototype('HTTP::Status::RC_MOVED_TEMPORARILY'));
package Default; HTTP::Status->import; main::r('default import', RC_OK(), RC_NOT_FOUND(), is_success(200) ? 1 : 0, status_message(302), defined &is_client_error ? 1 : 0);
package Tags; HTTP::Status->import(qw(:constants :is)); main::r('tags', HTTP_OK(), HTTP_I_AM_A_TEAPOT(), HTTP_REQUEST_ENTITY_TOO_LARGE(), HTTP_NO_CODE(), is_server_error(503) ? 1 : 0, defined &RC_OK ? 1 : 0);
package Bad; main::r('bad import', main::try { HTTP::Status->import('HTTP_NOPE') });
EOF

# str2time/parse_date on the forms the real parser knows, and some it refuses.
my $dates = <<'EOF';
use HTTP::Date qw(time2str str2time parse_date time2iso time2isoz);
my @forms = (
    'Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994', 'Thu Feb  3 00:00:00 GMT 1994',
    '06 Nov 1994 08:49:37 GMT', '06-Nov-1994 08:49:37', '6 Nov 1994', '06/Nov/1994:08:49:37 +0100', '06 Nov 1994 08:49 PST',
    '06 Nov 1994 08:49:37 EST', '06 Nov 1994 08:49:37 cest', '06 Nov 1994 08:49:37 JST', '06 Nov 1994 08:49:37 UT', '06 Nov 1994 08:49:37 Z',
    '06 Nov 1994 08:49:37 -0530', '06 Nov 1994 08:49:37 +05:30', '06 Nov 1994 08:49:37 +5', '06 Nov 1994 08:49:37 XYZ',
    '06 Nov 1994 08:49:37 GMT (CET)', '06 Nov 94 08:49:37 +0000 (GMT)', '6 Nov 2069', '6 Nov 70', '6 Nov 0',
    'Nov  6 08:49', 'Nov  6 1994', 'Dec 31 23:59', 'Jan  1 00:00:01', 'Nov 6 08:49:37 PST 1994',
    '1994-11-06', '1994-11-06 08:49:37', '1994-11-06T08:49:37Z', '1994-11-06T08:49:37.25Z', '19941106T084937',
    '19941106T084937-0500', '1994-11-06 08:49:37 +0100', '1994-11-06 08:49:37-01:30', '1994/11/06 08:49', '1994-11-06T0849',
    '1994-11-06 08:49:37.123456', '1994-11-6', '11-06-94 08:49AM', '11-06-94 12:05PM', '11-06-94 12:05AM', '11-06-94 01:05pm',
    '  Sun, 06 Nov 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT  ', 'sun, 06 nov 1994 08:49:37 gmt', 'SUN, 06 NOV 1994 08:49:37 GMT',
    'Mon, 31 Feb 1994 08:49:37 GMT', '06 Nov 1994 25:00:00 GMT', '06 Nov 1969 08:49:37 GMT', '31 Dec 1969 23:59:59 GMT', '01 Jan 1970 00:00:00 GMT',
    '19 Jan 2038 03:14:08 GMT', '01 Jan 2100 00:00:00 GMT', '0 Nov 1994', '06 Foo 1994', 'garbage', '', ' ', '1994', '1994-13-01',
    'Wed, 09 Jun 2021 10:18:14 GMT', 'Tue, 1 Jan 2030 10:00:00 +0000', '2021-06-09T10:18:14+02:00', '2021-06-09T10:18:14.5-07:00',
    '06 Nov 1994 08:49:37 AM', 'Nov 6 1994 08:49:37', '6-11-1994', '1994.11.06',
);
for my $s (@forms) {
    my @list = parse_date($s);
    r("[$s]", str2time($s), scalar parse_date($s), @list ? join(',', map { defined $_ ? $_ : 'u' } @list) : 'none');
}
r('with default zone', str2time('1994-11-06 08:49:37', 'EST'), str2time('1994-11-06 08:49:37', '+0200'), str2time('1994-11-06 08:49:37', 'GMT'), str2time('1994-11-06 08:49:37', 'Nowhere'));
r('undef', str2time(undef), scalar parse_date(undef));
for my $t (0, 1, 784111777, 784111777.9, 2147483647, 4102444800, -1) {
    r("time $t", time2str($t), time2iso($t), time2isoz($t));
}
r('now', (time2str() eq time2str(time) ? 'same' : 'differs'), length time2iso(), length time2isoz());
r('roundtrip', str2time(time2str(1234567890)));
r('exports', sort @HTTP::Date::EXPORT);
r('export ok', sort @HTTP::Date::EXPORT_OK);
r('MoY', $HTTP::Date::MoY{Nov}, $HTTP::Date::MoY[10], $HTTP::Date::DoW[0]);
EOF
same_both_ways('dates UTC', $dates);
same_both_ways('dates New York', $dates, env => { TZ => 'America/New_York' });
same_both_ways('dates Kolkata', $dates, env => { TZ => 'Asia/Kolkata' });

done_testing;
