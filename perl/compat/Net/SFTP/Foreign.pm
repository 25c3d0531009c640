package Net::SFTP::Foreign;
# ABSTRACT: drop-in Net::SFTP::Foreign 1.93 whose SSH connection and SFTP channel live in the cpan-bridge daemon

use strict;
use warnings;

our $VERSION = '1.93';

use Carp ();
use Errno ();
use Fcntl ();
use File::Path ();
use File::Spec ();
use Scalar::Util ();
use CPANBridge::SSH::Args ();
use CPANBridge;
use CPANBridge::Packed ();
use JSON::PP ();
use Net::SFTP::Foreign::Constants qw(:error :status);
use Net::SFTP::Foreign::Attributes;


my ($BRIDGE, $LONG_BRIDGE);
sub _bridge { $BRIDGE ||= CPANBridge->new }
# Transfers may run for hours; the daemon enforces the SSH inactivity timeout itself.
sub _long_bridge { $LONG_BRIDGE ||= CPANBridge->new(timeout => 86400) }

# OpenSSH's texts for the SSH2_FX_* codes, used when the server sends none.
my %STATUS_TEXT = (
    SSH2_FX_OK, 'OK', SSH2_FX_EOF, 'End of file', SSH2_FX_NO_SUCH_FILE, 'No such file or directory',
    SSH2_FX_PERMISSION_DENIED, 'Permission denied', SSH2_FX_FAILURE, 'Failure', SSH2_FX_BAD_MESSAGE, 'Bad message',
    SSH2_FX_NO_CONNECTION, 'No connection', SSH2_FX_CONNECTION_LOST, 'Connection lost',
    SSH2_FX_OP_UNSUPPORTED, 'Operation unsupported',
);

my $BROKEN = 'Connection to remote server is broken';

# ---- error and status: dualvars, as the real module's ------------------------

sub _set_status {
    my ($self, $code, @str) = @_;
    return $self->{_status} = 0 unless $code;
    my $str = join ': ', grep { defined } @str;
    $str = $STATUS_TEXT{$code} || "Unknown status ($code)" unless length $str;
    return $self->{_status} = Scalar::Util::dualvar($code, $str);
}

sub _set_error {
    my ($self, $code, @str) = @_;
    if ($code) {
        my $str = @str ? join(': ', map { defined $_ ? $_ : '' } @str) : "Unknown error $code";
        my $error = $self->{_error} = Scalar::Util::dualvar($code, $str);
        Carp::croak($error) if $self->{_autodie};
    }
    elsif ($self->{_error} && $self->{_error} != SFTP_ERR_CONNECTION_BROKEN) {
        # a broken connection stays the error: nothing later can succeed
        $self->{_error} = 0;
    }
    return $self->{_error};
}

sub _clear_error_and_status { $_[0]->_set_error; $_[0]->_set_status }

sub _ok_or_autodie {
    my $self = shift;
    return 1 unless $self->{_error};
    Carp::croak($self->{_error}) if $self->{_autodie};
    return undef;
}

sub _conn_lost {
    my ($self, $status, $err, @str) = @_;
    $self->_set_status(defined $status ? $status : SSH2_FX_CONNECTION_LOST) unless $self->{_status};
    unless ($self->{_error}) {
        local $self->{_autodie};
        $self->_set_error(defined $err ? $err : SFTP_ERR_CONNECTION_BROKEN, @str ? @str : $BROKEN);
    }
    delete $self->{_connected};
    return undef;
}

sub error  { $_[0]{_error} }
sub status { $_[0]{_status} }

sub die_on_error {
    my $self = shift;
    $self->{_error} and Carp::croak(@_ ? "@_: $self->{_error}" : $self->{_error});
}

sub _croak_bad_options {
    return unless @_;
    my $s = @_ > 1 ? 's' : '';
    Carp::croak("Invalid option$s '" . join("', '", @_) . "' or bad combination of options");
}

sub _local_errno_text {
    my $name = shift;
    return $name unless defined $name && $name =~ /^E[A-Z0-9]+\z/ && Errno->can($name);
    local $! = Errno->can($name)->();
    return "$!";
}

# One daemon call on this connection. Returns the result, or undef with
# error/status set as the real module sets them for this operation:
#   $err, @errstr   the SFTP_ERR_* code and text for a remote (status) failure
#   local => [code, text]   for a failure on the client's file (sftp_local)
#   size  => [code, text]   for a size check failure after a transfer
sub _call {
    my ($self, $method, $params, $err, $errstr, %how) = @_;
    return $self->_conn_lost unless defined $self->{_id} && $self->{_connected};
    my $bridge = $how{long} ? _long_bridge() : _bridge();
    my ($r, $e) = $bridge->rpc("sftp.$method", { sftp_id => $self->{_id}, %$params }, $how{rpc} || {});
    if ($r) {
        $self->_clear_error_and_status;
        return $r;
    }
    $self->_clear_error_and_status;
    $self->_bridge_error($e, $err, $errstr, %how);
    return undef;
}

sub _bridge_error {
    my ($self, $e, $err, $errstr, %how) = @_;
    my $d = ref $e->{data} eq 'HASH' ? $e->{data} : {};
    my $code = $d->{backend_code} || '';
    if ($code eq 'sftp_status' && defined $d->{status}) {
        my $msg = defined $d->{message} && length $d->{message} ? $d->{message} : $d->{status_text};
        my $status = $self->_set_status($d->{status}, $msg);
        return $self->_set_error($err, $errstr, $status);
    }
    if ($code eq 'sftp_local' && $how{local}) {
        my ($lerr, @lstr) = @{ $how{local} };
        return $self->_set_error($lerr, @lstr, _local_errno_text($d->{errno}));
    }
    if (($e->{type} || '') eq 'path_forbidden' && $how{local}) {
        # CPAN_BRIDGE_ALLOWED_PATHS: for the script, the local file is not accessible
        my ($lerr, @lstr) = @{ $how{local} };
        return $self->_set_error($lerr, @lstr, _local_errno_text('EACCES') . " (cpan-bridge: $e->{message})");
    }
    if ($code eq 'sftp_exists' && $how{exists}) {
        # overwrite => 0: the real module's exclusive open fails on the server (put) or its -e check (get)
        my ($xerr, @xstr) = @{ $how{exists} };
        $self->_set_status(SSH2_FX_FAILURE) if $xerr == $err;
        return $self->_set_error($xerr, @xstr, ($xerr == $err ? $self->{_status} : ()));
    }
    if ($code eq 'sftp_resume_bigger' && $how{bigger}) {
        return $self->_set_error(@{ $how{bigger} });
    }
    if ($code eq 'sftp_size_mismatch' && $how{size}) {
        my ($serr, @sstr) = @{ $how{size} };
        return $self->_set_error($serr, @sstr,
            "size mismatch after the transfer (expected $d->{expected} bytes, got $d->{got})");
    }
    if ($code eq 'ssh_timeout') {
        return $self->_conn_lost(SSH2_FX_CONNECTION_LOST, SFTP_ERR_CONNECTION_BROKEN, 'Connection to remote server stalled');
    }
    my $type = $e->{type} || '';
    if ($code =~ /^ssh_/ || $code eq 'sftp_closed' || $type eq 'handle_not_found' || $type eq 'transport') {
        return $self->_conn_lost(SSH2_FX_CONNECTION_LOST, SFTP_ERR_CONNECTION_BROKEN, $BROKEN,
            ($code eq 'ssh_disconnected' ? () : ("cpan-bridge: $e->{message}")));
    }
    # the daemon refused the call itself (a bad argument): the operation's error, with its reason
    return $self->_set_error($err, $errstr, "cpan-bridge: " . (defined $e->{message} ? $e->{message} : 'unknown error'));
}

# ---- constructor -----------------------------------------------------------

# Options of the real constructor that only tune its own ssh pipe or buffers: accepted, no effect.
my %TUNING = map { ($_ => 1) } qw(block_size queue_size min_block_size autoflush late_set_perm dirty_cleanup
    fs_encoding autodisconnect backend expect_log_user stderr_discard stderr_fh ssh1 redirect_stderr_to_tty
    password_prompt ask_for_username_at_login asks_for_username_at_login remote_has_volumes);

