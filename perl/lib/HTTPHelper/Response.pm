package HTTPHelper::Response;
# ABSTRACT: the old bridge's response class, now an HTTP::Response

use strict;
use warnings;

our $VERSION = '2.00';

use HTTP::Response ();
our @ISA = ('HTTP::Response');

# The old class was built from the old daemon's result hash; a hash still makes a response.
sub new {
    my ($class, @args) = @_;
    return $class->SUPER::new(@args) unless @args == 1 && ref $args[0] eq 'HASH';
    my $d = $args[0];
    my $code = $d->{status_code} || ($d->{success} ? 200 : 500);
    my $self = $class->SUPER::new($code, $d->{reason} || $d->{error});
    my $h = $d->{headers} || {};
    my @pairs = ref $h eq 'HASH' ? %$h : ref $h eq 'ARRAY' ? map { @$_ } @$h : ();
    $self->push_header(@pairs) if @pairs;
    my $c = defined $d->{content} ? $d->{content} : $d->{body};
    $self->content($c) if defined $c;
    return $self;
}

1;

__END__

=head1 NAME

HTTPHelper::Response - the old HTTPHelper's response class: an HTTP::Response

=head1 SYNOPSIS

  my $res = HTTPHelper::Response->new({ status_code => 200, reason => 'OK', content => $body });
  print $res->status_line;

=head1 DESCRIPTION

An L<HTTP::Response>. C<new> also takes the old helper's result hash
(C<status_code>, C<reason>, C<headers>, C<content> or C<body>, C<success>),
as scripts that built responses themselves did. The facade's user agents
return plain HTTP::Response objects.

=cut
