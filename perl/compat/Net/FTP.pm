package Net::FTP;
# ABSTRACT: drop-in Net::FTP 3.14 whose control and data connections are made by the cpan-bridge daemon

use strict;
use warnings;
use Carp ();
use CPANBridge;
use File::Basename ();
use Time::Local ();

our $VERSION = '3.14';

# Net::Cmd's reply classes, as Net::FTP's callers compare ->response and ->status with them
use constant { CMD_INFO => 1, CMD_OK => 2, CMD_MORE => 3, CMD_REJECT => 4, CMD_ERROR => 5, CMD_PENDING => 0 };

my ($BRIDGE, $LONG);
sub _bridge { $BRIDGE ||= CPANBridge->new }
# transfers wait as long as they take: the daemon enforces Timeout on the connection itself
sub _long_bridge { $LONG ||= CPANBridge->new(timeout => 86400) }

# Set by the old name (FTPHelper): binary transfers unless told otherwise, as the old bridge did.
our $OLD_DEFAULTS = 0;

sub new {
    my $pkg = shift;
    my ($peer, %arg);
    if (@_ % 2) { $peer = shift; %arg = @_ }
    else { %arg = @_; $peer = delete $arg{Host} }
    unless (defined $peer && length $peer) {
        $@ = 'Net::FTP: no host given';
        $! = _errno_value('EINVAL');
        return undef;
    }
    # host:port, [v6]:port as IO::Socket::IP reads PeerAddr
    my ($host, $port) = ($peer, $arg{Port});
    if ($peer =~ /^\[([^\]]+)\](?::(\d+))?$/) { ($host, $port) = ($1, $port || $2) }
    elsif ($peer =~ /^([^:]+):(\d+)$/) { ($host, $port) = ($1, $port || $2) }
    $port = undef if defined $port && $port !~ /^\d+$/ && do {
        # a service name: ftp(21), ftps(990) and what getservbyname knows
        my $p = $port =~ /\((\d+)\)$/ ? $1 : scalar getservbyname($port, 'tcp');
        $port = $p; !defined $p;
    };
    my %p = (host => $host, timeout => 0 + (defined $arg{Timeout} ? ($arg{Timeout} || 120) : 120));
    $p{port} = 0 + $port if defined $port;
    $p{tls} = 'implicit' if $arg{SSL};
    $p{ca_file} = $arg{SSL_ca_file} if defined $arg{SSL_ca_file};
    if (defined $arg{SSL_verify_mode} && !$arg{SSL_verify_mode}) { require JSON::PP; $p{verify} = JSON::PP::false() }
    my ($r, $err) = _bridge()->rpc('ftp.open', \%p);
    unless ($r) {
        my $d = $err->{data} || {};
        if (defined $d->{ftp_code}) {
            $@ = join '', @{ $d->{ftp_message} || [] };
        } else {
            _set_errno($d->{errno});
            $@ = _socket_error($err);
        }
        return undef;
    }
    my $self = bless {
        _id => $r->{ftp_id}, _connection_id => $r->{ftp_id}, _host => $peer,
        _type => $OLD_DEFAULTS ? 'I' : 'A', _old => $OLD_DEFAULTS,
        _blksize => abs($arg{BlockSize} || 10240),
        _passive => exists $arg{Passive} ? $arg{Passive} : $ENV{FTP_PASSIVE},
        _debug => $arg{Debug} || 0, _ssl => $arg{SSL} ? 1 : 0, _tls => $arg{SSL} ? 1 : 0,
        _code => $r->{code}, _resp => $r->{message}, _pid => $$,
    }, ref($pkg) || $pkg;
    $self->_debug_print(0, $_) for map { "$r->{code} $_" } @{ $r->{message} };
    return $self;
}


