package CPANBridge;
# ABSTRACT: Perl client of the cpan-bridge daemon (JSON-RPC 2.0 over a Unix socket)

use strict;
use warnings;

our $VERSION = '1.00';

use Carp ();
use Cwd ();
use Fcntl qw(:flock);
use File::Basename ();
use File::Spec ();
use JSON::PP ();
use Time::HiRes ();
use CPANBridge::Transport;
use CPANBridge::Packed;

our $DAEMON_MODE  = _env_bool('CPAN_BRIDGE_DAEMON', 1);
our $DEBUG_LEVEL  = $ENV{CPAN_BRIDGE_DEBUG} || 0;
our $SOCKET       = $ENV{CPAN_BRIDGE_SOCKET} || '/tmp/cpan_bridge.sock';
our $AUTOSTART    = _env_bool('CPAN_BRIDGE_AUTOSTART', 1);
our $FALLBACK     = _env_bool('CPAN_BRIDGE_FALLBACK', 0);
our $TIMEOUT      = $ENV{CPAN_BRIDGE_DAEMON_TIMEOUT} || 60;
our $STARTUP_TIMEOUT = $ENV{CPAN_BRIDGE_STARTUP_TIMEOUT} || 10;

use constant PACKED_TYPE => 'application/vnd.cpan-bridge.packed';

my $JSON = JSON::PP->new->utf8->allow_nonref->allow_blessed->convert_blessed;
my ($TRANSPORT, $SESSION, $SESSION_PID, $USED, $ID) = (undef, undef, 0, 0, 0);

sub _env_bool {
    my ($name, $default) = @_;
    my $v = $ENV{$name};
    return $default unless defined $v && length $v;
    return $v =~ /^(0|false|no|off)$/i ? 0 : 1;
}

=head1 NAME

CPANBridge - call the cpan-bridge daemon from Perl, with core modules only

=head1 SYNOPSIS

  use CPANBridge;

  my $bridge = CPANBridge->new(debug => 1);
  my $r = $bridge->call_python('test', 'ping', {});
  print $r->{success} ? "pong\n" : "error: $r->{error}\n";

  # the same, under its new name
  $r = $bridge->call('system', 'health', {});
  print $r->{result}{overall_status}, "\n";

  # many calls, one round trip
  my $replies = $bridge->batch([
      [ 'test', 'echo', { n => 1 } ],
      [ 'test', 'echo', { n => 2 } ],
  ]);

=head1 DESCRIPTION

Every facade (DBI, Crypt::CBC, ...) sends its calls through this module. It
speaks HTTP/1.1 with keep-alive over the daemon's Unix socket, one
connection and one session id per process (a forked child gets its own),
and sends C<X-Bridge-Session> and C<X-Bridge-Cwd> with every call.

When the socket does not answer, it starts the daemon (one process at a
time, under a lock) and waits for the socket, unless C<CPAN_BRIDGE_AUTOSTART=0>.
With autostart off and C<CPAN_BRIDGE_FALLBACK=1>, or with
C<$CPANBridge::DAEMON_MODE = 0>, each call runs in a one-shot
C<cpan-bridge call> process; handles (connections, statements) cannot live
across such calls, and errors say so.

=head1 GLOBALS AND ENVIRONMENT

  $CPANBridge::DAEMON_MODE   CPAN_BRIDGE_DAEMON     1: use the daemon; 0: one-shot process per call
  $CPANBridge::DEBUG_LEVEL   CPAN_BRIDGE_DEBUG      0-3, debug lines on STDERR
  $CPANBridge::SOCKET        CPAN_BRIDGE_SOCKET     /tmp/cpan_bridge.sock
  $CPANBridge::AUTOSTART     CPAN_BRIDGE_AUTOSTART  1
  $CPANBridge::FALLBACK      CPAN_BRIDGE_FALLBACK   0
  $CPANBridge::TIMEOUT       CPAN_BRIDGE_DAEMON_TIMEOUT   60 (seconds per reply)
                             CPAN_BRIDGE_STARTUP_TIMEOUT  10 (seconds to wait for autostart)
                             CPAN_BRIDGE_CMD        command running the cpan-bridge CLI
                             CPAN_BRIDGE_TCP, CPAN_BRIDGE_TOKEN_FILE   use loopback TCP instead

