package MIME::Lite;
# ABSTRACT: drop-in MIME::Lite 3.033: composes in Perl byte for byte as the real one; sends with the daemon's SMTP or a sendmail pipe

use 5.008;
use strict;
use warnings;

use Carp ();
use File::Basename ();
use MIME::Base64 ();
use MIME::QuotedPrint ();
use Time::Local ();
use CPANBridge::Mail::Encode ();
use CPANBridge::Mail::Address ();

our $VERSION = '3.033';

our $AUTO_CC           = 1;
our $AUTO_CONTENT_TYPE = 0;
our $AUTO_ENCODE       = 1;
our $AUTO_VERIFY       = 1;
our $PARANOID          = 0;
our $QUIET             = undef;
our $VANILLA           = 0;
our $DEBUG             = 0;

# The default transport, as the real one picks it at load time: sendmail
# when one is installed, else none (send() then fails as the real one does).
my $Sender = 'sendmail';
my $SENDMAIL;
for my $cand ('/usr/lib/sendmail', '/usr/sbin/sendmail', 'sendmail',
              map { "$_/sendmail" } grep { defined && length } split /:/, (defined $ENV{PATH} ? $ENV{PATH} : '')) {
    if (-x $cand) { $SENDMAIL = $cand; last }
}
$Sender = 'smtp' if $^O =~ /win32|cygwin/i;
my %SenderArgs = (sendmail => [], smtp => [], sub => []);

my $BCount = 0;
my %KnownField = map { ($_ => 1) } qw(
    bcc cc comments date encrypted from keywords message-id mime-version organization
    received references reply-to return-path sender subject to approved);
my @FieldOrder;

# X-Mailer names the helper modules' versions as the real one does; this one
# loads no MIME::Types (T) or Mail::Address (A), so those never appear.
my @Uses = ("F$File::Basename::VERSION", "B$MIME::Base64::VERSION", "Q$MIME::QuotedPrint::VERSION");

# MIME::Types' transfer encodings for media types where it differs from its
# rule (text/* quoted-printable, everything else base64), and the text/,
# message/ and multipart/ types it knows (an unknown one falls to binary).
my %TYPE_ENCODING = (
    (map { ($_ => '8bit') } qw(
        text/plain text/html text/csv text/css text/richtext text/rtf text/x-component text/x-vcalendar
        text/x-vcard text/vcard text/x-setext text/x-sgml text/sgml text/tab-separated-values text/markdown
        text/x-markdown text/javascript text/ecmascript text/x-server-parsed-html text/enriched text/x-speech
        application/json application/xml application/javascript application/ecmascript application/x-sh
        application/x-csh application/x-perl application/x-tcl application/x-troff application/x-troff-man
        application/x-troff-me application/x-troff-ms application/x-latex application/x-tex application/x-texinfo
        application/postscript application/rtf application/x-javascript application/xhtml+xml
        application/mathml+xml image/svg+xml image/x-xpixmap message/rfc822 message/news message/partial
        message/external-body message/http message/sip message/sipfrag message/s-http message/global-headers
        message/tracking-status message/delivery-status message/feedback-report)),
    (map { ($_ => '7bit') } qw(image/x-xbitmap application/pgp-encrypted application/pgp-keys)),
    (map { ($_ => 'quoted-printable') } qw(
        text/xml text/calendar text/enriched text/directory text/uri-list text/x-asm text/x-c text/x-fortran
        text/x-java-source text/x-pascal text/x-python text/x-uuencode text/troff text/x-diff text/x-patch
        text/x-log text/x-lua text/x-nfo text/x-opml text/x-sfv text/prs.lines.tag text/n3 text/turtle
        text/vnd.curl text/vnd.fly text/vnd.graphviz text/vnd.in3d.3dml text/vnd.in3d.spot
        text/vnd.sun.j2me.app-descriptor text/vnd.wap.wml text/vnd.wap.wmlscript text/x-c++src text/x-chdr
        text/x-csrc text/x-c++hdr text/x-crontab text/x-makefile text/x-moc text/x-tcl text/x-tex text/x-sh
        text/x-vcalendar-qp text/yaml text/x-yaml text/dns text/rfc822-headers text/1d-interleaved-parityfec
        text/cache-manifest text/jcr-cnd text/mizar text/plain-bas)),
    (map { ($_ => 'base64') } qw(message/disposition-notification message/global message/global-delivery-status
        message/global-disposition-notification message/imdn+xml)),
);
# suffix => type for Type => 'AUTO' (MIME::Types' answers for common suffixes)
my %SUFFIX_TYPE = (
    txt => 'text/plain', text => 'text/plain', log => 'text/plain', conf => 'text/plain', csv => 'text/csv',
    htm => 'text/html', html => 'text/html', css => 'text/css', xml => 'application/xml', json => 'application/json',
    js => 'application/javascript', pdf => 'application/pdf', ps => 'application/postscript',
    rtf => 'application/rtf', zip => 'application/zip', gz => 'application/gzip', tgz => 'application/gzip',
    tar => 'application/x-tar', doc => 'application/msword', xls => 'application/vnd.ms-excel',
    ppt => 'application/vnd.ms-powerpoint',
    docx => 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xlsx => 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    pptx => 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    gif => 'image/gif', jpg => 'image/jpeg', jpeg => 'image/jpeg', jpe => 'image/jpeg', png => 'image/png',
    bmp => 'image/bmp', svg => 'image/svg+xml', tif => 'image/tiff', tiff => 'image/tiff', ico => 'image/x-icon',
    mp3 => 'audio/mpeg', wav => 'audio/x-wav', mp4 => 'video/mp4', mpeg => 'video/mpeg', mpg => 'video/mpeg',
    eml => 'message/rfc822', ics => 'text/calendar', vcf => 'text/vcard', md => 'text/markdown',
    bin => 'application/octet-stream', exe => 'application/x-msdownload', sh => 'application/x-sh',
    pl => 'text/x-perl', py => 'text/x-python', c => 'text/x-c', h => 'text/x-c', yaml => 'text/x-yaml', yml => 'text/x-yaml',
);

