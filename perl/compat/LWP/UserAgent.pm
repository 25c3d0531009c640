package LWP::UserAgent;
# ABSTRACT: drop-in LWP::UserAgent 6.68 whose connections are made (and kept alive) by the cpan-bridge daemon

use strict;
use warnings;

our $VERSION = '6.68';

use Carp ();
use HTTP::Request ();
use HTTP::Response ();
use HTTP::Headers ();
use HTTP::Status ();
use HTTP::Date ();
use URI ();
# URI loads a scheme's class when it first meets the scheme, from @INC as it is then; loaded here, with
# the facade's own @INC, so an old-name script (perl/lib alone) gets perl/compat's
use URI::http ();
use URI::https ();
use CPANBridge::LWP::Handlers ();
use CPANBridge::LWP::Transport ();

$HTTP::URI_CLASS ||= 'URI';

# A module loaded when first needed, as LWP loads it, from perl/compat: a script of the old names
# (HTTPHelper, perl/lib alone on @INC) has no perl/compat on @INC by the time it makes requests.
# One already loaded (whichever copy) is used as it is.
# From this file's own perl/compat when its path is absolute, as CPANBridge::Compat::load does it
# but without loading Cwd and File::Spec for it (a script's first get paid 2-7 ms for them).
my %NEEDED;
my ($OWN_DIR) = __FILE__ =~ m{\A(/.*)/LWP/UserAgent\.pm\z};
sub _need {
    my ($module) = @_;
    return 1 if $NEEDED{$module};
    (my $file = "$module.pm") =~ s{::}{/}g;
    return $NEEDED{$module} = 1 if $INC{$file};
    if (defined $OWN_DIR && -f "$OWN_DIR/$file") {
        local @INC = ($OWN_DIR, grep { ref $_ || $_ ne $OWN_DIR } @INC);
        require $file;
        return $NEEDED{$module} = 1;
    }
    require CPANBridge::Compat;
    return CPANBridge::Compat::load($module);
}

# LWP's handler phases; a name outside them (a typo) would never run, so it croaks
my %PHASE = map { ($_ => 1) } qw(request_preprepare request_prepare request_send response_header response_data
    response_done response_redirect);
my %SCHEME = (http => 1, https => 1);