# ssh -o options: what the daemon is told, or nothing to do here.
my %SSH_OPTION = (
    userknownhostsfile => sub { my ($c, $v) = @_; ($c->{known_hosts}) = split ' ', $v unless defined $c->{known_hosts} },
    stricthostkeychecking => sub {
        my ($c, $v) = @_;
        my $x = lc $v;
        $c->{strict_host_key_checking} = $x eq 'no' || $x eq 'off' ? 'no' : $x eq 'accept-new' ? 'accept-new' : 'yes';
    },
    identityfile => sub { push @{ $_[0]{key_path} }, _tilde($_[1]) },
    port => sub { $_[0]{port} = $_[1] unless defined $_[0]{port} },
    user => sub { $_[0]{user} = $_[1] unless defined $_[0]{user} },
    connecttimeout => sub { $_[0]{connect_timeout} = $_[1] },
    # nothing to do: the daemon never prompts, offers only the keys given, never writes known_hosts
    map({ my $k = $_; ($k => sub { }) } qw(batchmode identitiesonly checkhostip hashknownhosts loglevel
        numberofpasswordprompts protocol preferredauthentications passwordauthentication pubkeyauthentication
        kbdinteractiveauthentication)),
);

my %WARNED;
sub _warn_once {
    my ($what) = @_;
    return if $WARNED{$what}++;
    Carp::carp("Net::SFTP::Foreign (cpan-bridge): $what");
}

sub _tilde {
    my $p = shift;
    $p =~ s{^~(?=/|\z)}{ (getpwuid($<))[7] || $ENV{HOME} || '~' }e;
    return $p;
}

# The `more` list as ssh would take it: the parts the daemon can honour go
# into the connect params; anything else is named in a warning, never dropped silently.
sub _parse_more {
    my ($c, $more) = @_;
    my @ignored;
    for (CPANBridge::SSH::Args::parse(ref $more eq 'ARRAY' ? @$more : defined $more ? split(' ', $more) : ())) {
        my ($k, $v, $given) = @$_;
        if (!defined $k) { push @ignored, $given unless $given =~ /\A-[qT]+\z/ }    # quiet, no tty: what the daemon does anyway
        elsif ($k eq '-i') { push @{ $c->{key_path} }, _tilde($v) }
        elsif ($k eq '-p') { $c->{port} = $v }
        elsif ($k eq '-l') { $c->{user} = $v }
        elsif (my $do = $SSH_OPTION{$k}) { $do->($c, $v) }
        else { push @ignored, $given }
    }
    _warn_once("ssh option(s) not honoured by the bridge: @ignored") if @ignored;
    return;
}

# host as ssh takes it: host, user@host, ssh://[user@]host[:port]; also
# user@host:port and [host]:port, which ssh itself does not take (see the POD).
sub _parse_host {
    my ($host) = @_;
    my ($user, $port);
    my $h = $host;
    $h =~ s{^ssh://}{}i and $h =~ s{/\z}{};
    ($user, $h) = ($1, $2) if $h =~ /^(.*)\@([^\@]*)\z/s;
    if ($h =~ /^\[([^\]]+)\](?::(\d+))?\z/) { ($h, $port) = ($1, $2) }
    elsif ($h =~ /^([^:]+):(\d+)\z/) { ($h, $port) = ($1, $2) }
    return ($h, $user, $port);
}

# `use SFTPHelper` sets this: the old module made Net::SFTP::Foreign->new return its objects.
our $OLD_NAME_CLASS;

sub new {
    my $class = shift;
    $class = $OLD_NAME_CLASS if $OLD_NAME_CLASS && $class eq __PACKAGE__;
    unshift @_, 'host' if @_ & 1;
    my %opts = @_;
    my $self = bless { _error => 0, _status => 0, _owner => CPANBridge::owner() }, ref($class) || $class;
    $self->{_autodie} = delete $opts{autodie};
    my $timeout = delete $opts{timeout};
    Carp::croak('invalid timeout') if defined $timeout && $timeout <= 0;
    delete $opts{$_} for grep { $TUNING{$_} } keys %opts;
    for my $k (qw(transport open2_cmd)) {
        Carp::croak("Net::SFTP::Foreign (cpan-bridge): '$k' is not provided: the daemon makes the SSH connection itself")
            if exists $opts{$k};
    }
    my $ssh_cmd = delete $opts{ssh_cmd};
    delete $opts{ssh_cmd_interface};
    _warn_once("ssh_cmd '$ssh_cmd' is not run: the daemon makes the SSH connection itself") if defined $ssh_cmd;

    my $host = delete $opts{host};
    Carp::croak('sftp target host not defined') unless defined $host;
    my %c;
    $c{user} = delete $opts{user};
    $c{port} = delete $opts{port};
    my $passphrase = delete $opts{passphrase};
    my $password = delete $opts{password};
    my $key_path = delete $opts{key_path};
    $c{key_path} = [ map { _tilde($_) } ref $key_path eq 'ARRAY' ? @$key_path : $key_path ] if defined $key_path;
    _parse_more(\%c, delete $opts{more});
    _croak_bad_options(sort keys %opts);

    my ($h, $huser, $hport) = _parse_host($host);
    $c{user} = $huser unless defined $c{user};
    $c{port} = $hport unless defined $c{port};
    $c{user} = scalar getpwuid($<) unless defined $c{user};

    my %p = (host => $h);
    $p{port} = 0 + $c{port} if defined $c{port};
    $p{user} = $c{user} if defined $c{user};
    # as ssh: a passphrase is for the key; a password is used only when no passphrase was given
    if (defined $passphrase) { $p{passphrase} = $passphrase }
    elsif (defined $password) { $p{password} = $password }
    my @keys = @{ $c{key_path} || [] };
    if (!@keys && !defined $password) {
        # ssh's default identities, as the real module's ssh would offer them
        my $home = (getpwuid($<))[7] || $ENV{HOME};
        @keys = grep { -r } map { "$home/.ssh/$_" } qw(id_ed25519 id_ecdsa id_rsa) if defined $home;
    }
    $p{key_path} = @keys == 1 ? $keys[0] : \@keys if @keys;
    $p{known_hosts} = $c{known_hosts} if defined $c{known_hosts};
    $p{strict_host_key_checking} = $c{strict_host_key_checking} if defined $c{strict_host_key_checking};
    $timeout = $c{connect_timeout} if !defined $timeout && defined $c{connect_timeout} && $c{connect_timeout} > 0;
    $p{timeout} = 0 + $timeout if defined $timeout;
    $self->{_password_authentication} = defined $password && !defined $passphrase;
    $self->{_target} = "$p{user}\@$h";

    my ($r, $e) = _bridge()->rpc('sftp.open', \%p);
    return $self->_opened($r, $e);
}

# Net::OpenSSH->sftp: an SFTP channel on an openssh facade's connection.
sub _bridge_attach {
    my ($class, %opts) = @_;
    my $ssh_id = delete $opts{ssh_id};
    Carp::croak('_bridge_attach: ssh_id is required') unless defined $ssh_id;
    my $self = bless { _error => 0, _status => 0, _owner => CPANBridge::owner() }, ref($class) || $class;
    $self->{_autodie} = delete $opts{autodie};
    delete $opts{$_} for grep { $TUNING{$_} || $_ eq 'timeout' } keys %opts;
    _croak_bad_options(sort keys %opts);
    my ($r, $e) = _bridge()->rpc('sftp.attach', { ssh_id => $ssh_id });
    return $self->_opened($r, $e);
}

