package HTTP::Cookies;
# ABSTRACT: drop-in HTTP::Cookies 6.10 in core Perl: the cookie jar LWP::UserAgent keeps

use strict;
use warnings;
# The real module runs without warnings: an undefined cookie value or
# version, or a relative URL, must not print anything a script's log or
# cron mail did not get before.
no warnings qw(uninitialized numeric misc);
use Carp ();
use Time::Local ();

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
                    my $etime = _str2time($v);
                    if (defined $etime) {
                        push @cur, 'Max-Age' => $etime - $now;
                        $expires++;
                    }
                    else {
                        # a date str2time cannot place: only its year counts
                        my ($year) = _parse_date($v);
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
            my $expires = _str2time(delete $hash{expires});
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
        push @h, expires => _time2isoz($expires) if $expires;
        push @h, discard => undef if $discard;
        push @h, $_, $rest->{$_} for sort keys %$rest;
        push @h, version => $version;
        push @res, 'Set-Cookie3: ' . _join_header_words(\@h);
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

# HTTP::Headers::Util's header-word parsing and joining (names keep their case).
sub _split_header_words {
    my @res;
    for my $text (@_) {
        local $_ = $text;
        my @cur;
        while (length) {
            if (s/^\s*(=*[^\s=;,]+)//) {
                push @cur, $1;
                if (s/^\s*=\s*\"([^\"\\]*(?:\\.[^\"\\]*)*)\"//) {
                    (my $v = $1) =~ s/\\(.)/$1/g;
                    push @cur, $v;
                }
                elsif (s/^\s*=\s*([^;,\s]*)//) {
                    (my $v = $1) =~ s/\s+$//;
                    push @cur, $v;
                }
                else {
                    push @cur, undef;
                }
            }
            elsif (s/^\s*,//) {
                push @res, [@cur] if @cur;
                @cur = ();
            }
            elsif (s/^\s*;// || s/^\s+// || s/^=//) {
            }
            else {
                die "This should not happen: '$_'";
            }
        }
        push @res, \@cur if @cur;
    }
    return @res;
}

sub _join_header_words {
    my @res;
    for my $words (@_) {
        my @cur = @$words;
        my @attr;
        while (@cur) {
            my $k = shift @cur;
            my $v = shift @cur;
            if (defined $v) {
                if ($v =~ /[\x00-\x20()<>@,;:\\\"\/\[\]?={}\x7F-\xFF]/ || !length $v) {
                    $v =~ s/([\"\\])/\\$1/g;
                    $k .= qq(="$v");
                }
                else {
                    $k .= "=$v";
                }
            }
            push @attr, $k;
        }
        push @res, join '; ', @attr if @attr;
    }
    return join ', ', @res;
}

# HTTP::Date's parsing, which the real module uses for Expires and for the
# expires= of saved files.
my @MONTHS = qw(Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec);
my %MONTH;
@MONTH{@MONTHS} = (1 .. 12);
my %GMT = map { ($_ => 1) } qw(GMT UTC UT Z);
# Named zones as Time::Zone knows them (HTTP::Date uses it when installed).
my %ZONE = (
    wet => 0, wat => -1, at => -2, fnt => -2, brt => -3, mnt => -4, ewt => -4, ast => -4, est => -5, act => -5,
    cst => -6, mst => -7, pst => -8, akst => -9, yst => -9, hst => -10, cat => -10, ahst => -10, nt => -11,
    idlw => -12, cet => 1, mez => 1, ect => 1, met => 1, mewt => 1, swt => 1, set => 1, fwt => 1, eet => 2,
    ukr => 2, bt => 3, msk => 3, wst => 8, hkt => 8, cct => 8, jst => 9, kst => 9, aest => 10, east => 10,
    gst => 10, nzt => 12, nzst => 12, idle => 12,
    brst => -2, adt => -3, edt => -4, cdt => -5, mdt => -6, pdt => -7, akdt => -8, ydt => -8, hdt => -9,
    bst => 1, mest => 2, metdst => 2, sst => 2, fst => 2, cest => 2, eest => 3, msd => 4, wadt => 8, kdt => 10,
    aedt => 11, eadt => 11, nzd => 13, nzdt => 13,
);

sub _str2time {
    my $str = shift;
    return undef unless defined $str;
    if ($str =~ /^[SMTWF][a-z][a-z], (\d\d) ([JFMAJSOND][a-z][a-z]) (\d\d\d\d) (\d\d):(\d\d):(\d\d) GMT$/) {
        return eval {
            my $t = Time::Local::timegm($6, $5, $4, $1, $MONTH{$2} - 1, $3);
            $t < 0 ? undef : $t;
        };
    }
    my @d = _parse_date($str);
    return undef unless @d;
    $d[1]--;
    my $tz = pop @d;
    my $frac_time = sub {
        my $fn = shift;
        my $frac = $d[-1];
        $frac -= ($d[-1] = int $frac);
        return $fn->(reverse @d) + $frac;
    };
    unless (defined $tz) {
        return eval { my $t = $frac_time->(\&Time::Local::timelocal); $t < 0 ? undef : $t };
    }
    my $offset = 0;
    if ($GMT{ uc $tz }) {
    }
    elsif ($tz =~ /^([-+])?(\d\d?):?(\d\d)?$/) {
        $offset = 3600 * $2;
        $offset += 60 * $3 if $3;
        $offset *= -1 if $1 && $1 eq '-';
    }
    elsif (exists $ZONE{ lc $tz }) {
        $offset = 3600 * $ZONE{ lc $tz };
    }
    else {
        return undef;
    }
    return eval { my $t = $frac_time->(\&Time::Local::timegm); $t < 0 ? undef : $t - $offset };
}

sub _parse_date {
    local $_ = shift;
    return unless defined;
    s/^\s+//;
    s/^(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)[a-z]*,?\s*//i;
    my ($day, $mon, $yr, $hr, $min, $sec, $tz, $ampm);
    (($day, $mon, $yr, $hr, $min, $sec, $tz) =
        /^(\d\d?)(?:\s+|[-\/])(\w+)(?:\s+|[-\/])(\d+)(?:(?:\s+|:)(\d\d?):(\d\d)(?::(\d\d))?)?\s*([-+]?\d{2,4}|(?![APap][Mm]\b)[A-Za-z]+)?\s*(?:\(\w+\)|\w{3,})?\s*$/)
    || (($mon, $day, $hr, $min, $sec, $tz, $yr) =
        /^(\w{1,3})\s+(\d\d?)\s+(\d\d?):(\d\d)(?::(\d\d))?\s+(?:([A-Za-z]+)\s+)?(\d+)\s*$/)
    || (($mon, $day, $yr, $hr, $min, $sec) =
        /^(\w{3})\s+(\d\d?)\s+(?:(\d\d\d\d)|(\d{1,2}):(\d{2})(?::(\d\d))?)\s*$/)
    || (($yr, $mon, $day, $hr, $min, $sec, $tz) =
        /^(\d{4})[-\/]?(\d\d?)[-\/]?(\d\d?)(?:(?:\s+|[-:Tt])(\d\d?):?(\d\d)(?::?(\d\d(?:\.\d*)?))?)?\s*([-+]?\d\d?:?(:?\d\d)?|Z|z)?\s*$/)
    || (($mon, $day, $yr, $hr, $min, $ampm) =
        /^(\d{2})-(\d{2})-(\d{2})\s+(\d\d?):(\d\d)([APap][Mm])\s*$/)
    || return;

    $mon = $MONTH{$mon} || $MONTH{"\u\L$mon"} || ($mon =~ /^\d\d?$/ && $mon >= 1 && $mon <= 12 && int $mon) || return;
    unless (defined $yr) {
        my ($cur_mon, $cur_yr) = (localtime)[4, 5];
        $yr = $cur_yr + 1900;
        $yr-- if $mon > $cur_mon + 1;
    }
    elsif (length($yr) < 3) {
        # two-digit years: the nearest century to now
        my $cur_yr = (localtime)[5] + 1900;
        my $m = $cur_yr % 100;
        my $tmp = $yr;
        $yr += $cur_yr - $m;
        $m -= $tmp;
        $yr += ($m > 0) ? 100 : -100 if abs($m) > 50;
    }
    $hr = 0 unless defined $hr;
    $min = 0 unless defined $min;
    $sec = 0 unless defined $sec;
    if ($ampm) {
        $ampm = uc $ampm;
        $hr = 0 if $hr == 12 && $ampm eq 'AM';
        $hr += 12 if $ampm eq 'PM' && $hr != 12;
    }
    return ($yr, $mon, $day, $hr, $min, $sec, $tz);
}

sub _time2isoz {
    my ($sec, $min, $hour, $mday, $mon, $year) = gmtime(shift);
    return sprintf '%04d-%02d-%02d %02d:%02d:%02dZ', $year + 1900, $mon + 1, $mday, $hour, $min, $sec;
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

Dates: the real module parses Expires with HTTP::Date and, when Time::Zone
is installed, knows named time zones; this one carries the same parser and
Time::Zone's table of zone names. C<get_cookies> does not build an
HTTP::Request (same result). The C<delayload> option of
HTTP::Cookies::Microsoft is not supported (no HTTP::Cookies::Microsoft).
HTTP::Date / HTTP::Headers::Util functions are not imported into this
package's namespace.

Warnings: the real module has no C<use warnings>, so it is quiet, except
under C<perl -w> (C<$^W>), where it prints "Use of uninitialized value" for
value-less cookies (C<Set-Cookie: name>) and relative request URLs. The
facade is quiet in both cases.

=cut