sub new {
    Carp::croak('Options to LWP::UserAgent should be key/value pairs, not hash reference') if ref($_[1]) eq 'HASH';
    my ($class, %cnf) = @_;
    my $agent = delete $cnf{agent};
    my $from = delete $cnf{from};
    my $def_headers = delete $cnf{default_headers};
    my $timeout = delete $cnf{timeout};
    $timeout = 3 * 60 unless defined $timeout;
    my $local_address = delete $cnf{local_address};
    Carp::carp('LWP::UserAgent (cpan-bridge): local_address is not supported; the daemon connects from its own address')
        if defined $local_address;
    my $ssl_opts = delete $cnf{ssl_opts} || {};
    unless (exists $ssl_opts->{verify_hostname}) {
        if (exists $ENV{PERL_LWP_SSL_VERIFY_HOSTNAME}) { $ssl_opts->{verify_hostname} = $ENV{PERL_LWP_SSL_VERIFY_HOSTNAME} }
        elsif ($ENV{HTTPS_CA_FILE} || $ENV{HTTPS_CA_DIR}) { $ssl_opts->{verify_hostname} = 0; $ssl_opts->{SSL_verify_mode} = 1 }
        else { $ssl_opts->{verify_hostname} = 1 }
    }
    unless (exists $ssl_opts->{SSL_ca_file}) {
        if (my $ca = $ENV{PERL_LWP_SSL_CA_FILE} || $ENV{HTTPS_CA_FILE}) { $ssl_opts->{SSL_ca_file} = $ca }
    }
    unless (exists $ssl_opts->{SSL_ca_path}) {
        if (my $p = $ENV{PERL_LWP_SSL_CA_PATH} || $ENV{HTTPS_CA_DIR}) { $ssl_opts->{SSL_ca_path} = $p }
    }
    my $use_eval = delete $cnf{use_eval};
    $use_eval = 1 unless defined $use_eval;
    my $parse_head = delete $cnf{parse_head};
    my $send_te = delete $cnf{send_te};
    $send_te = 1 unless defined $send_te;
    my $show_progress = delete $cnf{show_progress};
    my $max_size = delete $cnf{max_size};
    my $max_redirect = delete $cnf{max_redirect};
    $max_redirect = 7 unless defined $max_redirect;
    my $env_proxy = exists $cnf{env_proxy} ? delete $cnf{env_proxy} : $ENV{PERL_LWP_ENV_PROXY};
    my $no_proxy = exists $cnf{no_proxy} ? delete $cnf{no_proxy} : [];
    Carp::croak(qq{no_proxy must be an arrayref, not $no_proxy!}) if ref $no_proxy ne 'ARRAY';
    my $cookie_jar = delete $cnf{cookie_jar};
    my $conn_cache = delete $cnf{conn_cache};
    my $keep_alive = delete $cnf{keep_alive};
    Carp::croak("Can't mix conn_cache and keep_alive") if $conn_cache && $keep_alive;
    my $protocols_allowed = delete $cnf{protocols_allowed};
    my $protocols_forbidden = delete $cnf{protocols_forbidden};
    my $requests_redirectable = delete $cnf{requests_redirectable};
    $requests_redirectable = ['GET', 'HEAD'] unless defined $requests_redirectable;
    Carp::croak("protocols_allowed has to be an arrayref or 0, not \"$protocols_allowed\"!")
        if $protocols_allowed and ref($protocols_allowed) ne 'ARRAY';
    Carp::croak("protocols_forbidden has to be an arrayref or 0, not \"$protocols_forbidden\"!")
        if $protocols_forbidden and ref($protocols_forbidden) ne 'ARRAY';
    Carp::croak("requests_redirectable has to be an arrayref or 0, not \"$requests_redirectable\"!")
        if $requests_redirectable and ref($requests_redirectable) ne 'ARRAY';
    my $proxy = exists $cnf{proxy} ? delete $cnf{proxy} : undef;
    Carp::carp("Unrecognized LWP::UserAgent options: @{[sort keys %cnf]}") if %cnf && $^W;

    my $self = bless {
        def_headers => $def_headers, timeout => $timeout, local_address => $local_address,
        ssl_opts => $ssl_opts, use_eval => $use_eval, show_progress => $show_progress,
        max_size => $max_size, max_redirect => $max_redirect, proxy => {}, no_proxy => [@$no_proxy],
        protocols_allowed => $protocols_allowed, protocols_forbidden => $protocols_forbidden,
        requests_redirectable => $requests_redirectable, send_te => $send_te,
        parse_head => defined $parse_head ? $parse_head : 1,
    }, ref($class) || $class;
    $self->agent(defined $agent ? $agent : $self->_agent)
        if defined $agent || !$def_headers || !$def_headers->header('User-Agent');
    $self->from($from) if $from;
    $self->cookie_jar($cookie_jar) if $cookie_jar;
    $self->env_proxy if $env_proxy;
    if (defined $proxy) {
        Carp::croak(qq{proxy must be an arrayref, not $proxy!}) if ref $proxy ne 'ARRAY';
        $self->proxy($proxy);
    }
    $conn_cache ||= { total_capacity => $keep_alive } if $keep_alive;
    $self->conn_cache($conn_cache) if $conn_cache;
    return $self;
}

# ---- plain accessors -------------------------------------------------------

sub _elem {
    my ($self, $elem, @v) = @_;
    my $old = $self->{$elem};
    $self->{$elem} = $v[0] if @v;
    return $old;
}

sub timeout               { return shift->_elem('timeout', @_) }
sub local_address         { return shift->_elem('local_address', @_) }
sub max_size              { return shift->_elem('max_size', @_) }
sub max_redirect          { return shift->_elem('max_redirect', @_) }
sub show_progress         { return shift->_elem('show_progress', @_) }
sub send_te               { return shift->_elem('send_te', @_) }
sub use_eval              { return shift->_elem('use_eval', @_) }

# HTML head parsing (Title, X-Meta-* headers) is not done; the flag is kept for scripts that read it back
sub parse_head { my $self = shift; my $old = $self->{parse_head}; $self->{parse_head} = shift if @_; return !!$old }

sub protocols_allowed {
    my $self = shift;
    my $old = $self->{protocols_allowed} ||= [];
    if (@_) {
        if (!$_[0] || (ref $_[0] eq 'ARRAY' && !@{ $_[0] })) { delete $self->{protocols_allowed} }
        else { $self->{protocols_allowed} = [map { lc } @{ ref $_[0] ? $_[0] : [@_] }] }
    }
    return wantarray ? @$old : $old;
}

sub protocols_forbidden {
    my $self = shift;
    my $old = $self->{protocols_forbidden} ||= [];
    if (@_) {
        if (!$_[0] || (ref $_[0] eq 'ARRAY' && !@{ $_[0] })) { delete $self->{protocols_forbidden} }
        else { $self->{protocols_forbidden} = [map { lc } @{ ref $_[0] ? $_[0] : [@_] }] }
    }
    return wantarray ? @$old : $old;
}

