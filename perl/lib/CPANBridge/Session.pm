package CPANBridge::Session;
# ABSTRACT: this process's session with the daemon: its id, its headers, its connections, its end

use strict;
use warnings;

our $VERSION = '1.00';

use Carp ();
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

=head2 Threads

A Perl ithread keeps the process's session id but opens its own
connections (L</CLONE>): replies never cross threads, and a handle id the
main thread got (a database connection, a cipher) still names the same
handle when a thread sends it, as the old bridge's threaded load scripts
expect. A separate session per thread would turn each such call into
C<handle_not_found>. The id is made when this module loads, so threads
started before the first call share it too.

Only the interpreter that made the id ends the session: at its exit, or
when it calls L</close>. A thread's exit (or its C<close_session>) ends
nothing, since the other threads still use the session.

=head1 FUNCTIONS

=head2 id

  my $id = CPANBridge::Session::id();    # "perl-<pid>-<32 hex digits>"

The id grants the session (whoever sends it may use the session's handles),
so its random part comes from F</dev/urandom> (128 bits); only where that
cannot be read does it fall back to C<rand>. The daemon lists sessions under
a public name, never this id.

=head2 client

  my $claim = CPANBridge::Session::client();   # "pid=123; start=456789"

This process as the daemon can recognise it: its PID and, where F</proc>
exists, its start time (field 22 of F</proc/$$/stat>, clock ticks since
boot; a reused PID has another). The daemon checks the process is still
there when one of its connections closes and every few seconds, and ends
the session of a process that died without ending it (killed, crashed):
its transactions roll back and its locks go within seconds, as they would
with the real modules.

=head2 headers

  my $h = CPANBridge::Session::headers();

A new hash of the headers every call carries: C<Content-Type> (JSON),
C<X-Bridge-Session>, C<X-Bridge-Client> (L</client>), and C<X-Bridge-Cwd>
(the current directory, so the daemon resolves the script's relative paths
as the script would).

=head2 transport

  my $t = CPANBridge::Session::transport($socket, $timeout);

The session's keep-alive connection (a L<CPANBridge::Transport>), made on
first use, and made again when C<$socket> is not the one it went to. With C<CPAN_BRIDGE_TCP> it goes to that loopback address, with
the bearer token read from C<CPAN_BRIDGE_TOKEN_FILE>.

=head2 side

  my $t = CPANBridge::Session::side($socket, $timeout);

A second connection of the same session, for a call that runs while the
first connection is used (L<CPANBridge/rpc_begin>). Unix socket only.

=head2 used

Notes that a request reached the daemon, so there is a session to close.

=head2 close

  my $ok = CPANBridge::Session::close();

  my $ok = CPANBridge::Session::close($socket, $timeout);

Sends C<session.close> on the session's connection when this process used
one, then closes the connection. Returns true when the daemon confirmed.
In a thread that did not make the session (L</Threads>) it does nothing and
returns false. With C<$socket> it also ends a session that only other
threads used (the main thread cannot see their calls): when C<threads> is
loaded it connects to send C<session.close>.

=head2 CLONE

Called by Perl in a new ithread: the thread drops its copies of the
session's connections (L<CPANBridge::Transport/CLONE>) and does not own
the session.

=cut

my ($ID, $PID, $USED, $MAIN, $SIDE, $CLIENT) = (undef, 0, 0, undef, undef, undef);
# true in the interpreter that made $ID; false in the threads started from it
my $OWNER = 0;

sub _random_hex {
    my $bytes = shift;
    if (open my $fh, '<:raw', '/dev/urandom') {
        my $buf = '';
        my $got = sysread $fh, $buf, $bytes;
        CORE::close $fh;
        return unpack 'H*', $buf if defined $got && $got == $bytes;
    }
    return join '', map { sprintf '%02x', int rand 256 } 1 .. $bytes;
}

sub id {
    if (!defined $ID || $PID != $$) {
        $ID = "perl-$$-" . _random_hex(16);
        $PID = $$;
        $USED = 0;
        $MAIN = undef;
        $SIDE = undef;
        $CLIENT = undef;
        $OWNER = 1;
    }
    return $ID;
}

sub CLONE {
    ($MAIN, $SIDE, $USED, $OWNER) = (undef, undef, 0, 0);
    return;
}

sub client {
    id();
    return $CLIENT if defined $CLIENT;
    $CLIENT = "pid=$$";
    if (open my $fh, '<', "/proc/$$/stat") {
        my $stat = <$fh>;
        CORE::close $fh;
        # field 2 (the command name) is in parentheses and may hold spaces: count from the last ")"
        my @f = defined $stat && $stat =~ /.*\)\s+(.*)/s ? split ' ', $1 : ();
        $CLIENT .= "; start=$f[19]" if defined $f[19] && $f[19] =~ /\A\d+\z/;
    }
    return $CLIENT;
}

# The current directory as Cwd::getcwd gives it: where /proc is, its link (one readlink, and
# no Cwd to load with the client); Cwd where there is none, or when the link says the
# directory was removed (getcwd fails there: an empty cwd).
my $PROC_CWD = -l '/proc/self/cwd';
sub _cwd {
    if ($PROC_CWD) {
        my $d = readlink '/proc/self/cwd';
        return $d if defined $d && substr($d, 0, 1) eq '/' && $d !~ / \(deleted\)\z/;
    }
    require Cwd;
    return Cwd::getcwd();
}

# the last cwd and its header value (most scripts never chdir)
my ($CWD, $CWD_HEADER) = ('', '');

sub headers {
    my $cwd = _cwd() // '';
    if ($cwd ne $CWD) {
        ($CWD, $CWD_HEADER) = ($cwd, $cwd);
        $CWD_HEADER =~ s/([^A-Za-z0-9\/._~-])/sprintf('%%%02X', ord $1)/ge;
    }
    return { 'Content-Type' => 'application/json', 'X-Bridge-Session' => id(), 'X-Bridge-Client' => client(), 'X-Bridge-Cwd' => $CWD_HEADER };
}

sub transport {
    my ($socket, $timeout) = @_;
    id();
    if ($MAIN) {
        # the script may change the socket or the timeout between calls
        $MAIN->{timeout} = $timeout if $timeout;
        return $MAIN if $ENV{CPAN_BRIDGE_TCP} || ($MAIN->{socket} // '') eq ($socket // '');
        $MAIN->close;
    }
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
    $SIDE->{timeout} = $timeout if $timeout;
    return $SIDE;
}

sub used { $USED = 1; return }

sub close {
    my ($socket, $timeout) = @_;
    return 0 unless $OWNER && defined $ID && $PID == $$;
    if (!($USED && $MAIN)) {
        # threads may have used the session where this interpreter cannot see it
        return 0 unless $INC{'threads.pm'} && defined $socket;
        transport($socket, $timeout);
    }
    require CPANBridge::Idempotent;
    my $res = $MAIN->request('POST', '/rpc', headers(),
        '{"jsonrpc":"2.0","id":0,"method":"session.close","params":{}}',
        { resend => $CPANBridge::Idempotent::METHODS{'session.close'} ? 1 : 0 });
    $USED = 0;
    $MAIN->close;
    return $res->{status} == 200;
}

# Made now, not at the first call, so that threads started before it share it.
id();

1;
