package CPANBridge;
# ABSTRACT: Perl client of the cpan-bridge daemon (JSON-RPC 2.0 over a Unix socket)

use strict;
use warnings;

our $VERSION = '1.00';

use Carp ();
use CPANBridge::Alias ();
use CPANBridge::Bytes ();
use CPANBridge::Frame ();
use CPANBridge::Idempotent ();
use CPANBridge::JSON ();
use CPANBridge::Packed;
use CPANBridge::Session ();
use CPANBridge::Transport;

our $DAEMON_MODE  = _env_bool('CPAN_BRIDGE_DAEMON', 1);
our $DEBUG_LEVEL  = $ENV{CPAN_BRIDGE_DEBUG} || 0;
our $SOCKET       = $ENV{CPAN_BRIDGE_SOCKET} || '/tmp/cpan_bridge.sock';
our $AUTOSTART    = _env_bool('CPAN_BRIDGE_AUTOSTART', 1);
our $FALLBACK     = _env_bool('CPAN_BRIDGE_FALLBACK', 0);
our $TIMEOUT      = $ENV{CPAN_BRIDGE_DAEMON_TIMEOUT} || 60;
our $STARTUP_TIMEOUT = $ENV{CPAN_BRIDGE_STARTUP_TIMEOUT} || 10;

# The old bridge's names of three of them, which its scripts set: the same
# variables under a second name (CPANBridge::Alias says why not a glob alias).
# A value set before this module loaded (in a BEGIN block) is kept.
our ($DAEMON_SOCKET, $FALLBACK_ENABLED, $DAEMON_TIMEOUT);
$SOCKET   = $DAEMON_SOCKET    if defined $DAEMON_SOCKET;
$FALLBACK = $FALLBACK_ENABLED if defined $FALLBACK_ENABLED;
$TIMEOUT  = $DAEMON_TIMEOUT   if defined $DAEMON_TIMEOUT;
tie $DAEMON_SOCKET,    'CPANBridge::Alias', 'CPANBridge::SOCKET';
tie $FALLBACK_ENABLED, 'CPANBridge::Alias', 'CPANBridge::FALLBACK';
tie $DAEMON_TIMEOUT,   'CPANBridge::Alias', 'CPANBridge::TIMEOUT';

my $ID = 0;

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

A global is read when a call is made, so setting it at any time before a
call takes effect (a new socket gets a new connection).

=head2 The old bridge's names

  $CPANBridge::DAEMON_SOCKET     is $CPANBridge::SOCKET
  $CPANBridge::FALLBACK_ENABLED  is $CPANBridge::FALLBACK
  $CPANBridge::DAEMON_TIMEOUT    is $CPANBridge::TIMEOUT

Scripts written for the old bridge set these. Each pair is one variable
under two names (L<CPANBridge::Alias>): set either, or C<local>ize either,
at any time before a call, and both names show the value. They take the
same environment variables as before, with two defaults that differ from
the old bridge's:
C<DAEMON_TIMEOUT> is 60 s, not 30, and C<FALLBACK_ENABLED> is 0, not 1:
the old bridge fell back to running a Python process when its daemon
failed; this client starts the daemon instead (C<$CPANBridge::AUTOSTART>)
and runs a call one-shot only when told to (see L</DESCRIPTION>).

=head1 RESENDING AFTER A DROPPED CONNECTION

A call whose connection drops before any of its reply arrived may or may
not have run in the daemon. It is resent once, on a new connection, only
when running it twice does no harm: when the daemon's method registry
marks its method idempotent. The client reads that set from
L<CPANBridge::Idempotent>, which is generated from the registry; a batch is
resent only when every call in it is idempotent. Any other call is reported
as a C<transport> error saying it was not resent. A call that cannot have
reached the daemon (the kept-alive connection was found closed before
sending, or the write failed) is always sent again.

=head1 INTERNALS

