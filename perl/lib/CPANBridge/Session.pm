package CPANBridge::Session;
# ABSTRACT: this process's session with the daemon: its id, its headers, its connections, its end

use strict;
use warnings;

our $VERSION = '1.00';

use Carp ();
use Cwd ();
use CPANBridge::Transport;

=head1 NAME

CPANBridge::Session - one daemon session per Perl process

=head1 SYNOPSIS

  use CPANBridge::Session;

  my $t   = CPANBridge::Session::transport($socket, $timeout);
  my $res = $t->request('POST', '/rpc', CPANBridge::Session::headers(), $body);
  CPANBridge::Session::used();
  ...
  CPANBridge::Session::close();        # session.close, at exit at the latest

=head1 DESCRIPTION

The daemon keeps handles (connections, statements, ciphers, locks) per
session, and a session is a Perl process: its id is sent as
C<X-Bridge-Session> with every request. A child after C<fork> gets a new id
and its own connections, so parent and child never share a socket or each
other's handles. Closing the session (L<CPANBridge/close_session>, done at
exit) makes the daemon close every handle it owns.

=head1 FUNCTIONS

=head2 id

  my $id = CPANBridge::Session::id();    # "perl-<pid>-<random>"

=head2 headers

  my $h = CPANBridge::Session::headers();

A new hash of the headers every call carries: C<Content-Type> (JSON),
C<X-Bridge-Session>, and C<X-Bridge-Cwd> (the current directory, so the
daemon resolves the script's relative paths as the script would).

=head2 transport

  my $t = CPANBridge::Session::transport($socket, $timeout);

The session's keep-alive connection (a L<CPANBridge::Transport>), made on
first use. With C<CPAN_BRIDGE_TCP> it goes to that loopback address, with
the bearer token read from C<CPAN_BRIDGE_TOKEN_FILE>.

=head2 side

  my $t = CPANBridge::Session::side($socket, $timeout);

A second connection of the same session, for a call that runs while the
first connection is used (L<CPANBridge/rpc_begin>). Unix socket only.

=head2 used

Notes that a request reached the daemon, so there is a session to close.

=head2 close

  my $ok = CPANBridge::Session::close();

Sends C<session.close> on the session's connection when this process used
one, then closes the connection. Returns true when the daemon confirmed.

=cut

my ($ID, $PID, $USED, $MAIN, $SIDE) = (undef, 0, 0, undef, undef);

sub id {
    if (!defined $ID || $PID != $$) {
        my $rand = join '', map { sprintf '%04x', int rand 65536 } 1 .. 4;
        $ID = "perl-$$-$rand";
        $PID = $$;
        $USED = 0;
        $MAIN = undef;
    }
    return $ID;
}

sub headers {
    my $cwd = Cwd::getcwd() // '';
    $cwd =~ s/([^A-Za-z0-9\/._~-])/sprintf('%%%02X', ord $1)/ge;
    return { 'Content-Type' => 'application/json', 'X-Bridge-Session' => id(), 'X-Bridge-Cwd' => $cwd };
}

sub transport {
    my ($socket, $timeout) = @_;
    id();
    return $MAIN if $MAIN;
    my %tcp;
    if ($ENV{CPAN_BRIDGE_TCP}) {
        my $token = '';
        if (my $f = $ENV{CPAN_BRIDGE_TOKEN_FILE}) {
            open my $fh, '<', $f or Carp::croak("cannot read CPAN_BRIDGE_TOKEN_FILE $f: $!");
            local $/;
            $token = <$fh>;
            $token =~ s/\s+\z//;
        }
        %tcp = (tcp => $ENV{CPAN_BRIDGE_TCP}, token => $token);
    }
    $MAIN = CPANBridge::Transport->new(socket => $socket, timeout => $timeout, %tcp);
    return $MAIN;
}

sub side {
    my ($socket, $timeout) = @_;
    id();
    $SIDE = undef if $SIDE && ($SIDE->{pid} != $$ || $SIDE->{socket} ne $socket);
    $SIDE ||= CPANBridge::Transport->new(socket => $socket, timeout => $timeout);
    return $SIDE;
}

sub used { $USED = 1; return }

my %RESEND = (resend => 1);

sub close {
    return unless $USED && $PID == $$ && $MAIN;
    # Closing twice is harmless, so a dropped connection may resend it.
    my $res = $MAIN->request('POST', '/rpc', headers(),
        '{"jsonrpc":"2.0","id":0,"method":"session.close","params":{}}', \%RESEND);
    $USED = 0;
    $MAIN->close;
    return $res->{status} == 200;
}

1;
