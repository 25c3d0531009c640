package CPANBridge::DateTime::Params;
# Argument checks of the DateTime facade, dying with the texts DateTime 1.59
# (its Params::ValidationCompiler and DateTime::Types checks) dies with, so
# scripts that match on them keep working.

use strict;
use warnings;
use Carp ();
use POSIX ();

our $VERSION = '1.00';

# Errors point at the script's line, not at the facade's.
our @CARP_NOT = ('DateTime', 'DateTime::Duration');

my %FIELDS = (
    year => [qr/^-?\d+$/, 'Int'], month => [qr/^\d+$/, 'Month', 1, 12], day => [qr/^\d+$/, 'DayOfMonth', 1, 31],
    hour => [qr/^\d+$/, 'Hour', 0, 23], minute => [qr/^\d+$/, 'Minute', 0, 59], second => [qr/^\d+$/, 'Second', 0, 61],
    nanosecond => [qr/^\d+$/, 'Nanosecond', 0, undef],
);

sub type_error {
    my ($type, $v) = @_;
    Carp::croak("Validation failed for type named $type declared in package DateTime::Types with value "
        . (defined $v ? $v : 'undef'));
}

# Dies on a key that is neither a date/time field nor one of @also, naming
# DateTime's checker (new, set, ...).
sub check_keys {
    my ($p, $who, @also) = @_;
    my %ok = map { $_ => 1 } @also;
    for my $k (sort keys %$p) {
        Carp::croak("Found extra parameters passed to _check_${who}_params: [$k]") unless $FIELDS{$k} || $ok{$k};
    }
    return;
}

# Dies on a date/time field out of its type's range (second 60 is checked later, against the leap seconds).
sub check_fields {
    my $p = shift;
    for my $k (keys %FIELDS) {
        next unless exists $p->{$k};
        my ($re, $type, $min, $max) = @{ $FIELDS{$k} };
        my $v = $p->{$k};
        type_error($type, $v)
            unless defined $v && $v =~ $re && (!defined $min || $v >= $min) && (!defined $max || $v <= $max);
    }
    return;
}

# (UTC epoch second, nanoseconds) of a from_epoch argument, rounded to the
# microsecond as DateTime rounds a fractional epoch.
sub epoch_parts {
    my $e = shift;
    type_error('Num', $e) unless defined $e && $e =~ /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
    return (0 + $e, 0) if int($e) == $e;
    my $frac = POSIX::fmod($e, 1.0);
    my $nano = $frac < 0 ? $frac + 1 : $frac;
    return (POSIX::floor($e - $frac) + POSIX::floor($frac - $nano), POSIX::floor($nano * 1E6 + 0.5) * 1E3);
}

1;

__END__

=head1 NAME

CPANBridge::DateTime::Params - argument checks of the DateTime facade, with DateTime's error texts

=head1 SYNOPSIS

  # inside perl/compat/DateTime.pm
  CPANBridge::DateTime::Params::check_keys(\%p, 'new', qw(time_zone locale formatter));
  CPANBridge::DateTime::Params::check_fields(\%p);

=head1 DESCRIPTION

Internal to F<perl/compat/DateTime.pm>. Not a CPAN module's API.

=head1 METHODS

Functions, not methods: C<type_error($type, $value)>, C<check_keys(\%p, $who, @also)>,
C<check_fields(\%p)>, C<epoch_parts($epoch)>.

=cut
