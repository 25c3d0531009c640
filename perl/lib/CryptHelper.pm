package CryptHelper;
# ABSTRACT: Crypt::CBC (and digest functions) over the cpan-bridge daemon

use strict;
use warnings;

our $VERSION = '2.00';

use Carp ();
use CPANBridge;

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

my $BRIDGE;
sub _bridge { $BRIDGE ||= CPANBridge->new }

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

sub _msg { my $m = shift; $m = '' unless defined $m; $m =~ s/ at \S+ line \d+\.?\n?\z//; return $m }

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

# ==============================================================================
package CryptHelper::CBC; # Crypt::CBC 3.04's interface; hide from PAUSE

use strict;
use warnings;
use Carp ();

my @RELEASE;          # handles dropped by DESTROY, closed with the next new()
my @POOL;             # [signature, cipher_id, meta] of dropped handles new() may reuse
my $POOL_MAX = 32;
my $PID = $$;
my @META = qw(class blocksize keysize pbkdf padding literal_key chain_mode deprecated header_mode nodeprecate);
my %BYTES = map { $_ => 1 } qw(key pass iv salt);

# Octets as Crypt::CBC sees them under `use bytes`.
sub _octets { my $s = shift; utf8::encode($s) if utf8::is_utf8($s); return $s }

sub new {
    my $class = shift;
    return $class->_create($class->_get_options(@_), {});
}

sub _get_options {
    my $class = shift;
    my $options = {};
    if (ref $_[0] eq 'HASH') {
        $options = { %{ $_[0] } };
    } elsif (defined $_[0] && $_[0] =~ /^-[a-zA-Z_]{1,20}$/) {
        my %tmp = @_;
        while (my ($k, $v) = each %tmp) { $k =~ s/^-//; $options->{lc $k} = $v }
    } else {
        $options->{key}    = shift;
        $options->{cipher} = shift;
    }
    return $options;
}

sub _wire_options {
    my $opt = shift;
    my %w;
    for my $k (keys %$opt) {
        my $v = $opt->{$k};
        if ($k eq 'cipher' && ref $v) { Carp::croak('cpan-bridge cannot use a pre-built cipher object as -cipher; pass its name (e.g. -cipher => "Blowfish")') }
        if ($k eq 'padding' && ref $v eq 'CODE') { Carp::croak('cpan-bridge does not support custom padding code references; use standard, null, space, oneandzeroes, rijndael_compat or none') }
        if ($k eq 'hasher' && ref $v) {
            my $c = ref $v;
            $c =~ s/^Crypt::PBKDF2::Hash:://;
            $v = ($c eq 'HMACSHA2' && $v->{sha_size}) ? "HMACSHA2-$v->{sha_size}" : $c;
        }
        $w{$k} = ($BYTES{$k} && defined $v && !ref $v) ? CPANBridge::bytes(_octets($v)) : $v;
    }
    return \%w;
}

sub _create {
    my ($class, $opt, $extra) = @_;
    my $wire = { %{ _wire_options($opt) }, %$extra };
    my $self = bless { _wire => $wire, passphrase => (defined $opt->{pass} && $opt->{pass} ne '' ? $opt->{pass} : $opt->{key}) }, ref($class) || $class;
    _forked() if $PID != $$;
    # AutoKit-style code builds the same cipher for every call and drops it:
    # a dropped handle with the same options is taken back without a round
    # trip, and reset to its new() state by its first call.
    my $sig = $self->{_sig} = _signature($wire);
    for my $i (reverse 0 .. $#POOL) {
        next unless $POOL[$i][0] eq $sig;
        my (undef, $id, $meta) = @{ splice @POOL, $i, 1 };
        @{$self}{@META} = @{$meta}{@META};
        @{$self}{qw(cipher_id _meta _pid _reset)} = ($id, $meta, $$, 1);
        return $self;
    }
    $self->_open;
    return $self;
}

sub _signature {
    my $w = shift;
    require Digest::MD5;
    my $md5 = Digest::MD5->new;
    for my $k (sort keys %$w) {
        my $v = $w->{$k};
        $v = ref $v eq 'CPANBridge::Bytes' ? "b$$v" : defined $v ? "s$v" : 'u';
        utf8::encode($v) if utf8::is_utf8($v);
        $md5->add(pack 'w/a* w/a*', $k, $v);
    }
    return $md5->digest;
}

# A forked child has its own session: the parent's pooled ids are not its own.
sub _forked { @POOL = (); @RELEASE = (); $PID = $$ }

sub _open {
    my $self = shift;
    my %p = %{ $self->{_wire} };
    _forked() if $PID != $$;
    $p{release} = [ splice @RELEASE ] if @RELEASE;
    my ($r, $err) = CryptHelper::_bridge()->rpc('crypto.new', \%p);
    Carp::croak($err->{message}) if $err;
    $self->{cipher_id} = $r->{cipher_id};
    $self->{$_} = $r->{$_} for qw(class blocksize keysize pbkdf padding literal_key chain_mode deprecated);
    $self->{header_mode} = $r->{header};
    $self->{nodeprecate} = $self->{_wire}{nodeprecate};
    $self->{_meta} = { map { $_ => $self->{$_} } @META };
    $self->{_pid} = $$;
    delete $self->{_reset};
    return $self;
}

# One call. A handle reaped while idle, or a parent's handle used in a forked
# child, is reopened from the same options, unless a stream is half done (its
# state went with the handle).
sub _call {
    my ($self, $method, $params, $opts, $midstream) = @_;
    my %p = (%$params, cipher_id => $self->{cipher_id});
    $p{reset} = JSON::PP::true() if $self->{_reset};
    my ($r, $err) = CryptHelper::_bridge()->rpc($method, \%p, $opts);
    if ($err && ($err->{type} eq 'handle_not_found' || $err->{type} eq 'handle_not_owned') && !$midstream) {
        $self->_open;
        CryptHelper::_bridge()->rpc('crypto.cipher_set', { %{ $self->{_set} }, cipher_id => $self->{cipher_id} }) if $self->{_set};
        delete $p{reset};
        ($r, $err) = CryptHelper::_bridge()->rpc($method, { %p, cipher_id => $self->{cipher_id} }, $opts);
    }
    Carp::croak($err->{message}) if $err;
    delete $self->{_reset};
    return $r;
}

# undef is '' to Crypt::CBC (it runs without 'uninitialized' warnings).
sub encrypt {
    my ($self, $data) = @_;
    $self->start('encrypting');
    return $self->_run(defined $data ? $data : '', 1);
}

sub decrypt {
    my ($self, $data) = @_;
    $self->start('decrypting');
    return $self->_run(defined $data ? $data : '', 1);
}

sub encrypt_hex { my ($self, $data) = @_; return join '', unpack 'H*', $self->encrypt($data) }
sub decrypt_hex { my ($self, $data) = @_; return $self->decrypt(pack 'H*', $data) }

sub start {
    my ($self, $operation) = @_;
    Carp::croak('Specify <e>ncryption or <d>ecryption') unless defined $operation && $operation =~ /^[ed]/i;
    $self->{_op} = $operation =~ /^d/i ? 'decrypt' : 'encrypt';
    $self->{_fresh} = 1;
    Carp::carp(<<END) if $self->{_op} eq 'encrypt' && $self->{deprecated};
WARNING: The key derivation method "$self->{pbkdf}" is deprecated. Using -pbkdf=>'pbkdf2' would be better.
Pass -nodeprecate=>1 to inhibit this message.
END
    return;
}

sub crypt {
    my ($self, $data) = @_;
    Carp::croak('crypt() called without a preceding start()') unless $self->{_op};
    return $self->_run(defined $data ? $data : '', 0);
}

sub finish {
    my $self = shift;
    Carp::croak('finish() called without a preceding start()') unless $self->{_op};
    return $self->_run(undef, 1);
}

# Big values go as a stream of 4 MiB crypt calls: the output is the same
# (crypt buffers exactly as one call would) and no request nears the body limit.
my $CHUNK = 4 << 20;

sub _run {
    my ($self, $data, $finish) = @_;
    $data = _octets($data) if defined $data;
    return $self->_run1($data, $finish) unless defined $data && length $data > $CHUNK;
    my ($out, $n) = (undef, length $data);
    for (my $i = 0; $i < $n; $i += $CHUNK) {
        my $piece = $self->_run1(substr($data, $i, $CHUNK), $finish && $i + $CHUNK >= $n);
        $out = defined $out ? $out . $piece : $piece if defined $piece;
    }
    return $out;
}

sub _run1 {
    my ($self, $data, $finish) = @_;
    my %p = (op => $self->{_op});
    $p{data} = CPANBridge::bytes($data) if defined $data;
    my $fresh = delete $self->{_fresh};
    $p{start} = JSON::PP::true() if $fresh;
    $p{finish} = JSON::PP::true() if $finish;
    my $r = eval { $self->_call('crypto.crypt', \%p, { packed => 1 }, !$fresh) };
    delete $self->{_op} if $finish || !$r;
    Carp::croak(CryptHelper::_msg($@)) unless $r;
    return $r->{data} if defined $r->{data} || !$finish;
    return '';
}

sub _state { my $self = shift; return $self->_call('crypto.cipher_state', {}, { idempotent => 1 }) }

sub _setter {
    my ($self, $field, $value) = @_;
    my $v = defined $value ? CPANBridge::bytes(_octets($value)) : undef;
    $self->{_set}{$field} = $v;
    $self->_call('crypto.cipher_set', { $field => $v });
}

sub key  { my $self = shift; my $d = $self->_state->{key};  $self->_setter(key => shift) if @_; return $d }
sub iv   { my $self = shift; my $d = $self->_state->{iv};   $self->_setter(iv => shift) if @_; return $d }
sub salt { my $self = shift; my $d = $self->_state->{salt}; $self->_setter(salt => shift) if @_; return $d }

sub get_initialization_vector { return $_[0]->iv }

sub set_initialization_vector {
    my ($self, $iv) = @_;
    my $bs = $self->{blocksize};
    Carp::croak("Initialization vector must be $bs bytes in length") unless length($iv) == $bs;
    $self->iv($iv);
}

sub passphrase {
    my $self = shift;
    my $d = $self->{passphrase};
    if (@_) { $self->{passphrase} = shift; $self->_setter(passphrase => $self->{passphrase}) }
    return $d;
}

sub keysize {
    my $self = shift;
    if (@_) {
        $self->{keysize} = shift;
        $self->{_set}{keysize} = $self->{keysize} + 0;
        $self->_call('crypto.cipher_set', { keysize => $self->{keysize} + 0 });
    }
    return $self->{keysize};
}

sub cipher      { $_[0]{class} }
sub padding     { $_[0]{padding} }
sub blocksize   { $_[0]{blocksize} }
sub header_mode { $_[0]{header_mode} }
sub literal_key { $_[0]{literal_key} ? 1 : '' }
sub pbkdf       { $_[0]{pbkdf} }
sub chain_mode  { $_[0]{chain_mode} || 'cbc' }
sub nodeprecate { $_[0]{nodeprecate} }
sub pcbc        { undef }

sub filehandle { Carp::croak('filehandle() (Crypt::FileHandle) is not supported by cpan-bridge') }

sub random_bytes {
    my $self = shift;
    my $n = shift or Carp::croak('usage: random_bytes($byte_length)');
    my $r = '';
    if (open my $fh, '<:raw', '/dev/urandom') { read $fh, $r, $n; close $fh }
    $r = pack 'C*', map { int rand 256 } 1 .. $n if length $r != $n;
    return $r;
}

sub DESTROY {
    my $self = shift;
    return unless $self->{cipher_id};
    # At exit the session close frees every handle; otherwise the handle waits
    # in the pool for a new() with the same options, or rides along with the
    # next crypto.new to be closed: dropping an object costs no round trip.
    return if defined ${^GLOBAL_PHASE} && ${^GLOBAL_PHASE} eq 'DESTRUCT';
    return if ($self->{_pid} || 0) != $$;     # a forked copy of the parent's object
    _forked() if $PID != $$;
    if (!$self->{_set} && $self->{_sig} && $self->{_meta}) {
        push @POOL, [ $self->{_sig}, $self->{cipher_id}, $self->{_meta} ];
        return if @POOL <= $POOL_MAX;
        push @RELEASE, (shift @POOL)->[1];
    } else {
        push @RELEASE, $self->{cipher_id};
    }
    _flush() if @RELEASE >= 256;
}

sub _flush {
    my @ids = splice @RELEASE;
    CryptHelper::_bridge()->batch([ map { [ 'crypto', 'cleanup_cipher', { cipher_id => $_ } ] } @ids ]) if @ids;
}

1;
