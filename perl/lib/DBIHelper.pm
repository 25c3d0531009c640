package DBIHelper;
# ABSTRACT: the old bridge's DBI replacement, now the cpan-bridge DBI facade under its old name

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge::Compat 'DBI';
use CPANBridge;
use DBIHelper::StatementHandle;

our @ISA = ('DBI::db', 'CPANBridge');

our $err    = '';
our $errstr = '';
our $state  = '';

# the old module's class variables keep the last error, as it kept them
push @CPANBridge::DBI::Error::OBSERVERS, sub { ($err, $errstr, $state) = @_ };

=head1 NAME

DBIHelper - DBI for scripts migrated to the old bridge (C<use DBIHelper>)

=head1 VERSION

2.00

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
C<< DBIHelper->connect(...) >> instead of C<use DBI>. This module loads the
DBI facade (F<perl/compat/DBI.pm>, through L<CPANBridge::Compat>, so
F<perl/lib> alone on C<@INC> is enough) and adds only what the old module
had and DBI has not; everything else is DBI's behaviour. Handles are
C<DBIHelper> (C<isa> C<DBI::db>) and L<DBIHelper::StatementHandle>
(C<isa> C<DBI::st>).

Kept from the old module: C<$DBIHelper::err>, C<$DBIHelper::errstr>,
C<$DBIHelper::state> (the last error); C<< DBIHelper->errstr >> as a class
method; C<< DBIHelper->connect($dsn, \%attr) >> and C<< ($attr_hashref, $dsn) >>
orders; C<< $dbh->{connection_id} >>, C<< $dbh->{connected} >>,
C<< $dbh->{dsn} >>, C<< $sth->{statement_id} >>, C<< $sth->{sql} >>
(statements are prepared at once so that the id exists);
C<fetchall_hashref> without a key field (an array of hashes);
C<dump_results($max_rows, $row_sep, $field_sep, $fh)> with the old argument
meaning; C<trace>; C<neat>, C<neat_list>; C<FETCH>/C<STORE>; the
C<CPANBridge> methods (C<call_python>, ...).

Changed on purpose: a failed C<connect> returns C<undef> (the old module
returned C<1>; C<if (!$dbh || $dbh == 1)> checks still work), and C<do>
returns C<0E0> for zero rows, as DBI does.

=head1 METHODS

=head2 connect, connect_cached

  my $dbh = DBIHelper->connect($dsn, $user, $password, \%attr);
  my $dbh = DBIHelper->connect(\%attr, $dsn);

=head2 prepare, disconnect

As DBI's, keeping C<statement_id>, C<sql>, C<connection_id> and C<connected> up to date.

=head2 err, errstr, state

  my $text = DBIHelper->errstr;     # the last error; $dbh->errstr for the handle's

=head2 trace, neat, neat_list

All other methods are DBI's; see L<DBI::db>.

=cut

sub _args {
    my ($dsn, $user, $pass, $attr) = @_;
    if (ref $dsn eq 'HASH') { ($attr, $dsn, $user, $pass) = ($dsn, $user, '', '') }
    $attr = {} unless ref $attr eq 'HASH';
    return ($dsn, $user, $pass, { %$attr, _st_class => 'DBIHelper::StatementHandle', _prepare_now => 1 });
}

sub _connected {
    my ($dbh, $dsn) = @_;
    return $dbh unless $dbh;
    $dbh->{connection_id} = (tied %$dbh)->{_id};
    $dbh->{connected} = 1;
    $dbh->{dsn} = $dsn;
    return $dbh;
}

sub connect {
    my $class = shift;
    my @a = _args(@_);
    return _connected(DBI::connect(ref $class || $class, @a), $a[0]);
}

sub connect_cached {
    my $class = shift;
    my @a = _args(@_);
    return _connected(DBI::connect_cached(ref $class || $class, @a), $a[0]);
}

sub prepare {
    my ($h, @a) = @_;
    my $sth = $h->SUPER::prepare(@a) or return undef;
    $sth->{statement_id} = (tied %$sth)->{_id};
    $sth->{sql} = $a[0];
    return $sth;
}

sub disconnect {
    my $h = shift;
    my $rc = $h->SUPER::disconnect(@_);
    $h->{connected} = 0;
    $h->{connection_id} = undef;
    return $rc;
}

sub err    { return ref $_[0] ? DBI::db::err($_[0])    : $err }
sub errstr { return ref $_[0] ? DBI::db::errstr($_[0]) : $errstr }
sub state  { return ref $_[0] ? DBI::db::state($_[0])  : $state }

sub trace {
    my ($self, $level) = @_;
    $CPANBridge::DEBUG_LEVEL = $level && $level > 0 ? $level : 0;
    return 1;
}

sub neat      { return DBI::neat(@_) }
sub neat_list { return DBI::neat_list(@_) }

1;
