#!/usr/bin/perl
# Load and isolation: N forked Perl clients for S seconds against one daemon,
# each alternating test.echo with a value only it knows and a DBI round trip
# on its own SQLite file (insert, then read the row back by key). Counts
# calls, replies that are not the caller's own ("wrong"), and errors, and
# prints the daemon's RSS and open handles before and after. One JSON line.
#
#   perl bench/load.pl [clients=8] [seconds=30]     (CPAN_BRIDGE_SOCKET names the daemon)
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../perl/lib", "$FindBin::Bin/../perl/compat";
use CPANBridge;
use DBI;
use File::Temp ();
use Time::HiRes qw(time);

my ($clients, $seconds) = @ARGV;
$clients ||= 8;
$seconds ||= 30;
my $dir = File::Temp::tempdir(CLEANUP => 1);

sub daemon_figures {
    my $r = CPANBridge->new->call('system', 'metrics', {});
    die "system.metrics failed: $r->{error}\n" unless $r->{success};
    my $res = $r->{result}{resource_status} || {};
    my $con = $r->{result}{connection_summary} || {};
    return { rss_mb => $res->{memory_mb}, handles => $con->{open_handles} };
}

my $before = daemon_figures();
my @kids;
for my $c (1 .. $clients) {
    pipe(my $rd, my $wr) or die "pipe: $!";
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        close $rd;
        my ($calls, $wrong, $errors) = (0, 0, 0);
        my $br = CPANBridge->new;
        my $dbh = DBI->connect("dbi:SQLite:dbname=$dir/c$c.db", '', '', { RaiseError => 1, PrintError => 0 });
        $dbh->do('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)');
        my $ins = $dbh->prepare('INSERT INTO t (k, v) VALUES (?, ?)');
        my $end = time + $seconds;
        my $i = 0;
        while (time < $end) {
            $i++;
            my $mine = "client $c ($$) call $i";
            my $r = $br->call('test', 'echo', { value => $mine });
            $calls++;
            if (!$r->{success}) { $errors++ }
            elsif (($r->{result}{value} // '') ne $mine) { $wrong++ }
            my $got = eval {
                $ins->execute($i, $mine);
                $dbh->selectrow_array('SELECT v FROM t WHERE k = ?', undef, $i);
            };
            $calls += 2;
            if (!defined $got) { $errors++ } elsif ($got ne $mine) { $wrong++ }
        }
        $dbh->disconnect;
        print {$wr} "$calls $wrong $errors\n";
        close $wr;
        exit 0;
    }
    close $wr;
    push @kids, [$pid, $rd];
}
my ($calls, $wrong, $errors) = (0, 0, 0);
for my $k (@kids) {
    my $line = readline $k->[1] // '0 0 1';
    waitpid $k->[0], 0;
    my @n = split ' ', $line;
    $calls += $n[0]; $wrong += $n[1]; $errors += $n[2];
}
my $after = daemon_figures();
printf qq({"clients":%d,"seconds":%d,"calls":%d,"per_s":%.0f,"wrong":%d,"errors":%d,"rss_mb_before":%s,"rss_mb_after":%s,"handles_before":%s,"handles_after":%s}\n),
    $clients, $seconds, $calls, $calls / $seconds, $wrong, $errors,
    map { defined $_ ? $_ : 'null' } $before->{rss_mb}, $after->{rss_mb}, $before->{handles}, $after->{handles};
