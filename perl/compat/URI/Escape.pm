package URI::Escape;
# ABSTRACT: drop-in URI::Escape 5.17 in core Perl (percent-encoding of strings)

use strict;
use warnings;
use Carp ();
use Exporter 'import';    # not an Exporter subclass, as the real one

our $VERSION = '5.17';
our @EXPORT = qw(uri_escape uri_unescape uri_escape_utf8);
our @EXPORT_OK = qw(%escapes);

# every byte to its %XX form; scripts read and even edit this table
our %escapes = map { (chr($_) => sprintf('%%%02X', $_)) } 0 .. 255;

# RFC 3986 unreserved characters stay; everything else is escaped
my $DEFAULT_UNSAFE = qr/[^A-Za-z0-9\-\._~]/;
my %compiled;    # a custom character class string -> its regexp

sub _class_for {
    my ($spec) = @_;
    return $compiled{$spec} if defined $compiled{$spec};
    # The caller writes the inside of a [...] class; a bare [ or ] (or a
    # trailing lone backslash) must not end it, POSIX [:name:] classes stay.
    (my $inside = $spec) =~ s{(\[:\w+:\])|(\\)?([\[\]]|\\\z)}{
        defined $1 ? $1 : defined $2 ? "$2$3" : "\\$3"
    }ge;
    my $re = eval { no warnings 'regexp'; qr{[$inside]} };
    Carp::croak("uri_escape: $@") unless $re;
    return $compiled{$spec} = $re;
}

sub _wide {
    Carp::croak(sprintf "Can't escape \\x{%04X}, try uri_escape_utf8() instead", ord $_[0]);
}

sub uri_escape {
    my ($text, $unsafe) = @_;
    return undef unless defined $text;
    if (defined $unsafe && ref $unsafe eq 'Regexp') {
        # a regexp may match several characters at once: escape each of them
        $text =~ s{($unsafe)}{ join '', map { $escapes{$_} || _wide($_) } split //, "$1" }ge;
        return $text;
    }
    my $re = defined $unsafe ? _class_for($unsafe) : $DEFAULT_UNSAFE;
    $text =~ s/($re)/$escapes{$1} || _wide($1)/ge;
    return $text;
}

sub uri_escape_utf8 {
    my $text = shift;
    return undef unless defined $text;
    utf8::encode($text);
    return uri_escape($text, @_);
}

sub uri_unescape {
    my $str = shift;
    if (@_ && wantarray) {
        my @all = ($str, @_);
        s/%([0-9A-Fa-f]{2})/chr(hex($1))/eg for @all;
        return @all;
    }
    $str =~ s/%([0-9A-Fa-f]{2})/chr(hex($1))/eg if defined $str;
    return $str;
}

# Escapes every character of a string; wide characters as their UTF-8 bytes.
# (URI's own classes call this for the characters they do not allow.)
sub escape_char {
    my $s = $_[0];
    utf8::encode($s) if utf8::is_utf8($s);
    return join '', @escapes{ split //, $s };
}

1;

__END__

=head1 NAME

URI::Escape - percent-encode and decode strings (cpan-bridge facade of URI::Escape 5.17)

=head1 SYNOPSIS

  use URI::Escape;                    # uri_escape uri_unescape uri_escape_utf8
  use URI::Escape qw(%escapes);
  my $safe = uri_escape("10% off & more");          # 10%25%20off%20%26%20more
  my $path = uri_escape($s, "^A-Za-z0-9\-\._~/");   # custom unsafe set
  my $u8   = uri_escape_utf8("caf\x{e9}");          # caf%C3%A9
  my $text = uri_unescape("a%20b");

Pure core Perl; same functions, same default unsafe set (everything outside
RFC 3986's unreserved C<A-Za-z0-9-._~>), same croak for a character above
0xFF given to C<uri_escape>, same C<%escapes> table (edits to it show in
the output, as with the real one), taint kept as the real one keeps it.
Nothing differs from the real module that a script can see.

=cut
