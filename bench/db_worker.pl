#!/usr/bin/perl
# One measured run for bench/db.pl: the real DBI or (with perl/compat first
# on @INC) the bridge's. Prints "<rows> <seconds>".
use strict;
use warnings;
use DBI;
use Time::HiRes qw(time);

my ($what, $dsn, $user, $pass, $n) = @ARGV;
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1, PrintError => 0, AutoCommit => 1 });
if ($what eq 'fetch') {
    my $t0 = time;
    my $sth = $dbh->prepare('SELECT id, name, amount, created FROM bench_db ORDER BY id');
    $sth->execute;
    my ($rows, $sum) = (0, 0);
    while (my $r = $sth->fetchrow_arrayref) { $rows++; $sum += $r->[0] }
    my $dt = time - $t0;
    die "fetched $rows rows, expected $n\n" unless $rows == $n;
    print "$rows $dt\n";
} elsif ($what eq 'lookup') {
    # small statements: one selectrow_array per lookup (round trips, not bulk)
    my $t0 = time;
    my $sum = 0;
    for my $i (1 .. $n) { my ($v) = $dbh->selectrow_array('SELECT amount FROM bench_db WHERE id = ?', undef, $i); $sum += $v }
    my $dt = time - $t0;
    die "lookup sum $sum\n" unless $sum > 0;
    print "$n $dt\n";
} elsif ($what eq 'insert') {
    $dbh->do('TRUNCATE bench_db_ins');
    my @ids = 1 .. $n;
    my @names = map { "name $_ O'Brien" } @ids;
    my @amounts = map { sprintf '%.2f', $_ / 7 } @ids;
    my @dates = map { '2024-01-02 03:04:05' } @ids;
    my $t0 = time;
    my $sth = $dbh->prepare('INSERT INTO bench_db_ins (id, name, amount, created) VALUES (?, ?, ?, ?)');
    my $tuples = $sth->execute_array({ ArrayTupleStatus => \my @status }, \@ids, \@names, \@amounts, \@dates);
    my $dt = time - $t0;
    my ($count) = $dbh->selectrow_array('SELECT COUNT(*) FROM bench_db_ins');
    die "inserted $count rows, expected $n\n" unless $count == $n && $tuples == $n;
    print "$n $dt\n";
}
$dbh->disconnect;
