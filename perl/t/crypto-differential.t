use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade root);
use Test::More;

# The same scripts run with the real Crypt::CBC 3.04 (+ Crypt::Rijndael,
# Crypt::Blowfish, Crypt::DES, CryptX) and with perl/compat's facade. With a
# fixed -salt (or a literal key and -iv) the ciphertext is deterministic, so
# the two outputs must be identical byte for byte, warnings included.
# Crypt::DES_EDE3 is not installed here; CryptX's Cipher::DES_EDE is the same
# cipher (24-byte key, EDE3) and stands in for it.

my @CIPHERS = qw(Rijndael Blowfish DES Cipher::DES_EDE Cipher::AES Cipher::Blowfish);

sub same_both_ways {
    my ($name, $script) = @_;
    my ($rout, $rerr, $rexit) = run_perl_real($script);
    my ($fout, $ferr, $fexit) = run_perl_facade($script);
    s{\S+/script\.pl}{SCRIPT}g for $rout, $rerr, $fout, $ferr;
    is($rexit, 0, "$name: the real module runs it") or diag $rerr;
    ok(length $rout > 0, "$name: the real module prints something");
    is($fout, $rout, "$name: facade stdout equals the real module's") or diag $ferr;
    is($ferr, $rerr, "$name: facade stderr (warnings) equals the real module's");
    is($fexit, $rexit, "$name: same exit code");
    return ($rout, $fout);
}

my $ciphers = join ' ', @CIPHERS;

# 1. cipher x pbkdf x padding x length, deterministic with a fixed salt.
same_both_ways('matrix', <<"EOF");
use strict; use warnings; use Crypt::CBC;
my \@lens = (0, 1, 7, 8, 9, 15, 16, 17, 33);
for my \$cipher (qw($ciphers)) {
  for my \$pbkdf (qw(opensslv1 opensslv2 pbkdf2)) {
    for my \$padding (qw(standard null space oneandzeroes)) {
      my \$c = Crypt::CBC->new(-key => "pass phrase \$cipher", -cipher => \$cipher, -pbkdf => \$pbkdf,
         -iter => 100, -salt => 'NaCl4you', -padding => \$padding, -nodeprecate => 1);
      for my \$len (\@lens) {
        my \$pt = join '', map { chr((\$_ * 37 + \$len) % 256) } 1 .. \$len;
        my \$ct = \$c->encrypt(\$pt);
        my \$back = \$c->decrypt(\$ct);
        printf "%s %s %s %d %s %s\\n", \$cipher, \$pbkdf, \$padding, \$len, unpack('H*', \$ct), unpack('H*', \$back);
      }
    }
  }
}
EOF

# 1b. rijndael_compat and none paddings, aligned and not (croaks stripped of locations).
same_both_ways('rijndael_compat and none padding', <<"EOF");
use strict; use warnings; use Crypt::CBC;
for my \$cipher (qw($ciphers)) {
  for my \$padding (qw(rijndael_compat none)) {
    my \$c = Crypt::CBC->new(-key => 'pp', -cipher => \$cipher, -salt => 'saltsalt', -padding => \$padding, -nodeprecate => 1);
    for my \$len (0, 5, 8, 16, 24, 32) {
      my \$pt = 'p' x \$len;
      my \$ct = eval { \$c->encrypt(\$pt) };
      (my \$e = \$@) =~ s/ at \\S+ line \\d+\\.?\\n*//g;
      my \$back = defined \$ct ? eval { \$c->decrypt(\$ct) } : undef;
      printf "%s %s %d %s %s %s\\n", \$cipher, \$padding, \$len, defined \$ct ? unpack('H*', \$ct) : 'undef', defined \$back ? unpack('H*', \$back) : 'undef', \$e;
    }
  }
}
EOF

# 1c. padding returns the padding's code, as 3.04 does: callable with
# ($block, $blocksize, 'e' or 'd'), the same sub as Crypt::CBC's own.
same_both_ways('padding accessor', <<'EOF');
use strict; use warnings; use Crypt::CBC;
my %sub = (standard => '_standard_padding', oneandzeroes => '_oneandzeroes_padding', space => '_space_padding',
  null => '_null_padding', rijndael_compat => '_rijndael_compat', none => '_no_padding');
