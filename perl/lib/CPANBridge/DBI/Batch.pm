package CPANBridge::DBI::Batch;
# ABSTRACT: DBI::st execute_array's tuples, sent in one call as one packed table

use strict;
use warnings;
no warnings 'once';

our $VERSION = '2.00';

use CPANBridge;
use CPANBridge::Packed;

=head1 NAME

CPANBridge::DBI::Batch - the one call behind the DBI facade's C<execute_array>

=head1 SYNOPSIS

  # used by DBI::st::execute_array; not called by scripts
  my $rows = CPANBridge::DBI::Batch::tuples($s, $attr, @columns);
  my $res  = CPANBridge::DBI::Batch::send_rows($s, $rows) or return undef;

=head1 DESCRIPTION

Builds the tuples (column arrays, repeated scalars, C<bind_param_array>
values or C<ArrayTupleFetch>) and sends them as one packed table in the
body of one C<database.execute_array> request (plain JSON rows, each value
in its wire form, when a column is bound with a binary type).

=head1 FUNCTIONS

=head2 tuples, send_rows

=cut

sub tuples {
    my ($s, $attr, @cols) = @_;
    my @rows;
    if (my $f = $attr->{ArrayTupleFetch}) {
        while (my $t = ref $f eq 'CODE' ? $f->() : $f->fetchrow_arrayref) { push @rows, [@$t] }
        return \@rows;
    }
    if (!@cols && $s->{_bind_array}) {
        my $ba = $s->{_bind_array};
        @cols = map { $ba->{$_} } sort { $a <=> $b } keys %$ba;
    }
    my $n = 0;
    for (@cols) { $n = @$_ if ref $_ eq 'ARRAY' && @$_ > $n }
    for my $i (0 .. $n - 1) { push @rows, [ map { ref $_ eq 'ARRAY' ? $_->[$i] : $_ } @cols ] }
    return \@rows;
}

# The daemon's result, or undef after reporting the failure.
sub send_rows {
    my ($s, $rows) = @_;
    my $types = $s->{_bind_array_type} || {};
    my $binary = grep { defined $_ && $s->{_caps}{_binary}{$_} } values %$types;
    my $ncols = @$rows ? scalar @{ $rows->[0] } : ($s->{NUM_OF_PARAMS} || 0);
    for my $r (@$rows) {
        if ($s->{_bytes_out}) { for (@$r) { if (defined $_ && !utf8::is_utf8($_) && /[\x80-\xff]/) { my $c = $_; $_ = $c if utf8::decode($c) } } }
        if (@$r != $ncols) {
            return CPANBridge::DBI::Error::fail($s, 'execute_array', $DBI::stderr, 'execute_array: rows have different numbers of values', 'S1000');
        }
    }
    # Text rows travel as one packed table; binary binds need their per-value wire form.
    my ($res, $e);
    if (!$binary && @$rows) {
        ($res, $e) = $s->{_b}->rpc('database.execute_array', { statement_id => $s->{_id} },
            { packed_params => { rows => CPANBridge::Packed::encode_table($rows, $ncols) } });
    } else {
        my $wire = [ map { my $r = $_; [ map { CPANBridge::DBI::wire_value($s, $r->[$_], $types->{ $_ + 1 }) } 0 .. $#$r ] } @$rows ];
        ($res, $e) = $s->{_b}->rpc('database.execute_array', { statement_id => $s->{_id}, rows => $wire });
    }
    CPANBridge::DBI::notices($s, $res ? $res->{notices} : ($e->{data} || {})->{notices});
    return CPANBridge::DBI::Error::fail_rpc($s, 'execute_array', $e) unless $res;
    return $res;
}

1;
