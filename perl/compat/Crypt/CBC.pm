package Crypt::CBC;
# ABSTRACT: drop-in Crypt::CBC 3.04 whose work is done by the cpan-bridge daemon

use strict;
use warnings;
use CryptHelper::CBC ();

our $VERSION = '3.04';
our @ISA = ('CryptHelper::CBC');

1;

__END__

=head1 NAME

Crypt::CBC - Crypt::CBC 3.04's interface, backed by the cpan-bridge daemon

=head1 VERSION

3.04 (the interface it follows)

=head1 SYNOPSIS

  use Crypt::CBC;    # with perl/compat first on PERL5LIB

  my $cipher = Crypt::CBC->new(-pass => $passphrase, -cipher => 'Rijndael', -pbkdf => 'pbkdf2');
  my $ciphertext = $cipher->encrypt($plaintext)         # Salted__ header, openssl enc compatible
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
messages. Key derivation, padding and the block cipher run in the daemon
(C<crypto.new>, C<crypto.crypt>); each object is a daemon handle.

=head1 METHODS

All of L<CryptHelper>'s C<CryptHelper::CBC> methods: C<new>, C<encrypt>,
C<decrypt>, C<encrypt_hex>, C<decrypt_hex>, C<start>, C<crypt>, C<finish>,
C<key>, C<iv>, C<salt>, C<passphrase>, C<keysize>,
C<get_initialization_vector>, C<set_initialization_vector>, C<cipher>,
C<blocksize>, C<header_mode>, C<literal_key>, C<pbkdf>, C<padding>,
C<chain_mode>, C<nodeprecate>, C<random_bytes>.

=head1 DIFFERENCES FROM Crypt::CBC

See L<CryptHelper/"DIFFERENCES FROM Crypt::CBC">: CBC chaining only, no
custom padding code references or cipher objects, no C<filehandle>,
C<padding> returns a name, C<randomiv> ciphertext decrypts as in 2.x.

=head1 SEE ALSO

L<CryptHelper>, docs/crypto.md

=cut
