package LogHelper::Bridge;
# ABSTRACT: what the old bridge's LogHelper->new returned: a bridge client with test_python_bridge

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge;
our @ISA = ('CPANBridge');

sub test_python_bridge {
    my $self = shift;
    return $self->SUPER::test_python_bridge(@_) if CPANBridge->can('test_python_bridge');
    my $r = $self->call('test', 'ping', {});
    return $r->{success} ? 1 : 0;
}

1;

__END__

=head1 NAME

LogHelper::Bridge - the bridge client C<< LogHelper->new >> returns

=head1 SYNOPSIS

  my $bridge = LogHelper->new(debug => 1);
  $bridge->test_python_bridge or die 'the cpan-bridge daemon does not answer';

=head1 DESCRIPTION

A L<CPANBridge> client with the old bridge's C<test_python_bridge>.

=head1 METHODS

=head2 test_python_bridge

  my $ok = $bridge->test_python_bridge;    # 1 when test.ping answers

=cut
