package CPANBridge::DBI::Select;
# ABSTRACT: the select* family of DBI::db

use strict;
use warnings;
no warnings 'once';

our $VERSION = '1.00';

=head1 NAME

CPANBridge::DBI::Select - C<selectrow_*>, C<selectall_*>, C<selectcol_arrayref> for the cpan-bridge DBI look-alike

=head1 SYNOPSIS

  my @row  = $dbh->selectrow_array('SELECT a, b FROM t WHERE id = ?', undef, $id);
  my $rows = $dbh->selectall_arrayref($sql, { Slice => {}, MaxRows => 100 }, @bind);
  my $ids  = $dbh->selectcol_arrayref($sql, { Columns => [1] });

=head1 DESCRIPTION

Each method prepares (or takes a statement handle), executes and fetches,
as DBI's do; an error is reported once, under the method's own name
(C<DBD::Pg::db selectrow_array failed: ...>). C<selectrow_array> in scalar
context returns the first column.

=head1 METHODS

=head2 selectrow_array

=head2 selectrow_arrayref

=head2 selectrow_hashref

=head2 selectall_arrayref

=head2 selectall_hashref

=head2 selectcol_arrayref

=cut

package DBI::db; # hide from PAUSE

sub _select_sth {
    my ($h, $sql, $attr, @bind) = @_;
    my $sth = ref $sql ? $sql : $h->prepare($sql, $attr) or return undef;
    $sth->execute(@bind) or return undef;
    return $sth;
}

# The select* family: errors are reported once, under the outer method's name.
sub _outer {
    my ($h, $name, $code) = @_;
    my $s = _in($h);
    my @r;
    {
        local $CPANBridge::DBI::DEPTH = $CPANBridge::DBI::DEPTH + 1;
        CPANBridge::DBI::clear_error($s);
        @r = $code->();
    }
    if (defined $s->{err} && $s->{err} ne '' && $s->{err} ne '0' && $CPANBridge::DBI::DEPTH == 0) {
        local $CPANBridge::DBI::DEPTH = 1;
        CPANBridge::DBI::report($s, $name);
    }
    return @r;
}

sub selectrow_array {
    my ($h, @a) = @_;
    my ($row) = _outer($h, 'selectrow_array', sub {
        my $sth = _select_sth($h, @a) or return undef;
        my $r = $sth->fetchrow_arrayref;
        $sth->finish;
        return $r ? [@$r] : undef;
    });
    return $row ? $row->[0] : undef unless wantarray;
    return $row ? @$row : ();
}

sub selectrow_arrayref {
    my ($h, @a) = @_;
    my ($row) = _outer($h, 'selectrow_arrayref', sub {
        my $sth = _select_sth($h, @a) or return undef;
        my $r = $sth->fetchrow_arrayref;
        $sth->finish;
        return $r ? [@$r] : undef;
    });
    return $row;
}

sub selectrow_hashref {
    my ($h, @a) = @_;
    my ($row) = _outer($h, 'selectrow_hashref', sub {
        my $sth = _select_sth($h, @a) or return undef;
        my $r = $sth->fetchrow_hashref;
        $sth->finish;
        return $r;
    });
    return $row;
}

sub selectall_arrayref {
    my ($h, $sql, $attr, @bind) = @_;
    my ($all) = _outer($h, 'selectall_arrayref', sub {
        my $sth = _select_sth($h, $sql, $attr, @bind) or return undef;
        my $slice = $attr && $attr->{Slice};
        $slice = [ map { $_ - 1 } @{ $attr->{Columns} } ] if !$slice && $attr && ref $attr->{Columns} eq 'ARRAY';
        my $max = $attr ? $attr->{MaxRows} : undef;
        my $r = $sth->fetchall_arrayref($slice, $max);
        $sth->finish if defined $max;
        return $r;
    });
    return $all;
}

sub selectall_hashref {
    my ($h, $sql, $key, $attr, @bind) = @_;
    my ($all) = _outer($h, 'selectall_hashref', sub {
        my $sth = _select_sth($h, $sql, $attr, @bind) or return undef;
        return $sth->fetchall_hashref($key);
    });
    return $all;
}

sub selectcol_arrayref {
    my ($h, $sql, $attr, @bind) = @_;
    my ($col) = _outer($h, 'selectcol_arrayref', sub {
        my $sth = _select_sth($h, $sql, $attr, @bind) or return undef;
        my @idx = map { $_ - 1 } @{ ($attr && $attr->{Columns}) || [1] };
        my $max = $attr ? $attr->{MaxRows} : undef;
        my @out;
        my $n = 0;
        while (my $r = $sth->fetchrow_arrayref) {
            push @out, @$r[@idx];
            last if defined $max && ++$n >= $max;
        }
        $sth->finish if defined $max;
        return $sth->err ? undef : \@out;
    });
    return $col;
}

1;