sub requests_redirectable {
    my $self = shift;
    my $old = $self->{requests_redirectable} ||= [];
    if (@_) {
        if (!$_[0] || (ref $_[0] eq 'ARRAY' && !@{ $_[0] })) { delete $self->{requests_redirectable} }
        else { $self->{requests_redirectable} = [@{ ref $_[0] ? $_[0] : [@_] }] }
    }
    return wantarray ? @$old : $old;
}

# LWP keeps an LWP::ConnCache here; the daemon pools connections across scripts whatever it holds
sub conn_cache { return shift->_elem('conn_cache', @_) }

sub ssl_opts {
    my $self = shift;
    return $self->{ssl_opts}{ $_[0] } if @_ == 1;
    if (@_) {
        my $old;
        while (@_) {
            my ($k, $v) = splice(@_, 0, 2);
            $old = $self->{ssl_opts}{$k} unless @_;
            if (defined $v) { $self->{ssl_opts}{$k} = $v } else { delete $self->{ssl_opts}{$k} }
        }
        return $old;
    }
    return sort keys %{ $self->{ssl_opts} };
}

sub _agent { return "libwww-perl/$VERSION" }

sub agent {
    my $self = shift;
    if (@_) {
        my $agent = shift;
        if ($agent) { $agent .= $self->_agent if $agent =~ /\s+$/ } else { undef $agent }
        return $self->default_header('User-Agent', $agent);
    }
    return $self->default_header('User-Agent');
}

sub from { my $self = shift; return $self->default_header('From', @_) }

sub default_headers {
    my $self = shift;
    my $old = $self->{def_headers} ||= HTTP::Headers->new;
    if (@_) {
        Carp::croak('default_headers not set to HTTP::Headers compatible object')
            unless @_ == 1 && $_[0]->can('header_field_names');
        $self->{def_headers} = shift;
    }
    return $old;
}

sub default_header { my $self = shift; return $self->default_headers->header(@_) }

sub clone {
    my $self = shift;
    my $copy = bless {%$self}, ref $self;
    delete $copy->{handlers};
    delete $copy->{conn_cache};
    for my $k (qw(proxy no_proxy requests_redirectable ssl_opts)) {
        next unless $copy->{$k};
        $copy->{$k} = ref $copy->{$k} eq 'ARRAY' ? [@{ $copy->{$k} }] : ref $copy->{$k} eq 'HASH' ? {%{ $copy->{$k} }} : $copy->{$k};
    }
    $copy->{def_headers} = $self->{def_headers}->clone if $self->{def_headers};
    $copy->set_my_handler('request_preprepare', \&_need_proxy) if %{ $copy->{proxy} || {} };
    $copy->cookie_jar(undef);
    return $copy;
}

sub is_online { return 1 }

sub progress { return }

# ---- handlers --------------------------------------------------------------

sub add_handler {
    my ($self, $phase, $cb, %spec) = @_;
    Carp::croak("LWP::UserAgent (cpan-bridge): there is no handler phase '" . (defined $phase ? $phase : '')
        . "' (phases: " . join(', ', sort keys %PHASE) . ')') unless defined $phase && $PHASE{$phase};
    $spec{line} ||= join(':', (caller)[1, 2]);
    my $conf = $self->{handlers}{$phase} ||= CPANBridge::LWP::Handlers->new;
    $conf->add(%spec, callback => $cb);
    return;
}

sub set_my_handler {
    my ($self, $phase, $cb, %spec) = @_;
    $spec{owner} = (caller(1))[3] unless exists $spec{owner};
    $self->remove_handler($phase, %spec);
    $spec{line} ||= join(':', (caller)[1, 2]);
    $self->add_handler($phase, $cb, %spec) if $cb;
    return;
}

sub get_my_handler {
    my $self = shift;
    my $phase = shift;
    my $init = @_ % 2 ? pop : undef;
    my %spec = @_;
    my $conf = $self->{handlers}{$phase};
    unless ($conf) {
        return unless $init;
        $conf = $self->{handlers}{$phase} = CPANBridge::LWP::Handlers->new;
    }
    $spec{owner} = (caller(1))[3] unless exists $spec{owner};
    my @h = $conf->find(%spec);
    if (!@h && $init) {
        if (ref $init eq 'CODE') { $init->(\%spec) }
        elsif (ref $init eq 'HASH') { $spec{$_} = $init->{$_} for keys %$init }
        $spec{callback} ||= sub { };
        $spec{line} ||= join(':', (caller)[1, 2]);
        $conf->add(\%spec);
        return \%spec;
    }
    return wantarray ? @h : $h[0];
}

sub remove_handler {
    my ($self, $phase, %spec) = @_;
    if ($phase) {
        my $conf = $self->{handlers}{$phase} || return;
        my @h = $conf->remove(%spec);
        delete $self->{handlers}{$phase} if $conf->empty;
        return @h;
    }
    return unless $self->{handlers};
    return map { $self->remove_handler($_) } sort keys %{ $self->{handlers} };
}

