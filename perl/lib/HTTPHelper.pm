package HTTPHelper;
# ABSTRACT: the old bridge's HTTPHelper: `use HTTPHelper;` then LWP::UserAgent, HTTP::Request and WWW::Mechanize as before

use strict;
use warnings;

our $VERSION = '2.00';

use Carp ();
use CPANBridge;
use CPANBridge::Compat 'LWP::UserAgent';
use HTTPHelper::Request ();
use HTTPHelper::Response ();
use HTTPHelper::Mechanize ();

# The old HTTPHelper objects were CPANBridge objects (call_python on a user
# agent worked) and HTTPHelper->new made one; it is the facade now.
our @ISA = ('LWP::UserAgent');
push @LWP::UserAgent::ISA, 'CPANBridge' unless LWP::UserAgent->isa('CPANBridge');

sub import {
    # The old import made `WWW::Mechanize->new` work without WWW::Mechanize:
    # the class is the old helper's small browser unless the real one is loaded.
    no strict 'refs';
    @WWW::Mechanize::ISA = ('HTTPHelper::Mechanize')
        unless $INC{'WWW/Mechanize.pm'} || defined &{'WWW::Mechanize::new'} || @{'WWW::Mechanize::ISA'};
    return;
}

# The old helper's name of one GET returning is_success, with ->status afterwards.
sub get_mechanize {
    my ($self, $url) = @_;
    Carp::croak('URL required') unless $url;
    $self->{_last_response} = $self->get($url);
    return $self->{_last_response}->is_success;
}

sub status {
    my $self = shift;
    return $self->{_last_response} ? $self->{_last_response}->code : undef;
}

1;

__END__

=head1 NAME

HTTPHelper - the old bridge's name for the LWP::UserAgent facade (and its WWW::Mechanize stand-in)

=head1 SYNOPSIS

  use HTTPHelper;    # instead of: use LWP::UserAgent; use WWW::Mechanize;

  my $ua = LWP::UserAgent->new;
  $ua->agent('AgentName/0.1 ' . $ua->agent);
  $ua->timeout(30);
  my $req = HTTP::Request->new(POST => $url);
  $req->content_type('application/x-www-form-urlencoded');
  $req->content($content_string);
  my $res = $ua->request($req);
  print $res->is_success ? $res->decoded_content : $res->status_line;

  my $mech = WWW::Mechanize->new(agent => 'Mozilla/6.0', autocheck => 0);
  $mech->get($url);
  my $status = $mech->status;

=head1 DESCRIPTION

Loads L<LWP::UserAgent> from F<perl/compat> (see L<CPANBridge::Compat>),
with the real L<HTTP::Request>, L<HTTP::Response> and L<HTTP::Headers>
classes it uses. C<LWP::UserAgent->new> and C<HTTPHelper->new> make the
facade's user agents, which are also CPANBridge objects
(C<< $ua->call_python(...) >> works, as it did). Responses are real
HTTP::Response objects: C<code>, C<message>, C<status_line>, C<content>,
C<decoded_content> (gzip, charset) are the real ones, where the old helper
returned the same text for C<content> and C<decoded_content>.

C<WWW::Mechanize->new> (unless the real WWW::Mechanize is loaded) is
L<HTTPHelper::Mechanize>: C<get>, C<post>, C<status>, C<content>,
C<success>, C<uri>, C<res> and C<autocheck> (on by default, as in
WWW::Mechanize: a failed request croaks). L<HTTPHelper::Request> and
L<HTTPHelper::Response> are the old class names, now HTTP::Request and
HTTP::Response subclasses. C<< $ua->get_mechanize($url) >> and
C<< $ua->status >> are kept.

=cut