sub _opened {
    my ($self, $r, $e) = @_;
    if ($r) {
        $self->{_id} = $r->{sftp_id};
        $self->{_home} = $r->{home};
        $self->{_connected} = 1;
        return $self;
    }
    my $code = (ref $e->{data} eq 'HASH' && $e->{data}{backend_code}) || '';
    my $pw = $self->{_password_authentication};
    # what ssh would have printed on the script's stderr
    print STDERR "$e->{message}\n" if defined $e->{message} && $code =~ /^ssh_/;
    my $autodie = $self->{_autodie};
    local $self->{_autodie};
    if ($code eq 'ssh_host_key_unknown' || $code eq 'ssh_host_key_changed') {
        $pw ? $self->_conn_lost(SSH2_FX_NO_CONNECTION, SFTP_ERR_CONNECTION_BROKEN,
                  q{the authenticity of the target host can't be established, the remote host public key is probably not present on the '~/.ssh/known_hosts' file})
            : $self->_conn_lost;
    }
    elsif ($code eq 'ssh_connect' && $pw) {
        $self->_conn_lost(SSH2_FX_NO_CONNECTION, SFTP_ERR_CONNECTION_BROKEN, 'SSH slave exited unexpectedly with error code 255');
    }
    elsif ($code eq 'ssh_timeout') {
        $pw ? $self->_conn_lost(SSH2_FX_NO_CONNECTION, SFTP_ERR_CONNECTION_BROKEN, 'login procedure timed out')
            : $self->_conn_lost(SSH2_FX_CONNECTION_LOST, SFTP_ERR_CONNECTION_BROKEN, 'Connection to remote server stalled');
    }
    elsif ($code =~ /^ssh_/) {
        $self->_conn_lost;
    }
    else {
        # not the server: the bridge itself (no daemon, a bad option value); say so
        $self->_conn_lost(SSH2_FX_NO_CONNECTION, SFTP_ERR_CONNECTION_BROKEN, $BROKEN,
            'cpan-bridge: ' . (defined $e->{message} ? $e->{message} : 'unknown error'));
    }
    Carp::croak($self->{_error}) if $autodie;
    return $self;
}

sub disconnect {
    my $self = shift;
    my $id = delete $self->{_id};
    local $self->{_autodie};
    $self->_conn_lost;
    _bridge()->rpc('sftp.close', { sftp_id => $id }) if defined $id && $self->{_owner} eq CPANBridge::owner();
    return 1;
}

sub autodisconnect { return }

sub DESTROY {
    my $self = shift;
    return if ${^GLOBAL_PHASE} eq 'DESTRUCT';    # the session's end closes it
    return unless defined $self->{_id} && $self->{_owner} eq CPANBridge::owner();
    local ($@, $!, $?);
    eval { _bridge()->rpc('sftp.close', { sftp_id => delete $self->{_id} }) };
}

# ---- remote paths: the client-side cwd ------------------------------------

sub join {
    my $self = shift;
    my $a = '.';
    for my $b (@_) {
        next unless defined $b;
        (my $part = $b) =~ s{^(?:\./+)+}{};
        next unless length $part && $part ne '.';
        if ($part !~ m{^/} && $a ne '.') { $a = $a =~ m{/\z} ? "$a$part" : "$a/$part" }
        else { $a = $part }
        $a =~ s{(?:/+\.)+/?\z}{/};
        $a =~ s{(?<=[^/])/+\z}{};
        $a = '.' unless length $a;
    }
    return $a;
}

sub _rel2abs { my ($self, $path) = @_; return $self->join($self->{cwd}, $path) }

sub setcwd {
    my ($self, $cwd, %opts) = @_;
    $self->_clear_error_and_status;
    my $check = delete $opts{check};
    $check = 1 unless defined $check;
    _croak_bad_options(sort keys %opts);
    unless (defined $cwd) {
        delete $self->{cwd};
        return defined wantarray ? $self->cwd : undef;
    }
    if ($check) {
        $cwd = $self->realpath($cwd);
        return undef unless defined $cwd;
        my $a = $self->stat($cwd) or return undef;
        unless (_is_dir($a->perm)) {
            $self->_set_error(SFTP_ERR_REMOTE_BAD_OBJECT, "Remote object '$cwd' is not a directory");
            return undef;
        }
    }
    else {
        $cwd = $self->_rel2abs($cwd);
    }
    return $self->{cwd} = $cwd;
}

sub cwd {
    @_ == 1 or Carp::croak('Usage: $sftp->cwd()');
    my $self = shift;
    return $self->{cwd} if defined $self->{cwd};
    # the login directory, which sftp.open already resolved (realpath '.')
    if (defined $self->{_home} && $self->{_connected}) { $self->_clear_error_and_status; return $self->{_home} }
    return $self->realpath('');
}

sub _is_dir { return defined $_[0] && ($_[0] & 0170000) == 0040000 }
sub _is_lnk { return defined $_[0] && ($_[0] & 0170000) == 0120000 }
sub _is_reg { return defined $_[0] && ($_[0] & 0170000) == 0100000 }

# ---- simple remote operations -------------------------------------------

sub realpath {
    @_ == 2 or Carp::croak('Usage: $sftp->some_method($path)');
    my ($self, $path) = @_;
    $path = $self->_rel2abs($path);
    my $r = $self->_call('realpath', { path => $path }, SFTP_ERR_REMOTE_REALPATH_FAILED, "Couldn't get realpath for remote '$path'")
        or return $self->_fail;
    return $r->{path};
}

sub readlink {
    @_ == 2 or Carp::croak('Usage: $sftp->some_method($path)');
    my ($self, $path) = @_;
    $path = $self->_rel2abs($path);
    my $r = $self->_call('readlink', { path => $path }, SFTP_ERR_REMOTE_READLINK_FAILED, "Couldn't get link target for remote '$path'")
        or return undef;
    return $r->{target};
}

# undef, or a croak under autodie (the _set_error calls ran with it in force)
sub _fail { return undef }

sub stat {
    @_ <= 2 or Carp::croak('Usage: $sftp->stat($path_or_fh)');
    my ($self, $path) = @_;
    $path = '.' unless defined $path;
    Carp::croak('Net::SFTP::Foreign (cpan-bridge): remote file handles are not provided; stat takes a path') if ref $path;
    my $r = $self->_call('stat', { path => $self->_rel2abs($path) }, SFTP_ERR_REMOTE_STAT_FAILED, "Couldn't stat remote file")
        or return undef;
    return Net::SFTP::Foreign::Attributes->_from_wire($r->{attrs} || {});
}

sub lstat {
    @_ <= 2 or Carp::croak('Usage: $sftp->lstat($path)');
    my ($self, $path) = @_;
    $path = '.' unless defined $path;
    my $r = $self->_call('lstat', { path => $self->_rel2abs($path) }, SFTP_ERR_REMOTE_LSTAT_FAILED, "Couldn't stat remote link")
        or return undef;
    return Net::SFTP::Foreign::Attributes->_from_wire($r->{attrs} || {});
}

sub remove {
    @_ == 2 or Carp::croak('Usage: $sftp->remove($path)');
    my ($self, $path) = @_;
    return $self->_call('remove_file', { path => $self->_rel2abs($path) }, SFTP_ERR_REMOTE_REMOVE_FAILED,
        "Couldn't delete remote file") ? 1 : undef;
}

sub rmdir {
    @_ == 2 or Carp::croak('Usage: $sftp->rmdir($path)');
    my ($self, $path) = @_;
    return $self->_call('remove_dir', { path => $self->_rel2abs($path) }, SFTP_ERR_REMOTE_RMDIR_FAILED,
        "Couldn't remove remote directory") ? 1 : undef;
}

sub mkdir {
    (@_ >= 2 && @_ <= 3) or Carp::croak('Usage: $sftp->mkdir($path [, $attrs])');
    my ($self, $path, $attrs) = @_;
    my %p = (path => $self->_rel2abs($path));
    $p{perm} = $attrs->perm if $attrs && defined $attrs->perm;
    return $self->_call('make_dir', \%p, SFTP_ERR_REMOTE_MKDIR_FAILED, "Couldn't create remote directory") ? 1 : undef;
}

sub mkpath {
    (@_ >= 2 && @_ <= 4) or Carp::croak('Usage: $sftp->mkpath($path [, $attrs [, $parent]])');
    my ($self, $path, $attrs, $parent) = @_;
    $self->_clear_error_and_status;
    my $first = !$parent;    # with $parent, the last part is a file name
    $path =~ s{^(/*)}{};
    my $start = $1;
    $path =~ s{/+\z}{};
    my @todo;
    while (1) {
        if ($first) { $first = 0 } else { $path =~ s{/*[^/]*\z}{} }
        my $p = "$start$path";
        last if $self->test_d($p);
        unless (length $path) {
            $self->_set_error(SFTP_ERR_REMOTE_MKDIR_FAILED, 'Unable to make path, bad root');
            return undef;
        }
        unshift @todo, $p;
    }
    for my $p (@todo) {
        if ($p =~ m{^(?:.*/)?\.{1,2}\z} || $p =~ m{/\z}) {
            unless ($self->test_d($p)) {
                $self->_set_error(SFTP_ERR_REMOTE_MKDIR_FAILED, 'Unable to make path, bad name') unless $self->{_error};
                return undef;
            }
        }
        else {
            $self->mkdir($p, $attrs) or return undef;
        }
    }
    return 1;
}