for my $padding (qw(standard oneandzeroes space null rijndael_compat none)) {
  my $c = Crypt::CBC->new(-key => 'pp', -cipher => 'Rijndael', -salt => 'saltsalt', -padding => $padding, -nodeprecate => 1);
  my $p = $c->padding;
  no strict 'refs';
  my $same = $p == \&{"Crypt::CBC::$sub{$padding}"} ? 'Crypt::CBC::' . $sub{$padding} : 'another sub';
  my @out = map { my $r = $p->(@$_); defined $r ? unpack('H*', $r) : 'undef' }
    ['abc', 16, 'e'], ['', 16, 'e'], ['abcdefgh', 8, 'e'], ["abc\x0d" . ("\x0d" x 12), 16, 'd'], ["abc\x80" . ("\0" x 4), 8, 'd'], ["ab  \0\0", 8, 'd'];
  print "$padding ", ref($p), " $same (", (defined prototype($p) ? prototype($p) : 'none'), ") @out\n";
  # the code works as the module's own: padding and unpadding round trip
  my $blk = $p->('hello', $c->blocksize, 'e');
  print "  round trip: ", (defined $blk ? $p->($blk, $c->blocksize, 'd') : 'undef'), "\n";
}
EOF

# 2. defaults: -key and -cipher only (opensslv1 with its warning per encrypt), the
#    hashref and positional forms, default iterations and hashers for pbkdf2.
same_both_ways('defaults and constructor forms', <<'EOF');
use strict; use warnings; use Crypt::CBC;
my $c = Crypt::CBC->new(-key => 'k', -cipher => 'Blowfish', -salt => 'saltsalt');
print unpack('H*', $c->encrypt('hello')), "\n";
print unpack('H*', $c->encrypt('hello again')), "\n";
my $h = Crypt::CBC->new({ key => 'k', cipher => 'Rijndael', salt => 'saltsalt', nodeprecate => 1 });
print unpack('H*', $h->encrypt('hashref form')), "\n";
my $p = Crypt::CBC->new('k', 'DES');
print ref($p), ' ', $p->cipher, ' ', $p->keysize, ' ', $p->blocksize, ' ', $p->header_mode, ' ', $p->pbkdf, "\n";
my $d = Crypt::CBC->new(-key => 'k', -salt => 'saltsalt', -nodeprecate => 1);
print $d->cipher, ' ', unpack('H*', $d->encrypt('default cipher')), "\n";
for my $hasher (qw(HMACSHA1 HMACSHA2)) {
  my $x = Crypt::CBC->new(-pass => 'k', -cipher => 'Rijndael', -pbkdf => 'pbkdf2', -hasher => $hasher, -salt => 'saltsalt');
  print "$hasher ", unpack('H*', $x->encrypt('pbkdf2 default iterations')), "\n";
}
my $ks = Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -keysize => 16, -salt => 'saltsalt', -nodeprecate => 1);
$ks->encrypt('x');
print length($ks->key), ' ', unpack('H*', $ks->key), ' ', unpack('H*', $ks->iv), "\n";
print $ks->encrypt_hex('hex form'), ' ', $ks->decrypt_hex($ks->encrypt_hex('hex form')), "\n";
EOF

