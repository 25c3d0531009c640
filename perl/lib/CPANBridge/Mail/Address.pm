package CPANBridge::Mail::Address;
# ABSTRACT: splits address lists ("A <a@x>, b@y (B)") for SMTP envelopes, as Mail::Address->parse does for the common forms

use strict;
use warnings;

our $VERSION = '1.00';

# One entry per address: commas inside "quoted phrases", <angles> or
# (comments) do not split.
sub split_list {
    my ($str) = @_;
    return () unless defined $str;
    my @out;
    my ($cur, $depth, $angle, $quote) = ('', 0, 0, 0);
    for my $ch (split //, $str) {
        if ($quote) { $quote = 0 if $ch eq '"'; $cur .= $ch; next }
        if ($ch eq '"') { $quote = 1 }
        elsif ($ch eq '(') { $depth++ }
        elsif ($ch eq ')') { $depth-- if $depth }
        elsif ($ch eq '<') { $angle = 1 }
        elsif ($ch eq '>') { $angle = 0 }
        elsif ($ch eq ',' && !$depth && !$angle) { push @out, $cur; $cur = ''; next }
        $cur .= $ch;
    }
    push @out, $cur;
    return grep { /\S/ } map { s/^\s+//; s/\s+\z//; $_ } @out;
}

# The bare address of each entry: the <...> part, else the entry without (comments).
sub only_addrs {
    my @out;
    for my $entry (map { split_list($_) } grep { defined } @_) {
        if ($entry =~ /<\s*([^>]*?)\s*>/) { push @out, $1 if length $1; next }
        (my $a = $entry) =~ s/\((?:[^()"]|"[^"]*")*\)//g;
        $a =~ s/^\s+//;
        $a =~ s/\s+\z//;
        push @out, (split /\s+/, $a)[0] if length $a;
    }
    return wantarray ? @out : $out[0];
}

1;

__END__

=head1 NAME

CPANBridge::Mail::Address - envelope addresses from header values

=head1 SYNOPSIS

  my @rcpt = CPANBridge::Mail::Address::only_addrs('"Doe, J" <j@x.test>, k@y.test (K)');
  # ('j@x.test', 'k@y.test')

=head1 DESCRIPTION

MIME::Lite's C<send_by_smtp> takes its envelope from the To, Cc and Bcc
fields through Mail::Address (when installed) or its own parser; this
gives the same addresses for the forms scripts write (bare addresses,
C<< Phrase <addr> >>, quoted phrases with commas, trailing comments).
It is not a full RFC 5322 parser (groups and routes are not handled).

=cut
