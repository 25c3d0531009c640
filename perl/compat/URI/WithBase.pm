package URI::WithBase;
# URI::WithBase of the URI 5.17 facade: a URI that remembers its base

use strict;
use warnings;
use Scalar::Util qw(blessed);
use URI ();

our $VERSION = '5.17';

use overload '""' => 'as_string', fallback => 1;

sub as_string;    # declared so overload finds it; AUTOLOAD answers the call

# [URI object, base (string or URI::WithBase)]
sub new {
    my ($class, $uri, $base) = @_;
    my $ibase = $base;
    if ($base && blessed($base) && $base->isa(__PACKAGE__)) {
        $base = $base->abs;
        $ibase = $base->[0];
    }
    return bless [URI->new($uri, $ibase), $base], $class;
}

sub new_abs {
    my $class = shift;
    return $class->new(@_)->abs;
}

sub _init {
    my ($class, $str, $scheme) = @_;
    return bless [URI->new($str, $scheme), undef], $class;
}

sub eq {
    my ($self, $other) = @_;
    $other = $other->[0] if blessed($other) && $other->isa(__PACKAGE__);
    return $self->[0]->eq($other);
}

our $AUTOLOAD;
sub AUTOLOAD {
    my $self = shift;
    my $method = substr $AUTOLOAD, rindex($AUTOLOAD, '::') + 2;
    return if $method eq 'DESTROY';
    return $self->[0]->$method(@_);
}

sub can {
    my $self = shift;
    return $self->SUPER::can(@_) || (ref $self ? $self->[0]->can(@_) : undef);
}

sub base {
    my $self = shift;
    my $base = $self->[1];
    if (@_) {
        my $new = shift;
        $new = $new->abs if ref $new && $new->isa(__PACKAGE__);
        $self->[1] = $new;
    }
    return unless defined wantarray;
    if (defined $base && !ref $base) {
        $base = ref($self)->new($base);
        $self->[1] = $base unless @_;
    }
    return $base;
}

sub clone {
    my $self = shift;
    my $base = $self->[1];
    $base = $base->clone if ref $base;
    return bless [$self->[0]->clone, $base], ref $self;
}

sub abs {
    my $self = shift;
    my $base = shift || $self->base || return $self->clone;
    $base = $base->as_string if ref $base;
    return bless [$self->[0]->abs($base, @_), $base], ref $self;
}

sub rel {
    my $self = shift;
    my $base = shift || $self->base || return $self->clone;
    $base = $base->as_string if ref $base;
    return bless [$self->[0]->rel($base, @_), $base], ref $self;
}

1;

__END__

=head1 NAME

URI::WithBase - a URI and its base (cpan-bridge facade of URI 5.17's URI::WithBase)

=head1 SYNOPSIS

  use URI::WithBase;
  my $u = URI::WithBase->new('../x', 'http://h/a/b');
  print $u->abs;          # http://h/x
  print $u->base;         # http://h/a/b
  print $u->path;         # every URI method, through AUTOLOAD

Same as the real class.

=cut
