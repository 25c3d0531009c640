# Issue 17, item 1: every Perl ithread gets its own replies.
#
# The old bridge's load scripts use the bridge in the main thread and then
# start threads. A thread is a copy of the main interpreter, and so was its
# open connection to the daemon: 40 threads writing requests on one socket
# read each other's replies. Each thread must open its own connection (the
# clients' CLONE), and keep the process's session, so a handle the main
# thread made still works in a thread, and a thread's exit ends nothing.
use strict;
use warnings;
use Config;

BEGIN {
    unless ($Config{useithreads}) {
        print "1..0 # SKIP this perl was built without ithreads (useithreads undef)\n";
        exit 0;
    }
}

use threads;
use FindBin;
use lib "$FindBin::Bin/lib";
use BridgeTest qw(run_perl root);
use Test::More;
use Time::HiRes ();
use CPANBridge;
use CryptHelper;    # and with it the Crypt::CBC facade

my $THREADS = 40;
my $SECONDS = 3;

my $b = CPANBridge->new(timeout => 10);
my $ping = $b->call('test', 'ping', {});
ok($ping->{success}, 'the main thread uses the bridge before any thread starts') or diag $ping->{error};
my $sid = $b->session_id;

# a handle the main thread owns, for the threads to use
my $conn = $b->call('database', 'connect', { dsn => 'dbi:SQLite:dbname=:memory:' });
ok($conn->{success}, 'the main thread opens a database connection') or diag $conn->{error};
my $cid = $conn->{result}{connection_id};

# the prefetch side connection too: begun (and left outstanding) in the main thread
my $side = $b->rpc_begin('test.echo', { side => 'main' });
ok($side, 'the main thread has a call outstanding on the side connection');

