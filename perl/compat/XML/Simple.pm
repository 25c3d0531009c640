package XML::Simple;
# ABSTRACT: drop-in XML::Simple 2.25 whose parsing and XMLin/XMLout work is done by the cpan-bridge daemon

use strict;
use warnings;
use warnings::register;
use Carp;
use Scalar::Util ();
use CPANBridge;
use CPANBridge::Packed ();
require Exporter;

our $VERSION = '2.25';
our @ISA       = qw(Exporter);
our @EXPORT    = qw(XMLin XMLout);
our @EXPORT_OK = qw(xml_in xml_out);
our $PREFERRED_PARSER;   # accepted for scripts that set it; the daemon has one parser

my %StrictMode;

my @KnownOptIn  = qw(keyattr keeproot forcecontent contentkey noattr
                     searchpath forcearray cache suppressempty parseropts
                     grouptags nsexpand datahandler varattr variables
                     normalisespace normalizespace valueattr strictmode);
my @KnownOptOut = qw(keyattr keeproot contentkey noattr
                     rootname xmldecl outputfile noescape suppressempty
                     grouptags nsexpand handler noindent attrindent nosort
                     valueattr numericescape strictmode);

# Options that only the Perl side uses (files, handles, code): never sent.
my %LocalOpt = map { $_ => 1 } qw(searchpath cache parseropts datahandler outputfile handler);

my %MemShareCache;
my %MemCopyCache;

my $BRIDGE;
sub _bridge { $BRIDGE ||= CPANBridge->new }

sub import {
    _strict_mode_for_caller(1) if grep { $_ eq ':strict' } @_;
    @_ = grep { $_ ne ':strict' } @_;
    goto &Exporter::import;
}

sub new {
    my $class = shift;
    croak "Default options must be name=>value pairs (odd number supplied)" if @_ % 2;
    my %known;
    @known{ @KnownOptIn, @KnownOptOut } = ();
    my %raw = @_;
    $raw{strictmode} = _strict_mode_for_caller() unless exists $raw{strictmode};
    my %def;
    while (my ($key, $val) = each %raw) {
        (my $lkey = lc $key) =~ s/_//g;
        croak "Unrecognised option: $key" unless exists $known{$lkey};
        $def{$lkey} = $val;
    }
    return bless { def_opt => \%def }, $class;
}

sub _strict_mode_for_caller {
    my $set = @_;
    my $frame = 1;
    while (my ($package) = caller($frame++)) {
        next if $package eq 'XML::Simple';
        $StrictMode{$package} = 1 if $set;
        return $StrictMode{$package};
    }
    return 0;
}

sub _get_object {
    return shift if $_[0] && UNIVERSAL::isa($_[0], 'XML::Simple');
    return XML::Simple->new;
}

sub XMLin {
    my $self = &_get_object;
    my $target = shift;
    return $self->parse_file(undef, @_) unless defined $target;
    if ($target eq '-') {
        local $/ = undef;
        $target = <STDIN>;
        return $self->parse_string(\$target, @_);
    }
    if (my $type = ref $target) {
        return $self->parse_string($target, @_) if $type eq 'SCALAR';
        return $self->parse_fh($target, @_);
    }
    return $self->parse_string(\$target, @_) if $target =~ m{<.*?>}s;
    return $self->parse_file($target, @_);
}

sub parse_file {
    my $self = &_get_object;
    my $filename = shift;
    $self->handle_options('in', @_);
    $filename = $self->default_config_file unless defined $filename;
    $filename = $self->find_xml_file($filename, @{ $self->{opt}{searchpath} });
    if ($self->{opt}{cache}) {
        for my $scheme (@{ $self->{opt}{cache} }) {
            my $method = "cache_read_$scheme";
            my $opt = $self->$method($filename);
            return $opt if $opt;
        }
    }
    my $ref = $self->_xmlin(file => $filename);
    if ($self->{opt}{cache}) {
        my $method = 'cache_write_' . $self->{opt}{cache}[0];
        $self->$method($ref, $filename);
    }
    return $ref;
}

