package CPANBridge::DBI::Bind;
# ABSTRACT: the values a DBI::st execute sends: bound or given, in placeholder order, and a wrong count as the DBD treats it

use strict;
use warnings;

our $VERSION = '2.00';

=head1 NAME

CPANBridge::DBI::Bind - bind values of the DBI facade's statement handles

=head1 SYNOPSIS

  # used by DBI::st; not called by scripts
  my ($values, $types) = CPANBridge::DBI::Bind::values_of($s, @bind);
  my $outcome = CPANBridge::DBI::Bind::count_rule($s, 'execute', \@values, $expected);

=head1 DESCRIPTION

How C<execute> turns its arguments, or what C<bind_param> bound, into the
values it sends: C<:name> values in the order of the statement's
placeholders, SQL types (a driver's own bind attributes that mean bytes,
such as C<< { pg_type => 17 } >>, come from the connection's capabilities),
and what the script's DBD does when the number of values is wrong
(capabilities C<bind_count>: pad with NULLs, drop the extra ones, or an
error with the DBD's own err/errstr/state).

=head1 FUNCTIONS

=head2 type_of, values_of, count_rule, count_params, materialize

=cut

# The SQL type of a bind attribute; a driver's own attributes that mean bytes count as SQL_BLOB.
sub type_of {
    my ($s, $attr) = @_;
    return $attr unless ref $attr eq 'HASH';
    return $attr->{TYPE} if defined $attr->{TYPE};
    my $bin = $s->{_caps}{binary_bind_attrs} || {};
    for my $k (keys %$bin) {
        next unless defined $attr->{$k};
        return DBI::SQL_BLOB() if grep { $_ == $attr->{$k} } @{ $bin->{$k} };
    }
    return undef;
}

# :name placeholders, in order of first appearance outside literals and comments.
sub _named_order {
    my $sql = shift;
    (my $x = $sql) =~ s/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*.*?\*\///gs;
    my (%seen, @names);
    while ($x =~ /(?<![:\w]):([A-Za-z_]\w*)/g) { push @names, $1 unless $seen{$1}++ }
    return @names;
}

# Placeholders as DBD::Pg/DBD::mysql count them on the client: each ?, and each
# distinct :name or $n, outside literals and comments.
sub count_params {
    my $sql = shift;
    (my $x = $sql) =~ s/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*.*?\*\///gs;
    my $n = () = $x =~ /\?/g;
    my %named = map { ($_ => 1) } $x =~ /(?<![:\w]):([A-Za-z_]\w*)/g;
    my %dollar = map { ($_ => 1) } $x =~ /\$(\d+)/g;
    return $n + keys(%named) + keys(%dollar);
}

# A statement prepared lazily gets its server handle now (bind_param_inout, execute_array need one).
sub materialize {
    my $s = shift;
    return 1 if defined $s->{_id} || !$s->{_lazy};
    my $p = $s->{_parent};
    my ($res, $e) = CPANBridge::DBI::call($s->{_b}, 'database.prepare', { connection_id => $p->{_id},
        sql => CPANBridge::DBI::wire_value($s, "$s->{Statement}") });
    return CPANBridge::DBI::Error::fail_rpc($s, 'prepare', $e) unless $res;
    $s->{_id} = $res->{statement_id};
    $s->{NUM_OF_PARAMS} = $res->{num_params};
    $s->{_pnames} = $res->{param_names};
    return 1;
}

# What the script's DBD does with $values (an array ref, changed in place when
# padded or trimmed) when $expected are needed, in $call ('execute' or 'do'):
# undef to go on with the values, or [err, errstr, state] to report, or
# 'bridge' to report the daemon's own error.
sub count_rule {
    my ($s, $call, $values, $expected) = @_;
    my $given = @$values;
    return undef if $given == $expected;
    my $rules = $s->{_caps}{bind_count}{$call} || {};
    my $r = $rules->{ $given > $expected ? 'long' : $given ? 'short' : 'none' };
    $r = 'bridge' unless defined $r;
    if (ref $r eq 'HASH') {
        (my $text = $r->{errstr}) =~ s/\{(given|expected)\}/$1 eq 'given' ? $given : $expected/ge;
        return [ $r->{err}, $text, $r->{state} ];
    }
    if ($r eq 'pad' && $given < $expected) { push @$values, (undef) x ($expected - $given); return undef }
    if ($r eq 'trim' && $given > $expected) { splice @$values, $expected; return undef }
    return 'bridge';
}

# (wire values, SQL types or undef): execute's arguments, or what bind_param bound.
sub values_of {
    my ($s, @bind) = @_;
    my $bp = $s->{_bind} || {};
    my (@v, @t);
    if (@bind) {
        @v = @bind;
        @t = map { $bp->{$_} ? $bp->{$_}[1] : undef } 1 .. @bind;
    } elsif (%$bp) {
        if (grep { /^:/ } keys %$bp) {
            my $pn = $s->{_pnames};
            my @order = ($pn && !(grep { !defined } @$pn)) ? (map { (my $n = $_) =~ s/^://; $n } @$pn) : _named_order($s->{Statement});
            for my $n (@order) {
                my $x = $bp->{":$n"} || $bp->{$n};
                push @v, $x ? $x->[0] : undef;
                push @t, $x ? $x->[1] : undef;
            }
        } else {
            my ($max) = sort { $b <=> $a } grep { /^\d+$/ } keys %$bp;
            for my $i (1 .. ($max || 0)) {
                my $x = $bp->{$i};
                push @v, $x ? ($x->[2] ? ${ $x->[2] } : $x->[0]) : undef;
                push @t, $x ? $x->[1] : undef;
            }
        }
    }
    $s->{_pv} = [@v];
    return (\@v, ((grep { defined } @t) ? [ map { defined $_ ? 0 + $_ : undef } @t ] : undef));
}

sub wire {
    my ($s, $values, $types) = @_;
    return [ map { CPANBridge::DBI::wire_value($s, $values->[$_], $types ? $types->[$_] : undef) } 0 .. $#$values ];
}

1;
