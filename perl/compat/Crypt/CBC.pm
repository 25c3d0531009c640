package Crypt::CBC;
# ABSTRACT: drop-in Crypt::CBC 3.04 whose work (key derivation, padding, ciphers) is done by the cpan-bridge daemon

use strict;
use warnings;
use Carp ();
use CPANBridge;
use JSON::PP ();

our $VERSION = '3.04';

my $BRIDGE;
sub _bridge { $BRIDGE ||= CPANBridge->new }

sub _msg { my $m = shift; $m = '' unless defined $m; $m =~ s/ at \S+ line \d+\.?\n?\z//; return $m }

my @RELEASE;          # handles dropped by DESTROY, closed with the next new()
my @POOL;             # [signature, cipher_id, meta] of dropped handles new() may reuse
my $POOL_MAX = 32;
my $PID = $$;
my @META = qw(class blocksize keysize pbkdf padding literal_key chain_mode deprecated header_mode nodeprecate);
my %BYTES = map { $_ => 1 } qw(key pass iv salt);

# Octets as Crypt::CBC sees them under `use bytes`.
sub _octets { my $s = shift; utf8::encode($s) if utf8::is_utf8($s); return $s }

# The old bridge's `use CryptHelper` made Crypt::CBC->new a CryptHelper, which
# never printed the opensslv1/randomiv deprecation warning (cron mails every
# STDERR line). CryptHelper sets this when it loads: a script that loaded it
# gets the old quiet default; one that loaded only Crypt::CBC, the real one's.
# (Crypt::CBC has no import to see which package said `use Crypt::CBC`, and an
# import here would show in Crypt::CBC->can.)
our $QUIET_BY_DEFAULT = 0;

sub new {
    my $class = shift;
    my $opt = $class->_get_options(@_);
    $opt->{nodeprecate} = 1 if $QUIET_BY_DEFAULT && !exists $opt->{nodeprecate};
    return $class->_create($opt, {});
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
        @{$self}{qw(cipher_id _meta _pid _reset)} = ($id, $meta, CPANBridge::owner(), 1);
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

# A new ithread shares the session but not the objects: the parent's pooled
# (or about to be closed) handles stay the parent's, or two objects, one per
# thread, would drive one daemon handle.
sub CLONE { @POOL = (); @RELEASE = (); return }

sub _open {
    my $self = shift;
    my %p = %{ $self->{_wire} };
    _forked() if $PID != $$;
    $p{release} = [ splice @RELEASE ] if @RELEASE;
    my ($r, $err) = _bridge()->rpc('crypto.new', \%p);
    Carp::croak($err->{message}) if $err;
    $self->{cipher_id} = $r->{cipher_id};
    $self->{$_} = $r->{$_} for qw(class blocksize keysize pbkdf padding literal_key chain_mode deprecated);
    $self->{header_mode} = $r->{header};
    $self->{nodeprecate} = $self->{_wire}{nodeprecate};
    $self->{_meta} = { map { $_ => $self->{$_} } @META };
    $self->{_pid} = CPANBridge::owner();
    delete $self->{_reset};
    return $self;
}

# One call. A handle reaped while idle, or a parent's handle used in a forked
# child or a thread's copy of the parent's object, is reopened from the same
# options, unless a stream is half done (its state went with the handle).
sub _call {
    my ($self, $method, $params, $opts, $midstream) = @_;
    my $owner = $self->{_pid} // '';
    if ($owner ne CPANBridge::owner() && (split /\./, $owner)[0] eq $$) {
        # a thread's copy: the same session would reach the parent's handle, state and all
        # (a forked child's session has no such handle: it reopens on handle_not_found below)
        Carp::croak('cpan-bridge: this cipher\'s stream was started in another thread; start it again in this one') if $midstream;
        $self->_open;
        _bridge()->rpc('crypto.cipher_set', { %{ $self->{_set} }, cipher_id => $self->{cipher_id} }) if $self->{_set};
    }
    my %p = (%$params, cipher_id => $self->{cipher_id});
    $p{reset} = JSON::PP::true() if $self->{_reset};
    my ($r, $err) = _bridge()->rpc($method, \%p, $opts);
    if ($err && ($err->{type} eq 'handle_not_found' || $err->{type} eq 'handle_not_owned') && !$midstream) {
        $self->_open;
        _bridge()->rpc('crypto.cipher_set', { %{ $self->{_set} }, cipher_id => $self->{cipher_id} }) if $self->{_set};
        delete $p{reset};
        ($r, $err) = _bridge()->rpc($method, { %p, cipher_id => $self->{cipher_id} }, $opts);
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
    Carp::croak(_msg($@)) unless $r;
    return $r->{data} if defined $r->{data} || !$finish;
    return '';
}

sub _state { my $self = shift; return $self->_call('crypto.cipher_state', {}) }

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
# Crypt::CBC 3.04 keeps its padding as the code that does it and returns
# that: one of these subs (same names and prototypes, so a script may call
# it, $padding->($block, $blocksize, 'e' or 'd'), or compare it with
# \&Crypt::CBC::_standard_padding). The daemon pads; these are for scripts.
my %PADDING = (
    standard        => \&_standard_padding,
    space           => \&_space_padding,
    none            => \&_no_padding,
    null            => \&_null_padding,
    oneandzeroes    => \&_oneandzeroes_padding,
    rijndael_compat => \&_rijndael_compat,
);
sub padding { my $p = $_[0]{padding}; return defined $p && $PADDING{$p} ? $PADDING{$p} : $p }

# Crypt::CBC runs without warnings: a block too long for its padding gives no
# "Negative repeat count" warning there either.
sub _standard_padding ($$$) {
    no warnings;
    my ($b, $bs, $decrypt) = @_;
    return substr($b, 0, $bs - unpack('C', substr($b, -1))) if $decrypt eq 'd';
    my $pad = $bs - length($b);
    return $b . pack('C*', ($pad) x $pad);
}

sub _space_padding ($$$) {
    no warnings;
    my ($b, $bs, $decrypt) = @_;
    if ($decrypt eq 'd') { $b =~ s/ *\z//s } else { $b .= pack('C*', (32) x ($bs - length($b))) }
    return $b;
}

sub _no_padding ($$$) { return $_[0] }

sub _null_padding ($$$) {
    no warnings;
    my ($b, $bs, $decrypt) = @_;
    return unless length $b;
    if ($decrypt eq 'd') { $b =~ s/\0*\z//s; return $b }
    return $b . pack('C*', (0) x ($bs - length($b) % $bs));
}

sub _oneandzeroes_padding ($$$) {
    no warnings;
    my ($b, $bs, $decrypt) = @_;
    if ($decrypt eq 'd') { $b =~ s/\x80\0*\z//s; return $b }
    return $b . pack('C*', 128, (0) x ($bs - length($b) - 1));
}

sub _rijndael_compat ($$$) {
    no warnings;
    my ($b, $bs, $decrypt) = @_;
    return unless length $b;
    if ($decrypt eq 'd') { $b =~ s/\x80\0*\z//s; return $b }
    return $b . pack('C*', 128, (0) x ($bs - length($b) % $bs - 1));
}
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
    # a forked child's or a thread's copy of the parent's object: the handle is the parent's
    return if ($self->{_pid} // '') ne CPANBridge::owner();
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
    _bridge()->batch([ map { [ 'crypto', 'cleanup_cipher', { cipher_id => $_ } ] } @ids ]) if @ids;
}

1;

__END__

=head1 NAME

Crypt::CBC - cpan-bridge facade of Crypt::CBC 3.04, backed by the daemon's crypto module

=head1 VERSION

3.04 (the interface it follows)

=head1 SYNOPSIS

  use Crypt::CBC;    # with perl/compat first on PERL5LIB

  my $cipher = Crypt::CBC->new(-pass => $passphrase, -cipher => 'Rijndael', -pbkdf => 'pbkdf2');
  my $ciphertext = $cipher->encrypt($plaintext);        # Salted__ header, openssl enc compatible
  my $plaintext  = $cipher->decrypt($ciphertext);
  my $hex        = $cipher->encrypt_hex($plaintext);

  $cipher->start('encrypting');
  print $out $cipher->crypt($_) while <$in>;
  print $out $cipher->finish;

=head1 DESCRIPTION

Scripts written for Crypt::CBC run unchanged: same constructor forms
(C<-option> list, hashref, C<($key, $cipher)>), same defaults
(C<Crypt::Cipher::AES>, C<opensslv1> key derivation with its deprecation
warning, C<salt> header, standard padding), same ciphertext, same croak
messages. Key derivation (opensslv1, opensslv2, pbkdf2, randomiv), padding,
the C<Salted__> / C<RandomIV> headers and the block ciphers Rijndael/AES,
Blowfish, DES and DES_EDE3 run in the daemon (C<crypto.new>,
C<crypto.crypt>); ciphertext is byte for byte what the real module and
C<openssl enc> read and write. Each object is a daemon handle (kind
C<cipher>), so C<start>/C<crypt>/C<finish> stream.

Byte strings are Perl strings of octets; character strings are used in
their internal UTF-8 form, as Crypt::CBC's C<use bytes> does. The old
bridge's C<CryptHelper> (F<perl/lib>) is a subclass with its hex interface.

=head1 METHODS

=head2 new

  my $cipher = Crypt::CBC->new(-key => $pass, -cipher => 'Rijndael', %options);
  my $cipher = Crypt::CBC->new({ key => $pass, cipher => 'Blowfish' });
  my $cipher = Crypt::CBC->new($pass, 'Blowfish');

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

One round trip each (values over 4 MiB go as a stream of 4 MiB calls). A
wrong key does not fail: like Crypt::CBC, it returns what the last block's
padding byte leaves of the garbage.

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

=head2 cipher, blocksize, header_mode, literal_key, pbkdf, padding, chain_mode, nodeprecate, pcbc, random_bytes

Local accessors. C<padding> returns the padding's code reference, as the
real module does (C<\&Crypt::CBC::_standard_padding>, ...; callable as
C<< $padding->($block, $blocksize, 'e' or 'd') >>).

=head2 filehandle

Croaks: Crypt::FileHandle is not supported.

=head1 DIFFERENCES FROM Crypt::CBC

Chain modes other than CBC (pcbc, cfb, ofb, ctr), custom padding code
references, pre-built cipher objects as C<-cipher>, C<filehandle> and
HMACSHA3 hashers are not supported and croak.
For C<randomiv> headers, 3.04 derives the wrong key when decrypting; this
facade decrypts them as 2.x did.

Once the old bridge's L<CryptHelper> is loaded, C<new> defaults
C<-nodeprecate> to 1: no C<opensslv1>/C<randomiv> deprecation warning on
STDERR, as the old bridge's C<use CryptHelper> (which replaced
C<Crypt::CBC-E<gt>new> with its own) never printed one. An explicit
C<-nodeprecate> is obeyed; a script that loads Crypt::CBC without
CryptHelper gets the real module's warning.

Objects are per thread as with the real module: a copy of an object in a
new ithread gets its own daemon handle at its first use (a stream begun
before the thread started cannot continue in it and croaks), and a copy's
C<DESTROY> leaves the parent's handle alone.

A dropped object costs no round trip: its handle waits in a small
per-process pool for a C<new> with the same options, or is closed along
with the next C<crypto.new>; at exit the session close frees every handle.

=head1 SEE ALSO

L<CryptHelper>, L<CPANBridge>, docs/crypto.md

=cut
