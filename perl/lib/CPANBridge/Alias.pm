package CPANBridge::Alias;
# ABSTRACT: a package scalar that is another one under a second name (the old bridge's globals)

use strict;
use warnings;

our $VERSION = '1.00';

=head1 NAME

CPANBridge::Alias - a second name for a package scalar, C<local> included

=head1 SYNOPSIS

  our ($TIMEOUT, $DAEMON_TIMEOUT);
  tie $DAEMON_TIMEOUT, 'CPANBridge::Alias', 'CPANBridge::TIMEOUT';
  $DAEMON_TIMEOUT = 5;                 # $TIMEOUT is 5
  { local $DAEMON_TIMEOUT = 1; ... }   # $TIMEOUT is 1 in the block, 5 after it

=head1 DESCRIPTION

L<CPANBridge> gives the old bridge's names of its globals this way. A glob
alias (C<*DAEMON_TIMEOUT = \$TIMEOUT>) would be lost the moment a script
said C<local $CPANBridge::DAEMON_TIMEOUT> (C<local> puts a new scalar in
the glob) or C<local $CPANBridge::TIMEOUT>; the tied name reads and writes
the other variable by its name every time, so both names always show the
same value. The variable under its main name is a plain scalar: the
client's own reads cost nothing extra.

=cut

sub TIESCALAR { my ($class, $name) = @_; return bless \$name, $class }

sub FETCH { no strict 'refs'; return ${ ${ $_[0] } } }

sub STORE { no strict 'refs'; ${ ${ $_[0] } } = $_[1]; return }

1;
