package HttpTest;
# The HTTP test server's facts (CB_HTTP_* from .test-services/env, written by
# scripts/test-services.sh start; a CB_HTTP_* variable in the environment wins,
# to point a run at another copy of the server), the CA as a file, and running
# one LWP script under the real libwww-perl and under the facade.
use strict;
use warnings;
use File::Temp ();
use BridgeTest qw(root run_perl_real run_perl_facade);    # its import starts the daemon the LWP tests use
use TestServices ();
require Exporter;
our @ISA = ('Exporter');
our @EXPORT_OK = qw(%HTTP ca_file http_ready both_ways normalise);

our %HTTP;
{
    my %facts = TestServices::service_facts();
    %HTTP = map { ($_ => $facts{$_}) } grep { /^CB_HTTP/ } keys %facts;
    $HTTP{$_} = $ENV{$_} for grep { /^CB_HTTP/ } keys %ENV;
}

# undef when the server answers, else why not
sub http_ready {
    return 'no CB_HTTP_URL in .test-services/env: run "bash scripts/test-services.sh start"' unless $HTTP{CB_HTTP_URL};
    my ($host, $port) = $HTTP{CB_HTTP_URL} =~ m{//([^:/]+):(\d+)};
    require IO::Socket::INET;
    my $s = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port, Timeout => 3)
        or return "the HTTP test server at $HTTP{CB_HTTP_URL} does not answer: $!";
    close $s;
    return undef;
}

# CB_HTTP_CA holds the PEM (or names a file); scripts get a file
my $CA;
sub ca_file {
    return $CA if $CA;
    my $v = defined $HTTP{CB_HTTP_CA} ? $HTTP{CB_HTTP_CA} : '';
    return $CA = $v if $v !~ /BEGIN CERTIFICATE/ && -f $v;
    my $dir = File::Temp::tempdir(CLEANUP => 1);
    $CA = "$dir/ca.pem";
    open my $fh, '>', $CA or die "$CA: $!";
    (my $pem = $v) =~ s/\\n/\n/g;
    print $fh $pem;
    close $fh;
    return $CA;
}

# What differs between two runs by nature: the time, the local port, connection ids.
sub normalise {
    my ($s) = @_;
    my $now = qr/(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT/;
    # the server's fixed Last-Modified date stays; the clock's dates go
    $s =~ s/(?!Sun, 06 Nov 1994)$now/DATE/g;
    $s =~ s/"conn":\s*\d+/"conn":N/g;
    # where the real module died (its internal responses carry the die text)
    $s =~ s/ at \S+ line \d+\.$//mg;
    return $s;
}

# Runs $body under both, with %S (the server's facts), $CA (the CA file) and
# $dir (a scratch directory, also the cwd); returns ({out, err, exit} of real, of facade).
sub both_ways {
    my ($body, %opt) = @_;
    my %r;
    my $facts = join ', ', map { (my $v = $HTTP{$_}) =~ s/([\\'])/\\$1/g; "$_ => '$v'" } sort keys %HTTP;
    my $ca = ca_file();
    for my $side (qw(real facade)) {
        my $dir = File::Temp::tempdir("lwp-$side-XXXXXX", TMPDIR => 1, CLEANUP => 1);
        my $head = "use strict; use warnings;\nmy %S = ($facts);\nmy \$CA = '$ca';\nmy \$dir = '$dir';\n";
        my $run = $side eq 'real' ? \&run_perl_real : \&run_perl_facade;
        my ($o, $e, $x) = $run->($head . $body, cwd => $dir, %opt);
        s/\Q$dir\E/SCRATCH/g for $o, $e;
        $e =~ s/ at \S+ line \d+\.?$//mg;
        $r{$side} = { out => normalise($o), err => $e, exit => $x };
    }
    return @r{qw(real facade)};
}

1;
