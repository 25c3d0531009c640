package Net::SMTP;
# ABSTRACT: drop-in Net::SMTP 3.14 whose SMTP connection is made by the cpan-bridge daemon

use strict;
use warnings;
use Carp ();
use CPANBridge;
use CPANBridge::Packed ();

our $VERSION = '3.14';

# Net::Cmd's reply classes (callers compare ->status with them)
use constant { CMD_INFO => 1, CMD_OK => 2, CMD_MORE => 3, CMD_REJECT => 4, CMD_ERROR => 5, CMD_PENDING => 0 };
use constant DEF_REPLY_CODE => 421;

# datasend output is sent when this much is buffered (and at dataend): few round trips, bounded memory
our $FLUSH_AT = 1024 * 1024;

# set by SMTPHelper (the old bridge's name): datasend outside a data phase returns false as the old helper did
our $OLD_HELPER = 0;

my $BRIDGE;
# every wait is bounded by the daemon with the object's Timeout; the bridge call itself must outlast it
sub _bridge { $BRIDGE ||= CPANBridge->new(timeout => 86400) }

sub new {
    my $self = shift;
    my $type = ref($self) || $self;
    my ($host, %arg);
    if (@_ % 2) { $host = shift; %arg = @_ }
    else { %arg = @_; $host = delete $arg{Host} }
    $arg{Port} ||= 465 if $arg{SSL};
    $arg{Timeout} = 120 unless defined $arg{Timeout};
    # no host: Net::Config's smtp_hosts, as the real module (Debian's libnet.cfg lists none: new() returns undef)
    my $hosts = defined $host ? $host : _config_hosts();
    my @hosts = ref $hosts eq 'ARRAY' ? @$hosts : ($hosts);
    return unless @hosts;
    my ($r, $err, $peer, $peer_port, $failed);
    for my $h (@hosts) {
        $peer = $h;
        my ($name, $port) = ($h, $arg{Port});
        # host:port and [v6]:port as IO::Socket::IP's split_addr reads PeerAddr: a port there wins over Port
        if ($h =~ /\A\[([0-9A-Fa-f.]*:[0-9A-Fa-f:.]*)\](?::([^\s:]*))?\z/ || $h =~ /\A([^\s:]*):([^\s:]*)\z/) {
            $name = $1;
            $port = $2 if defined $2 && length $2;
        }
        $port = _port($port);
        $peer_port = defined $port ? $port : 25;
        # Timeout => 0: the real module waits without limit; here a day (the bridge call's own limit)
        my %p = (host => $name, timeout => $arg{Timeout} ? 0 + $arg{Timeout} : 86000);
        $p{port} = $port if defined $port;
        $p{ssl} = JSON::PP::true() if $arg{SSL};
        $p{ca_file} = $arg{SSL_ca_file} if defined $arg{SSL_ca_file};
        $p{verify} = JSON::PP::false() if defined $arg{SSL_verify_mode} && !$arg{SSL_verify_mode};
        $p{local_addr} = $arg{LocalAddr} if defined $arg{LocalAddr};
        # Net::Cmd's command() turns a newline in an argument into a space
        $p{hello} = (!exists $arg{SendHello} || $arg{SendHello}) ? _one_line($arg{Hello} || 'localhost.localdomain') : undef;
        ($r, $err) = _bridge()->rpc('smtp.open', \%p);
        last if $r || _after_connect($err);
        $failed = _socket_error($err);
    }
    # IO::Socket::IP's $@ of a failed host stays when a later one connects
    $@ = $failed if $r && defined $failed;
    if (!$r && (my $lost = _after_connect($err))) {
        # connected, then the greeting or the hello got no reply: Net::Cmd's 421 status in $@
        my $class = $arg{SSL} ? 'Net::SMTP::_SSL' : $type;
        _debug_lost(bless({ _debug => 1 }, $class), $lost, $err->{data}, !!$arg{SSL}) if $arg{Debug};
        $@ = "$class: 421 " . ($lost eq 'protocol' ? '' : $lost eq 'timeout' ? "[$class] Timeout" : "[$class] Connection closed");
        return;
    }
    unless ($r) {
        my $errno = ((ref $err->{data} eq 'HASH' ? $err->{data} : {})->{errno}) || '';
        $@ = _socket_error($err);
        # getaddrinfo's failure leaves EINVAL in $! under IO::Socket::IP
        $errno = 'EINVAL' if $errno eq 'ENOTFOUND' || $errno eq 'EAI_AGAIN';
        if ($errno =~ /^E[A-Z]+$/) { require Errno; my $f = Errno->can($errno); $! = $f->() if $f }
        return;
    }
    _crlf($r) if $arg{SSL};
    my $obj = bless {
        _connection_id => $r->{smtp_id}, _pid => $$, _host => $peer, _port => $peer_port, _arg => \%arg, _debug => $arg{Debug} || 0,
        _exact => $arg{ExactAddresses}, _ssl => $arg{SSL} ? 1 : 0, _timeout => $arg{Timeout},
        _code => $r->{code}, _resp => $r->{message},
    }, $arg{SSL} ? 'Net::SMTP::_SSL' : $type;
    $obj->_debug_versions if $obj->{_debug};
    $obj->_steps($r->{steps});
    my @steps = @{ $r->{steps} || [] };
    my $greeting = shift @steps;
    unless (defined $r->{smtp_id}) {
        # Net::SMTP's $@: the class, the code and the (last) reply's text
        $@ = ref($obj) . ": $r->{code} " . join('', @{ $r->{message} || [] });
        delete $obj->{_connection_id};
        return;
    }
    $obj->{_banner} = $greeting->{message}[0];
    ($obj->{_domain}) = ($obj->{_banner} || '') =~ /\A\s*(\S+)/;
    $obj->_hello_done(undef, \@steps) if @steps;
    return $obj;
}

