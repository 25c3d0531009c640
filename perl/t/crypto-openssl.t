use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_facade root);
use Test::More;
use File::Temp ();

# `openssl enc` reads what the facade writes and the reverse, for each cipher
# and key derivation. Blowfish and single DES need OpenSSL 3's legacy
# provider in the CLI; when it cannot load them those cases are skipped (and
# say so). Crypt::CBC derives a 56-byte Blowfish key where openssl uses 16,
# so Blowfish runs with -keysize 16 on our side.

my $dir = File::Temp::tempdir(CLEANUP => 1);
my $PASS = 'correct horse battery staple';
my $plain = join '', map { chr($_ % 256) } 0 .. 1000;
{ open my $fh, '>:raw', "$dir/plain" or die $!; print $fh $plain; close $fh }

# openssl with its stderr (the deprecated-derivation notices) kept out of the TAP
sub ossl {
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if (!$pid) { open STDERR, '>', '/dev/null'; exec 'openssl', @_ or exit 127 }
    waitpid $pid, 0;
    return $? >> 8;
}
sub openssl_ok { return ossl(@_, '-in', '/dev/null', '-out', '/dev/null', '-pass', 'pass:x') == 0 }
my $legacy = openssl_ok('enc', '-e', '-bf-cbc', '-provider', 'legacy', '-provider', 'default');

my @cases = (
    # name, facade options, openssl options
    ['aes-256 pbkdf2',     "-cipher => 'Rijndael', -pbkdf => 'pbkdf2'",          [qw(-aes-256-cbc -pbkdf2)]],
    ['aes-256 pbkdf2 sha1 iter 2000', "-cipher => 'Rijndael', -pbkdf => 'pbkdf2', -hasher => 'HMACSHA1', -iter => 2000", [qw(-aes-256-cbc -pbkdf2 -md sha1 -iter 2000)]],
    ['aes-256 opensslv1',  "-cipher => 'Rijndael'",                               [qw(-aes-256-cbc -md md5)]],
    ['aes-256 opensslv2',  "-cipher => 'Cipher::AES', -pbkdf => 'opensslv2'",    [qw(-aes-256-cbc -md sha256)]],
    ['aes-128 pbkdf2',     "-cipher => 'Rijndael', -keysize => 16, -pbkdf => 'pbkdf2'", [qw(-aes-128-cbc -pbkdf2)]],
    ['3des opensslv1',     "-cipher => 'DES_EDE3'",                               [qw(-des-ede3-cbc -md md5)]],
    ['3des pbkdf2',        "-cipher => 'DES_EDE3', -pbkdf => 'pbkdf2'",          [qw(-des-ede3-cbc -pbkdf2)]],
    ['blowfish opensslv1', "-cipher => 'Blowfish', -keysize => 16",              [qw(-bf-cbc -md md5)], 'legacy'],
    ['blowfish pbkdf2',    "-cipher => 'Blowfish', -keysize => 16, -pbkdf => 'pbkdf2'", [qw(-bf-cbc -pbkdf2)], 'legacy'],
    ['des opensslv1',      "-cipher => 'DES'",                                    [qw(-des-cbc -md md5)], 'legacy'],
    ['des pbkdf2',         "-cipher => 'DES', -pbkdf => 'pbkdf2'",               [qw(-des-cbc -pbkdf2)], 'legacy'],
);

for my $c (@cases) {
    my ($name, $opts, $ossl, $needs) = @$c;
    SKIP: {
        skip "$name: this openssl CLI cannot load the legacy provider", 4 if $needs && !$legacy;
        my @prov = $needs ? qw(-provider legacy -provider default) : ();
        my ($out, $err, $exit);
        # openssl encrypts first, so the script above can read its file
        is(ossl('enc', '-e', @$ossl, @prov, '-pass', "pass:$PASS", '-in', "$dir/plain", '-out', "$dir/theirs"), 0, "$name: openssl enc -e runs")
            or next;
        ($out, $err, $exit) = run_perl_facade(<<"EOF");
use strict; use warnings; use Crypt::CBC;
my \$c = Crypt::CBC->new(-pass => '$PASS', $opts, -nodeprecate => 1);
open my \$in, '<:raw', '$dir/plain' or die \$!; local \$/; my \$p = <\$in>;
open my \$o, '>:raw', '$dir/ours' or die \$!; print \$o \$c->encrypt(\$p); close \$o;
open my \$e, '<:raw', '$dir/theirs' or die \$!; my \$t = <\$e>;
print \$c->decrypt(\$t) eq \$p ? "decrypted openssl's\\n" : "WRONG\\n";
EOF
        is($out, "decrypted openssl's\n", "$name: the facade decrypts openssl enc output") or diag $err;
        unlink "$dir/back";
        is(ossl('enc', '-d', @$ossl, @prov, '-pass', "pass:$PASS", '-in', "$dir/ours", '-out', "$dir/back"), 0, "$name: openssl enc -d accepts ours");
        my $back = do { local $/; open my $fh, '<:raw', "$dir/back" or die $!; <$fh> };
        ok(defined $back && $back eq $plain, "$name: openssl enc -d gives the plaintext back");
    }
}

# -a (base64) output of the User Guide's one-shot crypto.encrypt reads with openssl too.
{
    my ($out, $err) = run_perl_facade(<<'EOF');
use strict; use warnings; use CPANBridge;
my $r = CPANBridge->new->call('crypto', 'encrypt', { data => 'sensitive information', key => 'my-encryption-key', algorithm => 'AES' });
print $r->{success} ? $r->{result}{encrypted_data} : "error: $r->{error}";
EOF
    open my $fh, '>', "$dir/ug.b64" or die $!; print $fh "$out\n"; close $fh;
    my $pt = `openssl enc -d -aes-256-cbc -md md5 -a -A -pass pass:my-encryption-key -in $dir/ug.b64 2>/dev/null`;
    is($pt, 'sensitive information', "crypto.encrypt {data, key, algorithm => 'AES'}: openssl enc -d -a reads encrypted_data") or diag "$out $err";
}

done_testing;