# $@ after a failed connect, worded as IO::Socket::IP / IO::Socket::SSL word it
sub _socket_error {
    my ($err) = @_;
    my $d = $err->{data} || {};
    my $errno = $d->{errno} || '';
    return 'Name or service not known' if $errno eq 'ENOTFOUND';
    return 'Temporary failure in name resolution' if $errno eq 'EAI_AGAIN';
    if (($d->{backend_code} || '') eq 'ftp_tls') {
        my $why = $d->{reason} || $err->{message};
        return 'SSL connect attempt failed error:0A000086:SSL routines::certificate verify failed'
            if $why =~ /self[- ]signed|unable to (?:get|verify)|certificate verify|UNABLE_TO|SELF_SIGNED/i;
        return "SSL connect attempt failed $why";
    }
    if ($errno =~ /^E[A-Z]+$/) { local $! = _errno_value($errno); return "$!" if $! }
    return $err->{message};
}

sub _errno_value {
    my ($name) = @_;
    require Errno;
    my $f = Errno->can($name);
    return $f ? $f->() : 0;
}

sub _set_errno { my ($name) = @_; $! = _errno_value($name) if defined $name && $name =~ /^E[A-Z]+$/ }

# ---- replies: the daemon returns each command's reply; a 4xx/5xx arrives as an error carrying it

# Net::Cmd's status when the connection is gone or a wait timed out: 421 and a text of its own
sub _closed_status {
    my ($self, $err) = @_;
    $self->{_code} = '421';
    $self->{_resp} = [ ((($err->{data} || {})->{backend_code} || '') eq 'ftp_timeout' ? '[Net::FTP] Timeout' : '[Net::FTP] Connection closed') ];
}

# one call; on a reply (good or bad) sets code/message; returns (result, error)
sub _call {
    my ($self, $method, $params, $opts) = @_;
    unless (defined $self->{_id}) {
        $self->_closed_status({});
        return (undef, { message => 'Connection closed', data => {} });
    }
    my $bridge = $opts && delete $opts->{long} ? _long_bridge() : _bridge();
    my ($r, $err) = $bridge->rpc($method, { ftp_id => $self->{_id}, %$params }, $opts);
    if ($r) {
        if (defined $r->{code}) { $self->{_code} = $r->{code}; $self->{_resp} = $r->{message} }
        $self->_debug_print(0, "$self->{_code} $_") for @{ $self->{_resp} || [] };
        return ($r, undef);
    }
    my $d = $err->{data} || {};
    if (defined $d->{ftp_code}) {
        $self->{_code} = $d->{ftp_code};
        $self->{_resp} = $d->{ftp_message};
        $self->_debug_print(0, "$self->{_code} $_") for @{ $self->{_resp} || [] };
    } elsif (($d->{backend_code} || '') =~ /^ftp_(?:disconnected|timeout|tls)$/ || ($err->{type} || '') eq 'handle_not_found') {
        $self->_closed_status($err);
    }
    return (undef, $err);
}

# Net::Cmd's command()->response(): the reply's first digit (CMD_ERROR when none came)
sub _cmd {
    my ($self, @words) = @_;
    my $line = join ' ', grep { defined } @words;
    $self->_debug_print(1, $line);
    my ($r, $err) = $self->_call('ftp.command', { command => $line });
    return CMD_ERROR if !$r && !(($err->{data} || {})->{ftp_code});
    return substr($self->{_code}, 0, 1);
}

sub _debug_print {
    my ($self, $out, $text) = @_;
    return unless $self->{_debug};
    $text = "$1 ....\n" if $out && $text =~ /^(pass|resp|acct)/i;
    $text .= "\n" unless $text =~ /\n\z/;
    print STDERR $self, ($out ? '>>> ' : '<<< '), $text;
}

