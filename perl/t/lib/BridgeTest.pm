package BridgeTest;
# Test harness for perl/t: a daemon on a temp socket, and running scripts
# under the real CPAN modules and under our facades to compare their output.
use strict;
use warnings;
use Cwd ();
use File::Basename ();
use File::Spec ();
use File::Temp ();
use Time::HiRes ();
require Exporter;
our @ISA = ('Exporter');

our @EXPORT_OK = qw(root run_perl run_perl_real run_perl_facade socket_path old_bridge old_bridge_file);

my $ROOT = Cwd::abs_path(File::Spec->catdir(File::Basename::dirname(__FILE__), '..', '..', '..'));
sub root { $ROOT }

my ($PID, $DIR);

# scripts/run-tests.sh starts one daemon for the whole run and exports
# CPAN_BRIDGE_TEST_SOCKET; a test run alone (prove perl/t/x.t) starts its own.
sub socket_path {
    return $ENV{CPAN_BRIDGE_SOCKET} if $ENV{CPAN_BRIDGE_TEST_SOCKET};
    return "$DIR/bridge.sock" if $DIR;
    $DIR = File::Temp::tempdir('cpan-bridge-t-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my $sock = "$DIR/bridge.sock";
    $PID = fork;
    die "fork: $!" unless defined $PID;
    if (!$PID) {
        open STDOUT, '>', '/dev/null';
        exec 'node', "$ROOT/dist/src/main.js", 'serve', '--socket', $sock or die "exec node: $!";
    }
    for (1 .. 500) { last if -S $sock; Time::HiRes::sleep(0.01) }
    die "daemon did not start on $sock" unless -S $sock;
    return $sock;
}

sub import {
    my $sock = socket_path();
    $ENV{CPAN_BRIDGE_SOCKET} = $sock;
    $ENV{CPAN_BRIDGE_AUTOSTART} = 0 unless defined $ENV{CPAN_BRIDGE_AUTOSTART};
    unshift @INC, "$ROOT/perl/lib";
    __PACKAGE__->export_to_level(1, @_);
}

END {
    if ($PID) { kill 'TERM', $PID; waitpid $PID, 0 }
}

# Runs a Perl script text; returns (stdout, stderr, exit code).
sub run_perl {
    my ($script, %opt) = @_;
    my $dir = File::Temp::tempdir(CLEANUP => 1);
    my $file = "$dir/script.pl";
    open my $fh, '>', $file or die $!;
    print $fh $script;
    close $fh;
    local $ENV{PERL5LIB} = join ':', @{ $opt{inc} || [] }, ($ENV{PERL5LIB} ? $ENV{PERL5LIB} : ());
    my $out = "$dir/out";
    my $err = "$dir/err";
    my $pid = fork;
    if (!$pid) {
        chdir $opt{cwd} if $opt{cwd};
        open STDOUT, '>', $out; open STDERR, '>', $err;
        exec $^X, $file, @{ $opt{args} || [] } or exit 127;
    }
    waitpid $pid, 0;
    my $code = $? >> 8;
    my $slurp = sub { open my $f, '<', $_[0] or return ''; local $/; my $s = <$f>; $s // '' };
    return ($slurp->($out), $slurp->($err), $code);
}

# The old bridge's repository (CodeAmalgamation/Perl_to_Python), for the tests
# that run its own Test_Scripts unchanged: CPAN_BRIDGE_OLD_BRIDGE names a work
# tree of it or its git directory. Undef when unset (those tests skip).
sub old_bridge {
    my $dir = $ENV{CPAN_BRIDGE_OLD_BRIDGE};
    return defined $dir && length $dir ? $dir : undef;
}

# A file of the old bridge's repository: from the work tree when it has one,
# else from HEAD of the git directory. Dies (the test fails) when it is not there.
sub old_bridge_file {
    my ($path) = @_;
    my $dir = old_bridge() or die "CPAN_BRIDGE_OLD_BRIDGE is not set\n";
    if (-f "$dir/$path") {
        open my $fh, '<:raw', "$dir/$path" or die "$dir/$path: $!";
        local $/;
        return scalar <$fh>;
    }
    my $git = -d "$dir/.git" ? "$dir/.git" : $dir;
    open my $fh, '-|', 'git', "--git-dir=$git", 'show', "HEAD:$path" or die "git: $!";
    my $text = do { local $/; <$fh> };
    close $fh or die "CPAN_BRIDGE_OLD_BRIDGE=$dir: no $path there (neither a work tree file nor in its git HEAD)\n";
    return $text;
}

our $OLD_BRIDGE_UNSET = 'CPAN_BRIDGE_OLD_BRIDGE is not set (a checkout or git dir of the old bridge, CodeAmalgamation/Perl_to_Python)';

# The same script with the real CPAN modules (system @INC) ...
sub run_perl_real { my ($script, %opt) = @_; return run_perl($script, %opt) }

# ... and with our drop-in facades first on @INC.
sub run_perl_facade {
    my ($script, %opt) = @_;
    return run_perl($script, %opt, inc => ["$ROOT/perl/compat", "$ROOT/perl/lib", @{ $opt{inc} || [] }]);
}

1;
