#!/usr/bin/perl
# The User Guide's "Example 1" (database report) as a legacy DBI script:
# connect, query, loop over the rows, write a report file. Unchanged DBI
# code; it runs through cpan-bridge when perl/compat is first on PERL5LIB:
#
#   PERL5LIB=perl/compat:perl/lib perl examples/report.pl [report.txt] [dsn user password]
#
# Without a DSN it uses an SQLite file next to the report (created with
# sample data on first run), so it works with no database server.
use strict;
use warnings;
use DBI;
use Time::HiRes qw(time);

my $out  = shift || 'department_report.txt';
my $dsn  = shift || 'dbi:SQLite:dbname=example_company.db';
my ($user, $pass) = (shift || '', shift || '');
my $start = time;

my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0, AutoCommit => 1 })
    or die "Failed to connect: $DBI::errstr\n";
setup_sample_data($dbh) if $dsn =~ /^dbi:SQLite:/i;

my $sth = $dbh->prepare(q{
    SELECT dept.name AS department,
           COUNT(emp.id) AS employee_count,
           AVG(emp.salary) AS avg_salary,
           SUM(emp.salary) AS total_salary
    FROM departments dept
    JOIN employees emp ON dept.id = emp.department_id
    WHERE emp.active = ?
    GROUP BY dept.name
    ORDER BY total_salary DESC
});
$sth->execute(1);

open my $fh, '>', $out or die "Cannot write $out: $!\n";
printf $fh "%-20s %10s %14s %14s\n", 'Department', 'Employees', 'Average', 'Total';
my $n = 0;
while (my $row = $sth->fetchrow_hashref) {
    printf $fh "%-20s %10d %14.2f %14.2f\n", @{$row}{qw(department employee_count avg_salary total_salary)};
    $n++;
}
close $fh or die "Cannot write $out: $!\n";
$dbh->disconnect;

printf "Report %s written in %.2f seconds (%d departments)\n", $out, time - $start, $n;

sub setup_sample_data {
    my $dbh = shift;
    my $have = $dbh->selectrow_array(q{SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'employees'});
    return if $have;
    $dbh->begin_work;
    $dbh->do('CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    $dbh->do('CREATE TABLE employees (id INTEGER PRIMARY KEY, name TEXT, department_id INTEGER, salary NUMERIC, active INTEGER)');
    my @depts = ('Engineering', 'Sales', 'Operations', "O'Brien & Partners", 'Support');
    my $d = $dbh->prepare('INSERT INTO departments (id, name) VALUES (?, ?)');
    $d->execute_array({}, [ 1 .. @depts ], \@depts);
    my @ids = 1 .. 500;
    my $e = $dbh->prepare('INSERT INTO employees (id, name, department_id, salary, active) VALUES (?, ?, ?, ?, ?)');
    $e->execute_array({}, \@ids, [ map { "Employee $_" } @ids ], [ map { $_ % @depts + 1 } @ids ],
        [ map { 30000 + ($_ * 137) % 50000 } @ids ], [ map { $_ % 10 ? 1 : 0 } @ids ]);
    $dbh->commit;
    return;
}
