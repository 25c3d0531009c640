package CryptHelper;
# ABSTRACT: Crypt::CBC (and digest functions) over the cpan-bridge daemon

use strict;
use warnings;

our $VERSION = '2.00';

use Carp ();
use CPANBridge;
use CryptHelper::CBC;

our @ISA = ('CryptHelper::CBC', 'CPANBridge');

my @DIGESTS = qw(md5 sha1 sha224 sha256 sha384 sha512);
my @HMACS   = qw(sha1 sha224 sha256 sha384 sha512);
our @EXPORT_OK = ('hash', 'hmac',
    (map { my $a = $_; map { "$a$_" } ('', '_hex', '_base64') } @DIGESTS),
    (map { my $a = $_; map { "hmac_$a$_" } ('', '_hex', '_base64') } @HMACS));
our %EXPORT_TAGS = (all => \@EXPORT_OK);

=head1 NAME

CryptHelper - Crypt::CBC-compatible encryption and digests through the cpan-bridge daemon

=head1 VERSION

2.00

=head1 SYNOPSIS

  use CryptHelper;                       # also makes Crypt::CBC->new available

  my $cipher = Crypt::CBC->new(-key => $passphrase, -cipher => 'Blowfish');
  my $ciphertext = $cipher->encrypt($plaintext);        # binary, Salted__ header
  my $plaintext  = $cipher->decrypt($ciphertext);

  # the old bridge's class: encrypt returns hex, decrypt takes hex (or binary)
  my $crypt = CryptHelper->new(-key => $passphrase, -cipher => 'Blowfish');
  my $hex   = $crypt->encrypt('secret');
  my $back  = $crypt->decrypt($hex);

  # digests, hashed by the daemon (the core Digest::MD5 / Digest::SHA are faster)
  use CryptHelper qw(md5_hex sha256_hex hmac_sha256_hex);
  print sha256_hex('password123'), "\n";
  print hmac_sha256_hex($data, $key), "\n";

=head1 DESCRIPTION

C<CryptHelper::CBC> is Crypt::CBC 3.04's interface with the work done by the
daemon's C<crypto> module: key derivation (opensslv1, opensslv2, pbkdf2,
randomiv), padding, the C<Salted__> / C<RandomIV> headers, and the block
ciphers Rijndael/AES, Blowfish, DES and DES_EDE3. Ciphertext is byte for byte
what the real module and C<openssl enc> read and write. Each cipher object
is a daemon handle (kind C<cipher>), so C<start>/C<crypt>/C<finish> stream.

C<Crypt::CBC> (in C<perl/compat>) is C<CryptHelper::CBC> under the real
module's name. C<CryptHelper> is the old bridge's class: same constructor,
but C<encrypt> returns hex and C<decrypt> accepts hex or binary, its default
cipher is Blowfish, and it takes C<key_file>.

