# Two processes contend for one lock many times, one with the real
# LockFile::Simple and one with the bridge facade: never both inside.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root);
use File::Temp ();
use Test::More;

my $ROOT = root();
my $N = 150;
my $dir = File::Temp::tempdir(CLEANUP => 1);
chmod 0777, $dir;

# As root the real module can open a 0444 lock file for writing and race
# with itself (its own documented BUGS); it excludes others only through the
# file mode, so its contender runs as nobody when we are root.
my ($uid, $gid) = (getpwnam('nobody'))[2, 3];
my $drop = $> == 0 && defined $uid;

my $script = <<'PL';
use strict; use warnings;
use LockFile::Simple;
use Time::HiRes ();
my ($dir, $who, $n) = @ARGV;
my $m = LockFile::Simple->make(-max => 1, -delay => 0, -hold => 0);
my ($done, $bad) = (0, 0);
while ($done < $n) {
    my $lock = $m->trylock("$dir/shared");
    unless ($lock) { Time::HiRes::sleep(0.0005); next }
    # critical section: the holder file must be empty on entry and ours on exit
    open my $h, '+<', "$dir/holder" or die "holder: $!";
    my $cur = do { local $/; <$h> }; $cur = '' unless defined $cur;
    $bad++ if length $cur;
    seek $h, 0, 0; truncate $h, 0; print $h $who; close $h;
    open my $c, '+<', "$dir/counter" or die "counter: $!";
    my $v = <$c> || 0; seek $c, 0, 0; truncate $c, 0; print $c $v + 1; close $c;
    Time::HiRes::sleep(0.0002);
    open $h, '+<', "$dir/holder" or die; $cur = <$h>; $cur = '' unless defined $cur;
    $bad++ if $cur ne $who;
    seek $h, 0, 0; truncate $h, 0; close $h;
    $lock->release or die "release failed";
    $done++;
}
print "$who done=$done bad=$bad\n";
PL

for my $f (qw(holder counter script.pl)) {
    open my $fh, '>', "$dir/$f" or die; print $fh ($f eq 'script.pl' ? $script : ''); close $fh;
    chmod 0666, "$dir/$f";
}

sub spawn {
    my ($who, $facade) = @_;
    my $out = "$dir/$who.out";
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if (!$pid) {
        open STDOUT, '>', $out; open STDERR, '>&', \*STDOUT;
        if ($facade) { $ENV{PERL5LIB} = "$ROOT/perl/compat:$ROOT/perl/lib" }
        elsif ($drop) { delete $ENV{PERL5LIB}; $( = $gid; $) = "$gid $gid"; $< = $> = $uid }
        else { delete $ENV{PERL5LIB} }
        exec $^X, "$dir/script.pl", $dir, $who, $N or exit 127;
    }
    return ($pid, $out);
}

my @procs = (spawn('real', 0), spawn('bridge', 1));
my %out;
while (my ($pid, $out) = splice @procs, 0, 2) {
    waitpid $pid, 0;
    is($? >> 8, 0, "$out exits 0");
    open my $fh, '<', $out or die; local $/; $out{$out} = <$fh>;
}
my $all = join '', values %out;
like($all, qr/^real done=$N bad=0$/m, 'the real module never found the bridge inside') or diag $all;
like($all, qr/^bridge done=$N bad=0$/m, 'the bridge never found the real module inside') or diag $all;
open my $c, '<', "$dir/counter" or die; my $count = <$c>;
is($count, 2 * $N, 'no increment of the shared counter was lost');
ok(!-e "$dir/shared.lock", 'no lock file is left behind');
done_testing;
