package HTTP::Cookies;
# ABSTRACT: drop-in HTTP::Cookies 6.10 in core Perl: the cookie jar LWP::UserAgent keeps

use strict;
use warnings;
# The real module runs without warnings: an undefined cookie value or
# version, or a relative URL, must not print anything a script's log or
# cron mail did not get before.
no warnings qw(uninitialized numeric misc);
use Carp ();
# As the real module: its dates (Expires, saved expires=) and header words
# come from these two, here perl/compat's facades of them.
use HTTP::Date qw(str2time parse_date time2str);
use HTTP::Headers::Util qw(_split_header_words join_header_words);

our $VERSION = '6.10';
our $EPOCH_OFFSET = 0;

require HTTP::Cookies::Netscape;

# Storage is the real module's, which some scripts read directly:
#   $self->{COOKIES}{$domain}{$path}{$key} =
#     [$version, $value, $port, $path_spec, $secure, $expires, $discard, \%rest]
# with trailing undefined elements dropped.

sub new {
    my $class = shift;
    my $self = bless { COOKIES => {} }, $class;
    my %cnf = @_;
    $self->{ lc $_ } = $cnf{$_} for keys %cnf;
    $self->load;
    return $self;
}

sub add_cookie_header {
    my $self = shift;
    my $request = shift || return;
    my $url = $request->uri;
    my $scheme = $url->scheme;
    return unless $scheme =~ /^https?\z/;
    my ($cval, $cookie2) = $self->_matching($url, _host($request, $url));
    $request->header(Cookie2 => '$Version="1"') if $cookie2;
    if (@$cval) {
        if (my $old = $request->header('Cookie')) {
            unshift @$cval, $old;
        }
        $request->header(Cookie => join '; ', @$cval);
    }
    return $request;
}

