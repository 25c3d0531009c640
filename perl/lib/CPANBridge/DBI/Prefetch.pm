package CPANBridge::DBI::Prefetch;
# ABSTRACT: asks for a statement's next block of rows while Perl still works on the current one

use strict;
use warnings;

our $VERSION = '1.00';

use JSON::PP ();
use CPANBridge;
use CPANBridge::Transport;

=head1 NAME

CPANBridge::DBI::Prefetch - overlap the daemon's next block with Perl's fetch loop

=head1 SYNOPSIS

  # used by DBI::st; not called by scripts
  CPANBridge::DBI::Prefetch::send($sth_inner) if more rows are coming;
  my ($result, $error) = CPANBridge::DBI::Prefetch::receive($sth_inner);

=head1 DESCRIPTION

When a block of rows arrives and more are coming, the request for the next
block goes out at once on a second keep-alive connection of the same session
(the session is a header, so the daemon sees the same handles), and its
reply is read only when the fetch loop has used up the current block. The
daemon prepares and sends the next block while Perl runs the loop body.
One request is outstanding at a time; a statement that is re-executed,
finished or destroyed with a request outstanding reads (and drops) the
reply first, so replies never go to the wrong caller. Over TCP, in one-shot
mode, or if anything fails, rows are fetched the plain way.

=head1 FUNCTIONS

=head2 send

=head2 receive

=head2 drain

=cut

my ($T, $BUSY);
my $ID = 2_000_000;
my $JSON = JSON::PP->new->utf8;

sub _transport {
    return undef if $ENV{CPAN_BRIDGE_TCP} || !$CPANBridge::DAEMON_MODE || $ENV{CPAN_BRIDGE_DBI_PREFETCH} && $ENV{CPAN_BRIDGE_DBI_PREFETCH} eq '0';
    $T = undef if $T && $T->{socket} ne $CPANBridge::SOCKET;
    $T ||= CPANBridge::Transport->new(socket => $CPANBridge::SOCKET, timeout => $CPANBridge::TIMEOUT);
    $T->close if $T->connected && $T->_stale;
    if (!$T->connected) { return undef if $T->_connect }
    return $T;
}

sub send {
    my ($s) = @_;
    return 0 if $BUSY || !defined $s->{_id};
    my $t = _transport() or return 0;
    my $body = $JSON->encode({ jsonrpc => '2.0', id => ++$ID, method => 'database.fetch_block', params => { statement_id => $s->{_id} } });
    my $h = CPANBridge::_headers();
    $h->{Accept} = CPANBridge::PACKED_TYPE() . ', application/json';
    my $req = "POST /rpc HTTP/1.1\r\nHost: localhost\r\nContent-Length: " . length($body) . "\r\n";
    $req .= "$_: $h->{$_}\r\n" for keys %$h;
    if (!$t->_write("$req\r\n$body")) { $t->close; return 0 }
    $BUSY = $s;
    $s->{_pending} = $$;
    return 1;
}

sub receive {
    my ($s) = @_;
    my $mine = $s->{_pending} == $$;
    $BUSY = undef;
    $s->{_pending} = 0;
    # a forked child never sent this request: ask the plain way
    return $s->{_b}->rpc('database.fetch_block', { statement_id => $s->{_id} }) unless $mine;
    my $res = $T->_read_response;
    if ($res->{status} == 599) {
        $T->close;
        return (undef, { type => 'transport', message => "reading the next block from the daemon: $res->{content}", data => {} });
    }
    my $ct = $res->{headers}{'content-type'} || '';
    my $reply = eval {
        no warnings 'redefine';
        local *CPANBridge::Packed::decode_table = \&DBI::st::_flat_table;
        index($ct, CPANBridge::PACKED_TYPE()) == 0 ? CPANBridge::_unframe($res->{content}) : CPANBridge::_decode_json($res->{content});
    };
    return (undef, { type => 'transport', message => "cannot decode the daemon's reply: $@", data => {} }) unless ref $reply eq 'HASH';
    return ($reply->{result}, undef) if exists $reply->{result} && !$reply->{error};
    my $e = $reply->{error} || {};
    return (undef, { message => $e->{message}, code => $e->{code}, type => ($e->{data} && $e->{data}{type}) || 'error', data => $e->{data} || {} });
}

sub drain {
    my ($s) = @_;
    receive($s) if $s->{_pending};
    return;
}

1;