sub code    { my $self = shift; return defined $self->{_code} ? $self->{_code} : '421' }
sub status  { my $self = shift; return substr($self->code, 0, 1) }
sub message { my $self = shift; my @m = @{ $self->{_resp} || [] }; return wantarray ? @m : join('', @m) }
sub ok      { my $c = $_[0]->code; return 0 < $c && $c < 400 }
sub set_status { my ($self, $code, $msg) = @_; $self->{_code} = $code; $self->{_resp} = ref $msg ? $msg : [defined $msg ? $msg : ()]; return 1 }
sub debug   { my ($self, $level) = @_; my $old = $self->{_debug}; $self->{_debug} = $level if @_ > 1; return $old }
sub host    { return $_[0]->{_host} }
sub is_SSL  { return $_[0]->{_tls} }
sub can_ssl { return 1 }
sub can_inet6 { return 1 }
sub hash    { my ($self, $h, $b) = @_; return [\*STDERR, 0] }
sub blocksize { my ($self, $size) = @_; my $old = $self->{_blksize}; $self->{_blksize} = abs $size if $size; return $old }

sub _ok_cmd { my $self = shift; return $self->_cmd(@_) == CMD_OK }

sub login {
    my ($self, $user, $pass, $acct) = @_;
    unless (defined $user) {
        require Net::Netrc;
        my $rc = Net::Netrc->lookup($self->{_host});
        ($user, $pass, $acct) = $rc->lpa if $rc;
    }
    $user ||= 'anonymous';
    $pass = '-anonymous@' if !defined $pass && $user =~ /^(?:anonymous|ftp)$/;
    $self->_debug_print(1, "USER $user");
    my ($r, $err) = $self->_call('ftp.login', { user => $user, password => defined $pass ? $pass : '', defined $acct ? (account => $acct) : () });
    return $r ? 1 : '';
}

sub starttls {
    my $self = shift;
    Carp::croak('called starttls within SSL session') if $self->{_tls};
    my ($r, $err) = $self->_call('ftp.starttls', {});
    unless ($r) {
        # the handshake failed: $@ says why, as IO::Socket::SSL's does; the connection is gone
        $@ = _socket_error($err) if ((($err || {})->{data} || {})->{backend_code} || '') eq 'ftp_tls';
        return;
    }
    $self->{_tls} = 1;
    $self->prot('P');
    return 1;
}

sub stoptls {
    my $self = shift;
    Carp::croak('called stoptls outside SSL session') unless $self->{_tls};
    Carp::croak('cannot stoptls direct SSL session') if $self->{_ssl};
    $self->{_code} = '500';
    $self->{_resp} = ["stoptls (CCC) is not available through cpan-bridge\n"];
    return;
}

sub prot {
    my ($self, $prot) = @_;
    (defined $prot && ($prot eq 'C' || $prot eq 'P')) or Carp::croak('prot must by C or P');
    $self->_ok_cmd('PBSZ', 0) or return;
    $self->_ok_cmd('PROT', $prot) or return;
    return 1;
}

sub account { my ($self, $acct) = @_; return $self->_cmd('ACCT', $acct) == CMD_OK }

sub authorize { return 1 }

sub site { my $self = shift; return $self->_cmd('SITE', @_) }
sub quot { my ($self, $cmd, @args) = @_; return $self->_cmd(uc $cmd, @args) }

sub ascii  { return shift->type('A', @_) }
sub binary { return shift->type('I', @_) }
sub ebcdic { return shift->type('E', @_) }
sub byte   { return shift->type('L', @_) }

sub type {
    my ($self, $type, @args) = @_;
    my $old = $self->{_type};
    return $old unless defined $type;
    return unless $self->_ok_cmd('TYPE', $type, @args);
    $self->{_type} = join ' ', $type, @args;
    $self->{_type_sent} = 1;
    return $old;
}

sub alloc {
    my ($self, $size, $rec) = @_;
    $self->{_allo} = $size;
    return $self->_ok_cmd('ALLO', $size, defined $rec ? ('R', $rec) : ()) ? $size : undef;
}

sub abort { my $self = shift; return $self->_ok_cmd('ABOR') }
sub noop  { my $self = shift; return $self->_ok_cmd('NOOP') }

