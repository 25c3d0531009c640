package FacadeDiff;
# What the differential tests of the URI, HTTP::Cookies and HTTP::Message
# facades share: repeatable runs, where two outputs part, and a script
# prelude that loads libwww-perl's HTTP::Message classes. Loads BridgeTest
# without its import, which starts a daemon these tests do not need.
use strict;
use warnings;
use BridgeTest ();
use Test::More ();
require Exporter;
our @ISA = ('Exporter');
our @EXPORT_OK = qw(pin_env first_diff same_lines REAL_HTTP);

# Scripts run under the real module and the facade print hashes in the same
# order and local times in the same zone.
sub pin_env {
    $ENV{PERL_HASH_SEED} = 0;
    $ENV{PERL_PERTURB_KEYS} = 0;
    $ENV{TZ} = 'UTC';
    return;
}

# The first line where the real module's output and the facade's part, with
# the two lines before it.
sub first_diff {
    my ($real, $facade) = @_;
    my @r = split /\n/, $real, -1;
    my @f = split /\n/, $facade, -1;
    for my $i (0 .. ($#r > $#f ? $#r : $#f)) {
        next if defined $r[$i] && defined $f[$i] && $r[$i] eq $f[$i];
        my $from = $i > 2 ? $i - 2 : 0;
        return 'line ' . ($i + 1) . ":\n"
            . join('', map { "  same:   $r[$_]\n" } $from .. $i - 1)
            . '  real:   ' . (defined $r[$i] ? $r[$i] : '(end)') . "\n"
            . '  facade: ' . (defined $f[$i] ? $f[$i] : '(end)') . "\n";
    }
    return '';
}

# For outputs of thousands of lines (the fuzz tests): two tests, that every
# line of the real module's output is the facade's (the first five that are
# not are shown) and that there are as many.
sub same_lines {
    my ($name, $real, $facade) = @_;
    my @r = split /\n/, $real;
    my @f = split /\n/, $facade;
    my @diff = grep { !defined $f[$_] || $r[$_] ne $f[$_] } 0 .. $#r;
    Test::More::is(scalar @diff, 0, "$name: all " . scalar(@r) . ' lines equal') or do {
        Test::More::diag("line " . ($_ + 1) . "\nreal:   $r[$_]\nfacade: " . (defined $f[$_] ? $f[$_] : '<none>'))
            for @diff[0 .. ($#diff < 4 ? $#diff : 4)];
    };
    Test::More::is(scalar @f, scalar @r, 'same number of lines');
    return;
}

# For a script's top: libwww-perl's HTTP::Headers/Message/Request/Response/Status
# even with perl/compat first on @INC. URI, HTTP::Date and HTTP::Headers::Util
# stay whichever the run has (the facade's in the facade run), as HTTP::Cookies
# loads them itself.
use constant REAL_HTTP => <<'PL';
BEGIN {
    require URI;
    my @keep = @INC;
    @INC = grep { !m{/perl/(?:compat|lib)/?\z} } @INC;
    require HTTP::Headers; require HTTP::Message; require HTTP::Request; require HTTP::Response; require HTTP::Status;
    @INC = @keep;
}
PL

1;
