package DBIHelper;
# ABSTRACT: the old bridge's DBI replacement, now on the cpan-bridge DBI look-alike

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge::DBI;

our @ISA = ('DBI::db', 'CPANBridge');

our $err    = '';
our $errstr = '';
our $state  = '';

=head1 NAME

DBIHelper - DBI for scripts migrated to the old bridge (C<use DBIHelper>)

=head1 SYNOPSIS

  use DBIHelper;

  my $dbh = DBIHelper->connect($dsn, $user, $password, { RaiseError => 0, PrintError => 1 })
      or die "connect failed: $DBIHelper::errstr";
  my $sth = $dbh->prepare('SELECT id, name FROM t WHERE id > ?') or die $dbh->errstr;
  $sth->execute(10);
  while (my @row = $sth->fetchrow_array) { print join(',', @row), "\n" }
  $sth->finish;
  $dbh->disconnect;

=head1 DESCRIPTION

Scripts that the old Python-based bridge migrated say C<use DBIHelper> and
C<< DBIHelper->connect(...) >> instead of C<use DBI>. This module keeps that
name and the old API on top of L<CPANBridge::DBI>, so those scripts get the
same DBI behaviour as a C<use DBI> script: handles are C<DBIHelper>
(C<isa> C<DBI::db>) and C<DBIHelper::StatementHandle> (C<isa> C<DBI::st>).

Kept from the old module: C<$DBIHelper::err>, C<$DBIHelper::errstr>,
C<$DBIHelper::state>; C<< DBIHelper->errstr >> as a class method;
C<< DBIHelper->connect($dsn, \%attr) >> and C<< ($attr_hashref, $dsn) >>
orders; C<< $dbh->{connection_id} >>, C<< $sth->{statement_id} >>;
C<fetchall_hashref> without a key field (an array of hashes);
C<dump_results($max_rows, $row_sep, $field_sep, $fh)> with the old
argument meaning; C<trace>; C<FETCH>/C<STORE>.

Changed on purpose: a failed C<connect> returns C<undef> (the old module
returned C<1>; C<if (!$dbh || $dbh == 1)> checks still work), and C<do>
returns C<0E0> for zero rows, as DBI does.

=head1 METHODS

=head2 connect

=head2 connect_cached

  my $dbh = DBIHelper->connect($dsn, $user, $password, \%attr);
  my $dbh = DBIHelper->connect(\%attr, $dsn);

All other methods are DBI's; see L<CPANBridge::DBI>.

=cut

sub _args {
    my ($dsn, $user, $pass, $attr) = @_;
    if (ref $dsn eq 'HASH') { ($attr, $dsn, $user, $pass) = ($dsn, $user, '', '') }
    $attr = {} unless ref $attr eq 'HASH';
    return ($dsn, $user, $pass, { %$attr, _st_class => 'DBIHelper::StatementHandle' });
}

sub connect {
    my $class = shift;
    return CPANBridge::DBI::Db::connect(ref $class || $class, 'connect', _args(@_));
}

sub connect_cached {
    my $class = shift;
    return CPANBridge::DBI::Db::connect(ref $class || $class, 'connect_cached', _args(@_));
}

sub err    { return ref $_[0] ? DBI::db::err($_[0])    : $err }
sub errstr { return ref $_[0] ? DBI::db::errstr($_[0]) : $errstr }
sub state  { return ref $_[0] ? DBI::db::state($_[0])  : $state }

sub trace {
    my ($self, $level) = @_;
    $CPANBridge::DEBUG_LEVEL = $level && $level > 0 ? $level : 0;
    return 1;
}

sub neat      { return CPANBridge::DBI::neat(@_) }
sub neat_list { return CPANBridge::DBI::neat_list(@_) }

package DBIHelper::StatementHandle; # hide from PAUSE

use strict;
use warnings;

our @ISA = ('DBI::st');

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
