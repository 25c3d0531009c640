use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl run_perl_real run_perl_facade root old_bridge old_bridge_file);
use Test::More;
use File::Temp ();

# CryptHelper, the old bridge's class: hex out, hex or binary in, Blowfish by
# default, key_file, croak texts; its digest functions against the core
# Digest::MD5 / Digest::SHA; the old bridge's test scripts, run unchanged.

my ($out, $err, $exit) = run_perl_facade(<<'EOF');
use strict; use warnings; use CryptHelper;
my $c = CryptHelper->new(-key => 'AutoKitTestKey2023', -cipher => 'Blowfish');
my $hex = $c->encrypt('DatabasePassword123!');
print $hex =~ /\A[0-9a-f]+\z/ ? "hex\n" : "not hex: $hex\n";
print substr(pack('H*', $hex), 0, 8), "\n";
print $c->decrypt($hex), "\n";
print $c->decrypt(pack 'H*', $hex), "\n";     # AutoKit: decrypt(pack('H*', $text))
print $c->cipher, ' ', $c->key, "\n";
my $d = CryptHelper->new(key => 'no dashes', cipher => 'Rijndael');
print $d->decrypt($d->encrypt("bin\x00\xff")) eq "bin\x00\xff" ? "binary ok\n" : "binary WRONG\n";
my $def = CryptHelper->new(-key => 'k');
print $def->cipher, "\n";
# use CryptHelper; makes Crypt::CBC->new work, with the real module's binary output
my $cbc = Crypt::CBC->new(-key => 'CBCTestKey', -cipher => 'Blowfish', -nodeprecate => 1);
my $ct = $cbc->encrypt('CompatibilityTest');
print ref($cbc), ' ', substr($ct, 0, 8), ' ', $cbc->decrypt($ct), "\n";
for my $bad ([-cipher => 'Blowfish'], [-key => 'k', -cipher => 'InvalidAlgorithm'], [-key_file => '/nonexistent/file.pem']) {
  my $r = eval { CryptHelper->new(@$bad) };
  (my $e = $@) =~ s/ at \S+ line \d+.*//s;
  print defined $r ? "no error\n" : "error: $e\n";
}
EOF
is($exit, 0, 'CryptHelper script runs') or diag $err;
is($out, <<'EOF', 'CryptHelper keeps the old contract') or diag $err;
hex
Salted__
DatabasePassword123!
DatabasePassword123!
Blowfish AutoKitTestKey2023
binary ok
Blowfish
Crypt::CBC Salted__ CompatibilityTest
error: Either -key or -key_file must be provided
error: Failed to create cipher: Couldn't load Crypt::InvalidAlgorithm: cipher not supported by cpan-bridge (supported: Crypt::Rijndael, Crypt::OpenSSL::AES, Crypt::Cipher::AES, Crypt::Blowfish, Crypt::Cipher::Blowfish, Crypt::DES, Crypt::Cipher::DES, Crypt::DES_EDE3, Crypt::Cipher::DES_EDE)
error: Failed to create cipher: Failed to read key from file: /nonexistent/file.pem: ENOENT
EOF
is($err, '', 'CryptHelper prints no deprecation warnings (the old bridge never did)');

# A CryptHelper ciphertext is Crypt::CBC's: the real module decrypts it.
{
    my ($hex) = run_perl_facade(q{use CryptHelper; print CryptHelper->new(-key => 'shared', -cipher => 'Blowfish')->encrypt('from the bridge');});
    my ($pt, $e) = run_perl_real(qq{use Crypt::CBC; print Crypt::CBC->new(-key => 'shared', -cipher => 'Blowfish')->decrypt(pack 'H*', '$hex');});
    is($pt, 'from the bridge', 'the real Crypt::CBC decrypts CryptHelper hex output') or diag $e;
}

# key_file: PEM armour lines and newlines are stripped, as AutoKit's _key() did.
{
    my $dir = File::Temp::tempdir(CLEANUP => 1);
    open my $fh, '>', "$dir/AutoKit.pem" or die $!;
    print $fh "-----BEGIN PRIVATE KEY-----\nVGhpc0lzQVRlc3RLZXk=\nMTIz\n-----END PRIVATE KEY-----\n";
    close $fh;
    my ($hex, $e) = run_perl_facade(qq{use CryptHelper; print CryptHelper->new(-key_file => '$dir/AutoKit.pem', -cipher => 'Blowfish')->encrypt('pem');});
    my ($pt, $e2) = run_perl_real(qq{use Crypt::CBC; print Crypt::CBC->new(-key => 'VGhpc0lzQVRlc3RLZXk=MTIz', -cipher => 'Blowfish')->decrypt(pack 'H*', '$hex');});
    is($pt, 'pem', 'key_file: the processed key is the passphrase') or diag "$e $e2";
}

