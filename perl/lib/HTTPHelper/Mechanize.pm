package HTTPHelper::Mechanize;
# ABSTRACT: the old bridge's WWW::Mechanize stand-in: a user agent that remembers its last response

use strict;
use warnings;

our $VERSION = '2.00';

use Carp ();
use HTTPHelper ();
our @ISA = ('HTTPHelper');

# WWW::Mechanize's defaults: autocheck on, a cookie jar, its own agent name
sub new {
    my ($class, %args) = @_;
    my $autocheck = exists $args{autocheck} ? delete $args{autocheck} : 1;
    delete @args{qw(stack_depth noproxy onwarn onerror quiet strict_forms verbose_forms)};
    $args{agent} = 'WWW-Mechanize/2.18' unless exists $args{agent};
    $args{cookie_jar} = {} unless exists $args{cookie_jar};
    my $self = $class->SUPER::new(%args);
    $self->{autocheck} = $autocheck;
    # the old class kept its agent in the object, and its scripts read $mech->{agent}
    $self->{agent} = $self->agent;
    return $self;
}

sub _done {
    my ($self, $verb, $url, $res) = @_;
    $self->{_last_response} = $res;
    $self->{_uri} = $res->request ? $res->request->uri : $url;
    Carp::croak("Error ${verb}ing $url: " . $res->message) if $self->{autocheck} && !$res->is_success;
    return $res;
}

sub get  { my ($self, $url, @rest) = @_; return $self->_done('GET', $url, $self->SUPER::get($url, @rest)) }
sub post { my ($self, $url, @rest) = @_; return $self->_done('POST', $url, $self->SUPER::post($url, @rest)) }
sub head { my ($self, $url, @rest) = @_; return $self->_done('HEAD', $url, $self->SUPER::head($url, @rest)) }

sub agent {
    my $self = shift;
    my $old = $self->SUPER::agent(@_);
    $self->{agent} = $self->SUPER::agent if @_;
    return $old;
}

sub autocheck { my $self = shift; my $old = $self->{autocheck}; $self->{autocheck} = shift if @_; return $old }
sub res      { return $_[0]{_last_response} }
sub response { return $_[0]{_last_response} }
sub success  { my $r = $_[0]{_last_response}; return $r && $r->is_success ? 1 : 0 }
sub content  { my $r = $_[0]{_last_response}; return $r ? $r->decoded_content : undef }
sub ct       { my $r = $_[0]{_last_response}; return $r ? $r->content_type : undef }
sub uri      { return $_[0]{_uri} }

1;

__END__

=head1 NAME

HTTPHelper::Mechanize - the old HTTPHelper's WWW::Mechanize stand-in

=head1 SYNOPSIS

  use HTTPHelper;
  my $mech = WWW::Mechanize->new(agent => 'Mozilla/6.0', autocheck => 0);
  $mech->get($url);
  print $mech->status, "\n", $mech->content;

=head1 DESCRIPTION

The part of WWW::Mechanize the old bridge's scripts used, on the
LWP::UserAgent facade: C<get>, C<post>, C<head> remember the response;
C<status>, C<res>/C<response>, C<success>, C<content> (decoded), C<ct> and
C<uri> read it; C<< $mech->{agent} >> and C<< $mech->{autocheck} >> hold
what the old class kept there. C<autocheck> (default on, as WWW::Mechanize) croaks
"Error GETing <url>: <message>" on a failed request. A cookie jar is on by
default. No HTML parsing: no forms, links or C<follow_link>.

=cut