sub cwd {
    @_ == 1 || @_ == 2 or Carp::croak('usage: $ftp->cwd([$dir])');
    my ($self, $dir) = @_;
    $dir = '/' unless defined($dir) && $dir =~ /\S/;
    return $dir eq '..' ? $self->_ok_cmd('CDUP') : $self->_ok_cmd('CWD', $dir);
}

sub cdup {
    @_ == 1 or Carp::croak('usage: $ftp->cdup()');
    return $_[0]->_ok_cmd('CDUP');
}

sub pwd {
    @_ == 1 || Carp::croak('usage: $ftp->pwd()');
    my $self = shift;
    $self->_ok_cmd('PWD');
    return $self->_extract_path;
}

sub _extract_path {
    my ($self, $path) = @_;
    $self->ok
        && $self->message =~ /(?:^|\s)\"(.*)\"(?:$|\s)/
        && ($path = $1) =~ s/\"\"/\"/g;
    return $path;
}

sub delete {
    @_ == 2 || Carp::croak('usage: $ftp->delete($filename)');
    return $_[0]->_ok_cmd('DELE', $_[1]);
}

sub rename {
    @_ == 3 or Carp::croak('usage: $ftp->rename($oldname, $newname)');
    my ($self, $old, $new) = @_;
    return $self->_cmd('RNFR', $old) == CMD_MORE && $self->_ok_cmd('RNTO', $new);
}

sub mkdir {
    @_ == 2 || @_ == 3 or Carp::croak('usage: $ftp->mkdir($dir[, $recurse])');
    my ($self, $dir, $recurse) = @_;
    $self->_ok_cmd('MKD', $dir) || $recurse or return;
    my $path = $dir;
    unless ($self->ok) {
        my @path = split m#(?=/+)#, $dir;
        $path = '';
        while (@path) {
            $path .= shift @path;
            $self->_ok_cmd('MKD', $path);
            $path = $self->_extract_path($path);
        }
        unless ($self->ok) {
            # Net::FTP keeps ->status (the first digit) as the code here: ->code says 5, ->ok says true
            my ($code, @message) = ($self->status, $self->message);
            my $pwd = $self->pwd;
            if ($pwd && $self->cwd($dir)) {
                $path = $dir;
                $self->cwd($pwd);
            } else {
                undef $path;
            }
            $self->set_status($code, \@message);
        }
    }
    return $path;
}

sub rmdir {
    @_ == 2 || @_ == 3 or Carp::croak('usage: $ftp->rmdir($dir[, $recurse])');
    my ($self, $dir, $recurse) = @_;
    my $ok;
    return $ok if $ok = $self->_ok_cmd('RMD', $dir) or !$recurse;
    # vsftpd has no MLSD: the NLST fallback Net::FTP takes then
    my @filelist = grep { !/^\.{1,2}$/ } $self->ls($dir);
    return unless @filelist;
    return $self->delete($dir) if @filelist == 1 and $dir eq $filelist[0];
    for my $file (map { m,/, ? $_ : "$dir/$_" } @filelist) {
        next if $self->delete($file);
        return $ok unless $ok = $self->rmdir($file, 1);
    }
    return $self->_ok_cmd('RMD', $dir);
}

sub size {
    my ($self, $file) = @_;
    if ($self->supported('SIZE')) {
        return $self->_ok_cmd('SIZE', $file) ? ($self->message =~ /(\d+)\s*(bytes?\s*)?$/)[0] : undef;
    }
    my @files = $self->dir($file);
    return (split /\s+/, $1)[4] if @files && $files[0] =~ /^([-rwxSsTt]{10}.*)$/;
    return undef;
}

