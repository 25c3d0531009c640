package DBI;
# ABSTRACT: drop-in DBI: unmodified `use DBI` scripts run through cpan-bridge

use strict;
use warnings;

require CPANBridge::DBI;

1;

__END__

=head1 NAME

DBI - drop-in replacement for DBI that forwards to the cpan-bridge daemon

=head1 SYNOPSIS

  # run an unmodified script with perl/compat first on @INC
  PERL5LIB=/opt/cpan-bridge/perl/compat:/opt/cpan-bridge/perl/lib perl report.pl

  # report.pl, unchanged:
  use DBI qw(:sql_types);
  my $dbh = DBI->connect('dbi:Pg:dbname=sales;host=db1', $user, $pass, { RaiseError => 1 });
  my $sth = $dbh->prepare('SELECT id, name FROM customers WHERE region = ?');
  $sth->execute('EU');
  while (my ($id, $name) = $sth->fetchrow_array) { print "$id\t$name\n" }

=head1 DESCRIPTION

This file only loads L<CPANBridge::DBI>, which defines the packages C<DBI>,
C<DBI::db> and C<DBI::st> with DBI's API: C<connect>, C<connect_cached>,
C<do>, C<prepare>, C<execute>, the C<fetch*> and C<select*> families,
C<bind_param> (with C<:sql_types> constants), C<bind_columns>,
C<execute_array>, transactions, C<quote>, C<last_insert_id>,
C<table_info>/C<column_info>, C<$DBI::err>/C<$DBI::errstr>/C<$DBI::state>,
C<RaiseError>/C<PrintError>/C<HandleError>. The database work happens in
the daemon (pg, mysql2, better-sqlite3, oracledb); no DBD module is needed
on this host. See F<docs/dbi.md> for what differs from the real DBI.

=head1 METHODS

As in L<DBI>; see L<CPANBridge::DBI>, L<CPANBridge::DBI::Db>,
L<CPANBridge::DBI::St>.

=cut
