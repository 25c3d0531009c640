package Net::OpenSSH;
# ABSTRACT: Net::OpenSSH through cpan-bridge: commands run on the daemon's pooled SSH connections

use strict;
use warnings;

use Carp ();
use Scalar::Util ();
use CPANBridge::SSH::Args ();
use File::Basename ();
use File::Spec ();
use Net::OpenSSH::Constants qw(:error);
use CPANBridge;
use CPANBridge::OpenSSH::Quote ();

our $VERSION = '0.83';

# Set by the old name (OpenSSHHelper): its shim made Net::OpenSSH->new return one of its objects.
our $NEW_CLASS;

# ---- options each method takes (the real module's lists; others croak) -------

my %NEW_OPTS = map { $_ => 1 } qw(host user port passwd password key_path passphrase login_handler ssh_version
    batch_mode ctl_path ctl_dir proxy_command gateway ssh_cmd rsync_cmd scp_cmd sshfs_cmd sftp_server_cmd timeout
    kill_ssh_on_timeout strict_mode connect async remote_shell expand_vars vars default_encoding
    default_stream_encoding default_argument_encoding forward_agent forward_X11 password_prompt passwd_prompt
    master_pty_force master_stdout_fh master_stdout_discard master_stderr_fh master_stderr_discard master_opts
    master_setpgrp default_ssh_opts default_stdout_fh default_stdout_file default_stdout_discard default_stderr_fh
    default_stderr_file default_stderr_discard default_stdin_fh default_stdin_file default_stdin_discard
    external_master reuse_master);

# what cannot work without an ssh binary: new() fails with OSSH_MASTER_FAILED naming it
my @NEW_UNSUPPORTED = qw(proxy_command gateway login_handler external_master reuse_master ctl_path);

my @QUOTING = qw(quote_args quote_args_extended remote_shell glob_quoting);
my @IGNORED = qw(tty ssh_opts encoding argument_encoding stream_encoding forward_agent forward_X11 setpgrp);
my %OPTS = (
    capture  => [@QUOTING, @IGNORED, qw(stderr_to_stdout stderr_discard stderr_fh stderr_file stdin_discard
                 stdin_fh stdin_file stdin_data stdin_keep_open timeout)],
    capture2 => [@QUOTING, @IGNORED, qw(stdin_discard stdin_fh stdin_file stdin_data stdin_keep_open timeout)],
    system   => [@QUOTING, @IGNORED, qw(stdout_discard stdout_fh stdout_file stdin_discard stdin_fh stdin_file
                 stderr_to_stdout stderr_discard stderr_fh stderr_file stdin_data stdin_keep_open timeout async)],
    test     => [@QUOTING, @IGNORED, qw(stdout_discard stdout_fh stdout_file stdin_discard stdin_fh stdin_file
                 stderr_to_stdout stderr_discard stderr_fh stderr_file stdin_data stdin_keep_open timeout)],
    pipe_out => [@QUOTING, qw(encoding argument_encoding)],
);

sub _check_opts {
    my ($method, $opts) = @_;
    my %good = map { $_ => 1 } @{ $OPTS{$method} };
    my @bad = grep { defined $opts->{$_} && !$good{$_} } sort keys %$opts;
    Carp::croak("Invalid or bad combination of options ('" . join("', '", @bad) . "')") if @bad;
    for my $o (qw(tunnel subsystem stdinout_dpipe stdinout_socket)) {
        Carp::croak("option $o is not supported by cpan-bridge's Net::OpenSSH") if $opts->{$o};
    }
    return;
}

# ---- bridge calls ------------------------------------------------------------

my $BRIDGE;
# commands may run for hours; the daemon enforces the script's own timeout
sub _bridge { return $BRIDGE ||= CPANBridge->new(timeout => 86400) }

sub _rpc {
    my ($self, $method, $params, $opts) = @_;
    return _bridge()->rpc("openssh.$method", $params, $opts);
}

# ---- errors ------------------------------------------------------------------

sub _set_error {
    my ($self, $code, @extra) = @_;
    $code ||= 0;
    @extra = grep { defined } @extra;
    return $self->{_error} = $code
        ? Scalar::Util::dualvar($code, join(': ', @{ $self->{_error_prefix} }, @extra ? @extra : "Unknown error $code"))
        : 0;
}

sub _or_set_error {
    my $self = shift;
    return $self->{_error} || $self->_set_error(@_);
}

sub error { return $_[0]{_error} }

sub die_on_error {
    my ($self, @msg) = @_;
    $self->{_error} and Carp::croak(@msg ? "@msg: $self->{_error}" : $self->{_error});
    return;
}

# ---- constructor ---------------------------------------------------------------

my $IPV6 = qr/[0-9a-fA-F:]*:[0-9a-fA-F:.]*(?:%[^\[\]]*)?/;

