# Fetching where the driver has no rows to give: after a failed execute, past
# the end, after finish, before execute, after a non-SELECT; what each fetch
# method returns, what it warns (PrintError), dies with (RaiseError), and the
# err/errstr/state it leaves. Then PostgreSQL's NOTICE/WARNING messages as
# DBD::Pg relays them (PrintWarn, Warn, client_min_messages).
use strict;
use warnings;
use DBI;

my ($dsn, $user, $pass) = @ARGV;
$| = 1;
$SIG{__WARN__} = sub {
    (my $w = shift) =~ s/\n/\\n/g;
    # libpq's own complaint, which DBD::Pg prints when NAME is read after a failed
    # re-execute; the bridge has no libpq (a known difference)
    return if $w eq 'column number 0 is out of range 0..-1\\n';
    print "  WARN: $w\n";
};
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 0, PrintError => 1, AutoCommit => 1 }) or die $DBI::errstr;
my $drv = $dbh->{Driver}{Name};
{
    local $dbh->{PrintWarn} = 0;
    $dbh->do('DROP TABLE IF EXISTS t_warn');
    $dbh->do('DROP TABLE IF EXISTS t_gone');
}
$dbh->do('CREATE TABLE t_warn (id INTEGER PRIMARY KEY, name VARCHAR(20))');
$dbh->do("INSERT INTO t_warn (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three')");

sub v { return defined $_[0] ? $_[0] : 'undef' }
sub shown {
    my @r = @_;
    return 'empty list' unless @r;
    return join ',', map { !defined $_ ? 'undef' : ref $_ eq 'ARRAY' ? 'ARRAY(' . scalar(@$_) . ')' : ref $_ eq 'HASH' ? 'HASH(' . join(',', sort keys %$_) . ')' : $_ } @r;
}
# A die from inside DBI itself (fetchall_arrayref({}) without NAME) names DBI's file: only its text counts.
sub died {
    (my $at = shift) =~ s/ at (\S+) line \d+\.$/$1 eq $0 ? $& : ''/e;
    $at =~ s/\n/\\n/g;
    return $at;
}
sub state_of {
    my ($h) = @_;
    return 'err=' . v($h->err) . ' errstr=' . v($h->errstr) . ' state=' . v($h->state)
        . ' | DBI::err=' . v($DBI::err) . ' DBI::errstr=' . v($DBI::errstr) . ' DBI::state=' . v($DBI::state)
        . ' | dbh err=' . v(($h->{Type} eq 'st' ? $h->{Database} : $h)->err) . ' Active=' . v($h->{Active});
}

my %fetch = (
    fetchrow_arrayref => sub { $_[0]->fetchrow_arrayref },
    fetch             => sub { $_[0]->fetch },
    fetchrow_array    => sub { my @r = $_[0]->fetchrow_array; @r },
    fetchrow_hashref  => sub { $_[0]->fetchrow_hashref },
    fetchall_arrayref => sub { $_[0]->fetchall_arrayref },
);
# Not here: fetchall_arrayref({}) and fetchall_hashref on such a statement,
# where DBI reads NAME first and what follows is DBI's own (it dies inside
# DBI.pm for DBD::mysql and DBD::MariaDB, chains "[err was 4 now 2000000000]").
my @methods = qw(fetchrow_arrayref fetch fetchrow_array fetchrow_hashref fetchall_arrayref);

# Each situation makes a fresh statement handle in the state to test.
my %situation = (
    'failed execute' => sub {
        $dbh->do('CREATE TABLE t_gone (id INTEGER)');
        my $sth = $dbh->prepare('SELECT id FROM t_gone');
        $dbh->do('DROP TABLE t_gone');
        { local $SIG{__WARN__} = sub { }; $sth->execute }
        return $sth;
    },
    # the nightly loop's case: the statement ran before, then the server refuses it
    'good then failed execute' => sub {
        $dbh->do('CREATE TABLE t_gone (id INTEGER)');
        $dbh->do('INSERT INTO t_gone (id) VALUES (1), (2)');
        my $sth = $dbh->prepare('SELECT id FROM t_gone');
        $sth->execute;
        1 while $sth->fetchrow_arrayref;
        $dbh->do('DROP TABLE t_gone');
        { local $SIG{__WARN__} = sub { }; $sth->execute }
        return $sth;
    },
    'past the end' => sub {
        my $sth = $dbh->prepare('SELECT id, name FROM t_warn ORDER BY id');
        $sth->execute;
        1 while $sth->fetchrow_arrayref;
        return $sth;
    },
    'after finish' => sub {
        my $sth = $dbh->prepare('SELECT id, name FROM t_warn ORDER BY id');
        $sth->execute;
        $sth->fetchrow_arrayref;
        $sth->finish;
        return $sth;
    },
    'before execute' => sub { return $dbh->prepare('SELECT id, name FROM t_warn ORDER BY id') },
    'after an UPDATE' => sub {
        my $sth = $dbh->prepare('UPDATE t_warn SET name = name WHERE id = 1');
        $sth->execute;
        return $sth;
    },
);
my @situations = ('failed execute', 'good then failed execute', 'past the end', 'after finish', 'before execute', 'after an UPDATE');

for my $sit (@situations) {
    for my $m (@methods) {
        my $sth = $situation{$sit}->();
        print "$sit, $m:\n";
        my @r;
        my $ok = eval { @r = $fetch{$m}->($sth); 1 };
        print "  ", ($ok ? 'returned: ' . shown(@r) : 'died: ' . died($@)), "\n";
        print "  ", state_of($sth), "\n";
        $sth->finish;
    }
}

