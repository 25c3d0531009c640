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

my $constructors_wrapped;

sub import {
    # The old import made `WWW::Mechanize->new` work without WWW::Mechanize:
    # the class is the old helper's small browser unless the real one is loaded.
    no strict 'refs';
    @WWW::Mechanize::ISA = ('HTTPHelper::Mechanize')
        unless $INC{'WWW/Mechanize.pm'} || defined &{'WWW::Mechanize::new'} || @{'WWW::Mechanize::ISA'};
    # It also made LWP::UserAgent->new an HTTPHelper and HTTP::Request->new an
    # HTTPHelper::Request, and old scripts check ref() and {method}/{url}.
    # Only those exact class names: a subclass's new is left alone.
    return if $constructors_wrapped++;
    my $ua_new = \&LWP::UserAgent::new;
    my $req_new = \&HTTP::Request::new;
    no warnings 'redefine';
    *LWP::UserAgent::new = sub {
        my $ua = $ua_new->(@_);
        bless $ua, 'HTTPHelper' if ref $ua eq 'LWP::UserAgent';
        return $ua;
    };
    *HTTP::Request::new = sub {
        return HTTPHelper::Request->new(@_[1 .. $#_]) if !ref $_[0] && $_[0] eq 'HTTP::Request';
        return $req_new->(@_);
    };
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
facade's user agents, blessed into C<HTTPHelper> (a LWP::UserAgent subclass)
as the old helper's were, and also CPANBridge objects
(C<< $ua->call_python(...) >> works, as it did). C<< HTTP::Request->new >>
makes an L<HTTPHelper::Request> (C<< $req->{method} >>, C<< $req->{url} >>).
A subclass of either keeps its own constructor. Responses are real
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