sub parse_fh {
    my $self = &_get_object;
    my $fh = shift;
    croak "Can't use " . (defined $fh ? qq{string ("$fh")} : 'undef') . ' as a filehandle' unless ref $fh;
    $self->handle_options('in', @_);
    # XML::SAX reads any other reference as a document and fails to parse it
    croak "\nXML parse error: cannot read a document from $fh (not a file handle)\nXML::Simple called"
        unless UNIVERSAL::isa($fh, 'GLOB') || UNIVERSAL::isa($fh, 'IO::Handle') || UNIVERSAL::can($fh, 'getline');
    my $text = do { local $/; UNIVERSAL::isa($fh, 'GLOB') ? <$fh> : join('', $fh->getlines) };
    $text = '' unless defined $text;
    return $self->_xmlin(xml => $text);
}

sub parse_string {
    my $self = &_get_object;
    my $string = shift;
    $self->handle_options('in', @_);
    return $self->_xmlin(xml => ref $string ? $$string : $string);
}

sub default_config_file {
    my $self = shift;
    require File::Basename;
    my ($basename, $script_dir) = File::Basename::fileparse($0, '\.[^\.]+');
    unshift @{ $self->{opt}{searchpath} }, $script_dir if $script_dir;
    return $basename . '.xml';
}

sub find_xml_file {
    my ($self, $file, @search_path) = @_;
    require File::Basename;
    require File::Spec;
    my ($filename) = File::Basename::fileparse($file);
    if ($filename ne $file) {
        return $file if -e $file;
    } else {
        for my $path (@search_path) {
            my $full = File::Spec->catfile($path, $file);
            return $full if -e $full;
        }
    }
    if (!@search_path) {
        return $file if -e $file;
        croak "File does not exist: $file";
    }
    croak "Could not find $file in ", join(':', @search_path);
}

# The options as the daemon takes them: normalised names, a qr// as its
# string form, nothing that only Perl can use (handles, code, caches).
sub _wire_options {
    my $opt = shift;
    my %w;
    for my $k (keys %$opt) {
        next if $LocalOpt{$k};
        my $v = $opt->{$k};
        next if ref $v eq 'CODE';
        $w{$k} = _wire_value($v);
    }
    return \%w;
}

sub _wire_value {
    my $v = shift;
    my $r = ref $v;
    return $v unless $r;
    return "$v" if $r eq 'Regexp';
    return [ map { _wire_value($_) } @$v ] if $r eq 'ARRAY';
    return { map { ($_ => _wire_value($v->{$_})) } keys %$v } if $r eq 'HASH';
    return "$v";
}

# XMLin's work: the daemon parses and collapses; its folding warnings are carped here.
sub _xmlin {
    my ($self, $kind, $src) = @_;
    my %params = (options => $self->{wire});
    my %call = (packed => 1);
    if ($kind eq 'file') {
        require File::Spec;
        $params{file} = File::Spec->rel2abs($src);
    } else {
        # bytes, as XML::Parser takes them: the encoding declaration decides
        utf8::encode($src) if utf8::is_utf8($src);
        $call{packed_params} = { xml => CPANBridge::Packed::encode(CPANBridge::bytes($src)) };
    }
    my ($r, $err) = _bridge()->rpc('xml_helper.xmlin', \%params, \%call);
    if ($err) {
        my $code = $err->{data}{backend_code} // '';
        croak $err->{message} if $code eq 'xml_simple';
        croak "\n$err->{message}\nXML::Simple called" if $code eq 'xml_parse';
        croak "XMLin: $err->{message}";
    }
    if (@{ $r->{warnings} || [] } && warnings::enabled()) {
        carp $_ for @{ $r->{warnings} };
    }
    return $r->{value};
}