sub handlers {
    my ($self, $phase, $o) = @_;
    my @h;
    push @h, @{ $o->{handlers}{$phase} } if $o->{handlers} && $o->{handlers}{$phase};
    if (my $conf = $self->{handlers}{$phase}) { push @h, $conf->matching($o) }
    return @h;
}

sub run_handlers {
    my ($self, $phase, $o) = @_;
    # five phases a request, most of them with no handler: no list built for those
    return undef unless $self->{handlers} && $self->{handlers}{$phase} || $o->{handlers} && $o->{handlers}{$phase};
    # $_[2], not $o: a callback may replace the object (request_prepare is documented to allow it)
    if (defined wantarray) {
        for my $h ($self->handlers($phase, $o)) {
            my $ret = $h->{callback}->($_[2], $self, $h);
            return $ret if $ret;
        }
        return undef;
    }
    $_->{callback}->($_[2], $self, $_) for $self->handlers($phase, $o);
    return;
}

# ---- cookies, credentials, proxies -----------------------------------------

sub cookie_jar {
    my $self = shift;
    my $old = $self->{cookie_jar};
    if (@_) {
        my $jar = shift;
        if (ref $jar eq 'HASH') {
            _need('HTTP::Cookies');
            $jar = HTTP::Cookies->new(%$jar);
        }
        $self->{cookie_jar} = $jar;
        $self->set_my_handler('request_prepare', $jar ? sub {
            return if $_[0]->header('Cookie');
            $jar->add_cookie_header($_[0]);
        } : undef);
        $self->set_my_handler('response_done', $jar ? sub { $jar->extract_cookies($_[0]) } : undef);
    }
    return $old;
}

sub credentials {
    my $self = shift;
    my $netloc = lc(shift || '');
    my $realm = shift || '';
    my $old = $self->{basic_authentication}{$netloc}{$realm};
    $self->{basic_authentication}{$netloc}{$realm} = [@_] if @_;
    return unless $old;
    return wantarray ? @$old : join(':', @$old);
}

sub get_basic_credentials {
    my ($self, $realm, $uri, $proxy) = @_;
    return if $proxy;
    return $self->credentials($uri->host_port, $realm);
}

sub _need_proxy {
    my ($req, $ua) = @_;
    return if exists $req->{proxy};
    my $proxy = $ua->{proxy}{ $req->uri->scheme } || return;
    if ($ua->{no_proxy}) {
        if (my $host = eval { $req->uri->host }) {
            for my $domain (@{ $ua->{no_proxy} }) { return if $host =~ /\Q$domain\E$/ }
        }
    }
    $req->{proxy} = $HTTP::URI_CLASS->new($proxy);
    return;
}

