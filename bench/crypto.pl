#!/usr/bin/perl
# Crypt::CBC facade vs the real module, run in one go: the same work in two
# child perls (real @INC, then perl/compat first), ratios printed.
# Usage: CPAN_BRIDGE_SOCKET=/path/to.sock perl bench/crypto.pl
use strict;
use warnings;
use FindBin;
use Time::HiRes qw(time);
use File::Temp ();

my $root = "$FindBin::Bin/..";
my %work = (
    'AutoKit: new+encrypt, new+decrypt x2000, same key (64 B, Rijndael)' => q{
        for my $i (1 .. 2000) { my $c = Crypt::CBC->new(-key => 'autokit', -cipher => 'Rijndael', -nodeprecate => 1); my $x = $c->encrypt('x' x 64);
          my $d = Crypt::CBC->new(-key => 'autokit', -cipher => 'Rijndael', -nodeprecate => 1); $d->decrypt($x) } },
    'new+encrypt+decrypt x2000, a new key each time (64 B, Rijndael)' => q{
        for my $i (1 .. 2000) { my $c = Crypt::CBC->new(-key => "k$i", -cipher => 'Rijndael', -nodeprecate => 1); $c->decrypt($c->encrypt('x' x 64)) } },
    'one cipher, encrypt x2000 (64 B, Blowfish)' => q{
        my $c = Crypt::CBC->new(-key => 'k', -cipher => 'Blowfish', -nodeprecate => 1); $c->encrypt('x' x 64) for 1 .. 2000 },
    'encrypt+decrypt 4 MB (Rijndael)' => q{
        my $c = Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -nodeprecate => 1); my $d = 'y' x (4 << 20); $c->decrypt($c->encrypt($d)) eq $d or die },
    'encrypt+decrypt 1 MB (Blowfish)' => q{
        my $c = Crypt::CBC->new(-key => 'k', -cipher => 'Blowfish', -nodeprecate => 1); my $d = 'y' x (1 << 20); $c->decrypt($c->encrypt($d)) eq $d or die },
    'pbkdf2 new+encrypt x20 (10000 iterations)' => q{
        Crypt::CBC->new(-key => "k$_", -cipher => 'Rijndael', -pbkdf => 'pbkdf2')->encrypt('x') for 1 .. 20 },
);

sub run {
    my ($code, $facade) = @_;
    local $ENV{PERL5LIB} = $facade ? "$root/perl/compat:$root/perl/lib" : '';
    my ($fh, $file) = File::Temp::tempfile(SUFFIX => '.pl', UNLINK => 1);
    print $fh "use Crypt::CBC; use Time::HiRes qw(time); my \$t = time; $code; print time - \$t";
    close $fh;
    my $out = `$^X $file 2>/dev/null`;
    die "bench script failed\n" unless $? == 0 && length $out;
    return $out;
}

for my $name (sort keys %work) {
    my $real = run($work{$name}, 0);
    my $ours = run($work{$name}, 1);
    printf "%-62s real %8.3f s  facade %8.3f s  facade/real %6.2f\n", $name, $real, $ours, $ours / $real;
}
