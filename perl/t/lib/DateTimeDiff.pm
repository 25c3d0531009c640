package DateTimeDiff;
# Shared by perl/t/datetime-*.t: runs one script under the real DateTime and
# under the facade and compares the outputs line by line.
use strict;
use warnings;
use Test::More;
use BridgeTest qw(run_perl_real run_perl_facade);
require Exporter;
our @ISA = ('Exporter');
our @EXPORT = qw(same_output $PRELUDE);

# Prints values the same way in both runs; errors reduced to their first line
# without the file/line part, and Specio's long type errors to their type name.
our $PRELUDE = <<'PERL';
use strict;
use warnings;
use DateTime;
use DateTime::Duration;
binmode STDOUT, ':encoding(UTF-8)';
sub err { my $e = shift; $e =~ s/\n.*//s; $e =~ s/ at \S+ line \d+\.?$//; $e =~ s/\(0x[0-9a-f]+\)/(ADDR)/g; $e =~ s/^(Validation failed for type named \w+).*/$1/; return "died: $e" }
# DateTime::TimeZone 2.60 names numeric-abbreviation zones '%z' in the spans it
# generates past its precomputed table (about 2030); the facade prints the tzdata
# name (+1345), so both are shown as (numeric) there.
sub abbr { my $d = shift; my $a = $d->time_zone_short_name; $a = '(numeric)' if $d->year > 2030 && $a =~ /^(?:%z|[+-]\d+)$/; return $a }
sub show { my $d = shift; return join ' ', $d->iso8601, $d->nanosecond, $d->offset, $d->is_dst, abbr($d), $d->epoch, $d->time_zone->name }
sub try_show { my $code = shift; my $d = eval { $code->() }; return $@ ? err($@) : show($d) }
PERL

sub same_output {
    my ($name, $body, %opt) = @_;
    my $script = $PRELUDE . $body;
    my ($rout, $rerr, $rcode) = run_perl_real($script);
    my ($fout, $ferr, $fcode) = run_perl_facade($script);
    my @r = split /\n/, $rout;
    my @f = split /\n/, $fout;
    cmp_ok(scalar @r, '>=', $opt{min_lines} || 1, "$name: the real DateTime printed enough lines") or diag $rerr;
    is($fcode, $rcode, "$name: same exit code") or diag "facade stderr: $ferr";
    my $diffs = 0;
    for my $i (0 .. ($#r > $#f ? $#r : $#f)) {
        my ($a, $b) = ($r[$i], $f[$i]);
        next if defined $a && defined $b && $a eq $b;
        $diffs++;
        if ($diffs <= 5) {
            diag "$name line " . ($i + 1) . ":\n  real:   " . (defined $a ? $a : '(none)') . "\n  facade: " . (defined $b ? $b : '(none)');
        }
    }
    is($diffs, 0, "$name: " . scalar(@r) . ' lines identical') or diag "facade stderr: $ferr";
    return ($rout, $fout);
}

1;