sub handle_options {
    my $self = shift;
    my $dirn = shift;
    my %known;
    @known{ $dirn eq 'in' ? @KnownOptIn : @KnownOptOut } = ();
    croak "Options must be name=>value pairs (odd number supplied)" if @_ % 2;
    my %raw = @_;
    my $opt = {};
    $self->{opt} = $opt;
    while (my ($key, $val) = each %raw) {
        (my $lkey = lc $key) =~ s/_//g;
        croak "Unrecognised option: $key" unless exists $known{$lkey};
        $opt->{$lkey} = $val;
    }
    for (keys %known) {
        $opt->{$_} = $self->{def_opt}{$_} if !exists $opt->{$_} && exists $self->{def_opt}{$_};
    }
    $self->{wire} = _wire_options($opt);

    if ($opt->{searchpath}) { $opt->{searchpath} = [ $opt->{searchpath} ] unless ref $opt->{searchpath} }
    else { $opt->{searchpath} = [] }
    $opt->{cache} = [ $opt->{cache} ] if $opt->{cache} && !ref $opt->{cache};
    if ($opt->{cache}) {
        $_ = lc $_ for @{ $opt->{cache} };
        for my $scheme (@{ $opt->{cache} }) {
            croak "Unsupported caching scheme: $scheme" unless $self->can("cache_read_$scheme");
        }
    }
    if (exists $opt->{parseropts}) {
        carp "Warning: 'ParserOpts' is deprecated, contact the author if you need it" if warnings::enabled();
    }

    # what XML::Simple croaks about while reading its options, checked here so the croak names the script's line
    my $forcearray = $opt->{forcearray};
    if (exists $opt->{forcearray}) {
        $forcearray = [ $forcearray ] if ref $forcearray eq 'Regexp';
        if (ref $forcearray eq 'ARRAY') {
            $forcearray = @$forcearray ? { map { ref $_ ? () : ($_ => 1) } @$forcearray } : 0;
        } else {
            $forcearray = $forcearray ? 1 : 0;
        }
    } else {
        croak "No value specified for 'ForceArray' option in call to XML$dirn()" if $opt->{strictmode} && $dirn eq 'in';
        $forcearray = 0;
    }
    if (exists $opt->{keyattr}) {
        if (ref $opt->{keyattr} eq 'HASH' && $opt->{strictmode} && $dirn eq 'in') {
            for my $el (keys %{ $opt->{keyattr} }) {
                next if !ref $forcearray && $forcearray == 1;
                next if ref $forcearray eq 'HASH' && $forcearray->{$el};
                croak "<$el> set in KeyAttr but not in ForceArray";
            }
        }
    } elsif ($opt->{strictmode}) {
        croak "No value specified for 'KeyAttr' option in call to XML$dirn()";
    }
    if ($opt->{grouptags}) {
        croak "Illegal value for 'GroupTags' option - expected a hashref" unless UNIVERSAL::isa($opt->{grouptags}, 'HASH');
        while (my ($key, $val) = each %{ $opt->{grouptags} }) {
            next if $key ne $val;
            croak "Bad value in GroupTags: '$key' => '$val'";
        }
    }
    if ($opt->{variables} && !UNIVERSAL::isa($opt->{variables}, 'HASH')) {
        croak "Illegal value for 'Variables' option - expected a hashref";
    }
    $opt->{rootname} = exists $opt->{rootname} ? (defined $opt->{rootname} ? $opt->{rootname} : '') : 'opt';
    return;
}

# ---- caches (the same schemes as XML::Simple; they hold the collapsed data) ----

sub storable_filename {
    my ($self, $cachefile) = @_;
    $cachefile =~ s{(\.xml)?$}{.stor};
    return $cachefile;
}

