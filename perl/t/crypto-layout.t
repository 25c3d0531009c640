# Where the Crypt facade's code lives: every sub of Crypt::CBC is compiled
# from perl/compat/Crypt/CBC.pm, whether a script loads it by its CPAN name
# (perl/compat on PERL5LIB) or through the old bridge's CryptHelper (perl/lib
# only); the digest functions are CPANBridge::Crypt::Digest's; CryptHelper
# holds only the old bridge's API. Old scripts load both old names without perl/compat.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root run_perl);
use Test::More;

my $ROOT = root();
my %HOME = (
    'Crypt::CBC'                => ["$ROOT/perl/compat/Crypt/CBC.pm", 30],
    'CPANBridge::Crypt::Digest' => ["$ROOT/perl/lib/CPANBridge/Crypt/Digest.pm", 30],
    'CryptHelper'               => ["$ROOT/perl/lib/CryptHelper.pm", 6],
);

# Prints "package sub file" for each sub a package defines itself (not imported or aliased).
my $lister = <<'PL';
use B (); use Cwd ();
for my $pkg (@ARGV) {
    no strict 'refs';
    for my $name (sort keys %{"${pkg}::"}) {
        next unless defined &{"${pkg}::$name"};
        my $cv = B::svref_2object(\&{"${pkg}::$name"});
        print "$pkg $name ", Cwd::abs_path($cv->FILE), "\n" if $cv->GV->STASH->NAME eq $pkg;
    }
}
PL

for my $how (['use Crypt::CBC (perl/compat on PERL5LIB)', ["$ROOT/perl/compat", "$ROOT/perl/lib"], 'use Crypt::CBC;', ['Crypt::CBC']],
             ['use CryptHelper (perl/lib only)', ["$ROOT/perl/lib"], 'use CryptHelper;', [sort keys %HOME]]) {
    my ($name, $inc, $load, $pkgs) = @$how;
    local $ENV{PERL5LIB} = '';
    my ($out, $err, $code) = run_perl("use strict; use warnings;\n$load\n$lister", inc => $inc, args => $pkgs);
    is($code, 0, "$name: loads") or diag $err;
    is($err, '', "$name: no warnings");
    my %subs;
    for (split /\n/, $out) {
        my ($pkg, $sub, $file) = split / /, $_, 3;
        push @{ $subs{$pkg}{$file} }, $sub;
    }
    for my $pkg (@$pkgs) {
        my ($want, $min) = @{ $HOME{$pkg} };
        my @files = sort keys %{ $subs{$pkg} || {} };
        is_deeply(\@files, [$want], "$name: $pkg subs are all in " . substr($want, length($ROOT) + 1)) or diag explain $subs{$pkg};
        cmp_ok(@files ? scalar @{ $subs{$pkg}{ $files[0] } } : 0, '>=', $min, "$name: ... and there are $min or more of them");
    }
}

# An old script: `perl -Iperl/lib -e 'use LockFileHelper; use CryptHelper'`, no perl/compat anywhere.
{
    local $ENV{PERL5LIB} = '';
    my ($out, $err, $code) = run_perl(<<'PL', inc => ["$ROOT/perl/lib"], cwd => $ROOT);
use strict; use warnings;
use LockFileHelper; use CryptHelper;
print join(' ', map { defined &{"${_}::new"} || defined &{"${_}::make"} ? 1 : 0 } qw(Crypt::CBC LockFile::Simple CryptHelper LockFileHelper)), "\n";
print scalar(grep { !ref && m{compat} } @INC), "\n";
PL
    is("$code|$out|$err", "0|1 1 1 1\n0\n|", 'use LockFileHelper; use CryptHelper with perl/lib only: both facades load, perl/compat stays off @INC');
}

# The CPAN Crypt::CBC (the test oracle, installed here) loaded before CryptHelper:
# CryptHelper cannot extend it, and says so instead of failing later.
{
    local $ENV{PERL5LIB} = '';
    my ($out, $err, $code) = run_perl("use Crypt::CBC; use CryptHelper;", inc => ["$ROOT/perl/lib"]);
    like($err, qr/^CryptHelper: Crypt::CBC is already loaded from \S+ \(not cpan-bridge's facade\); load CryptHelper first/,
        'the CPAN Crypt::CBC loaded first: a clear error');
}

done_testing;