sub proxy {
    my $self = shift;
    my $key = shift;
    if (!@_ && ref $key eq 'ARRAY') {
        die 'odd number of items in proxy arrayref!' unless @$key % 2 == 0;
        return map { $self->proxy($key->[2 * $_], $key->[2 * $_ + 1]) } (0 .. @$key / 2 - 1);
    }
    return map { $self->proxy($_, @_) } @$key if ref $key;
    Carp::croak("'$key' is not a valid URI scheme") unless $key =~ /^[a-zA-Z][a-zA-Z0-9.+\-]*\z/;
    my $old = $self->{proxy}{$key};
    if (@_) {
        my $url = shift;
        if (defined $url && length $url) {
            Carp::croak("Proxy must be specified as absolute URI; '$url' is not") unless $url =~ /^[a-zA-Z][a-zA-Z0-9.+\-]*:/;
            Carp::croak("Bad http proxy specification '$url'") if $url =~ /^https?:/ && $url !~ m{^https?://[\w[]};
        }
        $self->{proxy}{$key} = $url;
        $self->set_my_handler('request_preprepare', \&_need_proxy);
    }
    return $old;
}

sub env_proxy {
    my ($self) = @_;
    my $cgi = $ENV{REQUEST_METHOD};
    my %seen;
    for my $k (sort keys %ENV) {
        my $real = $k;
        my $v = $ENV{$k} or next;
        if ($cgi) {
            # under CGI, HTTP_PROXY is the client's Proxy: header
            next if $k =~ /^HTTP_/;
            $k = 'HTTP_PROXY' if $k eq 'CGI_HTTP_PROXY';
        }
        $k = lc $k;
        if (my $from = $seen{$k}) {
            warn "Environment contains multiple differing definitions for '$k'.\n"
                . "Using value from '$from' ($ENV{$from}) and ignoring '$real' ($v)" if $v ne $ENV{$from};
            next;
        }
        $seen{$k} = $real;
        next unless $k =~ /^(.*)_proxy$/;
        $k = $1;
        if ($k eq 'no') { $self->no_proxy(split /\s*,\s*/, $v) }
        elsif ($SCHEME{$k}) { $self->proxy($k, $v) }
    }
    return;
}

sub no_proxy {
    my ($self, @no) = @_;
    if (@no) { push @{ $self->{no_proxy} }, @no } else { $self->{no_proxy} = [] }
    return;
}

sub is_protocol_supported {
    my ($self, $scheme) = @_;
    if (ref $scheme) { $scheme = $scheme->scheme }
    else {
        Carp::croak("Illegal scheme '$scheme' passed to is_protocol_supported") if $scheme =~ /\W/;
        $scheme = lc $scheme;
    }
    my $x;
    if (ref $self and $x = $self->{protocols_allowed}) { return 0 unless grep { lc $_ eq $scheme } @$x }
    elsif (ref $self and $x = $self->{protocols_forbidden}) { return 0 if grep { lc $_ eq $scheme } @$x }
    return $SCHEME{$scheme} ? 1 : 0;
}

# ---- requests --------------------------------------------------------------

sub _new_response {
    my ($request, $code, $message, $content) = @_;
    $message ||= HTTP::Status::status_message($code);
    my $response = HTTP::Response->new($code, $message);
    $response->request($request);
    $response->header('Client-Date' => HTTP::Date::time2str(time));
    $response->header('Client-Warning' => 'Internal response');
    $response->header('Content-Type' => 'text/plain');
    $response->content($content || "$code $message\n");
    return $response;
}

sub prepare_request {
    my ($self, $request) = @_;
    die "Method missing" unless $request->method;
    my $url = $request->uri;
    die "URL missing" unless $url;
    die "URL must be absolute" unless $url->scheme;
    $self->run_handlers('request_preprepare', $request);
    if (my $def = $self->{def_headers}) {
        for my $h ($def->header_field_names) { $request->init_header($h => [$def->header($h)]) }
    }
    $self->run_handlers('request_prepare', $request);
    return $request;
}

sub send_request {
    my ($self, $request, $arg, $size) = @_;
    my $url = $request->uri;
    my $scheme = $url->scheme;
    local $SIG{__DIE__};
    my $response = $self->run_handlers('request_send', $request);
    unless ($response) {
        my $x;
        my $nogo = ($x = $self->{protocols_allowed}) ? !grep({ lc $_ eq $scheme } @$x)
            : ($x = $self->{protocols_forbidden}) ? scalar grep({ lc $_ eq $scheme } @$x) : 0;
        my $proxy = $request->{proxy};
        my $pscheme = $proxy ? $proxy->scheme : $scheme;
        if ($nogo) {
            # LWP::Protocol::nogo's answer: a bare response, not an internal one
            $response = HTTP::Response->new(HTTP::Status::RC_INTERNAL_SERVER_ERROR(), "Access to '$scheme' URIs has been disabled");
        } elsif (!$SCHEME{$pscheme}) {
            $response = _new_response($request, HTTP::Status::RC_NOT_IMPLEMENTED(),
                "Protocol scheme '$pscheme' is not supported");
        } elsif ($self->{use_eval}) {
            $response = eval { CPANBridge::LWP::Transport::send($self, $request, $proxy, $arg, $size) };
            unless ($response) {
                my $full = $@;
                (my $status = $full) =~ s/\n.*//s;
                $status =~ s/ at .* line \d+.*//s;
                my $code = ($status =~ s/^(\d\d\d)\s+//) ? $1 : HTTP::Status::RC_INTERNAL_SERVER_ERROR();
                $response = _new_response($request, $code, $status, $full);
            }
        } else {
            $response = CPANBridge::LWP::Transport::send($self, $request, $proxy, $arg, $size);
        }
    }
    $response->request($request);
    $response->header('Client-Date' => HTTP::Date::time2str(time));
    $self->run_handlers('response_done', $response);
    return $response;
}

sub simple_request {
    my ($self, $request, $arg, $size) = @_;
    if (defined $request) {
        if (ref $request) {
            Carp::croak('You need a request object, not a ' . ref($request) . ' object')
                if ref $request eq 'ARRAY' or ref $request eq 'HASH' or !$request->can('method') or !$request->can('uri');
        } else {
            Carp::croak("You need a request object, not '$request'");
        }
    } else {
        Carp::croak('No request object passed in');
    }
    my $ok = eval { $request = $self->prepare_request($request); 1 };
    unless ($ok) {
        (my $error = $@) =~ s/ at .* line \d+.*//s;
        return _new_response($request, HTTP::Status::RC_BAD_REQUEST(), $error);
    }
    return $self->send_request($request, $arg, $size);
}

sub request {
    my ($self, $request, $arg, $size, $previous) = @_;
    my $response = $self->simple_request($request, $arg, $size);
    $response->previous($previous) if $previous;
    if ($response->redirects >= $self->{max_redirect}) {
        $response->header('Client-Warning' => "Redirect loop detected (max_redirect = $self->{max_redirect})")
            if $response->header('Location');
        return $response;
    }
    if (my $req = $self->run_handlers('response_redirect', $response)) {
        return $self->request($req, $arg, $size, $response);
    }
    my $code = $response->code;
    if ($code == 301 || $code == 302 || $code == 303 || $code == 307 || $code == 308) {
        my $referral = $request->clone;
        $referral->remove_header('Host', 'Cookie');
        $referral->remove_header('Referer')
            if $referral->header('Referer') && $request->uri->scheme eq 'https' && $referral->uri->scheme eq 'http';
        if ($code == 303 || $code == 302) {
            my $method = uc $referral->method;
            unless ($method eq 'GET' || $method eq 'HEAD') {
                $referral->method('GET');
                $referral->content('');
                $referral->remove_content_headers;
            }
        }
        my $location = $response->header('Location');
        {
            local $URI::ABS_ALLOW_RELATIVE_SCHEME = 1;
            my $base = $response->base;
            $location = '' unless defined $location;
            $location = $HTTP::URI_CLASS->new($location, $base)->abs($base);
        }
        $referral->uri($location);
        return $response unless $self->redirect_ok($referral, $response);
        return $self->request($referral, $arg, $size, $response);
    }
    if ($code == 401 || $code == 407) {
        my $proxy = $code == 407;
        my $ch_header = $proxy || $request->method eq 'CONNECT' ? 'Proxy-Authenticate' : 'WWW-Authenticate';
        my @challenges = $response->header($ch_header);
        unless (@challenges) {
            $response->header('Client-Warning' => 'Missing Authenticate header');
            return $response;
        }
        for my $challenge (@challenges) {
            my ($scheme, $params) = _challenge($challenge);
            unless (defined $scheme && $scheme =~ /^([a-z]+(?:-[a-z]+)*)$/) {
                $response->header('Client-Warning' => "Bad authentication scheme '" . (defined $scheme ? $scheme : '') . "'");
                return $response;
            }
            unless ($scheme eq 'basic') {
                $response->header('Client-Warning' => "Unsupported authentication scheme '$scheme'");
                next;
            }
            my $re = $self->_basic_auth($proxy, $params, $response, $request, $arg, $size);
            next if $re->code == 401;
            return $re;
        }
        return $response;
    }
    return $response;
}

# 'Basic realm="x", charset=UTF-8' -> ('basic', {realm => 'x', charset => 'UTF-8'}), as HTTP::Headers::Util splits it
sub _challenge {
    my ($c) = @_;
    $c =~ s/^\s+//;
    return unless $c =~ s/^([^\s=;,"]+)//;
    my $scheme = lc $1;
    my %p;
    while ($c =~ /\G[\s,;]*([^\s=;,"]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^;,\s]*)))?/gc) {
        my ($k, $q, $v) = (lc $1, $2, $3);
        ($v = $q) =~ s/\\(.)/$1/g if defined $q;
        $p{$k} = $v;
    }
    return ($scheme, \%p);
}

# LWP::Authen::Basic: a request_prepare handler per host_port and realm adds the header to later requests under the path
sub _basic_auth {
    my ($self, $proxy, $param, $response, $request, $arg, $size) = @_;
    my $realm = $param->{realm} || '';
    my $url = $proxy ? $request->{proxy} : $request->uri_canonical;
    return $response unless $url;
    my $host_port = $url->host_port;
    my $auth_header = $proxy ? 'Proxy-Authorization' : 'Authorization';
    my @m = $proxy ? (m_proxy => $url) : (m_host_port => $host_port);
    push @m, realm => $realm;
    my $h = $self->get_my_handler('request_prepare', @m, sub {
        $_[0]{callback} = sub {
            my ($req, $ua, $h) = @_;
            my ($user, $pass) = $ua->credentials($host_port, $h->{realm});
            if (defined $user) {
                require MIME::Base64;
                $req->header($auth_header => 'Basic ' . MIME::Base64::encode_base64("$user:" . (defined $pass ? $pass : ''), ''));
            }
        };
    });
    $h->{auth_param} = $param;
    my $add_path = sub { (my $p = $url->path) =~ s{[^/]+\z}{}; push @{ $h->{m_path_prefix} }, $p };
    if (!$proxy && !$request->header($auth_header) && $self->credentials($host_port, $realm)) {
        $add_path->();
        return $self->request($request->clone, $arg, $size, $response);
    }
    my ($user, $pass) = $self->get_basic_credentials($realm, $url, $proxy);
    unless (defined $user and defined $pass) {
        $self->set_my_handler('request_prepare', undef, @m);
        return $response;
    }
    my ($olduser, $oldpass) = $self->credentials($host_port, $realm);
    return $response if defined $olduser and defined $oldpass and $user eq $olduser and $pass eq $oldpass;
    $self->credentials($host_port, $realm, $user, $pass);
    $add_path->() unless $proxy;
    return $self->request($request->clone, $arg, $size, $response);
}

sub redirect_ok {
    my ($self, $new_request, $response) = @_;
    my $method = $response->request->method;
    return 0 unless grep { $_ eq $method } @{ $self->{requests_redirectable} || [] };
    if ($new_request->uri->scheme eq 'file') {
        $response->header('Client-Warning' => "Can't redirect to a file:// URL!");
        return 0;
    }
    return 1;
}

# ':content_file', ':content_cb', ':read_size_hint' out of the header list, as LWP takes them
sub _process_colonic_headers {
    my ($self, $args, $start) = @_;
    my ($arg, $size);
    for (my $i = $start; $i < @$args; $i += 2) {
        next unless defined $args->[$i];
        if ($args->[$i] eq ':content_cb') {
            $arg = $args->[$i + 1];
            Carp::croak("A :content_cb value can't be undef") unless defined $arg;
            Carp::croak('A :content_cb value must be a coderef') unless ref $arg and UNIVERSAL::isa($arg, 'CODE');
        } elsif ($args->[$i] eq ':content_file') {
            $arg = $args->[$i + 1];
            Carp::croak("A :content_file value can't be undef") unless defined $arg;
            unless (defined Scalar::Util::openhandle($arg)) {
                Carp::croak("A :content_file value can't be a reference") if ref $arg;
                Carp::croak("A :content_file value can't be \"\"") unless length $arg;
            }
        } elsif ($args->[$i] eq ':read_size_hint') {
            $size = $args->[$i + 1];
        } else {
            next;
        }
        splice @$args, $i, 2;
        $i -= 2;
    }
    return unless defined $arg;
    return ($arg, $size) if defined $size;
    return $arg;
}

sub _maybe_copy_default_content_type {
    my ($self, $req, undef, @p) = @_;
    my $default = $self->default_header('Content-Type');
    return unless defined $default;
    my $content;
    $content = shift @p if @p and ref $p[0];
    my $ct;
    while (my ($k, $v) = splice(@p, 0, 2)) {
        if (lc $k eq 'content') { $content = $v } elsif (lc $k eq 'content-type') { $ct = $v }
    }
    return if $ct;
    return if defined $content && ref $content;
    $req->header('Content-Type' => $default);
    return;
}

sub get {
    _need('HTTP::Request::Common');
    my ($self, @p) = @_;
    my @suff = $self->_process_colonic_headers(\@p, 1);
    return $self->request(HTTP::Request::Common::GET(@p), @suff);
}

sub head {
    _need('HTTP::Request::Common');
    my ($self, @p) = @_;
    my @suff = $self->_process_colonic_headers(\@p, 1);
    return $self->request(HTTP::Request::Common::HEAD(@p), @suff);
}

sub delete {
    _need('HTTP::Request::Common');
    my ($self, @p) = @_;
    my @suff = $self->_process_colonic_headers(\@p, 1);
    return $self->request(HTTP::Request::Common::DELETE(@p), @suff);
}

sub _with_body {
    my ($self, $method, @p) = @_;
    _need('HTTP::Request::Common');
    my @suff = $self->_process_colonic_headers(\@p, ref $p[1] ? 2 : 1);
    my $req = HTTP::Request::Common->can($method)->(@p);
    $self->_maybe_copy_default_content_type($req, @p);
    return $self->request($req, @suff);
}

sub post  { my $self = shift; return $self->_with_body('POST', @_) }
sub put   { my $self = shift; return $self->_with_body('PUT', @_) }
sub patch { my $self = shift; return $self->_with_body('PATCH', @_) }

sub mirror {
    my ($self, $url, $file) = @_;
    die "Local file name is missing" unless defined $file && length $file;
    my $request = HTTP::Request->new('GET', $url);
    if (-e $file) {
        my ($mtime) = (stat $file)[9];
        $request->header('If-Modified-Since' => HTTP::Date::time2str($mtime)) if $mtime;
    }
    require File::Temp;
    my ($tmpfh, $tmpfile) = File::Temp::tempfile("$file-XXXXXX");
    close($tmpfh) or die "Could not close tmpfile '$tmpfile': $!";
    my $response = $self->request($request, $tmpfile);
    if ($response->header('X-Died')) {
        unlink $tmpfile;
        die $response->header('X-Died');
    }
    if ($response->is_success) {
        my @stat = stat $tmpfile or die "Could not stat tmpfile '$tmpfile': $!";
        my $file_length = $stat[7];
        my ($content_length) = $response->header('Content-length');
        if (defined $content_length and $file_length < $content_length) {
            unlink $tmpfile;
            die "Transfer truncated: only $file_length out of $content_length bytes received\n";
        } elsif (defined $content_length and $file_length > $content_length) {
            unlink $tmpfile;
            die "Content-length mismatch: expected $content_length bytes, got $file_length\n";
        } else {
            require File::Copy;
            File::Copy::move($tmpfile, $file) or die "Cannot rename '$tmpfile' to '$file': $!\n";
            if (defined(my $umask = umask())) {
                my $mode = 0666 & ~$umask;
                chmod $mode, $file or die sprintf("Cannot chmod %o '%s': %s\n", $mode, $file, $!);
            }
            if (my $lm = $response->last_modified) {
                utime $lm, $lm, $file or warn "Cannot update modification time of '$file': $!\n";
            }
        }
    } else {
        unlink $tmpfile;
    }
    return $response;
}

require Scalar::Util;

1;

__END__

=head1 NAME

LWP::UserAgent - drop-in LWP::UserAgent whose HTTP connections the cpan-bridge daemon makes and keeps alive

=head1 SYNOPSIS

  use LWP::UserAgent;       # perl/compat first on PERL5LIB, or `use HTTPHelper;`

  my $ua = LWP::UserAgent->new(timeout => 30, agent => 'report/1.0 ', cookie_jar => {});
  $ua->credentials('api.example.com:443', 'realm', $user, $pass);
  my $res = $ua->post('https://api.example.com/v1/jobs', [ name => 'nightly' ]);
  die $res->status_line unless $res->is_success;
  print $res->decoded_content;

  $ua->get('https://example.com/big.iso', ':content_file' => 'big.iso');
  $ua->mirror('https://example.com/feed.xml', 'feed.xml');

=head1 DESCRIPTION

The same methods, arguments, return values and headers as libwww-perl
6.68's LWP::UserAgent: redirects (C<max_redirect>,
C<requests_redirectable>, 303 to GET, C<previous>), basic auth from
C<credentials> or C<get_basic_credentials> after a 401, cookie jars,
C<proxy>/C<env_proxy>/C<no_proxy>, C<mirror>, C<:content_file>,
C<:content_cb>, C<max_size> (C<Client-Aborted: max_size>), handlers, and
the internal C<500> response with C<Client-Warning: Internal response> for
a failure to connect, a timeout or a TLS error. Each hop is one
C<http.request> to the daemon (L<CPANBridge::LWP::Transport>), which keeps
connections alive per origin across requests and scripts.

=head1 DIFFERENCES FROM THE REAL MODULE

=over

=item * Connections are always kept alive and shared by the daemon;
C<keep_alive> and C<conn_cache> are accepted and kept but change nothing
(C<conn_cache> returns what was set, not an LWP::ConnCache).
C<Client-Response-Num> is 1 (LWP's without keep_alive: a new connection
per request); with C<keep_alive> it is the pooled connection's count, which
may include other scripts' requests.

=item * Only C<http> and C<https> (LWP also has C<ftp>, C<file>, C<data>,
C<mailto>...: those answer 501 "Protocol scheme '...' is not supported").

=item * The request does not carry LWP's C<TE: deflate,gzip;q=0.3> and
C<Connection: TE, close> headers; a request body given as a code ref is
read whole and sent with Content-Length (LWP sends it chunked).

=item * Only the Basic authentication scheme is answered (a Digest or NTLM
challenge gets C<Client-Warning: Unsupported authentication scheme>).

=item * C<parse_head> is accepted but HTML heads are not parsed (no Title or
X-Meta-* headers); C<show_progress> prints nothing; C<local_address> warns
and is not used. C<add_handler> croaks for a
phase name LWP does not have (LWP would keep a handler that never runs).

=item * C<max_size>: the content stops, as LWP's, after the read that
crossed max_size; where that read ends follows LWP's read sizes and the
response head's length, which differ by a few bytes on a kept-alive
connection (the server answers with other Connection headers).

=item * C<ssl_opts>: verify_hostname, SSL_ca_file, SSL_ca_path (its
certificates are sent as one CA file), SSL_verify_mode and a client
certificate (SSL_cert_file, SSL_key_file; PEM) are honoured; other
IO::Socket::SSL options (SSL_version, SSL_cipher_list, ...) are kept but
not used.

=item * A C<:content_file> body cut short (the connection closed before
Content-Length's bytes came): LWP leaves the part in the file and answers
200; the daemon writes no partial file, so the response gets C<X-Died>
("Transfer truncated: ...") and C<Client-Aborted: die>.

=back

=cut
