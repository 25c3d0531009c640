# examples/report.pl (the User Guide's Example 1 as a DBI script) writes the
# same report through the bridge as with the real DBI + DBD::SQLite, with no
# database server; examples/report_bridge.pl (the guide's call_python form)
# writes the same report from the same data.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl run_perl_real run_perl_facade root);
use lib 'perl/t/data/db';
use DBDiff;
use File::Temp ();
use Test::More;

my $report = slurp(root() . '/examples/report.pl');
my $guide  = slurp(root() . '/examples/report_bridge.pl');
my (%text, %db);
for my $side ('real', 'facade') {
    my $dir = File::Temp::tempdir(CLEANUP => 1);
    my ($out, $err, $code) = $side eq 'real' ? run_perl_real($report, cwd => $dir) : run_perl_facade($report, cwd => $dir);
    is($code, 0, "$side: report.pl exits 0") or diag $err;
    like($out, qr/^Report department_report\.txt written in [\d.]+ seconds \(5 departments\)$/, "$side: report.pl says what it wrote");
    $text{$side} = -f "$dir/department_report.txt" ? slurp("$dir/department_report.txt") : '';
    $db{$side} = $dir;
}
like($text{real}, qr/^Department\s+Employees\s+Average\s+Total\n(?:.+\n){5}\z/, 'the report has a header and 5 department lines');
like($text{real}, qr/^O'Brien & Partners\s+100\s/m, 'a department name with a quote is reported as it is');
is($text{facade}, $text{real}, 'the bridge writes the same report as the real DBI');

my ($out, $err, $code) = run_perl($guide, inc => [ root() . '/perl/lib' ], cwd => $db{facade});
is($code, 0, 'report_bridge.pl exits 0') or diag $err;
is(slurp("$db{facade}/department_report_bridge.txt"), $text{real}, 'the User Guide form (call_python, fetch_row loop) writes the same report');

done_testing;
