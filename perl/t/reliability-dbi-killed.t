# Issue 11, item 8: a connection whose server session was killed, differential.
# Another connection ends the session (pg_terminate_backend, KILL) while it is
# idle, and while a statement runs on it; the script then goes on using the
# handle. $DBI::err, $DBI::state and $DBI::errstr for each call, ping and
# Active must be what the real DBD::Pg / DBD::mysql / DBD::MariaDB give
# (DBD::Pg: 08000, libpq's text once, then "no connection to the server";
# MySQL family: 2013 then 2006), and nothing may hang.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade);
use lib 'perl/t/data/db';
use DBDiff;
use Test::More;

my $script = <<'PERL';
use strict;
use warnings;
use DBI;
my ($dsn, $user, $pass, $when) = @ARGV;
my $pg = $dsn =~ /^dbi:Pg:/i;
my $victim = DBI->connect($dsn, $user, $pass, { PrintError => 0, RaiseError => 0 }) or die $DBI::errstr;
my $id = $victim->selectrow_array($pg ? 'SELECT pg_backend_pid()' : 'SELECT CONNECTION_ID()');
sub show {
    my $what = shift;
    (my $e = defined $DBI::errstr ? $DBI::errstr : 'undef') =~ s/\n/\\n/g;
    printf "%s: err=%s state=%s errstr=%s\n", $what, (defined $DBI::err ? $DBI::err : 'undef'), (defined $DBI::state ? $DBI::state : 'undef'), $e;
}
# the killer: waits until the victim is busy (in-flight) or at once (idle), then ends its session
my $kill = sub {
    my $k = DBI->connect($dsn, $user, $pass, { PrintError => 0, RaiseError => 1 });
    if ($when eq 'in-flight') {
        my $busy = $pg ? q{SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND state = 'active' AND query LIKE '%pg_sleep%'}
                       : q{SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND INFO LIKE '%SLEEP%'};
        for (1 .. 2000) { last if $k->selectrow_array($busy, undef, $id); select undef, undef, undef, 0.01 }
    }
    if ($pg) { $k->selectrow_array('SELECT pg_terminate_backend(?)', undef, $id) } else { $k->do("KILL $id") }
    if ($pg) {
        # the session is gone once the server no longer lists it
        for (1 .. 2000) { last unless $k->selectrow_array('SELECT count(*) FROM pg_stat_activity WHERE pid = ?', undef, $id); select undef, undef, undef, 0.01 }
    } else {
        for (1 .. 2000) { last unless $k->selectrow_array('SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = ?', undef, $id); select undef, undef, undef, 0.01 }
    }
    $k->disconnect;
};
if ($when eq 'in-flight') {
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if (!$pid) { $kill->(); exit 0 }
    $victim->selectrow_array($pg ? 'SELECT pg_sleep(20)' : 'SELECT SLEEP(20)');
    show('the running statement');
    waitpid $pid, 0;
} else {
    $kill->();
}
$victim->selectrow_array('SELECT 1');
show('next statement');
$victim->selectrow_array('SELECT 2');
show('one more');
my $sth = $victim->prepare('SELECT 3');
$sth->execute if $sth;
show('prepare and execute');
$victim->do('SELECT 4');
show('do');
print 'ping: ', ($victim->ping ? 1 : 0), ' Active: ', ($victim->{Active} ? 1 : 0), "\n";
$victim->do('SELECT 5');
show('do after ping');
$victim->disconnect;
show('disconnect');
PERL

for my $drv ('Pg', 'mysql', 'MariaDB') {
    my ($dsn, $user, $pass) = db_target($drv, '');
    ok($dsn, "$drv test server configured in .test-services/env") or next;
    for my $when ('idle', 'in-flight') {
        my @real = run_perl_real($script, args => [ $dsn, $user, $pass, $when ]);
        my @fac  = run_perl_facade($script, args => [ $dsn, $user, $pass, $when ]);
        is($real[2], 0, "$drv $when: the script runs with the real DBI") or diag $real[1];
        is($fac[2], 0, "$drv $when: the script runs with the facade") or diag $fac[1];
        is($fac[0], $real[0], "$drv $when: err, state and errstr after the kill as the real driver's");
        diag $real[0] if $ENV{TEST_VERBOSE};
    }
}

done_testing;
