package DBIHelper::StatementHandle;
# ABSTRACT: statement handles of DBIHelper: DBI::st with the old module's two differences

use strict;
use warnings;

our $VERSION = '2.00';

our @ISA = ('DBI::st');

=head1 NAME

DBIHelper::StatementHandle - statement handles for scripts written against the old DBIHelper

=head1 SYNOPSIS

  my $sth = $dbh->prepare('SELECT id, name FROM t');    # $dbh from DBIHelper->connect
  $sth->execute;
  my $rows = $sth->fetchall_hashref;                     # no key: an array of hashes
  $sth->dump_results(10, "\n", ',', $fh);                # max rows, row and field separators

=head1 DESCRIPTION

A C<DBI::st> (see L<DBI::st>) with the two methods whose arguments meant
something else in the old module.

=head1 METHODS

=head2 fetchall_hashref

  my $list = $sth->fetchall_hashref;          # every row as a hash, in an array
  my $hash = $sth->fetchall_hashref('id');    # DBI's form

=head2 dump_results

  my $n = $sth->dump_results($max_rows, $row_sep, $field_sep, $fh);

Prints the rows (C<undef> as an empty field) and returns how many; 1000 rows,
C<"\n"> and C<"\t"> by default.

=cut

sub fetchall_hashref {
    my ($sth, $key) = @_;
    return $sth->SUPER::fetchall_hashref($key) if defined $key;
    my @rows;
    while (my $r = $sth->fetchrow_hashref) { push @rows, $r }
    return \@rows;
}

sub dump_results {
    my ($sth, $max_rows, $row_sep, $field_sep, $fh) = @_;
    $max_rows  = 1000 unless defined $max_rows;
    $row_sep   = "\n" unless defined $row_sep;
    $field_sep = "\t" unless defined $field_sep;
    $fh ||= \*STDOUT;
    my $n = 0;
    while (my @row = $sth->fetchrow_array) {
        last if $max_rows > 0 && $n >= $max_rows;
        print $fh join($field_sep, map { defined $_ ? $_ : '' } @row), $row_sep;
        $n++;
    }
    return $n;
}

1;
