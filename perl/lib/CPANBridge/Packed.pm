package CPANBridge::Packed;
# ABSTRACT: the packed bulk form, encoded and decoded with core pack/unpack

use strict;
use warnings;

our $VERSION = '1.00';

use Carp ();

my ($TRUE, $FALSE);

sub _booleans {
    require JSON::PP;
    ($TRUE, $FALSE) = ($JSON::PP::true, $JSON::PP::false);
}

=head1 NAME

CPANBridge::Packed - the packed bulk form of cpan-bridge, in core Perl

=head1 SYNOPSIS

  use CPANBridge::Packed;

  my $bytes = CPANBridge::Packed::encode({ rows => [[1, 'a'], [2, undef]] });
  my $data  = CPANBridge::Packed::decode($bytes);

  # a table: an array of row arrays, one unpack for all its cells
  my $table = CPANBridge::Packed::encode_table(\@rows, $ncols);

=head1 DESCRIPTION

JSON::PP decodes about 1 MB/s, so bulk data (rows, cells, parsed documents)
travels between the daemon and Perl in this form. Every value is a token: a
tag byte and a BER length-prefixed body, so a whole stream splits with one
C<unpack '(a w/a)*'>:

  N undef   t true   f false          (empty body)
  S text (UTF-8)   B bytes   n number (decimal)
  A array: body is the element count; the elements follow
  H hash:  body is the pair count; key (an S token) and value follow
  R table: body is "w w w/a w/a (w/a)*": ncols, nrows, column kinds
           (S, B or n each), NULL bitmap (LSB first, row-major, empty if
           no NULL), then the cells row by row. Decodes as [[...], ...].

Text decodes to character strings, bytes stay byte strings, so Unicode and
binary data both round-trip exactly.

=head1 FUNCTIONS

=head2 decode

  my $data = CPANBridge::Packed::decode($bytes);
  my $data = CPANBridge::Packed::decode($bytes, { flat_tables => 1 });

Dies with a message starting C<packed:> on malformed input. With
C<flat_tables>, tables decode as C<CPANBridge::Packed::Flat> objects (see
L</decode_table_flat>) instead of arrays of row arrays. With
C<table_text_bytes>, the text cells of tables stay UTF-8 bytes (a DBD that
hands Perl bytes: no decoding only to encode again).

=cut

# token list, position and table decoder of the decode in progress; tables' text left as bytes
my ($T, $I, $TABLE, $RAW);

sub decode {
    # unpack 'w/a' quietly returns a short last body when the input is cut, so a
    # sentinel token goes after the input: a truncated last token swallows it.
    my @t = unpack '(a w/a)*', $_[0] . "Z\0";
    Carp::croak('packed: truncated input') unless @t >= 2 && $t[-2] eq 'Z' && $t[-1] eq '';
    splice @t, -2;
    # The token list and position live in file lexicals for the walk (no refs passed per
    # token), saved and restored so a nested decode cannot disturb an outer one.
    my ($st, $si, $stab, $sraw) = ($T, $I, $TABLE, $RAW);
    ($T, $I, $TABLE, $RAW) = (\@t, 0, $_[1] && $_[1]{flat_tables} ? \&decode_table_flat : \&decode_table, $_[1] && $_[1]{table_text_bytes});
    my $v = eval { _value() };
    my $err = $@;
    my $end = $I;
    ($T, $I, $TABLE, $RAW) = ($st, $si, $stab, $sraw);
    die $err if $err;
    Carp::croak('packed: trailing data after the value') if $end != @t;
    return $v;
}