# The Cookie header's parts for a request to $url whose host is $domain, and
# whether the real module would add "Cookie2: $Version=1" (a version-0
# cookie was sent and hide_cookie2 is off). Returns ([], 0) for non-http(s).
sub _matching {
    my ($self, $url, $domain) = @_;
    my $scheme = $url->scheme;
    return ([], 0) unless defined $scheme && $scheme =~ /^https?\z/;
    $domain = "$domain.local" unless $domain =~ /\./;
    my $secure_request = $scheme eq 'https';
    my $req_path = _url_path($url);
    my $req_port = $url->port;
    my $now = time();
    _normalize_path($req_path) if $req_path =~ /%/;

    my (@cval, $set_ver, $cookie2);
    my $netscape_only = 0;    # after a leading-dot domain, RFC 2965 cookies no longer apply
    while ($domain =~ /\./) {
        if (my $cookies = $self->{COOKIES}{$domain}) {
            for my $path (sort { length($b) <=> length($a) } keys %$cookies) {
                next if index($req_path, $path) != 0;
                for my $key (keys %{ $cookies->{$path} }) {
                    my ($version, $val, $port, $path_spec, $secure, $expires) = @{ $cookies->{$path}{$key} };
                    next if $secure && !$secure_request;
                    next if $expires && $expires < $now;
                    if ($port) {
                        my $found;
                        if ($port =~ s/^_//) {
                            $found = 1 if $port eq $req_port;
                            $port = '';
                        }
                        else {
                            $found = grep { $_ eq $req_port } split /,/, $port;
                        }
                        next unless $found;
                    }
                    next if $version > 0 && $netscape_only;

                    if (!$set_ver++) {
                        if ($version >= 1) {
                            push @cval, "\$Version=$version";
                        }
                        elsif (!$self->{hide_cookie2}) {
                            $cookie2 = 1;
                        }
                    }
                    if ($val =~ /\W/ && $version) {
                        $val =~ s/([\\\"])/\\$1/g;
                        $val = qq("$val");
                    }
                    push @cval, "$key=$val";
                    if ($version >= 1) {
                        push @cval, qq(\$Path="$path") if $path_spec;
                        push @cval, qq(\$Domain="$domain") if $domain =~ /^\./;
                        if (defined $port) {
                            push @cval, '$Port' . (length $port ? qq(="$port") : '');
                        }
                    }
                }
            }
        }
        if ($domain =~ s/^\.+//) {
            $netscape_only = 1;
        }
        else {
            $domain =~ s/[^.]*//;
            $netscape_only = 0;
        }
    }
    return (\@cval, $cookie2);
}

sub get_cookies {
    my $self = shift;
    my $url = shift;
    $url = "https://$url" unless $url =~ m,^[a-zA-Z][a-zA-Z0-9.+\-]*:,;
    require URI;
    $url = URI->new($url);
    my $host = $url->can('host') ? $url->host : undef;
    my ($cval) = $self->_matching($url, lc(defined $host ? $host : ''));
    my %cookies = map { split /=/, $_, 2 } @$cval;
    if (@_) {
        return map { $cookies{$_} } @_ if wantarray;
        return $cookies{ $_[0] };
    }
    return \%cookies;
}

sub extract_cookies {
    my $self = shift;
    my $response = shift || return;

    my @set = _split_header_words($response->header('Set-Cookie2'));
    my @ns_set = $response->header('Set-Cookie');
    return $response unless @set || @ns_set;

    my $request = $response->request;
    my $url = $request->uri;
    my $req_host = _host($request, $url);
    $req_host = "$req_host.local" unless $req_host =~ /\./;
    my $req_port = $url->port;
    my $req_path = _url_path($url);
    _normalize_path($req_path) if $req_path =~ /%/;

    if (@ns_set) {
        # Netscape cookies become RFC 2965 ones marked ns-cookie; a name the
        # response also set with Set-Cookie2 keeps that one.
        my $now = time();
        my %in_set2 = map { ($_->[0] => 1) } @set;
        for my $line (@ns_set) {
            (my $set = $line) =~ s/^\s+//;
            my (@cur, $expires);
            my $first = 1;
            for my $param (@{ _split_text($set) }) {
                next unless length $param;
                my ($k, $v) = split /\s*=\s*/, $param, 2;
                if (defined $v) { $v =~ s/\s+$// }
                else            { $k =~ s/\s+$// }
                if (!$first && lc $k eq 'expires') {
                    my $etime = str2time($v);
                    if (defined $etime) {
                        push @cur, 'Max-Age' => $etime - $now;
                        $expires++;
                    }
                    else {
                        # a date str2time cannot place: only its year counts
                        my ($year) = parse_date($v);
                        if ($year) {
                            my $thisyear = (gmtime)[5] + 1900;
                            if ($year < $thisyear) {
                                push @cur, 'Max-Age' => -1;
                                $expires++;
                            }
                            elsif ($year >= $thisyear + 10) {
                                push @cur, 'Max-Age' => 10 * 365 * 24 * 60 * 60;
                                $expires++;
                            }
                        }
                    }
                }
                elsif (!$first && lc $k eq 'max-age') {
                    $expires++;
                }
                elsif (!$first && lc($k) =~ /^(?:version|discard|ns-cookie)/) {
                    # a server may not set these on a Netscape cookie
                }
                else {
                    push @cur, $k => $v;
                }
                $first = 0;
            }
            next unless @cur;
            next if $in_set2{ $cur[0] };
            push @cur, 'Discard' => undef unless $expires;
            push @cur, 'Version' => 0;
            push @cur, 'ns-cookie' => 1;
            push @set, \@cur;
        }
    }

  SET_COOKIE:
    for my $set (@set) {
        next unless @$set >= 2;
        my @attrs = @$set;
        my $key = shift @attrs;
        my $val = shift @attrs;
        my %hash;
        while (@attrs) {
            my $k = shift @attrs;
            my $v = shift @attrs;
            my $lc = lc $k;
            $k = $lc if $lc =~ /^(?:discard|domain|max-age|path|port|secure|version)$/;
            $v = 1 if ($k eq 'discard' || $k eq 'secure') && !defined $v;
            next if exists $hash{$k};    # the first value counts
            $hash{$k} = $v;
        }
        my %orig_hash = %hash;
        my $version = delete $hash{version};
        $version = 1 unless defined $version;
        my $discard = delete $hash{discard};
        my $secure = delete $hash{secure};
        my $maxage = delete $hash{'max-age'};
        my $ns_cookie = delete $hash{'ns-cookie'};

        my $domain = delete $hash{domain};
        $domain = lc $domain if defined $domain;
        if (defined $domain && $domain ne $req_host && $domain ne ".$req_host") {
            next SET_COOKIE if $domain !~ /\./ && $domain ne 'local';
            $domain = ".$domain" unless $domain =~ /^\./;
            next SET_COOKIE if $domain =~ /\.\d+$/;
            my $len = length $domain;
            next SET_COOKIE unless substr($req_host, -$len) eq $domain;
            my $hostpre = substr $req_host, 0, length($req_host) - $len;
            next SET_COOKIE if $hostpre =~ /\./ && !$ns_cookie;
        }
        else {
            $domain = $req_host;
        }

        my $path = delete $hash{path};
        my $path_spec;
        if (defined $path && $path ne '') {
            $path_spec++;
            _normalize_path($path) if $path =~ /%/;
            next SET_COOKIE if !$ns_cookie && substr($req_path, 0, length $path) ne $path;
        }
        else {
            $path = $req_path;
            $path =~ s,/[^/]*$,,;
            $path = '/' unless length $path;
        }

        my $port;
        if (exists $hash{port}) {
            $port = delete $hash{port};
            if (defined $port) {
                $port =~ s/\s+//g;
                my $found;
                for my $p (split /,/, $port) {
                    next SET_COOKIE unless $p =~ /^\d+$/;
                    $found++ if $p eq $req_port;
                }
                next SET_COOKIE unless $found;
            }
            else {
                $port = "_$req_port";
            }
        }
        $self->set_cookie($version, $key, $val, $path, $domain, $port, $path_spec, $secure, $maxage, $discard, \%hash)
            if $self->set_cookie_ok(\%orig_hash);
    }
    return $response;
}

sub set_cookie_ok { 1 }

sub set_cookie {
    my $self = shift;
    my ($version, $key, $val, $path, $domain, $port, $path_spec, $secure, $maxage, $discard, $rest) = @_;
    return $self if !defined $path || $path !~ m,^/, || !defined $key || $key =~ m,^\$,;
    return $self if defined $port && $port !~ /^_?\d+(?:,\d+)*$/;
    my $expires;
    if (defined $maxage) {
        if ($maxage <= 0) {
            delete $self->{COOKIES}{$domain}{$path}{$key};
            return $self;
        }
        $expires = time() + $maxage;
    }
    $version = 0 unless defined $version;
    my @array = ($version, $val, $port, $path_spec, $secure, $expires, $discard);
    push @array, {%$rest} if defined $rest && %$rest;
    pop @array while !defined $array[-1];
    $self->{COOKIES}{$domain}{$path}{$key} = \@array;
    return $self;
}

sub save {
    my $self = shift;
    my %args = (
        file => $self->{file},
        ignore_discard => $self->{ignore_discard},
        @_ == 1 ? (file => $_[0]) : @_,
    );
    Carp::croak('Unexpected argument to save method') if keys %args > 2;
    my $file = $args{file} || return;
    open my $fh, '>', $file or die "Can't open $file: $!";
    print {$fh} "#LWP-Cookies-1.0\n";
    print {$fh} $self->as_string(!$args{ignore_discard});
    close $fh or die "Can't close $file: $!";
    return 1;
}

sub load {
    my $self = shift;
    my $file = shift || $self->{file} || return;
    local $/ = "\n";
    open my $fh, '<', $file or return;
    my $magic = <$fh>;
    chomp $magic if defined $magic;
    unless (defined $magic && $magic =~ /^#LWP-Cookies-\d+\.\d+/) {
        warn "$file does not seem to contain cookies";
        return;
    }
    while (my $line = <$fh>) {
        chomp $line;
        next unless $line =~ s/^Set-Cookie3:\s*//;
        for my $cookie (_split_header_words($line)) {
            my ($key, $val) = splice @$cookie, 0, 2;
            my %hash;
            while (@$cookie) {
                my $k = shift @$cookie;
                $hash{$k} = shift @$cookie;
            }
            my $version = delete $hash{version};
            my $path = delete $hash{path};
            my $domain = delete $hash{domain};
            my $port = delete $hash{port};
            my $expires = str2time(delete $hash{expires});
            my $path_spec = exists $hash{path_spec}; delete $hash{path_spec};
            my $secure = exists $hash{secure};       delete $hash{secure};
            my $discard = exists $hash{discard};     delete $hash{discard};
            my @array = ($version, $val, $port, $path_spec, $secure, $expires, $discard);
            push @array, \%hash if %hash;
            $self->{COOKIES}{$domain}{$path}{$key} = \@array;
        }
    }
    return 1;
}

sub revert {
    my $self = shift;
    $self->clear->load;
    return $self;
}

sub clear {
    my $self = shift;
    if    (@_ == 0) { $self->{COOKIES} = {} }
    elsif (@_ == 1) { delete $self->{COOKIES}{ $_[0] } }
    elsif (@_ == 2) { delete $self->{COOKIES}{ $_[0] }{ $_[1] } }
    elsif (@_ == 3) { delete $self->{COOKIES}{ $_[0] }{ $_[1] }{ $_[2] } }
    else            { Carp::carp('Usage: $c->clear([domain [,path [,key]]])') }
    return $self;
}

sub clear_temporary_cookies {
    my ($self) = @_;
    return $self->scan(sub {
        if ($_[9] || !$_[8]) {    # discard set, or no expiry: a session cookie
            $_[8] = -1;
            $self->set_cookie(@_);
        }
    });
}

sub DESTROY {
    my $self = shift;
    local ($., $@, $!, $^E, $?);
    $self->save if $self->{autosave};
    return;
}

sub scan {
    my ($self, $cb) = @_;
    for my $domain (sort keys %{ $self->{COOKIES} }) {
        for my $path (sort keys %{ $self->{COOKIES}{$domain} }) {
            for my $key (sort keys %{ $self->{COOKIES}{$domain}{$path} }) {
                my ($version, $val, $port, $path_spec, $secure, $expires, $discard, $rest) =
                    @{ $self->{COOKIES}{$domain}{$path}{$key} };
                $rest = {} unless defined $rest;
                $cb->($version, $key, $val, $path, $domain, $port, $path_spec, $secure, $expires, $discard, $rest);
            }
        }
    }
    # no return: callers (clear_temporary_cookies) pass on what the loop leaves, as the real one
}

sub as_string {
    my ($self, $skip_discard) = @_;
    my @res;
    $self->scan(sub {
        my ($version, $key, $val, $path, $domain, $port, $path_spec, $secure, $expires, $discard, $rest) = @_;
        return if $discard && $skip_discard;
        my @h = ($key, $val, path => $path, domain => $domain);
        push @h, port => $port if defined $port;
        push @h, path_spec => undef if $path_spec;
        push @h, secure => undef if $secure;
        push @h, expires => HTTP::Date::time2isoz($expires) if $expires;
        push @h, discard => undef if $discard;
        push @h, $_, $rest->{$_} for sort keys %$rest;
        push @h, version => $version;
        push @res, 'Set-Cookie3: ' . join_header_words(\@h);
    });
    return join "\n", @res, '';
}

sub _host {
    my ($request, $url) = @_;
    if (my $h = $request->header('Host')) {
        $h =~ s/:\d+$//;
        return lc $h;
    }
    return lc $url->host;
}

sub _url_path {
    my $url = shift;
    my $path = $url->can('epath') ? $url->epath : $url->path;
    return length $path ? $path : '/';
}

# %XX decoded except %2F and %25, then controls, space and 8-bit bytes
# re-encoded, so paths compare as plain strings.
sub _normalize_path {
    $_[0] =~ s{%([0-9a-fA-F][0-9a-fA-F])}{ my $x = uc $1; $x eq '2F' || $x eq '25' ? "%$x" : pack('C', hex $x) }eg;
    $_[0] =~ s/([\0-\x20\x7f-\xff])/sprintf('%%%02X', ord $1)/eg;
    return;
}

# A Set-Cookie line into its ;-separated parts; quotes group, backslash escapes.
sub _split_text {
    my $val = shift;
    my @vals = grep { $_ ne '' } split /([;\\"])/, $val;
    my (@chunks, @current);
    my $in_string = 0;
    for (my $i = 0; $i < @vals; $i++) {
        my $chunk = $vals[$i];
        if ($in_string) {
            if ($chunk eq '\\') {
                $i++;
                push @current, $vals[$i] if $i < @vals;
            }
            elsif ($chunk eq '"') {
                $in_string = 0;
            }
            else {
                push @current, $chunk;
            }
        }
        elsif ($chunk eq '"') {
            $in_string = 1;
        }
        elsif ($chunk eq ';') {
            push @chunks, join '', @current;
            @current = ();
        }
        else {
            push @current, $chunk;
        }
    }
    push @chunks, join '', @current if @current;
    s/^\s+// for @chunks;
    return \@chunks;
}

1;

__END__

=head1 NAME

HTTP::Cookies - HTTP cookie jars (cpan-bridge facade of HTTP::Cookies 6.10, core Perl)

=head1 SYNOPSIS

  use HTTP::Cookies;
  my $jar = HTTP::Cookies->new(file => "$ENV{HOME}/cookies.dat", autosave => 1);
  $ua->cookie_jar($jar);                 # LWP::UserAgent does the rest:
  $jar->add_cookie_header($request);     #   Cookie: for the request's URL
  $jar->extract_cookies($response);      #   Set-Cookie / Set-Cookie2 of the response
  $jar->set_cookie(0, 'sid', 'abc', '/', 'example.com', undef, 1, 0, 3600);
  $jar->scan(sub { my ($version, $key, $val, $path, $domain) = @_; ... });
  print $jar->as_string;                 # Set-Cookie3: lines
  $jar->save; $jar->load; $jar->revert; $jar->clear; $jar->clear_temporary_cookies;
  my $h = $jar->get_cookies('example.com');

Same methods, arguments, internal storage (C<< $jar->{COOKIES} >>), file
format (C<#LWP-Cookies-1.0> / C<Set-Cookie3:>, byte for byte) and cookie
rules (domain, path, port, secure, Max-Age/Expires, Discard, HttpOnly kept
as an attribute) as HTTP::Cookies 6.10. It talks to requests and responses
only through their documented methods (C<uri>, C<header>, C<request>), so it
works with the real HTTP::Message classes and with cpan-bridge's.

=head1 DIFFERENCES FROM HTTP::Cookies

Dates and header words come from HTTP::Date and HTTP::Headers::Util, as in
the real module (imported the same way); with perl/compat first on C<@INC>
those are cpan-bridge's facades, whose table of named time zones stands in
for Time::Zone. C<get_cookies> does not build an
HTTP::Request (same result). The C<delayload> option of
HTTP::Cookies::Microsoft is not supported (no HTTP::Cookies::Microsoft).

Warnings: the real module has no C<use warnings>, so it is quiet, except
under C<perl -w> (C<$^W>), where it prints "Use of uninitialized value" for
value-less cookies (C<Set-Cookie: name>) and relative request URLs. The
facade is quiet in both cases.

=cut
