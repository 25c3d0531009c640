package HTTP::Message;
# ABSTRACT: drop-in HTTP::Message 6.44 in core Perl (headers + bytes, decoding, multipart)

use strict;
use warnings;
require Carp;
require HTTP::Headers;

our $VERSION = '6.44';
our $MAXIMUM_BODY_SIZE;

my $CRLF = "\015\012";

# The URI class requests are built with, as the real module picks it.
unless ($HTTP::URI_CLASS) {
    $HTTP::URI_CLASS = $ENV{PERL_HTTP_URI_CLASS} && $ENV{PERL_HTTP_URI_CLASS} =~ /^([\w:]+)$/ ? $1 : 'URI';
}
eval "require $HTTP::URI_CLASS";    ## no critic (StringyEval) -- a class name checked above
die $@ if $@;

# Content is bytes: a string with characters above 255 is refused, as the real class does.
sub _bytes_only {
    utf8::downgrade($_[0], 1) or Carp::croak('HTTP::Message content must be bytes');
}

sub new {
    my ($class, $header, $content) = @_;
    if (defined $header) {
        Carp::croak('Bad header argument') unless ref $header;
        $header = ref($header) eq 'ARRAY' ? HTTP::Headers->new(@$header) : $header->clone;
    } else {
        $header = HTTP::Headers->new;
    }
    if (defined $content) { _bytes_only($content) }
    else { $content = '' }
    return bless { _headers => $header, _content => $content, _max_body_size => $MAXIMUM_BODY_SIZE }, $class;
}

sub parse {
    my ($class, $str) = @_;
    my @hdr;
    while (1) {
        if ($str =~ s/^([^\s:]+)[ \t]*: ?(.*)\n?//) {
            push @hdr, $1, $2;
            $hdr[-1] =~ s/\r\z//;
        } elsif (@hdr && $str =~ s/^([ \t].*)\n?//) {
            $hdr[-1] .= "\n$1";
            $hdr[-1] =~ s/\r\z//;
        } else {
            $str =~ s/^\r?\n//;
            last;
        }
    }
    local $HTTP::Headers::TRANSLATE_UNDERSCORE;
    return new($class, \@hdr, $str);
}

sub clone {
    my $self = shift;
    my $clone = HTTP::Message->new($self->headers, $self->content);
    $clone->protocol($self->protocol);
    return $clone;
}

sub clear {
    my $self = shift;
    $self->{_headers}->clear;
    $self->content('');
    delete $self->{_parts};
    return;
}

sub protocol { shift->_elem('_protocol', @_) }

sub headers {
    my $self = shift;
    $self->_content unless exists $self->{_content};    # parts not yet joined into bytes
    return $self->{_headers};
}

sub headers_as_string { shift->headers->as_string(@_) }

sub content {
    my $self = $_[0];
    if (defined wantarray) {
        $self->_content unless exists $self->{_content};
        my $old = $self->{_content};
        $old = $$old if ref($old) eq 'SCALAR';
        &_set_content if @_ > 1;
        return $old;
    }
    if (@_ > 1) { &_set_content }
    else { Carp::carp('Useless content call in void context') if $^W }
    return;
}

# ($self, $bytes, $keep_parts): through @_ so a script's variable is downgraded
# in place, as the real class does.
sub _set_content {
    my $self = $_[0];
    _bytes_only($_[1]);
    if (!ref($_[1]) && ref($self->{_content}) eq 'SCALAR') {
        ${ $self->{_content} } = defined $_[1] ? $_[1] : '';
    } else {
        die "Can't set content to be a scalar reference" if ref($_[1]) eq 'SCALAR';
        $self->{_content} = defined $_[1] ? $_[1] : '';
        delete $self->{_content_ref};
    }
    delete $self->{_parts} unless $_[2];
}

sub add_content {
    my $self = shift;
    $self->_content unless exists $self->{_content};
    my $chunk = \$_[0];
    $chunk = $$chunk if ref $$chunk;
    _bytes_only($$chunk);
    my $kind = ref $self->{_content};
    if (!$kind) { $self->{_content} .= $$chunk }
    elsif ($kind eq 'SCALAR') { ${ $self->{_content} } .= $$chunk }
    else { Carp::croak("Can't append to $kind content") }
    delete $self->{_parts};
    return;
}

