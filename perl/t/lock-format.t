# LockFile::Simple facade vs the real LockFile::Simple 0.208: same lock file
# names, content, mode and messages for the same script.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade root);
use File::Temp ();
use Test::More;

sub both {
    my ($script, $name) = @_;
    my @out;
    for my $run (\&run_perl_real, \&run_perl_facade) {
        my $dir = File::Temp::tempdir(CLEANUP => 1);
        my ($out, $err, $code) = $run->($script, cwd => $dir, args => [$dir]);
        for ($out, $err) {
            s/\Q$dir\E/DIR/g;
            s/ at \S+ line \d+\.?$/ at FILE line N./mg;
        }
        push @out, [$out, $err, $code];
    }
    is($out[1][0], $out[0][0], "$name: stdout") or diag("facade stderr: $out[1][1]");
    is($out[1][1], $out[0][1], "$name: stderr");
    is($out[1][2], $out[0][2], "$name: exit code");
    return $out[0];
}

my $prelude = <<'PL';
use strict; use warnings;
use LockFile::Simple qw(lock trylock unlock);
use Sys::Hostname;
my $dir = shift;
chdir $dir or die;
sub show {
    my ($f) = @_;
    return "$f: absent" unless -e $f;
    open my $fh, '<', $f or return "$f: unreadable";
    local $/; my $c = <$fh>;
    my $host = hostname;
    $c =~ s/\b$$\b/PID/g; $c =~ s/\Q$host\E/HOST/g;
    $c =~ s/\n/\\n/g;
    my $mode = (stat $f)[2] & 07777;
    $f =~ s/\b$$\b/PID/g;
    return sprintf "%s: [%s] mode %o", $f, $c, $mode;
}
PL

my $r = both($prelude . <<'PL', 'content, names and formats');
my $m = LockFile::Simple->make(-max => 2, -delay => 0);
my $l = $m->lock("data.txt") or die "lock failed";
print show("data.txt.lock"), "\n";
my $names = join '|', map { defined $_ ? $_ : 'undef' } $m->lockfile("data.txt"), $m->lockfile("/a/b/c.txt", "/var/%D/%F.%p.%%x"), $m->lockfile("c", "%D-%F-%f");
$names =~ s/\b$$\b/PID/g;
print "lockfile: $names\n";
print "again: ", (defined $m->trylock("data.txt") ? 'locked' : 'undef'), "\n";
print "other manager: ", (LockFile::Simple->make(-max => 1, -delay => 0)->trylock("data.txt") ? 'locked' : 'refused'), "\n";
print "release: ", $l->release, "\n";
print show("data.txt.lock"), "\n";
my $n = LockFile::Simple->make(-nfs => 1, -ext => '.lck', -max => 1, -delay => 0);
$n->trylock("x") or die; print show("x.lck"), "\n";
print "unlock: ", $n->unlock("x"), "\n";
print "unlock again: ", (defined $n->unlock("x") ? 'def' : 'undef'), "\n";
my $f = LockFile::Simple->make(-format => 'L-%F.%p', -max => 1, -delay => 0);
my $fl = $f->trylock("sub/dir/file.dat") or die; print show("L-file.dat.$$"), "\n";
print "format accessor: ", $f->format, " nfs=", $n->nfs, " hold=", $f->hold, " max=", $f->max, "\n";
print "where: ", ($fl->where =~ /line \d+/ ? 'ok' : 'bad'), " file=", $fl->file, "\n";
$fl->release;
trylock("fn") or die; print show("fn.lock"), "\n"; print "fn unlock: ", unlock("fn"), "\n";
PL
like($r->[0], qr/data\.txt\.lock: \[PID\\n\] mode 444/, 'the lock file holds the PID and a newline, mode 0444');
like($r->[0], qr/x\.lck: \[PID:HOST\\n\]/, 'with -nfs the stamp is PID:hostname');

both($prelude . <<'PL', 'foreign lock: trylock refuses, unlock reports not owned');
open my $fh, '>', 'busy.lock' or die; print $fh "1\n"; close $fh;
my $m = LockFile::Simple->make(-max => 2, -delay => 0, -hold => 0);
print "trylock: ", ($m->trylock("busy") ? 'locked' : 'refused'), "\n";
print "lock: ", ($m->lock("busy") ? 'locked' : 'refused'), "\n";
print show("busy.lock"), "\n";
PL

both($prelude . <<'PL', 'hold: an old lock file is broken with a warning');
open my $fh, '>', 'old.lock' or die; print $fh "1\n"; close $fh;
utime time - 100, time - 100, 'old.lock';
my $m = LockFile::Simple->make(-max => 1, -delay => 0, -hold => 10);
my $l = $m->trylock("old") or die "not broken";
print show("old.lock"), "\n";
$l->release;
my @w; my $q = LockFile::Simple->make(-max => 1, -delay => 0, -hold => 1, -wfunc => sub { push @w, "W:@_" }, -efunc => sub { push @w, "E:@_" });
open $fh, '>', 'old.lock' or die; print $fh "1\n"; close $fh; utime time - 100, time - 100, 'old.lock';
$q->trylock("old") or die; print "collected: @w\n";
$q->unlock("old"); $q->unlock("old");
print "after: @w\n";
PL

both($prelude . <<'PL', 'autoclean releases pending locks at exit');
my $m = LockFile::Simple->make(-autoclean => 1, -max => 1, -delay => 0);
$m->lock('one') or die; $m->lock('two') or die;
my $l = $m->lock('three') or die; $l->release;
print show('one.lock'), "\n";
END { print 'at END: ', show('one.lock'), "\n" }
PL

both($prelude . <<'PL', 'waiting warnings of a blocking lock');
open my $fh, '>', 'held.lock' or die; print $fh "1\n"; close $fh;
my $m = LockFile::Simple->make(-max => 4, -delay => 1, -hold => 0, -wmin => 1, -wafter => 1);
print "lock: ", ($m->lock('held') ? 'locked' : 'gave up'), "\n";
PL

done_testing;
