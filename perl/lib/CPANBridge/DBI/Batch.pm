package CPANBridge::DBI::Batch;
# ABSTRACT: execute_array: all tuples in one call, as one packed table

use strict;
use warnings;
no warnings 'once';

our $VERSION = '1.00';

use CPANBridge;
use CPANBridge::Packed;

=head1 NAME

CPANBridge::DBI::Batch - C<< $sth->execute_array >> for the cpan-bridge DBI look-alike

=head1 SYNOPSIS

  my $sth = $dbh->prepare('INSERT INTO t (id, name) VALUES (?, ?)');
  my $tuples = $sth->execute_array({ ArrayTupleStatus => \my @status }, \@ids, \@names);

=head1 DESCRIPTION

Builds the tuples (column arrays, repeated scalars, C<bind_param_array>
values or C<ArrayTupleFetch>), sends them as one packed table in the body of
one C<database.execute_array> request (plain JSON rows when a column is
bound as binary), and fills C<ArrayTupleStatus> as DBI does: the row count
of each tuple, or C<[err, errstr, state]> for a failed one. With failures it
returns C<undef> and reports C<executing N generated M errors>.

=head1 METHODS

=head2 execute_array

=cut

package DBI::st; # hide from PAUSE

sub execute_array {
    my ($h, $attr, @cols) = @_;
    my $s = _in($h);
    CPANBridge::DBI::clear_error($s);
    local $CPANBridge::DBI::DEPTH = $CPANBridge::DBI::DEPTH + 1;
    $attr ||= {};
    DBI::st::_materialize($s) or return undef;
    my @rows;
    if (my $f = $attr->{ArrayTupleFetch}) {
        while (my $t = ref $f eq 'CODE' ? $f->() : $f->fetchrow_arrayref) { push @rows, [@$t] }
    } else {
        if (!@cols && $s->{_bind_array}) {
            my $ba = $s->{_bind_array};
            @cols = map { $ba->{$_} } sort { $a <=> $b } keys %$ba;
        }
        my $n = 0;
        for (@cols) { $n = @$_ if ref $_ eq 'ARRAY' && @$_ > $n }
        for my $i (0 .. $n - 1) { push @rows, [ map { ref $_ eq 'ARRAY' ? $_->[$i] : $_ } @cols ] }
    }
    my $ntup = @rows;
    my $res = CPANBridge::DBI::Batch::send_rows($s, \@rows);
    return $res if !ref $res;
    my $st = $res->{tuple_status} || [];
    my @status = map { ref $_ eq 'HASH' ? [ $_->{err}, $_->{errstr}, $_->{state} ] : $_ } @$st;
    @{ $attr->{ArrayTupleStatus} } = @status if ref $attr->{ArrayTupleStatus} eq 'ARRAY';
    my $errors = grep { ref } @status;
    $s->{_rows} = $res->{rows_affected};
    $s->{NUM_OF_FIELDS} = 0;
    if ($errors) {
        _fail($s, 'execute_array', $DBI::stderr, "executing $ntup generated $errors errors", 'S1000');
        return wantarray ? (undef, $res->{rows_affected}) : undef;
    }
    return wantarray ? ($ntup ? $ntup : '0E0', $res->{rows_affected}) : ($ntup ? $ntup : '0E0');
}

package CPANBridge::DBI::Batch; # hide from PAUSE

# execute_array's one call: the rows travel as one packed table in the request body.

use strict;
use warnings;
no warnings 'once';

sub send_rows {
    my ($s, $rows) = @_;
    my $binary = grep { defined $_ && ($_ == 30 || $_ == -2 || $_ == -3 || $_ == -4) } values %{ $s->{_bind_array_type} || {} };
    my $ncols = @$rows ? scalar @{ $rows->[0] } : ($s->{NUM_OF_PARAMS} || 0);
    for my $r (@$rows) {
        if ($s->{_bytes_out}) { for (@$r) { if (defined $_ && !utf8::is_utf8($_) && /[\x80-\xff]/) { my $c = $_; $_ = $c if utf8::decode($c) } } }
        if (@$r != $ncols) {
            return DBI::st::_fail($s, 'execute_array', $DBI::stderr, 'execute_array: rows have different numbers of values', 'S1000');
        }
    }
    # Text rows travel as one packed table; binary binds need their per-value wire form.
    my ($res, $e);
    if (!$binary && @$rows) {
        ($res, $e) = $s->{_b}->rpc('database.execute_array', { statement_id => $s->{_id} },
            { packed_params => { rows => CPANBridge::Packed::encode_table($rows, $ncols) } });
    } else {
        my $wire = [ map { my $r = $_; [ map { CPANBridge::DBI::wire_value($r->[$_], $s->{_bind_array_type}{ $_ + 1 }, $s->{_bytes_out}) } 0 .. $#$r ] } @$rows ];
        ($res, $e) = $s->{_b}->rpc('database.execute_array', { statement_id => $s->{_id}, rows => $wire });
    }
    return CPANBridge::DBI::fail_rpc($s, 'execute_array', $e) unless $res;
    return $res;
}

1;
