# Stale locks (dead PID, -stale) and old locks (-hold) are broken the same
# way by the real LockFile::Simple and by the facade, with the same warnings.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade);
use File::Temp ();
use Test::More;

# a PID that is certainly dead: a child we reaped
my $dead = fork;
if (!$dead) { require POSIX; POSIX::_exit(0) }
waitpid $dead, 0;

my $script = <<'PL';
use strict; use warnings;
use LockFile::Simple;
use Sys::Hostname;
my ($dir, $dead) = @ARGV;
chdir $dir or die;
sub put { my ($f, $c) = @_; open my $fh, '>', $f or die; print $fh $c; close $fh }
put('a.lock', "$dead\n");
my $m = LockFile::Simple->make(-stale => 1, -max => 1, -delay => 0);
my $l = $m->trylock('a');
print "dead pid: ", ($l ? 'broken and locked' : 'refused'), "\n";
$l->release if $l;
put('b.lock', "1\n");    # init: alive
print "live pid: ", ($m->trylock('b') ? 'locked' : 'refused'), "\n";
my $host = hostname;
put('c.lock', "$dead:$host\n");
my $n = LockFile::Simple->make(-stale => 1, -nfs => 1, -max => 1, -delay => 0);
print "nfs dead pid on this host: ", ($n->trylock('c') ? 'broken and locked' : 'refused'), "\n";
$n->unlock('c');
put('d.lock', "$dead:elsewhere.example\n");
print "nfs dead pid on another host: ", ($n->trylock('d') ? 'locked' : 'refused'), "\n";
put('e.lock', "1\n"); utime time - 50, time - 50, 'e.lock';
my $h = LockFile::Simple->make(-hold => 20, -max => 1, -delay => 0);
print "older than hold: ", ($h->trylock('e') ? 'broken and locked' : 'refused'), "\n";
$h->unlock('e');
put('f.lock', "1\n"); utime time - 50, time - 50, 'f.lock';
my $q = LockFile::Simple->make(-hold => 20, -warn => 0, -max => 1, -delay => 0);
print "quiet hold: ", ($q->trylock('f') ? 'broken and locked' : 'refused'), "\n";
$q->unlock('f');
put('g.lock', "1\n");
my $z = LockFile::Simple->make(-hold => 0, -max => 1, -delay => 0);
print "hold 0 never breaks: ", ($z->trylock('g') ? 'locked' : 'refused'), "\n";
PL

my @runs;
for my $run (\&run_perl_real, \&run_perl_facade) {
    my $dir = File::Temp::tempdir(CLEANUP => 1);
    my ($out, $err, $code) = $run->($script, args => [$dir, $dead]);
    $_ =~ s/\b$dead\b/DEAD/g for $out, $err;
    push @runs, [$out, $err, $code];
}
is($runs[1][0], $runs[0][0], 'same outcomes');
is($runs[1][1], $runs[0][1], 'same warnings');
is($runs[1][2], $runs[0][2], 'same exit code');
like($runs[0][0], qr/^dead pid: broken and locked$/m, 'oracle: the dead holder\'s lock was broken');
like($runs[0][1], qr/UNLOCKED a \(stale lock by PID DEAD\)/, 'oracle: stale warning');
like($runs[1][0], qr/^nfs dead pid on another host: refused$/m, 'a lock of another host is never taken for stale');
done_testing;
