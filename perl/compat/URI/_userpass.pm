package URI::_userpass;
# URI::_userpass of the URI 5.17 facade: user and password from the userinfo

use strict;
use warnings;
use URI::Escape qw(uri_unescape);

our $VERSION = '5.17';

sub user {
    my $self = shift;
    my $info = $self->userinfo;
    if (@_) {
        my $new = shift;
        (my $pass = defined $info ? $info : '') =~ s/^[^:]*//;
        if (!defined $new && !length $pass) {
            $self->userinfo(undef);
        }
        else {
            $new = '' unless defined $new;
            $new =~ s/%/%25/g;
            $new =~ s/:/%3A/g;
            $self->userinfo("$new$pass");
        }
    }
    return undef unless defined $info;
    $info =~ s/:.*//;
    return uri_unescape($info);
}

sub password {
    my $self = shift;
    my $info = $self->userinfo;
    if (@_) {
        my $new = shift;
        (my $user = defined $info ? $info : '') =~ s/:.*//;
        if (!defined $new && !length $user) {
            $self->userinfo(undef);
        }
        else {
            $new = '' unless defined $new;
            $new =~ s/%/%25/g;
            $self->userinfo("$user:$new");
        }
    }
    return undef unless defined $info;
    return undef unless $info =~ s/^[^:]*://;
    return uri_unescape($info);
}

1;

__END__

=head1 NAME

URI::_userpass - user and password accessors of the cpan-bridge URI 5.17 facade

=head1 SYNOPSIS

  my $u = URI->new('ssh://me:secret@host/');
  $u->user; $u->password; $u->password(undef);

Same as the real class.

=cut
