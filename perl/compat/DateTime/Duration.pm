package DateTime::Duration;
# The DateTime facade's DateTime::Duration: months, days, minutes, seconds,
# nanoseconds kept apart (they do not convert into each other across DST and month lengths).

use strict;
use warnings;
use Carp ();
use Scalar::Util ();

our $VERSION = '1.59';

use constant MAX_NANOSECONDS => 1_000_000_000;

use overload (
    fallback => 1,
    '+'   => '_add_overload',
    '-'   => '_subtract_overload',
    '*'   => '_multiply_overload',
    '<=>' => '_compare_overload',
    'cmp' => '_compare_overload',
);

my @UNITS = qw(months days minutes seconds nanoseconds);
my %NEW_KEYS = map { $_ => 1 } qw(years months weeks days hours minutes seconds nanoseconds end_of_month);

=head1 NAME

DateTime::Duration - cpan-bridge facade for DateTime::Duration 1.59

=head1 SYNOPSIS

  my $d = DateTime::Duration->new(days => 3, hours => 4);
  my ($days, $hours) = $d->in_units('days', 'hours');
  $dt->add_duration($d);

=head1 DESCRIPTION

Pure Perl; behaves as L<DateTime::Duration> 1.59 for the methods below.

=head1 METHODS

C<new>, C<clone>, C<years months weeks days hours minutes seconds nanoseconds>,
C<in_units>, C<deltas>, C<delta_months delta_days delta_minutes delta_seconds
delta_nanoseconds>, C<is_positive is_negative is_zero>, C<is_wrap_mode
is_limit_mode is_preserve_mode end_of_month_mode>, C<calendar_duration>,
C<clock_duration>, C<inverse>, C<add_duration add subtract_duration subtract>,
C<multiply>, C<compare>; overloaded C<+ - * E<lt>=E<gt>>.

=cut

sub new {
    my ($class, %p) = @_;
    for my $k (sort keys %p) {
        Carp::croak("Found extra parameters passed to _check_new_params: [$k]") unless $NEW_KEYS{$k};
        next if $k eq 'end_of_month';
        Carp::croak("Validation failed for type named Defined with value undef ($k)") unless defined $p{$k};
    }
    my $eom = $p{end_of_month};
    Carp::croak("Validation failed for type named EndOfMonthMode with value $eom")
        if defined $eom && $eom !~ /^(?:wrap|limit|preserve)$/;
    $p{$_} ||= 0 for qw(years months weeks days hours minutes seconds nanoseconds);
    my $self = bless {
        months  => $p{years} * 12 + $p{months},
        days    => $p{weeks} * 7 + $p{days},
        minutes => $p{hours} * 60 + $p{minutes},
        seconds => $p{seconds},
        nanoseconds => 0,
    }, ref $class || $class;
    if ($p{nanoseconds}) {
        $self->{nanoseconds} = $p{nanoseconds};
        $self->_normalize_nanoseconds;
    }
    $self->{end_of_month} = defined $eom ? $eom : $self->{months} < 0 ? 'preserve' : 'wrap';
    return $self;
}

sub _normalize_nanoseconds {
    my $self = shift;
    my $seconds = $self->{seconds} + $self->{nanoseconds} / MAX_NANOSECONDS;
    $self->{seconds} = int $seconds;
    $self->{nanoseconds} = $self->{nanoseconds} % MAX_NANOSECONDS;
    $self->{nanoseconds} -= MAX_NANOSECONDS if $seconds < 0;
}

sub clone { return bless { %{ $_[0] } }, ref $_[0] }

sub years       { abs($_[0]->in_units('years')) }
sub months      { abs($_[0]->in_units('months', 'years')) }
sub weeks       { abs($_[0]->in_units('weeks')) }
sub days        { abs($_[0]->in_units('days', 'weeks')) }
sub hours       { abs($_[0]->in_units('hours')) }
sub minutes     { abs($_[0]->in_units('minutes', 'hours')) }
sub seconds     { abs($_[0]->in_units('seconds')) }
sub nanoseconds { abs($_[0]->in_units('nanoseconds', 'seconds')) }

sub _has_positive { (grep { $_ > 0 } @{ $_[0] }{@UNITS}) ? 1 : 0 }
sub _has_negative { (grep { $_ < 0 } @{ $_[0] }{@UNITS}) ? 1 : 0 }
sub is_positive { $_[0]->_has_positive && !$_[0]->_has_negative }
sub is_negative { !$_[0]->_has_positive && $_[0]->_has_negative }
sub is_zero     { (grep { $_ != 0 } @{ $_[0] }{@UNITS}) ? 0 : 1 }

