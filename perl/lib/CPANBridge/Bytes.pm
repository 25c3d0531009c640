package CPANBridge::Bytes;
# ABSTRACT: a byte string marked to travel as bytes, not text

use strict;
use warnings;

our $VERSION = '1.00';

=head1 NAME

CPANBridge::Bytes - a byte string that crosses the wire as bytes

=head1 SYNOPSIS

  use CPANBridge;
  my $value = CPANBridge::bytes($binary);    # blessed scalar ref of this class
  $bridge->call('crypto', 'hash', { data => $value, algorithm => 'sha256' });

=head1 DESCRIPTION

Perl cannot tell a byte string from a Latin-1 text string, so a facade marks
binary values with L<CPANBridge/bytes>. In a JSON request the value becomes
C<{"$base64": ...}> (see C<TO_JSON>); in a packed request, a C<B> token
(L<CPANBridge::Packed>). Replies need no marking: the daemon's
C<{"$base64": ...}> comes back as a plain byte string.

=head1 METHODS

=head2 TO_JSON

Called by JSON::PP (C<convert_blessed>): C<< { '$base64' => ... } >>.

=cut

sub TO_JSON { require MIME::Base64; return { '$base64' => MIME::Base64::encode_base64(${ $_[0] }, '') } }

1;
