package DateTimeHelper::Object;
# ABSTRACT: the epoch holder the old bridge's DateTimeHelper->now returned

use strict;
use warnings;

our $VERSION = '1.59';

sub new   { my ($class, $e) = @_; return bless { epoch_value => ref $e eq 'HASH' ? $e->{epoch} : $e }, $class }
sub epoch { return $_[0]{epoch_value} }

1;

__END__

=head1 NAME

DateTimeHelper::Object - the old bridge's epoch holder

=head1 SYNOPSIS

  use DateTimeHelper;
  my $o = DateTimeHelper::Object->new(1700000000);   # or ->new({ epoch => ... })
  print $o->epoch;

=head1 DESCRIPTION

Scripts written for the old bridge built these from a C<datetime.now>
result. C<< DateTimeHelper->now >> returns a full L<DateTimeHelper> (a
L<DateTime>) now, which has C<epoch> too.

=head1 METHODS

=head2 new

  DateTimeHelper::Object->new($epoch_or_hashref);

=head2 epoch

The epoch it was made with.

=cut