sub cache_write_storable {
    my ($self, $data, $filename) = @_;
    my $cachefile = $self->storable_filename($filename);
    require Storable;
    if ($^O eq 'VMS') { Storable::nstore($data, $cachefile) } else { Storable::lock_nstore($data, $cachefile) }
}

sub cache_read_storable {
    my ($self, $filename) = @_;
    my $cachefile = $self->storable_filename($filename);
    return unless -r $cachefile;
    return unless (stat($cachefile))[9] > (stat($filename))[9];
    require Storable;
    return $^O eq 'VMS' ? Storable::retrieve($cachefile) : Storable::lock_retrieve($cachefile);
}

sub cache_write_memshare {
    my ($self, $data, $filename) = @_;
    $MemShareCache{$filename} = [ time(), $data ];
}

sub cache_read_memshare {
    my ($self, $filename) = @_;
    return unless $MemShareCache{$filename};
    return unless $MemShareCache{$filename}[0] > (stat($filename))[9];
    return $MemShareCache{$filename}[1];
}

sub cache_write_memcopy {
    my ($self, $data, $filename) = @_;
    require Storable;
    $MemCopyCache{$filename} = [ time(), Storable::dclone($data) ];
}

sub cache_read_memcopy {
    my ($self, $filename) = @_;
    return unless $MemCopyCache{$filename};
    return unless $MemCopyCache{$filename}[0] > (stat($filename))[9];
    return Storable::dclone($MemCopyCache{$filename}[1]);
}

# ---- XMLout --------------------------------------------------------------------

sub XMLout {
    my $self = &_get_object;
    croak "XMLout() requires at least one argument" unless @_;
    my $ref = shift;
    $self->handle_options('out', @_);
    my $opt = $self->{opt};
    my $data = _pack_out($ref);
    my ($xml, $err) = _bridge()->rpc('xml_helper.xmlout', { options => { %{ $self->{wire} }, '-warnings' => 1 } }, { packed_params => { data => $data } });
    if ($err) {
        my $code = $err->{data}{backend_code} // '';
        croak $err->{message} if $code eq 'xml_simple';
        croak "XMLout: $err->{message}";
    }
    # the daemon counts the undef values XML::Simple would warn about, ahead of the text
    my $nl = index($xml, "\n");
    my $undefs = substr($xml, 0, $nl);
    $xml = substr($xml, $nl + 1);
    if ($undefs && warnings::enabled()) { carp 'Use of uninitialized value' for 1 .. $undefs }
    if ($opt->{outputfile}) {
        if (ref $opt->{outputfile}) {
            my $fh = $opt->{outputfile};
            if (UNIVERSAL::isa($fh, 'GLOB') && !UNIVERSAL::can($fh, 'print')) {
                eval { require IO::Handle };
                croak $@ if $@;
            }
            return $fh->print($xml);
        }
        open(my $out, '>', "$opt->{outputfile}") || croak "open($opt->{outputfile}): $!";
        binmode($out, ':utf8');
        print $out $xml or croak "print: $!";
        close $out or croak "close: $!";
        return 1;
    }
    if ($opt->{handler}) {
        require XML::SAX;
        my $sp = XML::SAX::ParserFactory->parser(Handler => $opt->{handler});
        return $sp->parse_string($xml);
    }
    return $xml;
}

