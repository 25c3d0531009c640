package CPANBridge::DBI::LastRows;
# ABSTRACT: $DBI::rows as DBI has it: the rows of the handle used last

use strict;
use warnings;

our $VERSION = '1.00';

use Scalar::Util ();

=head1 NAME

CPANBridge::DBI::LastRows - the tie behind the DBI facade's C<$DBI::rows>

=head1 SYNOPSIS

  # perl/compat/DBI.pm
  tie $DBI::rows, 'CPANBridge::DBI::LastRows';

  # a handle method that DBI counts as the last one used
  CPANBridge::DBI::LastRows::used($inner);

=head1 DESCRIPTION

In DBI, C<$DBI::rows> is not a variable that methods set: reading it asks
the last handle used for its C<rows>. After a fetch loop on DBD::SQLite it
is the number fetched so far; after C<do> or a C<select*> method, whose last
handle is the database handle, it is -1, whatever the count was. Handles are
held weakly, so a dropped statement handle still goes away at once.

=head2 used

  CPANBridge::DBI::LastRows::used($inner);

Makes the handle (the inner hash of a facade handle) the last one used.

=cut

my $LAST;
my $STORED;

sub used {
    $LAST = $_[0];
    Scalar::Util::weaken($LAST);
    undef $STORED;
    return;
}

sub TIESCALAR { my ($class) = @_; my $x; return bless \$x, $class }

sub FETCH {
    return $STORED if defined $STORED;
    my $s = $LAST or return -1;
    # a database handle's rows is -1 (DBI's default)
    return -1 unless ($s->{_kind} || '') eq 'st';
    return DBI::st::_rows_of($s);
}

# a script that assigns it reads its own value back until the next call
sub STORE { $STORED = $_[1]; return }

1;
