# Issue 17, item 7: `use CryptHelper; Crypt::CBC->new(...)` prints no
# deprecation warning, as the old bridge never did (its CryptHelper replaced
# Crypt::CBC->new with its own); a script that loads Crypt::CBC and not
# CryptHelper keeps the real module's warning, compared with the installed one.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl run_perl_real run_perl_facade root);
use Test::More;

my $ROOT = root();

# opensslv1 (the default key derivation) warns on every start of an encryption
my $ENCRYPT = <<'EOF';
my $c = Crypt::CBC->new(-key => 'CBCTestKey', -cipher => 'Blowfish');
my $ct = $c->encrypt('CompatibilityTest');
print ref($c), ' ', substr($ct, 0, 8), ' ', $c->decrypt($ct), "\n";
$ct = $c->encrypt('again');
print $c->decrypt($ct), "\n";
EOF

# the old bridge's way: perl/lib only, no perl/compat on @INC
{
    my ($out, $err, $exit) = run_perl("use strict; use warnings; use CryptHelper;\n$ENCRYPT", inc => ["$ROOT/perl/lib"]);
    is($exit, 0, 'use CryptHelper + Crypt::CBC->new runs with perl/lib only') or diag $err;
    is($out, "Crypt::CBC Salted__ CompatibilityTest\nagain\n", 'and encrypts as Crypt::CBC does');
    is($err, '', 'STDERR is empty: no opensslv1 deprecation warning');
}

# the same with perl/compat on @INC too
{
    my ($out, $err, $exit) = run_perl_facade("use strict; use warnings; use CryptHelper;\n$ENCRYPT");
    is($exit, 0, 'use CryptHelper + Crypt::CBC->new runs with perl/compat on @INC') or diag $err;
    is($err, '', 'STDERR is empty there too');
}

# a module that uses CryptHelper and builds its ciphers with Crypt::CBC->new (AutoKit's way),
# and a package that relies on the script's `use CryptHelper`
{
    my ($out, $err, $exit) = run_perl(<<"EOF", inc => ["$ROOT/perl/lib"]);
package Kit; use CryptHelper;
sub cipher { return Crypt::CBC->new(-key => 'k', -cipher => 'Blowfish') }
package Other;
sub cipher { return Crypt::CBC->new(-key => 'k', -cipher => 'Blowfish') }
package main;
print length(Kit::cipher()->encrypt('x')), ' ', length(Other::cipher()->encrypt('y')), "\\n";
EOF
    is($out, "24 24\n", 'ciphers from other packages work') or diag $err;
    is($err, '', 'and print nothing on STDERR');
}

# `use Crypt::CBC` with the facade: the real module's warning, exactly
{
    my ($rout, $rerr, $rexit) = run_perl_real("use strict; use warnings; use Crypt::CBC;\n$ENCRYPT");
    like($rerr, qr/WARNING: The key derivation method "opensslv1" is deprecated/, 'the real Crypt::CBC warns');
    my ($fout, $ferr, $fexit) = run_perl_facade("use strict; use warnings; use Crypt::CBC;\n$ENCRYPT");
    is($fout, $rout, 'use Crypt::CBC with the facade: same output as the real module');
    s{\S*/script\.pl}{script.pl}g for $rerr, $ferr;    # each run has its own temp dir
    is($ferr, $rerr, 'and the same warnings on STDERR, at the same lines');
}

# a script that says both is quiet too: the old CryptHelper replaced Crypt::CBC::new
{
    my ($out, $err) = run_perl_facade("use strict; use warnings; use Crypt::CBC; use CryptHelper;\n$ENCRYPT");
    is($err, '', 'use Crypt::CBC + use CryptHelper: no warning, as with the old bridge');
}

# an explicit -nodeprecate => 0 is obeyed
{
    my ($out, $err) = run_perl("use strict; use warnings; use CryptHelper;\n"
        . "my \$c = Crypt::CBC->new(-key => 'k', -cipher => 'Blowfish', -nodeprecate => 0); \$c->encrypt('x');\n",
        inc => ["$ROOT/perl/lib"]);
    like($err, qr/opensslv1" is deprecated/, 'use CryptHelper + -nodeprecate => 0: warns');
}

done_testing;