sub parse_connection_opts {
    my ($class, $opts) = @_;
    my $target = delete $opts->{host};
    defined $target or Carp::croak('mandatory host argument missing');
    my ($user, $passwd, $ipv6, $host, $port) = $target =~ m{\A\s*(?:([^:]+)(?::(.*))?\@)?(?:(\[$IPV6\]|$IPV6)|([^\[\]\@:]+))(?::([^\@:]+))?\s*\z}s
        or Carp::croak("bad host/target '$target' specification");
    my $squared;
    if (defined $ipv6) { ($host) = $ipv6 =~ /\A\[?(.*?)\]?\z/; $squared = "[$host]" }
    else { $squared = $host }
    $user = delete $opts->{user} unless defined $user;
    $port = delete $opts->{port} unless defined $port;
    $passwd = delete $opts->{passwd} unless defined $passwd;
    $passwd = delete $opts->{password} unless defined $passwd;
    return ($host, $port, $user, $passwd, $squared) if wantarray;
    return { user => $user, password => $passwd, host => $host, host_squared => $squared, port => $port, (defined $ipv6 ? (ipv6 => 1) : ()) };
}

sub new {
    my $class = shift;
    return $NEW_CLASS->new(@_) if defined $NEW_CLASS && !ref $class && $class eq __PACKAGE__;
    unshift @_, 'host' if @_ & 1;
    my %opts = @_;
    my @bad = grep { !$NEW_OPTS{$_} } sort keys %opts;
    Carp::croak("Invalid or bad combination of options ('" . join("', '", @bad) . "')") if @bad;
    my ($host, $port, $user, $passwd, $squared) = $class->parse_connection_opts(\%opts);
    my ($key_path, $passphrase);
    unless (defined $passwd) {
        $key_path = delete $opts{key_path};
        $passwd = delete $opts{passphrase};
        $passphrase = 1 if defined $passwd;
    }
    my $master_opts = delete $opts{master_opts};
    my @master = !defined $master_opts ? () : ref $master_opts ? @$master_opts : ($master_opts);
    my $default_ssh_opts = delete $opts{default_ssh_opts};
    my $self = bless {
        _error => 0,
        _error_prefix => [],
        _host => $host, _host_squared => $squared, _user => $user, _port => $port,
        _timeout => delete $opts{timeout},
        _kill_ssh_on_timeout => delete $opts{kill_ssh_on_timeout},
        _remote_shell => (defined $opts{remote_shell} ? delete $opts{remote_shell} : 'POSIX'),
        _expand_vars => delete $opts{expand_vars},
        _vars => delete $opts{vars} || {},
        _default_stream_encoding => (defined $opts{default_stream_encoding} ? $opts{default_stream_encoding} : $opts{default_encoding}),
        _default_argument_encoding => (defined $opts{default_argument_encoding} ? $opts{default_argument_encoding} : $opts{default_encoding}),
        _master_stderr_discard => delete $opts{master_stderr_discard},
        _master_stderr_fh => delete $opts{master_stderr_fh},
        _owner => CPANBridge::owner(),
        _connected => 0,
    }, ref($class) || $class;
    # the password never sits in the object in clear (nor does Net::OpenSSH keep it so)
    my %secret = (defined $passwd ? ($passphrase ? (passphrase => $passwd) : (password => $passwd)) : ());
    my $wire = $self->_connect_params(\@master, ref $default_ssh_opts ? $default_ssh_opts : [], $key_path);
    $self->{_passwd_kind} = defined $passwd ? ($passphrase ? 'passphrase' : 'password') : undef;
    for my $o (@NEW_UNSUPPORTED) {
        next unless defined $opts{$o};
        $self->_set_error(OSSH_MASTER_FAILED, "option $o is not supported by cpan-bridge's Net::OpenSSH");
        return $self;
    }
    my $connect = exists $opts{connect} ? $opts{connect} : 1;
    if ($connect) { $self->_connect({ %$wire, %secret }) }
    else { $self->{_pending} = [ $wire, \%secret ] }
    return $self;
}

