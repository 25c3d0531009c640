#!/usr/bin/perl
# bench/lockfile.pl: LockFile::Simple facade against the real module, in one
# run: trylock+release cycles per second on a local file, and the ratio.
# Usage: CPAN_BRIDGE_SOCKET=/path/to.sock perl bench/lockfile.pl [cycles]
# (starts a daemon from dist/ on a temp socket when none answers).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use BenchDaemon;
use File::Temp ();

my $root = "$FindBin::Bin/..";
my $N = shift || 2000;
my $dir = File::Temp::tempdir(CLEANUP => 1);
BenchDaemon::socket_path();

sub run {
    my ($facade) = @_;
    local $ENV{PERL5LIB} = $facade ? "$root/perl/compat:$root/perl/lib" : '';
    my $code = qq{use LockFile::Simple; use Time::HiRes qw(time); my \$m = LockFile::Simple->make(-hold => 0);
        my \$t = time; for (1 .. $N) { my \$l = \$m->trylock("$dir/bench") or die "busy"; \$l->release or die "release" } print time - \$t};
    my $s = `$^X -e '$code'`;
    die "bench script failed\n" if $? || !length $s;
    return $s;
}

my $real = run(0);
my $fac = run(1);
printf "%-28s %12s %12s %8s\n", 'work', 'real /s', 'bridge /s', 'ratio';
printf "%-28s %12.0f %12.0f %8.3f\n", 'trylock+release', $N / $real, $N / $fac, $real / $fac;