sub mdtm {
    my ($self, $file) = @_;
    return $self->_ok_cmd('MDTM', $file)
        && $self->message =~ /((\d\d)(\d\d\d?))(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/
        ? Time::Local::timegm($8, $7, $6, $5, $4 - 1, $2 eq '19' ? ($3 + 1900) : $1)
        : undef;
}

sub feature {
    @_ == 2 or Carp::croak('usage: $ftp->feature($name)');
    my ($self, $name) = @_;
    my $feature = $self->{_feature} ||= do {
        my @feat;
        @feat = map { /^\s+(.*\S)/ } $self->message if $self->_ok_cmd('FEAT');
        \@feat;
    };
    return grep { /^\Q$name\E\b/i } @$feature;
}

sub supported {
    @_ == 2 or Carp::croak('usage: $ftp->supported($cmd)');
    my $self = shift;
    my $cmd = uc shift;
    my $hash = $self->{_supported} ||= {};
    return $hash->{$cmd} if exists $hash->{$cmd};
    return $hash->{$cmd} = 1 if $self->feature($cmd);
    return $hash->{$cmd} = 0 unless $self->_ok_cmd('HELP', $cmd);
    my $text = $self->message;
    if ($text =~ /following.+commands/i) {
        $text =~ s/^.*\n//;
        while ($text =~ /(\*?)(\w+)(\*?)/sg) { $hash->{"\U$2"} = !length("$1$3") }
    } else {
        $hash->{$cmd} = $text !~ /unimplemented/i;
    }
    return $hash->{$cmd} ||= 0;
}

sub restart {
    @_ == 2 || Carp::croak('usage: $ftp->restart($where)');
    my ($self, $where) = @_;
    $self->{_rest} = $where;
    return;
}

# The daemon is the FTP client: data connections are always passive (PASV/EPSV
# from the daemon); Passive => 0 and active-mode calls map to that.
sub pasv { my $self = shift; $self->{_passive} = 1; return 1 }
sub passive { my ($self, $on) = @_; my $old = $self->{_passive}; $self->{_passive} = $on if @_ > 1; return $old }
sub port { my $self = shift; $self->{_code} = '502'; $self->{_resp} = ["active mode (PORT) is not available through cpan-bridge: transfers use passive mode\n"]; return }
sub eprt { return shift->port(@_) }
sub epsv { return 1 }

sub _is_fh { my $x = shift; return ref($x) || ref(\$x) eq 'GLOB' }

# the old bridge transferred binary without being asked; its type was never sent before a transfer
sub _old_type {
    my $self = shift;
    return unless $self->{_old} && !$self->{_type_sent};
    $self->_cmd('TYPE', 'I');
    $self->{_type_sent} = 1;
}

sub _local_failed {
    my ($self, $what, $file, $err) = @_;
    my $d = $err->{data} || {};
    return 0 unless ($d->{backend_code} || '') eq 'ftp_local' || ($err->{type} || '') =~ /^(?:path_forbidden|invalid_params)$/;
    if (($err->{type} || '') eq 'path_forbidden') { $! = _errno_value('EACCES') } else { _set_errno($d->{errno}) }
    Carp::carp("Cannot $what Local file $file: $!\n");
    return 1;
}

sub get {
    my ($self, $remote, $local, $where) = @_;
    my $localfd = _is_fh($local);
    ($local = $remote) =~ s#^.*/## unless defined $local;
    Carp::croak("Bad remote filename '$remote'\n") if $remote =~ /[\r\n]/s;
    $self->{_rest} = $where if defined $where;
    my $rest = delete $self->{_rest};
    $self->_old_type;
    my %p = (remote => $remote, type => $self->{_type}, $rest ? (rest => $rest + 0) : ());
    if ($localfd) {
        my ($r, $err) = $self->_call('ftp.read', \%p, { packed => 1, long => 1 });
        return unless $r;
        binmode $local if $self->{_type} eq 'I';
        my $content = $r->{content};
        $content = $$content if ref $content;
        local $\;
        unless (print $local $content) {
            Carp::carp("Cannot write to Local file $local: $!\n");
            return;
        }
        return $local;
    }
    my ($r, $err) = $self->_call('ftp.get', { %p, local => $local, block_size => 0 + $self->{_blksize} }, { long => 1 });
    unless ($r) {
        $self->_local_failed('open', $local, $err);
        return;
    }
    return $local;
}

sub put        { return shift->_store_cmd('stor', @_) }
sub put_unique { return shift->_store_cmd('stou', @_) }
sub append     { return shift->_store_cmd('appe', @_) }

sub _store_cmd {
    my ($self, $cmd, $local, $remote) = @_;
    my $localfd = _is_fh($local);
    if (!defined($remote) and 'STOU' ne uc($cmd)) {
        Carp::croak('Must specify remote filename with stream input') if $localfd;
        $remote = File::Basename::basename($local);
    }
    Carp::croak("Bad remote filename '$remote'\n") if defined($remote) and $remote =~ /[\r\n]/s;
    # Net::FTP sends ALLO only for active-mode transfers; the bridge's are passive
    delete $self->{_allo};
    $self->_old_type;
    my %p = (command => uc $cmd, type => $self->{_type}, block_size => 0 + $self->{_blksize}, defined $remote ? (remote => $remote) : ());
    if ($localfd) {
        binmode $local if $self->{_type} eq 'I';
        my $data = do { local $/; my $d = readline $local; defined $d ? $d : '' };
        $p{content} = CPANBridge->bytes($data);
    } else {
        unless (-e $local && -r _) {
            Carp::carp("Cannot open Local file $local: $!\n");
            return;
        }
        $p{local} = $local;
    }
    my ($r, $err) = $self->_call('ftp.put', \%p, { long => 1 });
    unless ($r) {
        $self->_local_failed('open', $local, $err) unless $localfd;
        return;
    }
    # the name comes in the 150 reply (vsftpd: "FILE: name"), or the final one
    $remote = (join('', @{ $r->{preliminary}{message} || [] }) =~ /\w+\s*:\s*(.*)/)[0] if 'STOU' eq uc $cmd;
    if ('STOU' eq uc $cmd and $self->message =~ m/unique\s+file\s*name\s*:\s*(.*)\)|"(.*)"/) {
        $remote = File::Basename::basename($+);
    }
    $self->{_unique} = $remote if 'STOU' eq uc $cmd;
    return $remote;
}