# Debug output of a new() lost after connecting, as Net::Cmd prints it: the
# exchanges that came, the line left unanswered, then getline's warning (or
# the line that was not a reply and response()'s parse error)
sub _debug_lost {
    my ($obj, $lost, $d, $ssl) = @_;
    $obj->_debug_versions;
    _crlf($d) if $ssl;
    $obj->_steps($d->{steps});
    $obj->debug_print(1, "$d->{unanswered}\015\012") if defined $d->{unanswered};
    my $pkg = ref $obj;
    if ($lost eq 'protocol') {
        my $line = (defined $d->{line} ? $d->{line} : '') . ($ssl ? "\015\012" : "\n");
        $obj->debug_print(0, $line);
        Carp::carp("$obj: response(): parse error in '$line'");
    }
    else {
        Carp::carp("$pkg: Net::Cmd::getline(): " . ($lost eq 'timeout' ? 'timeout' : 'unexpected EOF on command channel: '));
    }
    $obj->{_lost} = 1;
}

# a failure of smtp.open after the TCP (and TLS) connection was made: 'closed', 'timeout', 'protocol' or ''
sub _after_connect {
    my ($err) = @_;
    my $d = ref $err eq 'HASH' && ref $err->{data} eq 'HASH' ? $err->{data} : {};
    my $bc = $d->{backend_code} || '';
    return 'closed' if $bc eq 'smtp_disconnected';
    return 'protocol' if $bc eq 'smtp_protocol';
    return 'timeout' if $bc eq 'smtp_timeout' && ($d->{stage} || '') ne 'connect';
    return '';
}

sub _one_line { (my $s = $_[0]) =~ tr/\n/ /; return $s }

sub _config_hosts {
    my $cfg = eval { require Net::Config; no warnings 'once'; $Net::Config::NetConfig{smtp_hosts} };
    return ref $cfg eq 'ARRAY' ? $cfg : defined $cfg ? [$cfg] : [];
}

sub _port {
    my ($port) = @_;
    return undef unless defined $port && length $port;
    return 0 + $port if $port =~ /^\d+$/;
    # "name(number)": the name when the system knows it, else the number (IO::Socket::IP's rule)
    my ($svc, $fallback) = $port =~ /\A(\S+)\((\d+)\)\z/ ? ($1, $2) : ($port, undef);
    my $p = getservbyname($svc, 'tcp');
    return defined $p ? 0 + $p : defined $fallback ? 0 + $fallback : undef;
}

# $@ after a failed connect, worded as IO::Socket::IP / IO::Socket::SSL word it
sub _socket_error {
    my ($err) = @_;
    my $d = ref $err->{data} eq 'HASH' ? $err->{data} : {};
    my $errno = $d->{errno} || '';
    my $why = $d->{reason} || $err->{message} || '';
    if (($d->{backend_code} || '') eq 'smtp_tls') {
        return 'SSL connect attempt failed error:0A000086:SSL routines::certificate verify failed'
            if $why =~ /self[- ]signed|unable to (?:get|verify)|certificate verify|UNABLE_TO|SELF_SIGNED|altnames|Hostname/i;
        return "SSL connect attempt failed $1:$2::$3" if $why =~ /(error:[0-9A-F]+):(SSL routines):[^:]*:([^\n]+)/;
        return "SSL connect attempt failed $why";
    }
    return 'Name or service not known' if $errno eq 'ENOTFOUND';
    return 'Temporary failure in name resolution' if $errno eq 'EAI_AGAIN';
    if ($errno =~ /^E[A-Z]+$/) {
        require Errno;
        my $f = Errno->can($errno);
        if ($f) { local $! = $f->(); return "$!" }
    }
    return $why;
}

# ---- Net::Cmd: replies, status, debug

sub code {
    @_ == 1 or Carp::croak('usage: $obj->code()');
    my $self = shift;
    $self->{_code} = DEF_REPLY_CODE unless defined $self->{_code};
    return $self->{_code};
}

sub message {
    @_ == 1 or Carp::croak('usage: $obj->message()');
    my $self = shift;
    return wantarray ? @{ $self->{_resp} || [] } : join('', @{ $self->{_resp} || [] });
}

