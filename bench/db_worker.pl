#!/usr/bin/perl
# One measured run for bench/db.pl: the real DBI or (with perl/compat first
# on @INC) the bridge's. Prints "<count> <seconds>" on success; any mismatch
# dies, so the parent never turns a broken run into a ratio.
#   db_worker.pl WHAT DRIVER DSN N    (user and password in CB_BENCH_USER /
#   CB_BENCH_PASSWORD, so they are not on the command line)
# WHAT: fetch (fetchrow_arrayref), fetch_hash (fetchrow_hashref), lookup
# (selectrow_array by key), update (do UPDATE by key), insert (execute_array),
# warm (a bit of each, not measured).
use strict;
use warnings;
use DBI;
use Time::HiRes qw(time);

my ($what, $driver, $dsn, $n) = @ARGV;
die "usage: db_worker.pl WHAT DRIVER DSN N\n" unless defined $n && $n =~ /^\d+$/;
my $dbh = DBI->connect($dsn, $ENV{CB_BENCH_USER}, $ENV{CB_BENCH_PASSWORD},
    { RaiseError => 1, PrintError => 0, AutoCommit => 1 });

sub fetch {
    my ($how, $expect) = @_;
    my $t0 = time;
    my $sth = $dbh->prepare('SELECT id, name, amount, created FROM bench_db ORDER BY id');
    $sth->execute;
    my ($rows, $sum) = (0, 0);
    if ($how eq 'hash') {
        while (my $r = $sth->fetchrow_hashref) { $rows++; $sum += $r->{id} }
    } else {
        while (my $r = $sth->fetchrow_arrayref) { $rows++; $sum += $r->[0] }
    }
    my $dt = time - $t0;
    die "fetched $rows rows, expected $expect\n" unless $rows == $expect;
    die "fetched ids sum to $sum\n" unless $sum == $expect * ($expect + 1) / 2;
    return ($rows, $dt);
}

# small statements: one selectrow_array per lookup (round trips, not bulk);
# keys spread over the table so no driver is helped by one hot page
sub lookup {
    my ($count, $table_rows) = @_;
    my $t0 = time;
    my $found = 0;
    for my $i (1 .. $count) {
        my ($v) = $dbh->selectrow_array('SELECT amount FROM bench_db WHERE id = ?', undef, 1 + ($i * 7919) % $table_rows);
        $found++ if defined $v;
    }
    my $dt = time - $t0;
    die "lookups found $found rows of $count\n" unless $found == $count;
    return ($count, $dt);
}

# each do() is its own autocommitted statement, as in a per-line legacy script;
# amount + 1 so every update changes its row (MySQL counts changed rows)
sub update {
    my ($count, $table_rows) = @_;
    my $t0 = time;
    my $changed = 0;
    for my $i (1 .. $count) {
        $changed += $dbh->do('UPDATE bench_db SET amount = amount + 1 WHERE id = ?', undef, 1 + ($i * 7919) % $table_rows);
    }
    my $dt = time - $t0;
    die "updates changed $changed rows of $count\n" unless $changed == $count;
    return ($count, $dt);
}

sub insert {
    my ($count) = @_;
    $dbh->do($driver eq 'sqlite' ? 'DELETE FROM bench_db_ins' : 'TRUNCATE TABLE bench_db_ins');
    my @ids = 1 .. $count;
    my @names = map { "name $_ O'Brien" } @ids;
    my @amounts = map { sprintf '%.2f', $_ / 7 } @ids;
    my @dates = map { '2024-01-02 03:04:05' } @ids;
    my $t0 = time;
    my $sth = $dbh->prepare('INSERT INTO bench_db_ins (id, name, amount, created) VALUES (?, ?, ?, ?)');
    my $tuples = $sth->execute_array({ ArrayTupleStatus => \my @status }, \@ids, \@names, \@amounts, \@dates);
    my $dt = time - $t0;
    my ($rows) = $dbh->selectrow_array('SELECT COUNT(*) FROM bench_db_ins');
    die "inserted $rows rows (execute_array said $tuples), expected $count\n" unless $rows == $count && $tuples == $count;
    return ($count, $dt);
}

# table size is the fetch's row count, passed as N for fetch/fetch_hash/warm;
# lookups and updates get it from CB_BENCH_TABLE_ROWS
my $table_rows = $ENV{CB_BENCH_TABLE_ROWS} || $n;
my ($count, $dt);
if    ($what eq 'fetch')      { ($count, $dt) = fetch('array', $n) }
elsif ($what eq 'fetch_hash') { ($count, $dt) = fetch('hash', $n) }
elsif ($what eq 'lookup')     { ($count, $dt) = lookup($n, $table_rows) }
elsif ($what eq 'update')     { ($count, $dt) = update($n, $table_rows) }
elsif ($what eq 'insert')     { ($count, $dt) = insert($n) }
elsif ($what eq 'warm') {
    fetch('array', $n);
    lookup(200, $n);
    update(200, $n);
    ($count, $dt) = (1, 1);
}
else { die "unknown benchmark '$what'\n" }
$dbh->disconnect;
print "$count $dt\n";
