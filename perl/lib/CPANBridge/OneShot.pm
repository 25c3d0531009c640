package CPANBridge::OneShot;
# ABSTRACT: run a call without a daemon, in a `cpan-bridge call` process of its own

use strict;
use warnings;

our $VERSION = '1.00';

use CPANBridge::Autostart ();
use CPANBridge::JSON ();
use CPANBridge::Packed ();

=head1 NAME

CPANBridge::OneShot - JSON-RPC calls through one-shot C<cpan-bridge call> processes

=head1 SYNOPSIS

  use CPANBridge::OneShot;

  my $reply   = CPANBridge::OneShot::run({ jsonrpc => '2.0', id => 1, method => 'test.ping', params => {} });
  my $replies = CPANBridge::OneShot::run([ \%request, \%request ]);

=head1 DESCRIPTION

The fallback of L<CPANBridge> when there is no daemon
(C<$CPANBridge::DAEMON_MODE = 0>, or C<CPAN_BRIDGE_FALLBACK=1> with the
socket down): each request runs in its own C<< <command> call --raw
<method> <params> >> process (L<CPANBridge::Autostart/command>), which
prints the JSON-RPC reply. Nothing lives between two calls, so a call that
needs a handle from an earlier one fails with C<handle_not_found>, and its
message says why.

=head1 FUNCTIONS

=head2 run

  my $reply = CPANBridge::OneShot::run($request_or_batch, \%options);

Returns the reply (a hash) or, for a batch, the replies in request order.
Never dies: a process that cannot start or prints no JSON is a
C<transport> error reply. With C<< packed_params => { name => $bytes } >>
in C<\%options>, those params are decoded and sent as JSON.

=cut

sub run {
    my ($req, $opts) = @_;
    # The CLI takes JSON params: packed params go back to plain values.
    if (my $pp = $opts && $opts->{packed_params}) {
        $req = { %$req, params => { %{ $req->{params} }, map { ($_ => CPANBridge::Packed::decode($pp->{$_})) } keys %$pp } };
    }
    my @out = map { _one($_) } ref $req eq 'ARRAY' ? @$req : ($req);
    return ref $req eq 'ARRAY' ? \@out : $out[0];
}

sub _one {
    my $r = shift;
    my @cmd = (CPANBridge::Autostart::command(), 'call', '--raw', $r->{method}, CPANBridge::JSON::encode($r->{params}));
    my $pid = open(my $fh, '-|');
    return _failed($r, "cannot fork for one-shot mode: $!") unless defined $pid;
    if (!$pid) { open STDERR, '>', '/dev/null'; exec { $cmd[0] } @cmd or do { require POSIX; POSIX::_exit(127) } }
    my $text = do { local $/; <$fh> };
    close $fh;
    my $reply = eval { CPANBridge::JSON::decode($text) };
    return _failed($r, "one-shot `@cmd[0 .. $#cmd - 1]` failed (exit " . ($? >> 8) . ')') unless $reply;
    if ($reply->{error} && ($reply->{error}{data}{type} // '') eq 'handle_not_found') {
        $reply->{error}{message} .= ' (one-shot mode cannot keep handles between calls; start the daemon)';
    }
    $reply->{id} = $r->{id};
    return $reply;
}

sub _failed {
    my ($r, $msg) = @_;
    return { jsonrpc => '2.0', id => $r->{id}, error => { code => -32000, message => $msg, data => { type => 'transport' } } };
}

1;
