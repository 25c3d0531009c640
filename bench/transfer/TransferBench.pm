package TransferBench;
# What the transfer benchmarks share: the test servers' facts, a temp dir and
# a scratch dir in the test user's home (both removed at exit), scripts run
# under the real module or the facade and the daemon's RSS sampled during a
# piece of work (both BenchRun's), test files, the a/b/c runs (the protocol's
# scripts given) and the table.
use strict;
use warnings;
use File::Compare ();
use File::Path ();
use File::Temp ();
use Time::HiRes qw(time);
use BenchDaemon;
use BenchRun;

our (%SVC, $TMP, $SCRATCH, $RNAME);
my $ROOT = $BenchDaemon::ROOT;
my $OWNER = $$;

# starts (or finds) the daemon, reads .test-services/env, makes the two dirs;
# the command line's sizes (small files, separate runs, big MB) with their defaults
sub setup {
    my ($name) = @_;
    my $file = "$ROOT/.test-services/env";
    open my $fh, '<', $file or die "$file is missing: run \"bash scripts/test-services.sh start\" first\n";
    while (<$fh>) { $SVC{$1} = $2 if /^([A-Z_]+)='(.*)'$/ }
    BenchDaemon::socket_path();
    $TMP = File::Temp::tempdir("$name-bench-XXXXXX", TMPDIR => 1, CLEANUP => 1);
    $SCRATCH = File::Temp::tempdir('bench-XXXXXX', DIR => $SVC{CB_SSH_HOME});
    own($SCRATCH);
    ($RNAME = $SCRATCH) =~ s{^.*/}{};
    return ($ARGV[0] || 200, $ARGV[1] || 50, $ARGV[2] || 200);
}
END { File::Path::rmtree($SCRATCH) if $SCRATCH && $$ == $OWNER }

# a directory the servers' user owns (the bench runs as root, the servers as that user)
sub own { my ($path) = @_; chown((stat $SVC{CB_SSH_HOME})[4, 5], $path) or die "chown $path: $!" }

# a remote dir in the scratch dir: (its local path, its path as the server shows it, relative to the home)
sub remote_dir {
    my ($name) = @_;
    my $dir = "$SCRATCH/$name";
    mkdir $dir or die "mkdir $dir: $!";
    own($dir);
    return ($dir, "$RNAME/$name");
}

sub script { BenchRun::script($TMP, @_) }

*run = \&BenchRun::run;
*label = \&BenchRun::label;
*with_rss = \&BenchRun::with_rss;

# $n files of 4 KB in a new local dir, f1 .. f$n
sub small_files {
    my ($n) = @_;
    my $dir = "$TMP/small";
    mkdir $dir or die;
    for my $i (1 .. $n) {
        open my $fh, '>', "$dir/f$i" or die;
        print $fh pack('N', $i) x 1024;
        close $fh;
    }
    return $dir;
}

# one file of $mb MB that no transport compresses much
sub big_file {
    my ($mb) = @_;
    my $path = "$TMP/big.bin";
    open my $fh, '>', $path or die;
    my $chunk = join '', map { chr int rand 256 } 1 .. 65536;
    for my $m (1 .. $mb) { print $fh substr($chunk, $m % 997) . substr($chunk, 0, $m % 997) for 1 .. 16 }
    close $fh;
    return $path;
}

sub same {
    my ($a, $b, $what) = @_;
    File::Compare::compare($a, $b) == 0 or die "$what: $b differs from $a\n";
}

# a. one script (new, put $n small files, get them back, disconnect; the
# script prints its seconds) under each module, best of 2 each, alternating;
# every file compared. ({ 0 => real seconds, 1 => facade seconds }, the small files' dir)
sub many_small {
    my ($script, $n) = @_;
    my $sdir = small_files($n);
    my %best;
    for my $round (1 .. 2) {
        for my $facade (0, 1) {
            my $tag = label($facade) . $round;
            my $back = "$TMP/back-$tag";
            mkdir $back or die "mkdir $back: $!";
            my ($rdir, $rrel) = remote_dir("a-$tag");
            my $t = run($facade, $script, $n, $sdir, $rrel, $back) + 0;
            for my $i (1 .. $n) {
                same("$sdir/f$i", "$rdir/f$i", "a ($tag) put");
                same("$sdir/f$i", "$back/f$i", "a ($tag) get");
            }
            File::Path::rmtree([$back, $rdir]);
            $best{$facade} = $t if !defined $best{$facade} || $t < $best{$facade};
        }
    }
    return (\%best, $sdir);
}

