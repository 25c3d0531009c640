package DateTimeHelper;
# The old bridge's name for DateTime: the facade in perl/compat/DateTime.pm
# under this class, plus what the old DateTimeHelper had that DateTime has not
# (new() without arguments is a bridge; DateTimeHelper::Object).

use strict;
use warnings;
use CPANBridge::Compat 'DateTime';
use DateTimeHelper::Object;

our $VERSION = '1.59';
our @ISA = ('DateTime');

sub new {
    # The old DateTimeHelper was a CPANBridge subclass; without arguments it gave a bridge.
    if (@_ == 1 && !ref $_[0] && $_[0] eq 'DateTimeHelper') {
        require CPANBridge;
        return CPANBridge->new;
    }
    my $class = shift;
    return $class->SUPER::new(@_);
}

1;

__END__

=head1 NAME

DateTimeHelper - the old bridge's name for the cpan-bridge DateTime facade

=head1 SYNOPSIS

  use lib 'perl/lib';
  use DateTimeHelper;
  my $epoch = DateTimeHelper->now->epoch;            # the old helper's one call

  my $dt = DateTimeHelper->new(year => 2024, month => 3, day => 10, hour => 1,
                               time_zone => 'America/New_York');   # isa DateTime
  $dt->add(hours => 1);

=head1 DESCRIPTION

A subclass of L<DateTime> as F<perl/compat/DateTime.pm> defines it (loaded
without putting F<perl/compat> on C<@INC>), so everything DateTime does,
objects of this class do. What the old bridge's C<DateTimeHelper> had
besides is kept: C<DateTimeHelper-E<gt>new> without arguments returns a
L<CPANBridge>, and C<DateTimeHelper::Object-E<gt>new($epoch_or_result)-E<gt>epoch>.

=head1 METHODS

Those of L<DateTime>; C<new> as described above.

=cut
