package CPANBridge::LWP::Transport;
# ABSTRACT: one HTTP exchange of the LWP::UserAgent facade: an HTTP::Request in, an HTTP::Response out, via http.request

use strict;
use warnings;

our $VERSION = '1.00';

use CPANBridge ();
use CPANBridge::Packed ();
use HTTP::Response ();
use HTTP::Status ();
use HTTP::Date ();

my $BRIDGE;
# The daemon enforces the script's timeout (connect and between reads); a
# 100 MB download to a file is one reply, so the client waits as long as it takes.
sub bridge { $BRIDGE ||= CPANBridge->new(timeout => 86400) }

my %PACKED = (packed => 1);

# The ssl_opts keys the daemon knows; the rest (SSL_version, SSL_cipher_list...) are IO::Socket::SSL's and not sent.
my %SSL_KEYS = (verify_hostname => 1, SSL_ca_file => 1, SSL_verify_mode => 1, SSL_cert_file => 1, SSL_key_file => 1);

=head1 NAME

CPANBridge::LWP::Transport - one request of the LWP::UserAgent facade over the daemon's http.request

=head1 SYNOPSIS

  my $res = CPANBridge::LWP::Transport::send($ua, $request, $proxy_uri, $arg, $size);

=head1 DESCRIPTION

What LWP::Protocol::http does for LWP::UserAgent, with the socket in the
daemon: the headers LWP adds on the wire (Host, basic auth from the URL's
userinfo, Content-Length), the first block of the body from the reply and
the rest with C<http.read_body>, C<:content_file> (a file name: written by
the daemon; an open handle: written here), C<:content_cb> called per block,
C<max_size>, and the response headers LWP adds (Client-Peer,
Client-Response-Num, Client-Transfer-Encoding). A transport failure is the
C<500> internal response LWP makes, with C<Client-Warning: Internal response>.

=cut

sub _internal {
    my ($request, $code, $message, $full) = @_;
    $message ||= HTTP::Status::status_message($code);
    my $r = HTTP::Response->new($code, $message);
    $r->request($request);
    $r->header('Client-Date' => HTTP::Date::time2str(time));
    $r->header('Client-Warning' => 'Internal response');
    $r->header('Content-Type' => 'text/plain');
    $r->content(defined $full ? $full : "$code $message\n");
    return $r;
}

# SSL_ca_path (a directory of PEM certificates, as OpenSSL's c_rehash leaves it): the daemon takes one CA
# file, so its certificates are put in one, once per directory and process
my %CA_PATH;
sub _ca_path_file {
    my ($dir) = @_;
    return $CA_PATH{$dir} if $CA_PATH{$dir};
    require File::Temp;
    my ($fh, $name) = File::Temp::tempfile('cb-ca-XXXXXX', TMPDIR => 1, UNLINK => 1);
    if (opendir my $d, $dir) {
        my %seen;
        for my $f (sort grep { !/^\./ } readdir $d) {
            open my $in, '<', "$dir/$f" or next;
            local $/;
            my $pem = <$in>;
            next unless defined $pem;
            while ($pem =~ /(-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----)/sg) { print $fh "$1\n" unless $seen{$1}++ }
        }
    }
    close $fh;
    return $CA_PATH{$dir} = $name;
}

sub _bytes { my $c = $_[0]; return ref $c ? $$c : defined $c ? $c : '' }