# Keys never appear in error messages.
{
    my ($o, $e) = run_perl_facade(q{use Crypt::CBC; eval { Crypt::CBC->new(-key => 'TopSecretKey99', -literal_key => 1, -cipher => 'Rijndael') }; print $@; eval { Crypt::CBC->new(-key => 'TopSecretKey99', -cipher => 'Rijndael', -keysize => 20, -nodeprecate => 1)->encrypt('x') }; print $@;});
    like($o, qr/key length must be equal/, 'a bad literal key is reported');
    unlike("$o$e", qr/TopSecretKey99/, 'the key is in no error message');
}

# Digest functions: the same output as the core modules.
my $digest_script = <<'EOF';
use strict; use warnings;
my @data = ('', 'abc', "bin\x00\xff\x80", 'x' x 1000, "caf\x{e9}");
for my $d (@data) {
  print join(' ', md5_hex($d), md5_base64($d), unpack('H*', md5($d)), sha1_hex($d), sha1_base64($d),
    sha224_hex($d), sha256_hex($d), sha256_base64($d), unpack('H*', sha256($d)), sha384_hex($d), sha512_hex($d), sha512_base64($d),
    hmac_sha1_hex($d, 'key'), hmac_sha256_hex($d, 'key'), hmac_sha256_base64($d, 'k' x 100), hmac_sha512_hex($d, ''), unpack('H*', hmac_sha256($d, 'key'))), "\n";
}
print md5_hex('a', 'b', 'c'), ' ', sha256_hex('a', 'b', 'c'), ' ', hmac_sha256_hex('a', 'b', 'key'), "\n";
print eval { md5_hex("\x{263a}") } ? "no error\n" : "wide: $@";
EOF
$digest_script =~ s/ at \S+ line \d+\.//;
my ($real_d, $rerr) = run_perl_real("use Digest::MD5 qw(md5 md5_hex md5_base64); use Digest::SHA qw(sha1_hex sha1_base64 sha224_hex sha256 sha256_hex sha256_base64 sha384_hex sha512_hex sha512_base64 hmac_sha1_hex hmac_sha256 hmac_sha256_hex hmac_sha256_base64 hmac_sha512_hex);\n$digest_script");
my ($fac_d, $ferr) = run_perl_facade("use CryptHelper qw(md5 md5_hex md5_base64 sha1_hex sha1_base64 sha224_hex sha256 sha256_hex sha256_base64 sha384_hex sha512_hex sha512_base64 hmac_sha1_hex hmac_sha256 hmac_sha256_hex hmac_sha256_base64 hmac_sha512_hex);\n$digest_script");
s/ at \S+ line \d+\.\n/\n/ for $real_d, $fac_d;
like($real_d, qr/^900150983cd24fb0d6963f7d28e17f72 /m, 'the core modules give the known MD5 of abc');
is($fac_d, $real_d, 'CryptHelper digest functions equal Digest::MD5 / Digest::SHA') or diag "$ferr $rerr";

# The core Digest modules are not shadowed by perl/compat: the OO form is the real one.
{
    my ($o, $e) = run_perl_facade(q{use Digest::MD5; open my $fh, '<', $0 or die; my $h = Digest::MD5->new->add('x')->addfile($fh)->hexdigest; print $INC{'Digest/MD5.pm'} =~ m{perl/compat} ? 'shadowed' : 'core', ' ', length $h, "\n";});
    is($o, "core 32\n", 'Digest::MD5 under the facade PERL5LIB is the core module') or diag $e;
}

# User Guide: crypto.hash.
{
    my ($o, $e) = run_perl_facade(q{use CPANBridge; my $r = CPANBridge->new->call_python('crypto', 'hash', { data => 'password123', algorithm => 'SHA256' }); print $r->{result}{hash}, "\n"; print CryptHelper::hash('password123', 'SHA256'), "\n"; use CryptHelper;});
    is($o, "ef92b778bafe771e89245b89ecbc08a44a4e166c06659911881f383d4473e94f\n" x 2, 'crypto.hash and CryptHelper::hash give SHA-256 hex') or diag $e;
}

# A handle reaped while the object lived (idle TTL, system.cleanup) is reopened.
{
    my ($o, $e) = run_perl_facade(q{use Crypt::CBC; use CPANBridge;
      my $c = Crypt::CBC->new(-key => 'k', -cipher => 'Blowfish', -nodeprecate => 1);
      my $ct = $c->encrypt('before');
      CPANBridge->new->call('crypto', 'cleanup_cipher', { cipher_id => $c->{cipher_id} });
      print $c->decrypt($ct), ' ', $c->decrypt($c->encrypt('after')), "\n";});
    is($o, "before after\n", 'a reaped cipher handle is reopened from the same options') or diag $e;
}

