# Issue 11, item 8: user= and password= in the data source, differential.
# The same script connects with credentials in the DSN, in the arguments, or
# both (one of them wrong) under the real DBI + DBD::Pg / DBD::mysql /
# DBD::MariaDB and under perl/compat's DBI; who gets in (and err/state when
# nobody does) must be the same. The password never shows: not in the
# facade's output (a failed connect with PrintError prints the DSN, which the
# real DBI prints whole) and not in this test's own output.
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
my ($dsn, $user, $pass) = @ARGV;
my @cases = (
    [ 'in the DSN, arguments undef',           "$dsn;user=$user;password=$pass",  undef, undef ],
    [ "in the DSN, arguments ''",              "$dsn;user=$user;password=$pass",  '', '' ],
    [ 'wrong password in the DSN, arguments right', "$dsn;user=$user;password=wrong", $user, $pass ],
    [ 'DSN right, wrong password argument',    "$dsn;user=$user;password=$pass",  $user, 'wrong' ],
    [ 'user in the DSN, password argument',    "$dsn;user=$user",                 undef, $pass ],
    [ 'another user in the DSN, arguments right', "$dsn;user=nobody",             $user, $pass ],
    [ 'password quoted in the DSN',            "$dsn;user=$user;password='$pass'", undef, undef ],
);
for my $c (@cases) {
    my ($label, $d, $u, $p) = @$c;
    my $dbh = DBI->connect($d, $u, $p, { PrintError => 0, RaiseError => 0 });
    if ($dbh) {
        my $who = $dbh->selectrow_array($dbh->{Driver}{Name} eq 'Pg' ? 'SELECT current_user' : q{SELECT SUBSTRING_INDEX(CURRENT_USER(), '@', 1)});
        print "$label: connected as $who\n";
        $dbh->disconnect;
    } else {
        print "$label: refused, err=$DBI::err state=$DBI::state\n";
    }
}
PERL

# a failed connect that prints its error: the facade shows the DSN without the password
my $loud = <<'PERL';
use strict;
use warnings;
use DBI;
my ($dsn, $user, $pass) = @ARGV;
my $dbh = DBI->connect("$dsn;password=$pass", 'nobody', 'wrong', { PrintError => 1, RaiseError => 0 });
print $dbh ? "connected\n" : "refused: $DBI::errstr\n";
eval { DBI->connect("$dsn;password=$pass", 'nobody', 'wrong', { RaiseError => 1, PrintError => 0 }) };
print "died: $@";
PERL

for my $drv ('Pg', 'mysql', 'MariaDB') {
    my ($dsn, $user, $pass) = db_target($drv, '');
    ok($dsn, "$drv test server configured in .test-services/env") or next;
    my $hide = sub { my $s = shift; $s =~ s/\Q$pass\E/<password>/g; return $s };
    my @real = run_perl_real($script, args => [ $dsn, $user, $pass ]);
    my @fac  = run_perl_facade($script, args => [ $dsn, $user, $pass ]);
    is($real[2], 0, "$drv: the script runs with the real DBI") or diag $hide->($real[1]);
    is($fac[2], 0, "$drv: the script runs with the facade") or diag $hide->($fac[1]);
    is($hide->($fac[0]), $hide->($real[0]), "$drv: the same connects succeed, as the same user, and fail with the same err/state");
    unlike($fac[0] . $fac[1], qr/\Q$pass\E/, "$drv: no password in the facade's output");
    diag $hide->($real[0]) if $ENV{TEST_VERBOSE};

    my ($out, $err, $code) = run_perl_facade($loud, args => [ $dsn, $user, $pass ]);
    like($err, qr/DBI connect\('.*password=\*\*\*.*',\S*,\.\.\.\) failed: /, "$drv: PrintError shows the DSN with its password masked") or diag $hide->($err);
    like($out, qr/^died: DBI connect\('.*password=\*\*\*/m, "$drv: RaiseError's message masks it too") or diag $hide->($out);
    unlike($out . $err, qr/\Q$pass\E/, "$drv: no password in a failed connect's messages");
}

done_testing;
