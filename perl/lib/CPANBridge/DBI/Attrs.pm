package CPANBridge::DBI::Attrs;
# ABSTRACT: the tie behind every handle of the DBI facade

use strict;
use warnings;

our $VERSION = '2.00';

=head1 NAME

CPANBridge::DBI::Attrs - handle attributes of the DBI facade, as a tied hash

=head1 SYNOPSIS

  my $dbh = CPANBridge::DBI::make_handle('DBI::db', \%inner);   # ties through this class
  print $sth->{NAME_lc}[0];
  $dbh->{AutoCommit} = 0;

=head1 DESCRIPTION

DBI handles are tied hashes, so C<< $sth->{NAME} >> and
C<< $dbh->{AutoCommit} = 0 >> behave as in DBI. Most attributes are plain
keys of the inner hash (the tie object); a few are computed (C<NAME_lc>,
C<NAME_uc>, C<NAME_hash>, C<Database>, C<ParamValues>, ...), are inherited
from the database handle (C<RaiseError>, C<ChopBlanks>, ...), or have side
effects (C<AutoCommit>). Boolean attributes read back as C<1> or C<''>
whatever was stored, as in DBI. Keys starting with C<_> are the facade's own
and are not listed.

=head1 METHODS

The tie interface: C<TIEHASH>, C<FETCH>, C<STORE>, C<EXISTS>, C<DELETE>,
C<CLEAR>, C<FIRSTKEY>, C<NEXTKEY>, C<SCALAR>.

=cut

sub TIEHASH { my ($class, $inner) = @_; return bless $inner, $class }

my %CASE = (NAME_lc => sub { lc $_[0] }, NAME_uc => sub { uc $_[0] });

sub FETCH {
    my ($s, $k) = @_;
    return $s->{$k} if exists $s->{$k} && substr($k, 0, 1) ne '_';
    if ($k eq 'NAME_lc' || $k eq 'NAME_uc') {
        my $n = $s->{NAME} or return undef;
        my $f = $CASE{$k};
        return [ map { $f->($_) } @$n ];
    }
    if ($k =~ /^(NAME|NAME_lc|NAME_uc)_hash$/) {
        my $n = FETCH($s, $1) or return undef;
        my $i = 0;
        return { map { ($_ => $i++) } @$n };
    }
    if ($k eq 'Database') { return $s->{_parent} ? $s->{_parent}{_outer} : undef }
    if ($k eq 'ParamValues') { return { map { ($_ => $s->{_bind}{$_}[0]) } keys %{ $s->{_bind} || {} } } }
    if ($k eq 'ParamTypes') { return { map { ($_ => $s->{_bind}{$_}[1]) } keys %{ $s->{_bind} || {} } } }
    if ($k eq 'ImplementorClass') { return "DBD::$s->{_drv}::$s->{_kind}" }
    if ($k eq 'Kids' || $k eq 'ActiveKids') { return 0 }
    if ($k eq 'Type') { return $s->{_kind} }
    return $s->{_parent}{$k} if $s->{_parent} && exists $s->{_parent}{$k}
        && $k =~ /^(?:RaiseError|PrintError|PrintWarn|HandleError|ChopBlanks|LongReadLen|LongTruncOk|FetchHashKeyName|TaintIn|TaintOut|Taint|Warn)$/;
    return undef;
}

# DBI keeps boolean attributes as 1 or '' whatever was stored.
our %BOOLEAN = map { ($_ => 1) } qw(RaiseError PrintError PrintWarn RaiseWarn ChopBlanks LongTruncOk Warn
    ShowErrorStatement InactiveDestroy AutoInactiveDestroy CompatMode Taint TaintIn TaintOut Executed);

sub STORE {
    my ($s, $k, $v) = @_;
    if ($k eq 'AutoCommit' && $s->{_kind} eq 'db') { return DBI::db::_set_autocommit($s, $v) }
    $s->{$k} = $BOOLEAN{$k} ? ($v ? 1 : '') : $v;
    return;
}

sub EXISTS   { my ($s, $k) = @_; return exists $s->{$k} || defined FETCH($s, $k) }
sub DELETE   { my ($s, $k) = @_; return delete $s->{$k} }
sub CLEAR    { return }
sub FIRSTKEY { my $s = shift; my @k = sort grep { !/^_/ } keys %$s; $s->{_iter} = \@k; return shift @k }
sub NEXTKEY  { my $s = shift; return shift @{ $s->{_iter} || [] } }
sub SCALAR   { return 1 }
sub DESTROY  { return }

1;
