package URI::mailto;
# URI::mailto of the URI 5.17 facade (RFC 6068): to and headers

use strict;
use warnings;
use URI ();
use URI::_query ();

our $VERSION = '5.17';
our @ISA = ('URI', 'URI::_query');

sub to {
    my $self = shift;
    my @old = $self->headers;
    if (@_) {
        my @new = @old;
        for (my $i = 0; $i < @new; $i += 2) {
            if (lc($new[$i] || '') eq 'to') {
                splice @new, $i, 2;
                redo;
            }
        }
        my $to = shift;
        $to = '' unless defined $to;
        unshift @new, to => $to;
        $self->headers(@new);
    }
    return unless defined wantarray;
    my @to;
    while (@old) {
        my ($h, $v) = splice @old, 0, 2;
        push @to, $v if lc $h eq 'to';
    }
    return join ',', @to;
}

sub headers {
    my $self = shift;
    # the address part is one more "to" field
    (my $opaque = 'to=' . $self->opaque) =~ s/\?/&/;
    if (@_) {
        my @new = @_;
        my @to;
        for (my $i = 0; $i < @new; $i += 2) {
            if (lc($new[$i] || '') eq 'to') {
                push @to, (splice @new, $i, 2)[1];
                redo;
            }
        }
        my $addr = join ',', @to;
        $addr =~ s/%/%25/g;
        $addr =~ s/\?/%3F/g;
        $self->opaque($addr);
        $self->query_form(@new) if @new;
    }
    return unless defined wantarray;
    return URI->new("mailto:?$opaque")->query_form;
}

# RFC 6068: "+" in an address is not a space. (As in URI 5.17, only the
# first field is looked at, and only when it is "to".)
sub query_form {
    my $self = shift;
    my @fields = $self->SUPER::query_form(@_);
    for (my $i = 0; $i < @fields; $i += 2) {
        if ($fields[0] eq 'to') {
            $fields[1] =~ s/ /+/g;
            last;
        }
    }
    return @fields;
}

1;

__END__

=head1 NAME

URI::mailto - mailto URIs of the cpan-bridge URI 5.17 facade (see L<URI>)

=head1 SYNOPSIS

  my $u = URI->new('mailto:');
  $u->to('ops@example.com');
  $u->headers(to => 'ops@example.com', subject => 'nightly report');
  my %h = $u->headers;

Same as the real class.

=cut
