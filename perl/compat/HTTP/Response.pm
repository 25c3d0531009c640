package HTTP::Response;
# ABSTRACT: drop-in HTTP::Response 6.44 in core Perl (status, base, redirect chain, caching ages)

use strict;
use warnings;
require Carp;
require HTTP::Message;
require HTTP::Status;
our @ISA = ('HTTP::Message');

our $VERSION = '6.44';

sub new {
    my ($class, $rc, $msg, $header, $content) = @_;
    my $self = $class->SUPER::new($header, $content);
    $self->code($rc);
    $self->message($msg);
    return $self;
}

sub parse {
    my ($class, $str) = @_;
    Carp::carp('Undefined argument to parse()') if $^W && !defined $str;
    my $status_line;
    if (defined $str && $str =~ s/^(.*)\n//) { $status_line = $1 }
    else { ($status_line, $str) = ($str, '') }
    $status_line =~ s/\r\z// if defined $status_line;
    my $self = $class->SUPER::parse($str);
    if (defined $status_line) {
        my ($protocol, $code, $message);
        if ($status_line =~ /^\d{3} /) { ($code, $message) = split ' ', $status_line, 2 }
        else { ($protocol, $code, $message) = split ' ', $status_line, 3 }
        $self->protocol($protocol) if $protocol;
        $self->code($code) if defined $code;
        $self->message($message) if defined $message;
    }
    return $self;
}

sub clone {
    my $self = shift;
    my $clone = bless $self->SUPER::clone, ref $self;
    $clone->code($self->code);
    $clone->message($self->message);
    $clone->request($self->request->clone) if $self->request;
    return $clone;
}

sub code     { shift->_elem('_rc', @_) }
sub message  { shift->_elem('_msg', @_) }
sub previous { shift->_elem('_previous', @_) }
sub request  { shift->_elem('_request', @_) }

sub status_line {
    my $self = shift;
    my $code = $self->{_rc} || '000';
    my $msg = $self->{_msg} || HTTP::Status::status_message($code) || 'Unknown code';
    return "$code $msg";
}

# Content-Base (or the HTTP/1.0 Base) when absolute, else resolved against the
# request's URI; Content-Location is not used (RFC 7231), as in 6.44.
sub base {
    my $self = shift;
    my $base = ($self->header('Content-Base'), $self->header('Base'))[0];
    return $HTTP::URI_CLASS->new($base) if $base && $base =~ /^[a-zA-Z][a-zA-Z0-9.+\-]*:/;
    my $req = $self->request;
    return $HTTP::URI_CLASS->new_abs($base, $req->uri) if $req;
    return undef;
}

sub redirects {
    my $self = shift;
    my @chain;
    for (my $r = $self->previous; $r; $r = $r->previous) { push @chain, $r }
    return wantarray ? reverse(@chain) : @chain;
}

sub filename {
    my $self = shift;
    my $file;
    if (my $cd = $self->header('Content-Disposition')) {
        require HTTP::Headers::Util;
        if (my @cd = HTTP::Headers::Util::split_header_words($cd)) {
            my (undef, undef, %param) = @{ $cd[-1] };
            $file = $param{filename};
            # RFC 2047 encoded-word: =?charset?Q|B?text?=
            if ($file && $file =~ /^=\?(.+?)\?(.+?)\?(.+)\?=$/) {
                my ($charset, $encoding, $text) = ($1, uc $2, $3);
                if ($encoding eq 'Q' || $encoding eq 'B') {
                    local $SIG{__DIE__};
                    eval {
                        if ($encoding eq 'Q') {
                            $text =~ s/_/ /g;
                            require MIME::QuotedPrint;
                            $text = MIME::QuotedPrint::decode($text);
                        } else {
                            require MIME::Base64;
                            $text = MIME::Base64::decode($text);
                        }
                        require Encode;
                        Encode::from_to($text, $charset, _locale_fs_charset()) or die "from_to\n";
                    };
                    $file = $text unless $@;
                }
            }
        }
    }
    unless (defined $file && length $file) {
        my $uri;
        if (my $cl = $self->header('Content-Location')) { $uri = $HTTP::URI_CLASS->new($cl) }
        elsif (my $request = $self->request) { $uri = $request->uri }
        $file = ($uri->path_segments)[-1] if $uri;
    }
    $file =~ s{.*[\\/]}{} if $file;
    $file = undef if $file && !length $file;
    return $file;
}

# The file-name encoding of the locale (Encode::Locale's locale_fs, which is
# not core), from the locale's codeset.
sub _locale_fs_charset {
    my $cs = eval { require I18N::Langinfo; I18N::Langinfo::langinfo(I18N::Langinfo::CODESET()) };
    $cs = 'UTF-8' unless $cs;
    $cs = 'ascii' if $cs eq 'ANSI_X3.4-1968';
    return $cs;
}

sub as_string {
    my $self = shift;
    my ($eol) = @_;
    $eol = "\n" unless defined $eol;
    my $line = $self->status_line;
    my $proto = $self->protocol;
    $line = "$proto $line" if $proto;
    return join($eol, $line, $self->SUPER::as_string(@_));
}

sub dump {
    my $self = shift;
    my $line = $self->status_line;
    my $proto = $self->protocol;
    $line = "$proto $line" if $proto;
    return $self->SUPER::dump(preheader => $line, @_);
}

sub is_info         { HTTP::Status::is_info(shift->{_rc}) }
sub is_success      { HTTP::Status::is_success(shift->{_rc}) }
sub is_redirect     { HTTP::Status::is_redirect(shift->{_rc}) }
sub is_error        { HTTP::Status::is_error(shift->{_rc}) }
sub is_client_error { HTTP::Status::is_client_error(shift->{_rc}) }
sub is_server_error { HTTP::Status::is_server_error(shift->{_rc}) }

sub error_as_HTML {
    my $self = shift;
    my $title = 'An Error Occurred';
    my $body = $self->status_line;
    $body =~ s/&/&amp;/g;
    $body =~ s/</&lt;/g;
    return "<html>\n<head><title>$title</title></head>\n<body>\n<h1>$title</h1>\n<p>$body</p>\n</body>\n</html>\n";
}

# RFC 2616 13.2.3
sub current_age {
    my ($self, $time) = @_;
    my $response_time = $self->client_date;
    my $date = $self->date;
    my $age = 0;
    if ($response_time && $date) {
        $age = $response_time - $date;
        $age = 0 if $age < 0;
    }
    my $age_v = $self->header('Age');
    $age = $age_v if $age_v && $age_v > $age;
    if ($response_time) {
        if (my $request = $self->request) {
            my $request_time = $request->date;
            $age += $response_time - $request_time if $request_time && $request_time < $response_time;
        }
        $age += ($time || time) - $response_time;
    }
    return $age;
}

# RFC 2616 13.2.4, with the real module's heuristics and options
sub freshness_lifetime {
    my ($self, %opt) = @_;
    for my $cc ($self->header('Cache-Control')) {
        for my $dir (split /\s*,\s*/, $cc) {
            return $1 if $dir =~ /^max-age\s*=\s*(\d+)/i;
        }
    }
    my $date = $self->date || $self->client_date || $opt{time} || time;
    if (my $expires = $self->expires) { return $expires - $date }
    return undef if exists $opt{heuristic_expiry} && !$opt{heuristic_expiry};
    $opt{h_min} ||= 60;
    $opt{h_max} ||= 24 * 3600;
    $opt{h_lastmod_fraction} ||= 0.10;
    $opt{h_default} ||= 3600;
    if (my $last_modified = $self->last_modified) {
        my $h = ($date - $last_modified) * $opt{h_lastmod_fraction};
        return $opt{h_min} if $h < $opt{h_min};
        return $opt{h_max} if $h > $opt{h_max};
        return $h;
    }
    return $opt{h_min} > $opt{h_default} ? $opt{h_min} : $opt{h_default};
}

sub is_fresh {
    my ($self, %opt) = @_;
    $opt{time} ||= time;
    my $f = $self->freshness_lifetime(%opt);
    return undef unless defined $f;
    return $f > $self->current_age($opt{time});
}

sub fresh_until {
    my ($self, %opt) = @_;
    $opt{time} ||= time;
    my $f = $self->freshness_lifetime(%opt);
    return undef unless defined $f;
    return $f - $self->current_age($opt{time}) + $opt{time};
}

1;

__END__

=head1 NAME

HTTP::Response - cpan-bridge's drop-in HTTP::Response 6.44, in core Perl

=head1 SYNOPSIS

 use HTTP::Response;
 my $r = HTTP::Response->new(404, 'Not Found', ['Content-Type' => 'text/plain'], "gone\n");
 print $r->status_line, "\n" if $r->is_error;   # 404 Not Found
 my @chain = $r->redirects;                     # oldest first

Same methods as HTTP::Response 6.44: new(code, msg, headers, content), parse,
code, message, status_line, is_info/is_success/is_redirect/is_error/
is_client_error/is_server_error, base, request, previous, redirects, filename,
current_age, freshness_lifetime, is_fresh, fresh_until, error_as_HTML,
as_string, dump, clone, and HTTP::Message's.

What differs: filename decodes an RFC 2047 name into the locale's codeset read
through I18N::Langinfo instead of Encode::Locale (not core); under a UTF-8
locale both give UTF-8 bytes.

=cut
