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

# Its datasend before data() returned false with a warning (the real Net::SMTP writes the bytes and returns true).
$Net::SMTP::OLD_HELPER = 1;

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
C<smtp_helper.*> daemon calls are still answered. The fields the old
helper's scripts peek at are there: C<< $smtp->{_connection_id} >> (true
while connected, gone after C<quit>) and C<< $smtp->{_host} >>.
C<< Net::SMTP->new() >> without a host returns undef (the real module's
answer with no C<smtp_hosts> in Net::Config).

One old behaviour is kept that the real module does not have: under
C<use SMTPHelper>, C<datasend> before C<data> returns false with a warning
(the real Net::SMTP writes the bytes, which the server takes as commands).
Where the facade differs from the real module otherwise: see L<Net::SMTP>.

=cut