sub setstat {
    @_ == 3 or Carp::croak('Usage: $sftp->setstat($path_or_fh, $attrs)');
    my ($self, $path, $attrs) = @_;
    Carp::croak('Net::SFTP::Foreign (cpan-bridge): remote file handles are not provided; setstat takes a path') if ref $path;
    return $self->_call('setstat', { path => $self->_rel2abs($path), %{ $attrs->_to_wire } },
        SFTP_ERR_REMOTE_SETSTAT_FAILED, "Couldn't setstat remote file") ? 1 : undef;
}

{
    my %SHORTCUT = (chmod => ['perm'], chown => ['uid', 'gid'], utime => ['atime', 'mtime'], truncate => ['size']);
    for my $name (keys %SHORTCUT) {
        my @fields = @{ $SHORTCUT{$name} };
        my $usage = "\$sftp->$name(" . CORE::join(', ', '$path_or_fh', map { "arg$_" } 1 .. @fields) . ')';
        my $sub = sub {
            @_ == 2 + @fields or Carp::croak($usage);
            my ($self, $path, @v) = @_;
            Carp::croak("Net::SFTP::Foreign (cpan-bridge): remote file handles are not provided; $name takes a path") if ref $path;
            my %p = (path => $self->_rel2abs($path));
            @p{@fields} = @v;
            return $self->_call('setstat', \%p, SFTP_ERR_REMOTE_SETSTAT_FAILED, "Couldn't setstat remote file ($name)") ? 1 : undef;
        };
        no strict 'refs';
        *{$name} = $sub;
    }
}

sub test_d {
    my ($self, $name) = @_;
    {
        local $self->{_autodie};
        my $a = $self->stat($name);
        return _is_dir($a->perm) ? 1 : '' if $a;
    }
    if ($self->{_status} == SSH2_FX_NO_SUCH_FILE) {
        $self->_clear_error_and_status;
        return undef;
    }
    return $self->_ok_or_autodie;
}

sub test_e {
    my ($self, $name) = @_;
    {
        local $self->{_autodie};
        return 1 if $self->stat($name);
    }
    if ($self->{_status} == SSH2_FX_NO_SUCH_FILE) {
        $self->_clear_error_and_status;
        return undef;
    }
    return $self->_ok_or_autodie;
}

sub _inc_numbered {
    $_[0] =~ s{^(.*)\((\d+)\)((?:\.[^\.]*)?)\z}{"$1(" . ($2 + 1) . ")$3"}e
        or $_[0] =~ s{((?:\.[^\.]*)?)\z}{(1)$1};
}

sub _move {
    my ($self, $old, $new, $overwrite) = @_;
    $old = $self->_rel2abs($old);
    $new = $self->_rel2abs($new);
    return $self->_call('move', { old => $old, new => $new, overwrite => $overwrite ? JSON::PP::true() : JSON::PP::false() },
        SFTP_ERR_REMOTE_RENAME_FAILED, "Couldn't rename remote file '$old' to '$new'");
}

sub rename {
    (@_ & 1) or Carp::croak('Usage: $sftp->rename($old, $new, %opts)');
    my ($self, $old, $new, %opts) = @_;
    my $overwrite = delete $opts{overwrite};
    my $numbered = delete $opts{numbered};
    Carp::croak("'overwrite' and 'numbered' options can not be used together") if $overwrite && $numbered;
    _croak_bad_options(sort keys %opts);
    return $self->_move($old, $new, 1) ? 1 : undef if $overwrite;
    {
        local $self->{_autodie};
        while (1) {
            last if $self->_move($old, $new, 0);
            last unless $numbered && $self->{_status} == SSH2_FX_FAILURE && $self->test_e($new);
            _inc_numbered($new);
        }
        $$numbered = $new if ref $numbered && !$self->{_error};
    }
    return $self->_ok_or_autodie;
}

sub atomic_rename {
    @_ == 3 or Carp::croak('Usage: $sftp->atomic_rename($old, $new)');
    my ($self, $old, $new) = @_;
    return $self->_move($old, $new, 1) ? 1 : undef;
}

sub symlink {
    @_ == 3 or Carp::croak('Usage: $sftp->symlink($sl, $target)');
    my ($self, $sl, $target) = @_;
    $sl = $self->_rel2abs($sl);
    return $self->_call('symlink', { link => $sl, target => $target }, SFTP_ERR_REMOTE_SYMLINK_FAILED,
        "Couldn't create symlink '$sl' pointing to '$target'") ? 1 : undef;
}

# ---- listings ---------------------------------------------------------------

sub _gen_wanted {
    my ($w, $nw) = @_;
    my ($ow, $onw) = ($w, $nw);
    $w = sub { $_[1]{filename} =~ $ow } if ref $w eq 'Regexp';
    if (ref $nw eq 'Regexp') { $nw = sub { $_[1]{filename} !~ $onw } }
    elsif (defined $nw) { $nw = sub { !&$onw } }
    return sub { &$nw and &$w } if defined $w && defined $nw;
    return $w || $nw;
}

sub _ensure_list {
    my $l = shift;
    return () unless defined $l;
    return ref $l eq 'ARRAY' ? @$l : ($l);
}

sub ls {
    @_ >= 1 or Carp::croak('Usage: $sftp->ls($remote_dir, %opts)');
    my $self = shift;
    my %opts = @_ & 1 ? (dir => @_) : @_;
    my $dir = delete $opts{dir};
    my $ordered = delete $opts{ordered};
    my $follow_links = delete $opts{follow_links};
    my $atomic_readdir = delete $opts{atomic_readdir};
    my $names_only = delete $opts{names_only};
    my $realpath = delete $opts{realpath};
    delete $opts{queue_size};
    my $wanted = delete $opts{_wanted} || _gen_wanted(delete $opts{wanted}, delete $opts{no_wanted});
    _croak_bad_options(sort keys %opts);
    # the real one runs wanted while reading unless atomic_readdir; all rows are here at once either way
    $dir = '.' unless defined $dir;
    $dir = $self->_rel2abs($dir);
    my $r = $self->_call('list', { dir => $dir }, SFTP_ERR_REMOTE_OPENDIR_FAILED, "Couldn't open remote dir '$dir'",
        rpc => { packed => 1 });
    unless ($r) {
        Carp::croak($self->{_error}) if $self->{_autodie};
        return undef;
    }
    my @dir;
    my $rows = $r->{entries} || [];
    {
        local $self->{_autodie};
        for my $row (@$rows) {
            my ($fn, $ln, $size, $uid, $gid, $perm, $atime, $mtime) = @$row;
            my $a = Net::SFTP::Foreign::Attributes->_from_wire(
                { size => $size, uid => $uid, gid => $gid, perm => $perm, atime => $atime, mtime => $mtime });
            my $entry = { filename => $fn, longname => $ln, a => $a };
            if ($follow_links && _is_lnk($a->perm)) {
                if (my $sa = $self->stat($self->join($dir, $fn))) { $entry->{a} = $sa }
                else { $self->_clear_error_and_status }
            }
            if ($realpath) {
                my $rp = $self->realpath($self->join($dir, $fn));
                if (defined $rp) { $fn = $entry->{realpath} = $rp }
                else { $self->_clear_error_and_status }
            }
            if (!$atomic_readdir && $wanted) { next unless $wanted->($self, $entry) }
            push @dir, ($names_only && !$atomic_readdir) ? $fn : $entry;
        }
    }
    $self->_clear_error_and_status;
    if ($atomic_readdir && $wanted) {
        @dir = grep { $wanted->($self, $_) } @dir;
    }
    if ($atomic_readdir && $names_only) {
        @dir = map { defined $_->{realpath} ? $_->{realpath} : $_->{filename} } @dir;
    }
    if ($ordered) {
        @dir = $names_only ? sort(@dir) : sort { $a->{filename} cmp $b->{filename} } @dir;
    }
    return \@dir;
}

sub _call_on_error {
    my ($self, $on_error, $entry) = @_;
    $on_error->($self, $entry) if $on_error && $self->error;
    $self->_clear_error_and_status;
}

