package CPANBridge::DBI::Bind;
# ABSTRACT: bind values of DBI::st: bind_param*, bind_col(s), placeholder counting

use strict;
use warnings;
no warnings 'once';

our $VERSION = '1.00';

=head1 NAME

CPANBridge::DBI::Bind - the binding methods of DBI::st for the cpan-bridge DBI look-alike

=head1 SYNOPSIS

  $sth->bind_param(1, $value, SQL_INTEGER);
  $sth->bind_param(':name', $value);
  $sth->bind_param(3, $bytes, { TYPE => SQL_BLOB });
  $sth->bind_columns(\$id, \$name);

=head1 DESCRIPTION

C<bind_param> (SQL type or C<< { TYPE => ... } >>; C<SQL_BLOB> and the binary
types, C<pg_type> 17 and Oracle LOB C<ora_type>s send bytes),
C<bind_param_array>, C<bind_param_inout>, C<bind_col>, C<bind_columns>, and
how C<execute> turns them (or its own arguments) into the values it sends:
C<:name> values in the order of the statement's placeholders, and what each
DBD does with a wrong number of values.

=head1 METHODS

=head2 bind_param

=head2 bind_param_array

=head2 bind_param_inout

=head2 bind_col

=head2 bind_columns

=cut

package DBI::st; # hide from PAUSE

sub bind_param {
    my ($h, $p, $v, $attr) = @_;
    my $s = _in($h);
    my $type = _type_of($attr);
    if ($p !~ /^:?\w+$/ && $p !~ /^\$\d+$/) { return _fail($s, 'bind_param', $DBI::stderr, "Illegal parameter number $p", 'S1000') }
    $p =~ s/^\$//;
    $s->{_bind}{$p} = [ $v, $type ];
    return 1;
}

# The SQL type of a bind attribute; driver-specific binary types count as SQL_BLOB.
sub _type_of {
    my $attr = shift;
    return $attr unless ref $attr eq 'HASH';
    return $attr->{TYPE} if defined $attr->{TYPE};
    return 30 if defined $attr->{pg_type} && $attr->{pg_type} == 17;
    return 30 if defined $attr->{ora_type} && ($attr->{ora_type} == 113 || $attr->{ora_type} == 23 || $attr->{ora_type} == 24);
    return undef;
}

sub bind_param_array {
    my ($h, $p, $v, $attr) = @_;
    my $s = _in($h);
    $s->{_bind_array}{$p} = $v;
    $s->{_bind_array_type}{$p} = _type_of($attr);
    return 1;
}

sub bind_param_inout {
    my ($h, $p, $ref, $max, $attr) = @_;
    my $s = _in($h);
    return _fail($s, 'bind_param_inout', $DBI::stderr, 'bind_param_inout needs a reference to a scalar', 'S1000') unless ref $ref eq 'SCALAR';
    _materialize($s) or return undef;
    my ($res, $e) = $s->{_b}->rpc('database.bind_param_inout', { statement_id => $s->{_id}, param_name => "$p",
        initial_value => $$ref, size => $max || 4000 });
    return CPANBridge::DBI::fail_rpc($s, 'bind_param_inout', $e) unless $res;
    $s->{_inout}{$p} = $ref;
    $s->{_bind}{$p} = [ $$ref, _type_of($attr), $ref ];
    return 1;
}

sub bind_col {
    my ($h, $col, $ref, $attr) = @_;
    my $s = _in($h);
    return 1 unless ref $ref;
    $s->{_bound}[$col - 1] = $ref;
    $s->{_post} = 1;
    return 1;
}

sub bind_columns {
    my ($h, @refs) = @_;
    my $s = _in($h);
    shift @refs if @refs && (!defined $refs[0] || ref $refs[0] eq 'HASH');
    my $n = $s->{NUM_OF_FIELDS};
    if (defined $n && $n && @refs != $n) {
        return _fail($s, 'bind_columns', $DBI::stderr, "bind_columns called with " . scalar(@refs) . " values but $n are needed", 'S1000');
    }
    $s->{_bound} = [@refs];
    $s->{_post} = 1;
    return 1;
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
sub _count_params {
    my $sql = shift;
    (my $x = $sql) =~ s/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*.*?\*\///gs;
    my $n = () = $x =~ /\?/g;
    my %named = map { ($_ => 1) } $x =~ /(?<![:\w]):([A-Za-z_]\w*)/g;
    my %dollar = map { ($_ => 1) } $x =~ /\$(\d+)/g;
    return $n + keys(%named) + keys(%dollar);
}

# A statement prepared lazily gets its server handle now (bind_param_inout, execute_array need one).
sub _materialize {
    my $s = shift;
    return 1 if defined $s->{_id} || !$s->{_lazy};
    my $p = $s->{_parent};
    my ($res, $e) = CPANBridge::DBI::call($s->{_b}, 'database.prepare', { connection_id => $p->{_id},
        sql => CPANBridge::DBI::wire_value("$s->{Statement}", undef, $s->{_bytes_out}) });
    return CPANBridge::DBI::fail_rpc($s, 'prepare', $e) unless $res;
    $s->{_id} = $s->{statement_id} = $res->{statement_id};
    $s->{NUM_OF_PARAMS} = $res->{num_params};
    $s->{_pnames} = $res->{param_names};
    return 1;
}

# What each DBD does with a wrong number of bind values (checked against the real
# drivers): an error to report, or the values padded with NULLs (DBD::SQLite, DBD::mysql).
sub _bind_count {
    my ($s, $bind, $np) = @_;
    my $got = @$bind;
    my $drv = $s->{_drv};
    return [ -1, "called with $got bind variables when $np are needed", 'S1000' ] if $got > $np;
    return [ 1210, 'Wrong number of bind parameters', 'HY000' ] if $drv eq 'MariaDB';
    if ($drv eq 'Pg') {
        return [ 7, 'execute called with an unbound placeholder', 'S1000' ] if !$got;
        return [ -1, "called with $got bind variables when $np are needed", 'S1000' ];
    }
    push @$bind, (undef) x ($np - $got);
    return undef;
}

sub _bind_list {
    my ($s, @bind) = @_;
    my $bp = $s->{_bind} || {};
    my (@v, @t);
    if (@bind) {
        @v = @bind;
        @t = map { $bp->{$_} ? $bp->{$_}[1] : undef } 1 .. @bind;
    } elsif (%$bp) {
        if (grep { /^:/ } keys %$bp) {
            my $pn = $s->{_pnames};
            my @order = ($pn && !(grep { !defined } @$pn)) ? (map { s/^://r } @$pn) : _named_order($s->{Statement});
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
    my @wire = map { CPANBridge::DBI::wire_value($v[$_], $t[$_], $s->{_bytes_out}) } 0 .. $#v;
    return (\@wire, ((grep { defined } @t) ? [ map { defined $_ ? 0 + $_ : undef } @t ] : undef));
}

1;