sub fold {
    my $str = shift;
    $str =~ s/^\s*|\s*$//g;
    $str =~ s/\n/\n /g;
    return $str;
}

sub gen_boundary { return '_----------=_' . ($VANILLA ? '' : int(time) . $$) . $BCount++ }

sub is_mime_field { return $_[0] =~ /^(mime\-|content\-)/i }

sub extract_only_addrs { my @a = CPANBridge::Mail::Address::only_addrs(@_); return wantarray ? @a : $a[0] }
sub extract_full_addrs { my @a = CPANBridge::Mail::Address::split_list($_[0]); return wantarray ? @a : $a[0] }

# (the core functions have prototypes: pass the arguments one by one)
sub encode_base64 { return @_ > 1 ? MIME::Base64::encode_base64($_[0], $_[1]) : MIME::Base64::encode_base64($_[0]) }
sub encode_qp { my ($s, @r) = @_; return !@r ? MIME::QuotedPrint::encode_qp($s) : @r == 1 ? MIME::QuotedPrint::encode_qp($s, $r[0]) : MIME::QuotedPrint::encode_qp($s, $r[0], $r[1]) }

# 8bit/7bit: no line longer than 990 characters (a newline is put in), 7bit drops 8-bit bytes
sub encode_8bit { my $str = shift; $str =~ s/^(.{990})/$1\n/mg; return $str }
sub encode_7bit { my $str = shift; $str =~ s/[\x80-\xFF]//g; $str =~ s/^(.{990})/$1\n/mg; return $str }

# ---- construction ----------------------------------------------------------

sub new {
    my $class = shift;
    my $self = bless { Attrs => {}, SubAttrs => {}, Header => [], Parts => [] }, $class;
    return @_ ? $self->build(@_) : $self;
}

sub attach {
    my $self = shift;
    my $part1 = @_ == 1 ? shift : ref($self)->new(Top => 0, @_);
    my $type = $self->{Attrs}{'content-type'};
    if (!defined $type || $type !~ m{^(multipart|message)/}i) {
        # a single part becomes part 0 of a new multipart/mixed: its MIME
        # attributes and data move, its other headers stay on top
        my $part0 = ref($self)->new;
        for (qw(SubAttrs Attrs Data Path FH)) { $part0->{$_} = delete $self->{$_} }
        $part0->top_level(0);
        $self->{Attrs}    = { 'content-type' => 'multipart/mixed', 'content-transfer-encoding' => '7bit' };
        $self->{SubAttrs} = { 'content-type' => { boundary => gen_boundary() } };
        $self->top_level(1);
        push @{ $self->{Parts} }, $part0;
    }
    push @{ $self->{Parts} }, $part1;
    return $part1;
}

sub build {
    my $self = shift;
    my %params = @_;
    my @params = @_;
    (defined($params{Data}) + defined($params{Path}) + defined($params{FH}) <= 1)
        or Carp::croak("supply exactly zero or one of (Data|Path|FH).\n");
    ref($self) or $self = $self->new;

    my $type = $params{Type} || ($AUTO_CONTENT_TYPE ? 'AUTO' : 'TEXT');
    if    ($type eq 'TEXT')   { $type = 'text/plain' }
    elsif ($type eq 'HTML')   { $type = 'text/html' }
    elsif ($type eq 'BINARY') { $type = 'application/octet-stream' }
    elsif ($type eq 'AUTO')   { $type = $self->suggest_type($params{Path}) }
    $type = lc $type;
    my $attrs = $self->{Attrs};
    $attrs->{'content-type'} = $type;
    my $is_multipart = $type =~ m{^(multipart)/}i;
    $self->{SubAttrs}{'content-type'}{boundary} = gen_boundary() if $is_multipart;

    if (defined $params{Id}) {
        my $id = $params{Id};
        $id = "<$id>" unless $id =~ /\A\s*<.*>\s*\z/;
        $attrs->{'content-id'} = $id;
    }

    if (defined $params{Data}) { $self->data($params{Data}) }
    elsif (defined $params{Path}) { $self->path($params{Path}); $self->read_now if $params{ReadNow} }
    elsif (defined $params{FH}) { $self->fh($params{FH}); $self->read_now if $params{ReadNow} }

    $self->filename($params{Filename}) if defined $params{Filename};

    my $enc = $params{Encoding} || ($AUTO_ENCODE and $self->suggest_encoding($type)) || 'binary';
    $attrs->{'content-transfer-encoding'} = lc $enc;
    if ($type =~ m{^(multipart|message)/}) {
        $enc =~ m{^(7bit|8bit|binary)\Z}
            or Carp::croak("illegal MIME: can't have encoding $enc with type $type\n");
    }

    $attrs->{'content-disposition'} = $params{Disposition} || ($is_multipart ? undef : 'inline');

    if (exists $params{Length}) { $attrs->{'content-length'} = $params{Length} }
    else { $self->get_length }

    my $is_top = defined $params{Top} ? $params{Top} : 1;
    $self->top_level($is_top);

    my $ds_defaulted = $is_top && !exists $params{Datestamp};
    $self->add('date', _email_date()) if ($params{Datestamp} || $ds_defaulted) && !exists $params{Date};

    while (@params) {
        my ($tag, $value) = splice @params, 0, 2;
        my $lc = lc $tag;
        my $field;
        if ($lc =~ /^-(.*)/) { $field = $1 }
        elsif ($lc =~ /^(.*):$/) { $field = $1 }
        elsif ($KnownField{$lc} || $lc =~ m{^(content|resent|x)-.}) { $field = $lc }
        else { next }
        $self->add($field, $value);
    }
    return $self;
}

# Email::Date::Format's email_date: local time, day of month unpadded, numeric zone
sub _email_date {
    my $time = time;
    my @lt = localtime $time;
    my $diff = Time::Local::timegm(@lt[0 .. 4], $lt[5] + 1900) - $time;
    my $sign = $diff < 0 ? '-' : '+';
    $diff = abs $diff;
    my $hr = int($diff / 3600);
    my $mi = int($diff / 60 - $hr * 60);
    return sprintf '%s, %d %s %d %02d:%02d:%02d %s%02d%02d',
        (qw(Sun Mon Tue Wed Thu Fri Sat))[$lt[6]], $lt[3], (qw(Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec))[$lt[4]],
        $lt[5] + 1900, @lt[2, 1, 0], $sign, $hr, $mi;
}

sub top_level {
    my ($self, $onoff) = @_;
    if ($onoff) {
        $self->{Attrs}{'mime-version'} = '1.0';
        my $uses = @Uses ? '(' . join('; ', @Uses) . ')' : '';
        $self->replace('X-Mailer' => "MIME::Lite $VERSION $uses") unless $VANILLA;
    } else {
        delete $self->{Attrs}{'mime-version'};
        $self->delete('X-Mailer');
    }
}

# ---- header fields -----------------------------------------------------------

sub add {
    my $self = shift;
    my $tag = lc shift;
    my $value = shift;
    Carp::carp("Explicitly setting a MIME header field ($tag) is dangerous:\nuse the attr() method instead.\n")
        if is_mime_field($tag) && !$QUIET;
    my @vals = ref $value && ref $value eq 'ARRAY' ? @$value : ($value . '');
    s/\n/\n /g for @vals;
    push @{ $self->{Header} }, [$tag, $_] for @vals;
}

sub attr {
    my ($self, $attr, $value) = @_;
    my $attrs = $self->{Attrs};
    $attr = lc $attr;
    my ($tag, $subtag) = split /\./, $attr;
    if (defined $subtag) {
        $attrs = $self->{SubAttrs}{$tag} ||= {};
        $tag = $subtag;
    }
    if (@_ > 2) {
        if (defined $value) { $attrs->{$tag} = $value }
        else { delete $attrs->{$tag} }
    }
    return $attrs->{$tag};
}

sub _safe_attr {
    my ($self, $attr) = @_;
    return defined $self->{Attrs}{$attr} ? $self->{Attrs}{$attr} : '';
}

sub delete {
    my $self = shift;
    my $tag = lc shift;
    $self->{Header} = [grep { $_->[0] ne $tag } @{ $self->{Header} }];
    return $self;
}

sub field_order {
    my $self = shift;
    if (ref $self) { $self->{FieldOrder} = [map { lc } @_] }
    else { @FieldOrder = map { lc } @_ }
}

sub fields {
    my $self = shift;
    my @fields;
    my $attrs = $self->{Attrs};
    my $sub_attrs = $self->{SubAttrs};
    my %explicit = map { ($_->[0] => 1) } @{ $self->{Header} };
    for my $tag (sort keys %$attrs) {
        next if $explicit{$tag};
        my $value = $attrs->{$tag};
        defined $value or next;
        if (my $subs = $sub_attrs->{$tag}) {
            # an undef name (a "cmd |" Path has none) warns, as in the real one
            $value .= '; ' . join('; ', map { qq{$_="$subs->{$_}"} } sort keys %$subs);
        }
        push @fields, [$tag, $value];
    }
    push @fields, [@$_] for @{ $self->{Header} };
    my @order = @{ $self->{FieldOrder} || [] };
    @order = @FieldOrder unless @order;
    if (@order) {
        my %rank = map { ($order[$_] => 1 + $_) } 0 .. $#order;
        my @ranked = map { [$_ + 1000 * ($rank{ lc $fields[$_][0] } || (2 + $#order)), $fields[$_]] } 0 .. $#fields;
        @fields = map { $_->[1] } sort { $a->[0] <=> $b->[0] } @ranked;
    }
    return \@fields;
}

sub filename {
    my ($self, $filename) = @_;
    if (@_ > 1) {
        $self->{SubAttrs}{'content-type'}{name} = $filename;
        $self->{SubAttrs}{'content-disposition'}{filename} = $filename;
    }
    return $self->{SubAttrs}{'content-disposition'}{filename};
}

sub get {
    my ($self, $tag, $index) = @_;
    $tag = lc $tag;
    Carp::croak("get: can't be used with MIME fields\n") if is_mime_field($tag);
    my @all = map { $_->[0] eq $tag ? $_->[1] : () } @{ $self->{Header} };
    return defined $index ? $all[$index] : (wantarray ? @all : $all[0]);
}

sub get_length {
    my $self = shift;
    my $attrs = $self->{Attrs};
    my $ct = defined $attrs->{'content-type'} ? $attrs->{'content-type'} : '';
    my $enc = lc($attrs->{'content-transfer-encoding'} || 'binary');
    my $length;
    if ($ct !~ m{^multipart/}i && $enc eq 'binary') {
        if (defined $self->{Data}) { $length = length $self->{Data} }
        elsif (defined $self->{FH}) { }
        elsif (defined $self->{Path}) { $length = -s $self->{Path} if -e $self->{Path} }
    }
    $attrs->{'content-length'} = $length;
    return $length;
}

sub parts { my $self = shift; return @{ $self->{Parts} || [] } }

sub parts_DFS { my $self = shift; return ($self, map { $_->parts_DFS } $self->parts) }

sub preamble { my $self = shift; $self->{Preamble} = shift if @_; return $self->{Preamble} }

sub replace {
    my ($self, $tag, $value) = @_;
    $self->delete($tag);
    $self->add($tag, $value) if defined $value;
}

sub scrub {
    my ($self, @a) = @_;
    my ($expl) = @a;
    local $QUIET = 1;
    if (!@a) {
        $self->replace('content-length', '');
        if (!$self->_safe_attr('content-disposition.filename') || $self->_safe_attr('content-type.name')) {
            $self->replace('content-disposition', '');
        }
        $self->replace('content-transfer-encoding', '')
            if $self->_safe_attr('content-transfer-encoding') =~ /^(7bit|8bit|binary)$/i;
        $self->attr('content-type.charset' => undef) if $self->_safe_attr('content-type.charset') =~ /^(us-ascii)/i;
        # The real one takes the content type (a string) as a hash here and dies
        # under strict refs; scripts that call scrub() with no list see that.
        $self->replace('content-type', '')
            if keys %{ $self->{Attrs}{'content-type'} } == 1 && $self->_safe_attr('content-type') eq 'text/plain';
    } elsif ($expl && ref $expl eq 'ARRAY') {
        $self->replace($_, '') for @$expl;
    }
    $_->scrub(@a) for @{ $self->{Parts} };
}

# ---- data ----------------------------------------------------------------------

sub binmode {
    my $self = shift;
    $self->{Binmode} = shift if @_;
    return defined $self->{Binmode} ? $self->{Binmode}
        : ((defined $self->{Attrs}{'content-type'} ? $self->{Attrs}{'content-type'} : '') !~ m{^(text|message)/}i);
}

sub data {
    my $self = shift;
    if (@_) {
        $self->{Data} = ref $_[0] eq 'ARRAY' ? join('', @{ $_[0] }) : $_[0];
        $self->get_length;
    }
    return $self->{Data};
}

sub fh { my $self = shift; $self->{FH} = shift if @_; return $self->{FH} }

sub path {
    my $self = shift;
    if (@_) {
        $self->{Path} = shift;
        my $filename;
        if ($self->{Path} && $self->{Path} !~ /\|$/) {
            ($filename = $self->{Path}) =~ s/^<//;
            $filename = File::Basename::basename($filename);
        }
        $self->filename($filename);
        $self->get_length;
    }
    return $self->{Path};
}

sub resetfh { my $self = shift; seek $self->{FH}, 0, 0 }

sub read_now {
    my $self = shift;
    local $/ = undef;
    if ($self->{FH}) {
        my ($chunk, @chunks);
        CORE::binmode($self->{FH}) if $self->binmode;
        push @chunks, $chunk while read $self->{FH}, $chunk, 1024;
        $self->{Data} = join '', @chunks;
    } elsif ($self->{Path}) {
        my $fh = _open_path($self->{Path}) or Carp::croak("open $self->{Path}: $!\n");
        CORE::binmode($fh) if $self->binmode;
        $self->{Data} = <$fh>;
        close $fh;
    }
}

# The real one opens Path with 2-argument open: "<file", "cmd |" and plain
# names all work; so does this, on purpose (a script's Path => "gzip -c f |").
sub _open_path {
    my ($path) = @_;
    my $fh;
    if ($path =~ /\|\s*$/ || $path =~ /^\s*[<>+]/) { open($fh, $path) or return undef }   ## no critic (TwoArgOpen)
    else { open($fh, '<', $path) or return undef }
    return $fh;
}

sub sign {
    my $self = shift;
    my %params = @_;
    @_ or $params{Path} = "$ENV{HOME}/.signature";
    defined $self->{Data} or $self->read_now;
    my $sig;
    if (!defined($sig = $params{Data})) {
        local $/ = undef;
        my $fh = _open_path($params{Path}) or Carp::croak("open sig $params{Path}: $!\n");
        $sig = <$fh>;
        close $fh;
    }
    $sig = join('', @$sig) if ref $sig && ref $sig eq 'ARRAY';
    $self->{Data} .= "\n-- \n$sig";
    $self->get_length;
    return 1;
}

sub suggest_encoding {
    my ($self, $ctype) = @_;
    $ctype = lc $ctype;
    my ($type) = split '/', $ctype;
    $type = '' unless defined $type;
    return $TYPE_ENCODING{$ctype} if $TYPE_ENCODING{$ctype};
    # MIME::Types lists nearly every text/ type it knows as quoted-printable;
    # one it does not know (or with parameters: "text/plain; charset=x") gets binary
    return 'quoted-printable' if $type eq 'text' && $ctype =~ m{^text/[\w.+-]+\z} && _known_text($ctype);
    return 'binary' if $type eq 'text' || $type eq 'message' || $type eq 'multipart';
    return 'base64';
}

# text/ subtypes MIME::Types knows beyond those listed above
my %KNOWN_TEXT = map { ($_ => 1) } qw(text/x-perl text/x-php text/x-java text/x-c text/x-python text/x-sql
    text/x-scriptzsh text/x-bibtex text/x-ruby text/x-lisp text/x-scheme text/x-haskell text/x-ocaml);
sub _known_text { return $KNOWN_TEXT{$_[0]} }

sub suggest_type {
    my ($self, $path) = @_;
    $path or return 'application/octet-stream';
    return $SUFFIX_TYPE{ lc $1 } || 'application/octet-stream' if $path =~ /\.([^.\/]+)\z/;
    return 'application/octet-stream';
}

sub verify_data {
    my $self = shift;
    my $path = $self->{Path};
    if ($path && $path !~ /\|$/) {
        $path =~ s/^<//;
        -r $path or die "$path: not readable\n";
    }
    $_->verify_data for @{ $self->{Parts} };
    return 1;
}

# ---- output ------------------------------------------------------------------------

# A printer for what the real one accepts: a glob, a glob ref, a name, an
# object with print (IO::Handle, Net::SMTP) or nothing (the selected handle).
sub _printer {
    my ($out) = @_;
    return $out if ref $out eq 'CODE';
    no strict 'refs';
    $out ||= select;
    $out = \*$out unless ref $out;
    if (ref $out ne 'GLOB') { my $o = $out; return sub { $o->print(@_) } }
    return sub { print {$out} @_ };
}

sub print {
    my ($self, $out) = @_;
    my $p = _printer($out);
    $self->verify_data if $AUTO_VERIFY;
    $p->($self->header_as_string);
    $p->("\n");
    $self->print_body($p);
}

sub print_for_smtp {
    my ($self, $out) = @_;
    my $p = _printer($out);
    my @fields = grep { $_->[0] ne 'bcc' } @{ $self->fields };
    $p->($self->fields_as_string(\@fields));
    $p->("\n");
    $self->print_body($p, '1');
}

sub print_body {
    my ($self, $out, $is_smtp) = @_;
    my $p = _printer($out);
    my $type = defined $self->{Attrs}{'content-type'} ? $self->{Attrs}{'content-type'} : '';
    if ($type =~ m{^multipart/}i) {
        my $boundary = $self->{SubAttrs}{'content-type'}{boundary};
        $p->(defined $self->{Preamble} ? $self->{Preamble} : "This is a multi-part message in MIME format.\n");
        for my $part (@{ $self->{Parts} }) {
            $p->("\n--$boundary\n");
            $part->print($p);
        }
        $p->("\n--$boundary--\n");
    } elsif ($type =~ m{^message/}) {
        my @parts = @{ $self->{Parts} };
        if (@parts == 0) { $self->print_simple_body($p, $is_smtp) }
        elsif (@parts == 1) { $parts[0]->print($p) }
        else { Carp::croak("can't handle message with >1 part\n") }
    } else {
        $self->print_simple_body($p, $is_smtp);
    }
    return 1;
}

sub print_simple_body {
    my ($self, $out, $is_smtp) = @_;
    my $p = _printer($out);
    my $encoding = uc(defined $self->{Attrs}{'content-transfer-encoding'} ? $self->{Attrs}{'content-transfer-encoding'} : '');
    warn 'M::L >>> Encoding using ' . $encoding . ', is_smtp=' . ($is_smtp || 0) . "\n" if $DEBUG;
    if (defined $self->{Data}) {
        if ($encoding eq 'BINARY') {
            # as the real one: the last LF of binary data becomes CR on the way to SMTP (and stays so)
            $self->{Data} =~ s/(?!\r)\n\z/\r/ if $is_smtp;
            $p->($self->{Data});
        }
        elsif ($encoding eq '8BIT') { $p->(encode_8bit($self->{Data})) }
        elsif ($encoding eq '7BIT') { $p->(encode_7bit($self->{Data})) }
        elsif ($encoding eq 'QUOTED-PRINTABLE') {
            my ($data) = $self->{Data} =~ m/\A(.*)\Z/s;
            while ($data =~ m{^(.*[\r\n]*)}smg) { my $line = $1; $p->(encode_qp($line)) }
        }
        elsif ($encoding =~ /^BASE64/) { $p->(encode_base64($self->{Data})) }
        else { Carp::croak("unsupported encoding: `$encoding'\n") }
    } elsif (defined $self->{Path} || defined $self->{FH}) {
        my $in;
        if (defined $self->{Path}) { $in = _open_path($self->{Path}) or Carp::croak("open $self->{Path}: $!\n") }
        else { $in = $self->{FH} }
        CORE::binmode($in) if $self->binmode;
        local $_;
        if ($encoding eq 'BINARY') {
            my $last = '';
            while (read $in, $_, 2048) { $p->($last) if length $last; $last = $_ }
            if (length $last) { $last =~ s/(?!\r)\n\z/\r/ if $is_smtp; $p->($last) }
        }
        elsif ($encoding eq '8BIT') { $p->(encode_8bit($_)) while <$in> }
        elsif ($encoding eq '7BIT') { $p->(encode_7bit($_)) while <$in> }
        elsif ($encoding eq 'QUOTED-PRINTABLE') { $p->(encode_qp($_)) while <$in> }
        elsif ($encoding eq 'BASE64') { $p->(encode_base64($_)) while read $in, $_, 45 }
        else { Carp::croak("unsupported encoding: `$encoding'\n") }
        close $in if defined $self->{Path};
    } else {
        Carp::croak("no data in this part\n");
    }
    return 1;
}

sub print_header {
    my ($self, $out) = @_;
    _printer($out)->($self->header_as_string);
    return 1;
}

sub as_string {
    my $self = shift;
    my $buf = '';
    $self->print(sub { $buf .= join '', @_; 1 });
    return $buf;
}
{ no warnings q(once); *stringify = \&as_string }

sub body_as_string {
    my $self = shift;
    my $buf = '';
    $self->print_body(sub { $buf .= join '', @_; 1 });
    return $buf;
}
{ no warnings q(once); *stringify_body = \&body_as_string }

sub fields_as_string {
    my ($self, $fields) = @_;
    my $out = '';
    for (@$fields) {
        my ($tag, $value) = @$_;
        next if $value eq '';
        $tag =~ s/\b([a-z])/uc($1)/ge;
        $tag =~ s/^mime-/MIME-/i;
        $out .= "$tag: $value\n";
    }
    return $out;
}

sub header_as_string { my $self = shift; return $self->fields_as_string($self->fields) }
{ no warnings q(once); *stringify_header = \&header_as_string }

# ---- sending ------------------------------------------------------------------------------

sub send {
    my $self = shift;
    my $meth = shift;
    if (ref $self) {
        my ($method, @args);
        if (@_) { $method = 'send_by_' . $meth; @args = @_ }
        else { $method = "send_by_$Sender"; @args = @{ $SenderArgs{$Sender} || [] } }
        $self->verify_data if $AUTO_VERIFY;
        Carp::croak("Unknown send method '$meth'") unless $self->can($method);
        return $self->$method(@args);
    }
    Carp::croak("class method send must have HOW... arguments\n") unless @_;
    my @old = ($Sender, @{ $SenderArgs{$Sender} });
    $Sender = $meth;
    $SenderArgs{$Sender} = [@_];
    return @old;
}

sub _unfold_stupid_params {
    my $self = shift;
    my %p;
    for (my $i = 0; $i < @_; $i++) {
        my $item = $_[$i];
        if (!ref $item) { $p{$item} = $_[++$i] }
        elsif (UNIVERSAL::isa($item, 'HASH')) { $p{$_} = $item->{$_} for keys %$item }
        elsif (UNIVERSAL::isa($item, 'ARRAY')) { for (my $j = 0; $j < @$item; $j += 2) { $p{ $item->[$j] } = $item->[$j + 1] } }
    }
    return %p;
}

sub send_by_sendmail {
    my $self = shift;
    my $return;
    if (@_ == 1 && !ref $_[0]) {
        my $cmd = shift;
        Carp::croak('No sendmail command available') unless $cmd;
        open(my $pipe, "|$cmd") or Carp::croak("open |$cmd: $!\n");   ## no critic (TwoArgOpen): a shell command, as the real one runs it
        $self->print($pipe);
        close $pipe;
        $return = ($? >> 8) ? undef : 1;
    } else {
        my %p = $self->_unfold_stupid_params(@_);
        $p{Sendmail} = $SENDMAIL unless defined $p{Sendmail};
        my @cmd = ($p{Sendmail}, @{ $p{BaseArgs} || ['-t', '-oi', '-oem'] });
        $p{SetSender} = 1 unless defined $p{SetSender};
        $p{SetSender} ||= defined $p{FromSender};
        if ($p{SetSender}) {
            my $from = $p{FromSender} || ($self->get('From'))[0];
            if ($from) {
                my ($addr) = extract_only_addrs($from);
                push @cmd, "-f$addr" if $addr;
            }
        }
        my $pid = open(my $pipe, '|-');
        defined $pid or die "open of pipe failed: $!\n";
        if (!$pid) {
            # (with no sendmail found, the real one warns and dies here in the child, as this does)
            exec(@cmd) or die "can't exec $p{Sendmail}: $!\n";
        }
        $self->print($pipe);
        close $pipe || die 'error closing ' . (defined $p{Sendmail} ? $p{Sendmail} : '') . ": $! (exit $?)\n";
        $return = 1;
    }
    return $self->{last_send_successful} = $return;
}

# The message is composed here as print_for_smtp writes it (Bcc left out of
# the header, kept in the envelope) and the daemon's mail.send speaks SMTP:
# one connection per message, no STARTTLS (Net::SMTP does not start it unasked).
sub send_by_smtp {
    my ($self, $hostname, %args) = @_;
    $self->{last_send_successful} = 0;
    my @hdr_to = extract_only_addrs(scalar $self->get('To'));
    if ($AUTO_CC) {
        for my $field (qw(Cc Bcc)) { push @hdr_to, extract_only_addrs($_) for $self->get($field) }
    }
    Carp::croak("send_by_smtp: nobody to send to for host '$hostname'?!\n") unless @hdr_to;
    $args{To} ||= \@hdr_to;
    $args{From} ||= extract_only_addrs(scalar $self->get('Return-Path'));
    $args{From} ||= extract_only_addrs(scalar $self->get('From'));
    my $msg = '';
    $self->print_for_smtp(sub { $msg .= join '', @_; 1 });
    # Net::SMTP's datasend writes octets: characters over 0xFF die there, after
    # MAIL/RCPT/DATA, so no message is delivered; nor is one here
    die 'Wide character in syswrite' if $msg =~ /[^\x00-\xFF]/;
    my $auth = defined $args{AuthUser} && defined $args{AuthPass} && !$args{NoAuth}
        ? { user => $args{AuthUser}, password => $args{AuthPass} } : undef;
    _smtp($hostname, \%args, $auth, $args{From}, ref $args{To} eq 'ARRAY' ? $args{To} : [$args{To}], $msg, 'send_by_smtp');
    return $self->{last_send_successful} = 1;
}

sub send_by_smtp_simple {
    my ($self, @args) = @_;
    $self->{last_send_successful} = 0;
    my ($from) = extract_only_addrs($self->get('From'));
    my $to = $self->get('To');
    defined $to or Carp::croak("send_by_smtp: missing 'To:' address\n");
    my @to_all = extract_only_addrs($to);
    if ($AUTO_CC) {
        for my $field (qw(Cc Bcc)) { my $v = $self->get($field); push @to_all, extract_only_addrs($v) if defined $v }
    }
    my $host = @args % 2 ? shift @args : undef;
    my %args = @args;
    $host = $args{Host} unless defined $host;
    my $msg = '';
    $self->print_for_smtp(sub { $msg .= join '', @_; 1 });
    die 'Wide character in syswrite' if $msg =~ /[^\x00-\xFF]/;
    _smtp($host, \%args, undef, $from, \@to_all, $msg, 'simple');
    $self->{last_send_successful} = 1;
    return 1;
}

# host "name:port" as Net::SMTP (IO::Socket::IP) reads it: a port in the host
# string wins over Port; brackets only around an IPv6 literal
sub _smtp {
    my ($hostname, $args, $auth, $from, $to, $msg, $how) = @_;
    my ($host, $port) = (defined $hostname ? $hostname : 'localhost', $args->{Port});
    if ($host =~ /^\[([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)\](?::(\d+))?\z/) { ($host, $port) = ($1, defined $2 ? $2 : $port) }
    elsif ($host =~ /^([^:]+):(\d+)\z/) { ($host, $port) = ($1, $2) }
    my %o = (host => $host, from => $from, to => [grep { defined } @$to], message => $msg,
        starttls => 'never', hello => ($args->{Hello} || 'localhost.localdomain'),
        timeout => 0 + ($args->{Timeout} || 120));
    $o{port} = 0 + $port if defined $port && $port =~ /^\d+\z/;
    if ($args->{SSL}) {
        $o{ssl} = 1;
        $o{tls} = { ca_file => $ENV{SSL_CERT_FILE} } if defined $ENV{SSL_CERT_FILE} && length $ENV{SSL_CERT_FILE};
    }
    $o{auth} = $auth if $auth;
    require CPANBridge::Mail::Transport;
    my ($r, $f) = CPANBridge::Mail::Transport::send(%o);
    return $r if $r && !($r->{rejected} && @{ $r->{rejected} });
    if ($r) {   # some recipients refused: Net::SMTP's recipient() stops at the first
        $f = { stage => 'rcpt', code => 550, text => "Recipient address rejected\n" };
    }
    my $text = defined $f->{text} ? $f->{text} : '';
    $text .= "\n" if length $text && $text !~ /\n\z/;
    my $simple = $how eq 'simple';
    my $st = $f->{stage};
    if ($st eq 'connect' || $st eq 'tls' || $st eq 'bridge') {
        local $! = _errno_for($f);
        Carp::croak(($simple ? 'Failed to connect to mail server' : 'SMTP Failed to connect to mail server') . ": $!\n");
    }
    if ($st eq 'auth') {
        die "SMTP auth() command not supported on $hostname\n" if ($f->{kind} || '') =~ /unsupported|not_supported/;
        die "SMTP auth() command failed: \n$text\n";
    }
    my %what = $simple
        ? (mail => 'SMTP MAIL command failed', rcpt => 'SMTP RCPT command failed', data => 'SMTP DATA command failed')
        : (mail => 'SMTP mail() command failed', rcpt => 'SMTP recipient() command failed', data => 'SMTP data() command failed');
    if ($st eq 'data' && defined $f->{code} && $f->{code} !~ /^354/ && ($f->{kind} || '') !~ /data_start/) {
        Carp::croak("Net::CMD (Net::SMTP) DATAEND command failed.\nLast server message was:$text"
            . 'This probably represents a problem with newline encoding ');
    }
    my $line = ($what{$st} || 'SMTP command failed') . ": \n$text\n";
    Carp::croak($line) if $simple;
    die $line;
}

sub _errno_for {
    my ($f) = @_;
    return $f->{errno} if defined $f->{errno} && $f->{errno} =~ /^\d+\z/;
    require Errno;
    my $m = join ' ', grep { defined } $f->{message}, $f->{text}, $f->{kind};
    return Errno::ECONNREFUSED() if $m =~ /refused/i;
    return Errno::ETIMEDOUT() if $m =~ /time/i;
    return Errno::EHOSTUNREACH() if $m =~ /unreach/i;
    return Errno::EINVAL() if $m =~ /not known|ENOTFOUND|EAI_|dns/i;
    return Errno::EIO();
}

sub send_by_testfile {
    my $self = shift;
    my $filename = 'mailer.testfile';
    if (@_ == 1 && !ref $_[0]) {
        $filename = shift;
        Carp::croak('no filename given to send_by_testfile') unless $filename;
    }
    open(my $fh, '>>', $filename) or Carp::croak("open $filename: $!\n");
    $self->print($fh);
    close $fh;
    my $return = ($? >> 8) ? undef : 1;
    return $self->{last_send_successful} = $return;
}

sub last_send_successful { my $self = shift; return $self->{last_send_successful} }

sub send_by_sub {
    my ($self, $subref, @args) = @_;
    $self->{last_send_successful} = &$subref($self, @args);
}

sub sendmail { my $self = shift; $self->send('sendmail', join(' ', @_)) }

sub quiet { my $class = shift; $QUIET = shift if @_; return $QUIET }

1;

__END__

=head1 NAME

MIME::Lite - drop-in MIME::Lite 3.033 for cpan-bridge

=head1 SYNOPSIS

  use MIME::Lite;                       # perl/compat first on PERL5LIB

  my $msg = MIME::Lite->new(
      From => 'reports@example.test', To => 'ops@example.test', Bcc => 'audit@example.test',
      Subject => 'Nightly report', Type => 'multipart/mixed');
  $msg->attach(Type => 'TEXT', Data => "See attached.\n");
  $msg->attach(Type => 'application/pdf', Path => 'report.pdf', Disposition => 'attachment');
  print $msg->as_string;                # composed here: no daemon needed
  $msg->send('smtp', 'mail.example.test', Port => 25, Timeout => 60,
             AuthUser => 'me', AuthPass => $pw);    # sent by the daemon's mail.send

=head1 DESCRIPTION

Composition (C<new>, C<build>, C<attach>, C<add>, C<replace>, C<delete>,
C<attr>, C<get>, C<fields>, C<field_order>, C<scrub>, C<data>/C<path>/C<fh>,
C<read_now>, C<as_string>, C<body_as_string>, C<header_as_string>, C<print>,
C<print_body>) is the real module's logic in core Perl: the same header order,
boundaries (C<_----------=_E<lt>timeE<gt>E<lt>pidE<gt>E<lt>nE<gt>>), Date format,
encodings (8bit/7bit line cuts at 990, quoted-printable, base64 through the core
encoders) and the same quirks (the last LF of binary data sent by SMTP becomes CR).
Like the real one it does not encode non-ASCII header values: pass them encoded.

C<send('smtp', $host, ...)> / C<send_by_smtp> compose as C<print_for_smtp>
does (Bcc out of the header, in the envelope with To and Cc when
C<$AUTO_CC>) and hand the octets to the daemon's C<mail.send>; errors die
with the real module's texts. C<send('sendmail', $cmd)>, the default
sendmail, C<send_by_testfile> and C<send_by_sub> run here as the real ones do.

=head1 DIFFERENCES

=over

=item * X-Mailer lists C<F>, C<B> and C<Q> versions only: the facade uses no
MIME::Types (C<T>) or Mail::Address (C<A>).

=item * C<Type =E<gt> 'AUTO'> and the default transfer encodings come from a
table of MIME::Types' answers for common types; a rare type may get
base64 where MIME::Types has an entry saying otherwise.

=item * SMTP: one C<mail.send> per message. A refused recipient among
several: Net::SMTP stops before DATA; C<mail.send> may already have
delivered to the others when the facade dies with the same message.
C<Debug>, C<LocalAddr>, C<LocalPort>, C<ExactAddresses> and the DSN
options (C<Notify>, C<Return>, ...) are not passed on. With C<SSL>, the
certificate is verified (C<SSL_CERT_FILE> names a CA file, as for
IO::Socket::SSL). A message holding characters over 0xFF cannot be sent
(Net::SMTP refuses them too); encode it first.

=item * The package helpers C<MIME::Lite::SMTP>, C<MIME::Lite::IO_Handle>
and C<MIME::Lite::IO_Scalar> do not exist; C<print> takes the same handles.

=back

=cut
