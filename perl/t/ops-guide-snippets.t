# Every Perl snippet of the guides that reads the daemon's system.* documents
# (../shared/reference: the Operations Guide's `perl -e '...'` lines, the
# User Guide's perl blocks that call system.*), run as written against a
# daemon that has seen some traffic, with "Use of uninitialized value" made
# fatal: each must exit 0, so every key it reads is there. (Only that
# warning: the snippets' own style, `print (...)`, is the guides' business,
# and a snippet may warn on purpose, "Security events detected".)
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root);
use CPANBridge;
use File::Temp ();
use POSIX ();
use Test::More;

my $ref = root() . '/../shared/reference';
ok(-d $ref, "the guides are at ../shared/reference") or do { done_testing; exit };
my $slurp = sub { open my $fh, '<:raw', $_[0] or die "$_[0]: $!"; local $/; return scalar <$fh> };
my @snippets;
my $ops = $slurp->("$ref/OPERATIONS_GUIDE.md");
# a shell variable spliced in ('...'$i'...') stands for a number
while ($ops =~ /perl -e '((?:[^']++|'\$\w+')*)'/g) { (my $c = $1) =~ s/'\$\w+'/1/g; push @snippets, [ 'OPERATIONS_GUIDE', $c ] }
my $user = $slurp->("$ref/USER_GUIDE.md");
while ($user =~ /```perl\n(.*?)```/gs) {
    my $code = $1;
    next unless $code =~ /call_python\(\s*['"]system['"]/;
    # a block that goes on from an earlier one: the guide's own opening lines first
    $code = "use CPANBridge;\nmy \$bridge = CPANBridge->new();\n$code" unless $code =~ /my \$bridge\s*=/;
    push @snippets, [ 'USER_GUIDE', $code ];
}
cmp_ok(scalar @snippets, '>=', 30, scalar(@snippets) . ' snippets read system.*');

# some traffic first: calls, a failed call, a rejected request (a security event)
my $b = CPANBridge->new;
$b->call('test', 'ping', {}) for 1 .. 5;
$b->call('test', 'sleep', { ms => 'x' });
$b->call('no_such', 'method', {});

my $dir = File::Temp::tempdir(CLEANUP => 1);
for my $i (0 .. $#snippets) {
    my ($guide, $code) = @{ $snippets[$i] };
    (my $first = $code) =~ s/\s+/ /g;
    my $name = "$guide snippet $i (" . substr($first, 0, 70) . '...)';
    my $pid = fork // die;
    if (!$pid) {
        chdir $dir;
        open STDOUT, '>', "$dir/out"; open STDERR, '>', "$dir/err";
        alarm 60;
        exec $^X, '-I', root() . '/perl/lib', '-Mwarnings=FATAL,uninitialized', '-e', $code or POSIX::_exit(127);
    }
    waitpid $pid, 0;
    my $code_exit = $? >> 8;
    my $err = $slurp->("$dir/err");
    is($code_exit, 0, "$name exits 0") or diag $err;
    unlike($err, qr/uninitialized|not a HASH|not an ARRAY/, "$name reads no missing key");
}
done_testing;