Notation: C<$cipher> is a Crypt::CBC / CryptHelper object; byte strings are
Perl strings of octets (character strings are used in their internal UTF-8
form, as Crypt::CBC's C<use bytes> does).

=head1 METHODS

=head2 new

  my $cipher = Crypt::CBC->new(-key => $pass, -cipher => 'Rijndael', %options);
  my $cipher = Crypt::CBC->new({ key => $pass, cipher => 'Blowfish' });
  my $cipher = Crypt::CBC->new($pass, 'Blowfish');
  my $crypt  = CryptHelper->new(key => $pass, cipher => 'Blowfish');
  my $crypt  = CryptHelper->new(-key_file => 'AutoKit.pem');

Options as Crypt::CBC 3.04 takes them: C<-key>/C<-pass>, C<-cipher>
(C<Rijndael>, C<Crypt::Rijndael>, C<Crypt::OpenSSL::AES>, C<Cipher::AES>,
C<Blowfish>, C<DES>, C<DES_EDE3>, C<Cipher::DES_EDE>; default
C<Crypt::Cipher::AES>), C<-iv>, C<-salt>, C<-header> (C<salt>, C<none>,
C<randomiv>), C<-literal_key>, C<-keysize>, C<-pbkdf> (C<opensslv1>
default, C<opensslv2>, C<pbkdf2>, C<randomiv>, C<none>), C<-iter>,
C<-hasher>, C<-padding> (C<standard>, C<null>, C<space>, C<oneandzeroes>,
C<rijndael_compat>, C<none>), C<-nodeprecate>, C<-prepend_iv>,
C<-add_header>. Bad options croak with the real module's message.

=head2 encrypt, decrypt, encrypt_hex, decrypt_hex

  my $ciphertext = $cipher->encrypt($plaintext);
  my $plaintext  = $cipher->decrypt($ciphertext);
  my $hex        = $cipher->encrypt_hex($plaintext);
  my $plaintext  = $cipher->decrypt_hex($hex);

One round trip each. A wrong key does not fail: like Crypt::CBC, it returns
what the last block's padding byte leaves of the garbage.

=head2 start, crypt, finish

  $cipher->start('encrypting');
  print $out $cipher->crypt($_) while <$in>;
  print $out $cipher->finish;

C<crypt> returns what whole blocks allow (possibly nothing); C<finish>
pads (encrypting) or removes the padding (decrypting).

=head2 key, iv, get_initialization_vector, set_initialization_vector, salt, passphrase, keysize

  my $iv = $cipher->iv;            # after encrypt: the IV used
  $cipher->iv($new_iv);
  my $salt = $cipher->salt;
  my $key  = $cipher->key;         # the derived key (bytes)

Getters ask the daemon (one round trip); setters tell it.

=head2 cipher, blocksize, header_mode, literal_key, pbkdf, padding, chain_mode, nodeprecate, random_bytes

Local accessors. C<padding> returns the padding's name (the real module
returns a code reference).

=head2 Digest functions

  use CryptHelper qw(md5 md5_hex md5_base64 sha1_hex sha256_hex sha512_base64 ...);
  use CryptHelper qw(hmac_sha256_hex hmac_sha1_hex ...);
  my $hex = CryptHelper::hash($data, 'SHA256');          # crypto.hash
  my $mac = CryptHelper::hmac($data, $key, 'SHA1');       # hex

Same names, arguments (data list; key last for C<hmac_*>) and output as
Digest::MD5 / Digest::SHA's functions (base64 without C<=> padding; a
character above 255 croaks "Wide character"). Each is one round trip: for
plain hashing the core modules, which are always installed, are faster.

=head1 DIFFERENCES FROM Crypt::CBC

Chain modes other than CBC (pcbc, cfb, ofb, ctr), custom padding code
references, pre-built cipher objects as C<-cipher>, C<filehandle> and
HMACSHA3 hashers are not supported and croak. For C<randomiv> headers, 3.04
derives the wrong key when decrypting; this facade decrypts them as 2.x did.

=head1 SEE ALSO

L<Crypt::CBC>, L<CPANBridge>, docs/crypto.md

=cut

sub _bridge { return CryptHelper::CBC::_bridge() }
sub _msg { return CryptHelper::CBC::_msg(@_) }

# ---- the old bridge's class: hex out, hex or binary in ----------------------

