package CPANBridge::DBI::Rows;
# ABSTRACT: the blocks of rows behind DBI::st's fetch methods

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge::DBI::Prefetch;

=head1 NAME

CPANBridge::DBI::Rows - blocks of rows for the DBI facade's statement handles

=head1 SYNOPSIS

  # used by DBI::st; not called by scripts
  my ($res, $e) = CPANBridge::DBI::Rows::rpc_rows($s, 'database.execute_statement', \%params);
  CPANBridge::DBI::Rows::plan($s, $res->{value_kinds});
  my $cells = CPANBridge::DBI::Rows::cells($s, $res->{block});
  CPANBridge::DBI::Rows::next_block($s) or return undef;

=head1 DESCRIPTION

C<execute> brings back the first block of rows with its reply; the fetch
methods read from that block and ask C<database.fetch_block> for the next
one when it runs out (packed form: one C<unpack> per block into one flat
array of cells; L<CPANBridge::DBI::Prefetch> asks for it early). Each block
is made once, column by column, into what the script's DBD hands Perl, as
the daemon's C<value_kinds> say: numbers for numeric columns, SQLite's
affinity, DBD::Pg's character strings, UTF-8 bytes for a DBD that returns
bytes. C<ChopBlanks> trims the columns whose letter there is lower case.

=head1 FUNCTIONS

=head2 rpc_rows, cells, plan, next_block, rest, post

=head2 $PACKED

True unless C<CPAN_BRIDGE_DBI_PACKED=0>: rows travel packed (C<bench/db.pl>
compares both forms).

=cut

our $PACKED = !defined $ENV{CPAN_BRIDGE_DBI_PACKED} || $ENV{CPAN_BRIDGE_DBI_PACKED} ? 1 : 0;

# Calls that bring rows: with the packed form, a block decodes straight into one
# flat array of cells (one unpack, no per-row arrays); fetchrow_arrayref copies
# a row's slice of it into the array it returns every time.
sub rpc_rows {
    my ($s, $method, $params) = @_;
    return CPANBridge::DBI::call($s->{_b}, $method, $params, undef, $s) unless $PACKED;
    return CPANBridge::DBI::call($s->{_b}, $method, $params, packed_opts($s), $s);
}

my %OPTS = (text => { packed => 1, flat_tables => 1 }, bytes => { packed => 1, flat_tables => 1, table_text_bytes => 1 });

# How a statement's blocks are unpacked: a DBD that hands Perl bytes keeps the cells' UTF-8 bytes as they came.
sub packed_opts { return $OPTS{ $_[0]{_bytes_out} ? 'bytes' : 'text' }
}

# A block as flat cells (packed blocks already are; JSON blocks are row arrays), made what the DBD hands Perl.
sub cells {
    my ($s, $blk) = @_;
    my $packed = ref $blk eq 'CPANBridge::Packed::Flat';
    my $c = $packed ? $blk->[1] : [ map { @$_ } @{ $blk || [] } ];
    _fix($s, $c, $packed);
    return $c;
}

# Columns by what Perl does to their values (value_kinds, one letter a column):
# N a number, A a number when it reads as one, C a character string even when
# ASCII, S as it comes; lower case where ChopBlanks trims the column.
sub plan {
    my ($s, $kinds) = @_;
    my (@num, @aff, @up, @chop);
    $kinds = '' unless defined $kinds;
    for my $i (0 .. length($kinds) - 1) {
        my $k = substr $kinds, $i, 1;
        if ($k ne uc $k) { push @chop, $i; $k = uc $k }
        if    ($k eq 'N') { push @num, $i }
        elsif ($k eq 'A') { push @aff, $i }
        elsif ($k eq 'C') { push @up, $i }
    }
    $s->{_num}  = @num ? \@num : undef;
    $s->{_aff}  = @aff ? \@aff : undef;
    $s->{_up}   = @up ? \@up : undef;
    $s->{_chop} = \@chop;
    return;
}

# Done once per block, column by column, rather than per fetch call.
sub _fix {
    my ($s, $c, $packed) = @_;
    my $nc = $s->{_nc} or return;
    my $nr = @$c / $nc;
    # packed blocks of such a statement came undecoded (packed_opts); JSON ones are characters
    if ($s->{_bytes_out} && !$packed) { utf8::is_utf8($_) && utf8::encode($_) for @$c }
    for my $i (@{ $s->{_num} || [] }) {
        defined && ($_ += 0) for @$c[ @{ CPANBridge::Packed::column_index($nc, $nr, $i) } ];
    }
    for my $i (@{ $s->{_aff} || [] }) {
        defined && /^-?\d+(?:\.\d+)?\z/ && ($_ += 0) for @$c[ @{ CPANBridge::Packed::column_index($nc, $nr, $i) } ];
    }
    for my $i (@{ $s->{_up} || [] }) {
        defined && utf8::upgrade($_) for @$c[ @{ CPANBridge::Packed::column_index($nc, $nr, $i) } ];
    }
    return;
}

# Refills the cells from the next block; false at the end (the statement is then inactive).
sub next_block {
    my $s = shift;
    while (1) {
        if ($s->{_done} || !defined $s->{_done} || !defined $s->{_id}) {
            $s->{Active} = '';
            $s->{_c} = [];
            return 0;
        }
        my ($res, $e) = $s->{_pending} ? CPANBridge::DBI::Prefetch::receive($s)
                      : rpc_rows($s, 'database.fetch_block', { statement_id => $s->{_id} });
        if (!$res) {
            $s->{Active} = '';
            $s->{_done} = 1;
            $s->{_c} = [];
            CPANBridge::DBI::Error::fail_rpc($s, 'fetch', $e);
            return 0;
        }
        my $c = cells($s, $res->{block});
        $s->{_done} = $res->{done} ? 1 : 0;
        $s->{_c} = $c;
        CPANBridge::DBI::Prefetch::send($s) if !$s->{_done} && $PACKED;
        return 1 if @$c;
    }
}

# The remaining rows (up to $max), straight from the blocks (no per-row method call).
sub rest {
    my ($s, $max) = @_;
    my @out;
    my $nc = $s->{_nc} or return \@out;
    my $c = $s->{_c} || return \@out;
    while (1) {
        if (!@$c) { next_block($s) or last; $c = $s->{_c} }
        my $take = @$c / $nc;
        $take = $max - @out if defined $max && $max - @out < $take;
        push @out, [ splice @$c, 0, $nc ] for 1 .. $take;
        last if defined $max && @out >= $max;
    }
    $s->{_fetched} += @out;
    if ($s->{_post}) { post($s, $_) for @out }
    return \@out;
}

# A fetched row's INOUT variables (DBD::Pg fills them from the first row), ChopBlanks, bound columns.
sub post {
    my ($s, $fa) = @_;
    if (my $v = delete $s->{_inout_vals}) {
        for my $p (keys %{ $s->{_inout} }) { ${ $s->{_inout}{$p} } = $v->{$p} if exists $v->{$p} }
        $s->{_post} = ($s->{_bound} || CPANBridge::DBI::attr($s, 'ChopBlanks')) ? 1 : 0;
    }
    if ($s->{ChopBlanks} || ($s->{_parent} && $s->{_parent}{ChopBlanks} && !exists $s->{ChopBlanks})) {
        for my $i (@{ $s->{_chop} || [] }) { $fa->[$i] =~ s/ +\z// if defined $fa->[$i] }
    }
    if (my $b = $s->{_bound}) {
        for my $i (0 .. $#$b) { ${ $b->[$i] } = $fa->[$i] if $b->[$i] }
    }
    return;
}

1;
