package BenchRun;
# What the facade-vs-real benchmarks (bench/transfer, bench/http) share: a
# script file, running it under the real module or the facade, and the
# daemon's RSS sampled while a piece of work runs.
use strict;
use warnings;
use POSIX ();
use Time::HiRes ();
use BenchDaemon;

my $ROOT = $BenchDaemon::ROOT;

sub label { $_[0] ? 'facade' : 'real' }

# $text as $dir/$name.pl; its path
sub script {
    my ($dir, $name, $text) = @_;
    my $path = "$dir/$name.pl";
    open my $fh, '>', $path or die "$path: $!";
    print $fh $text, "\n";
    close $fh or die "$path: $!";
    return $path;
}

# one script under the real module (system @INC only) or the facade
# (perl/compat first): its stdout and exit status ($?)
sub run_status {
    my ($facade, $path, @args) = @_;
    local $ENV{PERL5LIB} = $facade ? "$ROOT/perl/compat:$ROOT/perl/lib" : '';
    my $out = `$^X $path @args`;
    return ($out, $?);
}

# the same, dying unless it exits 0; its stdout
sub run {
    my ($facade, $path, @args) = @_;
    my ($out, $status) = run_status($facade, $path, @args);
    die sprintf("%s failed under the %s: exit %d\n", $path, $facade ? 'facade' : 'real module', $status >> 8) unless $status == 0;
    return $out;
}

# a field of /proc/$pid/status in kB (VmRSS, VmHWM); 0 when gone
sub rss_kb {
    my ($pid, $field) = @_;
    open my $fh, '<', "/proc/$pid/status" or return 0;
    while (<$fh>) { return $1 if /^$field:\s+(\d+)/ }
    return 0;
}

# runs $work while a child samples the daemon's VmRSS every 10 ms and sends
# its peak back through a pipe: {base, peak, hwm} in kB
sub with_rss {
    my ($work) = @_;
    my $pid = BenchDaemon::pid() or die "cannot find the daemon's pid\n";
    my $base = rss_kb($pid, 'VmRSS');
    pipe my $r, my $w or die "pipe: $!";
    my $sampler = fork // die "fork: $!";
    if (!$sampler) {
        close $r;
        my ($peak, $stop) = (0, 0);
        local $SIG{TERM} = sub { $stop = 1 };
        until ($stop) { my $k = rss_kb($pid, 'VmRSS'); $peak = $k if $k > $peak; Time::HiRes::sleep(0.01) }
        print {$w} "$peak\n";
        close $w;
        POSIX::_exit(0);
    }
    close $w;
    my $ok = eval { $work->(); 1 };
    my $err = $@;
    kill 'TERM', $sampler;
    chomp(my $peak = <$r> // '');
    waitpid $sampler, 0;
    die $err unless $ok;
    die "no RSS samples\n" unless length $peak;
    return { base => $base, peak => $peak, hwm => rss_kb($pid, 'VmHWM') };
}

1;