# 2b. accessors before and after use, undef data, header switches.
same_both_ways('accessors and edge cases', <<'EOF');
use strict; use warnings; use Crypt::CBC;
my $h = sub { defined $_[0] ? unpack('H*', $_[0]) : 'undef' };
my $c = Crypt::CBC->new(-pass => 'pw', -cipher => 'Blowfish', -salt => 'saltsalt', -nodeprecate => 1);
print join(' ', $h->($c->key), $h->($c->iv), $c->salt, $c->passphrase), "\n";
print $h->($c->encrypt(undef)), ' ', $h->($c->encrypt('')), "\n";
print join(' ', length $c->key, $h->($c->iv), $h->($c->get_initialization_vector), $c->salt), "\n";
$c->start('encrypting'); my $x = $c->crypt(undef); print defined $x ? $h->($x) : 'undef', ' ', $h->($c->finish), "\n";
print $c->literal_key ? 'literal' : 'not literal', ' ', $c->header_mode, ' ', $c->pbkdf, ' ', $c->chain_mode, "\n";
print eval { Crypt::CBC->new(-key => 'k' x 8, -literal_key => 1, -cipher => 'DES'); 1 } ? "no error\n" : "literal key needs an iv\n";
my $l = Crypt::CBC->new(-key => 'k' x 8, -literal_key => 1, -cipher => 'DES', -iv => 'ivivivIV');
my $ct = $l->encrypt('given iv');
print $h->($ct), ' ', $h->($l->iv), ' ', $l->header_mode, ' ', $l->literal_key, "\n";
$l->set_initialization_vector('12345678');
print $h->($l->iv), "\n";
print eval { $l->set_initialization_vector('short'); 1 } ? "no error\n" : "error\n";
for my $opt ([-prepend_iv => 0], [-add_header => 0], [-pbkdf => 'none', -iv => '12345678', -key => 'k' x 8]) {
  my $o = Crypt::CBC->new(-key => 'kk', -cipher => 'DES', -nodeprecate => 1, @$opt);
  print join(' ', $o->header_mode, $o->pbkdf, $o->literal_key ? 1 : 0), "\n";
}
my $r = Crypt::CBC->new(-key => 'kk', -cipher => 'Rijndael', -salt => '1', -nodeprecate => 1);
my $a = $r->encrypt('a'); my $b = $r->encrypt('a');
print $a eq $b ? "same salt\n" : "fresh salt each time\n";
print length($r->random_bytes(13)), "\n";
# a header with no data after it: some cipher modules decrypt the empty block to the IV
for my $cipher (qw(Rijndael Cipher::AES Cipher::DES_EDE Cipher::Blowfish)) {
  for my $padding (qw(standard null space oneandzeroes none)) {
    my $e = Crypt::CBC->new(-key => 'empty', -cipher => $cipher, -padding => $padding, -nodeprecate => 1);
    print "$cipher $padding ", $h->($e->decrypt('Salted__saltsalt')), "\n";
  }
}
EOF

# 3. literal key + iv + header none: identical without any salt.
same_both_ways('literal key, iv, header none', <<"EOF");
use strict; use warnings; use Crypt::CBC;
my %ks = (Rijndael => 32, Blowfish => 56, DES => 8, 'Cipher::DES_EDE' => 24, 'Cipher::AES' => 32, 'Cipher::Blowfish' => 56);
my %bs = (Rijndael => 16, Blowfish => 8, DES => 8, 'Cipher::DES_EDE' => 8, 'Cipher::AES' => 16, 'Cipher::Blowfish' => 8);
for my \$cipher (qw($ciphers)) {
  my \$key = join '', map { chr(\$_ * 11 % 256) } 1 .. \$ks{\$cipher};
  my \$iv  = join '', map { chr(\$_ * 7 % 256) } 1 .. \$bs{\$cipher};
  my \$c = Crypt::CBC->new(-key => \$key, -literal_key => 1, -iv => \$iv, -header => 'none', -cipher => \$cipher);
  my \$ct = \$c->encrypt("literal \x00\xff bytes \$cipher");
  print "\$cipher ", unpack('H*', \$ct), ' ', unpack('H*', \$c->decrypt(\$ct)), ' ', \$c->literal_key, ' ', \$c->header_mode, "\\n";
  my \$n = Crypt::CBC->new(-key => \$key, -literal_key => 1, -iv => \$iv, -header => 'none', -cipher => \$cipher, -padding => 'none');
  print "none ", unpack('H*', \$n->encrypt('x' x (\$bs{\$cipher} * 2))), "\\n";
}
EOF

# 4. streaming: crypt() returns the same partial output, chunk by chunk.
same_both_ways('start/crypt/finish', <<"EOF");
use strict; use warnings; use Crypt::CBC;
my \$pt = join '', map { chr(\$_ % 251) } 1 .. 200;
for my \$cipher (qw(Rijndael Blowfish)) {
  my \$c = Crypt::CBC->new(-key => 'stream', -cipher => \$cipher, -salt => 'saltsalt', -nodeprecate => 1);
  for my \$size (1, 5, 8, 13, 16, 64) {
    \$c->start('encrypting');
    my (\$all, \@lens) = ('');
    for (my \$i = 0; \$i < length \$pt; \$i += \$size) { my \$o = \$c->crypt(substr(\$pt, \$i, \$size)); push \@lens, defined \$o ? length \$o : 'u'; \$all .= \$o if defined \$o }
    my \$f = \$c->finish; push \@lens, length \$f; \$all .= \$f;
    print "\$cipher enc \$size \@lens ", (\$all eq \$c->encrypt(\$pt) ? 'same' : 'DIFFERENT'), "\\n";
    \$c->start('decrypting');
    my (\$plain, \@dl) = ('');
    # the Salted__ header must come whole in the first chunk, for both
    my \$first = 16 + \$size;
    for (my \$i = 0; \$i < length \$all; \$i += (\$i ? \$size : \$first)) { my \$o = \$c->crypt(substr(\$all, \$i, \$i ? \$size : \$first)); push \@dl, defined \$o ? length \$o : 'u'; \$plain .= \$o if defined \$o }
    \$plain .= \$c->finish;
    print "\$cipher dec \$size \@dl ", (\$plain eq \$pt ? 'same' : 'DIFFERENT'), "\\n";
  }
}
EOF