sub send {
    my ($ua, $request, $proxy, $arg, $size) = @_;
    my $url = $request->uri;
    my $method = $request->method;
    unless ($method =~ /^[A-Za-z0-9_!\#\$%&\'*+\-.^\`|~]+$/) {
        return HTTP::Response->new(HTTP::Status::RC_BAD_REQUEST(), "Library does not allow method $method for '" . $url->scheme . ":' URLs");
    }
    my $h = $request->headers->clone;
    my $authority = $url->authority;
    $authority = '' unless defined $authority;
    if ($authority =~ s/^([^\@]*)\@//) {
        if (!$h->header('Authorization')) {
            LWP::UserAgent::_need('URI::Escape');
            $h->authorization_basic(map { URI::Escape::uri_unescape($_) } split(':', $1, 2));
        }
    }
    $h->init_header('Host' => $authority);
    if ($proxy && $url->scheme ne 'https') {
        my $p_auth = $proxy->userinfo;
        if (defined $p_auth) {
            LWP::UserAgent::_need('URI::Escape');
            $h->proxy_authorization_basic(map { URI::Escape::uri_unescape($_) } split(':', $p_auth, 2));
        }
    }
    my @h;
    $h->scan(sub { my ($k, $v) = @_; $k =~ s/^://; $v =~ tr/\n/ /; push @h, [$k, "$v"] });

    my $cref = $request->content_ref;
    $cref = $$cref if ref $$cref;
    my $content;
    if (ref $cref eq 'CODE') {
        # LWP streams a code ref chunked; the daemon takes the whole body
        $content = '';
        while (1) { my $b = $cref->(); last unless defined $b && length $b; $content .= $b }
    } elsif (defined $$cref && length $$cref) {
        $content = $$cref;
    }
    # Content-Length as LWP::Protocol::http sets it: kept in place when right, fixed (with its warning) when not
    my $clen = $h->header('Content-Length');
    my $drop = sub { @h = grep { lc $_->[0] ne 'content-length' } @h };
    if (defined $content && length $content) {
        utf8::downgrade($content, 1) or return _internal($request, 500, 'Wide character in request content',
            "Wide character in request content: encode it (Encode::encode_utf8) before sending\n");
        my $len = length $content;
        if (!defined $clen || $clen ne $len) {
            if (defined $clen) { warn "Content-Length header value was wrong, fixed"; $drop->() }
            push @h, ['Content-Length', "$len"];
        }
    } else {
        $content = undef;
        if ($clen) { warn "Content-Length set when there is no content, fixed"; $drop->() }
    }

    (my $target = "$url") =~ s{^(\w+://)[^/\@?#]*\@}{$1};
    my %p = (method => $method, url => $target, headers => \@h, timeout => 0 + ($ua->{timeout} || 0));
    if ($url->scheme eq 'https') {
        my $so = $ua->{ssl_opts} || {};
        my %s = map { ($_ => $so->{$_}) } grep { $SSL_KEYS{$_} && defined $so->{$_} } keys %$so;
        $s{SSL_ca_file} = _ca_path_file($so->{SSL_ca_path}) if !defined $s{SSL_ca_file} && defined $so->{SSL_ca_path};
        # the flags as 0/1; the file names as the script gave them (the daemon reads them relative to its cwd)
        $s{$_} = 0 + ($s{$_} ? 1 : 0) for grep { !/_file\z/ } keys %s;
        $s{$_} = "$s{$_}" for grep { /_file\z/ } keys %s;
        $p{ssl_opts} = \%s if %s;
    }
    $p{proxy} = $proxy->scheme . '://' . $proxy->host_port if $proxy;
    my $max_size = $ua->{max_size};
    $p{max_size} = 0 + $max_size if defined $max_size;
    my ($file, $fh, $cb);
    if (defined $arg) {
        if (ref $arg eq 'CODE') { $cb = $arg }
        elsif (ref $arg || ref \$arg eq 'GLOB') { $fh = $arg }
        else { $file = $arg; $p{content_file} = $file }
    }
    $p{first_block} = 0 + $size if $size && !defined $file;

    my %o = %PACKED;
    $o{packed_params} = { content => CPANBridge::Packed::encode(CPANBridge::bytes($content)) } if defined $content;
    my ($r, $err) = bridge()->rpc('http.request', \%p, \%o);
    unless ($r) {
        my $msg = $err->{message};
        if (defined $file && ($err->{data}{field} || $msg) =~ /content_file/) {
            # LWP opens the file once the response is a success and dies into X-Died when it cannot
            $r = undef;
            my $res = HTTP::Response->new(500, 'Internal Server Error');
            $res->request($request);
            $res->push_header('X-Died' => "Can't write to '$file': " . ($err->{data}{reason} || $msg));
            $res->push_header('Client-Aborted' => 'die');
            return $res;
        }
        return _internal($request, 500, "cpan-bridge: $msg");
    }
    my $late = $r->{error};
    if ($late && !@{ $r->{headers} || [] }) {
        my $msg = $r->{message} || $r->{error}{message};
        # LWP's content is the die text: for a failed connect, the status line, a blank line and the socket's reason
        # (IO::Socket::SSL's wording of a certificate that fails to verify, with OpenSSL 3's code)
        my $why = $msg =~ /^Can't connect to \S+ \((.*)\)$/ ? $1 : undef;
        $why = 'SSL connect attempt failed error:0A000086:SSL routines::certificate verify failed'
            if defined $why && $why eq 'certificate verify failed';
        my $full = defined $why ? "$msg\n\n$why\n" : "$msg\n";
        return _internal($request, $r->{code} || 500, $msg, $full);
    }
    my $res = HTTP::Response->new($r->{code}, $r->{message});
    $res->protocol($r->{protocol} || 'HTTP/1.1');
    my @te;
    {
        local $HTTP::Headers::TRANSLATE_UNDERSCORE;
        my @flat;
        for (@{ $r->{headers} || [] }) {
            if (lc $_->[0] eq 'transfer-encoding') { push @te, $_->[1]; next }
            push @flat, $_->[0], $_->[1];
        }
        $res->push_header(@flat) if @flat;
    }
    $res->request($request);
    $res->header('Client-Peer' => $r->{peer}) if defined $r->{peer};
    if (my $t = $r->{tls}) {
        # LWP::Protocol::https's headers; its warning comes from the options, as LWP decides it
        $res->header('Client-SSL-Version' => $t->{version}) if defined $t->{version};
        $res->header('Client-SSL-Cipher' => $t->{cipher});
        if (defined $t->{cert_subject}) {
            $res->header('Client-SSL-Cert-Subject' => $t->{cert_subject});
            $res->header('Client-SSL-Cert-Issuer' => $t->{cert_issuer});
        }
        my $so = $ua->{ssl_opts} || {};
        $res->push_header('Client-SSL-Warning' => 'Peer certificate not verified')
            unless $so->{SSL_verify_mode} || $so->{verify_hostname};
        $res->header('Client-SSL-Socket-Class' => 'IO::Socket::SSL');
    }
    $res->push_header('Client-Transfer-Encoding' => \@te) if @te;
    # the daemon's connections are always kept alive; LWP without keep_alive opens one per request, so says 1
    $res->push_header('Client-Response-Num' => $ua->{conn_cache} && $r->{response_num} || 1);

    # LWP runs these between the headers and the body; the checks keep a request without handlers cheap
    my $hs = $ua->{handlers};
    $ua->run_handlers('response_header', $res) if $hs && $hs->{response_header} || $res->{handlers};
    my @data_h = $hs && $hs->{response_data} || $res->{handlers} ? $ua->handlers('response_data', $res) : ();
    my $success = $res->is_success;
    my $block = _bytes($r->{content});
    my $more = $r->{more};
    my $sink;
    if (defined $file && defined $r->{content_file_bytes} && !$success) {
        # LWP writes only a success's body to the file; a daemon that wrote another's: into content
        if (open my $in, '<:raw', $file) { local $/; my $c = <$in>; close $in; $res->content($c) }
        unlink $file;
        $sink = sub { $res->add_content($_[0]) };
    } elsif (defined $file) {
        # the daemon wrote a success's body to the file; the rest (another status's body) is content
        $sink = sub { $res->add_content($_[0]) };
    } elsif ($cb && $success) {
        $sink = sub { $cb->($_[0], $res, undef); 1 };
    } elsif ($fh && $success) {
        binmode $fh;
        $sink = sub { local $\; print $fh $_[0] or die "Can't write to '$arg': $!" };
    } else {
        unless (@data_h) {
            # the common case: the first block becomes the content without a copy through add_content
            my $c = $block;
            $block = '';
            $res->content_ref(\$c);
        }
        $sink = sub { $res->add_content($_[0]) };
    }
    # a failure after the headers (a body cut short, a read timeout, the file not writable) ends the body as LWP's
    # collect() does: X-Died and Client-Aborted: die, except that LWP takes a short body (truncated) as it came
    my $died = $late && ($late->{kind} || '') ne 'truncated' ? $late->{message} : undef;
    if ($late && !defined $died && defined $file) {
        # LWP would leave the part that came in the file and say 200; the daemon leaves no partial file, so
        # the response must say the file was not written (mirror dies with this, as LWP's does on a short file)
        my $len = $res->header('Content-Length');
        $died = 'Transfer truncated: the server closed the connection before '
            . (defined $len ? "all $len bytes" : 'the end of the body') . " came; '$file' was not written";
    }
    if (@data_h) {
        # response_data handlers see each block first; one returning false is not called again
        my $inner = $sink;
        my %skip;
        $sink = sub {
            for my $h (@data_h) { next if $skip{$h}; $skip{$h} = 1 unless $h->{callback}->($res, $ua, $h, $_[0]) }
            $inner->($_[0]);
        };
    }
    my $ok = eval {
        while (1) {
            $sink->($block) if length $block;
            last unless defined $more;
            my ($b, $e) = bridge()->rpc('http.read_body', { body => $more, $size ? (max_bytes => 0 + $size) : () }, \%PACKED);
            if (!$b) { $died = $e->{message}; last }
            $block = _bytes($b->{content});
            $more = undef if $b->{eof};
            if ($b->{error}) {
                $sink->($block) if length $block;
                # LWP takes a body cut short of its Content-Length as it came
                $died = $b->{error}{message} unless ($b->{error}{kind} || '') eq 'truncated';
                last;
            }
        }
        1;
    };
    unless ($ok) {
        ($died = $@) =~ s/ at \S+ line \d+\.?\n?\z//;
        chomp $died;
    }
    eval { bridge()->rpc('http.close_body', { body => $more }) } if defined $more && defined $died;
    $res->push_header('Client-Aborted' => 'max_size') if ($r->{aborted} || '') eq 'max_size';
    if (defined $died) {
        $res->push_header('X-Died' => $died);
        $res->push_header('Client-Aborted' => 'die');
    }
    return $res;
}

1;