# The same fetch with RaiseError on, and with PrintError off
for my $attrs ([ RaiseError => 1, PrintError => 1 ], [ RaiseError => 1, PrintError => 0 ], [ RaiseError => 0, PrintError => 0 ]) {
    my %a = @$attrs;
    for my $sit ('failed execute', 'past the end') {
        for my $m ('fetchrow_hashref', 'fetchall_arrayref') {
            my $sth = $situation{$sit}->();
            $sth->{$_} = $a{$_} for keys %a;
            print "$sit, $m, RaiseError=$a{RaiseError} PrintError=$a{PrintError}:\n";
            my @r;
            my $ok = eval { @r = $fetch{$m}->($sth); 1 };
            print "  ", ($ok ? 'returned: ' . shown(@r) : 'died: ' . died($@)), "\n";
            print "  ", state_of($sth), "\n";
        }
    }
}

# HandleError sees the fetch failure first
{
    my $sth = $situation{'failed execute'}->();
    my $seen;
    $sth->{HandleError} = sub { ($seen = $_[0]) =~ s/\n/\\n/g; return 1 };
    my $r = $sth->fetchrow_hashref;
    print "HandleError: returned ", v($r), " seen ", v($seen), "\n";
}

# dump_results after a failed execute
{
    my $sth = $situation{'failed execute'}->();
    my $n = $sth->dump_results;
    print "dump_results: ", v($n), "\n";
}

if ($drv eq 'Pg') {
    # PostgreSQL's NOTICE/WARNING/INFO: warned as libpq gives them, when the database handle's PrintWarn and Warn are on
    my $do = q{DO $$BEGIN RAISE NOTICE 'hello %', 42; RAISE WARNING 'careful'; RAISE INFO 'info'; END$$};
    for my $attrs ({}, { PrintWarn => 0 }, { PrintWarn => 1 }, { Warn => 0 }, { PrintError => 0 }, { RaiseError => 1 }) {
        my $h = DBI->connect($dsn, $user, $pass, { RaiseError => 0, %$attrs });
        print "notices, connect with {", join(',', map { "$_=$attrs->{$_}" } sort keys %$attrs), "}:\n";
        my $rv = $h->do('DROP TABLE IF EXISTS t_missing_notice');
        print "  drop if exists: ", v($rv), " ", state_of($h), "\n";
        $rv = $h->do($do);
        print "  do block: ", v($rv), " ", state_of($h), "\n";
        $h->disconnect;
    }
    $dbh->do(q{CREATE OR REPLACE FUNCTION f_warn_notice(i integer) RETURNS integer AS $$BEGIN RAISE NOTICE 'row %', i; RETURN i; END$$ LANGUAGE plpgsql});
    my $sth = $dbh->prepare('SELECT f_warn_notice(g) FROM generate_series(1, 3) g');
    print "function in a SELECT: execute=", v($sth->execute), "\n";
    while (my $r = $sth->fetchrow_arrayref) { print "  row $r->[0]\n" }
    $sth->{PrintWarn} = 0;
    print "  the statement's PrintWarn off: execute=", v($sth->execute), "\n";
    $sth->finish;
    {
        local $dbh->{PrintWarn} = 0;
        print "local PrintWarn=0: ", v($dbh->do($do)), "\n";
    }
    $dbh->{Warn} = 0;
    print "Warn=0: ", v($dbh->do($do)), "\n";
    $dbh->{Warn} = 1;
    $dbh->do('SET client_min_messages = warning');
    print "client_min_messages=warning: ", v($dbh->do($do)), " ", v($dbh->do('DROP TABLE IF EXISTS t_missing_notice')), "\n";
    $dbh->do('SET client_min_messages = debug1');
    print "client_min_messages=debug1: ", v($dbh->do(q{DO $$BEGIN RAISE DEBUG 'dbg'; RAISE LOG 'lg'; END$$})), "\n";
    $dbh->do('SET client_min_messages = notice');
    print "detail and hint: ", v($dbh->do(q{DO $$BEGIN RAISE NOTICE USING MESSAGE = 'm', DETAIL = 'd', HINT = 'h'; END$$})), "\n";
    print "two lines: ", v($dbh->do(qq{DO \$\$BEGIN RAISE NOTICE 'first\nsecond'; END\$\$})), "\n";
    print "unicode: ", v($dbh->do(qq{DO \$\$BEGIN RAISE NOTICE 'caf\x{e9} \x{263a}'; END\$\$})), "\n";
    my $rv = $dbh->do(q{DO $$BEGIN RAISE NOTICE 'before the error'; RAISE EXCEPTION 'boom'; END$$});
    print "notice then error: ", v($rv), " ", state_of($dbh), "\n";
    $dbh->{RaiseError} = 1;
    my $ok = eval { $dbh->do(q{DO $$BEGIN RAISE WARNING 'before dying'; RAISE EXCEPTION 'boom'; END$$}); 1 };
    (my $at = $@) =~ s/\n/\\n/g;
    print "notice then RaiseError: ", ($ok ? 'lived' : "died: $at"), "\n";
    $dbh->{RaiseError} = 0;
    my @r = $dbh->selectrow_array('SELECT f_warn_notice(5)');
    print "selectrow_array: @r\n";
    {
        local $SIG{__WARN__};
        # without a handler the notice goes to STDERR
        $dbh->do(q{DO $$BEGIN RAISE NOTICE 'to stderr'; END$$});
    }
    $dbh->do('DROP FUNCTION f_warn_notice(integer)');
}

{
    local $dbh->{PrintWarn} = 0;
    $dbh->do('DROP TABLE IF EXISTS t_warn');
}
$dbh->disconnect;
print "done\n";
