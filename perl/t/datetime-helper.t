# DateTimeHelper as old scripts use it, and the datetime / datetime_helper bridge calls.
use strict;
use warnings;
use lib 'perl/t/lib';
use Test::More;
use BridgeTest qw(root run_perl run_perl_facade old_bridge old_bridge_file);
use CPANBridge;
use DateTimeHelper;

# The old helper's one pattern: DateTimeHelper->now->epoch.
my $t0 = time;
my $epoch = DateTimeHelper->now->epoch;
ok($epoch >= $t0 && $epoch <= time, 'DateTimeHelper->now->epoch is the current time');
like($epoch, qr/^\d+$/, 'epoch is an integer');
my $key = sprintf 'mock_key_timestamp:%s', DateTimeHelper->now->epoch;
like($key, qr/^mock_key_timestamp:\d+$/, 'chained call interpolates');
is(DateTimeHelper::Object->new(undef)->epoch, undef, 'old DateTimeHelper::Object with undef');
is(DateTimeHelper::Object->new({ epoch => 42 })->epoch, 42, 'old DateTimeHelper::Object from a result hash');
is(DateTimeHelper::Object->new(7)->epoch, 7, 'old DateTimeHelper::Object from a number');
# The old class was a CPANBridge: DateTimeHelper->new with no arguments still gives one.
my $old = DateTimeHelper->new;
isa_ok($old, 'CPANBridge');
ok($old->call_python('datetime_helper', 'now', {})->{success}, 'and it can make the old call');

# The full API under the helper's own name.
my $dt = DateTimeHelper->new(year => 2024, month => 3, day => 10, hour => 1, minute => 59, time_zone => 'America/New_York');
isa_ok($dt, 'DateTimeHelper');
isa_ok($dt, 'DateTime');
is(ref $dt, 'DateTimeHelper', 'objects made through the old name are blessed into it');
is($dt->clone->add(minutes => 1)->strftime('%H:%M %Z'), '03:00 EDT', 'minute across spring-forward');
isa_ok($dt->clone->add(days => 1) - $dt, 'DateTime::Duration');
eval { DateTimeHelper->new(year => 2024, month => 3, day => 10, hour => 2, minute => 30, time_zone => 'America/New_York') };
like($@, qr/^Invalid local time for date in time zone: America\/New_York/, 'skipped local time dies');
eval { DateTimeHelper->now(time_zone => 'No/Such_Zone') };
like($@, qr/^The timezone 'No\/Such_Zone' could not be loaded, or is an invalid name/, 'unknown zone dies with DateTime\'s message');
eval { DateTimeHelper->new(year => 2024, month => 2, day => 30) };
like($@, qr/^Invalid day of month \(day = 30 - month = 2 - year = 2024\)/, 'invalid day');

# Values that look like something else are just values.
eval { DateTimeHelper->now(time_zone => "../../etc/passwd") };
like($@, qr/could not be loaded/, 'a path as zone name is an unknown zone, not a file read');
eval { DateTimeHelper->now(time_zone => "America/New_York' OR 1=1") };
like($@, qr/could not be loaded/, 'SQL-looking zone name is an unknown zone');

# 'local' follows TZ like DateTime::TimeZone::Local.
{
    local $ENV{TZ} = 'Asia/Kolkata';
    is(DateTimeHelper->now(time_zone => 'local')->time_zone->name, 'Asia/Kolkata', 'local from TZ');
}

# Bridge calls of the old helper and the new module names.
my $b = CPANBridge->new;
for my $m (qw(datetime_helper datetime)) {
    my $r = $b->call_python($m, 'now', {});
    ok($r->{success}, "$m.now succeeds");
    ok(abs($r->{result}{epoch} - time) <= 2, "$m.now result has {epoch}");
}
my ($res, $err) = $b->rpc('datetime.from_epoch', { epoch => 1e9, time_zone => 'Asia/Kolkata' });
is($res->{iso8601}, '2001-09-09T07:16:40', 'datetime.from_epoch');
is($res->{short_name}, 'IST', 'tzdata abbreviation');
($res, $err) = $b->rpc('datetime.local_to_utc', { time_zone => 'Europe/London', year => 2024, month => 10, day => 27, hour => 1, minute => 30 });
is($res->{epoch}, 1729992600, 'repeated local time is the later instant (GMT)');
($res, $err) = $b->rpc('datetime.local_to_utc', { time_zone => 'Europe/London', year => 2024, month => 3, day => 31, hour => 1, minute => 30 });
is($err->{data}{backend_code}, 'invalid_local_time', 'skipped local time is an error over RPC too');
($res, $err) = $b->rpc('datetime.local_to_utc', { time_zone => 'UTC', year => 2023, month => 2, day => 29 });
like($err->{message}, qr/params\.day/, 'impossible date names the field');
($res, $err) = $b->rpc('datetime.zone_spans', { time_zone => 'Europe/Berlin' });
like($err->{message}, qr/block/, 'missing block names the field');

# A script run through perl/compat gets the facade, not the CPAN module.
my ($out, $errout, $code) = run_perl_facade(<<'PERL');
use DateTime;
print $INC{'DateTime.pm'} =~ m{perl/compat/DateTime\.pm$} ? "facade\n" : "other: $INC{'DateTime.pm'}\n";
print ref(DateTime->now), ' ', (DateTime->now->isa('DateTimeHelper') ? 'helper' : 'not-helper'), "\n";
PERL
is($out, "facade\nDateTime not-helper\n", 'perl/compat DateTime is the facade, its objects are DateTime as the real ones') or diag $errout;

# The old bridge's own DateTimeHelper test script, run unchanged as old
# scripts run: perl/lib on @INC, no perl/compat. CPAN_BRIDGE_OLD_BRIDGE names a
# work tree of that repository, or its git directory (bare or .git).
SKIP: {
    skip $BridgeTest::OLD_BRIDGE_UNSET, 3 unless old_bridge();
    my $text = old_bridge_file('Test_Scripts/datetime_test_minimal.pl');
    local $ENV{PERL5LIB} = '';
    my ($o, $e, $x) = run_perl($text, inc => [root() . '/perl/lib']);
    is($x, 0, 'Test_Scripts/datetime_test_minimal.pl exits 0') or diag "$o\n$e";
    unlike($o, qr/^FAIL/m, 'Test_Scripts/datetime_test_minimal.pl: no failures');
    like($o, qr/SUCCESS: DateTimeHelper ready/, 'Test_Scripts/datetime_test_minimal.pl: reaches its success line');
}

done_testing;
