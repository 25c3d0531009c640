package HTTP::Headers;
# ABSTRACT: drop-in HTTP::Headers 6.44 in core Perl (field storage, order and case as the real class)

use strict;
use warnings;
use Carp ();
use Scalar::Util ();

our $VERSION = '6.44';

our $TRANSLATE_UNDERSCORE = 1 unless defined $TRANSLATE_UNDERSCORE;

# as_string and scan print fields in this order (general, request, response,
# entity; the rest alphabetically), and these names in this case, as the real
# class does; scripts and tests compare printed requests, so both must match.
my @ORDER = qw(
    Cache-Control Connection Date Pragma Trailer Transfer-Encoding Upgrade Via Warning
    Accept Accept-Charset Accept-Encoding Accept-Language Authorization Expect From Host
    If-Match If-Modified-Since If-None-Match If-Range If-Unmodified-Since
    Max-Forwards Proxy-Authorization Range Referer TE User-Agent
    Accept-Ranges Age ETag Location Proxy-Authenticate Retry-After Server Vary WWW-Authenticate
    Allow Content-Encoding Content-Language Content-Length Content-Location
    Content-MD5 Content-Range Content-Type Expires Last-Modified
);
my (%RANK, %CASE);
for my $i (0 .. $#ORDER) { $RANK{ lc $ORDER[$i] } = $i + 1; $CASE{ lc $ORDER[$i] } = $ORDER[$i] }
my %ENTITY = map { (lc($_) => 1) } qw(Allow Content-Encoding Content-Language Content-Length
    Content-Location Content-MD5 Content-Range Content-Type Expires Last-Modified);

sub new {
    my $class = shift;
    my $self = bless {}, $class;
    $self->header(@_) if @_;
    return $self;
}

# Storage as the real class keeps it (scripts and subclasses peek): the lower-cased
# name maps to one value or an array of values; '::std_case' remembers how a
# non-standard name was first written (words capitalised).
sub _key {
    my ($self, $field) = @_;
    Carp::croak("Illegal field name '$field'") if !length($field) || rindex($field, ':') > 1;
    return $field if $field =~ /^:/;
    $field =~ tr/_/-/ if $TRANSLATE_UNDERSCORE;
    my $key = lc $field;
    unless ($CASE{$key} || $self->{'::std_case'}{$key}) {
        (my $shown = $field) =~ s/\b(\w)/\u$1/g;
        $self->{'::std_case'}{$key} = $shown;
    }
    return $key;
}

sub _values {
    my $v = $_[0];
    return ref($v) eq 'ARRAY' ? @$v : defined $v ? ($v) : ();
}

# One operation on one field; returns the values it had before.
#   GET: nothing changes; SET: replace (undef removes); PUSH: append to what is
#   there (header() with a name repeated in one call); INIT: set only if absent;
#   PUSH_H: push_header, which appends without reading the old values.
sub _header {
    my ($self, $field, $val, $op) = @_;
    my $key = $self->_key($field);
    $op ||= defined $val ? 'SET' : 'GET';
    if ($op eq 'PUSH_H') {
        my @add = ref($val) eq 'ARRAY' ? @$val : ($val);
        if (!exists $self->{$key}) { $self->{$key} = $val }
        elsif (ref($self->{$key}) eq 'ARRAY') { push @{ $self->{$key} }, @add }
        else { $self->{$key} = [$self->{$key}, @add] }
        return;
    }
    my @old = _values($self->{$key});
    return @old if $op eq 'GET' || ($op eq 'INIT' && @old);
    if (defined $val) {
        my @new = ($op eq 'PUSH' ? @old : (), ref($val) eq 'ARRAY' ? @$val : ($val));
        $self->{$key} = @new > 1 ? \@new : $new[0];
    } elsif ($op ne 'PUSH') {
        delete $self->{$key};
    }
    return @old;
}

sub header {
    my $self = shift;
    Carp::croak('Usage: $h->header($field, ...)') unless @_;
    my (@old, %seen);
    while (@_) {
        my $field = shift;
        my $op = !@_ ? 'GET' : $seen{ lc $field }++ ? 'PUSH' : 'SET';
        @old = $self->_header($field, shift, $op);
    }
    return @old if wantarray;
    return @old <= 1 ? $old[0] : join(', ', @old);
}

sub clear { my $self = shift; %$self = () }

sub push_header {
    my $self = shift;
    return $self->_header(@_, 'PUSH_H') if @_ == 2;
    $self->_header(splice(@_, 0, 2), 'PUSH_H') while @_;
    return 0;    # what the real one's closing while loop leaves
}

sub init_header {
    Carp::croak('Usage: $h->init_header($field, $val)') if @_ != 3;
    my $self = shift;
    return $self->_header(@_, 'INIT');
}

sub remove_header {
    my ($self, @fields) = @_;
    my @gone;
    for my $field (@fields) {
        $field =~ tr/_/-/ if $field !~ /^:/ && $TRANSLATE_UNDERSCORE;
        my $v = delete $self->{ lc $field };
        push @gone, ref($v) eq 'ARRAY' ? @$v : $v if defined $v;
    }
    return @gone;
}

sub remove_content_headers {
    my $self = shift;
    my @keys = grep { $ENTITY{$_} || /^content-/ } keys %$self;
    unless (defined wantarray) {
        delete @$self{@keys};
        return;
    }
    my $removed = ref($self)->new;
    $removed->{$_} = delete $self->{$_} for @keys;
    $removed->{'::std_case'} = $self->{'::std_case'} if exists $self->{'::std_case'};
    return $removed;
}

sub _sorted_keys {
    my $self = shift;
    return sort { ($RANK{$a} || 999) <=> ($RANK{$b} || 999) || $a cmp $b } grep { !/^::/ } keys %$self;
}

sub _shown {
    my ($self, $key) = @_;
    return $CASE{$key} || $self->{'::std_case'}{$key} || $key;
}

sub header_field_names {
    my $self = shift;
    return map { $self->_shown($_) } $self->_sorted_keys if wantarray;
    return grep { !/^::/ } keys %$self;
}

sub scan {
    my ($self, $sub) = @_;
    for my $key ($self->_sorted_keys) {
        my $name = $self->_shown($key);
        my $v = $self->{$key};
        $sub->($name, $_) for ref($v) eq 'ARRAY' ? @$v : ($v);
    }
    return;
}

sub flatten {
    my $self = shift;
    my @pairs;
    for my $name ($self->header_field_names) {
        push @pairs, map { ($name => $_) } $self->header($name);
    }
    return @pairs;
}

# A value with newlines is folded: no trailing space, no blank lines, each
# continuation line indented, then the requested line end.
sub _fold {
    my ($v, $endl) = @_;
    $v =~ s/\s+$//;
    $v =~ s/\n(\x0d?\n)+/\n/g;
    $v =~ s/\n([^\040\t])/\n $1/g;
    $v =~ s/\n/$endl/g;
    return $v;
}

sub as_string {
    my ($self, $endl) = @_;
    $endl = "\n" unless defined $endl;
    my @lines;
    for my $key ($self->_sorted_keys) {
        next if index($key, '_') == 0;
        (my $name = $self->_shown($key)) =~ s/^://;
        # The real as_string edits the values of a repeated field in place (undef
        # becomes '', newlines get folded) but not a single value; scripts that
        # print then read the headers see that, so it is kept.
        my $single = $self->{$key};
        for my $v (ref($single) eq 'ARRAY' ? @$single : ($single)) {
            $v = '' unless defined $v;
            $v = _fold($v, $endl) if index($v, "\n") >= 0;
            push @lines, "$name: $v";
        }
    }
    return join($endl, @lines, '');
}

sub clone {
    my $self = shift;
    return bless _deep_copy($self), ref $self;
}

# What Clone::clone does for header values: arrays, hashes and blessed
# objects copied all the way down (a URI object as a value is not shared).
sub _deep_copy {
    my ($v, $seen) = @_;
    return $v unless ref $v;
    $seen ||= {};
    return $seen->{$v} if $seen->{$v};
    my $class = Scalar::Util::blessed($v);
    my $type = Scalar::Util::reftype($v);
    my $copy;
    if ($type eq 'HASH') { $copy = {}; $seen->{$v} = $copy; $copy->{$_} = _deep_copy($v->{$_}, $seen) for keys %$v }
    elsif ($type eq 'ARRAY') { $copy = []; $seen->{$v} = $copy; push @$copy, _deep_copy($_, $seen) for @$v }
    elsif ($type eq 'SCALAR' || $type eq 'REF') { my $s = _deep_copy($$v, $seen); $copy = \$s }
    else { return $v }
    return $class ? bless($copy, $class) : $copy;
}

sub _date_header {
    my ($self, $field, $time) = @_;
    require HTTP::Date;
    my ($old) = $self->_header($field);
    $self->_header($field, HTTP::Date::time2str($time)) if defined $time;
    $old =~ s/;.*// if defined $old;
    return HTTP::Date::str2time($old);
}

sub date                { shift->_date_header('Date', @_) }
sub expires             { shift->_date_header('Expires', @_) }
sub if_modified_since   { shift->_date_header('If-Modified-Since', @_) }
sub if_unmodified_since { shift->_date_header('If-Unmodified-Since', @_) }
sub last_modified       { shift->_date_header('Last-Modified', @_) }
sub client_date         { shift->_date_header('Client-Date', @_) }

sub content_type {
    my $self = shift;
    my $ct = $self->{'content-type'};
    $self->{'content-type'} = shift if @_;
    $ct = $ct->[0] if ref($ct) eq 'ARRAY';
    return '' unless defined $ct && length $ct;
    my @parts = split /;\s*/, $ct, 2;
    $parts[0] =~ s/\s+//g;
    $parts[0] = lc $parts[0];
    return wantarray ? @parts : $parts[0];
}

sub content_type_charset {
    my $self = shift;
    require HTTP::Headers::Util;
    my $h = $self->{'content-type'};
    $h = $h->[0] if ref $h;
    $h = '' unless defined $h;
    my @words = HTTP::Headers::Util::split_header_words($h);
    unless (@words) { return wantarray ? (undef, undef) : undef }
    my ($ct, undef, %param) = @{ $words[0] };
    my $charset = $param{charset};
    if ($ct) { $ct = lc $ct; $ct =~ s/\s+// }
    if ($charset) {
        $charset = uc $charset;
        $charset =~ s/^\s+//;
        $charset =~ s/\s+\z//;
        undef $charset if $charset eq '';
    }
    return wantarray ? ($ct, $charset) : $charset;
}

sub content_is_text { return shift->content_type =~ m{^text/} }
sub content_is_html { my $self = shift; return $self->content_type eq 'text/html' || $self->content_is_xhtml }
sub content_is_xhtml {
    my $ct = shift->content_type;
    return $ct eq 'application/xhtml+xml' || $ct eq 'application/vnd.wap.xhtml+xml';
}
sub content_is_xml {
    my $ct = shift->content_type;
    return 1 if $ct eq 'text/xml' || $ct eq 'application/xml' || $ct =~ /\+xml$/;
    return 0;
}

sub referer {
    my $self = shift;
    if (@_ && defined $_[0] && $_[0] =~ /#/) {
        my $uri = shift;
        if (ref $uri) { $uri = $uri->clone; $uri->fragment(undef) }
        else { $uri =~ s/#.*// }
        unshift @_, $uri;
    }
    return ($self->_header('Referer', @_))[0];
}
*referrer = \&referer;

sub title               { (shift->_header('Title', @_))[0] }
sub content_encoding    { (shift->_header('Content-Encoding', @_))[0] }
sub content_language    { (shift->_header('Content-Language', @_))[0] }
sub content_length      { (shift->_header('Content-Length', @_))[0] }
sub user_agent          { (shift->_header('User-Agent', @_))[0] }
sub server              { (shift->_header('Server', @_))[0] }
sub from                { (shift->_header('From', @_))[0] }
sub warning             { (shift->_header('Warning', @_))[0] }
sub www_authenticate    { (shift->_header('WWW-Authenticate', @_))[0] }
sub authorization       { (shift->_header('Authorization', @_))[0] }
sub proxy_authenticate  { (shift->_header('Proxy-Authenticate', @_))[0] }
sub proxy_authorization { (shift->_header('Proxy-Authorization', @_))[0] }

sub authorization_basic       { shift->_basic_auth('Authorization', @_) }
sub proxy_authorization_basic { shift->_basic_auth('Proxy-Authorization', @_) }

sub _basic_auth {
    my ($self, $field, $user, $password) = @_;
    require MIME::Base64;
    my ($old) = $self->_header($field);
    if (defined $user) {
        Carp::croak("Basic authorization user name can't contain ':'") if $user =~ /:/;
        $password = '' unless defined $password;
        $self->_header($field => 'Basic ' . MIME::Base64::encode("$user:$password", ''));
    }
    if (defined $old && $old =~ s/^\s*Basic\s+//) {
        my $pair = MIME::Base64::decode($old);
        return wantarray ? split(/:/, $pair, 2) : $pair;
    }
    return;
}

1;

__END__

=head1 NAME

HTTP::Headers - cpan-bridge's drop-in HTTP::Headers 6.44, in core Perl

=head1 SYNOPSIS

 use HTTP::Headers;
 my $h = HTTP::Headers->new(Content_Type => 'text/plain; charset=utf-8');
 $h->push_header(Accept => ['text/html', 'text/plain']);
 my $accept = $h->header('Accept');           # "text/html, text/plain"
 my @accept = $h->header('Accept');           # two values
 print $h->as_string;                         # standard order and case

Same methods, arguments, return values and context behaviour as HTTP::Headers 6.44
(libwww-perl's HTTP-Message): header, push_header, init_header, remove_header,
remove_content_headers, header_field_names, scan, flatten, as_string, clone and
the convenience accessors (content_type in list form, date/expires/last_modified
as times, authorization_basic, referer ...). The object is the same hash the real
class keeps (lower-cased names, '::std_case').

What differs: clone copies values itself instead of through the Clone XS
module (plain values, arrays, hashes and blessed hashes/arrays are copied deeply
as Clone does; code refs and globs are shared).

=cut