sub add_content_utf8 {
    my ($self, $text) = @_;
    utf8::upgrade($text);
    utf8::encode($text);
    return $self->add_content($text);
}

sub content_ref {
    my $self = shift;
    $self->_content unless exists $self->{_content};
    delete $self->{_parts};
    my $old = \$self->{_content};
    my $was_ref = $self->{_content_ref};
    if (@_) {
        my $new = shift;
        Carp::croak('Setting content_ref to a non-ref') unless ref $new;
        delete $self->{_content};
        $self->{_content} = $new;
        $self->{_content_ref}++;
    }
    $old = $$old if $was_ref;
    return $old;
}

sub content_charset {
    my $self = shift;
    if (my $charset = $self->content_type_charset) { return $charset }
    my $cref = $self->decoded_content(ref => 1, charset => 'none');
    for ($$cref) {
        return 'UTF-8' if /^\xEF\xBB\xBF/;
        return 'UTF-32LE' if /^\xFF\xFE\x00\x00/;
        return 'UTF-32BE' if /^\x00\x00\xFE\xFF/;
        return 'UTF-16LE' if /^\xFF\xFE/;
        return 'UTF-16BE' if /^\xFE\xFF/;
    }
    if ($self->content_is_xml) {
        for ($$cref) {
            return 'UTF-32BE' if /^\x00\x00\x00</;
            return 'UTF-32LE' if /^<\x00\x00\x00/;
            return 'UTF-16BE' if /^(?:\x00\s)*\x00</;
            return 'UTF-16LE' if /^(?:\s\x00)*<\x00/;
            if (/^\s*(<\?xml[^\x00]*?\?>)/ && $1 =~ /\sencoding\s*=\s*(["'])(.*?)\1/) {
                (my $enc = $2) =~ s/^\s+//;
                $enc =~ s/\s+\z//;
                return $enc if $enc;
            }
        }
        return 'UTF-8';
    } elsif ($self->content_is_html) {
        # as the real class: a declared encoding without a MIME name still ends the search
        if (my $enc = _html_meta_encoding($$cref)) { return $enc->mime_name }
    } elsif ($self->content_type eq 'application/json') {
        for ($$cref) {
            return 'UTF-32BE' if /^\x00\x00\x00./s;
            return 'UTF-32LE' if /^.\x00\x00\x00/s;
            return 'UTF-16BE' if /^\x00.\x00./s;
            return 'UTF-16LE' if /^.\x00.\x00/s;
            return 'UTF-8';
        }
    }
    if ($self->content_type =~ m{^text/}) {
        for ($$cref) {
            if (length) {
                return 'US-ASCII' unless /[\x80-\xFF]/;
                require Encode;
                my $ok = eval { Encode::decode_utf8($_, Encode::FB_CROAK() | Encode::LEAVE_SRC()); 1 };
                return $ok ? 'UTF-8' : 'ISO-8859-1';
            }
        }
    }
    return undef;
}

# What IO::HTML (not core) finds for the real class with need_pragma => 0:
# HTML5's prescan of the first 1024 bytes (8.2.2.2) for a <meta charset> or a
# <meta content="...charset=..."> outside comments; utf-16 there means UTF-8
# and iso-8859-1 means windows-1252, as browsers read them. Returns the MIME
# Encode object of the encoding found, or undef.
my $WS = "\x09\x0A\x0C\x0D\x20";
sub _html_meta_encoding {
    for ($_[0]) {    # aliased, not copied: the body may be large
        my $stop = length > 1024 ? 1024 : length;
        pos() = 0;
        while (pos() < $stop) {
            if (/\G<!--.*?(?<=--)>/sgc) {
                # a comment hides what is in it
            } elsif (/\G<meta(?=[$WS\/])/gic) {
                my $charset;
                while (my ($name, $value) = _html_attribute()) {
                    if ($name eq 'charset') { $charset = $value }
                    elsif ($name eq 'content' && !defined $charset) { $charset = _charset_in_content($value) }
                }
                if (defined $charset) {
                    $charset = 'UTF-8' if $charset =~ /^utf-?16/;
                    $charset = 'cp1252' if $charset eq 'iso-8859-1';
                    require Encode;
                    if (my $enc = Encode::find_encoding($charset)) { return $enc }
                }
            } elsif (/\G<\/?[a-zA-Z][^$WS>]*/gc) {
                1 while _html_attribute();
            } elsif (/\G<[!\/?][^>]*/gc || /\G</gc) {
                # markup that cannot hold a charset
            }
            /\G[^<]+/gc;
        }
    }
    return undef;
}

# The next attribute of the tag at pos() in $_: (lower-cased name, lower-cased
# value) or () at the tag's end.
sub _html_attribute {
    /\G[$WS\/]+/gc;
    return if /\G>/gc || !/\G(=?[^$WS=]*)/gc;
    my $name = lc $1;
    my $value = '';
    if (/\G[$WS]*=[$WS]*/gc) {
        if (/\G"/gc) { /\G([^"]*)("?)/gc; return unless $2; $value = lc $1 }
        elsif (/\G'/gc) { /\G([^']*)('?)/gc; return unless $2; $value = lc $1 }
        else { /\G([^$WS>]*)/gc; $value = lc $1 }
    }
    return ($name, $value);
}

# "text/html; charset=x" -> x
sub _charset_in_content {
    local $_ = $_[0];
    while (/charset[$WS]*=[$WS]*/gi) {
        return $1 if /\G"([^"]*)"/gc || /\G'([^']*)'/gc || /\G(?!['"])([^$WS;]+)/gc;
    }
    return undef;
}