# Depth-first as the real find walks: files are reported as their directory
# is read, subdirectories queued (ordered: each directory's entries first).
sub find {
    @_ >= 1 or Carp::croak('Usage: $sftp->find($remote_dirs, %opts)');
    my $self = shift;
    my %opts = @_ & 1 ? ('dirs', @_) : @_;
    $self->_clear_error_and_status;
    my $dirs = delete $opts{dirs};
    my $follow_links = delete $opts{follow_links};
    my $on_error = delete $opts{on_error};
    local $self->{_autodie} if $on_error;
    my $realpath = delete $opts{realpath};
    my $ordered = delete $opts{ordered};
    my $names_only = delete $opts{names_only};
    my $atomic_readdir = delete $opts{atomic_readdir};
    my $wanted = _gen_wanted(delete $opts{wanted}, delete $opts{no_wanted});
    my $descend = _gen_wanted(delete $opts{descend}, delete $opts{no_descend});
    %opts and Carp::croak("invalid option(s) '" . CORE::join("', '", keys %opts) . "'");
    $dirs = '.' unless defined $dirs;

    my $wantarray = wantarray;
    my (@res, $res, %done, %rpdone);
    my @dirs = _ensure_list($dirs);
    my @queue = map { { filename => $_ } } ($ordered ? sort @dirs : @dirs);

    my $report = sub {
        my $entry = shift;
        my $fn = $entry->{filename};
        {
            my $follow = $follow_links && _is_lnk($entry->{a}->perm);
            if ($follow || $realpath) {
                unless (defined $entry->{realpath}) {
                    my $rp = $entry->{realpath} = $self->realpath($fn);
                    last unless defined $rp && !$rpdone{$rp}++;
                }
            }
            if ($follow) {
                if (my $a = $self->stat($fn)) {
                    $entry->{a} = $a;
                    unshift @queue, $entry;    # seen again as what the link points to
                }
                last;
            }
            if (!$wanted || $wanted->($self, $entry)) {
                if ($wantarray) {
                    push @res, $names_only ? (exists $entry->{realpath} ? $entry->{realpath} : $entry->{filename}) : $entry;
                }
                else { $res++ }
            }
        }
        $self->_call_on_error($on_error, $entry);
    };

    while (@queue) {
        my $try = shift @queue;
        my $fn = $try->{filename};
        {
            my $a = $try->{a} ||= $self->lstat($fn) or last;
            last if _is_dir($a->perm) && $done{$fn}++;
            $report->($try);
            last unless _is_dir($a->perm);
            last if $descend && !$descend->($self, $try);
            if ($ordered || $atomic_readdir) {
                my $ls = $self->ls($fn, ordered => $ordered, _wanted => sub {
                    my $child = $_[1]{filename};
                    return undef if $child =~ /^\.\.?\z/;
                    $_[1]{filename} = $self->join($fn, $child);
                    return 1;
                }) or last;
                unshift @queue, @$ls;
            }
            else {
                $self->ls($fn, _wanted => sub {
                    my $entry = $_[1];
                    my $child = $entry->{filename};
                    return undef if $child =~ /^\.\.?\z/;
                    $entry->{filename} = $self->join($fn, $child);
                    if (_is_dir($entry->{a}->perm)) { push @queue, $entry }
                    else { $report->($entry) }
                    return undef;
                }) or last;
            }
        }
        $self->_call_on_error($on_error, $try);
    }
    return wantarray ? @res : $res;
}

# The real module's glob syntax, quirks included: `[...]` is copied into the
# regex as it is (so `[!ab]` is the class of '!', 'a' and 'b'; `[^ab]`
# negates), `*`/`?` match any characters, a leading dot must be matched
# literally, `{a,b}` alternates; an unbalanced `{` or `[` croaks.
sub _glob_to_regex {
    my ($glob, $strict_leading_dot, $ignore_case) = @_;
    my ($re, $depth, $escaped, $wild) = ('', 0, 0, 0);
    my $at_start = 1;
    while ($glob =~ /\G(.)/gs) {
        my $c = $1;
        if ($c eq '\\' && !$escaped) { $escaped = 1; next }
        if ($at_start) {
            $re .= '(?=[^\.])' if $strict_leading_dot && $c ne '.';
            $at_start = 0;
        }
        $at_start = 1 if $c eq '/';
        if ($escaped) { $re .= quotemeta $c }
        elsif ($c eq '*') { $re .= '.*'; $wild++ }
        elsif ($c eq '?') { $re .= '.'; $wild++ }
        elsif ($c eq '{') { $re .= '(?:(?:'; $depth++; $wild++ }
        elsif ($c eq '}') {
            $re .= '))';
            $wild++;
            Carp::croak('invalid glob pattern') if --$depth < 0;
        }
        elsif ($c eq ',' && $depth) { $re .= ')|(?:'; $wild++ }
        elsif ($c eq '[') {
            $glob =~ /\G((?:\\.|[^\]])+)\]/gc or Carp::croak('invalid glob pattern');
            $re .= "[$1]";
            $wild++;
        }
        else { $re .= quotemeta $c }
        $escaped = 0;
    }
    Carp::croak('invalid glob pattern') if $depth;
    my $qr = $ignore_case ? qr/^$re$/i : qr/^$re$/;
    return ($qr, $wild > 0 ? 1 : undef);
}