sub unique_name { my $self = shift; return $self->{_unique} || undef }

sub ls  { return shift->_list_cmd('NLST', @_) }
sub dir { return shift->_list_cmd('LIST', @_) }
sub lsl { Carp::carp("Use of Net::FTP::lsl deprecated, use 'dir'") if $^W; goto &dir }

sub _list_cmd {
    my ($self, $verb, @args) = @_;
    my ($r) = $self->_call('ftp.list', { command => $verb, @args && defined $args[0] ? (path => join(' ', @args)) : () }, { packed => 1, long => 1 });
    return unless $r;
    my $buf = $r->{data};
    $buf = $$buf if ref $buf;
    $buf = '' unless defined $buf;
    $buf =~ s/\015\012/\n/sg;
    my $list = [ split /\n/, $buf ];
    return wantarray ? @$list : $list;
}

sub quit {
    my $self = shift;
    return 1 unless defined $self->{_id};
    $self->_debug_print(1, 'QUIT');
    my ($r) = $self->_call('ftp.close', {});
    delete @{$self}{qw(_id _connection_id)};
    return $r && defined $r->{code} && $r->{code} =~ /^2/ ? 1 : '';
}

sub close {
    my $self = shift;
    return 1 unless defined $self->{_id};
    my $id = delete $self->{_id};
    delete $self->{_connection_id};
    _bridge()->rpc('ftp.close', { ftp_id => $id });
    return 1;
}

sub DESTROY {
    my $self = shift;
    return unless defined $self->{_id} && $self->{_pid} == $$;
    return if ${^GLOBAL_PHASE} eq 'DESTRUCT';    # the session's end closes it
    local ($@, $!, $?);
    eval { $self->close };
}