Each job of the client has its own module under C<CPANBridge::>:

  CPANBridge::Session     session id per process (new after fork), headers, connections, session.close
  CPANBridge::Transport   keep-alive HTTP/1.1 over the Unix socket or loopback TCP
  CPANBridge::JSON        JSON encoding, the fast reply decoder, {"$base64"} bytes
  CPANBridge::Bytes       a byte string marked to travel as bytes
  CPANBridge::Frame       "<len>\n<envelope><packed bytes>" bodies
  CPANBridge::Packed      the packed bulk form
  CPANBridge::Idempotent  the methods safe to resend (generated from the registry)
  CPANBridge::Alias       the old bridge's names of the globals
  CPANBridge::Autostart   finding the CLI and starting the daemon (loaded when needed)
  CPANBridge::OneShot     calls without a daemon (loaded when needed)

=head1 METHODS

=head2 new

  my $bridge = CPANBridge->new;
  my $bridge = CPANBridge->new(debug => 1, timeout => 30);

Without C<timeout>, each call waits C<$CPANBridge::TIMEOUT> seconds as it
is when the call is made.

=cut

sub new {
    my ($class, %args) = @_;
    my $self = bless {
        debug      => $args{debug} // $DEBUG_LEVEL,
        timeout    => $args{timeout},      # undef: $CPANBridge::TIMEOUT at each call
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

When the result is a hash, its keys are also at the top level, beside
C<success> and C<result>, so scripts written for either form of the old
bridge work: its User Guide reads C<< $r->{result}{connection_id} >>, its
later releases (and their test scripts) C<< $r->{connection_id} >>, as in

  { success => 1, result => { connection_id => 'dbh_1' }, connection_id => 'dbh_1' }

A result key named C<success>, C<result>, C<error>, C<error_type>,
C<error_data> or C<error_code> stays only under C<result>, so
C<< $r->{success} >> and C<< $r->{error} >> always mean what they say.
The top-level keys are a shallow copy: the values are the same references
as under C<result>. A result that is not a hash (a list, a string, a
number, null) is only under C<result>. L</batch> shapes its results the
same way.

=cut

sub call_python { my $self = shift; return $self->call(@_) }

sub call {
    my ($self, $module, $function, $params, $opts) = @_;
    (defined $module && length $module && defined $function && length $function)
        or Carp::croak(q/Usage: $bridge->call($module, $function, [\%params])/ . "\n");
    $params = {} if !defined $params || (ref $params eq 'ARRAY' && !@$params);
    my $t0 = $self->{debug} ? do { require Time::HiRes; Time::HiRes::time() } : 0;
    my $reply = _rpc($self, { jsonrpc => '2.0', id => ++$ID, method => "$module.$function", params => $params }, $opts);
    my $r = _outcome($reply);
    $self->{last_error} = $r->{success} ? undef : $r->{error};
    _debug($self, sprintf('%s.%s %s in %.2f ms', $module, $function, $r->{success} ? 'ok' : "failed: $r->{error}",
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
    my $reply = _rpc($self, \@req, $opts);
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
  table_text_bytes => 1  text cells of packed tables stay UTF-8 bytes
  packed_params => { name => $bytes }   these params travel packed; the bytes
                       come from CPANBridge::Packed::encode or encode_table

Whether a call is resent after a dropped connection is not an option: the
daemon's registry decides (L</RESENDING AFTER A DROPPED CONNECTION>). An
C<idempotent> option, which older facades passed, is ignored.

=cut

sub rpc {
    my ($self, $method, $params, $opts) = @_;
    return _result_or_error(_rpc($self, { jsonrpc => '2.0', id => ++$ID, method => $method, params => $params || {} }, $opts));
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

my $SIDE_BUSY;

sub rpc_begin {
    my ($self, $method, $params, $opts) = @_;
    return undef if $SIDE_BUSY || !$DAEMON_MODE || $ENV{CPAN_BRIDGE_TCP} || ($opts && $opts->{packed_params});
    my $side = CPANBridge::Session::side($SOCKET, $self->{timeout} || $TIMEOUT);
    my ($h, $body) = _encode_request({ jsonrpc => '2.0', id => ++$ID, method => $method, params => $params || {} }, $opts || {});
    return undef unless defined $body && $side->send_request('POST', '/rpc', $h, $body);
    $SIDE_BUSY = 1;
    return bless { pid => $$, owner => owner(), opts => $opts || {}, method => $method, side => $side }, 'CPANBridge::Pending';
}

sub rpc_end {
    my ($self, $pending) = @_;
    ref $pending eq 'CPANBridge::Pending' or Carp::croak(q/Usage: $bridge->rpc_end($pending)/ . "\n");
    Carp::croak('rpc_end: this call was begun in another process') if $pending->{pid} != $$;
    Carp::croak('rpc_end: this call was begun in another thread') if ($pending->{owner} // $$) ne owner();
    $SIDE_BUSY = 0;
    my $res = $pending->{side}->read_response;
    return _result_or_error(_error_reply("reading the reply to $pending->{method}: $res->{content}", 'transport')) if $res->{status} == 599;
    return _result_or_error(_decode_reply($res, $pending->{opts}));
}

=head2 session_id

  my $id = $bridge->session_id;

The id this process sends as C<X-Bridge-Session>.

=head2 bytes

  my $value = CPANBridge::bytes($binary);

Marks a byte string as binary so it travels as bytes (JSON C<{"$base64":...}>)
rather than text: a L<CPANBridge::Bytes>.

=head2 close_session

  $bridge->close_session;

Ends this process's session now, closing every handle it owns. Done
automatically at exit.

=cut

sub session_id { return CPANBridge::Session::id() }

sub bytes { my $b = $_[-1]; return bless \$b, 'CPANBridge::Bytes' }

sub close_session {
    return unless $DAEMON_MODE;
    return CPANBridge::Session::close($SOCKET, $TIMEOUT);
}

=head2 owner

  my $who = CPANBridge::owner();    # "4242" in the main thread, "4242.3" in thread 3

Who holds the objects made now: this process, and this ithread unless it
is the main one. An object that remembers its owner can tell a copy that
C<fork> or C<threads> made (L</THREADS>) and leave the daemon's handle to
the owner: the copy's C<DESTROY> must not close it.

=head1 THREADS

Each ithread opens its own connections to the daemon (a new thread starts
with copies of the parent's, and two threads sharing one socket would read
each other's replies), and keeps the process's session, so handle ids the
main thread got work in its threads. A thread's exit does not end the
session; the main thread's exit does. See L<CPANBridge::Session/Threads>.

=cut

# this interpreter's thread id; 0 in the main thread (or without threads)
my $TID = 0;

sub owner { return $TID ? "$$.$TID" : $$ }

sub CLONE {
    $TID = threads->can('tid') ? threads->tid : 0;
    # a call the parent left outstanding is the parent's to read
    $SIDE_BUSY = 0;
    return;
}

END { local $?; eval { close_session() } }

my %RESEND = (resend => 1);
my %ONCE   = ();

# Safe to resend after a dropped connection: the registry marks every method in it idempotent.
sub _resendable {
    my $req = shift;
    return $CPANBridge::Idempotent::METHODS{ $req->{method} } if ref $req eq 'HASH';
    $CPANBridge::Idempotent::METHODS{ $_->{method} } or return 0 for @$req;
    return 1;
}

# Sends one JSON-RPC request or batch; returns the decoded reply (hash or array).
sub _rpc {
    my ($self, $req, $opts) = @_;
    $opts ||= {};
    unless ($DAEMON_MODE) { require CPANBridge::OneShot; return CPANBridge::OneShot::run($req, $opts) }
    my ($h, $body) = _encode_request($req, $opts);
    return _error_reply("cannot encode the call as JSON: $h", 'invalid_params') unless defined $body;
    my $t = CPANBridge::Session::transport($SOCKET, $self->{timeout} || $TIMEOUT);
    my $resend = _resendable($req) ? \%RESEND : \%ONCE;
    my $res = $t->request('POST', '/rpc', $h, $body, $resend);
    if ($res->{status} == 599 && ($res->{stage} // '') eq 'connect') {
        if ($AUTOSTART && !$ENV{CPAN_BRIDGE_TCP}) {
            require CPANBridge::Autostart;
            my $err = CPANBridge::Autostart::start($SOCKET, $STARTUP_TIMEOUT, sub { _debug($self, $_[0]) });
            return _error_reply($err, 'transport') if $err;
            $res = $t->request('POST', '/rpc', $h, $body, $resend);
        } elsif ($FALLBACK) {
            _debug($self, "daemon unreachable ($res->{content}); running the call one-shot");
            require CPANBridge::OneShot;
            return CPANBridge::OneShot::run($req, $opts);
        } else {
            return _error_reply("cpan-bridge daemon not reachable at " . ($ENV{CPAN_BRIDGE_TCP} || $SOCKET)
                . ": $res->{content} (start it with `cpan-bridge serve`, or set CPAN_BRIDGE_AUTOSTART=1)", 'transport');
        }
    }
    CPANBridge::Session::used();
    return _error_reply("transport error talking to the daemon at $SOCKET: $res->{content}", 'transport') if $res->{status} == 599;
    return _decode_reply($res, $opts);
}

# (headers, body) of a request; (error message, undef) when it cannot be encoded.
# With packed_params the named params travel as packed bytes after the envelope.
sub _encode_request {
    my ($req, $opts) = @_;
    my $h = CPANBridge::Session::headers();
    $h->{Accept} = CPANBridge::Frame::TYPE . ', application/json' if $opts->{packed};
    my $pp = $opts->{packed_params};
    my $body = eval { $pp && ref $req eq 'HASH' ? CPANBridge::Frame::encode($req, $pp) : CPANBridge::JSON::encode($req) };
    return ("$@", undef) unless defined $body;
    $h->{'Content-Type'} = CPANBridge::Frame::TYPE if $pp && ref $req eq 'HASH';
    return ($h, $body);
}

sub _decode_reply {
    my ($res, $opts) = @_;
    return {} if $res->{status} == 204;
    my $ct = $res->{headers}{'content-type'} // '';
    my $reply = eval { index($ct, CPANBridge::Frame::TYPE) == 0 ? CPANBridge::Frame::decode($res->{content}, $opts) : CPANBridge::JSON::decode($res->{content}) };
    return _error_reply("cannot decode the daemon's reply (HTTP $res->{status}): $@", 'transport') unless defined $reply;
    # A non-JSON-RPC answer (a proxy, a framework error page) is still an error, with its HTTP status.
    if (ref $reply eq 'HASH' && !exists $reply->{result} && !exists $reply->{error}) {
        return _error_reply("the daemon answered HTTP $res->{status} $res->{reason}: " . substr($res->{content}, 0, 200), 'transport');
    }
    return $reply;
}

sub _error_reply {
    my ($msg, $type) = @_;
    return { jsonrpc => '2.0', id => undef, error => { code => -32000, message => $msg, data => { type => $type } } };
}

sub _result_or_error {
    my $reply = shift;
    return ($reply->{result}, undef) if exists $reply->{result} && !$reply->{error};
    my $e = $reply->{error} || { message => 'empty reply from the daemon' };
    return (undef, { message => $e->{message}, code => $e->{code}, type => ($e->{data} && $e->{data}{type}) || 'error', data => $e->{data} || {} });
}

# Top-level names of call's own; a result key with one of them stays under result only.
my %OUTCOME_KEY = map { $_ => 1 } qw(success result error error_type error_data error_code);

sub _outcome {
    my $reply = shift;
    if (ref $reply eq 'HASH' && exists $reply->{result} && !$reply->{error}) {
        my $res = $reply->{result};
        return { success => 1, result => $res } unless ref $res eq 'HASH';
        return { (map { $OUTCOME_KEY{$_} ? () : ($_ => $res->{$_}) } keys %$res), success => 1, result => $res };
    }
    my $e = (ref $reply eq 'HASH' && $reply->{error}) || { message => 'empty reply from the daemon', data => { type => 'transport' } };
    return { success => 0, error => $e->{message}, error_type => ($e->{data} && $e->{data}{type}) || 'error', error_data => $e->{data} || {}, error_code => $e->{code} };
}

sub _debug {
    my ($self, $msg) = @_;
    print STDERR "[CPANBridge $$] $msg\n" if $self->{debug};
}

1;