# 5. wrong key: Crypt::CBC returns garbage (what the last pad byte leaves), no error.
same_both_ways('wrong key', <<"EOF");
use strict; use warnings; use Crypt::CBC;
for my \$cipher (qw($ciphers)) {
  my \$good = Crypt::CBC->new(-key => 'right', -cipher => \$cipher, -salt => 'saltsalt', -nodeprecate => 1);
  for my \$pt ('short', 'a somewhat longer plaintext of several blocks') {
    my \$ct = \$good->encrypt(\$pt);
    for my \$wrong ('wrong', 'Right', 'right ') {
      my \$bad = Crypt::CBC->new(-key => \$wrong, -cipher => \$cipher);
      for my \$padding (qw(null space oneandzeroes)) {
        my \$gp = Crypt::CBC->new(-key => 'right', -cipher => \$cipher, -salt => 'saltsalt', -padding => \$padding, -nodeprecate => 1);
        my \$bp = Crypt::CBC->new(-key => \$wrong, -cipher => \$cipher, -padding => \$padding, -nodeprecate => 1);
        print "\$cipher \$wrong \$padding ", unpack('H*', \$bp->decrypt(\$gp->encrypt(\$pt))), "\\n";
      }
      my \$r = eval { \$bad->decrypt(\$ct) };
      print "\$cipher \$wrong ", defined \$r ? unpack('H*', \$r) : 'undef', ' ', (\$@ ? 'error' : 'ok'), "\\n";
    }
  }
}
EOF

# 6. randomiv header with a fixed IV (Blowfish, DES): deterministic.
same_both_ways('randomiv header', <<'EOF');
use strict; use warnings; use Crypt::CBC;
for my $cipher (qw(Blowfish DES)) {
  my $c = Crypt::CBC->new(-key => 'old', -cipher => $cipher, -header => 'randomiv', -iv => 'ivivivIV', -nodeprecate => 1);
  print "$cipher ", unpack('H*', $c->encrypt('from the 1990s')), "\n";
}
EOF

# 7. croaks: the module's messages (locations stripped: the real ones point
#    into Crypt/CBC.pm or the cipher module, ours at the caller).
same_both_ways('errors', <<'EOF');
use strict; use warnings; use Crypt::CBC;
my @cases = (
  sub { Crypt::CBC->new(-cipher => 'Rijndael') },
  sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -header => 'bogus') },
  sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -padding => 'bogus') },
  sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -frobnicate => 1) },
  sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -iv => 'short') },
  sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -salt => 'short') },
  sub { Crypt::CBC->new(-key => 'short', -literal_key => 1, -cipher => 'Rijndael') },
  sub { Crypt::CBC->new(-key => 'k' x 32, -literal_key => 1, -header => 'salt', -cipher => 'Rijndael') },
  sub { Crypt::CBC->new(-key => 'k', -header => 'randomiv', -cipher => 'Rijndael') },
  sub { Crypt::CBC->new(-key => 'k', -pbkdf => 'none', -cipher => 'Rijndael') },
  sub { Crypt::CBC->new(-key => 'k', -iter => -3, -cipher => 'Rijndael') },
  sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -nodeprecate => 1)->decrypt('no header here, sorry') },
  sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -nodeprecate => 1)->decrypt('Salted__12345678' . 'x' x 20) },
  sub { Crypt::CBC->new(-key => 'k', -cipher => 'Blowfish', -nodeprecate => 1)->decrypt('Salted__12345678') },
  sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -nodeprecate => 1, -padding => 'none')->encrypt('not a multiple') },
  sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -nodeprecate => 1)->crypt('x') },
  sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -nodeprecate => 1)->start('sideways') },
  sub { Crypt::CBC->new(-key => 'k', -cipher => 'Rijndael', -keysize => 20, -nodeprecate => 1)->encrypt('x') },
);
my $i = 0;
for my $case (@cases) {
  $i++;
  my $r = eval { $case->(); 1 };
  my $e = $@; $e =~ s/ at \S+ line \d+\.?\n*//g;
  print "$i ", ($r ? 'no error' : "error: $e"), "\n";
}
EOF