# Methods of the real module that need a data connection held open by the script
# (retr/stor/list returning a Net::FTP::dataconn) are not provided: the daemon
# owns data connections. They fail as a refused command would.
for my $m (qw(retr stor stou appe nlst list pasv_xfer pasv_xfer_unique pasv_wait)) {
    no strict 'refs';
    *{"Net::FTP::$m"} = sub {
        my $self = shift;
        $self->{_code} = '502';
        $self->{_resp} = ["Net::FTP::$m (a data connection held by the script) is not available through cpan-bridge\n"];
        return;
    };
}

1;

__END__

=head1 NAME

Net::FTP - drop-in Net::FTP whose FTP connections are made by the cpan-bridge daemon

=head1 SYNOPSIS

  use Net::FTP;    # perl/compat first on PERL5LIB, or `use FTPHelper;` (the old name)

  my $ftp = Net::FTP->new('ftp.example.com', Port => 21, Timeout => 60, Passive => 1)
      or die "Cannot connect: $@";
  $ftp->login($user, $password) or die 'Cannot login: ', $ftp->message;
  $ftp->cwd('/outgoing') or die 'cwd: ', $ftp->code, ' ', $ftp->message;
  $ftp->binary;
  $ftp->put('report.csv') or die 'put failed: ', $ftp->message;
  $ftp->get('in.csv', 'local.csv') or die 'get failed: ', $ftp->message;
  my @names = $ftp->ls;
  $ftp->quit;

  # FTPS: explicit (AUTH TLS before login) or implicit (SSL => 1)
  my $ftps = Net::FTP->new($host, SSL_ca_file => $ca);
  $ftps->starttls or die $ftps->message;
  my $imp = Net::FTP->new($host, Port => 990, SSL => 1, SSL_verify_mode => 0);

=head1 DESCRIPTION

Net::FTP 3.14's interface: the daemon (module C<ftp>) holds the control
connection, one per object, as a handle of the script's session, and makes
the data connections; every command's reply (code and text, as the server
worded them) comes back, so C<code>, C<message>, C<ok> and C<status> are
the server's. Local file names are the script's (relative to its cwd,
within C<CPAN_BRIDGE_ALLOWED_PATHS>); transfers stream in the daemon.

Where it differs from the real module:

=over

=item * Data connections are always passive (the daemon is the client):
C<Passive =E<gt> 0>, C<FTP_PASSIVE=0> and C<pasv> are accepted and change
nothing; C<port>/C<eprt> fail with code 502. C<LocalAddr>, C<Domain>,
C<Firewall*> and C<Hash> are ignored.

=item * C<get> writes to a temporary name beside the local file and renames
it only once the transfer (and in binary mode the size the server announced)
checked out: a failed get leaves no partial file, and an existing file is
replaced rather than truncated. A resumed get (C<restart> / C<$where>)
appends in place, as the real one does.

=item * With C<SSL =E<gt> 1> the daemon sends C<PBSZ 0> and C<PROT P> before
the first data connection (the real module marks its data connections TLS
without telling the server, which servers such as vsftpd refuse); calling
C<prot('P')> first works as well.

=item * C<get> to a filehandle and C<put> from one move the whole file
through memory (the daemon cannot reach the script's handle); with file
names both stream.

=item * Of the C<SSL_*> options only C<SSL_ca_file> (a file of the script's,
sent to the daemon) and C<SSL_verify_mode> (0 turns verification off) are
used; the certificate is otherwise checked against the system's CAs and the
host name or address, as IO::Socket::SSL does by default. Client
certificates (C<SSL_cert_file>) and C<SSL_ca_path> are not supported.
C<Timeout> bounds the connect and every later wait in the daemon.

=item * C<retr>, C<stor>, C<stou>, C<appe>, C<list>, C<nlst> (which hand the
script a data connection), C<pasv_xfer> and C<stoptls> are not provided.
C<$ftp> is a hash object, not an IO::Socket.

=back

ASCII type (the default, as in Net::FTP) converts line endings as Net::FTP
does: CRLF to LF on get, LF to CRLF on put, in C<BlockSize> chunks.

=cut
