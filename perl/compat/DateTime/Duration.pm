package DateTime::Duration;
# Drop-in DateTime::Duration for cpan-bridge (implemented by DateTimeHelper::Duration).

use strict;
use warnings;
use DateTimeHelper::Duration;

our $VERSION = '1.59';
our @ISA = ('DateTimeHelper::Duration');

sub compare {
    my (undef, $d1, $d2, $dt) = @_;
    require DateTime;
    return DateTimeHelper::Duration->compare($d1, $d2, $dt || DateTime->now);
}

1;

__END__

=head1 NAME

DateTime::Duration - cpan-bridge facade for DateTime::Duration 1.59

=head1 SYNOPSIS

  my $d = DateTime::Duration->new(days => 2, hours => 3);
  print $d->in_units('hours'), "\n";

=head1 DESCRIPTION

See L<DateTimeHelper::Duration>.

=head1 METHODS

Those of L<DateTimeHelper::Duration>.

=cut
