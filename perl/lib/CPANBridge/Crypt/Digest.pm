package CPANBridge::Crypt::Digest;
# ABSTRACT: Digest::MD5 / Digest::SHA's function interface over crypto.hash (exported by CryptHelper)

use strict;
use warnings;

our $VERSION = '2.00';

use Carp ();
use CPANBridge;
require Exporter;
our @ISA = ('Exporter');

my @DIGESTS = qw(md5 sha1 sha224 sha256 sha384 sha512);
my @HMACS   = qw(sha1 sha224 sha256 sha384 sha512);
my %ENC = ('' => 'binary', _hex => 'hex', _base64 => 'base64');

our @EXPORT_OK = ('hash', 'hmac',
    (map { my $a = $_; map { "$a$_" } sort keys %ENC } @DIGESTS),
    (map { my $a = $_; map { "hmac_$a$_" } sort keys %ENC } @HMACS));
our %EXPORT_TAGS = (all => \@EXPORT_OK);

my $BRIDGE;
sub _bridge { return $BRIDGE ||= CPANBridge->new }

# The core modules' rules: arguments joined, octets only.
sub _octets {
    my $d = join '', map { defined $_ ? $_ : '' } @_;
    utf8::downgrade($d, 1) or Carp::croak('Wide character in subroutine entry');
    return $d;
}

sub _digest {
    my ($alg, $enc, $data, $key) = @_;
    my %p = (data => CPANBridge::bytes($data), algorithm => $alg, encoding => $enc);
    $p{key} = CPANBridge::bytes($key) if defined $key;
    my ($r, $err) = _bridge()->rpc('crypto.hash', \%p);
    Carp::croak("crypto.hash failed: $err->{message}") if $err;
    return $r->{hash};
}

sub hash {
    my ($data, $alg, $enc) = @_;
    return _digest($alg || 'SHA256', $enc || 'hex', _octets($data));
}

sub hmac {
    my ($data, $key, $alg, $enc) = @_;
    return _digest($alg || 'SHA256', $enc || 'hex', _octets($data), _octets($key));
}

for my $alg (@DIGESTS) {
    for my $sfx (keys %ENC) {
        my $e = $ENC{$sfx};
        no strict 'refs';
        *{__PACKAGE__ . "::$alg$sfx"} = sub { _digest($alg, $e, _octets(@_)) };
    }
}
for my $alg (@HMACS) {
    for my $sfx (keys %ENC) {
        my $e = $ENC{$sfx};
        no strict 'refs';
        *{__PACKAGE__ . "::hmac_$alg$sfx"} = sub {
            my $key = @_ > 1 ? pop @_ : '';
            _digest($alg, $e, _octets(@_), _octets($key));
        };
    }
}

1;

__END__

=head1 NAME

CPANBridge::Crypt::Digest - Digest::MD5 / Digest::SHA's functions, hashed by the cpan-bridge daemon

=head1 SYNOPSIS

  use CryptHelper qw(md5_hex sha256_hex hmac_sha256_hex);   # CryptHelper re-exports these
  print sha256_hex('password123'), "\n";
  print hmac_sha256_hex($data, $key), "\n";
  my $hex = CryptHelper::hash($data, 'SHA256');
  my $mac = CryptHelper::hmac($data, $key, 'SHA1');

=head1 DESCRIPTION

The digest functions L<CryptHelper> exports; they are not Crypt::CBC's, so
they live here rather than in F<perl/compat>. Same names, arguments (data
list; key last for C<hmac_*>) and output as Digest::MD5 / Digest::SHA's
functions (base64 without C<=> padding; a character above 255 croaks "Wide
character"). Each is one C<crypto.hash> round trip: for plain hashing the
core modules, which are always installed, are faster.

=head1 METHODS

=head2 hash

  my $digest = hash($data, $algorithm, $encoding);   # SHA256, hex by default

=head2 hmac

  my $mac = hmac($data, $key, $algorithm, $encoding);

=head2 md5, md5_hex, md5_base64, sha1*, sha224*, sha256*, sha384*, sha512*

  my $hex = sha256_hex(@data);

=head2 hmac_sha1*, hmac_sha224*, hmac_sha256*, hmac_sha384*, hmac_sha512*

  my $hex = hmac_sha256_hex(@data, $key);

=cut