# 7b. A value bigger than the facade's 4 MiB request chunk: same bytes.
same_both_ways('9 MB value', <<'EOF');
use strict; use warnings; use Crypt::CBC; use Digest::MD5 qw(md5_hex);
my $c = Crypt::CBC->new(-key => 'big', -cipher => 'Rijndael', -salt => 'saltsalt', -nodeprecate => 1);
my $d = join '', map { chr($_ % 256) } 1 .. (9 << 20) + 5;
my $ct = $c->encrypt($d);
print length($ct), ' ', md5_hex($ct), ' ', ($c->decrypt($ct) eq $d ? 'ok' : 'WRONG'), "\n";
EOF

# 8. Ciphertext with a random salt, made on one side, decrypts on the other.
my $enc = <<"EOF";
use strict; use warnings; use Crypt::CBC;
for my \$cipher (qw($ciphers)) {
  for my \$pbkdf (qw(opensslv1 opensslv2 pbkdf2)) {
    my \$c = Crypt::CBC->new(-key => "cross \$cipher", -cipher => \$cipher, -pbkdf => \$pbkdf, -iter => 50, -nodeprecate => 1);
    print "\$cipher \$pbkdf ", unpack('H*', \$c->encrypt("secret for \$cipher/\$pbkdf \\x{00}\\x{ff}")), "\\n";
  }
}
EOF
my $dec = <<'EOF';
use strict; use warnings; use Crypt::CBC;
while (my $line = <STDIN>) {
  my ($cipher, $pbkdf, $hex) = split ' ', $line;
  my $c = Crypt::CBC->new(-key => "cross $cipher", -cipher => $cipher, -pbkdf => $pbkdf, -iter => 50, -nodeprecate => 1);
  my $pt = $c->decrypt(pack 'H*', $hex);
  print "$cipher $pbkdf ", ($pt eq "secret for $cipher/$pbkdf \x{00}\x{ff}" ? 'ok' : 'WRONG'), "\n";
}
EOF
for my $dir (['real', 'facade'], ['facade', 'real']) {
    my ($from, $to) = @$dir;
    my ($ct, $err, $exit) = $from eq 'real' ? run_perl_real($enc) : run_perl_facade($enc);
    is($exit, 0, "cross: $from encrypts") or diag $err;
    my @lines = split /\n/, $ct;
    is(scalar @lines, @CIPHERS * 3, "cross: $from made one ciphertext per cipher x pbkdf");
    my ($one, $two) = ($lines[0], $lines[1]);
    my $tmp = File::Temp->new;
    print $tmp $ct;
    close $tmp;
    my $script = "open STDIN, '<', '$tmp' or die; " . $dec;
    my ($out, $derr) = $to eq 'real' ? run_perl_real($script) : run_perl_facade($script);
    my @ok = grep { / ok$/ } split /\n/, $out;
    is(scalar @ok, @CIPHERS * 3, "cross: every $from ciphertext decrypts with $to") or diag "$out\n$derr";
}

# 9. randomiv ciphertext from the real module decrypts here (3.04's own decrypt
#    of randomiv derives the wrong key, so only this direction is checked).
{
    my ($ct) = run_perl_real(q{use Crypt::CBC; print unpack('H*', Crypt::CBC->new(-key => 'old', -cipher => 'Blowfish', -header => 'randomiv', -nodeprecate => 1)->encrypt('randomiv from 2.x'));});
    my ($pt, $err) = run_perl_facade(qq{use Crypt::CBC; print Crypt::CBC->new(-key => 'old', -cipher => 'Blowfish', -header => 'randomiv')->decrypt(pack 'H*', '$ct');});
    is($pt, 'randomiv from 2.x', 'randomiv: real ciphertext decrypts with the facade') or diag $err;
}

use File::Temp ();
done_testing;
