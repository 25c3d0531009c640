package Log::Log4perl::DateFormat;
# ABSTRACT: SimpleDateFormat patterns for %d{...} as Log::Log4perl 1.57 reads them (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

our $GMTIME = 0;
my @MONTHS = qw(January February March April May June July August September October November December);
my @DAYS = qw(Sunday Monday Tuesday Wednesday Thursday Friday Saturday);
my %NAMED = (ABSOLUTE => 'HH:mm:ss,SSS', DATE => 'dd MMM yyyy HH:mm:ss,SSS',
    ISO8601 => 'yyyy-MM-dd HH:mm:ss,SSS', APACHE => '[EEE MMM dd HH:mm:ss yyyy]');

sub new {
    my ($class, $format) = @_;
    my $self = bless { stack => [], fmt => undef }, $class;
    $format = $NAMED{$format} if exists $NAMED{$format};
    $self->prepare($format) if $format;
    return $self;
}

# A SimpleDateFormat pattern becomes one sprintf format plus, per field, the
# localtime() slot it reads and how it turns that slot into text.
sub prepare {
    my ($self, $format) = @_;
    my $fmt = '';
    for my $chunk (split /('(?:''|[^'])*')/, $format) {
        if ($chunk =~ /\A'(.*)'\z/) {
            (my $lit = $1) =~ s/''/'/g;
            $lit =~ s/%/%%/g;
            $fmt .= $lit;
        } elsif ($chunk =~ /'/) {
            require Carp;
            Carp::croak(qq{bad date format "$format": unmatched single quote in chunk "$chunk"});
        } else {
            $chunk =~ s/(([GyMdhHmsSEeDFwWakKzZ])\2*)/$self->_field($1)/ge;
            $fmt .= $chunk;
        }
    }
    return $self->{fmt} = $fmt;
}

sub _field {
    my ($self, $s) = @_;
    my ($c, $n) = (substr($s, 0, 1), length $s);
    my $push = sub { push @{ $self->{stack} }, [@_] };
    if ($c eq 'G') { return 'AD' }
    if ($c eq 'e') { $push->(0, sub { $_[1] }); return '%d' }
    if ($c eq 'y') {
        if ($n >= 4) { $push->(5, sub { $_[0] + 1900 }); return '%04d' }
        $push->(5, sub { $_[0] % 100 }); return '%02d';
    }
    if ($c eq 'M') {
        if ($n >= 3) { $push->(4, sub { $MONTHS[ $_[0] ] }); return $n >= 4 ? '%s' : '%.3s' }
        $push->(4, sub { $_[0] + 1 });
        return $n == 2 ? '%02d' : '%d';
    }
    if ($c eq 'd') { $push->(3, sub { $_[0] }); return "%0${n}d" }
    if ($c eq 'h') { $push->(2, sub { ($_[0] % 12) || 12 }); return "%0${n}d" }
    if ($c eq 'H') { $push->(2, sub { $_[0] }); return "%0${n}d" }
    if ($c eq 'm') { $push->(1, sub { $_[0] }); return "%0${n}d" }
    if ($c eq 's') { $push->(0, sub { $_[0] }); return "%0${n}d" }
    if ($c eq 'E') { $push->(6, sub { $DAYS[ $_[0] ] }); return $n >= 4 ? "%${n}s" : '%.3s' }
    if ($c eq 'D') { $push->(7, sub { $_[0] + 1 }); return "%0${n}d" }
    if ($c eq 'a') { $push->(2, sub { $_[0] < 12 ? 'AM' : 'PM' }); return "%${n}s" }
    if ($c eq 'S') { $push->(9, sub { substr sprintf('%06d', $_[0]), 0, $n }); return '%s' }
    if ($c eq 'Z') {
        my $t = time;
        my @g = gmtime $t;
        my @l = localtime $t;
        my $z = $l[1] - $g[1] + ($l[2] - $g[2]) * 60 + ($l[7] - $g[7]) * 1440
            + ($l[5] - $g[5]) * (525600 + (abs($l[7] - $g[7]) > 364) * 1440);
        my $offset = sprintf('%+.2d%.2d', $z / 60, '00');
        $push->(10, sub { $offset });
        return '%s';
    }
    return "-- '$c' not (yet) implemented --";
}

sub format {
    my ($self, $secs, $usecs) = @_;
    my @t = $GMTIME ? gmtime $secs : localtime $secs;
    push @t, defined $usecs ? $usecs : 0;
    return sprintf $self->{fmt}, map { $_->[1]->($t[ $_->[0] ], $secs) } @{ $self->{stack} };
}

1;

__END__

=head1 NAME

Log::Log4perl::DateFormat - the cpan-bridge facade of Log::Log4perl::DateFormat (Log::Log4perl 1.57)

=head1 SYNOPSIS

  my $f = Log::Log4perl::DateFormat->new('yyyy-MM-dd HH:mm:ss,SSS');
  print $f->format(time, 0);
  $Log::Log4perl::DateFormat::GMTIME = 1;    # log4perl.utcDateTimes = 1

=head1 DESCRIPTION

What PatternLayout's C<%d{...}> uses: the SimpleDateFormat letters
C<G y M d h H m s S E e D a Z>, quoted literals, and the names ABSOLUTE,
DATE, ISO8601 and APACHE, formatted as Log::Log4perl 1.57 formats them
(including its C<-- 'X' not (yet) implemented --> text for C<F w W k K z>).

=head1 METHODS

=head2 new, prepare

  my $f = Log::Log4perl::DateFormat->new($pattern);

=head2 format

  my $text = $f->format($secs, $usecs);

=cut