my $go = Time::HiRes::time() + 0.5;
my @thr = map {
    my $t = $_;
    threads->create(sub {
        my $tb = CPANBridge->new(timeout => 10);
        my ($right, $wrong, $errors, $err_text) = (0, 0, 0, '');
        Time::HiRes::sleep($go - Time::HiRes::time()) if $go > Time::HiRes::time();
        my $until = Time::HiRes::time() + $SECONDS;
        my $n = 0;
        while (Time::HiRes::time() < $until) {
            my $v = "t$t-" . ++$n . '-' . ('x' x ($n % 50));
            my $r = $tb->call('test', 'echo', { v => $v, t => $t });
            if (!$r->{success}) { $errors++; $err_text ||= $r->{error}; next }
            if (($r->{result}{v} // '') eq $v) { $right++ } else { $wrong++ }
        }
        # the side connection is this thread's own as well
        my $p = $tb->rpc_begin('test.echo', { side => "t$t" });
        my ($sr) = $p ? $tb->rpc_end($p) : $tb->rpc('test.echo', { side => "t$t" });
        $wrong++ unless $sr && ($sr->{side} // '') eq "t$t";
        # the main thread's handle, under the process's session
        my $alive = $tb->call('database', 'ping', { connection_id => $cid });
        return ($right, $wrong, $errors, $err_text, $tb->session_id,
            $alive->{success} && $alive->{result}{alive} ? 1 : 0);
    });
} 1 .. $THREADS;

my ($right, $wrong, $errors, $same_session, $handle_ok) = (0, 0, 0, 0, 0);
my $first_error = '';
for my $t (@thr) {
    my ($r, $w, $e, $et, $ts, $ok) = $t->join;
    next unless defined $r;
    $right += $r; $wrong += $w; $errors += $e;
    $first_error ||= $et;
    $same_session++ if ($ts // '') eq $sid;
    $handle_ok += $ok;
}
diag "$THREADS threads, ${SECONDS}s: $right right replies, $wrong wrong, $errors errors";
ok($right > 0, 'threads got replies');
is($wrong, 0, 'no thread read a reply meant for another');
is($errors, 0, 'no call failed') or diag $first_error;
is($same_session, $THREADS, 'every thread keeps the process\'s session id');
is($handle_ok, $THREADS, 'every thread can use the connection the main thread opened');

# the main thread after its threads exited: same connection state, same session, same handle
my ($sr, $serr) = $b->rpc_end($side);
is($sr && $sr->{side}, 'main', 'the main thread reads its own outstanding side reply after the threads ran');
my $again = $b->call('test', 'echo', { v => 'main-after' });
is($again->{result}{v}, 'main-after', 'the main thread still gets its own replies');
is($b->session_id, $sid, 'and keeps its session id');
my $alive = $b->call('database', 'ping', { connection_id => $cid });
ok($alive->{success} && $alive->{result}{alive}, 'no thread\'s exit closed the session: the main thread\'s connection is alive')
    or diag $alive->{error};

# a thread that exits after using the bridge, then the main thread's handle
threads->create(sub { CPANBridge->new->call('test', 'ping', {}); CPANBridge->new->close_session; 1 })->join;
$alive = $b->call('database', 'ping', { connection_id => $cid });
ok($alive->{success} && $alive->{result}{alive}, 'close_session in a thread does not end the process\'s session')
    or diag $alive->{error};

# threads started before the process's first call share its session as well
{
    my ($out, $err) = run_perl(<<'EOF', inc => [root() . '/perl/lib']);
use threads; use CPANBridge;
my @t = map { threads->create(sub { my $b = CPANBridge->new; my $r = $b->call('test', 'ping', {}); ($r->{success} ? 1 : 0) . ' ' . $b->session_id }) } 1 .. 3;
my @got = map { $_->join } @t;
my $main = CPANBridge->new->session_id;
print scalar(grep { $_ eq "1 $main" } @got), "\n";
EOF
    is($out, "3\n", 'threads started before any call answer, under the process\'s session id') or diag $err;
}

# Crypt::CBC objects are per thread as with the real module: a thread's copy of
# the main thread's cipher streams on a daemon handle of its own
my $cipher = Crypt::CBC->new(-key => 'thread key', -cipher => 'Blowfish', -pbkdf => 'pbkdf2', -iter => 1000);
my $stream = sub {
    my ($c, $tag) = @_;
    my $plain = join '', map { "$tag block $_;" } 1 .. 20;
    my $ok = eval {
        $c->start('encrypting');
        my $ct = '';
        $ct .= $c->crypt("$tag block $_;") for 1 .. 20;
        $ct .= $c->finish;
        $c->decrypt($ct) eq $plain;
    };
    return $ok ? 1 : 0;
};
my @ct = map { my $t = $_; threads->create(sub { my $ok = 0; $ok += $stream->($cipher, "t$t") for 1 .. 25; $ok }) } 1 .. 8;
my $main_ok = 0;
$main_ok += $stream->($cipher, 'main') for 1 .. 25;
my $thread_ok = 0;
$thread_ok += $_->join for @ct;
is($thread_ok, 8 * 25, 'streams through thread copies of one Crypt::CBC object all round-trip');
is($main_ok, 25, 'and so do the main thread\'s, at the same time');
ok($stream->($cipher, 'after'), 'the main thread\'s cipher works after its copies\' threads exited');

# A DBI handle made in the main thread belongs to it, as with the real DBI: a
# thread's copy going out of scope at the thread's exit must not disconnect it
# (nor close its statements).
{
    my ($out, $err) = run_perl(<<'EOF', inc => [root() . '/perl/compat', root() . '/perl/lib']);
use threads; use DBI;
my $dbh = DBI->connect('dbi:SQLite:dbname=:memory:', '', '', { RaiseError => 1, PrintError => 0 });
$dbh->do('CREATE TABLE t (n INTEGER)');
$dbh->do('INSERT INTO t VALUES (?)', undef, $_) for 1 .. 10;
my $sth = $dbh->prepare('SELECT n FROM t ORDER BY n');
$sth->execute;
my ($first) = $sth->fetchrow_array;
threads->create(sub { 1 })->join;
my ($count) = $dbh->selectrow_array('SELECT count(*) FROM t');
my @rest = map { $_->[0] } @{ $sth->fetchall_arrayref };
print "after thread: $count; rest: @rest\n";
EOF
    is($out, "after thread: 10; rest: 2 3 4 5 6 7 8 9 10\n",
        'a thread\'s exit leaves the main thread\'s $dbh and its open statement working') or diag $err;
}

done_testing;
