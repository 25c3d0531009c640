package URI::urn;
# URI::urn of the URI 5.17 facade (RFC 2141): nid and nss

use strict;
use warnings;
use URI ();

our $VERSION = '5.17';
our @ISA = ('URI');

sub _nid {
    my $self = shift;
    my $opaque = $self->opaque;
    if (@_) {
        my $v = $opaque;
        my $new = shift;
        $v =~ s/[^:]*/$new/;
        $self->opaque($v);
    }
    $opaque =~ s/:.*//s;
    return $opaque;
}

sub nid {
    my $nid = shift->_nid(@_);
    return defined $nid ? lc $nid : $nid;
}

sub nss {
    my $self = shift;
    my $opaque = $self->opaque;
    if (@_) {
        my $v = $opaque;
        my $new = shift;
        if (defined $new) { $v =~ s/(:|\z).*/:$new/ }
        else              { $v =~ s/:.*//s }
        $self->opaque($v);
    }
    return undef unless $opaque =~ s/^[^:]*://;
    return $opaque;
}

sub canonical {
    my $self = shift;
    my $nid = $self->_nid;
    my $new = $self->SUPER::canonical;
    return $new if $nid !~ /[A-Z]/ || $nid =~ /%/;
    $new = $new->clone if $new == $self;
    $new->nid(lc $nid);
    return $new;
}

1;

__END__

=head1 NAME

URI::urn - urn: URIs of the cpan-bridge URI 5.17 facade (see L<URI>)

=head1 SYNOPSIS

  my $u = URI->new('urn:ISBN:0451450523');
  $u->nid;   # isbn
  $u->nss;   # 0451450523

Differs: every namespace is a URI::urn here; the real module makes
urn:isbn and urn:oid URI::urn::isbn / URI::urn::oid objects (with
isbn/oid methods).

=cut
