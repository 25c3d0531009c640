package CryptHelper;
# ABSTRACT: the old bridge's CryptHelper: Crypt::CBC (perl/compat) with hex output, plus digest functions

use strict;
use warnings;

our $VERSION = '2.00';

use Carp ();
use CPANBridge;
use CPANBridge::Compat 'Crypt::CBC';
use CPANBridge::Crypt::Digest ();

# The old module was a CPANBridge subclass; call_python on a cipher still works.
our @ISA = ('Crypt::CBC', 'CPANBridge');

# Its `use CryptHelper; Crypt::CBC->new(...)` never printed the deprecation
# warning either: it replaced Crypt::CBC::new with its own.
$Crypt::CBC::QUIET_BY_DEFAULT = 1;


# The digest functions, under this name as before (CryptHelper::hash, use CryptHelper qw(md5_hex)).
our @EXPORT_OK = @CPANBridge::Crypt::Digest::EXPORT_OK;
our %EXPORT_TAGS = (all => \@EXPORT_OK);
{
    no strict 'refs';
    *{"CryptHelper::$_"} = \&{"CPANBridge::Crypt::Digest::$_"} for @EXPORT_OK;
}

sub import {
    my $class = shift;
    return unless @_;
    require Exporter;
    local $Exporter::ExportLevel = 1;
    return Exporter::import($class, @_);
}

sub _msg { return Crypt::CBC::_msg(@_) }

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

1;

__END__

=head1 NAME

CryptHelper - the old bridge's Crypt::CBC replacement: the Crypt::CBC facade with hex output, and digests

=head1 VERSION

2.00

=head1 SYNOPSIS

  use lib '/opt/cpan-bridge/perl/lib';   # perl/compat need not be on @INC
  use CryptHelper;                       # also makes Crypt::CBC->new available

  # the old bridge's class: encrypt returns hex, decrypt takes hex (or binary)
  my $crypt = CryptHelper->new(-key => $passphrase, -cipher => 'Blowfish');
  my $hex   = $crypt->encrypt('secret');
  my $back  = $crypt->decrypt($hex);

  my $cipher = Crypt::CBC->new(-key => $passphrase, -cipher => 'Blowfish');
  my $ciphertext = $cipher->encrypt($plaintext);        # binary, Salted__ header

  # digests, hashed by the daemon (the core Digest::MD5 / Digest::SHA are faster)
  use CryptHelper qw(md5_hex sha256_hex hmac_sha256_hex);
  print sha256_hex('password123'), "\n";

=head1 DESCRIPTION

C<use CryptHelper> loads the Crypt::CBC facade from F<perl/compat>
(L<Crypt::CBC>, which documents its methods and differences), so
C<< Crypt::CBC->new >> works after it as the old module promised. A
CryptHelper is a Crypt::CBC (and, as before, a CPANBridge) with the old
bridge's contract: same constructor, but C<encrypt> returns hex and
C<decrypt> accepts hex or binary, the default cipher is Blowfish, it takes
C<key_file>, and it never prints the deprecation warning. The digest
functions are L<CPANBridge::Crypt::Digest>'s, exported under this name.

Nor does C<< Crypt::CBC->new >> once CryptHelper is loaded: the old module
replaced it with its own, which never warned, so the facade's C<new> then
defaults C<-nodeprecate> to 1 (an explicit C<-nodeprecate> is obeyed). A
script that loads Crypt::CBC and not CryptHelper gets Crypt::CBC's own
behaviour: the warning each time an C<opensslv1> or C<randomiv> cipher
starts encrypting.

=head1 METHODS

=head2 new

  my $crypt = CryptHelper->new(-key => $pass, -cipher => 'Blowfish', %crypt_cbc_options);
  my $crypt = CryptHelper->new(key => $pass, cipher => 'Rijndael');
  my $crypt = CryptHelper->new(-key_file => 'AutoKit.pem');

Crypt::CBC's options, with or without dashes, plus C<key_file> (PEM armour
lines and newlines stripped, as AutoKit's C<_key()> did). Croaks
C<Either -key or -key_file must be provided> or
C<Failed to create cipher: ...>.

=head2 encrypt, decrypt

  my $hex = $crypt->encrypt($plaintext);       # croaks "Encryption failed: ..."
  my $pt  = $crypt->decrypt($hex);             # or decrypt(pack 'H*', $hex)

=head2 error, cipher, key

  my $why  = $crypt->error;     # the last failure's message, or undef
  my $name = $crypt->cipher;    # the name given to new (Blowfish by default)
  my $pass = $crypt->key;       # the key given to new; with an argument, Crypt::CBC's setter

=head2 hash, hmac, md5, md5_hex, ..., hmac_sha512_base64

  use CryptHelper qw(:all);
  my $hex = CryptHelper::hash($data, 'SHA256');
  my $mac = CryptHelper::hmac($data, $key, 'SHA1');

See L<CPANBridge::Crypt::Digest>.

=head1 SEE ALSO

L<Crypt::CBC>, L<CPANBridge::Crypt::Digest>, L<CPANBridge>, docs/crypto.md

=cut
