# Errors with RaiseError on and off, PrintError, HandleError, $DBI::err/errstr/state.
use strict;
use warnings;
use DBI;

my ($dsn, $user, $pass) = @ARGV;
$| = 1;
my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 0, PrintError => 0 }) or die $DBI::errstr;
my $drv = $dbh->{Driver}{Name};
# server NOTICEs (DBD::Pg prints them) are not relayed by the bridge
$dbh->do('SET client_min_messages = warning') if $drv eq 'Pg';
$dbh->do('DROP TABLE IF EXISTS t_err');
$dbh->do('CREATE TABLE t_err (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL)');
$dbh->do('INSERT INTO t_err (id, name) VALUES (1, ?)', undef, 'one');

sub show { my $what = shift; print "$what: err=", (defined $DBI::err ? 'set' : 'undef'), " errstr=", (defined $DBI::errstr ? 'set' : 'undef'), "\n" }

# quiet failures: return values and the error variables
my $rv = $dbh->do('INSERT INTO t_err (id, name) VALUES (1, ?)', undef, 'dup');
print "dup do: ", (defined $rv ? $rv : 'undef'), "\n";
show('after dup');
print "dbh err true: ", ($dbh->err ? 1 : 0), " errstr matches: ", ($dbh->errstr =~ /unique|duplicate|constraint/i ? 1 : 0), "\n";
print "state length: ", length($dbh->state), "\n";
$rv = $dbh->do('SELECT 1');
show('after success');
print "errstr after success: ", (defined $dbh->errstr ? 'set' : 'undef'), "\n";

my $sth = $dbh->prepare('INSERT INTO t_err (id, name) VALUES (?, ?)');
$rv = $sth->execute(2, undef);
print "not null execute: ", (defined $rv ? $rv : 'undef'), " sth err: ", ($sth->err ? 1 : 0), " dbh err: ", ($dbh->err ? 1 : 0), "\n";
$rv = $sth->execute(3, 'three');
print "good execute: $rv err: ", (defined $sth->err ? $sth->err : 'undef'), "\n";

# RaiseError: die messages name the driver, the handle type and the method
$dbh->{RaiseError} = 1;
print "RaiseError now: $dbh->{RaiseError}\n";
for my $case (
    [ 'do dup',         sub { $dbh->do('INSERT INTO t_err (id, name) VALUES (1, ?)', undef, 'x') } ],
    [ 'execute dup',    sub { $sth->execute(1, 'x') } ],
    [ 'selectrow dup',  sub { $dbh->selectrow_array('SELECT id FROM t_err WHERE id = ?', undef, 1, 2) } ],
    [ 'execute count',  sub { $sth->execute(1) } ],
) {
    my ($name, $code) = @$case;
    my $ok = eval { $code->(); 1 };
    my $msg = $@;
    $msg =~ s/(failed: ).*/$1.../s;
    print "$name: ", ($ok ? 'lived' : "died: $msg"), "\n";
}

# PrintError warns the same text and returns undef
$dbh->{RaiseError} = 0;
$dbh->{PrintError} = 1;
my @warn;
{
    local $SIG{__WARN__} = sub { push @warn, $_[0] };
    $dbh->do('INSERT INTO t_err (id, name) VALUES (1, ?)', undef, 'x');
}
print "warnings: ", scalar(@warn), " ", ($warn[0] =~ /^DBD::\Q$drv\E::db do failed: / ? 'DBI form' : "other: $warn[0]"), "\n";
$dbh->{PrintError} = 0;

# HandleError sees the message first and can swallow it
my $seen;
$dbh->{HandleError} = sub { $seen = $_[0]; return 1 };
$dbh->{RaiseError} = 1;
$rv = eval { $dbh->do('INSERT INTO t_err (id, name) VALUES (1, ?)', undef, 'x') };
print "HandleError: lived=", ($@ ? 0 : 1), " rv=", (defined $rv ? $rv : 'undef'), " seen=", ($seen =~ /^DBD::\Q$drv\E::db do failed: / ? 'DBI form' : $seen), "\n";
$dbh->{HandleError} = undef;

# connect failure with RaiseError off and on
my $bad = $dsn;
$bad =~ s/dbname=[^;]*/dbname=\/nonexistent\/dir\/x.db/ if $drv eq 'SQLite';
my $bad_pass = $drv eq 'SQLite' ? $pass : 'wrong-password';
my $x = DBI->connect($bad, ($drv eq 'SQLite' ? $user : 'nosuchuser'), $bad_pass, { RaiseError => 0, PrintError => 0 });
print "bad connect: ", (defined $x ? 'defined' : 'undef'), " err set: ", ($DBI::err ? 1 : 0), "\n";
print "errstr has no password: ", ($DBI::errstr !~ /wrong-password/ ? 1 : 0), "\n";
my $ok = eval { DBI->connect($bad, ($drv eq 'SQLite' ? $user : 'nosuchuser'), $bad_pass, { RaiseError => 1, PrintError => 0 }); 1 };
(my $m = $@) =~ s/(failed: ).*/$1.../s;
print "bad connect RaiseError: ", ($ok ? 'lived' : "died: $m"), "\n";

$dbh->{RaiseError} = 0;
$dbh->do('DROP TABLE t_err');
$dbh->disconnect;
print "done\n";