# The data in the packed form, every scalar as the string Perl prints, with
# markers (bytes tokens) where XML::Simple would croak when it got there: a
# reference it cannot encode ("ref:CODE") and one back to an ancestor
# ("circular"). Blessed hashes and arrays are hashes and arrays, as
# UNIVERSAL::isa sees them.
sub _pack_out {
    my ($ref) = @_;
    my $out = '';
    my %ancestors;
    my $enc;
    $enc = sub {
        my ($v, $depth) = @_;
        if (!defined $v) { $out .= "N\0"; return }
        if (!ref $v) {
            my $s = "$v";
            utf8::encode($s);
            $out .= pack 'a w/a', 'S', $s;
            return;
        }
        my $addr = Scalar::Util::refaddr($v);
        if ($ancestors{$addr}) { $out .= pack 'a w/a', 'B', 'circular'; return }
        croak 'XMLout: data nested deeper than 500 levels' if $depth > 500;
        if (UNIVERSAL::isa($v, 'HASH')) {
            $ancestors{$addr} = 1;
            $out .= pack 'a w/a', 'H', scalar keys %$v;
            for my $k (keys %$v) {
                my $kb = $k;
                utf8::encode($kb);
                $out .= pack 'a w/a', 'S', $kb;
                $enc->($v->{$k}, $depth + 1);
            }
            delete $ancestors{$addr};
            return;
        }
        if (UNIVERSAL::isa($v, 'ARRAY')) {
            $ancestors{$addr} = 1;
            $out .= pack 'a w/a', 'A', scalar @$v;
            $enc->($_, $depth + 1) for @$v;
            delete $ancestors{$addr};
            return;
        }
        $out .= pack 'a w/a', 'B', 'ref:' . ref($v);
    };
    $enc->($ref, 0);
    undef $enc;
    return $out;
}

sub escape_value {
    my ($self, $data) = @_;
    return '' unless defined $data;
    $data =~ s/&/&amp;/sg;
    $data =~ s/</&lt;/sg;
    $data =~ s/>/&gt;/sg;
    $data =~ s/"/&quot;/sg;
    my $level = $self->{opt}{numericescape} or return $data;
    return $self->numeric_escape($data, $level);
}

sub numeric_escape {
    my ($self, $data, $level) = @_;
    if ($self->{opt}{numericescape} eq '2') { $data =~ s/([^\x00-\x7F])/'&#' . ord($1) . ';'/gse }
    else { $data =~ s/([^\x00-\xFF])/'&#' . ord($1) . ';'/gse }
    return $data;
}

sub escape_attr { my $self = shift; return $self->escape_value(@_) }

sub normalise_space {
    my ($self, $text) = @_;
    $text =~ s/^\s+//s;
    $text =~ s/\s+$//s;
    $text =~ s/\s\s+/ /sg;
    return $text;
}

*xml_in  = \&XMLin;
*xml_out = \&XMLout;

1;

__END__

=head1 NAME

XML::Simple - XML::Simple 2.25's XMLin and XMLout, done by the cpan-bridge daemon

=head1 SYNOPSIS

  use XML::Simple;                 # or qw(:strict)
  my $ref = XMLin($file_or_string, ForceArray => 1, KeyAttr => { server => 'name' });
  my $xml = XMLout($ref, RootName => 'config', XMLDecl => 1);

  my $xs = XML::Simple->new(KeyAttr => []);
  my $ref = $xs->XMLin(\*STDIN);

=head1 DESCRIPTION

The same functions, options, data shapes, warnings and errors as XML::Simple
2.25, for hosts without it. The daemon parses the document (in a worker
thread, with no network or external entities) and collapses it exactly as
XML::Simple does; the whole result comes back as one packed value. Input is
a string (anything with markup), a file name (SearchPath, and the script's
own name with C<.xml> for C<undef>), a file handle, a scalar ref or C<'-'>
for STDIN; C<Cache> (storable, memshare, memcopy) works as in XML::Simple.

Regexes given to C<ForceArray> run as JavaScript regular expressions: the
flags i, m, s and x work; atomic groups, possessive quantifiers, recursion,
\G, \K, \Q..\E, conditionals and inline modifiers are refused with an error.
C<DataHandler> is ignored (XML::Simple ignores it on XMLin too) and
C<ParserOpts> only warns as it is deprecated; C<NoSort> writes keys in the
order they arrive, which, as with the real module, is no particular order.
A parse error dies with the parser's message followed by
C<XML::Simple called at ...>, as XML::Simple does; the wording of the
parser's own message differs from expat's.

=cut