# b. $runs separate runs of a script that puts one file (wall time of all,
# perl start included). { 0 => real seconds, 1 => facade seconds }
sub separate_runs {
    my ($script, $sdir, $runs) = @_;
    my %wall;
    for my $facade (0, 1) {
        my $tag = label($facade);
        my ($rdir, $rrel) = remote_dir("b-$tag");
        my $t0 = time;
        run($facade, $script, "$sdir/f$_", "$rrel/one$_") for 1 .. $runs;
        $wall{$facade} = time - $t0;
        same("$sdir/f$_", "$rdir/one$_", "b ($tag)") for 1 .. $runs;
        File::Path::rmtree($rdir);
    }
    return \%wall;
}

# c + d. $big put and got back by a script (args: put|get, local, remote,
# local copy; it prints its seconds) under each module, the daemon's RSS
# sampled during the facade's run and during the same again (whether the
# daemon stays at its new size or keeps growing).
# ({ 0|1 => { put => s, get => s } } of the first runs, RSS, RSS again)
sub big_both {
    my ($script, $big) = @_;
    my (%c, $rss, $rss2);
    for my $facade (0, 1) {
        my $tag = label($facade);
        my ($rdir, $rrel) = remote_dir("c-$tag");
        my $back = "$TMP/big-back-$tag.bin";
        my $work = sub {
            $c{$facade}{put} = run($facade, $script, 'put', $big, "$rrel/big.bin", $back) + 0;
            same($big, "$rdir/big.bin", "c ($tag) put");
            $c{$facade}{get} = run($facade, $script, 'get', $big, "$rrel/big.bin", $back) + 0;
            same($big, $back, "c ($tag) get");
        };
        if ($facade) {
            $rss = with_rss($work);
            my %first = %{ $c{1} };
            $rss2 = with_rss($work);
            $c{1} = \%first;
        } else { $work->() }
        File::Path::rmtree([$rdir, $back]);
    }
    return (\%c, $rss, $rss2);
}

# The table of a, b, c and d against issue 13's targets; $r{reference}: more lines after c's.
sub report {
    my (%r) = @_;
    header($r{title});
    row_seconds("a. $r{small} x 4 KB put + get, one script", $r{a}{0}, $r{a}{1}, '>= 1x');
    row_seconds("b. $r{runs} scripts, $r{b_what}", $r{b}{0}, $r{b}{1}, '>= 2x');
    row_rate("c. $r{big_mb} MB put", $r{mb}, $r{c}{0}{put}, $r{c}{1}{put}, '>= 0.8x');
    row_rate("c. $r{big_mb} MB get", $r{mb}, $r{c}{0}{get}, $r{c}{1}{get}, '>= 0.8x');
    $r{reference}->() if $r{reference};
    row_rss('d. daemon RSS during the facade\'s big file', $r{rss});
    row_rss('   the same put + get again', $r{rss2});
}

sub header {
    my ($title) = @_;
    printf "\n%s\n%-44s %12s %12s %8s %8s\n", $title, 'measure', 'real', 'facade', 'ratio', 'target';
}

# a row of seconds (ratio: real / facade, so > 1 means the facade is faster)
sub row_seconds {
    my ($what, $real, $facade, $target) = @_;
    printf "%-44s %10.2f s %10.2f s %7.2fx %8s\n", $what, $real, $facade, $real / $facade, $target;
}

sub row_rate {
    my ($what, $mb, $real, $facade, $target) = @_;
    printf "%-44s %7.1f MB/s %7.1f MB/s %7.2fx %8s\n", $what, $mb / $real, $mb / $facade, $real / $facade, $target;
}

sub row_rss {
    my ($what, $rss) = @_;
    printf "%-44s %.0f MB before, peak %.0f MB: growth %.0f MB (target < 50 MB), VmHWM %.0f MB\n", $what,
        $rss->{base} / 1024, $rss->{peak} / 1024, ($rss->{peak} - $rss->{base}) / 1024, $rss->{hwm} / 1024;
}

1;
