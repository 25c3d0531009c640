package CPANBridge::Transport;
# ABSTRACT: a small keep-alive HTTP/1.1 client over a Unix socket (or loopback TCP)

use strict;
use warnings;

our $VERSION = '1.00';

use Scalar::Util ();

# Loaded when first needed, not with the client: Socket.pm alone costs more to load (4-5 ms)
# than the rest of the client, and every script of every facade loads this file. On Linux
# the few values it gave are the kernel's ABI, so a Unix-socket client never needs it;
# Errno is for the error paths, and idle time is counted in whole seconds unless Time::HiRes is
# loaded already (_now).

=head1 NAME

CPANBridge::Transport - keep-alive HTTP/1.1 over the cpan-bridge Unix socket

=head1 SYNOPSIS

  my $t = CPANBridge::Transport->new(socket => '/tmp/cpan_bridge.sock', timeout => 60);
  my $res = $t->request('POST', '/rpc', { 'Content-Type' => 'application/json' }, $body, { resend => 0 });
  # $res = { status => 200, reason => 'OK', headers => { 'content-type' => ... }, content => '...' }

=head1 DESCRIPTION

HTTP::Tiny cannot connect to a Unix socket, and its per-request overhead
halves the call rate of a tight loop, so the client brings this class. It
keeps one connection open, and like HTTP::Tiny it never dies on a transport
failure: it returns status 599 with the reason in C<content>.