=head1 METHODS

=head2 new

  my $bridge = CPANBridge->new;
  my $bridge = CPANBridge->new(debug => 1, timeout => 30);

=cut

sub new {
    my ($class, %args) = @_;
    my $self = bless {
        debug      => $args{debug} // $DEBUG_LEVEL,
        timeout    => $args{timeout} || $TIMEOUT,
        last_error => undef,
    }, ref($class) || $class;
    return $self;
}

=head2 call_python

=head2 call

  my $r = $bridge->call_python($module, $function, \%params);
  my $r = $bridge->call($module, $function, \%params);

Returns C<< { success => 1, result => ... } >> or
C<< { success => 0, error => $message, error_type => $type, error_data => \%data } >>.
C<error_type> is the daemon's stable error kind (C<handle_not_found>,
C<backend_error>, C<invalid_params>, C<transport>, ...).
Never dies for a daemon-side error; croaks only on misuse.

=cut

sub call_python { my $self = shift; return $self->call(@_) }

sub call {
    my ($self, $module, $function, $params, $opts) = @_;
    (defined $module && length $module && defined $function && length $function)
        or Carp::croak(q/Usage: $bridge->call($module, $function, [\%params])/ . "\n");
    $params = {} if !defined $params || (ref $params eq 'ARRAY' && !@$params);
    my $t0 = $self->{debug} ? Time::HiRes::time() : 0;
    my $reply = $self->_rpc({ jsonrpc => '2.0', id => ++$ID, method => "$module.$function", params => $params }, $opts);
    my $r = _outcome($reply);
    $self->{last_error} = $r->{success} ? undef : $r->{error};
    $self->_debug(sprintf('%s.%s %s in %.2f ms', $module, $function, $r->{success} ? 'ok' : "failed: $r->{error}",
        (Time::HiRes::time() - $t0) * 1000)) if $self->{debug};
    return $r;
}

=head2 batch

  my $replies = $bridge->batch([ [$module, $function, \%params], ... ]);
  my $replies = $bridge->batch([ { module => ..., function => ..., params => ... }, ... ]);

Sends all calls as one JSON-RPC batch; the daemon runs them in order.
Returns an array ref of results shaped like C<call>'s, in the same order.

=cut