sub status {
    @_ == 1 or Carp::croak('usage: $obj->status()');
    return substr($_[0]->{_code}, 0, 1);
}

sub ok {
    @_ == 1 or Carp::croak('usage: $obj->ok()');
    my $code = $_[0]->code;
    return 0 < $code && $code < 400;
}

sub set_status {
    @_ == 3 or Carp::croak('usage: $obj->set_status($code, $resp)');
    my ($self, $code, $resp) = @_;
    $resp = defined $resp ? [$resp] : [] unless ref $resp;
    ($self->{_code}, $self->{_resp}) = ($code, $resp);
    return 1;
}

sub debug {
    @_ == 1 or @_ == 2 or Carp::croak('usage: $obj->debug([$level])');
    my ($self, $level) = @_;
    my $old = $self->{_debug} || 0;
    return $old unless @_ == 2;
    $level = 0 unless defined $level;
    $self->{_debug} = $level;
    $self->_debug_versions if $level;
    return $old;
}

sub debug_text { $_[2] }

sub debug_print {
    my ($self, $out, $text) = @_;
    print STDERR $self, ($out ? '>>> ' : '<<< '), $self->debug_text($out, $text);
}

# Net::Cmd prints the class tree with versions the first time a class turns
# Debug on; the real classes' tree (IO::Socket::* are looked up only for it)
my %ISA_SHOWN = ('Net::SMTP::_SSL' => ['IO::Socket::SSL', 'Net::SMTP'], 'Net::SMTP' => ['Net::Cmd', 'IO::Socket::IP'], 'Net::Cmd' => ['Exporter']);
my %VERSION_SHOWN = ('Net::SMTP' => $VERSION, 'Net::Cmd' => $VERSION);
my %DEBUG_SHOWN;

sub _debug_versions {
    my ($self) = @_;
    my $top = ref $self;
    return if $DEBUG_SHOWN{$top}++;
    my (%done, %spc);
    my @do = ($top);
    $spc{$top} = '';
    while (my $pkg = shift @do) {
        next if $done{$pkg}++;
        my @isa;
        if ($ISA_SHOWN{$pkg}) { @isa = @{ $ISA_SHOWN{$pkg} } }
        else {
            # a perl without IO::Socket::IP (before 5.20): the real module is an IO::Socket::INET
            if (!eval "require $pkg; 1" && $pkg eq 'IO::Socket::IP') {
                require IO::Socket::INET;
                $spc{'IO::Socket::INET'} = $spc{$pkg};
                $pkg = 'IO::Socket::INET';
            }
            no strict 'refs';
            @isa = @{"${pkg}::ISA"};
        }
        my $v = exists $VERSION_SHOWN{$pkg} ? $VERSION_SHOWN{$pkg} : do { no strict 'refs'; ${"${pkg}::VERSION"} };
        print STDERR "$top>>> $spc{$pkg}$pkg", (defined $v ? "($v)" : ''), "\n";
        $spc{$_} = "  $spc{$pkg}" for @isa;
        unshift @do, @isa;
    }
}

