package URI::_query;
# URI::_query of the URI 5.17 facade: ?query as a string, a form or keywords

use strict;
use warnings;
use URI ();
use URI::Escape qw(uri_unescape);
use URI::QueryParam ();

our $VERSION = '5.17';
# query_param, query_param_append, query_param_delete, query_form_hash
# live in URI::QueryParam (real 5.17 keeps them here and that file empty)
our @ISA = ('URI::QueryParam');

sub query {
    my $self = shift;
    $$self =~ m,^([^?\#]*)(?:\?([^\#]*))?(.*)$,s or die;
    if (@_) {
        my $q = shift;
        $$self = $1;
        if (defined $q) {
            $q =~ s/([^$URI::uric])/ URI::Escape::escape_char($1)/ego;
            utf8::downgrade($q);
            $$self .= "?$q";
        }
        $$self .= $3;
    }
    return $2;
}

sub _form_escape {
    my $s = shift;
    $s = '' unless defined $s;
    $s =~ s/([;\/?:@&=+,\$\[\]%])/ URI::Escape::escape_char($1)/eg;
    $s =~ s/ /+/g;
    return $s;
}

sub query_form {
    my $self = shift;
    my $old = $self->query;
    if (@_) {
        my $delim;
        my $r = $_[0];
        if (ref $r eq 'ARRAY') {
            $delim = $_[1];
            @_ = @$r;
        }
        elsif (ref $r eq 'HASH') {
            $delim = $_[1];
            @_ = map { ($_ => $r->{$_}) } sort keys %$r;
        }
        $delim = pop if @_ % 2;

        my @pairs;
        while (my ($key, $vals) = splice @_, 0, 2) {
            my $k = _form_escape($key);
            for my $val (ref $vals eq 'ARRAY' ? @$vals : $vals) {
                push @pairs, "$k=" . _form_escape($val);
            }
        }
        if (@pairs) {
            unless ($delim) {
                $delim = $1 if $old && $old =~ /([&;])/;
                $delim ||= $URI::DEFAULT_QUERY_FORM_DELIMITER || '&';
            }
            $self->query(join $delim, @pairs);
        }
        else {
            $self->query(undef);
        }
    }
    return if !defined $old || !length $old || !defined wantarray;
    return unless $old =~ /=/;
    return map { s/\+/ /g; uri_unescape($_) } map { /=/ ? split(/=/, $_, 2) : ($_ => '') } split /[&;]/, $old;
}

sub query_keywords {
    my $self = shift;
    my $old = $self->query;
    if (@_) {
        my @words = @_;
        @words = @{ $words[0] } if @words == 1 && ref $words[0] eq 'ARRAY';
        s/([;\/?:@&=+,\$\[\]%])/ URI::Escape::escape_char($1)/eg for @words;
        $self->query(@words ? join('+', @words) : undef);
    }
    return if !defined $old || !defined wantarray;
    return if $old =~ /=/;
    return map { uri_unescape($_) } split /\+/, $old, -1;
}

sub equery { goto &query }

1;

__END__

=head1 NAME

URI::_query - the query methods of the cpan-bridge URI 5.17 facade (see L<URI>)

=head1 SYNOPSIS

  $u->query('a=1&b=2');
  $u->query_form(a => 1, b => [2, 3]);       # a=1&b=2&b=3, order kept
  $u->query_form({ b => 2, a => 1 }, ';');   # a=1;b=2 (hash: sorted keys)
  my @pairs = $u->query_form;
  $u->query_keywords('perl', 'uri');         # perl+uri

Same as the real class; C<query_param> and friends come from
L<URI::QueryParam>, always loaded, as in URI 5.17.

=cut
