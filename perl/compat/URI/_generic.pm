package URI::_generic;
# URI::_generic of the URI 5.17 facade: hierarchical URIs (//authority/path?query#fragment), abs and rel

use strict;
use warnings;
use Carp ();
use URI ();
use URI::_query ();
use URI::Escape qw(uri_unescape);

our $VERSION = '5.17';
our @ISA = ('URI', 'URI::_query');

my $ACHAR = URI::HAS_RESERVED_SQUARE_BRACKETS ? $URI::uric : $URI::uric4host;
$ACHAR =~ s,\\[/?],,g;
my $PCHAR = $URI::uric;
$PCHAR =~ s,\\[?],,g;

sub _no_scheme_ok { 1 }

# An IPv6 address as RFC 4291 writes it (8 groups, or fewer around one "::",
# the last two may be a dotted IPv4), which is what the real module accepts
# when Regexp::IPv6 is installed; "::" alone is not taken for one.
sub _is_ipv6 {
    my ($addr) = @_;
    my $count = 0;
    if ($addr =~ s/:(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\z/:/) {
        return 0 if grep { $_ > 255 } $1, $2, $3, $4;
        $count = 2;                              # a dotted IPv4 tail is two groups
        $addr =~ s/(?<!:):\z//;                 # its leading colon was a separator
    }
    my @halves = length $addr ? split(/::/, $addr, -1) : (q());
    return 0 if @halves > 2;
    for my $half (@halves) {
        next if $half eq '';
        for my $g (split /:/, $half, -1) {
            return 0 unless $g =~ /\A[0-9a-fA-F]{1,4}\z/;
            $count++;
        }
    }
    return $count == 8 if @halves == 1;
    return $count >= 1 && $count <= 7;
}

sub _looks_like_raw_ip6_address {
    my $addr = shift;
    return 0 unless $addr;
    return 0 if ($addr =~ tr/:/:/) < 2;
    return _is_ipv6($addr) ? 1 : 0;
}

sub authority {
    my $self = shift;
    $$self =~ m,^((?:$URI::scheme_re:)?)(?://([^/?\#]*))?(.*)$,os or die;
    if (@_) {
        my $auth = shift;
        $$self = $1;
        my $rest = $3;
        if (defined $auth) {
            $auth =~ s/([^$ACHAR])/ URI::Escape::escape_char($1)/ego;
            if (my ($user, $host) = $auth =~ /^(.*@)?([^@]+)$/) {
                $user = '' unless defined $user;
                $user =~ s/([^$URI::uric4user])/ URI::Escape::escape_char($1)/ego;
                $user =~ s/%40$/\@/;
                $host = "[$host]" if _looks_like_raw_ip6_address($host);
                $auth = $user . $host;
            }
            utf8::downgrade($auth);
            $$self .= "//$auth";
        }
        _check_path($rest, $$self);
        $$self .= $rest;
    }
    return $2;
}

sub path {
    my $self = shift;
    $$self =~ m,^((?:[^:/?\#]+:)?(?://[^/?\#]*)?)([^?\#]*)(.*)$,s or die;
    if (@_) {
        $$self = $1;
        my $rest = $3;
        my $new = shift;
        $new = '' unless defined $new;
        $new =~ s/([^$PCHAR])/ URI::Escape::escape_char($1)/ego;
        utf8::downgrade($new);
        _check_path($new, $$self);
        $$self .= $new . $rest;
    }
    return $2;
}

sub path_query {
    my $self = shift;
    $$self =~ m,^((?:[^:/?\#]+:)?(?://[^/?\#]*)?)([^\#]*)(.*)$,s or die;
    if (@_) {
        $$self = $1;
        my $rest = $3;
        my $new = shift;
        $new = '' unless defined $new;
        $new =~ s/([^$URI::uric])/ URI::Escape::escape_char($1)/ego;
        utf8::downgrade($new);
        _check_path($new, $$self);
        $$self .= $new . $rest;
    }
    return $2;
}

# A new path after an authority must start with "/"; one that would read as
# a scheme without one gets "./" in front.
sub _check_path {
    my ($path, $pre) = @_;
    my $prefix;
    if ($pre =~ m,/,) {
        $prefix = '/' if length($path) && $path !~ m,^[/?\#],;
    }
    elsif ($path =~ m,^//,) {
        Carp::carp('Path starting with double slash is confusing') if $^W;
    }
    elsif (!length($pre) && $path =~ m,^[^:/?\#]+:,) {
        Carp::carp("Path might look like scheme, './' prepended") if $^W;
        $prefix = './';
    }
    substr($_[0], 0, 0) = $prefix if defined $prefix;
    return;
}

sub path_segments {
    my $self = shift;
    my $path = $self->path;
    if (@_) {
        my @segs = @_;
        for (@segs) {
            if (ref $_) {
                my @parts = @$_;
                $parts[0] =~ s/%/%25/g;
                s/;/%3B/g for @parts;
                $_ = join ';', @parts;
            }
            else {
                s/%/%25/g;
                s/;/%3B/g;
            }
            s,/,%2F,g;
        }
        $self->path(join '/', @segs);
    }
    return $path unless wantarray;
    return map { /;/ ? $self->_split_segment($_) : uri_unescape($_) } split '/', $path, -1;
}

sub _split_segment {
    my $self = shift;
    require URI::_segment;
    return URI::_segment->new(@_);
}

# RFC 3986 section 5.2 as URI 5.17 does it (including its handling of ".."
# above the root, kept unless $URI::ABS_REMOTE_LEADING_DOTS).
sub abs {
    my $self = shift;
    my $base = shift || Carp::croak('Missing base argument');

    if (my $scheme = $self->scheme) {
        return $self unless $URI::ABS_ALLOW_RELATIVE_SCHEME;
        $base = URI->new($base) unless ref $base;
        return $self unless $scheme eq $base->scheme;
    }
    $base = URI->new($base) unless ref $base;
    my $abs = $self->clone;
    $abs->scheme($base->scheme);
    return $abs if $$self =~ m,^(?:$URI::scheme_re:)?//,o;
    $abs->authority($base->authority);

    my $path = $self->path;
    return $abs if $path =~ m,^/,;

    if (!length $path) {
        my $out = $base->clone;
        my $query = $self->query;
        $out->query($query) if defined $query;
        my $fragment = $self->fragment;
        $out->fragment($fragment) if defined $fragment;
        return $out;
    }

    my $p = $base->path;
    $p =~ s,[^/]+$,,;
    $p .= $path;
    my @p = split '/', $p, -1;
    shift @p if @p && !length $p[0];
    my $i = 1;
    while ($i < @p) {
        if ($p[$i - 1] eq '.') {
            splice @p, $i - 1, 1;
            $i-- if $i > 1;
        }
        elsif ($p[$i] eq '..' && $p[$i - 1] ne '..') {
            splice @p, $i - 1, 2;
            if ($i > 1) {
                $i--;
                push @p, '' if $i == @p;
            }
        }
        else {
            $i++;
        }
    }
    $p[-1] = '' if @p && $p[-1] eq '.';
    if ($URI::ABS_REMOTE_LEADING_DOTS) {
        shift @p while @p && $p[0] =~ /^\.\.?$/;
    }
    $abs->path('/' . join('/', @p));
    return $abs;
}

sub rel {
    my $self = shift;
    my $base = shift || Carp::croak('Missing base argument');
    my $rel = $self->clone;
    $base = URI->new($base) unless ref $base;

    my $scheme = $rel->scheme;
    my $auth = $rel->canonical->authority;
    my $path = $rel->path;
    return $rel if !defined $scheme && !defined $auth;

    my $bscheme = $base->scheme;
    my $bauth = $base->canonical->authority;
    my $bpath = $base->path;
    for ($bscheme, $bauth, $auth) { $_ = '' unless defined }
    return $rel unless $scheme eq $bscheme && $auth eq $bauth;

    for ($path, $bpath) { $_ = "/$_" unless m,^/, }
    $rel->scheme(undef);
    $rel->authority(undef);

    # the longest run of whole leading segments the two paths share
    my $li = 1;
    while (1) {
        my $i = index $path, '/', $li;
        last if $i < 0 || $i != index($bpath, '/', $li) || substr($path, $li, $i - $li) ne substr($bpath, $li, $i - $li);
        $li = $i + 1;
    }
    substr($path, 0, $li) = '';
    substr($bpath, 0, $li) = '';

    if ($path eq $bpath && defined $rel->fragment && !defined $rel->query) {
        $rel->path('');
    }
    else {
        $path = ('../' x ($bpath =~ tr|/|/|)) . $path;
        $path = './' if $path eq '';
        $rel->path($path);
    }
    return $rel;
}

1;

__END__

=head1 NAME

URI::_generic - hierarchical URIs of the cpan-bridge URI 5.17 facade (see L<URI>)

=head1 SYNOPSIS

  my $u = URI->new('foo://host/a/b?q#f');   # a URI::_foreign, a URI::_generic
  $u->authority; $u->path; $u->path_segments; $u->abs($base); $u->rel($base);

Nothing differs from the real class that a script can see: IPv6 literals
are recognised as with Regexp::IPv6 installed.

=cut