# prints a call's exchanges as Net::Cmd's Debug does; $auth: an AUTH exchange,
# with Net::SMTP's "(decoded)" lines (the daemon masks the password as ****)
sub _steps {
    my ($self, $steps, $auth) = @_;
    return unless $self->{_debug};
    my @steps = @{ $steps || [] };
    for my $n (0 .. $#steps) {
        my $s = $steps[$n];
        $self->debug_print(1, "$s->{sent}\015\012") if defined $s->{sent};
        my @m = @{ $s->{message} || [] };
        for my $i (0 .. $#m) { $self->debug_print(0, $s->{code} . ($i < $#m ? '-' : ' ') . $m[$i]) }
        next unless $auth && $s->{code} == 334 && $n < $#steps;
        require MIME::Base64;
        (my $challenge = defined $m[0] ? $m[0] : '') =~ s/\s+\z//;
        my $next = $steps[$n + 1]{sent};
        $self->debug_print(0, '(decoded) ' . MIME::Base64::decode_base64($challenge) . "\n");
        $self->debug_print(1, '(decoded) ' . ($next eq '****' ? $next : MIME::Base64::decode_base64($next)) . "\n");
    }
}

# Net::Cmd's 421 status for a lost connection, and its Debug warnings: a call
# on a closed object warns from _is_closed ($times: once for datasend/dataend,
# twice for a command: command() and getline() both check), a failure while
# reading from getline
sub _closed_status {
    my ($self, $err, $times) = @_;
    my $d = (ref $err eq 'HASH' ? $err->{data} : undef) || {};
    my $kind = $d->{backend_code} || '';
    my $pkg = ref $self;
    $self->set_status(DEF_REPLY_CODE, $kind eq 'smtp_timeout' ? "[$pkg] Timeout" : "[$pkg] Connection closed");
    return unless $self->{_debug};
    if (!$err) {
        Carp::carp("$pkg: Net::Cmd::_is_closed(): unexpected EOF on command channel: ") for 1 .. ($times || 2);
        return;
    }
    my $why = '';
    if (($d->{errno} || '') =~ /^E[A-Z]+$/) {
        require Errno;
        my $f = Errno->can($d->{errno});
        if ($f) { local $! = $f->(); $why = "$!" }
    }
    Carp::carp("$pkg: Net::Cmd::getline(): " . ($kind eq 'smtp_timeout' ? 'timeout' : "unexpected EOF on command channel: $why"));
}

# one daemon call on this connection; a transport failure closes it and sets Net::Cmd's 421 status
sub _call {
    my ($self, $method, $params, $opts) = @_;
    unless (defined $self->{_connection_id}) { $self->_closed_status; return }
    my ($r, $err) = _bridge()->rpc($method, { smtp_id => $self->{_connection_id}, %{ $params || {} } }, $opts);
    return $self->{_ssl} && $method ne 'smtp.starttls' ? _crlf($r) : $r if $r;
    my $d = ref $err->{data} eq 'HASH' ? $err->{data} : {};
    $self->{_last_error} = $d;
    if (($d->{backend_code} || '') =~ /^smtp_/ || ($err->{type} || '') eq 'handle_not_found') {
        delete $self->{_connection_id};
        if (($d->{backend_code} || '') eq 'smtp_tls') {
            # a failed handshake is IO::Socket::SSL's: $@ says why, Net::Cmd warns nothing
            $self->set_status(DEF_REPLY_CODE, '[' . ref($self) . '] Connection closed');
            $@ = _socket_error($err);
            return;
        }
        $self->_closed_status($err);
        return;
    }
    Carp::croak("Net::SMTP: $method: $err->{message}");
}

# Over TLS the real module's replies come through IO::Socket::SSL's getline
# (Net::SMTP::_SSL inherits it before Net::Cmd's), which keeps the CR: every
# line then ends in CRLF, in ->message, banner and the supports() values.
sub _crlf {
    my ($r) = @_;
    for my $m (grep { defined } $r->{message}, map { $_->{message} } @{ $r->{steps} || [] }) {
        s/(?<!\r)\n\z/\r\n/ for @$m;
    }
    return $r;
}

sub _set_reply {
    my ($self, $r) = @_;
    ($self->{_code}, $self->{_resp}) = ($r->{code}, $r->{message}) if defined $r && defined $r->{code};
}

# Net::Cmd's command(...)->response(): ends an open data phase first; returns the reply's class
sub _command {
    my ($self, @args) = @_;
    $self->dataend if defined $self->{_last_ch} && defined $self->{_connection_id};
    my $line = join ' ', map { my $n = defined $_ ? $_ : ''; $n =~ tr/\n/ /; $n } @args;
    # the real module sends it; some servers end a command line at a bare CR (command injection)
    Carp::croak('Net::SMTP: a carriage return in an SMTP command is refused (a bare CR can end the line on some servers): '
        . join(' ', map { my $x = $_; $x =~ s/\r/\\r/g; $x } substr($line, 0, 80))) if $line =~ /\r/;
    unless (defined $self->{_connection_id}) {
        $self->_closed_status;
        # response() then clears the text, and IO::Socket::SSL's getline sets none
        $self->set_status(DEF_REPLY_CODE, []) if $self->{_ssl};
        return CMD_ERROR;
    }
    $self->debug_print(1, "$line\015\012") if $self->{_debug};
    my $r = $self->_call('smtp.command', { command => $line }) or return CMD_ERROR;
    $self->_set_reply($r);
    $self->_steps([{ sent => undef, code => $r->{code}, message => $r->{message} }]);
    $self->{_in_data} = 1 if $line =~ /^DATA\s*$/i && $r->{code} =~ /^3/;
    return substr($r->{code}, 0, 1);
}

sub command {
    my ($self, @args) = @_;
    $self->{_pending} = [@args];
    return $self;
}

sub response {
    my ($self) = @_;
    my $args = delete $self->{_pending} or return CMD_ERROR;
    return $self->_command(@$args);
}

# ---- Net::SMTP

sub host { $_[0]->{_host} }
sub banner { $_[0]->{_banner} || undef }
sub domain { $_[0]->{_domain} || undef }

sub timeout { $_[0]->{_timeout} }

sub _hello_done {
    my ($self, undef, $steps) = @_;
    my $last = $steps->[-1];
    my ($ehlo) = grep { defined $_->{sent} && $_->{sent} =~ /^EHLO / } @$steps;
    if ($ehlo && $ehlo->{code} =~ /^2/) {
        my %h;
        for my $ln (@{ $ehlo->{message} }) { $h{uc $1} = $2 if $ln =~ /([-\w]+)\b[= \t]*([^\n]*)/ }
        $self->{_esmtp} = \%h;
    }
    return unless $last->{code} =~ /^2/;
    ($self->{_hello_domain}) = $last->{sent} =~ /^(?:EHLO|HELO) (.*)$/;
    my ($d) = ($last->{message}[0] || '') =~ /\A\s*(\S+)/;
    return $d || ' ';
}

sub hello {
    my ($self, $domain) = @_;
    $domain = _one_line($domain || 'localhost.localdomain');
    $self->dataend if defined $self->{_last_ch} && defined $self->{_connection_id};
    my $r = $self->_call('smtp.hello', { domain => $domain }) or return;
    $self->_steps($r->{steps});
    $self->_set_reply($r);
    return $self->_hello_done(undef, $r->{steps});
}

sub starttls {
    my ($self, %more) = @_;
    die 'SMTP connection is already in SSL mode' if $self->{_ssl};
    my %arg = (%{ $self->{_arg} }, %more);
    my %p = (hello => $self->{_hello_domain} || '');
    $p{ca_file} = $arg{SSL_ca_file} if defined $arg{SSL_ca_file};
    $p{verify} = JSON::PP::false() if defined $arg{SSL_verify_mode} && !$arg{SSL_verify_mode};
    $self->debug_print(1, "STARTTLS\015\012") if $self->{_debug};
    my $r = $self->_call('smtp.starttls', \%p);
    unless ($r) {
        # the 220 came, the handshake failed: Net::SMTP keeps the 220 as its status
        my ($st) = @{ $self->{_last_error}{steps} || [] };
        if ($st) {
            $self->_steps([{ sent => undef, code => $st->{code}, message => $st->{message} }]);
            $self->set_status($st->{code}, $st->{message});
        }
        return;
    }
    my @steps = @{ $r->{steps} };
    my $st = shift @steps;
    # the 220 came before the handshake (no CR kept); what came after it is read through IO::Socket::SSL
    _crlf({ steps => \@steps, message => $r->{message} }) if $st->{code} =~ /^2/;
    $self->_steps([{ sent => undef, code => $st->{code}, message => $st->{message} }]);
    if ($st->{code} =~ /^2/) {
        $self->{_ssl} = 1;
        # IO::Socket::SSL's start_SSL reblesses the socket
        bless $self, 'Net::SMTP::_SSL';
    }
    $self->_steps(\@steps);
    $self->_set_reply($r);
    return unless $st->{code} =~ /^2/;
    delete $self->{_esmtp};
    return $self->_hello_done(undef, \@steps);
}

sub supports {
    my ($self, $cmd, @status) = @_;
    $cmd = uc $cmd;
    # the real module's exists() autovivifies the keyword table: after any supports() call mail()/to()
    # check the options against it (and warn per option) even when the server spoke only HELO
    my $esmtp = $self->{_esmtp} ||= {};
    return $esmtp->{$cmd} if exists $esmtp->{$cmd};
    $self->set_status(@status) if @status;
    return;
}

sub auth {
    my ($self, $username, $password) = @_;
    my $mechanisms = $self->supports('AUTH', 500, ["Command unknown: 'AUTH'"]);
    return unless defined $mechanisms;
    if (ref $username && UNIVERSAL::isa($username, 'Authen::SASL')) {
        # an Authen::SASL object: its callbacks' user/pass and mechanism, run by the daemon
        my $cb = $username->{callback} || {};
        my $m = $username->mechanism;
        $mechanisms = $m if defined $m && length $m;
        ($username, $password) = map { ref $_ eq 'CODE' ? $_->() : $_ } $cb->{user}, $cb->{pass};
    }
    die "auth(username, password)" if !defined $username || !length $username;
    $self->dataend if defined $self->{_last_ch} && defined $self->{_connection_id};
    my ($r, $err);
    # AUTH on a lost connection: Net::Cmd's 421 and auth's false ($code == CMD_OK)
    unless (defined $self->{_connection_id}) { $self->_closed_status; return '' }
    ($r, $err) = _bridge()->rpc('smtp.auth', { smtp_id => $self->{_connection_id}, user => "$username", password => defined $password ? "$password" : '', mechanisms => $mechanisms });
    unless ($r) {
        my $d = ref $err->{data} eq 'HASH' ? $err->{data} : {};
        Carp::croak("No SASL mechanism found\n") if ($d->{backend_code} || '') eq 'smtp_auth_mechanism';
        delete $self->{_connection_id};
        $self->_closed_status($err);
        return '';
    }
    _crlf($r) if $self->{_ssl};
    $self->_steps($r->{steps}, 1);
    $self->_set_reply($r);
    return $r->{code} =~ /^2/ ? 1 : '';
}

sub _addr {
    my ($self, $addr) = @_;
    $addr = '' unless defined $addr;
    if ($self->{_exact}) {
        return $1 if $addr =~ /^\s*(<.*>)\s*$/s;
    }
    else {
        return $1 if $addr =~ /(<[^>]*>)/;
        $addr =~ s/^\s+|\s+$//sg;
    }
    return "<$addr>";
}

sub mail {
    my $me = shift;
    my $addr = _addr($me, shift);
    my $opts = '';
    if (@_) {
        my %opt = @_;
        my $v;
        if (my $esmtp = $me->{_esmtp}) {
            if (defined($v = delete $opt{Size})) {
                if (exists $esmtp->{SIZE}) { $opts .= sprintf ' SIZE=%d', $v + 0 }
                else { Carp::carp('Net::SMTP::mail: SIZE option not supported by host') }
            }
            if (defined($v = delete $opt{Return})) {
                if (exists $esmtp->{DSN}) { $opts .= ' RET=' . ((uc($v) eq 'FULL') ? 'FULL' : 'HDRS') }
                else { Carp::carp('Net::SMTP::mail: DSN option not supported by host') }
            }
            if (defined($v = delete $opt{Bits})) {
                if ($v eq '8') {
                    if (exists $esmtp->{'8BITMIME'}) { $opts .= ' BODY=8BITMIME' }
                    else { Carp::carp('Net::SMTP::mail: 8BITMIME option not supported by host') }
                }
                elsif ($v eq 'binary') {
                    if (exists $esmtp->{BINARYMIME} && exists $esmtp->{CHUNKING}) { $opts .= ' BODY=BINARYMIME'; $me->{_chunking} = 1 }
                    else { Carp::carp('Net::SMTP::mail: BINARYMIME option not supported by host') }
                }
                elsif (exists $esmtp->{'8BITMIME'} or exists $esmtp->{BINARYMIME}) { $opts .= ' BODY=7BIT' }
                else { Carp::carp('Net::SMTP::mail: 8BITMIME and BINARYMIME options not supported by host') }
            }
            if (defined($v = delete $opt{Transaction})) {
                if (exists $esmtp->{CHECKPOINT}) { $opts .= ' TRANSID=' . _addr($me, $v) }
                else { Carp::carp('Net::SMTP::mail: CHECKPOINT option not supported by host') }
            }
            if (defined($v = delete $opt{Envelope})) {
                if (exists $esmtp->{DSN}) { $v =~ s/([^\041-\176]|=|\+)/sprintf "+%02X", ord($1)/sge; $opts .= " ENVID=$v" }
                else { Carp::carp('Net::SMTP::mail: DSN option not supported by host') }
            }
            if (defined($v = delete $opt{ENVID})) {
                if (exists $esmtp->{DSN}) { $opts .= " ENVID=$v" }
                else { Carp::carp('Net::SMTP::mail: DSN option not supported by host') }
            }
            if (defined($v = delete $opt{AUTH})) {
                if (exists $esmtp->{AUTH}) { $v = '<>' if !defined($v) || $v eq ''; $opts .= " AUTH=$v" }
                else { Carp::carp('Net::SMTP::mail: AUTH option not supported by host') }
            }
            if (defined($v = delete $opt{XVERP})) {
                if (exists $esmtp->{XVERP}) { $opts .= ' XVERP' }
                else { Carp::carp('Net::SMTP::mail: XVERP option not supported by host') }
            }
            Carp::carp('Net::SMTP::recipient: unknown option(s) ' . join(' ', keys %opt) . ' - ignored') if scalar keys %opt;
        }
        else {
            Carp::carp('Net::SMTP::mail: ESMTP not supported by host - options discarded :-(');
        }
    }
    return $me->_command('MAIL', 'FROM:' . $addr . $opts) == CMD_OK;
}

sub send          { my $me = shift; $me->_command('SEND', 'FROM:' . _addr($me, $_[0])) == CMD_OK }
sub send_or_mail  { my $me = shift; $me->_command('SOML', 'FROM:' . _addr($me, $_[0])) == CMD_OK }
sub send_and_mail { my $me = shift; $me->_command('SAML', 'FROM:' . _addr($me, $_[0])) == CMD_OK }

sub reset { my $me = shift; $me->_command('RSET') == CMD_OK }

sub recipient {
    my $smtp = shift;
    my $opts = '';
    my $skip_bad = 0;
    if (@_ && ref($_[-1])) {
        my %opt = %{ pop(@_) };
        my $v;
        $skip_bad = delete $opt{SkipBad};
        if (my $esmtp = $smtp->{_esmtp}) {
            if (defined($v = delete $opt{Notify})) {
                if (exists $esmtp->{DSN}) { $opts .= ' NOTIFY=' . join(',', map { uc $_ } @$v) }
                else { Carp::carp('Net::SMTP::recipient: DSN option not supported by host') }
            }
            if (defined($v = delete $opt{ORcpt})) {
                if (exists $esmtp->{DSN}) { $opts .= ' ORCPT=' . $v }
                else { Carp::carp('Net::SMTP::recipient: DSN option not supported by host') }
            }
            Carp::carp('Net::SMTP::recipient: unknown option(s) ' . join(' ', keys %opt) . ' - ignored') if scalar keys %opt;
        }
        elsif (%opt) {
            Carp::carp('Net::SMTP::recipient: ESMTP not supported by host - options discarded :-(');
        }
    }
    my @ok;
    foreach my $addr (@_) {
        if ($smtp->_command('RCPT', 'TO:' . _addr($smtp, $addr) . $opts) == CMD_OK) {
            push(@ok, $addr) if $skip_bad;
        }
        elsif (!$skip_bad) {
            return 0;
        }
    }
    return $skip_bad ? @ok : 1;
}

BEGIN {
    no warnings 'once';
    *to  = \&recipient;
    *cc  = \&recipient;
    *bcc = \&recipient;
}

sub data {
    my $me = shift;
    if (exists $me->{_chunking}) {
        Carp::carp('Net::SMTP::data: CHUNKING extension in use, must call bdat instead');
        return;
    }
    my $ok = $me->_command('DATA') == CMD_MORE;
    $ok &&= $me->datasend(@_);
    return $ok && @_ ? $me->dataend : $ok;
}

sub bdat { Carp::carp('Net::SMTP::bdat: CHUNKING extension is not in use, call data instead'); return }
sub bdatlast { Carp::carp('Net::SMTP::bdat: CHUNKING extension is not in use, call data instead'); return }

# Net::Cmd's datasend: LF and CRLF to CRLF, leading dots doubled, a bare CR left alone; buffered here
sub datasend {
    my $self = shift;
    my $arr = @_ == 1 && ref($_[0]) ? $_[0] : \@_;
    my $line = join('', @$arr);
    unless (defined $self->{_connection_id}) { $self->_closed_status(undef, 1); return 0 }
    if ($OLD_HELPER && !$self->{_in_data}) {
        # the old SMTPHelper refused it (the real module writes the bytes, which the server takes as commands)
        Carp::carp('Cannot call datasend() before data(): call data() first');
        return 0;
    }
    my $last_ch = $self->{_last_ch};
    $last_ch = $self->{_last_ch} = "\012" unless defined $last_ch;
    return 1 unless length $line;
    if ($self->{_debug}) { $self->debug_print(1, "$_\n") for split /\n/, $line }
    # the real module's syswrite dies on a character over 255: bytes only on the wire
    utf8::downgrade($line, 1) or Carp::croak('Wide character in syswrite');
    my $first_ch = '';
    if ($last_ch eq "\015") {
        $first_ch = "\012" if $line =~ s/^\012(\.?)/$1$1/;
    }
    elsif ($last_ch eq "\012") {
        $first_ch = '.' if $line =~ /^\./;
    }
    $line =~ s/\015?\012(\.?)/\015\012$1$1/sg;
    substr($line, 0, 0) = $first_ch;
    $self->{_last_ch} = substr($line, -1, 1);
    $self->{_buf} .= $line;
    return 1 if length $self->{_buf} < $FLUSH_AT;
    # a failed write: Net::Cmd's datasend returns nothing
    return $self->_flush(0) ? 1 : ();
}

# bytes as given, no conversion (Net::Cmd rawdatasend)
sub rawdatasend {
    my $self = shift;
    my $arr = @_ == 1 && ref($_[0]) ? $_[0] : \@_;
    my $line = join('', @$arr);
    unless (defined $self->{_connection_id}) { $self->_closed_status(undef, 1); return 0 }
    return 1 unless length $line;
    utf8::downgrade($line, 1) or Carp::croak('Wide character in syswrite');
    $self->{_last_ch} = "\012" unless defined $self->{_last_ch};
    $self->{_buf} .= $line;
    $self->{_last_ch} = substr($line, -1, 1);
    return 1 if length $self->{_buf} < $FLUSH_AT;
    # a failed write: Net::Cmd's datasend returns nothing
    return $self->_flush(0) ? 1 : ();
}

sub _flush {
    my ($self, $end) = @_;
    my $buf = delete $self->{_buf};
    $buf = '' unless defined $buf;
    my $r = $self->_call('smtp.data', { ($end ? (end => JSON::PP::true()) : ()) },
        length $buf ? { packed_params => { data => CPANBridge::Packed::encode(CPANBridge::bytes($buf)) } } : undef);
    return $r;
}

sub dataend {
    my $self = shift;
    unless (defined $self->{_connection_id}) { $self->_closed_status(undef, 1); return 0 }
    return 1 unless defined $self->{_last_ch};
    $self->debug_print(1, ".\n") if $self->{_debug};
    delete $self->{_last_ch};
    delete $self->{_in_data};
    # lost while the end or its reply was on the way: the real module's write mostly succeeds
    # (into the socket buffer) and its response() fails: false as `response() == CMD_OK`
    my $r = $self->_flush(1) or return '';
    $self->_set_reply($r);
    $self->_steps([{ sent => undef, code => $r->{code}, message => $r->{message} }]);
    return $r->{code} =~ /^2/ ? 1 : '';
}

sub expand {
    my $me = shift;
    return $me->_command('EXPN', @_) == CMD_OK ? ($me->message) : ();
}

sub verify { my $me = shift; $me->_command('VRFY', @_) == CMD_OK }

sub help {
    my $me = shift;
    return $me->_command('HELP', @_) == CMD_OK ? scalar $me->message : undef;
}

sub etrn {
    my $self = shift;
    defined($self->supports('ETRN', 500, ["Command unknown: 'ETRN'"])) && $self->_command('ETRN', @_) == CMD_OK;
}

sub quit {
    my $me = shift;
    $me->dataend if defined $me->{_last_ch} && defined $me->{_connection_id};
    unless (defined $me->{_connection_id}) {
        $me->_closed_status;
        # the real quit returns close()'s value: false on a closed socket (the old SMTPHelper said true)
        return $OLD_HELPER ? 1 : '';
    }
    $me->debug_print(1, "QUIT\015\012") if $me->{_debug};
    my $r = $me->_call('smtp.quit');
    delete $me->{_connection_id};
    if ($r && defined $r->{code}) {
        $me->_set_reply($r);
        $me->_steps([{ sent => undef, code => $r->{code}, message => $r->{message} }]);
    }
    # Net::SMTP's quit returns close()'s value: true, false when the connection was lost under it
    return $r || $OLD_HELPER ? 1 : '';
}

sub close {
    my $self = shift;
    my $id = delete $self->{_connection_id};
    return '' unless defined $id;
    my ($r) = _bridge()->rpc('smtp.close', { smtp_id => $id });
    return 1;
}

sub DESTROY {
    my $self = shift;
    return if $self->{_lost};
    return if !defined $self->{_connection_id} || $self->{_pid} != $$ || ${^GLOBAL_PHASE} eq 'DESTRUCT';
    local ($@, $!, $?);
    eval { $self->close };
}

require JSON::PP;

# the class of a connection in TLS (SSL => 1, or after starttls), as the real
# module's; no code of its own (Net::SMTP's starttls refuses a TLS connection)
@Net::SMTP::_SSL::ISA = ('Net::SMTP');

1;

__END__

=head1 NAME

Net::SMTP - drop-in Net::SMTP 3.14 over the cpan-bridge daemon

=head1 SYNOPSIS

  use Net::SMTP;    # with perl/compat on @INC (or: use SMTPHelper;)

  my $smtp = Net::SMTP->new('mail.example.com', Port => 587, Timeout => 30, Hello => 'me.example.com')
      or die "Cannot connect: $@";
  $smtp->starttls(SSL_ca_file => '/etc/ssl/ca.pem') or die 'STARTTLS: ', $smtp->message;
  $smtp->auth($user, $password) or die 'AUTH: ', $smtp->code, ' ', $smtp->message;
  $smtp->mail('me@example.com');
  $smtp->to('you@example.com', 'other@example.com', { SkipBad => 1 });
  $smtp->data;
  $smtp->datasend("Subject: report\n\n", @lines);
  $smtp->dataend or warn $smtp->message;
  $smtp->quit;

=head1 DESCRIPTION

The SMTP connection is the daemon's (C<smtp.*> methods, one conversation
per object); the module keeps Net::SMTP's logic: the same methods,
arguments, return values, C<code>/C<message>/C<ok>/C<status> (C<message> in
list context gives the reply lines), C<$@> after a failed C<new> worded as
the real module words it, C<SkipBad>, the C<mail> options, and Net::Cmd's
C<datasend> conversion (LF and CRLF become CRLF, a leading dot is doubled, a
bare CR is sent as it is), so the server receives the same bytes.

