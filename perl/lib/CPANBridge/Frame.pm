package CPANBridge::Frame;
# ABSTRACT: the packed body framing, "<len>\n<JSON envelope><packed bytes>"

use strict;
use warnings;

our $VERSION = '1.00';

use CPANBridge::JSON ();
use CPANBridge::Packed ();

# a constant sub, as `use constant` makes it (without loading constant.pm for one name)
sub TYPE () { 'application/vnd.cpan-bridge.packed' }

=head1 NAME

CPANBridge::Frame - frame a JSON-RPC message with packed parts, and unframe one

=head1 SYNOPSIS

  use CPANBridge::Frame;

  # a request whose "rows" param travels packed
  my $body = CPANBridge::Frame::encode($request, { rows => CPANBridge::Packed::encode_table(\@rows, 3) });
  # headers: Content-Type CPANBridge::Frame::TYPE

  # a reply whose Content-Type starts with CPANBridge::Frame::TYPE
  my $reply = CPANBridge::Frame::decode($content, { flat_tables => 1 });

=head1 DESCRIPTION

A message with bulk parts travels as one body under the content type
C<application/vnd.cpan-bridge.packed>: the length of a JSON envelope in
decimal and a newline, the envelope (the JSON-RPC request, reply or batch),
then the packed bytes (L<CPANBridge::Packed>). Where a bulk value belongs,
the envelope holds C<{"$packed": [offset, length]}>, counted from the first
byte after the envelope.

=head1 FUNCTIONS

=head2 encode

  my $body = CPANBridge::Frame::encode(\%request, { $param => $packed_bytes, ... });

The named params of the request are replaced by references to their packed
bytes. Dies when the envelope cannot be encoded as JSON.

=head2 decode

  my $message = CPANBridge::Frame::decode($body, \%options);

Every C<$packed> reference becomes its decoded value; C<\%options> go to
C<CPANBridge::Packed::decode> (C<flat_tables>). Dies on a malformed body.

=cut

sub encode {
    my ($req, $parts) = @_;
    my ($off, $bytes, %refs) = (0, '');
    # sorted: the same call frames to the same bytes
    for my $k (sort keys %$parts) {
        $refs{$k} = { '$packed' => [ $off, length $parts->{$k} ] };
        $off += length $parts->{$k};
        $bytes .= $parts->{$k};
    }
    my $env = CPANBridge::JSON::encode({ %$req, params => { %{ $req->{params} }, %refs } });
    return length($env) . "\n" . $env . $bytes;
}

sub decode {
    my $nl = index($_[0], "\n");
    die "packed reply without a length line\n" if $nl < 1;
    my $len = substr($_[0], 0, $nl);
    my $text = substr($_[0], $nl + 1, $len);
    # the daemon's common reply, a result that is one packed value, needs no JSON parser
    if ($text =~ /\A\{"jsonrpc":"2\.0","id":(\d{1,15}),"result":\{"\$packed":\[(\d+),(\d+)\]\}\}\z/) {
        return { jsonrpc => '2.0', id => 0 + $1, result => CPANBridge::Packed::decode(substr($_[0], $nl + 1 + $len + $2, $3), $_[1]) };
    }
    my $env = CPANBridge::JSON::decode($text);
    # the body is passed by reference: a reply of many MB is not copied per part
    return _resolve($env, \$_[0], $nl + 1 + $len, $_[1]);
}

sub _resolve {
    my ($v, $buf, $base, $opts) = @_;
    my $r = ref $v;
    if ($r eq 'HASH') {
        if (keys %$v == 1 && ref $v->{'$packed'} eq 'ARRAY') {
            my ($off, $len) = @{ $v->{'$packed'} };
            return CPANBridge::Packed::decode(substr($$buf, $base + $off, $len), $opts);
        }
        $v->{$_} = _resolve($v->{$_}, $buf, $base, $opts) for keys %$v;
    } elsif ($r eq 'ARRAY') {
        $_ = _resolve($_, $buf, $base, $opts) for @$v;
    }
    return $v;
}

1;
