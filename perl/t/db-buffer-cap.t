# Past CPAN_BRIDGE_DB_BUFFER_MB a result streams instead of being read whole
# at execute: execute says -1 (the count is not known), rows counts the rows
# fetched so far and is the total once the loop ends, every row arrives, and
# the daemon logs the fallback. Below the limit the count is the driver's.
# Its own daemon (the limit is the daemon's), started with a 1 MB limit.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_facade root);
use lib 'perl/t/data/db';
use DBDiff;
use File::Temp ();
use POSIX ();
use Time::HiRes ();
use Test::More;

my $dir = File::Temp::tempdir(CLEANUP => 1);
my ($sock, $log) = ("$dir/cap.sock", "$dir/daemon.log");
my $pid = fork // die "fork: $!";
if (!$pid) {
    open STDOUT, '>', '/dev/null';
    $ENV{CPAN_BRIDGE_DB_BUFFER_MB} = 1;
    $ENV{CPAN_BRIDGE_LOG_FILE} = $log;
    exec 'node', root() . '/dist/src/main.js', 'serve', '--socket', $sock or POSIX::_exit(127);
}
for (1 .. 500) { last if -S $sock; Time::HiRes::sleep(0.01) }
ok(-S $sock, 'a daemon with CPAN_BRIDGE_DB_BUFFER_MB=1 is listening') or BAIL_OUT('no daemon');

my $script = <<'PERL';
use strict;
use warnings;
use DBI;
my $dbh = DBI->connect($ARGV[0], $ARGV[1], $ARGV[2], { RaiseError => 1, PrintError => 0 });
my $series = $dbh->{Driver}{Name} eq 'Pg' ? 'generate_series(1, 60000) g' : '(SELECT seq AS g FROM seq_1_to_60000) s';
my $sth = $dbh->prepare("SELECT g, RPAD('x', 40, 'y') FROM $series ORDER BY g");
my $rv = $sth->execute;
print "big execute: $rv\n";
print "big rows before fetch: ", $sth->rows, "\n";
my $n = 0;
while (my $r = $sth->fetchrow_arrayref) { $n++; print "big rows at 1000: ", $sth->rows, "\n" if $n == 1000 }
print "big fetched: $n\n";
print "big rows after loop: ", $sth->rows, "\n";
$sth = $dbh->prepare("SELECT g FROM $series WHERE g <= 7");
print "small execute: ", $sth->execute, "\n";
$sth->finish;
PERL

for my $drv ('Pg', 'MariaDB') {
    my ($dsn, $user, $pass) = db_target($drv, $dir);
    ok($dsn, "$drv target configured") or next;
    local $ENV{CPAN_BRIDGE_SOCKET} = $sock;
    my ($out, $err, $code) = run_perl_facade($script, cwd => $dir, args => [ $dsn, $user, $pass ]);
    is($code, 0, "$drv: the script runs") or diag $err;
    is($out, "big execute: -1\nbig rows before fetch: 0\nbig rows at 1000: 1000\nbig fetched: 60000\nbig rows after loop: 60000\nsmall execute: 7\n",
        "$drv: past the limit execute says -1 and rows counts what was fetched; below it, the count");
}

kill 'TERM', $pid;
waitpid $pid, 0;
my $text = -e $log ? do { local $/; open my $fh, '<', $log or die $!; <$fh> } : '';
my @lines = grep { /CPAN_BRIDGE_DB_BUFFER_MB/ } split /\n/, $text;
is(scalar @lines, 2, 'each fallback is logged once') or diag $text;
like($lines[0] // '', qr/"level":(?:40|"warn"|"WARN")/, 'at warn level');
done_testing;