=head1 WHERE IT DIFFERS

=over

=item *

C<datasend> output is buffered and sent in blocks of 1 MiB and at
C<dataend> (or the next command): a connection lost in the middle shows at
C<dataend>, which then returns false with code 421, where the real module's
C<datasend> itself would return false.

=item *

C<auth> needs no Authen::SASL: the daemon runs PLAIN, LOGIN or CRAM-MD5
(chosen as Authen::SASL::Perl chooses: CRAM-MD5 first, then PLAIN/LOGIN in
the server's order); DIGEST-MD5 and GSSAPI are not offered. With C<Debug>
the AUTH exchange is printed as the real module prints it (the
C<(decoded)> lines, the user name) but the password and any answer holding
it are C<****> (the real module prints them, decoded and base64'd).

=item *

The object is a hash, not a socket: it cannot be given to C<select> or
C<fileno>, C<datafh> is not provided, and C<Debug> lines name
C<Net::SMTP=HASH(...)>. After C<starttls> (or with C<SSL =E<gt> 1>) it is
reblessed into C<Net::SMTP::_SSL> as the real one, but that class is not an
IO::Socket::SSL (no C<get_cipher>, C<peer_certificate>...). The fields the
old SMTPHelper's scripts read are there: C<{_connection_id}>,
C<{_host}>, C<{_port}>. C<bdat> (CHUNKING) is not supported.

=item *

A wait that times out closes the connection (code 421,
C<[Net::SMTP] Timeout>); the real module leaves the socket open, where a
late reply would pair with the next command. C<Timeout =E<gt> 0> (no limit
under the real module) waits a day at most.

=item *

When A carriage return in a command's arguments (an address, C<Hello>) is
refused with a croak: the real module sends it, and a server that ends a
line at a bare CR would take the rest as another command.

=item *

When C<new> fails after connecting (no greeting, a hang-up, a reply that
is not SMTP), C<$@> and the C<Debug> output are the real module's, but the
exchanges are printed when C<new> returns, not as they happen.

=back

=cut
