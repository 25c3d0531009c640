# Locks taken through the bridge go away with the session that holds them
# (unless the file was taken over meanwhile); the old bridge API keeps working.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root run_perl run_perl_facade old_bridge old_bridge_file);
use File::Temp ();
use Test::More;

my $dir = File::Temp::tempdir(CLEANUP => 1);

my ($out, $err, $code) = run_perl_facade(<<'PL', args => [$dir]);
use strict; use warnings;
use LockFile::Simple qw(lock);
my $dir = shift;
my $m = LockFile::Simple->make(-max => 1, -delay => 0);
$m->lock("$dir/kept") or die;
lock("$dir/kept2") or die;
$m->lock("$dir/stolen") or die;
open my $fh, '>', "$dir/stolen.lock" or die; print $fh "1\n"; close $fh;   # someone else's now
print -e "$dir/kept.lock" ? "held\n" : "missing\n";
PL
is($out, "held\n", 'the lock is held while the script runs') or diag $err;
ok(!-e "$dir/kept.lock", 'session end removed the lock file of an exiting script');
ok(!-e "$dir/kept2.lock", '... also one taken with the exported lock()');
ok(-e "$dir/stolen.lock", 'a lock file that is no longer ours is left alone');

($out, $err, $code) = run_perl_facade(<<'PL', args => [$dir]);
use strict; use warnings;
use LockFile::Simple;
my $dir = shift;
LockFile::Simple->make->lock("$dir/dying") or die;
die "boom\n";
PL
isnt($code, 0, 'the script died');
ok(!-e "$dir/dying.lock", 'a script that dies leaves no lock behind');

($out, $err, $code) = run_perl_facade(<<'PL', args => [$dir]);
use strict; use warnings;
use LockFileHelper;
my $dir = shift;
my $mgr = LockFileHelper->make(-nfs => 1, -hold => 90);
my $lock = $mgr->trylock("data123.txt", "$dir/%F.lock");
print $lock ? "locked " . $lock->filename . " " . $lock->lockfile . "\n" : "failed\n";
my $again = LockFile::Simple->make(-max => 1, -delay => 0)->trylock("data123.txt", "$dir/%F.lock");
print $again ? "twice\n" : "refused\n";
my $m2 = LockFileHelper->make;
my $other = $m2->trylock("data123.txt", "$dir/%F.lock");
print "errno EEXIST: ", ($!{EEXIST} ? 1 : 0), "\n";
print $other ? "twice\n" : "helper refused: " . $m2->error . "|" . (defined $mgr->error ? $mgr->error : 'undef') . "\n";
print "release: ", $lock->release, "\n";
print -e "$dir/data123.txt.lock" ? "still there\n" : "gone\n";
$ENV{LOCKDIR} = $dir;
my $nfs = LockFile::Simple->make(-nfs => 1, -hold => 90);    # the old module's LockFile::Simple->make
my $nl = $nfs->trylock("work.dat", '$LOCKDIR/%F.lock') or print "nfs trylock failed: $!\n";
print "old-style make: ", ref($nfs), " ", $nl->lockfile, "\n";
$nl->release;

# the old bridge's RPC calls, as old scripts made them
my $b = CPANBridge->new;
my $r = $b->call_python('lockfile', 'make', { nfs => 0, hold => 90 });
my $mid = $r->{result}{manager_id};
$r = $b->call_python('lockfile', 'trylock', { manager_id => $mid, filename => "$dir/old.txt" });
print "old trylock: ", ($r->{success} ? "ok $r->{result}{lockfile}" : "fail $r->{error}"), "\n";
open my $fh, '<', "$dir/old.txt.lock" or die; my $c = <$fh>;
print "old stamp is our pid: ", ($c eq "$$\n" ? 1 : 0), "\n";
my $r2 = $b->call_python('lockfile', 'trylock', { manager_id => $mid, filename => "$dir/old.txt" });
print "old trylock again: ", ($r2->{success} ? 'ok' : "fail $r2->{error}"), "\n";
$r2 = $b->call_python('lockfile', 'release', { lock_id => $r->{result}{lock_id} });
print "old release: $r2->{result}{released}\n";
$r2 = $b->call_python('lockfile', 'cleanup_manager', { manager_id => $mid });
print "cleanup: $r2->{result}{cleaned_up}\n";
print -e "$dir/old.txt.lock" ? "old still there\n" : "old gone\n";
PL
$out =~ s/\Q$dir\E/DIR/g;
is($out, <<'OUT', 'the old LockFileHelper API and old RPC calls') or diag $err;
locked data123.txt DIR/data123.txt.lock
refused
errno EEXIST: 1
helper refused: Could not acquire lock on data123.txt: Lock file exists|undef
release: 1
gone
old-style make: LockFileHelper DIR/work.dat.lock
old trylock: ok DIR/old.txt.lock
old stamp is our pid: 1
old trylock again: fail Could not acquire lock on DIR/old.txt: Lock file exists
old release: 1
cleanup: 1
old gone
OUT

# The old bridge's own lockfile test, read from its repository at test time
# (not copied here), run unchanged as old scripts run: perl/lib on @INC, no
# perl/compat. CPAN_BRIDGE_OLD_BRIDGE names a work tree or git dir of it.
# (Its test_lockfile_simple.pl is not run: it looks for manager_id outside
# the reply's result and runs one-shot; it fails against the old bridge too.)
SKIP: {
    skip $BridgeTest::OLD_BRIDGE_UNSET, 2 unless old_bridge();
    local $ENV{PERL5LIB} = '';
    my ($o, $e, $x) = run_perl(old_bridge_file('Test_Scripts/test_lockfile_complete.pl'), inc => [root() . '/perl/lib']);
    unlike($o, qr/FAILED|\xe2\x9d\x8c/, 'test_lockfile_complete.pl: no failures') or diag "$o\n$e";
    like($o, qr/ALL TESTS PASSED/, 'test_lockfile_complete.pl: reaches its success line');
}

done_testing;
