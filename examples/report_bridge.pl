#!/usr/bin/perl
# The same report written the User Guide's way, with CPANBridge calls
# (database.connect, execute_statement, the fetch_row loop):
#
#   PERL5LIB=perl/lib perl examples/report_bridge.pl [report.txt]
#
# Run examples/report.pl once first: it creates example_company.db.
use strict;
use warnings;
use CPANBridge;
use Time::HiRes qw(time);

$CPANBridge::DAEMON_MODE = 1;
my $bridge = CPANBridge->new();
my $out = shift || 'department_report_bridge.txt';
my $start = time;

my $result = $bridge->call_python('database', 'connect', { dsn => 'dbi:SQLite:dbname=example_company.db' });
die "Failed to connect: " . $result->{error} unless $result->{success};

$result = $bridge->call_python('database', 'execute_statement', {
    sql => q{
        SELECT dept.name AS department, COUNT(emp.id) AS employee_count,
               AVG(emp.salary) AS avg_salary, SUM(emp.salary) AS total_salary
        FROM departments dept JOIN employees emp ON dept.id = emp.department_id
        WHERE emp.active = 1 GROUP BY dept.name ORDER BY total_salary DESC
    }
});
die "Query failed: " . $result->{error} unless $result->{success};

my @report_data;
while (my $row = $bridge->call_python('database', 'fetch_row', {})) {
    last unless $row->{success};
    push @report_data, $row->{result};
}

open my $fh, '>', $out or die "Cannot write $out: $!\n";
printf $fh "%-20s %10s %14s %14s\n", 'Department', 'Employees', 'Average', 'Total';
printf $fh "%-20s %10d %14.2f %14.2f\n", @{$_}{qw(department employee_count avg_salary total_salary)} for @report_data;
close $fh or die "Cannot write $out: $!\n";

printf "Report %s written in %.2f seconds (%d departments)\n", $out, time - $start, scalar @report_data;
