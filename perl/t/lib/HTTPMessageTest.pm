package HTTPMessageTest;
# The same script under libwww-perl's HTTP::* classes (system @INC) and under
# cpan-bridge's (perl/compat first), outputs compared. The HTTP::* classes
# need no daemon, so BridgeTest is loaded without its import (which starts one).
use strict;
use warnings;
use BridgeTest ();
use FacadeDiff qw(first_diff);
use File::Temp ();
use Test::More;
require Exporter;
our @ISA = ('Exporter');
our @EXPORT_OK = qw(same_both_ways scratch PRELUDE);

# Helpers every script gets: esc() shows any string unambiguously (wide
# characters, bytes, undef, the utf8 flag), r() prints a label and values.
use constant PRELUDE => <<'PL';
use strict; use warnings;
binmode STDOUT; binmode STDERR;
sub esc {
    my ($s) = @_;
    return 'undef' unless defined $s;
    return ref($s) . '(' . esc("$s") . ')' if ref $s;
    my $flag = utf8::is_utf8($s) ? 'u' : 'b';
    (my $e = $s) =~ s/([^\x20-\x7e])/ord($1) > 255 ? sprintf('\\x{%X}', ord $1) : sprintf('\\x%02X', ord $1)/ge;
    return "$flag\"$e\"";
}
sub r { my $label = shift; print "$label => [", join('|', map { esc($_) } @_), "]\n" }
sub try(&) { my $code = shift; my @r = eval { $code->() }; my $e = $@; $e =~ s/ at \S+ line \d+\.?\n?//g; $e =~ s/\t\.\.\.propagated//g; return $e ne '' ? "ERR: $e" : @r }
PL

my @DIRS;
sub scratch {
    my $dir = File::Temp::tempdir('http-msg-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    return $dir;
}

# Which file each HTTP:: module came from, printed at the end of the script:
# the harness checks it (facade: perl/compat; real: not perl/compat) and strips it.
my $WHERE = <<'PL';

END { print STDERR "__INC__ $_ ", ($INC{$_} =~ m{perl/compat/} ? 'compat' : 'system'), "\n" for sort grep { m{^HTTP/} } keys %INC }
PL

# same_both_ways($name, $body, %opt): runs PRELUDE . $body under both;
# %opt: normalise => sub { s/// on $_ }, setup => sub { (files made before each run, given its dir) },
#       stderr_differs => 1, env => {NAME => value}
sub same_both_ways {
    my ($name, $body, %opt) = @_;
    my (%out, %err, %exit);
    for my $side (qw(real facade)) {
        my $dir = scratch();
        $opt{setup}->($dir) if $opt{setup};
        my $script = PRELUDE . "my \$DIR = '$dir';\n" . $body . $WHERE;
        local %ENV = (%ENV, PERL_HASH_SEED => 0, PERL_PERTURB_KEYS => 0, TZ => 'UTC', %{ $opt{env} || {} });
        delete $ENV{PERL5LIB};
        my $run = $side eq 'real' ? \&BridgeTest::run_perl_real : \&BridgeTest::run_perl_facade;
        my ($o, $e, $x) = $run->($script, cwd => $dir);
        my @from = $e =~ /^__INC__ (\S+) (\S+)$/mg;
        $e =~ s/^__INC__ .*\n//mg;
        my %from = @from;
        my $want = $side eq 'real' ? 'system' : 'compat';
        my @wrong = grep { $from{$_} ne $want } sort keys %from;
        is_deeply(\@wrong, [], "$name: the $side run loaded its HTTP:: classes from $want") or diag explain \%from;
        for ($o, $e) {
            s/\Q$dir\E/SCRATCH/g;
            s/ at \S+ line \d+\.?\n/\n/g;
            s/\t\.\.\.propagated//g;
            if ($opt{normalise}) { $opt{normalise}->() }
        }
        ($out{$side}, $err{$side}, $exit{$side}) = ($o, $e, $x);
    }
    is($exit{real}, 0, "$name: the real modules run it") or diag $err{real};
    ok(length $out{real} > 0, "$name: the real modules print something");
    # ok, not is: the outputs are long; the diag shows where they part
    ok($out{facade} eq $out{real}, "$name: the facade prints what the real modules print")
        or diag first_diff($out{real}, $out{facade}) . "facade stderr: $err{facade}";
    is($err{facade}, $err{real}, "$name: same warnings") unless $opt{stderr_differs};
    is($exit{facade}, $exit{real}, "$name: same exit code");
    return ($out{real}, $out{facade});
}

1;