# Text values inside arrays and hashes (most of an XMLin tree) are decoded inline,
# without a sub call per token: 2-3x faster on nested data.
sub _value {
    no warnings 'recursion';
    my $tag = $T->[$I];
    my $body = $T->[$I + 1];
    Carp::croak('packed: truncated input') unless defined $tag && defined $body;
    $I += 2;
    if ($tag eq 'S') { utf8::decode($body); return $body }
    if ($tag eq 'H') {
        my %h;
        for (1 .. $body) {
            Carp::croak('packed: hash key is not text') unless ($T->[$I] // '') eq 'S';
            my $k = $T->[$I + 1];
            utf8::decode($k);
            if (($T->[$I + 2] // '') eq 'S') {
                my $v = $T->[$I + 3];
                $I += 4;
                utf8::decode($v);
                $h{$k} = $v;
            } else {
                $I += 2;
                $h{$k} = _value();
            }
        }
        return \%h;
    }
    if ($tag eq 'A') {
        my @a;
        for (1 .. $body) {
            if (($T->[$I] // '') eq 'S') {
                my $v = $T->[$I + 1];
                $I += 2;
                utf8::decode($v);
                push @a, $v;
            } else {
                push @a, _value();
            }
        }
        return \@a;
    }
    if ($tag eq 'N') { return undef }
    if ($tag eq 'n') { return 0 + $body }
    if ($tag eq 'B') { return $body }
    if ($tag eq 'R') { return $TABLE->($body) }
    if ($tag eq 't' || $tag eq 'f') {
        _booleans() unless defined $TRUE;
        return $tag eq 't' ? $TRUE : $FALSE;
    }
    Carp::croak("packed: unknown tag '$tag'");
}

=head2 decode_table

  my $rows = CPANBridge::Packed::decode_table($body);

Decodes the body of an C<R> token into an array of row arrays.

=cut

sub decode_table {
    my ($nc, $nr, $cells) = _table_cells($_[0]);
    my @rows;
    $#rows = $nr - 1;
    my $j = 0;
    for my $r (0 .. $nr - 1) { $rows[$r] = [ @{$cells}[$j .. $j + $nc - 1] ]; $j += $nc }
    return \@rows;
}

=head2 decode_table_flat

  my $flat = CPANBridge::Packed::decode_table_flat($body);
  my ($ncols, $cells) = @$flat;     # blessed CPANBridge::Packed::Flat

The same table as one flat array of cells, row after row, without building
an array per row: what a fetch loop that copies one row at a time wants.

=cut

sub decode_table_flat {
    my ($nc, undef, $cells) = _table_cells($_[0]);
    return bless [ $nc, $cells ], 'CPANBridge::Packed::Flat';
}

# (ncols, nrows, \@cells) of a table body, NULLs as undef, text columns decoded.
sub _table_cells {
    my ($nc, $nr) = unpack 'w w', $_[0];
    # unpack dies ("Code missing after '/'") on "(w/a)*" with no bytes left
    return ($nc || 0, $nr || 0, []) if !$nc || !$nr;
    my (undef, undef, $kinds, $bitmap, @cells) = unpack 'w w w/a w/a (w/a)*', $_[0];
    Carp::croak('packed: table cell count does not match its shape') if @cells != $nc * $nr;
    if (length $bitmap) {
        my $bits = unpack 'b*', $bitmap;
        while ($bits =~ /1/g) { $cells[pos($bits) - 1] = undef }
    }
    # Text columns become character strings; bytes and numbers stay as sent.
    # Only where a byte past ASCII follows the header (length prefixes of
    # cells under 128 bytes have none): most blocks are ASCII and skip this.
    my @text = $RAW ? () : grep { substr($kinds, $_, 1) eq 'S' } 0 .. $nc - 1;
    if (@text) {
        pos($_[0]) = length pack 'w w w/a w/a', $nc, $nr, $kinds, $bitmap;
        if ($_[0] =~ /[\x80-\xff]/g) {
            for my $c (@text) { defined && utf8::decode($_) for @cells[ @{ column_index($nc, $nr, $c) } ] }
        }
    }
    return ($nc, $nr, \@cells);
}

=head2 column_index

  my $idx = CPANBridge::Packed::column_index($ncols, $nrows, $col);
  utf8::upgrade($_) for @cells[@$idx];

The positions of one column's cells in a flat table, for loops that touch
one column (a slice walks them in C, not index arithmetic in Perl). Kept per
shape: blocks of a result mostly share one.

=cut

my %INDEX;
sub column_index {
    my ($nc, $nr, $c) = @_;
    my $idx = $INDEX{"$nc,$nr,$c"};
    return $idx if $idx;
    %INDEX = () if keys %INDEX > 256;
    return $INDEX{"$nc,$nr,$c"} = [ map { $_ * $nc + $c } 0 .. $nr - 1 ];
}

=head2 encode

  my $bytes = CPANBridge::Packed::encode($data);

Strings are sent as text (UTF-8), numbers that Perl holds only as numbers as
numbers, C<CPANBridge::Bytes> objects (see L<CPANBridge/bytes>) as bytes.

=cut

sub encode {
    # B tells a number from a string; loaded here, not with the client (most calls encode nothing packed)
    require B;
    my $out = '';
    _enc(\$out, $_[0], 0);
    return $out;
}

sub _enc {
    my ($o, $v, $depth) = @_;
    Carp::croak('packed: value nested deeper than 512 levels') if $depth > 512;
    if (!defined $v) { $$o .= "N\0"; return }
    my $r = ref $v;
    if (!$r) {
        my $flags = B::svref_2object(\$v)->FLAGS;
        if (($flags & (B::SVp_IOK() | B::SVp_NOK())) && !($flags & B::SVp_POK())) { $$o .= pack 'a w/a', 'n', $v; return }
        my $s = $v;
        utf8::encode($s);
        $$o .= pack 'a w/a', 'S', $s;
        return;
    }
    if ($r eq 'ARRAY') {
        $$o .= pack 'a w/a', 'A', scalar @$v;
        _enc($o, $_, $depth + 1) for @$v;
        return;
    }
    if ($r eq 'HASH') {
        $$o .= pack 'a w/a', 'H', scalar keys %$v;
        for my $k (keys %$v) {
            my $kb = $k;
            utf8::encode($kb);
            $$o .= pack 'a w/a', 'S', $kb;
            _enc($o, $v->{$k}, $depth + 1);
        }
        return;
    }
    if ($r eq 'CPANBridge::Bytes') { $$o .= pack 'a w/a', 'B', $$v; return }
    if ($r eq 'CPANBridge::Table') { $$o .= pack 'a w/a', 'R', _table_body(@$v); return }
    if ($r eq 'JSON::PP::Boolean') { $$o .= ($v ? "t\0" : "f\0"); return }
    if ($r eq 'SCALAR' && defined $$v && ($$v eq '1' || $$v eq '0')) { $$o .= ($$v ? "t\0" : "f\0"); return }
    Carp::croak("packed: cannot encode a $r reference");
}

=head2 encode_table

  my $bytes = CPANBridge::Packed::encode_table(\@rows, $ncols);

Encodes rows (array refs of scalars) in the flat table form; the daemon
decodes them as an array of row arrays. Every cell is sent as text.

=cut

sub encode_table { return pack 'a w/a', 'R', _table_body(@_) }

sub _table_body {
    my ($rows, $nc) = @_;
    $nc //= @$rows ? scalar @{ $rows->[0] } : 0;
    my ($bits, $any) = ('', 0);
    my @cells;
    for my $row (@$rows) {
        Carp::croak('packed: table row has ' . scalar(@$row) . " cells, expected $nc") if @$row != $nc;
        for my $c (@$row) {
            if (defined $c) { $bits .= '0'; my $s = "$c"; utf8::encode($s); push @cells, $s }
            else            { $bits .= '1'; $any = 1; push @cells, '' }
        }
    }
    return pack 'w w w/a w/a (w/a)*', $nc, scalar @$rows, 'S' x $nc, ($any ? pack('b*', $bits) : ''), @cells;
}

1;