sub new {
    my ($class, @args) = @_;
    my %args;
    if (@args == 1 && ref $args[0] eq 'HASH') { %args = %{ $args[0] } }
    elsif (@args % 2 == 0) { %args = @args }
    else { Carp::croak(q/Usage: CryptHelper->new(-key => $key, -cipher => $cipher, ...)/ . "\n") }
    my %opt;
    while (my ($k, $v) = each %args) { (my $n = lc $k) =~ s/^-//; $opt{$n} = $v }
    my $key_file = delete $opt{key_file};
    Carp::croak('Either -key or -key_file must be provided')
        unless defined $opt{key} || defined $opt{pass} || defined $key_file;
    $opt{cipher} = 'Blowfish' unless defined $opt{cipher} && length $opt{cipher};
    # The old bridge never warned; cron mails every line a script prints to STDERR.
    $opt{nodeprecate} = 1 unless exists $opt{nodeprecate};
    my $self = eval { $class->_create(\%opt, defined $key_file ? { key_file => $key_file } : {}) };
    Carp::croak('Failed to create cipher: ' . _msg($@)) unless $self;
    $self->{config} = { %opt, key_file => $key_file };
    $self->{cipher_name} = $opt{cipher};
    $self->{last_error} = undef;
    return $self;
}

sub encrypt {
    my ($self, $plaintext) = @_;
    Carp::croak('Plaintext required for encryption') unless defined $plaintext;
    my $out = eval { $self->SUPER::encrypt($plaintext) };
    if (!defined $out) { $self->{last_error} = _msg($@); Carp::croak("Encryption failed: $self->{last_error}") }
    $self->{last_error} = undef;
    return unpack 'H*', $out;
}

sub decrypt {
    my ($self, $ciphertext) = @_;
    Carp::croak('Hex ciphertext required for decryption') unless defined $ciphertext;
    # Old callers pass hex; AutoKit-style callers pass pack('H*', ...). A
    # Salted__/RandomIV header is never hex, and headerless binary ciphertext
    # that is all hex digits is vanishingly unlikely.
    my $bin = ($ciphertext =~ /\A(?:[0-9a-fA-F]{2})+\z/) ? pack('H*', $ciphertext) : $ciphertext;
    my $out = eval { $self->SUPER::decrypt($bin) };
    if (!defined $out) { $self->{last_error} = _msg($@); Carp::croak("Decryption failed: $self->{last_error}") }
    $self->{last_error} = undef;
    return $out;
}

sub error  { return $_[0]{last_error} }
sub cipher { return $_[0]{cipher_name} }
sub key    { my $self = shift; return @_ ? $self->SUPER::key(@_) : $self->{config}{key} }


sub import {
    my $class = shift;
    # use CryptHelper; keeps the old promise: Crypt::CBC->new works after it.
    if (!$INC{'Crypt/CBC.pm'} && !defined &Crypt::CBC::new) {
        no strict 'refs';
        @{'Crypt::CBC::ISA'} = ('CryptHelper::CBC');
        ${'Crypt::CBC::VERSION'} = '3.04';
        $INC{'Crypt/CBC.pm'} = __FILE__;
    }
    return unless @_;
    require Exporter;
    local $Exporter::ExportLevel = 1;
    return Exporter::import($class, @_);
}

# ---- digests: Digest::MD5 / Digest::SHA's function interface ------------------

sub _octets_for_digest {
    my $d = join '', map { defined $_ ? $_ : '' } @_;
    utf8::downgrade($d, 1) or Carp::croak('Wide character in subroutine entry');
    return $d;
}

sub _digest {
    my ($alg, $enc, $data, $key) = @_;
    my %p = (data => CPANBridge::bytes($data), algorithm => $alg, encoding => $enc);
    $p{key} = CPANBridge::bytes($key) if defined $key;
    my ($r, $err) = _bridge()->rpc('crypto.hash', \%p, { idempotent => 1 });
    Carp::croak("crypto.hash failed: $err->{message}") if $err;
    return $r->{hash};
}

sub hash {
    my ($data, $alg, $enc) = @_;
    return _digest($alg || 'SHA256', $enc || 'hex', _octets_for_digest($data));
}

sub hmac {
    my ($data, $key, $alg, $enc) = @_;
    return _digest($alg || 'SHA256', $enc || 'hex', _octets_for_digest($data), _octets_for_digest($key));
}

{
    no strict 'refs';
    my %enc = ('' => 'binary', _hex => 'hex', _base64 => 'base64');
    for my $alg (@DIGESTS) {
        for my $sfx (keys %enc) {
            my $e = $enc{$sfx};
            *{"CryptHelper::$alg$sfx"} = sub { _digest($alg, $e, _octets_for_digest(@_)) };
        }
    }
    for my $alg (@HMACS) {
        for my $sfx (keys %enc) {
            my $e = $enc{$sfx};
            *{"CryptHelper::hmac_$alg$sfx"} = sub {
                my $key = @_ > 1 ? pop @_ : '';
                _digest($alg, $e, _octets_for_digest(@_), _octets_for_digest($key));
            };
        }
    }
}

1;