A request is resent at most once, and only when it cannot have reached the
daemon (the connection was found closed before sending, or the write
failed), or when the caller passes C<< resend => 1 >> (L<CPANBridge> does
for methods the daemon's registry marks idempotent). Any other request
that lost its connection after being sent is reported, not repeated: the
daemon may have run it.

A child process after C<fork> opens its own connection, and so does each
Perl ithread: a new thread starts with a copy of every object, its open
connection included, and two threads reading replies from one socket would
read each other's. L</CLONE> leaves the copy unconnected.

A connection idle for more than C<$CPANBridge::Transport::IDLE_REUSE>
seconds (60) is closed and a new one opened before the next request: the
daemon closes a connection idle for 72 s, and a request sent just as it does
would be lost in the race. (The window is shorter than the daemon's timeout
on purpose; both numbers are in the README.) It is counted in whole seconds
unless the script has loaded L<Time::HiRes> or the window has a fraction of a
second (then to the microsecond).

=cut

our $IDLE_REUSE = 60;

# Every transport of this interpreter, weakly held, for CLONE to find.
my %LIVE;

sub new {
    my ($class, %args) = @_;
    my $self = bless {
        socket  => $args{socket},
        tcp     => $args{tcp},          # "127.0.0.1:PORT"
        token   => $args{token},
        timeout => $args{timeout} || 60,
        fh      => undef,
        pid     => $$,
        last_io => 0,     # when the connection last finished a request (or opened)
        connects => 0,    # connections opened, for tests
    }, $class;
    Scalar::Util::weaken($LIVE{ Scalar::Util::refaddr($self) } = $self);
    return $self;
}

sub DESTROY { delete $LIVE{ Scalar::Util::refaddr($_[0]) } if defined $_[0] }

=head2 CLONE

Called by Perl in a new ithread. The thread's copies of every transport
forget their connection (without C<shutdown>, which would end the
connection for the thread that made it too: dropping the copied handle
only drops this thread's reference to the socket), and the next request
opens the thread's own. A buffered, half-read reply belongs to the
other thread, so it goes as well.

=cut

sub CLONE {
    # the thread's copies live at new addresses: re-key the registry by them
    my @objs = grep { defined } values %LIVE;
    %LIVE = ();
    for my $t (@objs) {
        $t->{fh} = undef;
        $t->{buf} = '';
        Scalar::Util::weaken($LIVE{ Scalar::Util::refaddr($t) } = $t);
    }
    return;
}

sub connected { my $self = shift; return defined $self->{fh} && $self->{pid} == $$ }

sub close {
    my $self = shift;
    CORE::close($self->{fh}) if $self->{fh} && $self->{pid} == $$;
    $self->{fh} = undef;
    return;
}

# Opens the connection; returns an error string or undef.
sub _connect {
    my $self = shift;
    $self->{fh} = undef;
    $self->{pid} = $$;
    my $fh;
    if ($self->{tcp}) {
        require IO::Socket::INET;
        $fh = IO::Socket::INET->new(PeerAddr => $self->{tcp}, Proto => 'tcp', Timeout => $self->{timeout})
            or return "cannot connect to $self->{tcp}: $!";
        setsockopt($fh, Socket::IPPROTO_TCP(), Socket::TCP_NODELAY(), 1);
    } else {
        # a bare socket, not IO::Socket::UNIX: the IO::* classes were a sixth of the client's load time
        # and nothing here calls a method on the handle
        $fh = _unix_connect($self->{socket}) or return "cannot connect to $self->{socket}: $!";
    }
    binmode $fh;
    $self->{fh} = $fh;
    $self->{buf} = '';
    $self->{last_io} = _now();
    $self->{connects}++;
    return undef;
}

# A connected stream socket to the Unix socket at $path; undef with $! set when it cannot connect.
# Linux: AF_UNIX 1, SOCK_STREAM 1 (2 on MIPS: that connect fails with EPROTOTYPE and Socket.pm
# decides), sockaddr_un a native u16 family and 108 bytes of path. Anywhere else, Socket.pm.
my $LINUX = $^O eq 'linux';
sub _unix_connect {
    my ($path) = @_;
    my $fh;
    if ($LINUX && length($path) < 108) {
        if (socket($fh, 1, 1, 0)) {
            return $fh if connect($fh, pack('S a108', 1, $path));
            my $err = $! + 0;
            CORE::close($fh);
            require Errno;
            $! = $err;
            return undef unless $err == Errno::EPROTOTYPE() || $err == Errno::EINVAL() || $err == Errno::EAFNOSUPPORT();
        }
    }
    require Socket;
    # (a path too long for sockaddr_un: Socket warns and truncates it, as IO::Socket::UNIX did)
    my $addr = Socket::pack_sockaddr_un($path);
    socket($fh, Socket::PF_UNIX(), Socket::SOCK_STREAM(), 0) or return undef;
    return $fh if connect($fh, $addr);
    my $err = $!;
    CORE::close($fh);
    $! = $err;
    return undef;
}

# Closes a kept-alive connection that must not be reused: idle past the
# reuse window (the daemon may be closing it right now), or already closed.
sub _retire_idle {
    my $self = shift;
    return unless $self->connected;
    $self->close if _now() - $self->{last_io} > $IDLE_REUSE || $self->_stale;
    return;
}

# The clock of the idle window: Time::HiRes when the script loaded it (most do) or the window has
# a fraction of a second, else whole seconds (the window then closes up to a second early or late,
# well inside the daemon's 72 s) and the client does not load Time::HiRes for it.
sub _now {
    return time unless $INC{'Time/HiRes.pm'} || $IDLE_REUSE != int $IDLE_REUSE;
    require Time::HiRes;
    return Time::HiRes::time();
}

# A kept-alive connection the daemon has since closed reads as EOF at once.
sub _stale {
    my $self = shift;
    my $rin = '';
    vec($rin, fileno($self->{fh}), 1) = 1;
    return select(my $rout = $rin, undef, undef, 0) > 0;
}

sub request {
    my ($self, $method, $path, $headers, $body, $opts) = @_;
    $body = '' unless defined $body;
    $self->_retire_idle;
    my $reused = $self->connected;
    unless ($reused) {
        my $err = $self->_connect;
        return _fail($err, 'connect') if $err;
    }
    my $sent = $self->_write(_head($self, $method, $path, $headers, $body) . $body);
    if (!$sent) {
        my $why = "$!";
        # The daemon may have refused the request before reading all of it (a body over
        # its limit: 413 payload_too_large) and said so; that answer beats "Broken pipe".
        my $early = $self->_early_answer;
        $self->close;
        return $early if $early;
        # Nothing reached the daemon: safe to resend once on a fresh connection.
        if ($reused) { return $self->request($method, $path, $headers, $body, { %{ $opts || {} }, _retried => 1 }) unless $opts->{_retried} }
        return _fail("cannot send to the daemon: $why", 'send');
    }
    my $res = $self->_read_response;
    if ($res->{status} == 599) {
        $self->close;
        if ($reused && !$res->{_got_bytes} && !$opts->{_retried}) {
            return $self->request($method, $path, $headers, $body, { %{ $opts || {} }, _retried => 1 }) if $opts->{resend};
            $res->{content} .= ' (not resent: the daemon may already have run this call)';
        }
    }
    return $res;
}

sub _early_answer {
    my $self = shift;
    return undef unless $self->{fh};
    my $rin = '';
    vec($rin, fileno($self->{fh}), 1) = 1;
    return undef unless select(my $rout = $rin, undef, undef, 1) > 0;
    my $res = $self->_read_response;
    return $res->{status} == 599 ? undef : $res;
}

=head2 send_request

=head2 read_response

  $t->send_request('POST', '/rpc', \%headers, $body) or ...;   # false: not sent
  ... other work ...
  my $res = $t->read_response;

The two halves of C<request>, for a caller that overlaps its own work with
the daemon's (the DBI facade asks for the next block of rows this way). No
resend: a caller that gets a failure asks again the ordinary way.

=cut

sub send_request {
    my ($self, $method, $path, $headers, $body) = @_;
    $body = '' unless defined $body;
    $self->_retire_idle;
    return 0 if !$self->connected && $self->_connect;
    return 1 if $self->_write(_head($self, $method, $path, $headers, $body) . $body);
    $self->close;
    return 0;
}

sub read_response {
    my $self = shift;
    return _fail('no request outstanding on this connection', 'read') unless $self->connected;
    my $res = $self->_read_response;
    $self->close if $res->{status} == 599;
    return $res;
}

sub _head {
    my ($self, $method, $path, $headers, $body) = @_;
    my $req = "$method $path HTTP/1.1\r\nHost: localhost\r\nContent-Length: " . length($body) . "\r\n";
    $req .= "Authorization: Bearer $self->{token}\r\n" if defined $self->{token};
    $req .= "$_: $headers->{$_}\r\n" for keys %$headers;
    return "$req\r\n";
}

sub _fail {
    my ($msg, $stage) = @_;
    return { status => 599, reason => 'Internal Exception', content => $msg, headers => {}, stage => $stage };
}

# send() with MSG_NOSIGNAL: a closed peer is EPIPE, not SIGPIPE, without the two
# sigaction calls a `local $SIG{PIPE}` costs on every request.
# loads Errno keeping $! (a first require sets it while it searches @INC)
sub _errno {
    return if $INC{'Errno.pm'};
    my $e = $! + 0;
    require Errno;
    $! = $e;
    return;
}

# (0x4000 on every Linux architecture)
my $NOSIGNAL;
sub _nosignal { return $LINUX ? 0x4000 : do { require Socket; eval { Socket::MSG_NOSIGNAL() } || 0 } }

sub _write {
    my ($self, $data) = @_;
    $NOSIGNAL //= _nosignal();
    local $SIG{PIPE} = 'IGNORE' unless $NOSIGNAL;
    my $off = 0;
    my $len = length $data;
    while ($off < $len) {
        my $n = $NOSIGNAL ? send($self->{fh}, $off ? substr($data, $off) : $data, $NOSIGNAL) : syswrite($self->{fh}, $data, $len - $off, $off);
        if (!defined $n) {
            _errno();
            next if $! == Errno::EINTR();
            if ($! == Errno::EAGAIN()) { $self->_wait('write') or return 0; next }
            return 0;
        }
        $off += $n;
    }
    return 1;
}

sub _wait {
    my ($self, $dir) = @_;
    my $v = '';
    vec($v, fileno($self->{fh}), 1) = 1;
    my $n = $dir eq 'read' ? select(my $r = $v, undef, undef, $self->{timeout}) : select(undef, my $w = $v, undef, $self->{timeout});
    return $n > 0;
}

# Reads more bytes into the buffer; returns the count, 0 on EOF, undef on error/timeout.
sub _fill {
    my $self = shift;
    for (;;) {
        my $n = sysread($self->{fh}, $self->{buf}, 65536, length $self->{buf});
        return $n if defined $n;
        _errno();
        next if $! == Errno::EINTR();
        if ($! == Errno::EAGAIN()) { $self->_wait('read') or return undef; next }
        return undef;
    }
}

sub _read_response {
    my $self = shift;
    my $fh = $self->{fh};
    my $got = 0;
    my $hdr_end;
    # Block in select (not sysread) so the timeout holds.
    while (($hdr_end = index($self->{buf}, "\r\n\r\n")) < 0) {
        return { %{ _fail("timed out after $self->{timeout}s waiting for the daemon", 'read') }, _got_bytes => $got }
            unless $self->_wait('read');
        my $n = $self->_fill;
        return { %{ _fail('connection closed by the daemon' . (defined $n ? '' : ": $!"), 'read') }, _got_bytes => $got } unless $n;
        $got = 1;
    }
    my $head = substr($self->{buf}, 0, $hdr_end);
    substr($self->{buf}, 0, $hdr_end + 4, '');
    my ($status, $reason) = $head =~ m{\AHTTP/1\.[01] (\d{3}) ?([^\r\n]*)}
        or return { %{ _fail('bad status line from the daemon: ' . substr($head, 0, 80), 'read') }, _got_bytes => 1 };
    my %h;
    $h{lc $1} = $2 while $head =~ /\r\n([^:\r\n]+):[ \t]*([^\r\n]*)/g;
    my $content;
    if (defined(my $len = $h{'content-length'})) {
        while (length($self->{buf}) < $len) {
            return { %{ _fail('timed out reading the reply body', 'read') }, _got_bytes => 1 } unless $self->_wait('read');
            my $n = $self->_fill;
            return { %{ _fail('connection closed in the middle of a reply', 'read') }, _got_bytes => 1 } unless $n;
        }
        $content = substr($self->{buf}, 0, $len, '');
    } elsif (($h{'transfer-encoding'} // '') =~ /chunked/i) {
        $content = '';
        for (;;) {
            my $p;
            while (($p = index($self->{buf}, "\r\n")) < 0) {
                return { %{ _fail('connection closed in a chunked reply', 'read') }, _got_bytes => 1 } unless $self->_wait('read') && $self->_fill;
            }
            my $size = hex substr($self->{buf}, 0, $p);
            while (length($self->{buf}) < $p + 2 + $size + 2) {
                return { %{ _fail('connection closed in a chunked reply', 'read') }, _got_bytes => 1 } unless $self->_wait('read') && $self->_fill;
            }
            $content .= substr($self->{buf}, $p + 2, $size);
            substr($self->{buf}, 0, $p + 2 + $size + 2, '');
            last if $size == 0;
        }
    } else {
        $content = '';
    }
    $self->{last_io} = _now();
    $self->close if ($h{connection} // '') =~ /close/i;
    return { status => $status, reason => $reason, headers => \%h, content => $content, success => ($status =~ /^2/ ? 1 : '') };
}

1;
