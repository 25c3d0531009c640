package Mail::Sender::IO;
# ABSTRACT: the tied handle Mail::Sender's GetHandle returns: print/printf go through SendEnc, close ends the part or the message

use strict;
use warnings;

our $VERSION = '0.903';

sub TIEHANDLE { my ($class, $sender) = @_; return bless [$sender, $sender->{_part}], $class }
sub PRINT { my $self = shift; return $self->[0]->SendEnc(@_) }
sub PRINTF { my $self = shift; my $format = shift; return $self->[0]->SendEnc(sprintf $format, @_) }
sub WRITE { my ($self, $buf, $len, $off) = @_; return $self->[0]->SendEnc(substr($buf, $off || 0, defined $len ? $len : length $buf)) }
sub CLOSE { my $self = shift; return $self->[1] ? $self->[0]->EndPart() : $self->[0]->Close() }

1;

__END__

=head1 NAME

Mail::Sender::IO - the handle from Mail::Sender's GetHandle

=head1 SYNOPSIS

  my $fh = $sender->GetHandle();
  print $fh "Hello\n";          # $sender->SendEnc("Hello\n")
  close $fh;                    # ends the part, or the message (Close)

=head1 DESCRIPTION

As the real module's: a handle opened in a part ends that part on close;
one opened outside a part closes (sends) the message.

=cut
