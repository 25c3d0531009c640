# The Operations Guide's log recipes, run as the guide writes them, against a
# daemon whose socket has the default name (so its logs are the guide's
# cpan_daemon.log and cpan_security.log beside it): errors and security
# events are counted by `grep`, failed logins and statements are logged at
# warn with the method, the session and the driver's code, never a password.
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
my $sock = "$dir/cpan_bridge.sock";
my ($log, $seclog) = ("$dir/cpan_daemon.log", "$dir/cpan_security.log");
my $pid = fork // die "fork: $!";
if (!$pid) {
    open STDOUT, '>', '/dev/null';
    delete @ENV{qw(CPAN_BRIDGE_LOG_FILE CPAN_BRIDGE_SECURITY_LOG CPAN_BRIDGE_LOG_LEVEL)};
    exec 'node', root() . '/dist/src/main.js', 'serve', '--socket', $sock or POSIX::_exit(127);
}
END { if ($pid) { kill 'TERM', $pid; waitpid $pid, 0 } }
for (1 .. 500) { last if -S $sock; Time::HiRes::sleep(0.01) }
ok(-S $sock, 'daemon listening') or BAIL_OUT('no daemon');

my ($pg_dsn, $pg_user) = db_target('Pg', $dir);
my $wrong = 'not-the-password-' . $$;
my $script = <<'PERL';
use strict;
use warnings;
use DBI;
use CPANBridge;
my ($pg_dsn, $pg_user, $wrong) = @ARGV;
my $dbh = DBI->connect('dbi:SQLite:dbname=guide.db', '', '', { RaiseError => 0, PrintError => 0 });
$dbh->do('SELECT * FROM no_such_table');
DBI->connect($pg_dsn, $pg_user, $wrong, { RaiseError => 0, PrintError => 0 });
DBI->connect('dbi:Pg:dbname=x;host=127.0.0.1;port=1', 'x', 'y', { RaiseError => 0, PrintError => 0 });
CPANBridge->new->call('no_such', 'method', {});
print "done\n";
PERL
{
    local $ENV{CPAN_BRIDGE_SOCKET} = $sock;
    my ($out, $err, $code) = run_perl_facade($script, cwd => $dir, args => [ $pg_dsn, $pg_user, $wrong ]);
    is($out, "done\n", 'the script ran') or diag $err;
}
# the log is written off the request path: wait (bounded) for the last line
my $text = '';
for (1 .. 200) {
    $text = do { open my $fh, '<', $log or die "$log: $!"; local $/; <$fh> } // '';
    last if $text =~ /backend unreachable/;
    Time::HiRes::sleep(0.02);
}
my $sh = sub { my $out = qx{$_[0]}; chomp $out; return $out };
cmp_ok($sh->("tail -50 $log | grep -i error | wc -l"), '>=', 1, 'tail -50 cpan_daemon.log | grep -i error | wc -l counts the error');
cmp_ok($sh->("tail -100 $log | grep -c ERROR"), '>=', 1, 'tail -100 cpan_daemon.log | grep -c ERROR too');
cmp_ok($sh->("tail -100 $log | grep -c \"Handling client\""), '>=', 1, 'grep -c "Handling client" counts client connections');
cmp_ok($sh->("tail -20 $seclog | grep -c \"SECURITY ALERT\""), '>=', 1, 'tail -20 cpan_security.log | grep -c "SECURITY ALERT" counts the rejected call');
my @lines = split /\n/, $text;
my ($bad_sql) = grep { /"backend call failed"/ && /do_statement/ } @lines;
like($bad_sql // '', qr/"level":"WARN"/, 'bad SQL: a warn line');
like($bad_sql // '', qr/"session":"perl-\d+-/, 'naming the session by its public id');
my ($login) = grep { /"backend call failed"/ && /28P01/ } @lines;
like($login // '', qr/"method":"database\.connect"/, 'a failed login: the method and the driver\'s code (28P01)');
my ($down) = grep { /"backend unreachable"/ } @lines;
like($down // '', qr/"level":"ERROR".*"state":"08006"/, 'a database nobody listens on: an error line');
unlike($text, qr/\Q$wrong\E/, 'the password is in no line');
unlike($text, qr/no_such_table/, 'nor the statement text');
done_testing;