sub batch {
    my ($self, $calls, $opts) = @_;
    ref $calls eq 'ARRAY' or Carp::croak(q/Usage: $bridge->batch(\@calls)/ . "\n");
    return [] unless @$calls;
    my @req;
    for my $c (@$calls) {
        my ($m, $f, $p) = ref $c eq 'HASH' ? @{$c}{qw(module function params)} : @$c;
        $p = {} if !defined $p || (ref $p eq 'ARRAY' && !@$p);
        push @req, { jsonrpc => '2.0', id => ++$ID, method => "$m.$f", params => $p };
    }
    my $reply = $self->_rpc(\@req, $opts);
    if (ref $reply eq 'ARRAY') {
        my %by_id = map { (defined $_->{id} ? $_->{id} : '') => $_ } @$reply;
        return [ map { _outcome($by_id{ $_->{id} } // { error => { message => 'no reply for this call in the batch', data => { type => 'transport' } } }) } @req ];
    }
    my $one = _outcome($reply);
    return [ map { {%$one} } @req ];
}

=head2 rpc

  my ($result, $error) = $bridge->rpc('database.fetch_block', \%params, \%options);

The facades' entry point: returns the result, or C<undef> and an error hash
C<< { message, type, code, data } >>. Options:

  packed        => 1   bulk parts of the reply arrive packed and decode with unpack
  flat_tables   => 1   packed tables decode as CPANBridge::Packed::Flat (one flat
                       array of cells) instead of arrays of row arrays
  packed_params => { name => $bytes }   these params travel packed; the bytes
                       come from CPANBridge::Packed::encode or encode_table
  idempotent    => 1   safe to resend if the connection drops mid-call

=cut

sub rpc {
    my ($self, $method, $params, $opts) = @_;
    return _result_or_error($self->_rpc({ jsonrpc => '2.0', id => ++$ID, method => $method, params => $params || {} }, $opts));
}

=head2 rpc_begin

=head2 rpc_end

  my $pending = $bridge->rpc_begin('database.fetch_block', \%params, { packed => 1 });
  ... work while the daemon prepares the answer ...
  my ($result, $error) = $bridge->rpc_end($pending);

Sends a call on a second connection of this process's session and returns
at once, so Perl and the daemon work at the same time. One call may be
outstanding; C<rpc_begin> returns undef when one is, over TCP, in one-shot
mode, or when the call cannot be sent: then make it with C<rpc>.

=cut

my ($SIDE, $SIDE_BUSY);

sub rpc_begin {
    my ($self, $method, $params, $opts) = @_;
    return undef if $SIDE_BUSY || !$DAEMON_MODE || $ENV{CPAN_BRIDGE_TCP} || ($opts && $opts->{packed_params});
    _session();
    $SIDE = undef if $SIDE && ($SIDE->{pid} != $$ || $SIDE->{socket} ne $SOCKET);
    $SIDE ||= CPANBridge::Transport->new(socket => $SOCKET, timeout => $self->{timeout});
    my ($h, $body) = _encode_request({ jsonrpc => '2.0', id => ++$ID, method => $method, params => $params || {} }, $opts || {});
    return undef unless defined $body && $SIDE->send_request('POST', '/rpc', $h, $body);
    $SIDE_BUSY = 1;
    return bless { pid => $$, opts => $opts || {}, method => $method }, 'CPANBridge::Pending';
}

sub rpc_end {
    my ($self, $pending) = @_;
    ref $pending eq 'CPANBridge::Pending' or Carp::croak(q/Usage: $bridge->rpc_end($pending)/ . "\n");
    Carp::croak('rpc_end: this call was begun in another process') if $pending->{pid} != $$;
    $SIDE_BUSY = 0;
    my $res = $SIDE->read_response;
    return _result_or_error(_error_reply("reading the reply to $pending->{method}: $res->{content}", 'transport')) if $res->{status} == 599;
    return _result_or_error(_decode_reply($res, $pending->{opts}));
}

sub _result_or_error {
    my $reply = shift;
    return ($reply->{result}, undef) if exists $reply->{result} && !$reply->{error};
    my $e = $reply->{error} || { message => 'empty reply from the daemon' };
    return (undef, { message => $e->{message}, code => $e->{code}, type => ($e->{data} && $e->{data}{type}) || 'error', data => $e->{data} || {} });
}

=head2 session_id

  my $id = $bridge->session_id;

The id this process sends as C<X-Bridge-Session>.

=head2 bytes

  my $value = CPANBridge::bytes($binary);

Marks a byte string as binary so it travels as bytes (JSON C<{"$base64":...}>)
rather than text.

=head2 close_session

  $bridge->close_session;

Ends this process's session now, closing every handle it owns. Done
automatically at exit.

=cut

sub session_id { return _session() }

sub bytes { my $b = $_[-1]; return bless \$b, 'CPANBridge::Bytes' }

sub close_session {
    return unless $USED && $SESSION_PID == $$ && $TRANSPORT && $DAEMON_MODE;
    my $res = $TRANSPORT->request('POST', '/rpc', _headers(),
        '{"jsonrpc":"2.0","id":0,"method":"session.close","params":{}}', { idempotent => 1 });
    $USED = 0;
    $TRANSPORT->close;
    return $res->{status} == 200;
}

END { local $?; eval { close_session() } }

sub _session {
    if (!defined $SESSION || $SESSION_PID != $$) {
        my $rand = join '', map { sprintf '%04x', int rand 65536 } 1 .. 4;
        $SESSION = "perl-$$-$rand";
        $SESSION_PID = $$;
        $USED = 0;
        $TRANSPORT = undef;
    }
    return $SESSION;
}

sub _headers {
    my $cwd = Cwd::getcwd() // '';
    $cwd =~ s/([^A-Za-z0-9\/._~-])/sprintf('%%%02X', ord $1)/ge;
    return { 'Content-Type' => 'application/json', 'X-Bridge-Session' => _session(), 'X-Bridge-Cwd' => $cwd };
}

sub _transport {
    my $self = shift;
    _session();
    return $TRANSPORT if $TRANSPORT;
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
    $TRANSPORT = CPANBridge::Transport->new(socket => $SOCKET, timeout => $self->{timeout}, %tcp);
    return $TRANSPORT;
}

# Sends one JSON-RPC request or batch; returns the decoded reply (hash or array).
sub _rpc {
    my ($self, $req, $opts) = @_;
    $opts ||= {};
    return $self->_oneshot($req, $opts) unless $DAEMON_MODE;
    my ($h, $body) = _encode_request($req, $opts);
    return _error_reply("cannot encode the call as JSON: $h", 'invalid_params') unless defined $body;
    my $t = $self->_transport;
    my $res = $t->request('POST', '/rpc', $h, $body, $opts);
    if ($res->{status} == 599 && ($res->{stage} // '') eq 'connect') {
        if ($AUTOSTART && !$ENV{CPAN_BRIDGE_TCP}) {
            my $err = $self->_autostart;
            return _error_reply($err, 'transport') if $err;
            $res = $t->request('POST', '/rpc', $h, $body, $opts);
        } elsif ($FALLBACK) {
            $self->_debug("daemon unreachable ($res->{content}); running the call one-shot");
            return $self->_oneshot($req, $opts);
        } else {
            return _error_reply("cpan-bridge daemon not reachable at " . ($ENV{CPAN_BRIDGE_TCP} || $SOCKET)
                . ": $res->{content} (start it with `cpan-bridge serve`, or set CPAN_BRIDGE_AUTOSTART=1)", 'transport');
        }
    }
    $USED = 1;
    return _error_reply("transport error talking to the daemon at $SOCKET: $res->{content}", 'transport') if $res->{status} == 599;
    return _decode_reply($res, $opts);
}

# (headers, body) of a request; (error message, undef) when it cannot be encoded.
# With packed_params the named params travel as packed bytes after the envelope.
sub _encode_request {
    my ($req, $opts) = @_;
    my $h = _headers();
    $h->{Accept} = PACKED_TYPE . ', application/json' if $opts->{packed};
    my $pp = $opts->{packed_params};
    if ($pp && ref $req eq 'HASH') {
        my ($off, $bytes, %refs) = (0, '');
        for my $k (sort keys %$pp) {
            $refs{$k} = { '$packed' => [ $off, length $pp->{$k} ] };
            $off += length $pp->{$k};
            $bytes .= $pp->{$k};
        }
        my $env = eval { $JSON->encode({ %$req, params => { %{ $req->{params} }, %refs } }) };
        return ("$@", undef) unless defined $env;
        $h->{'Content-Type'} = PACKED_TYPE;
        return ($h, length($env) . "\n" . $env . $bytes);
    }
    my $body = eval { $JSON->encode($req) };
    return ("$@", undef) unless defined $body;
    return ($h, $body);
}

sub _decode_reply {
    my ($res, $opts) = @_;
    return {} if $res->{status} == 204;
    my $ct = $res->{headers}{'content-type'} // '';
    my $reply = eval { index($ct, PACKED_TYPE) == 0 ? _unframe($res->{content}, $opts) : _decode_json($res->{content}) };
    return _error_reply("cannot decode the daemon's reply (HTTP $res->{status}): $@", 'transport') unless defined $reply;
    # A non-JSON-RPC answer (a proxy, a framework error page) is still an error, with its HTTP status.
    if (ref $reply eq 'HASH' && !exists $reply->{result} && !exists $reply->{error}) {
        return _error_reply("the daemon answered HTTP $res->{status} $res->{reason}: " . substr($res->{content}, 0, 200), 'transport');
    }
    return $reply;
}

sub _decode_json {
    # JSON::PP spends ~25 us on even a 80-byte reply (half the cost of a small
    # call); replies up to 256 KB go through a regex tokenizer, 4-8x faster,
    # and anything it does not accept goes to JSON::PP.
    my $v = length($_[0]) <= 262_144 ? eval { _fast_json($_[0]) } : undef;
    $v = $JSON->decode($_[0]) unless defined $v;
    return index($_[0], '"$base64"') >= 0 ? _unbase64($v) : $v;
}

my $STR = qr/"((?:[^"\\\x00-\x1f]++|\\(?:["\\\/bfnrt]|u[0-9a-fA-F]{4}))*+)"/;
my %ESC = (n => "\n", t => "\t", r => "\r", b => "\b", f => "\f", '"' => '"', '\\' => '\\', '/' => '/');

# Decodes the JSON text in $_[0] (UTF-8 bytes) as JSON::PP->utf8 would; dies on anything unusual.
sub _fast_json {
    local $_ = $_[0];
    utf8::decode($_) or die "not UTF-8\n" if /[\x80-\xff]/;
    pos($_) = 0;
    my $v = _fj_value(0);
    /\G\s*\z/gc or die "trailing text\n";
    return $v;
}

sub _fj_string {
    my $s = $_[0];
    return $s if index($s, '\\') < 0;
    $s =~ s{\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})}{chr(0x10000 + ((hex($1) - 0xD800) << 10) + (hex($2) - 0xDC00))}ge;
    die "lone surrogate\n" if $s =~ /\\u[dD][89a-fA-F]/;
    $s =~ s{\\(?:u([0-9a-fA-F]{4})|(.))}{defined $1 ? chr(hex $1) : $ESC{$2}}ge;
    return $s;
}

sub _fj_value {
    no warnings 'recursion';
    my $depth = $_[0];
    die "too deep\n" if $depth > 512;
    /\G\s*/gc;
    return _fj_string($1) if /\G$STR/gc;
    if (/\G\{\s*/gc) {
        my %h;
        return \%h if /\G\}/gc;
        do {
            /\G\s*$STR\s*:/gc or die "bad key\n";
            my $k = _fj_string($1);
            $h{$k} = _fj_value($depth + 1);
            /\G\s*/gc;
        } while (/\G,/gc);
        /\G\}/gc or die "bad object\n";
        return \%h;
    }
    if (/\G\[\s*/gc) {
        my @a;
        return \@a if /\G\]/gc;
        do { push @a, _fj_value($depth + 1); /\G\s*/gc } while (/\G,/gc);
        /\G\]/gc or die "bad array\n";
        return \@a;
    }
    if (/\G(-?(?:0|[1-9][0-9]*))((?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)/gc) {
        # as JSON::PP: an integer longer than a UV's 20 digits (sign included) stays a string
        return length $2 ? 0 + "$1$2" : length($1) > 20 ? "$1" : 0 + $1;
    }
    if (/\Gnull/gc)  { return undef }
    if (/\Gtrue/gc)  { return $JSON::PP::true }
    if (/\Gfalse/gc) { return $JSON::PP::false }
    die "bad value\n";
}

sub _unbase64 {
    my $v = shift;
    my $r = ref $v;
    if ($r eq 'HASH') {
        if (keys %$v == 1 && exists $v->{'$base64'}) { require MIME::Base64; return MIME::Base64::decode_base64($v->{'$base64'}) }
        $v->{$_} = _unbase64($v->{$_}) for keys %$v;
    } elsif ($r eq 'ARRAY') {
        $_ = _unbase64($_) for @$v;
    }
    return $v;
}

# "<len>\n<json envelope><packed bytes>": {"$packed":[off,len]} refs point into the bytes.
sub _unframe {
    my $nl = index($_[0], "\n");
    die "packed reply without a length line\n" if $nl < 1;
    my $len = substr($_[0], 0, $nl);
    my $env = _decode_json(substr($_[0], $nl + 1, $len));
    my $base = $nl + 1 + $len;
    return _resolve($env, \$_[0], $base, $_[1]);
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

sub _error_reply {
    my ($msg, $type) = @_;
    return { jsonrpc => '2.0', id => undef, error => { code => -32000, message => $msg, data => { type => $type } } };
}

sub _outcome {
    my $reply = shift;
    return { success => 1, result => $reply->{result} } if ref $reply eq 'HASH' && exists $reply->{result} && !$reply->{error};
    my $e = (ref $reply eq 'HASH' && $reply->{error}) || { message => 'empty reply from the daemon', data => { type => 'transport' } };
    return { success => 0, error => $e->{message}, error_type => ($e->{data} && $e->{data}{type}) || 'error', error_data => $e->{data} || {}, error_code => $e->{code} };
}

# The command that runs the CLI: CPAN_BRIDGE_CMD, else this checkout's build, else cpan-bridge on PATH.
sub _cli_command {
    return split ' ', $ENV{CPAN_BRIDGE_CMD} if $ENV{CPAN_BRIDGE_CMD};
    my $here = File::Basename::dirname(File::Spec->rel2abs(__FILE__));
    my $main = File::Spec->catfile($here, File::Spec->updir, File::Spec->updir, 'dist', 'src', 'main.js');
    # A 2 MB young generation keeps an idle daemon near 75 MB instead of 85+ (README, "Memory").
    return ($ENV{CPAN_BRIDGE_NODE} || 'node', '--max-semi-space-size=2', $main) if -f $main;
    return ('cpan-bridge');
}

# Starts the daemon under a lock so that of many scripts starting at once only one spawns it.
sub _autostart {
    my $self = shift;
    my $lockfile = "$SOCKET.lock";
    open my $lock, '>>', $lockfile or return "cannot open $lockfile to start the daemon: $!";
    flock $lock, LOCK_EX or return "cannot lock $lockfile: $!";
    return undef if _socket_answers();
    my @cmd = (_cli_command(), 'serve', '--socket', $SOCKET);
    $self->_debug("starting the daemon: @cmd");
    my $pid = fork;
    return "cannot fork to start the daemon: $!" unless defined $pid;
    if (!$pid) {
        require POSIX;
        POSIX::setsid();
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', '/dev/null';
        open STDERR, '>>', "$SOCKET.start.log";
        # A second fork so the daemon is not our zombie when it exits.
        my $p2 = fork;
        POSIX::_exit(0) if defined $p2 && $p2;
        exec { $cmd[0] } @cmd or POSIX::_exit(127);
    }
    waitpid $pid, 0;
    my $deadline = Time::HiRes::time() + $STARTUP_TIMEOUT;
    while (Time::HiRes::time() < $deadline) {
        return undef if _socket_answers();
        Time::HiRes::sleep(0.02);
    }
    return "started the daemon (@cmd) but $SOCKET did not answer within ${STARTUP_TIMEOUT}s; see $SOCKET.start.log";
}

sub _socket_answers {
    my $s = IO::Socket::UNIX->new(Type => Socket::SOCK_STREAM(), Peer => $SOCKET);
    return 0 unless $s;
    close $s;
    return 1;
}

# One-shot mode: the CLI runs the call in its own process and prints the JSON-RPC reply.
sub _oneshot {
    my ($self, $req, $opts) = @_;
    # The CLI takes JSON params: packed params go back to plain values.
    if (my $pp = $opts && $opts->{packed_params}) {
        $req = { %$req, params => { %{ $req->{params} }, map { ($_ => CPANBridge::Packed::decode($pp->{$_})) } keys %$pp } };
    }
    my @reqs = ref $req eq 'ARRAY' ? @$req : ($req);
    my @out;
    for my $r (@reqs) {
        my @cmd = (_cli_command(), 'call', '--raw', $r->{method}, $JSON->encode($r->{params}));
        my $pid = open(my $fh, '-|');
        if (!defined $pid) { push @out, { %{ _error_reply("cannot fork for one-shot mode: $!", 'transport') }, id => $r->{id} }; next }
        if (!$pid) { open STDERR, '>', '/dev/null'; exec { $cmd[0] } @cmd or do { require POSIX; POSIX::_exit(127) } }
        my $text = do { local $/; <$fh> };
        close $fh;
        my $reply = eval { _decode_json($text) };
        if (!$reply) { push @out, { %{ _error_reply("one-shot `@cmd[0 .. $#cmd - 1]` failed (exit " . ($? >> 8) . ')', 'transport') }, id => $r->{id} }; next }
        if ($reply->{error} && ($reply->{error}{data}{type} // '') eq 'handle_not_found') {
            $reply->{error}{message} .= ' (one-shot mode cannot keep handles between calls; start the daemon)';
        }
        $reply->{id} = $r->{id};
        push @out, $reply;
    }
    return ref $req eq 'ARRAY' ? \@out : $out[0];
}

sub _debug {
    my ($self, $msg) = @_;
    print STDERR "[CPANBridge $$] $msg\n" if $self->{debug};
}

package CPANBridge::Bytes; # hide from PAUSE
sub TO_JSON { require MIME::Base64; return { '$base64' => MIME::Base64::encode_base64(${ $_[0] }, '') } }

1;
