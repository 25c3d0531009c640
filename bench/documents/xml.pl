#!/usr/bin/perl
# XMLin of a 5 MB catalog: the real XML::Simple (whatever XML::SAX parser the
# host has; Debian: XML::SAX::Expat) vs the facade, in one run, each in its
# own child perl; the ratio is printed. The facade's time includes the whole
# call (the daemon parses and collapses in a worker, the packed value is
# decoded in Perl). The data of both are compared, so a fast wrong answer
# does not count.
# Usage: CPAN_BRIDGE_SOCKET=/path/to.sock perl bench/documents/xml.pl [MB] [runs]
use strict;
use warnings;
use FindBin;
use File::Temp ();

my $root = "$FindBin::Bin/../..";
my $mb = shift // 5;
my $runs = shift // 3;
my $dir = File::Temp::tempdir(CLEANUP => 1);
my $file = "$dir/catalog.xml";

# the generator: a product catalog with attributes, repeated elements, text, entities
system($^X, '-e', q{
    my ($file, $mb) = @ARGV;
    open my $o, '>', $file or die $!;
    print $o qq{<?xml version="1.0" encoding="UTF-8"?>\n<catalog generated="bench">\n};
    my $i = 0;
    while (-s $o < $mb * 1024 * 1024) {
        for (1 .. 500) {
            $i++;
            print $o qq{  <product id="p$i" sku="SKU-$i" status="} . ($i % 3 ? 'active' : 'retired') . qq{">\n},
              qq{    <name>Product number $i &amp; friends</name>\n},
              qq{    <price currency="EUR">} . sprintf('%.2f', $i * 1.37) . qq{</price>\n},
              qq{    <category>cat-} . ($i % 17) . qq{</category>\n    <category>all</category>\n},
              qq{    <description>A fine product, made with care in batch $i. Caf\x{c3}\x{a9} quality.</description>\n},
              qq{    <stock warehouse="north">} . ($i % 100) . qq{</stock>\n    <stock warehouse="south">} . ($i % 37) . qq{</stock>\n},
              qq{  </product>\n};
        }
        $o->flush;
    }
    print $o "</catalog>\n";
}, $file, $mb) == 0 or die "generator failed\n";
my $size = -s $file;

sub run {
    my ($facade, $times) = @_;
    local $ENV{PERL5LIB} = $facade ? "$root/perl/compat:$root/perl/lib" : '';
    my ($fh, $script) = File::Temp::tempfile(SUFFIX => '.pl', DIR => $dir);
    print $fh <<'EOF';
use strict; use warnings; use XML::Simple; use Time::HiRes qw(time); use Digest::MD5 qw(md5_hex);
use Data::Dumper; $Data::Dumper::Sortkeys = 1; $Data::Dumper::Indent = 1;
my ($file, $runs) = @ARGV;
my @t;
my $data;
for (1 .. $runs) { my $t0 = time; $data = XMLin($file); push @t, time - $t0 }
@t = sort { $a <=> $b } @t;
print "$t[0] ", md5_hex(Dumper($data)), ' ', scalar(keys %{ $data->{product} }), "\n";
EOF
    close $fh;
    my $out = `$^X $script $file $times`;
    die "bench script failed\n" unless $? == 0 && $out =~ /^(\S+) (\S+) (\d+)/;
    return ($1, $2, $3);
}

# alternated, one XMLin per child, so a busy machine slows both sides alike; best of each
my ($real, $ours, $rsum, $fsum, $n);
for (1 .. $runs) {
    my ($t, $sum, $count) = run(0, 1);
    ($real, $rsum, $n) = ($t, $sum, $count) if !defined $real || $t < $real;
    ($t, $sum) = run(1, 1);
    ($ours, $fsum) = ($t, $sum) if !defined $ours || $t < $ours;
}
printf "XMLin of a %.1f MB catalog (%d products), best of %d alternated runs:\n", $size / 1048576, $n, $runs;
printf "  real XML::Simple  %7.3f s\n", $real;
printf "  facade            %7.3f s   %.1fx faster%s\n", $ours, $real / $ours, $rsum eq $fsum ? '' : '   (DATA DIFFERS!)';
exit($rsum eq $fsum ? 0 : 1);