sub max_body_size {
    my $self = $_[0];
    my $old = $self->{_max_body_size};
    $self->_set_max_body_size($_[1]) if @_ > 1;
    return $old;
}

sub _set_max_body_size { $_[0]{_max_body_size} = $_[1] }

sub decoded_content {
    my ($self, %opt) = @_;
    my ($cref, $copied);
    my $ok = eval {
        $cref = $self->content_ref;
        die "Can't decode ref content" if ref($cref) ne 'SCALAR';
        my $limit = exists $opt{max_body_size} ? $opt{max_body_size} : $self->max_body_size;
        if (my $ce = $self->header('Content-Encoding')) {
            $ce =~ s/^\s+//;
            $ce =~ s/\s+$//;
            # applied first to last, so undone last to first
            for my $coding (reverse split /\s*,\s*/, lc $ce) {
                next if !$coding || $coding eq 'identity' || $coding eq 'none';
                $cref = $self->_undo_coding($coding, $cref, $limit);
                $copied = 1;
            }
        }
        my $is_xml;
        if ($self->content_is_text || ($is_xml = $self->content_is_xml)) {
            my $charset = lc($opt{charset} || $self->content_type_charset || $opt{default_charset}
                || $self->content_charset || 'ISO-8859-1');
            if ($charset eq 'none') {
                # bytes as they are
            } elsif ($charset eq 'us-ascii' || $charset eq 'iso-8859-1') {
                if ($$cref =~ /[^\x00-\x7F]/) {
                    unless ($copied) { my $c = $$cref; $cref = \$c; $copied = 1 }
                    utf8::upgrade($$cref);
                }
            } else {
                require Encode;
                my $check = ($opt{charset_strict} ? Encode::FB_CROAK() : 0) | Encode::LEAVE_SRC();
                my $decoded = eval { \Encode::decode($charset, $$cref, $check) };
                if ($@) {
                    my $retried;
                    if ($@ =~ /^Unknown encoding/) {
                        my $alt = lc($opt{alt_charset} || '');
                        if ($alt && $charset ne $alt) {
                            $decoded = $alt eq 'none' ? $cref : \Encode::decode($alt, $$cref, $check);
                            $retried = 1;
                        }
                    }
                    die unless $retried;    # bare, as the real class: "...propagated" appended
                }
                $cref = $decoded;
                die 'Encode::decode() returned undef improperly' unless defined $$cref;
                if ($is_xml) {
                    $$cref =~ s/^\x{FEFF}//;
                    if ($$cref =~ /^(\s*<\?xml[^\x00]*?\?>)/) {
                        substr($$cref, 0, length $1) =~ s/\sencoding\s*=\s*(["']).*?\1//;
                    }
                }
            }
        }
        1;
    };
    unless ($ok) {
        Carp::croak($@) if $opt{raise_error};
        return undef;
    }
    return $opt{ref} ? $cref : $$cref;
}

# One Content-Encoding undone; returns a reference to the new bytes.
sub _undo_coding {
    my ($self, $coding, $cref, $limit) = @_;
    if ($coding eq 'gzip' || $coding eq 'x-gzip') {
        require Compress::Raw::Zlib;
        my %lim = defined $limit ? (LimitOutput => 1, Bufsize => $limit) : ();
        # With a limit, inflate consumes its input whatever ConsumeInput says, and
        # it edits the string buffer in place: a plain copy would share that buffer
        # (copy-on-write) with the content and the caller's variable, so the copy
        # is made by stringifying, which allocates a new buffer.
        my $input = $cref;
        if (defined $limit) { my $copy = "$$cref"; $input = \$copy }
        my ($z) = Compress::Raw::Zlib::Inflate->new(%lim, ConsumeInput => 0,
            WindowBits => Compress::Raw::Zlib::WANT_GZIP_OR_ZLIB());
        my $status = $z->inflate($input, \my $out);
        Carp::croak("Decoded content would be larger than $limit octets")
            if $status == Compress::Raw::Zlib::Z_BUF_ERROR();
        die "Can't gunzip content: $status"
            unless $status == Compress::Raw::Zlib::Z_OK() || $status == Compress::Raw::Zlib::Z_STREAM_END();
        return \$out;
    }
    if ($coding eq 'br') {
        require IO::Uncompress::Brotli;
        my $bro = IO::Uncompress::Brotli->create;
        my $out = eval { defined $limit ? $bro->decompress($$cref, $limit) : $bro->decompress($$cref) };
        die "Can't unbrotli content: $@" if $@;
        return \$out;
    }
    if ($coding eq 'x-bzip2' || $coding eq 'bzip2') {
        require Compress::Raw::Bzip2;
        my $input = "$$cref";    # a buffer of its own (see gzip above)
        my ($bz) = Compress::Raw::Bunzip2->new(1, 0, 0, defined $limit ? 1 : 0);
        my $out = defined $limit ? "\0" x $limit : undef;
        my $status = $bz->bzinflate(\$input, \$out);
        Carp::croak("Decoded content would be larger than $limit octets")
            if $status == Compress::Raw::Bzip2::BZ_OUTBUFF_FULL();
        die "Can't bunzip content: $status"
            unless $status == Compress::Raw::Bzip2::BZ_OK() || $status == Compress::Raw::Bzip2::BZ_STREAM_END();
        return \$out;
    }
    if ($coding eq 'deflate') {
        # RFC 9110 says zlib-wrapped; some servers send a raw stream: try both
        require IO::Uncompress::Inflate;
        my $out;
        my $ok = IO::Uncompress::Inflate::inflate($cref, \$out, Transparent => 0);
        my $error = $IO::Uncompress::Inflate::InflateError;
        unless ($ok) {
            $out = undef;
            require IO::Uncompress::RawInflate;
            unless (IO::Uncompress::RawInflate::rawinflate($cref, \$out)) {
                $self->push_header('Client-Warning' =>
                    "Could not raw inflate content: $IO::Uncompress::RawInflate::RawInflateError");
                $out = undef;
            }
        }
        die "Can't inflate content: $error" unless defined $out;
        return \$out;
    }
    die "Can't uncompress content" if $coding eq 'compress' || $coding eq 'x-compress';
    if ($coding eq 'base64') {
        require MIME::Base64;
        return \MIME::Base64::decode($$cref);
    }
    if ($coding eq 'quoted-printable') {
        require MIME::QuotedPrint;
        return \MIME::QuotedPrint::decode($$cref);
    }
    die "Don't know how to decode Content-Encoding '$coding'";
}

sub decodable {
    my @enc;
    local $@;
    push @enc, 'gzip', 'x-gzip' if eval { require Compress::Raw::Zlib; 1 };
    push @enc, 'deflate' if eval { require IO::Uncompress::Inflate; require IO::Uncompress::RawInflate; 1 };
    push @enc, 'x-bzip2', 'bzip2' if eval { require Compress::Raw::Bzip2; 1 };
    push @enc, 'br' if eval { require IO::Uncompress::Brotli; 1 };
    return wantarray ? @enc : join(', ', @enc);
}

sub decode {
    my $self = shift;
    return 1 unless $self->header('Content-Encoding');
    my $bytes = $self->decoded_content(charset => 'none');
    return 0 unless defined $bytes;
    $self->remove_header('Content-Encoding', 'Content-Length', 'Content-MD5');
    $self->content($bytes);
    return 1;
}

sub encode {
    my ($self, @enc) = @_;
    Carp::croak("Can't encode multipart/* messages") if $self->content_type =~ m{^multipart/};
    Carp::croak("Can't encode message/* messages") if $self->content_type =~ m{^message/};
    return 1 unless @enc;
    my $content = $self->content;
    for my $e (@enc) {
        if ($e eq 'identity' || $e eq 'none') {
        } elsif ($e eq 'base64') {
            require MIME::Base64;
            $content = MIME::Base64::encode($content);
        } elsif ($e eq 'gzip' || $e eq 'x-gzip') {
            require IO::Compress::Gzip;
            my $out;
            IO::Compress::Gzip::gzip(\$content, \$out, Minimal => 1)
                or die "Can't gzip content: $IO::Compress::Gzip::GzipError";
            $content = $out;
        } elsif ($e eq 'deflate') {
            require IO::Compress::Deflate;
            my $out;
            IO::Compress::Deflate::deflate(\$content, \$out)
                or die "Can't deflate content: $IO::Compress::Deflate::DeflateError";
            $content = $out;
        } elsif ($e eq 'x-bzip2' || $e eq 'bzip2') {
            require IO::Compress::Bzip2;
            my $out;
            IO::Compress::Bzip2::bzip2(\$content, \$out)
                or die "Can't bzip2 content: $IO::Compress::Bzip2::Bzip2Error";
            $content = $out;
        } elsif ($e eq 'br') {
            require IO::Compress::Brotli;
            my $out;
            eval { $out = IO::Compress::Brotli::bro($content) } or die "Can't brotli content: $@";
            $content = $out;
        } elsif ($e eq 'rot13') {
            $content =~ tr/A-Za-z/N-ZA-Mn-za-m/;
        } else {
            return 0;
        }
    }
    my $had = $self->header('Content-Encoding');
    unshift @enc, $had if $had;
    $self->header('Content-Encoding', join(', ', @enc));
    $self->remove_header('Content-Length', 'Content-MD5');
    $self->content($content);
    return 1;
}

sub as_string {
    my ($self, $eol) = @_;
    $eol = "\n" unless defined $eol;
    my $content = $self->content;
    # with no $eol given, the text ends in a newline even when the content does not
    my $tail = (@_ == 1 && length($content) && $content !~ /\n\z/) ? "\n" : '';
    return join('', $self->{_headers}->as_string($eol), $eol, $content, $tail);
}

sub dump {
    my ($self, %opt) = @_;
    my $content = $self->content;
    my $chopped = 0;
    if (!ref $content) {
        my $max = defined $opt{maxlength} ? $opt{maxlength} : 512;
        if ($max && length($content) > $max * 1.1 + 3) {
            $chopped = length($content) - $max;
            $content = substr($content, 0, $max) . '...';
        }
        # Perl double-quoted escapes, octal where no digit follows
        $content =~ s/\\/\\\\/g;
        $content =~ s/\t/\\t/g;
        $content =~ s/\r/\\r/g;
        $content =~ s/([\0-\11\13-\037])(?!\d)/sprintf('\\%o', ord $1)/eg;
        $content =~ s/([\0-\11\13-\037\177-\377])/sprintf('\\x%02X', ord $1)/eg;
        $content =~ s/([^\12\040-\176])/sprintf('\\x{%X}', ord $1)/eg;
        $content =~ s/( +)\n/("\\40" x length $1) . "\n"/eg;
        $content =~ s/(\n+)\n/("\\n" x length $1) . "\n"/eg;
        $content =~ s/\n\z/\\n/;
        my $none = defined $opt{no_content} ? $opt{no_content} : '(no content)';
        if ($content eq $none) { $content =~ s/^(.)/sprintf('\\x%02X', ord $1)/eg }
        elsif ($content eq '') { $content = $none }
    }
    my @dump;
    push @dump, $opt{preheader} if $opt{preheader};
    push @dump, $self->{_headers}->as_string, $content;
    push @dump, "(+ $chopped more bytes not shown)" if $chopped;
    my $dump = join("\n", @dump, '');
    $dump =~ s/^/$opt{prefix}/gm if $opt{prefix};
    print $dump unless defined wantarray;
    return $dump;
}

sub _part_class { __PACKAGE__ }

sub parts {
    my $self = shift;
    $self->_parts if defined wantarray && (!exists $self->{_parts} || ref($self->{_content}) eq 'SCALAR');
    my $old = $self->{_parts};
    if (@_) {
        my @parts = map { ref($_) eq 'ARRAY' ? @$_ : $_ } @_;
        my $ct = $self->content_type || '';
        if ($ct =~ m{^message/}) {
            Carp::croak("Only one part allowed for $ct content") if @parts > 1;
        } elsif ($ct !~ m{^multipart/}) {
            $self->remove_content_headers;
            $self->content_type('multipart/mixed');
        }
        $self->{_parts} = \@parts;
        _stale_content($self);
    }
    return @$old if wantarray;
    return $old->[0];
}

sub add_part {
    my $self = shift;
    if (($self->content_type || '') !~ m{^multipart/}) {
        my $first = $self->_part_class->new($self->remove_content_headers, $self->content(''));
        $self->content_type('multipart/mixed');
        $self->{_parts} = [];
        push @{ $self->{_parts} }, $first if $first->headers->header_field_names || $first->content ne '';
    } elsif (!exists $self->{_parts} || ref($self->{_content}) eq 'SCALAR') {
        $self->_parts;
    }
    push @{ $self->{_parts} }, @_;
    _stale_content($self);
    return;
}

sub _stale_content {
    my $self = shift;
    if (ref($self->{_content}) eq 'SCALAR') { $self->_content }
    else { delete $self->{_content}; delete $self->{_content_ref} }
}

# Methods of HTTP::Headers called on a message go to its headers.
our $AUTOLOAD;
sub AUTOLOAD {
    my ($package, $method) = $AUTOLOAD =~ /\A(.+)::([^:]*)\z/;
    my $code = $_[0]->can($method);
    Carp::croak(qq(Can't locate object method "$method" via package "$package")) unless $code;
    goto &$code;
}

sub can {
    my ($self, $method) = @_;
    if (my $own = $self->SUPER::can($method)) { return $own }
    my $headers = ref($self) ? $self->headers : 'HTTP::Headers';
    if ($headers->can($method)) {
        no strict 'refs';
        *$method = sub {
            local $Carp::Internal{ +__PACKAGE__ } = 1;
            shift->headers->$method(@_);
        };
        return \&$method;
    }
    return undef;
}

sub DESTROY { }

sub _elem {
    my ($self, $elem) = (shift, shift);
    my $old = $self->{$elem};
    $self->{$elem} = $_[0] if @_;
    return $old;
}

# The content split into parts (multipart/*, message/*).
sub _parts {
    my $self = shift;
    my $ct = $self->content_type;
    if ($ct =~ m{^multipart/}) {
        require HTTP::Headers::Util;
        my @h = HTTP::Headers::Util::split_header_words($self->header('Content-Type'));
        die 'Assert' unless @h;
        my %param = @{ $h[0] };
        if (defined(my $b = $param{boundary})) {
            my $str = $self->content;
            $str =~ s/\r?\n--\Q$b\E--.*//s;
            if ($str =~ s/(^|.*?\r?\n)--\Q$b\E\r?\n//s) {
                $self->{_parts} = [map { $self->_part_class->parse($_) } split /\r?\n--\Q$b\E\r?\n/, $str];
            }
        }
    } elsif ($ct eq 'message/http') {
        require HTTP::Request;
        require HTTP::Response;
        my $content = $self->content;
        my $class = $content =~ m{^(HTTP/.*)\n} ? 'HTTP::Response' : 'HTTP::Request';
        $self->{_parts} = [$class->parse($content)];
    } elsif ($ct =~ m{^message/}) {
        $self->{_parts} = [$self->_part_class->parse($self->content)];
    }
    $self->{_parts} ||= [];
}

# The parts joined into bytes, with a boundary none of them contains.
sub _content {
    my $self = shift;
    my $ct = $self->{_headers}->header('Content-Type') || 'multipart/mixed';
    if ($ct =~ m{^\s*message/}i) {
        _set_content($self, $self->{_parts}[0]->as_string($CRLF), 1);
        return;
    }
    require HTTP::Headers::Util;
    my @v = HTTP::Headers::Util::split_header_words($ct);
    Carp::carp('Multiple Content-Type headers') if @v > 1;
    @v = @{ $v[0] };
    my ($boundary, $at);
    for (my $i = 0; $i < @v; $i += 2) {
        if ($v[$i] eq 'boundary') { ($boundary, $at) = ($v[$i + 1], $i + 1); last }
    }
    my @parts = map { $_->as_string($CRLF) } @{ $self->{_parts} };
    my $n = 0;
    $boundary = _boundary() unless defined $boundary;
    while (grep { index($_, $boundary) >= 0 } @parts) { $boundary = _boundary(++$n) }
    if ($at) { $v[$at] = $boundary }
    else { push @v, boundary => $boundary }
    $self->{_headers}->header('Content-Type', HTTP::Headers::Util::join_header_words(@v));
    _set_content($self, "--$boundary$CRLF" . join("$CRLF--$boundary$CRLF", @parts) . "$CRLF--$boundary--$CRLF", 1);
}

sub _boundary {
    my $size = shift or return 'xYzZY';
    require MIME::Base64;
    my $b = MIME::Base64::encode(join('', map { chr rand 256 } 1 .. $size * 3), '');
    $b =~ s/\W/X/g;
    return $b;
}

1;

__END__

=head1 NAME

HTTP::Message - cpan-bridge's drop-in HTTP::Message 6.44, in core Perl

=head1 SYNOPSIS

 use HTTP::Response;      # HTTP::Request and HTTP::Response are HTTP::Messages
 my $r = HTTP::Response->new(200, 'OK', ['Content-Type' => 'text/plain; charset=utf-8',
                                         'Content-Encoding' => 'gzip'], $gzipped);
 my $text = $r->decoded_content;                   # gunzipped, then UTF-8 decoded
 my $raw  = $r->decoded_content(charset => 'none'); # gunzipped bytes
 $r->content("caf\x{e9}");                        # bytes only: wide characters croak

Same methods, arguments, return values and errors as HTTP::Message 6.44: new,
parse, headers, content, add_content, content_ref, decoded_content (gzip,
x-gzip, deflate zlib or raw, bzip2, base64, quoted-printable; charset,
default_charset, alt_charset, charset_strict, raise_error, ref, max_body_size),
decodable, decode, encode, parts, add_part, as_string, dump, clone, and every
HTTP::Headers method through the message.

What differs: content_charset reads an HTML document's <meta> charset with its
own copy of HTML5's prescan (the first 1024 bytes, comments skipped,
iso-8859-1 read as windows-1252, utf-16 as UTF-8) instead of through IO::HTML
(not core); the answers are the same. Brotli (br) works only where
IO::Uncompress::Brotli is installed, as for the real class.

=cut
