package URI::QueryParam;
# URI::QueryParam of the URI 5.17 facade: query_param, query_param_append, query_param_delete, query_form_hash

use strict;
use warnings;

our $VERSION = '5.17';

sub query_param {
    my $self = shift;
    my @old = $self->query_form;

    if (@_ == 0) {
        my (%seen, $i);
        return grep { !($i++ % 2 || $seen{$_}++) } @old;
    }

    my $key = shift;
    my @at = grep { $_ % 2 == 0 && $old[$_] eq $key } 0 .. $#old;

    if (@_) {
        my @new = @old;
        my @new_at = @at;
        my @vals = map { ref $_ eq 'ARRAY' ? @$_ : $_ } @_;
        # fewer values than before: the last occurrences go
        splice @new, pop(@new_at), 2 while @new_at > @vals;
        # more: the extra ones go after the last occurrence (or at the end)
        if (@vals > @new_at) {
            my $pos = @new_at ? $new_at[-1] + 2 : @new;
            my @extra = splice @vals, scalar(@new_at), @vals - @new_at;
            splice @new, $pos, 0, map { ($key => $_) } @extra;
        }
        @new[ map { $_ + 1 } @new_at ] = @vals if @vals;
        $self->query_form(\@new);
    }
    return wantarray ? @old[ map { $_ + 1 } @at ] : @at ? $old[ $at[0] + 1 ] : undef;
}

sub query_param_append {
    my $self = shift;
    my $key = shift;
    my @vals = map { ref $_ eq 'ARRAY' ? @$_ : $_ } @_;
    $self->query_form($self->query_form, $key => \@vals);
    return;
}

sub query_param_delete {
    my $self = shift;
    my $key = shift;
    my @old = $self->query_form;
    my @vals;
    for (my $i = @old - 2; $i >= 0; $i -= 2) {
        next if $old[$i] ne $key;
        push @vals, (splice @old, $i, 2)[1];
    }
    $self->query_form(\@old) if @vals;
    return wantarray ? reverse @vals : $vals[-1];
}

sub query_form_hash {
    my $self = shift;
    my @old = $self->query_form;
    $self->query_form(@_ == 1 ? %{ shift(@_) } : @_) if @_;
    my %hash;
    while (my ($k, $v) = splice @old, 0, 2) {
        if (exists $hash{$k}) {
            $hash{$k} = [ $hash{$k} ] unless ref $hash{$k} eq 'ARRAY';
            push @{ $hash{$k} }, $v;
        }
        else {
            $hash{$k} = $v;
        }
    }
    return \%hash;
}

1;

__END__

=head1 NAME

URI::QueryParam - query_param and friends for the cpan-bridge URI 5.17 facade

=head1 SYNOPSIS

  use URI;
  use URI::QueryParam;             # optional, as in URI 5.17
  my @keys = $u->query_param;      # distinct keys, in order
  my $v    = $u->query_param('a');
  $u->query_param(a => 1, 2);      # replaces a's values, keeps their places
  $u->query_param_append(b => 3);
  my @gone = $u->query_param_delete('a');
  my $h    = $u->query_form_hash;  # { a => 1, b => [2, 3] }

Differs only in where the code sits: URI 5.17 defines these methods in
URI::_query and leaves URI::QueryParam empty; here URI::_query inherits them
from this package, so C<< URI::_query->can('query_param') >> still answers.

=cut
