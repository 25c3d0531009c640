package HTTP::Headers::Util;
# ABSTRACT: drop-in HTTP::Headers::Util 6.44 (split and join of header words) in core Perl

use strict;
use warnings;
require Exporter;
our @ISA = ('Exporter');

our $VERSION = '6.44';
our @EXPORT_OK = qw(split_header_words _split_header_words join_header_words);

sub split_header_words {
    my @res = _split_header_words(@_);
    for my $words (@res) {
        for (my $i = 0; $i < @$words; $i += 2) { $words->[$i] = lc $words->[$i] }
    }
    return @res;
}

# 'a=1; b="x, y", c' -> ([a => 1, b => 'x, y'], [c => undef]): a comma starts a
# new group, a semicolon the next attribute; quoted values lose their
# backslash escapes; unquoted ones end at ; , or white space.
sub _split_header_words {
    my @res;
    for my $text (@_) {
        local $_ = $text;
        my @cur;
        while (length) {
            if (s/^\s*(=*[^\s=;,]+)//) {
                push @cur, $1;
                if (s/^\s*=\s*"([^"\\]*(?:\\.[^"\\]*)*)"//) {
                    (my $v = $1) =~ s/\\(.)/$1/g;
                    push @cur, $v;
                } elsif (s/^\s*=\s*([^;,\s]*)//) {
                    (my $v = $1) =~ s/\s+$//;
                    push @cur, $v;
                } else {
                    push @cur, undef;
                }
            } elsif (s/^\s*,//) {
                push @res, [@cur] if @cur;
                @cur = ();
            } elsif (s/^\s*;// || s/^\s+// || s/^=//) {
                # separators only
            } else {
                die "This should not happen: '$_'";
            }
        }
        push @res, \@cur if @cur;
    }
    return @res;
}

sub join_header_words {
    my @groups = @_ && !ref($_[0]) ? ([@_]) : @_;
    my @out;
    for my $group (@groups) {
        my @kv = @$group;
        my @attr;
        while (@kv) {
            my ($k, $v) = splice @kv, 0, 2;
            if (defined $v) {
                if (!length($v) || $v =~ /[\x00-\x20()<>@,;:\\"\/\[\]?={}\x7F-\xFF]/) {
                    $v =~ s/(["\\])/\\$1/g;
                    $k .= qq(="$v");
                } else {
                    $k .= "=$v";
                }
            }
            push @attr, $k;
        }
        push @out, join('; ', @attr) if @attr;
    }
    return join(', ', @out);
}

1;

__END__

=head1 NAME

HTTP::Headers::Util - cpan-bridge's drop-in HTTP::Headers::Util 6.44, in core Perl

=head1 SYNOPSIS

 use HTTP::Headers::Util qw(split_header_words join_header_words);
 my @w = split_header_words('text/html; charset="utf-8"');   # (['text/html', undef, charset => 'utf-8'])
 my $s = join_header_words('form-data', undef, name => 'a b'); # 'form-data; name="a b"'

Behaves as the real module; nothing differs.

=cut