sub delta_months      { $_[0]{months} }
sub delta_days        { $_[0]{days} }
sub delta_minutes     { $_[0]{minutes} }
sub delta_seconds     { $_[0]{seconds} }
sub delta_nanoseconds { $_[0]{nanoseconds} }
sub deltas { my $s = shift; return map { $_ => $s->{$_} } @UNITS }

sub in_units {
    my ($self, @units) = @_;
    my %want = map { $_ => 1 } @units;
    my ($months, $days, $minutes, $seconds) = @{$self}{qw(months days minutes seconds)};
    my %r;
    if ($want{years})   { $r{years} = int($months / 12); $months -= $r{years} * 12 }
    if ($want{months})  { $r{months} = $months }
    if ($want{weeks})   { $r{weeks} = int($days / 7); $days -= $r{weeks} * 7 }
    if ($want{days})    { $r{days} = $days }
    if ($want{hours})   { $r{hours} = int($minutes / 60); $minutes -= $r{hours} * 60 }
    if ($want{minutes}) { $r{minutes} = $minutes }
    if ($want{seconds}) { $r{seconds} = $seconds; $seconds = 0 }
    if ($want{nanoseconds}) { $r{nanoseconds} = $seconds * MAX_NANOSECONDS + $self->{nanoseconds} }
    return wantarray ? @r{@units} : $r{ $units[0] };
}

sub is_wrap_mode      { $_[0]{end_of_month} eq 'wrap'     ? 1 : 0 }
sub is_limit_mode     { $_[0]{end_of_month} eq 'limit'    ? 1 : 0 }
sub is_preserve_mode  { $_[0]{end_of_month} eq 'preserve' ? 1 : 0 }
sub end_of_month_mode { $_[0]{end_of_month} }

sub calendar_duration {
    my $self = shift;
    return (ref $self)->new(map { $_ => $self->{$_} } qw(months days end_of_month));
}

sub clock_duration {
    my $self = shift;
    return (ref $self)->new(map { $_ => $self->{$_} } qw(minutes seconds nanoseconds end_of_month));
}

sub inverse {
    my ($self, %p) = @_;
    my %new = map { $_ => ($self->{$_} ? -$self->{$_} : 0) } @UNITS;
    $new{end_of_month} = $p{end_of_month} if exists $p{end_of_month};
    return (ref $self)->new(%new);
}

sub add_duration {
    my ($self, $dur) = @_;
    $self->{$_} += $dur->{$_} for @UNITS;
    $self->_normalize_nanoseconds if $self->{nanoseconds};
    return $self;
}

sub _from_args {
    my $self = shift;
    return $_[0] if @_ == 1 && Scalar::Util::blessed($_[0]) && $_[0]->isa(__PACKAGE__);
    return (ref $self || $self)->new(@_);
}

sub add      { my $s = shift; return $s->add_duration($s->_from_args(@_)) }
sub subtract { my $s = shift; return $s->subtract_duration($s->_from_args(@_)) }
sub subtract_duration { return $_[0]->add_duration($_[1]->inverse) }

sub multiply {
    my ($self, $n) = @_;
    Carp::croak('Validation failed for type named Int with value ' . (defined $n ? $n : 'undef'))
        unless defined $n && $n =~ /^-?\d+$/;
    $self->{$_} *= $n for @UNITS;
    $self->_normalize_nanoseconds if $self->{nanoseconds};
    return $self;
}

sub compare {
    my (undef, $d1, $d2, $dt) = @_;
    require DateTime;
    $dt ||= DateTime->now;
    return DateTime->compare($dt->clone->add_duration($d1), $dt->clone->add_duration($d2));
}

sub _add_overload {
    my ($d1, $d2, $rev) = @_;
    ($d1, $d2) = ($d2, $d1) if $rev;
    if (Scalar::Util::blessed($d2) && $d2->isa('DateTime')) {
        $d2->add_duration($d1);
        return;
    }
    return $d1->clone->add_duration($d2);
}

sub _subtract_overload {
    my ($d1, $d2, $rev) = @_;
    ($d1, $d2) = ($d2, $d1) if $rev;
    Carp::croak('Cannot subtract a DateTime object from a DateTime::Duration object')
        if Scalar::Util::blessed($d2) && $d2->isa('DateTime');
    return $d1->clone->subtract_duration($d2);
}

sub _multiply_overload {
    my ($self, $n) = @_;
    return $self->clone->multiply($n);
}

sub _compare_overload {
    Carp::croak('DateTime::Duration does not overload comparison.  See the documentation on the compare() method for details.');
}

1;
