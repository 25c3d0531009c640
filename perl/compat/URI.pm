package URI;
# ABSTRACT: drop-in URI 5.17 in core Perl: parsing, building, resolving and escaping URI references

use strict;
use warnings;
use Carp ();
use URI::Escape ();

our $VERSION = '5.17';

# Set URI_HAS_RESERVED_SQUARE_BRACKETS=1 for URI 5.x's strict [ ] handling, as the real one.
use constant HAS_RESERVED_SQUARE_BRACKETS => $ENV{URI_HAS_RESERVED_SQUARE_BRACKETS} ? 1 : 0;

# Package variables the real module documents (scripts set them).
our ($ABS_REMOTE_LEADING_DOTS, $ABS_ALLOW_RELATIVE_SCHEME, $DEFAULT_QUERY_FORM_DELIMITER);

# Character classes (the strings go inside [...]); the subclasses use them too.
our $reserved   = HAS_RESERVED_SQUARE_BRACKETS ? q(;/?:@&=+$,[]) : q(;/?:@&=+$,);
our $mark       = q(-_.!~*'());
our $unreserved = "A-Za-z0-9\Q$mark\E";
our $uric       = quotemeta($reserved) . $unreserved . '%';
our $uric4host  = $uric . (HAS_RESERVED_SQUARE_BRACKETS ? '' : quotemeta(q([])));
our $uric4user  = quotemeta(q{!$'()*,;:._~%-+=%&}) . 'A-Za-z0-9' . (HAS_RESERVED_SQUARE_BRACKETS ? quotemeta(q([])) : '');
our $scheme_re  = '[a-zA-Z][a-zA-Z0-9.+\-]*';
our $schemes_without_host_part_re = 'data|ldapi|urn|sqlite|sqlite3';
our $fallback_schemes_re = 'mailto';

use overload (
    '""' => sub { ${ $_[0] } },
    '==' => sub { overload::StrVal($_[0]) eq overload::StrVal($_[1]) },
    '!=' => sub { overload::StrVal($_[0]) ne overload::StrVal($_[1]) },
    fallback => 1,
);

# The scheme classes this facade ships. Another scheme gets its class only
# when the script defined one (@URI::<scheme>::ISA set) or registered it with
# implementor(); otherwise it is a generic URI::_foreign, as the real module
# does for a scheme it has no class for.
my %SHIPPED = map { ($_ => 1) } qw(http https ftp ssh sftp mailto data urn file);
my %implements;
my %tried;

sub new {
    my ($class, $uri, $scheme) = @_;
    $uri = defined $uri ? "$uri" : '';
    $uri =~ s/^<(?:URL:)?(.*)>$/$1/;
    $uri =~ s/^"(.*)"$/$1/;
    $uri =~ s/^\s+//;
    $uri =~ s/\s+$//;

    my $impclass;
    if ($uri =~ m/^($scheme_re):/so) {
        $scheme = $1;
    }
    elsif (ref $scheme) {
        $impclass = ref $scheme;
        $scheme = $scheme->scheme;
    }
    elsif ($scheme && $scheme =~ m/^($scheme_re)(?::|$)/o) {
        $scheme = $1;
    }
    $impclass ||= implementor($scheme) || do { require URI::_foreign; 'URI::_foreign' };
    return $impclass->_init($uri, $scheme);
}

sub new_abs {
    my ($class, $uri, $base) = @_;
    return $class->new($uri, $base)->abs($base);
}

sub _init {
    my ($class, $str, $scheme) = @_;
    $str = $class->_uric_escape($str);
    $str = "$scheme:$str" unless $str =~ /^$scheme_re:/o || $class->_no_scheme_ok;
    return bless \$str, $class;
}

# Brackets escaped by _uric_escape go back in the host part (IPv6 literals).
sub _fix_uric_escape_for_host_part {
    return if HAS_RESERVED_SQUARE_BRACKETS;
    return if $_[0] !~ /%/;
    return if $_[0] =~ m{^(?:$schemes_without_host_part_re):}os;
    if ($_[0] =~ m{^(?:$fallback_schemes_re):}os) {
        $_[0] =~ s/%5B/[/gi;
        $_[0] =~ s/%5D/]/gi;
        return;
    }
    if ($_[0] =~ m{^((?:$scheme_re:)?)//([^/?\#]+)(.*)$}os) {
        my $orig = $2;
        my ($user, $host) = $orig =~ /^(.*@)?([^@]*)$/;
        $user = '' unless defined $user;
        my $port = $host =~ s/(:\d+)$// ? $1 : '';
        $host =~ s/%5B/[/gi;
        $host =~ s/%5D/]/gi;
        $_[0] =~ s/\Q$orig\E/$user$host$port/;
    }
    return;
}

sub _uric_escape {
    my ($class, $str) = @_;
    $str =~ s{([^$uric\#])}{ URI::Escape::escape_char($1) }ego;
    _fix_uric_escape_for_host_part($str);
    utf8::downgrade($str);
    return $str;
}

sub implementor {
    my ($scheme, $impclass) = @_;
    if (!$scheme || $scheme !~ /\A$scheme_re\z/o) {
        require URI::_generic;
        return 'URI::_generic';
    }
    $scheme = lc $scheme;
    if ($impclass) {
        my $old = $implements{$scheme};
        $impclass->_init_implementor($scheme);
        $implements{$scheme} = $impclass;
        return $old;
    }
    return $implements{$scheme} if $implements{$scheme};

    (my $ic = "URI::$scheme") =~ s/\+/_P/g;
    $ic =~ s/\./_O/g;
    $ic =~ s/-/_/g;
    no strict 'refs';
    unless (@{"${ic}::ISA"}) {
        return undef unless $SHIPPED{$scheme};
        unless ($tried{$ic}++) {
            my $saved = $@;
            eval "require $ic; 1" or die $@;
            $@ = $saved;
        }
        return undef unless @{"${ic}::ISA"};
    }
    $ic->_init_implementor($scheme);
    return $implements{$scheme} = $ic;
}

sub _init_implementor { }

sub clone {
    my $self = shift;
    my $copy = $$self;
    return bless \$copy, ref $self;
}

sub TO_JSON { ${ $_[0] } }

sub _no_scheme_ok { 0 }

sub _scheme {
    my $self = shift;
    unless (@_) {
        return undef unless $$self =~ /^($scheme_re):/o;
        return $1;
    }
    my $old;
    my $new = shift;
    if (defined $new && length $new) {
        Carp::croak("Bad scheme '$new'") unless $new =~ /^$scheme_re$/o;
        $old = $1 if $$self =~ s/^($scheme_re)://o;
        my $other = URI->new("$new:$$self");
        $$self = $$other;
        bless $self, ref $other;
    }
    elsif ($self->_no_scheme_ok) {
        $old = $1 if $$self =~ s/^($scheme_re)://o;
        Carp::carp('Oops, opaque part now look like scheme') if $^W && $$self =~ m/^$scheme_re:/o;
    }
    else {
        $old = $1 if $$self =~ m/^($scheme_re):/o;
    }
    return $old;
}

sub scheme {
    my $scheme = shift->_scheme(@_);
    return defined $scheme ? lc $scheme : undef;
}

sub has_recognized_scheme {
    my $self = shift;
    return ref($self) !~ /^URI::_(?:foreign|generic)\z/;
}

sub opaque {
    my $self = shift;
    unless (@_) {
        $$self =~ /^(?:$scheme_re:)?([^\#]*)/o or die;
        return $1;
    }
    $$self =~ /^($scheme_re:)?([^\#]*)(\#.*)?$/so or die;
    my ($old_scheme, $old_opaque, $old_frag) = ($1, $2, $3);
    my $new = shift;
    $new = '' unless defined $new;
    $new =~ s/([^$uric])/ URI::Escape::escape_char($1)/ego;
    utf8::downgrade($new);
    $$self = (defined $old_scheme ? $old_scheme : '') . $new . (defined $old_frag ? $old_frag : '');
    return $old_opaque;
}

sub path { goto &opaque }

sub fragment {
    my $self = shift;
    unless (@_) {
        return undef unless $$self =~ /\#(.*)/s;
        return $1;
    }
    my $old;
    $old = $1 if $$self =~ s/\#(.*)//s;
    my $new = shift;
    if (defined $new) {
        $new =~ s/([^$uric])/ URI::Escape::escape_char($1) /ego;
        utf8::downgrade($new);
        $$self .= "#$new";
    }
    return $old;
}

sub as_string { ${ $_[0] } }

# %XX runs that are UTF-8 become characters; the rest stay escaped.
sub as_iri {
    my $self = shift;
    my $str = $$self;
    if ($str =~ s/%([89a-fA-F][0-9a-fA-F])/chr(hex($1))/eg) {
        my $out = '';
        while (length $str) {
            if ($str =~ s/\A((?:[\x00-\x7F]|[\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}|\xED[\x80-\x9F][\x80-\xBF]|\xF0[\x90-\xBF][\x80-\xBF]{2}|[\xF1-\xF3][\x80-\xBF]{3}|\xF4[\x80-\x8F][\x80-\xBF]{2})+)//) {
                my $chunk = $1;
                utf8::decode($chunk);
                $out .= $chunk;
            }
            else {
                $out .= URI::Escape::escape_char(substr($str, 0, 1, ''));
            }
        }
        utf8::upgrade($out);    # a character string, as Encode::decode gives the real one
        $str = $out;
    }
    return $str;
}

sub canonical {
    my $self = shift;
    my $scheme = $self->_scheme || '';
    my $uc_scheme = $scheme =~ /[A-Z]/;
    my $esc = $$self =~ /%[a-fA-F0-9]{2}/;
    return $self unless $uc_scheme || $esc;
    my $other = $self->clone;
    $other->_scheme(lc $scheme) if $uc_scheme;
    if ($esc) {
        $$other =~ s{%([0-9a-fA-F]{2})}{ my $c = chr(hex($1)); $c =~ /^[$unreserved]\z/o ? $c : "%\U$1" }ge;
    }
    return $other;
}

sub eq {
    my ($self, $other) = @_;
    $self = URI->new($self, $other) unless ref $self;
    $other = URI->new($other, $self) unless ref $other;
    return ref($self) eq ref($other) && $self->canonical->as_string eq $other->canonical->as_string;
}

sub abs { $_[0] }
sub rel { $_[0] }

sub secure { 0 }

sub STORABLE_freeze { ${ $_[0] } }
sub STORABLE_thaw { my ($self, $cloning, $str) = @_; $$self = $str; return }

1;

__END__

=head1 NAME

URI - URI references: parse, build, resolve (cpan-bridge facade of URI 5.17, core Perl)

=head1 SYNOPSIS

  use URI;
  my $u = URI->new('http://user@Example.COM:8080/a/b?x=1&y=2#top');
  print $u->scheme, $u->host, $u->port, $u->path, $u->query, $u->fragment;
  $u->query_form(q => 'perl uri', page => 2);            # order kept
  my %form = $u->query_form;
  my $abs = URI->new_abs('../c?d', 'http://a/b/c/d;p?q');   # http://a/b/c?d
  my $rel = URI->new('http://a/b/c/d')->rel('http://a/b/x'); # c/d
  print $u->canonical;                                     # http://user@example.com:8080/...
  print URI->new('http://www.b\x{fc}cher.de/')->host;      # www.xn--bcher-kva.de

Same methods, return values and context behaviour as URI 5.17 (new, new_abs,
abs, rel, canonical, as_string and the "" / == / eq overloads, scheme,
opaque, path, path_query, path_segments, query, query_form, query_keywords,
query_param*, fragment, authority, userinfo, host, ihost, port, _port,
default_port, host_port, secure, as_iri, eq, clone), C<$URI::ABS_*> and
C<$URI::DEFAULT_QUERY_FORM_DELIMITER>, and non-ASCII hosts written as
punycode (C<xn-->) as the real one does.

=head1 DIFFERENCES FROM URI

Scheme classes shipped: C<http>, C<https>, C<ftp> (user/password with the
anonymous defaults), C<ssh>, C<sftp>, C<file> (Unix paths: C<new>, C<file>,
C<dir>, C<host>), C<mailto> (C<to>, C<headers>), C<data> (C<media_type>,
C<data>), C<urn> (C<nid>, C<nss>). Any other scheme (C<ldap>, C<news>,
C<telnet>, C<rsync>, ...) is a generic C<URI::_foreign> object: parsing,
path, query, fragment, abs/rel and canonical behave as the real ones, but
it has no C<host>/C<port> methods and C<ref> names C<URI::_foreign>, not the
real scheme class. A scheme class the script defines itself (or registers
with C<URI::implementor>) is used as with the real module. C<URI::URL>,
C<URI::WithBase> and C<URI::Split> are provided; C<URI::Heuristic> and
C<URI::IRI> are not.

=cut