sub glob {
    @_ >= 2 or Carp::croak('Usage: $sftp->glob($pattern, %opts)');
    my ($self, $glob, %opts) = @_;
    return () if $glob eq '';
    my $on_error = delete $opts{on_error};
    local $self->{_autodie} if $on_error;
    my $follow_links = delete $opts{follow_links};
    my $ignore_case = delete $opts{ignore_case};
    my $names_only = delete $opts{names_only};
    my $realpath = delete $opts{realpath};
    my $ordered = delete $opts{ordered};
    my $wanted = _gen_wanted(delete $opts{wanted}, delete $opts{no_wanted});
    my $strict_leading_dot = delete $opts{strict_leading_dot};
    $strict_leading_dot = 1 unless defined $strict_leading_dot;
    _croak_bad_options(sort keys %opts);

    my $wantarray = wantarray;
    my (@parts, $top);
    if (ref $glob eq 'Regexp') { @parts = ($glob); $top = '.' }
    else {
        @parts = ($glob =~ m{\G/*([^/]+)}g);
        push @parts, '.' unless @parts;
        $top = $glob =~ m{^/} ? '/' : '.';
    }
    my @res = ({ filename => $top });
    my $res = 0;
    while (@parts && @res) {
        my @parents = @res;
        @res = ();
        my $part = shift @parts;
        my ($re, $has_wildcards) = ref $part eq 'Regexp' ? ($part, 1) : _glob_to_regex($part, $strict_leading_dot, $ignore_case);
        for my $parent (@parents) {
            my $pfn = $parent->{filename};
            if ($has_wildcards) {
                $self->ls($pfn, ordered => $ordered, _wanted => sub {
                    my $e = $_[1];
                    return undef unless $e->{filename} =~ $re;
                    my $fn = $e->{filename} = $self->join($pfn, $e->{filename});
                    if ((@parts || $follow_links) && _is_lnk($e->{a}->perm)) {
                        if (my $a = $self->stat($fn)) { $e->{a} = $a }
                        else { $on_error and $self->_call_on_error($on_error, $e); return undef }
                    }
                    if (@parts) { push @res, $e if _is_dir($e->{a}->perm) }
                    elsif (!$wanted || $wanted->($self, $e)) {
                        if ($wantarray) {
                            if ($realpath) {
                                my $rp = $e->{realpath} = $self->realpath($e->{filename});
                                unless (defined $rp) { $on_error and $self->_call_on_error($on_error, $e); return undef }
                            }
                            push @res, $names_only ? ($realpath ? $e->{realpath} : $e->{filename}) : $e;
                        }
                        $res++;
                    }
                    return undef;
                }) or ($on_error and $self->_call_on_error($on_error, $parent));
            }
            else {
                my $fn = $self->join($pfn, $part);
                my $method = (@parts || $follow_links) ? 'stat' : 'lstat';
                if (my $a = $self->$method($fn)) {
                    my $e = { filename => $fn, a => $a };
                    if (@parts) { push @res, $e if _is_dir($a->{perm}) }
                    elsif (!$wanted || $wanted->($self, $e)) {
                        if ($wantarray) {
                            if ($realpath) {
                                my $rp = $fn = $e->{realpath} = $self->realpath($fn);
                                unless (defined $rp) { $on_error and $self->_call_on_error($on_error, $e); next }
                            }
                            push @res, $names_only ? $fn : $e;
                        }
                        $res++;
                    }
                }
            }
        }
    }
    return wantarray ? @res : $res;
}

sub rremove {
    @_ >= 2 or Carp::croak('Usage: $sftp->rremove($dirs, %opts)');
    my ($self, $dirs, %opts) = @_;
    my $on_error = delete $opts{on_error};
    local $self->{_autodie} if $on_error;
    my $wanted = _gen_wanted(delete $opts{wanted}, delete $opts{no_wanted});
    _croak_bad_options(sort keys %opts);
    my $count = 0;
    my @dirs;
    $self->find($dirs, on_error => $on_error, atomic_readdir => 1, wanted => sub {
        my $e = $_[1];
        if (_is_dir($e->{a}->perm)) { push @dirs, $e }
        elsif (!$wanted || $wanted->($self, $e)) {
            if ($self->remove($e->{filename})) { $count++ }
            else { $self->_call_on_error($on_error, $e) }
        }
    });
    @dirs = sort { $a->{filename} cmp $b->{filename} } @dirs;
    while (my $e = pop @dirs) {
        next unless !$wanted || $wanted->($self, $e);
        if ($self->rmdir($e->{filename})) { $count++ }
        else { $self->_call_on_error($on_error, $e) }
    }
    return $count;
}

# ---- transfers ---------------------------------------------------------------

sub _is_fh { my $x = shift; return ref $x && (Scalar::Util::reftype($x) || '') eq 'GLOB' }

sub _bool { return $_[0] ? JSON::PP::true() : JSON::PP::false() }

my @UNSUPPORTED_XFER = qw(callback conversion dont_save sparse);

sub _croak_unsupported {
    my ($method, $opts) = @_;
    for my $k (@UNSUPPORTED_XFER) {
        Carp::croak("Net::SFTP::Foreign (cpan-bridge): $method option '$k' is not provided (transfers run in the daemon)")
            if defined $opts->{$k};
        delete $opts->{$k};
    }
}

sub get {
    @_ >= 2 or Carp::croak('Usage: $sftp->get($remote, $local, %opts)');
    my ($self, $remote, $local, %opts) = @_;
    defined $remote or Carp::croak('remote file path is undefined');
    $self->_clear_error_and_status;
    $remote = $self->_rel2abs($remote);
    ($local) = $remote =~ m{([^/]*)\z} unless defined $local;
    my $local_is_fh = _is_fh($local);
    _croak_unsupported('get', \%opts);
    my $umask = delete $opts{umask};
    my $perm = delete $opts{perm};
    my $copy_perm = delete $opts{exists $opts{copy_perm} ? 'copy_perm' : 'copy_perms'};
    delete @opts{qw(copy_perm copy_perms)};
    my $copy_time = delete $opts{copy_time};
    my $overwrite = delete $opts{overwrite};
    my $resume = delete $opts{resume};
    my $append = delete $opts{append};
    delete @opts{qw(block_size queue_size cleanup best_effort)};
    my $numbered = delete $opts{numbered};
    my $atomic = delete $opts{atomic};
    my $mkpath = delete $opts{mkpath};
    Carp::croak("'perm' and 'copy_perm' options can not be used simultaneously") if defined $perm && defined $copy_perm;
    Carp::croak("'numbered' can not be used with 'overwrite', 'resume' or 'append'") if $numbered && ($overwrite || $resume || $append);
    if ($resume || $append) {
        Carp::croak("'resume' and 'append' options can not be used simultaneously") if $resume && $append;
        Carp::croak("'atomic' can not be used with 'resume' or 'append'") if $atomic;
        Carp::croak("'overwrite' can not be used with 'resume' or 'append'") if $overwrite;
    }
    if ($local_is_fh) {
        my $tail = 'option can not be used when target is a file handle';
        $resume and Carp::croak("'resume' $tail");
        $overwrite and Carp::croak("'overwrite' $tail");
        $numbered and Carp::croak("'numbered' $tail");
        $atomic and Carp::croak("'croak' $tail");
    }
    Carp::croak("Net::SFTP::Foreign (cpan-bridge): get option 'numbered' is not provided") if $numbered;
    _croak_bad_options(sort keys %opts);

    if ($local_is_fh) {
        my $data = $self->get_content($remote);
        return undef unless defined $data;
        unless (print {$local} $data) {
            $self->_set_error(SFTP_ERR_LOCAL_WRITE_FAILED, 'unable to write data to local file handle', $!);
            return undef;
        }
        return 1;
    }

    $overwrite = 1 unless defined $overwrite || $append;
    $copy_perm = 1 unless defined $perm || defined $copy_perm;
    $copy_time = 1 unless defined $copy_time;
    $mkpath = 1 unless defined $mkpath;
    $umask = defined $perm ? 0 : umask unless defined $umask;

    if (!$overwrite && !$append && !$resume && -e $local) {
        $self->_set_error(SFTP_ERR_LOCAL_ALREADY_EXISTS, "local file $local already exists");
        return undef;
    }
    if ($mkpath) {
        my ($vol, $dirs) = File::Spec->splitpath($local);
        my $parent = File::Spec->catpath($vol, $dirs, '');
        if (length $parent && !-d $parent) {
            my $err;
            File::Path::mkpath($parent, { error => \$err, mode => 0777 & ~$umask | 0700 });
            if ($err && @$err && !-d $parent) {
                my ($file, $msg) = %{ $err->[0] };
                $self->_set_error(SFTP_ERR_LOCAL_MKDIR_FAILED, "mkdir '$file' failed", $msg);
                return undef;
            }
        }
    }
    # append: the daemon downloads beside the file, then the bytes are added here in chunks
    my $target = $local;
    if ($append) {
        $target = sprintf '%s.cb-append-%d-%d', $local, $$, int rand 1e9;
        $overwrite = 1;
    }
    my %p = (remote => $remote, local => $target, overwrite => _bool($overwrite || $atomic), copy_perm => _bool($copy_perm),
        copy_time => _bool($copy_time));
    $p{resume} = $resume eq 'auto' ? 'auto' : _bool(1) if $resume;
    $p{atomic} = _bool(1) if $atomic;
    # the daemon sets the mode the real get does (copied from the remote or 0666, less the umask)
    $p{umask} = $umask & 0777 unless defined $perm;
    my $r = $self->_call('download', \%p, SFTP_ERR_REMOTE_OPEN_FAILED, "Couldn't open remote file '$remote'", long => 1,
        local => [SFTP_ERR_LOCAL_OPEN_FAILED, "Can't open $local"],
        exists => [SFTP_ERR_LOCAL_ALREADY_EXISTS, "local file $local already exists"],
        bigger => [SFTP_ERR_LOCAL_BIGGER_THAN_REMOTE, "Couldn't resume transfer, local file is bigger than remote"],
        size => [SFTP_ERR_REMOTE_READ_FAILED, "Couldn't read from remote file"]);
    unless ($r) {
        # The real get stats first: a file it cannot stat fails as the stat.
        if ($self->{_error} == SFTP_ERR_REMOTE_OPEN_FAILED) {
            my ($error, $status) = @{$self}{qw(_error _status)};
            local $self->{_autodie};
            $self->stat($remote) and @{$self}{qw(_error _status)} = ($error, $status);
        }
        return $self->_ok_or_autodie;
    }
    return undef if $append && !$self->_append_local($target, $local, $copy_time);
    # perm has no daemon param; an appended-to file keeps its mode, less the umask as the real append leaves it
    my $want = defined $perm ? $perm & ~$umask : $append && $copy_perm && $umask ? ((CORE::stat $local)[2] || 0) & 07777 & ~$umask : undef;
    if (defined $want && !CORE::chmod($want, $local)) {
        $self->_set_error(SFTP_ERR_LOCAL_CHMOD_FAILED, "Can't chmod $local", $!);
        return undef;
    }
    return 1;
}

# Adds the downloaded $tmp to the end of $local (created if missing), keeps
# $tmp's mode and times on it as get's copy_perm/copy_time would, removes $tmp.
sub _append_local {
    my ($self, $tmp, $local, $copy_time) = @_;
    my ($mode, $atime, $mtime) = (CORE::stat $tmp)[2, 8, 9];
    my ($in, $out);
    my $ok = CORE::open($in, '<:raw', $tmp) && CORE::open($out, '>>:raw', $local);
    unless ($ok) {
        my $why = $!;
        unlink $tmp;
        $self->_set_error(SFTP_ERR_LOCAL_OPEN_FAILED, "Can't open $local", $why);
        return undef;
    }
    my $buf;
    while (1) {
        my $n = CORE::read($in, $buf, 1 << 20);
        if (!defined $n) { my $why = $!; unlink $tmp; $self->_set_error(SFTP_ERR_LOCAL_READ_ERROR, "Couldn't read from $tmp", $why); return undef }
        last unless $n;
        unless (print {$out} $buf) {
            my $why = $!;
            unlink $tmp;
            $self->_set_error(SFTP_ERR_LOCAL_WRITE_FAILED, "unable to write data to local file $local", $why);
            return undef;
        }
    }
    CORE::close $in;
    unless (CORE::close $out) {
        my $why = $!;
        unlink $tmp;
        $self->_set_error(SFTP_ERR_LOCAL_WRITE_FAILED, "unable to write data to local file $local", $why);
        return undef;
    }
    unlink $tmp;
    CORE::chmod($mode & 07777, $local) if defined $mode;
    utime($atime, $mtime, $local) if $copy_time && defined $mtime;
    return 1;
}

sub get_content {
    @_ == 2 or Carp::croak('Usage: $sftp->get_content($remote)');
    my ($self, $name) = @_;
    my $path = $self->_rel2abs($name);
    my $r = $self->_call('read_content', { remote => $path }, SFTP_ERR_REMOTE_OPEN_FAILED, "Couldn't open remote file '$path'",
        long => 1, rpc => { packed => 1 }) or return $self->_ok_or_autodie;
    my $c = $r->{content};
    $c = $$c if ref $c eq 'CPANBridge::Bytes' || ref $c eq 'SCALAR';
    return $c;
}

sub put {
    @_ >= 2 or Carp::croak('Usage: $sftp->put($local, $remote, %opts)');
    my ($self, $local, $remote, %opts) = @_;
    defined $local or Carp::croak('local file path is undefined');
    $self->_clear_error_and_status;
    my $local_is_fh = _is_fh($local);
    unless (defined $remote) {
        $local_is_fh and Carp::croak('unable to infer remote file name when a file handler is passed as local');
        $remote = (File::Spec->splitpath($local))[2];
    }
    _croak_unsupported('put', \%opts);
    my $umask = delete $opts{umask};
    my $perm = delete $opts{perm};
    my $copy_perm = delete $opts{copy_perm};
    $copy_perm = delete $opts{copy_perms} unless defined $copy_perm;
    delete $opts{copy_perms};
    my $copy_time = delete $opts{copy_time};
    my $overwrite = delete $opts{overwrite};
    my $resume = delete $opts{resume};
    my $append = delete $opts{append};
    delete @opts{qw(block_size queue_size late_set_perm cleanup best_effort)};
    my $numbered = delete $opts{numbered};
    my $atomic = delete $opts{atomic};
    my $mkpath = delete $opts{mkpath};
    Carp::croak("'perm' and 'umask' options can not be used simultaneously") if defined $perm && defined $umask;
    Carp::croak("'perm' and 'copy_perm' options can not be used simultaneously") if defined $perm && $copy_perm;
    Carp::croak("'resume' and 'append' options can not be used simultaneously") if $resume && $append;
    Carp::croak("'resume' and 'overwrite' options can not be used simultaneously") if $resume && $overwrite;
    Carp::croak("'numbered' can not be used with 'overwrite', 'resume' or 'append'") if $numbered && ($overwrite || $resume || $append);
    Carp::croak("'atomic' can not be used with 'resume' or 'append'") if $atomic && ($resume || $append);
    Carp::croak("Net::SFTP::Foreign (cpan-bridge): put option 'numbered' is not provided") if $numbered;
    _croak_bad_options(sort keys %opts);

    $overwrite = 1 unless defined $overwrite;
    $copy_perm = 1 unless defined $perm || defined $copy_perm || $local_is_fh;
    $copy_time = 1 unless defined $copy_time || $local_is_fh;
    $mkpath = 1 unless defined $mkpath;
    my $path = $self->_rel2abs($remote);

    if ($local_is_fh) {
        Carp::croak('Net::SFTP::Foreign (cpan-bridge): resume/append from a file handle is not provided') if $resume || $append;
        my $data = do { local $/; readline $local };
        $data = '' unless defined $data;
        return $self->put_content($data, $remote, (defined $perm ? (perm => $perm) : ()), overwrite => $overwrite,
            ($atomic ? (atomic => 1) : ()), mkpath => $mkpath);
    }
    # the local side is checked here, where the script runs, for the real module's errors
    my $fh;
    unless (CORE::open $fh, '<', $local) {
        $self->_set_error(SFTP_ERR_LOCAL_OPEN_FAILED, "Unable to open local file '$local'", $!);
        return undef;
    }
    unless (CORE::stat $fh) {
        if ($copy_perm || $copy_time) {
            $self->_set_error(SFTP_ERR_LOCAL_STAT_FAILED, "Couldn't stat local file '$local'", $!);
            return undef;
        }
    }
    CORE::close $fh;
    if ($atomic && !$overwrite && $self->test_e($path)) {
        $self->_set_status(SSH2_FX_FAILURE);
        $self->_set_error(SFTP_ERR_REMOTE_ALREADY_EXISTS, "Remote file '$remote' already exists");
        return undef;
    }
    my %p = (local => $local, remote => $path, overwrite => _bool($overwrite), copy_perm => _bool($copy_perm),
        copy_time => _bool($copy_time));
    if (defined $perm) { $p{perm} = $perm & 07777 }
    else { $p{umask} = (defined $umask ? $umask : umask) & 0777 }
    $p{resume} = $resume eq 'auto' ? 'auto' : _bool(1) if $resume;
    $p{append} = _bool(1) if $append;
    $p{atomic} = _bool(1) if $atomic;
    my %how = (long => 1, local => [SFTP_ERR_LOCAL_OPEN_FAILED, "Unable to open local file '$local'"],
        exists => [SFTP_ERR_REMOTE_OPEN_FAILED, "Couldn't open remote file '$path'"],
        bigger => [SFTP_ERR_REMOTE_BIGGER_THAN_LOCAL, "Couldn't resume transfer, remote file is bigger than local"],
        size => [SFTP_ERR_REMOTE_WRITE_FAILED, "Couldn't write to remote file"]);
    my $r = $self->_put_call('upload', \%p, $path, $mkpath, %how);
    return $r ? 1 : $self->_ok_or_autodie;
}

# an upload, and once more after making the remote directory the real put's mkpath would have made
sub _put_call {
    my ($self, $method, $p, $path, $mkpath, %how) = @_;
    my $errstr = "Couldn't open remote file '$path'";
    local $self->{_autodie};
    my $r = $self->_call($method, $p, SFTP_ERR_REMOTE_OPEN_FAILED, $errstr, %how);
    if (!$r && $mkpath && $self->{_error} == SFTP_ERR_REMOTE_OPEN_FAILED && $self->{_status} == SSH2_FX_NO_SUCH_FILE) {
        my $da = Net::SFTP::Foreign::Attributes->new;
        $da->set_perm((defined $p->{perm} ? $p->{perm} : 0) | 0700);
        $r = $self->mkpath($path, $da, 1) && $self->_call($method, $p, SFTP_ERR_REMOTE_OPEN_FAILED, $errstr, %how);
    }
    return $r;
}

sub put_content {
    @_ >= 3 or Carp::croak('Usage: $sftp->put_content($content, $remote, %opts)');
    my ($self, undef, $remote, %opts) = @_;
    my %put = map { ($_ => delete $opts{$_}) } grep { exists $opts{$_} }
        qw(perm umask block_size queue_size overwrite conversion resume numbered late_set_perm atomic best_effort mkpath);
    _croak_bad_options(sort keys %opts);
    $self->_clear_error_and_status;
    Carp::croak("'perm' and 'umask' options can not be used simultaneously") if defined $put{perm} && defined $put{umask};
    for my $k (qw(conversion resume numbered)) {
        Carp::croak("Net::SFTP::Foreign (cpan-bridge): put_content option '$k' is not provided") if $put{$k};
    }
    my $content = $_[1];
    $content = '' unless defined $content;
    if (utf8::is_utf8($content)) {
        $content = "$content";
        unless (utf8::downgrade($content, 1)) {
            # the real one's in-memory file handle cannot hold wide characters either
            $self->_set_error(SFTP_ERR_LOCAL_OPEN_FAILED, "Can't open scalar as file handle",
                'Strings with code points over 0xFF may not be mapped into in-memory file handles');
            return undef;
        }
    }
    my $path = $self->_rel2abs($remote);
    if ($put{atomic} && defined $put{overwrite} && !$put{overwrite} && $self->test_e($path)) {
        $self->_set_status(SSH2_FX_FAILURE);
        $self->_set_error(SFTP_ERR_REMOTE_ALREADY_EXISTS, "Remote file '$remote' already exists");
        return undef;
    }
    if (!$put{atomic} && defined $put{overwrite} && !$put{overwrite} && $self->test_e($path)) {
        # what the real one's exclusive open gets from the server
        $self->_set_status(SSH2_FX_FAILURE);
        $self->_set_error(SFTP_ERR_REMOTE_OPEN_FAILED, "Couldn't open remote file '$path'", $self->{_status});
        return undef;
    }
    my %p = (remote => $path);
    $p{perm} = $put{perm} & 07777 if defined $put{perm};
    $p{atomic} = _bool(1) if $put{atomic};
    my $mkpath = defined $put{mkpath} ? $put{mkpath} : 1;
    my $r = $self->_put_call('write_content', \%p, $path, $mkpath, long => 1,
        exists => [SFTP_ERR_REMOTE_OPEN_FAILED, "Couldn't open remote file '$path'"],
        size => [SFTP_ERR_REMOTE_WRITE_FAILED, "Couldn't write to remote file"],
        rpc => { packed_params => { content => CPANBridge::Packed::encode(CPANBridge::bytes($content)) } });
    return $r ? 1 : $self->_ok_or_autodie;
}

1;

__END__

=head1 NAME

Net::SFTP::Foreign - drop-in Net::SFTP::Foreign whose SSH connections live in the cpan-bridge daemon

=head1 VERSION

1.93

=head1 SYNOPSIS

  use Net::SFTP::Foreign;

  my $sftp = Net::SFTP::Foreign->new('partner.example.com', user => 'batch',
      key_path => "$ENV{HOME}/.ssh/id_ed25519", timeout => 30,
      more => [-o => 'UserKnownHostsFile=/etc/batch/known_hosts']);
  $sftp->error and die "connect: " . $sftp->error;

  $sftp->setcwd('outbox') or die $sftp->error;
  $sftp->put('report.csv', 'report.csv', atomic => 1) or die "put: " . $sftp->error;
  $sftp->get('ack.txt', '/var/batch/ack.txt') or die "get: " . $sftp->error;
  my $ls = $sftp->ls('.', wanted => qr/\.csv$/, ordered => 1) or die $sftp->error;
  print "$_->{filename} ", $_->{a}->size, "\n" for @$ls;
  if ($sftp->error == SFTP_ERR_REMOTE_OPEN_FAILED && $sftp->status == SSH2_FX_NO_SUCH_FILE) { ... }

=head1 DESCRIPTION

The real module runs the C<ssh> binary and speaks SFTP over its pipes;
this facade asks the cpan-bridge daemon, which keeps pooled SSH
connections (by host, port, user and a hash of the credential), so a
script doing many operations, or many short scripts, pay for one
handshake. Method names, arguments, return values in scalar and list
context, C<error> and C<status> (dualvars: the SFTP_ERR_* / SSH2_FX_*
number and the same text, e.g. C<Couldn't open remote file '/x': No such
file>), C<autodie> and C<die_on_error> are the real module's. The
client-side cwd (C<setcwd>/C<cwd>) is kept here and joined into every
remote path as the real one does; local paths are sent as they are and
resolved by the daemon against the script's directory
(C<CPAN_BRIDGE_ALLOWED_PATHS> applies).

Provided: C<new>, C<error>, C<status>, C<die_on_error>, C<disconnect>,
C<put>, C<get>, C<put_content>, C<get_content>, C<ls>, C<find>, C<glob>,
C<mkdir>, C<mkpath>, C<remove>, C<rmdir>, C<rremove>, C<rename>,
C<atomic_rename>, C<symlink>, C<setcwd>, C<cwd>, C<stat>, C<lstat>,
C<setstat>, C<chmod>, C<chown>, C<utime>, C<truncate>, C<test_e>,
C<test_d>, C<realpath>, C<readlink>, C<join>.

=head1 DIFFERENCES FROM THE REAL MODULE

=over

=item No ssh binary

The daemon connects itself (Node's ssh2). C<more> is read as ssh would
read it: C<-o UserKnownHostsFile=>, C<StrictHostKeyChecking=>
(yes/no/accept-new), C<IdentityFile=>, C<Port=>, C<User=>,
C<ConnectTimeout=> (the C<timeout> when none is given), C<-i>, C<-p>,
C<-l> are honoured; options with nothing to do (C<BatchMode>,
C<IdentitiesOnly>, C<LogLevel>, C<-q>, ...) are accepted; anything else
is named in one warning per process, never dropped silently. C<ssh_cmd>
is not run (a warning); C<transport> and C<open2_cmd> croak. Without
C<password> or C<key_path>, the keys ssh would try by default
(C<~/.ssh/id_ed25519>, C<id_ecdsa>, C<id_rsa>) are sent; there is no
ssh-agent. The known_hosts default is the daemon's (config
C<sshKnownHosts>, the user's C<~/.ssh/known_hosts>); the daemon never
writes to it.

=item Host forms

C<host>, C<user@host> and C<ssh://[user@]host[:port]> as ssh takes them
(C<user> or C<-l> wins over the user in the host). C<user@host:port> and
C<[host]:port> are also taken (the old SFTPHelper's form); the real
module hands them to ssh, which cannot resolve them.

=item Connection errors

A failed C<new> returns the object with C<error> set, as the real one
(croaks under C<autodie>): C<SFTP_ERR_CONNECTION_BROKEN> with the same
text and status the real module shows for a refused port, a wrong
password or an unknown host key. What ssh would have printed on STDERR
(e.g. C<Permission denied>, the host key's fingerprint) is printed there
as the daemon's message. With a password and an unknown host key, the
real module waits for its timeout (its prompt matcher answers ssh's
yes/no question) and says C<Connection to remote server stalled>; the
facade answers at once with the text the real module intends for it
(C<the authenticity of the target host can't be established, ...>,
status C<SSH2_FX_NO_CONNECTION>).

=item Transfers are verified and never half-written

C<put> writes a temporary name in the target directory and renames it
onto the final name after the size check, always, not only with
C<atomic>; C<get> does the same with the local file (except with
C<resume>/C<append>, which work in place). A failure leaves no partial
file under the final name. C<cleanup> and C<best_effort> are accepted and
have no further effect. A size check failure is
C<SFTP_ERR_REMOTE_WRITE_FAILED> (put) or C<SFTP_ERR_REMOTE_READ_FAILED>
(get) with C<size mismatch> in the text.

=item Options not provided

C<callback>, C<conversion>, C<dont_save>, C<sparse> and C<numbered> in
transfers croak naming the option. A file handle as the local side of
C<put>/C<get> travels as one C<put_content>/C<get_content> (the whole
content in memory). Remote file handles (C<open>, C<read>, C<opendir>,
...), C<rget>/C<rput>/C<mget>/C<mput>, C<statvfs>, C<hardlink> are not
provided.

=item Listings

C<ls> gets the whole directory in one daemon call, then applies
C<wanted> (so C<atomic_readdir> changes nothing but order of evaluation).
C<find>, C<glob> and C<rremove> walk as the real ones do.

=item cwd

C<cwd> without C<setcwd> returns the login directory the daemon resolved
when connecting (the real one asks the server again).

=back

=head1 SEE ALSO

L<Net::SFTP::Foreign::Constants>, L<Net::SFTP::Foreign::Attributes>, L<SFTPHelper>, L<CPANBridge>

=cut