# Dropped objects' handles are reused by new() with the same options (no
# round trip), in the state new() left; a forked child gets its own handles.
{
    my ($o, $e) = run_perl_facade(q{use Crypt::CBC;
      sub enc { my $c = Crypt::CBC->new(-key => $_[0], -cipher => 'Rijndael', -nodeprecate => 1); return ($c->{cipher_id}, $c->encrypt($_[1])) }
      sub dec { my $c = Crypt::CBC->new(-key => $_[0], -cipher => 'Rijndael', -nodeprecate => 1); return $c->decrypt($_[1]) }
      my ($id1, $ct1) = enc('k', 'one'); my ($id2, $ct2) = enc('k', 'two'); my ($id3) = enc('other', 'x');
      print $id1 eq $id2 ? "reused" : "new", ' ', $id1 eq $id3 ? "shared across keys" : "per key", ' ', dec('k', $ct1), ' ', dec('k', $ct2), "\n";
      my $f = Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -nodeprecate => 1, -salt => 'saltsalt');
      $f->encrypt('x'); undef $f;
      my $g = Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -nodeprecate => 1, -salt => 'saltsalt');
      print defined $g->key ? "stale key\n" : "fresh state\n";
      my $p = Crypt::CBC->new(-key => 'k', -cipher => 'Blowfish', -nodeprecate => 1);
      my $ct = $p->encrypt('parent');
      my $pid = open(my $kid, '-|') // die;
      if (!$pid) { print $p->decrypt($ct), ' ', $p->decrypt($p->encrypt('child')); exit 0 }
      my $got = <$kid>; close $kid;
      print "$got ", $p->decrypt($ct), "\n";});
    is($o, "reused per key one two\nfresh state\nparent child parent\n", 'handle reuse, reset state, fork') or diag $e;
}

# Misuse croaks with a usage line or the reason (002_croakage style).
{
    my ($o, $e) = run_perl_facade(q{use CryptHelper;
      for my $case (sub { CryptHelper->new('odd') }, sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -nodeprecate => 1)->random_bytes },
                    sub { CryptHelper::hash('x', 'whirlpool') }, sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -padding => sub { $_[0] }) },
                    sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -chain_mode => 'ofb') }) {
        eval { $case->() }; (my $m = $@) =~ s/ at \S+ line \d+\.?\n//g; print "$m\n";
      }});
    is($o, join("\n", 'Usage: CryptHelper->new(-key => $key, -cipher => $cipher, ...)', '', 'usage: random_bytes($byte_length)',
        "crypto.hash failed: invalid params: algorithm: unsupported digest 'whirlpool' (supported: MD5, SHA1, SHA224, SHA256, SHA384, SHA512, SHA512224, SHA512256)",
        'cpan-bridge does not support custom padding code references; use standard, null, space, oneandzeroes, rijndael_compat or none',
        'invalid cipher block chain mode: ofb (cpan-bridge supports cbc only)') . "\n", 'usage and unsupported-feature croaks') or diag $e;
}

# The public API is exactly Crypt::CBC 3.04's methods we support (001_api style).
{
    require CryptHelper;
    no strict 'refs';
    my @subs = sort grep { /^[a-z]/ && defined &{"Crypt::CBC::$_"} } keys %{'Crypt::CBC::'};
    is("@subs", join(' ', sort qw(new encrypt decrypt encrypt_hex decrypt_hex start crypt finish key iv salt
        get_initialization_vector set_initialization_vector passphrase keysize cipher padding blocksize header_mode
        literal_key pbkdf chain_mode nodeprecate pcbc filehandle random_bytes)), 'Crypt::CBC public subs');
    my @ch = sort grep { /^[a-z]/ && defined &{"CryptHelper::$_"} } keys %{'CryptHelper::'};
    my @digest = map { my $a = $_; map { "$a$_" } ('', '_hex', '_base64') } qw(md5 sha1 sha224 sha256 sha384 sha512);
    my @hmac = map { my $a = $_; map { "hmac_$a$_" } ('', '_hex', '_base64') } qw(sha1 sha224 sha256 sha384 sha512);
    is("@ch", join(' ', sort(qw(new encrypt decrypt error cipher key import hash hmac), @digest, @hmac)), 'CryptHelper public subs');
}

# The old bridge's own test scripts, read from its repository at test time
# (not copied here), run unchanged as old scripts run: perl/lib on @INC, no perl/compat. CPAN_BRIDGE_OLD_BRIDGE
# names a work tree of that repository, or its git directory (bare or .git).
SKIP: {
    skip $BridgeTest::OLD_BRIDGE_UNSET, 8 unless old_bridge();
    for my $s (['Test_Scripts/test_crypto_complete.pl', qr/\x{274c}|\xe2\x9d\x8c/, qr/ALL TESTS PASSED/],
               ['Test_Scripts/test_crypt_helper.pl', qr/^FAIL/m, qr/SUCCESS: CryptHelper ready/],
               ['Test_Scripts/test_crypto_basic.pl', qr/\x{274c}|\xe2\x9d\x8c/, qr/AES round-trip test PASSED/],
               ['Test_Scripts/test_rijndael_crypto.pl', qr/\x{274c}|\xe2\x9d\x8c/, qr/Rijndael Unicode encryption test PASSED/]) {
        my ($path, $bad, $good) = @$s;
        my $text = old_bridge_file($path);
        local $ENV{PERL5LIB} = '';
        my ($o, $e, $x) = run_perl($text, inc => [root() . '/perl/lib']);
        unlike($o, $bad, "$path: no failures") or diag "$o\n$e";
        like($o, $good, "$path: reaches its success line");
    }
}

done_testing;
