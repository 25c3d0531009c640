package SMTPHelper;
# ABSTRACT: the old bridge's SMTPHelper: `use SMTPHelper;` then Net::SMTP->new as before (the facade in perl/compat)

use strict;
use warnings;

our $VERSION = '2.00';

use CPANBridge;
use CPANBridge::Compat 'Net::SMTP';

# The old SMTPHelper made Net::SMTP objects CPANBridge objects: scripts called
# $smtp->call_python(...) on them.
push @Net::SMTP::ISA, 'CPANBridge' unless Net::SMTP->isa('CPANBridge');

1;

__END__

=head1 NAME

SMTPHelper - the old bridge's name for the Net::SMTP facade

=head1 SYNOPSIS

  use SMTPHelper;    # Net::SMTP is now the cpan-bridge facade

  my $smtp = Net::SMTP->new('mailhost', Timeout => 30, Debug => 0) or die "with error $@";
  $smtp->mail('sender@example.com');
  $smtp->to('someone@example.com');
  $smtp->data();
  $smtp->datasend("Subject: test\n\n", @body);
  $smtp->quit();    # ends the message first, as Net::SMTP's next command does

=head1 DESCRIPTION

Loads L<Net::SMTP> from F<perl/compat> (see L<CPANBridge::Compat>). The old
SMTPHelper's scripts run unchanged: C<datasend()> with no argument is a no-op
and C<quit> ends the message (the real module's behaviour, which the old
helper's "flush" imitated); C<< $smtp->call_python(...) >> works on the
objects (they are CPANBridge objects as well), and the old
C<smtp_helper.*> daemon calls are still answered. Where the facade differs
from the real module: see L<Net::SMTP>.

=cut
