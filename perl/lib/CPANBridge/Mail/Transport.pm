package CPANBridge::Mail::Transport;
# ABSTRACT: hands a composed message to the daemon's mail.send (one SMTP transaction) and reads its refusals

use strict;
use warnings;

our $VERSION = '1.00';

use CPANBridge;
use CPANBridge::Packed ();
# JSON::PP::true/false come through CPANBridge (which loads JSON::PP when they are first called)

my $BRIDGE;
# a send waits as long as the SMTP conversation may: the daemon applies the timeout itself
sub _bridge { $BRIDGE ||= CPANBridge->new(timeout => 86400) }

# send(host => ..., port => ..., from => $envelope_from, to => [...], message => $octets,
#      ssl => 0|1, starttls => 'never'|'auto'|'require', hello => ..., timeout => s,
#      auth => {user, password}, tls => {verify, ca_file})
# Returns ($result, undef) or (undef, $failure) where $failure is
#   { stage => connect|tls|auth|mail|rcpt|data|bridge, code => SMTP code or undef,
#     text => the server's reply text (no code), message => the whole error, kind => error code }
sub send {
    my (%o) = @_;
    my $msg = delete $o{message};
    $msg = '' unless defined $msg;
    # octets only: the wire is bytes, and a wide character has no single encoding to guess
    utf8::downgrade($msg, 1) or return (undef, { stage => 'bridge', kind => 'wide_character',
        message => 'Wide character in message', text => 'Wide character in message' });
    my %p = map { defined $o{$_} ? ($_ => $o{$_}) : () } qw(host port ssl starttls hello timeout auth tls from to);
    $p{from} = '' unless defined $p{from};
    $p{ssl} = $p{ssl} ? JSON::PP::true() : JSON::PP::false() if exists $p{ssl};
    my ($r, $err) = _bridge()->rpc('mail.send', \%p,
        { packed_params => { message => CPANBridge::Packed::encode(CPANBridge::bytes($msg)) } });
    return ($r, undef) if $r;
    my $d = ref $err->{data} eq 'HASH' ? $err->{data} : {};
    my $kind = $d->{code} || $err->{code} || '';
    my $text = defined $d->{smtp_message} ? $d->{smtp_message} : $err->{message};
    $text = join "\n", @$text if ref $text eq 'ARRAY';
    $text = '' unless defined $text;
    $text =~ s/^\d{3}[ -]//mg if defined $d->{smtp_code};
    my $stage = $d->{stage} || ($kind =~ /connect|timeout|dns/ ? 'connect' : 'bridge');
    return (undef, { stage => $stage, code => $d->{smtp_code}, text => $text, kind => $kind,
        message => defined $err->{message} ? $err->{message} : $text, errno => $d->{errno} });
}

1;

__END__

=head1 NAME

CPANBridge::Mail::Transport - send a composed message with the daemon's mail.send

=head1 SYNOPSIS

  my ($r, $fail) = CPANBridge::Mail::Transport::send(
      host => 'smtp.example.test', port => 25, starttls => 'never',
      from => 'me@example.test', to => ['you@example.test'], message => $octets);
  die "$fail->{stage}: $fail->{code} $fail->{text}" unless $r;

=head1 DESCRIPTION

MIME::Lite and Mail::Sender compose the whole message in Perl (so
C<as_string> needs no daemon) and give the octets to the daemon's
C<mail.send>, which speaks SMTP (dot-stuffing and bare LF to CRLF as
Net::SMTP's C<datasend> does). A refusal comes back with the SMTP stage,
code and text, which each facade turns into its own module's error.

=cut
