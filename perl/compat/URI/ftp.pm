package URI::ftp;
# URI::ftp of the URI 5.17 facade

use strict;
use warnings;
use URI::_server ();
use URI::_userpass ();

our $VERSION = '5.17';
our @ISA = ('URI::_server', 'URI::_userpass');

sub default_port { 21 }

sub path { shift->path_query(@_) }

sub _user     { shift->SUPER::user(@_) }
sub _password { shift->SUPER::password(@_) }

sub user {
    my $self = shift;
    my $user = $self->_user(@_);
    return defined $user ? $user : 'anonymous';
}

sub password {
    my $self = shift;
    my $pass = $self->_password(@_);
    unless (defined $pass) {
        my $user = $self->user;
        $pass = 'anonymous@' if $user eq 'anonymous' || $user eq 'ftp';
    }
    return $pass;
}

1;

__END__

=head1 NAME

URI::ftp - ftp URIs of the cpan-bridge URI 5.17 facade (see L<URI>)

=head1 SYNOPSIS

  my $u = URI->new('ftp://ftp.example.com/pub/file.txt');
  $u->user;       # anonymous
  $u->password;   # anonymous@
  $u->port;       # 21

Same as the real class.

=cut