# ssh's options that mean something for the daemon's connection; the rest are ssh's own business
sub _connect_params {
    my ($self, $master, $default_ssh, $key_path) = @_;
    my %p = (host => $self->{_host});
    $p{port} = $self->{_port} if defined $self->{_port};
    my (%o, @keys);
    my %FLAG = ('-p' => 'port', '-l' => 'user', '-i' => 'identityfile');
    for (CPANBridge::SSH::Args::parse(@$master, @$default_ssh)) {
        my ($k, $v) = @$_;
        next unless defined $k;
        $k = $FLAG{$k} if exists $FLAG{$k};
        $o{$k} = $v unless exists $o{$k};     # ssh: the first value given wins
    }
    $p{port} //= $o{port} if defined $o{port} && $o{port} =~ /\A\d+\z/;
    my $user = defined $self->{_user} ? $self->{_user} : defined $o{user} ? $o{user} : scalar getpwuid($<);
    $self->{_user} = $user unless defined $self->{_user};
    $p{user} = $user;
    push @keys, $key_path if defined $key_path;
    push @keys, $o{identityfile} if defined $o{identityfile} && !@keys;
    $p{key_path} = $keys[0] if @keys;
    if (defined $o{userknownhostsfile}) {
        my ($first) = split ' ', $o{userknownhostsfile};
        $first =~ s{\A~(?=/|\z)}{ $ENV{HOME} // (getpwuid $<)[7] }e;
        $p{known_hosts} = $first;
    }
    if (defined(my $s = $o{stricthostkeychecking})) {
        $s = lc $s;
        $p{strict_host_key_checking} = $s eq 'no' || $s eq 'off' ? 'no' : $s eq 'accept-new' ? 'accept-new' : 'yes';
    }
    $p{timeout} = $self->{_timeout} if defined $self->{_timeout} && $self->{_timeout} > 0;
    $p{timeout} //= $o{connecttimeout} if defined $o{connecttimeout} && $o{connecttimeout} =~ /\A\d+\z/ && $o{connecttimeout} > 0;
    # numbers on the wire: a port read from a config file is a string to Perl
    for my $n (qw(port timeout)) { $p{$n} = 0 + $p{$n} if defined $p{$n} && $p{$n} =~ /\A\s*\d+(?:\.\d*)?\s*\z/ }
    return \%p;
}

# The texts Net::OpenSSH builds when its ssh master does not come up, and
# what ssh itself would have printed on STDERR meanwhile.
sub _master_error_text {
    my ($self, $err) = @_;
    my $code = $err->{data}{backend_code} // '';
    return 'login timeout' if $code eq 'ssh_timeout';
    if (defined $self->{_passwd_kind} && $self->{_passwd_kind} eq 'password') {
        return "the authenticity of the target host can't be established; the remote host public key is probably not present in the '~/.ssh/known_hosts' file"
            if $code eq 'ssh_host_key_unknown';
        return "the authenticity of the target host can't be established; the remote host public key doesn't match the one stored locally"
            if $code eq 'ssh_host_key_changed';
    }
    my $text = 'master process exited unexpectedly';
    return defined $self->{_passwd_kind} ? "bad $self->{_passwd_kind} or $text" : $text;
}

sub _ssh_says {
    my ($self, $err, $p) = @_;
    my $d = $err->{data} || {};
    my $code = $d->{backend_code} // '';
    my $where = "$p->{user}\@$self->{_host}";
    return "ssh: connect to host $self->{_host} port " . ($p->{port} // 22) . ': ' . ($d->{errno} && $d->{errno} eq 'ECONNREFUSED' ? 'Connection refused' : $err->{message})
        if $code eq 'ssh_connect';
    return "$where: Permission denied (" . join(',', @{ $d->{methods} || [] }) . ').' if $code eq 'ssh_auth';
    return "Host key verification failed. ($err->{message})" if $code eq 'ssh_host_key_unknown' || $code eq 'ssh_host_key_changed';
    return "ssh: connect to host $self->{_host} port " . ($p->{port} // 22) . ': Connection timed out' if $code eq 'ssh_timeout';
    return "Warning: Identity file $d->{path} not accessible: No such file or directory." if $code eq 'ssh_key' && ($d->{errno} // '') eq 'ENOENT';
    return "ssh: $err->{message}";
}

sub _connect {
    my ($self, $p) = @_;
    my ($r, $err) = $self->_rpc('connect', $p);
    if ($r) {
        $self->{_ssh_id} = $r->{ssh_id};
        $self->{_connected} = 1;
        return 1;
    }
    $self->{_connected} = 0;
    $self->{_last_bridge_error} = $err;
    unless ($self->{_master_stderr_discard}) {
        my $fh = $self->{_master_stderr_fh} || \*STDERR;
        print {$fh} $self->_ssh_says($err, $p), "\n";
    }
    local $self->{_error_prefix} = [@{ $self->{_error_prefix} }, 'unable to establish master SSH connection'];
    $self->_set_error(OSSH_MASTER_FAILED, $self->_master_error_text($err));
    return 0;
}

sub wait_for_master {
    my ($self, $async) = @_;
    @_ <= 2 or Carp::croak('Usage: $ssh->wait_for_master([$async])');
    return $self->_ready(1);
}

# wait_for_master's work; $probe asks the daemon whether the connection still
# stands (the real module looks at its master process; a command's own call
# learns it from the daemon's reply instead, saving a round trip).
sub _ready {
    my ($self, $probe) = @_;
    if (my $pending = delete $self->{_pending}) {
        $self->{_error} = 0;
        return $self->_connect({ %{ $pending->[0] }, %{ $pending->[1] } });
    }
    $self->{_error} = 0 unless $self->{_error} == OSSH_MASTER_FAILED;
    return $self->_master_gone if $self->{_gone};
    return 0 unless $self->{_connected};
    return 1 unless $probe;
    my ($r, $err) = $self->_rpc('check', { ssh_id => $self->{_ssh_id} });
    return 1 if $r && $r->{alive};
    return $self->_master_gone;
}

# The server or the network ended the connection. The real module notices
# when it next looks at its ssh master: that look reaps the master (exit 255,
# so $? is 65280 the first time, unless $keep_status) and sets error 1 "master
# process exited unexpectedly" under the caller's prefix; it stays so.
sub _master_gone {
    my ($self, $keep_status) = @_;
    $? = 255 << 8 if !$keep_status && ($self->{_gone} // '') ne 'reaped';
    $self->{_gone} = 'reaped';
    $self->{_connected} = 0;
    $self->_set_error(OSSH_MASTER_FAILED, 'master process exited unexpectedly') unless $self->{_error} && $self->{_error} == OSSH_MASTER_FAILED;
    return 0;
}

sub check_master {
    my $self = shift;
    @_ and Carp::croak('Usage: $ssh->check_master()');
    return 0 unless $self->{_connected} || $self->{_gone};
    # the real check runs "ssh -O check", whose $? it does not leave behind
    local $self->{_error_prefix} = [@{ $self->{_error_prefix} }, 'control command failed'];
    return $self->_master_gone(1) if $self->{_gone};
    my ($r) = $self->_rpc('check', { ssh_id => $self->{_ssh_id} });
    return 1 if $r && $r->{alive};
    return $self->_master_gone(1);
}

sub get_user { $_[0]{_user} }
sub get_host { $_[0]{_host} }
sub get_port { $_[0]{_port} }
sub get_ctl_path { undef }
sub get_master_pid { undef }
sub get_expand_vars { $_[0]{_expand_vars} }
sub set_expand_vars { $_[0]{_expand_vars} = $_[1] ? 1 : 0 }

sub set_var {
    my ($self, $k, $v) = @_;
    $k =~ /\A(?:USER|HOST|PORT)\z/ and Carp::croak("internal variable %$k% can not be set");
    $self->{_vars}{$k} = $v;
}

sub get_var {
    my ($self, $k) = @_;
    my $v = $k =~ /\A(?:USER|HOST|PORT)\z/ ? $self->{ lc "_$k" } : $self->{_vars}{$k};
    return defined $v ? $v : '';
}

sub _expand_vars {
    my ($self, @s) = @_;
    if ($self->{_expand_vars}) {
        for (@s) { s{%(\w*)%}{length $1 ? $self->get_var($1) : '%'}ge if defined && !ref }
    }
    return wantarray ? @s : $s[0];
}

# ---- quoting -------------------------------------------------------------------

sub _quote_args {
    my ($self, $opts, @args) = @_;
    my $shell = $opts->{remote_shell};
    $opts->{remote_shell} = $self->{_remote_shell} unless defined $shell;
    @args = map { ref $_ ? ( ref $_ eq 'SCALAR' ? \($self->_expand_vars($$_)) : ref $_ eq 'REF' && ref $$_ eq 'SCALAR' ? \\($self->_expand_vars($$$_)) : $_ ) : $self->_expand_vars($_) } @args;
    return CPANBridge::OpenSSH::Quote::quote_args($opts, @args);
}

sub shell_quote { my $self = shift; return $self->_quote_args({ quote_args => 1 }, @_) }
sub shell_quote_glob { my $self = shift; return $self->_quote_args({ quote_args => 1, glob_quoting => 1 }, @_) }

# ---- running commands ------------------------------------------------------------

sub _encoding {
    my ($self, $name) = @_;
    return undef if !defined $name || $name eq 'bytes';
    require Encode;
    my $enc = Encode::find_encoding($name);
    $self->_set_error(OSSH_ENCODING_ERROR, "bad encoding '$name'") unless $enc;
    return $enc || 0;
}

sub _slurp_fh { my $fh = shift; local $/; my $d = <$fh>; return defined $d ? $d : '' }

sub _write_out {
    my ($self, $data, $fh, $file, $default) = @_;
    return unless length $data;
    if (defined $file) {
        open my $out, '>', $file or return $self->_set_error(OSSH_SLAVE_FAILED, "unable to open file $file: $!");
        binmode $out;
        print {$out} $data;
        close $out;
        return;
    }
    $fh ||= $default or return;
    print {$fh} $data;
    return;
}

# One command: Net::OpenSSH's open_ex + _io3 + _waitpid as one daemon call.
# Returns (stdout, stderr) or () when it could not start; sets $? and error.
sub _run {
    my ($self, $how, $opts, @args) = @_;
    $self->_ready or return;
    my %o = %$opts;
    my $stdin = delete $o{stdin_data};
    my $timeout = delete $o{timeout};
    $timeout = $self->{_timeout} unless defined $timeout;
    if (defined(my $f = delete $o{stdin_file})) {
        open my $in, '<', $f or do { $self->_set_error(OSSH_SLAVE_FAILED, "unable to open file $f: $!"); return };
        binmode $in;
        $stdin = _slurp_fh($in);
    }
    elsif (my $fh = delete $o{stdin_fh}) { $stdin = _slurp_fh($fh) }
    $stdin = join '', map { defined $_ ? $_ : '' } @$stdin if ref $stdin eq 'ARRAY';

    my $senc = $self->_encoding(defined $o{stream_encoding} ? $o{stream_encoding} : defined $o{encoding} ? $o{encoding} : $self->{_default_stream_encoding});
    return if defined $senc && !$senc;
    my $aenc = $self->_encoding(defined $o{argument_encoding} ? $o{argument_encoding} : defined $o{encoding} ? $o{encoding} : $self->{_default_argument_encoding});
    return if defined $aenc && !$aenc;

    $o{quote_args_extended} = 1 unless defined $o{quote_args_extended};
    my $line = $self->_quote_args(\%o, @args);
    if ($aenc) {
        local $self->{_error_prefix} = [@{ $self->{_error_prefix} }, 'argument encoding failed'];
        $line = eval { $aenc->encode($line, Encode::FB_CROAK()) };
        unless (defined $line) { (my $e = $@) =~ s/ at \S+ line \d+\.?\n?\z//; $self->_set_error(OSSH_ENCODING_ERROR, $e); return }
    }
    if ($senc && defined $stdin) {
        local $self->{_error_prefix} = [@{ $self->{_error_prefix} }, 'stdin data encoding failed'];
        $stdin = eval { $senc->encode($stdin, Encode::FB_CROAK()) };
        unless (defined $stdin) { (my $e = $@) =~ s/ at \S+ line \d+\.?\n?\z//; $self->_set_error(OSSH_ENCODING_ERROR, $e); return }
    }
    # like exec(2) of a Perl string: characters above 255 go as UTF-8, the rest as the bytes they are
    utf8::encode($line) if $line =~ /[^\x00-\xff]/;
    utf8::downgrade($line);

    my %p = (ssh_id => $self->{_ssh_id}, command => CPANBridge::bytes($line));
    $p{stdin} = CPANBridge::bytes($stdin) if defined $stdin && length $stdin;
    $p{timeout} = $timeout if defined $timeout && $timeout > 0;
    if (defined $o{tty}) { require JSON::PP; $p{tty} = $o{tty} ? JSON::PP::true() : JSON::PP::false() }
    $p{stdout} = $how->{stdout} || ($o{stdout_discard} ? 'discard' : 'capture');
    $p{stderr} = $o{stderr_discard} ? 'discard' : $o{stderr_to_stdout} ? 'stdout' : ($how->{stderr} || 'capture');

    my ($r, $err) = $self->_rpc('exec', \%p, { packed => 1 });
    unless ($r) {
        my $code = $err->{data}{backend_code} // '';
        # gone before the command started: what the real wait_for_master finds
        return $self->_master_gone if $code eq 'ssh_disconnected' && !$err->{data}{started};
        $? = 0;
        if ($code eq 'ssh_disconnected') {
            # cut while the command ran: the ssh slave exits 255 with what it had read; the master is found dead next time
            $self->{_gone} = 'unreaped';
            $self->{_connected} = 0;
            $? = 255 << 8;
            $self->_or_set_error(OSSH_SLAVE_CMD_FAILED, 'child exited with code 255');
            require MIME::Base64;
            my @got = map { MIME::Base64::decode_base64(defined $_ ? $_ : '') } @{ $err->{data} }{qw(stdout_base64 stderr_base64)};
            return (@got, \%o);
        }
        if ($code eq 'ssh_exec_timeout') {
            $self->_set_error(OSSH_SLAVE_TIMEOUT, 'ssh slave failed', 'timed out');
            $? = 255 << 8;     # ssh, sent TERM by kill_ssh_on_timeout, exits 255
            return ('', '', \%o);
        }
        if ($err->{type} eq 'handle_not_found' || $err->{type} eq 'transport') {
            # ssh exits 255 when its master connection is gone; the next call finds it broken
            $? = 255 << 8;
            $self->{_connected} = 0;
            $self->_set_error(OSSH_MASTER_FAILED, 'master SSH connection broken');
            return;
        }
        $? = 255 << 8;
        $self->_set_error(OSSH_SLAVE_FAILED, $err->{message});
        return;
    }
    $? = 0;
    my ($out, $errout) = (_bytes($r->{stdout}), _bytes($r->{stderr}));
    # ssh's own exit status: the command's, or 255 when a signal killed it remotely
    my $status = defined $r->{signal} || !defined $r->{exit_code} ? 255 : $r->{exit_code};
    $? = $status << 8;
    $self->_or_set_error(OSSH_SLAVE_CMD_FAILED, "child exited with code $status") if $status;
    if ($senc) {
        local $self->{_error_prefix} = [@{ $self->{_error_prefix} }, 'output decoding failed'];
        my @dec = eval { map { $senc->decode($_, Encode::FB_CROAK()) } $out, $errout };
        if (@dec) { ($out, $errout) = @dec }
        else { (my $e = $@) =~ s/ at \S+ line \d+\.?\n?\z//; $self->_set_error(OSSH_ENCODING_ERROR, $e); ($out, $errout) = (undef, undef) }
    }
    return ($out, $errout, \%o);
}

# A command method's ($self, [\%opts,] @cmd): $self and the options (checked
# against the method's) taken off @$args, which keeps @cmd.
sub _self_and_opts {
    my ($method, $args) = @_;
    my $self = shift @$args;
    my %opts = ref $args->[0] eq 'HASH' ? %{ shift @$args } : ();
    _check_opts($method => \%opts);
    return ($self, %opts);
}

sub _bytes {
    my $v = shift;
    return '' unless defined $v;
    return ${$v} if ref $v eq 'CPANBridge::Bytes' || ref $v eq 'SCALAR';
    return $v;
}

sub capture {
    my ($self, %opts) = _self_and_opts(capture => \@_);
    my ($out, $err, $o) = $self->_run({ stdout => 'capture', stderr => 'capture' }, \%opts, @_);
    return () unless $o;
    $self->_write_out($err, $opts{stderr_fh}, $opts{stderr_file}, \*STDERR) unless $opts{stderr_discard} || $opts{stderr_to_stdout};
    if (wantarray) {
        return () unless defined $out && length $out;
        return ($out) unless defined $/;
        my $sep = quotemeta $/;
        return split /(?<=$sep)/, $out;
    }
    return $out;
}

sub capture2 {
    my ($self, %opts) = _self_and_opts(capture2 => \@_);
    my ($out, $err, $o) = $self->_run({ stdout => 'capture', stderr => 'capture' }, \%opts, @_);
    return () unless $o;
    return wantarray ? ($out, $err) : $out;
}

sub system {
    my ($self, %opts) = _self_and_opts(system => \@_);
    my ($out, $err, $o) = $self->_run({}, \%opts, @_);
    return undef unless $o;
    # the command's output reaches the script's STDOUT/STDERR when it ends, not as it is written
    $self->_write_out($out, $opts{stdout_fh}, $opts{stdout_file}, \*STDOUT) unless $opts{stdout_discard};
    $self->_write_out($err, $opts{stderr_fh}, $opts{stderr_file}, \*STDERR) unless $opts{stderr_discard} || $opts{stderr_to_stdout};
    return $? ? undef : 1;
}

sub test {
    my ($self, %opts) = _self_and_opts(test => \@_);
    $opts{stdout_discard} = 1 unless grep { defined $opts{$_} } qw(stdout_discard stdout_fh stdout_file);
    $opts{stderr_discard} = 1 unless grep { defined $opts{$_} } qw(stderr_discard stderr_fh stderr_file stderr_to_stdout);
    $self->system(\%opts, @_);
    my $error = $self->{_error};
    return 1 unless $error;
    if ($error == OSSH_SLAVE_CMD_FAILED) { $self->_set_error(0); return 0 }
    return undef;
}

sub pipe_out {
    my ($self, %opts) = _self_and_opts(pipe_out => \@_);
    $opts{quote_args_extended} = 0 unless defined $opts{quote_args_extended};
    # the whole output is read first, then fed through a pipe from a child that
    # exits with the command's status, so close($fh) sets $? as with a live ssh
    my $before = $?;
    my ($out, $err, $o) = $self->_run({ stdout => 'capture', stderr => 'capture' }, \%opts, @_);
    return unless $o;
    my $status = $? >> 8;
    # the real pipe_out starts ssh and returns: the command's failure is close's business, not error's
    $? = $before;
    $self->_set_error(0) if $self->{_error} == OSSH_SLAVE_CMD_FAILED;
    $self->_write_out($err, undef, undef, \*STDERR);
    my $pid = open my $fh, '-|';
    unless (defined $pid) { $self->_set_error(OSSH_SLAVE_FAILED, "unable to fork new ssh slave: $!"); return }
    unless ($pid) {
        utf8::encode($out) if utf8::is_utf8($out);
        binmode STDOUT;
        print STDOUT $out;
        close STDOUT;
        require POSIX;
        POSIX::_exit($status);    # no END blocks or DESTROY in the child: the connection is the parent's
    }
    return wantarray ? ($fh, $pid) : $fh;
}

# ---- file transfer over the connection's SFTP channel -----------------------------

sub sftp {
    my ($self, %opts) = @_;
    @_ & 1 or Carp::croak('Usage: $ssh->sftp(%sftp_opts)');
    delete @opts{qw(stderr_fh stderr_discard fs_encoding)};
    $opts{timeout} = $self->{_timeout} unless defined $opts{timeout};
    $self->_ready(1) or return undef;
    return $self->_attach_sftp(%opts);
}

sub _attach_sftp {
    my ($self, %opts) = @_;
    my $sftp = eval {
        require CPANBridge::Compat;
        CPANBridge::Compat::load('Net::SFTP::Foreign');
        Net::SFTP::Foreign->_bridge_attach(ssh_id => $self->{_ssh_id}, %opts);
    };
    unless ($sftp && !$sftp->error) {
        (my $why = $sftp ? $sftp->error : $@) =~ s/ at \S+ line \d+\.?\n?\z//;
        $self->_or_set_error(OSSH_SLAVE_SFTP_FAILED, 'unable to create SFTP client', $why);
        return undef;
    }
    return $sftp;
}

# scp's exit: 1 after a remote failure, 255 when a local source is missing
sub _scp_failed {
    my ($self, $opts, $status, @why) = @_;
    my $fh = $opts->{stderr_fh} || \*STDERR;
    print {$fh} "scp: $_\n" for grep { defined } ($opts->{stderr_discard} ? () : @why);
    $? = $status << 8;
    local $self->{_error_prefix} = [@{ $self->{_error_prefix} }, 'scp failed'];
    $self->_set_error(OSSH_SLAVE_CMD_FAILED, "child exited with code $status");
    return undef;
}

my @SCP_OPTS = qw(glob glob_flags recursive copy_attrs quiet bwlimit async ssh_opts timeout verbose remote_shell
    stderr_to_stdout stderr_discard stderr_fh stderr_file stdout_discard stdout_fh stdout_file encoding
    argument_encoding forward_agent setpgrp perm umask);

sub _scp_sftp {
    my ($self, $opts) = @_;
    my %good = map { $_ => 1 } @SCP_OPTS;
    my @bad = grep { defined $opts->{$_} && !$good{$_} } sort keys %$opts;
    Carp::croak("Invalid or bad combination of options ('" . join("', '", @bad) . "')") if @bad;
    local $self->{_error_prefix} = [@{ $self->{_error_prefix} }, 'scp failed'];
    # the real scp finds the master gone (error under "scp failed"), then waits for no child: $? is 0
    unless ($self->_ready(1)) { $? = 0; return }
    return $self->{_scp_sftp} if $self->{_scp_sftp} && !$self->{_scp_sftp}->error;
    my $sftp = $self->_attach_sftp(timeout => $self->{_timeout}) or return;
    return $self->{_scp_sftp} = $sftp;
}

sub scp_put {
    my $self = shift;
    my %opts = ref $_[0] eq 'HASH' ? %{ shift() } : ();
    @_ > 0 or Carp::croak('Usage: $ssh->scp_put(\%opts, $local_fn1, $local_fn2, ..., $remote_dir_or_fn)');
    my $target = @_ > 1 ? pop @_ : '';
    my @src = @_;
    if ($opts{glob}) {
        require File::Glob;
        @src = map { File::Glob::bsd_glob($_, $opts{glob_flags} || 0) } @src;
        unless (@src) { $self->_set_error(OSSH_SLAVE_FAILED, 'given file name patterns did not match any file'); return undef }
    }
    my $sftp = $self->_scp_sftp(\%opts) or return undef;
    my $status = 1;
    my $target_is_dir = $target eq '' || $target =~ m{/\z} || do { my $a = $sftp->stat($target); $a && defined $a->perm && ($a->perm & 0170000) == 0040000 };
    my @failed;
    for my $src (@src) {
        my $remote = $target_is_dir ? _join_remote($target, File::Basename::basename($src)) : $target;
        if (-d $src) {
            if (!$opts{recursive}) { push @failed, "$src: not a regular file"; next }
            my $ok = $sftp->rput($src, $remote, copy_perm => 1, copy_time => $opts{copy_attrs} ? 1 : 0);
            push @failed, "$src: " . $sftp->error if $sftp->error;
            next;
        }
        unless (-e $src) { $status = 255; push @failed, qq(stat local "$src": No such file or directory); next }
        my %put = (copy_perm => 1, copy_time => $opts{copy_attrs} ? 1 : 0);
        $put{perm} = $opts{perm} if defined $opts{perm};
        $put{umask} = $opts{umask} if defined $opts{umask};
        $sftp->put($src, $remote, %put) or push @failed, "$remote: " . $sftp->error;
    }
    return $self->_scp_failed(\%opts, $status, @failed) if @failed;
    $? = 0;
    return 1;
}

sub scp_get {
    my $self = shift;
    my %opts = ref $_[0] eq 'HASH' ? %{ shift() } : ();
    @_ > 0 or Carp::croak('Usage: $ssh->scp_get(\%opts, $remote_fn1, $remote_fn2, ..., $local_fn_or_dir)');
    my $target = @_ > 1 ? pop @_ : '.';
    my @src = @_;
    my $sftp = $self->_scp_sftp(\%opts) or return undef;
    if ($opts{glob}) {
        @src = map { my @m = $sftp->glob($_, names_only => 1); @m ? @m : $_ } @src;
    }
    my $target_is_dir = -d $target;
    my @failed;
    for my $src (@src) {
        my $local = $target_is_dir ? File::Spec->catfile($target, _remote_base($src)) : $target;
        my $a = $sftp->stat($src);
        if ($a && defined $a->perm && ($a->perm & 0170000) == 0040000) {
            if (!$opts{recursive}) { push @failed, "$src: not a regular file"; next }
            $sftp->rget($src, $local, copy_perm => 1, copy_time => $opts{copy_attrs} ? 1 : 0);
            push @failed, "$src: " . $sftp->error if $sftp->error;
            next;
        }
        $sftp->get($src, $local, copy_perm => 1, copy_time => $opts{copy_attrs} ? 1 : 0) or push @failed, "$src: " . $sftp->error;
    }
    # scp exits 255 when its ssh connection dies under a download (SFTP_ERR_CONNECTION_BROKEN)
    return $self->_scp_failed(\%opts, $sftp->error && $sftp->error == 37 ? 255 : 1, @failed) if @failed;
    $? = 0;
    return 1;
}

sub _join_remote { my ($d, $b) = @_; return $b if $d eq ''; return $d =~ m{/\z} ? "$d$b" : "$d/$b" }
sub _remote_base { my $p = shift; $p =~ s{/+\z}{}; $p =~ s{\A.*/}{}s; return $p }

# ---- ending -------------------------------------------------------------------------

sub disconnect {
    my ($self, $async) = @_;
    @_ <= 2 or Carp::croak('Usage: $self->disconnect([$async])');
    $self->_close;
    $self->_set_error(OSSH_MASTER_FAILED, 'aborted') unless $self->{_error} && $self->{_error} == OSSH_MASTER_FAILED;
    return;
}

sub _close {
    my $self = shift;
    delete $self->{_pending};
    if (my $sftp = delete $self->{_scp_sftp}) { eval { $sftp->disconnect } }
    my $id = delete $self->{_ssh_id};
    $self->{_connected} = 0;
    $self->_rpc('close', { ssh_id => $id }) if defined $id && $self->{_owner} eq CPANBridge::owner();
    return;
}

sub stop { my $self = shift; $self->_close; return 1 }
sub master_exited { my $self = shift; $self->{_connected} = 0; delete $self->{_ssh_id}; $self->_set_error(OSSH_MASTER_FAILED, 'master process exited unexpectedly') }

sub DESTROY {
    my $self = shift;
    local ($?, $@, $!);
    eval { $self->_close } if defined $self->{_ssh_id};
    return;
}

1;

__END__

=head1 NAME

Net::OpenSSH - cpan-bridge's Net::OpenSSH: remote commands and file copies on the daemon's pooled SSH connections

=head1 SYNOPSIS

  use Net::OpenSSH;                         # perl/compat first on PERL5LIB

  my $ssh = Net::OpenSSH->new('deploy@files.example.com:22',
      key_path    => "$ENV{HOME}/.ssh/id_ed25519",     # or password => ..., or 'user:pass@host'
      timeout     => 30,
      master_opts => [-o => 'UserKnownHostsFile=/etc/partners/known_hosts']);
  $ssh->error and die "cannot connect: " . $ssh->error;

  my $out   = $ssh->capture('ls', '-l', $dir_with_spaces);  # quoted for the remote shell
  my @lines = $ssh->capture({ stdin_data => $text }, 'sort');
  my ($o, $e) = $ssh->capture2('make 2>&1; echo done >&2');
  $ssh->system('test', '-e', $file) or warn "exit " . ($? >> 8) . ": " . $ssh->error;
  $ssh->scp_put('report.csv', 'incoming/') or die $ssh->error;
  $ssh->scp_get({ glob => 1 }, 'outgoing/*.csv', 'in/') or die $ssh->error;
  my $sftp = $ssh->sftp;                    # a Net::SFTP::Foreign on the same connection
  $ssh->disconnect;

=head1 DESCRIPTION

A drop-in for Net::OpenSSH 0.83 on hosts without it (or without an C<ssh>
binary): the same constructor forms (C<$host>, C<"user:pass@host:port">,
C<< host => ... >>), options, quoting, return values, C<$?> and C<error>
(a dualvar with the L<Net::OpenSSH::Constants> numbers and the real texts,
e.g. C<child exited with code 3>, C<unable to establish master SSH
connection: bad password or master process exited unexpectedly>, C<aborted>
after C<disconnect>). The argument quoting is the real module's POSIX one
(L<CPANBridge::OpenSSH::Quote>); the daemon runs the finished command line
on a connection from its SSH pool, so many scripts to one host share one
handshake. Host keys are checked against known_hosts: C<master_opts>'
C<UserKnownHostsFile> and C<StrictHostKeyChecking> are honoured, as are
C<-p>, C<-l>, C<-i>, C<Port>, C<User>, C<IdentityFile> and
C<ConnectTimeout>; other ssh options are ignored.

=head1 DIFFERENCES FROM Net::OpenSSH

=over 4

=item *

No local C<ssh> process: C<get_master_pid> and C<get_ctl_path> are undef;
C<proxy_command>, C<gateway>, C<login_handler>, C<external_master> and
C<ctl_path> make C<new> fail with C<OSSH_MASTER_FAILED>; C<tunnel> and
C<subsystem> croak; C<ssh_opts>, C<forward_agent>, C<forward_X11>,
C<setpgrp> are accepted and ignored; C<async> runs the call to its end.

=item *

Output is collected by the daemon and handed over when the command ends:
C<system> prints the command's stdout and then its stderr after it exits
(not interleaved, not as it happens); C<pipe_out> returns a handle on the
whole captured output, fed through a pipe from a child process that exits
with the command's status (C<$pid> is that child's; C<close> sets C<$?>). Output over 512 MB is an error.

=item *

C<timeout> is an inactivity limit, as in the real module; when it expires the
remote command is abandoned at once (as with C<kill_ssh_on_timeout>):
C<error> is C<OSSH_SLAVE_TIMEOUT>, C<$?> is 15.

=item *

ssh's own diagnostics for a failed connection are one line on STDERR in
ssh's style (C<ssh: connect to host ... Connection refused>,
C<user@host: Permission denied (publickey,password).>,
C<Host key verification failed.>) rather than ssh's exact output.

=item *

C<scp_put>/C<scp_get> run over the connection's SFTP channel, not the scp
program: files land under a temporary name and are renamed after a size
check, C<glob> and C<recursive> work, C<copy_attrs> keeps times, modes are
always kept (as scp does); C<bwlimit> is ignored. A failure prints
C<scp: PATH: REASON> and sets C<$?> to 256 and C<error> to
C<scp failed: child exited with code 1>.

=back

=cut
