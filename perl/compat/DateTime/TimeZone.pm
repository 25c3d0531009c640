package DateTime::TimeZone;
# Time zones for the DateTime facade: UTC, floating, fixed offsets and 'local'
# are pure Perl; IANA zones read offset spans that CPANBridge::DateTime::ZoneSpans
# fetches from the daemon and caches.

use strict;
use warnings;
use Carp ();
use CPANBridge::DateTime::ZoneSpans ();

our $VERSION = '2.60';

use constant DAY => 86400;

my %ZONES;    # class and name => zone object, so equal names share one object (as DateTime::TimeZone does)

my %UTC_NAMES = map { $_ => 1 } qw(UTC Z Etc/UTC Etc/Universal Etc/Zulu Universal Zulu UCT Etc/UCT GMT Etc/GMT GMT0 Etc/GMT0 Greenwich Etc/Greenwich);

=head1 NAME

DateTime::TimeZone - cpan-bridge facade for the common part of DateTime::TimeZone

=head1 SYNOPSIS

  my $tz = DateTime::TimeZone->new(name => 'America/New_York');
  my $dt = DateTime->now(time_zone => $tz);
  print $tz->name, ' ', $tz->offset_for_datetime($dt), "\n";

=head1 DESCRIPTION

The subset of L<DateTime::TimeZone> that scripts use. IANA names are checked
and resolved by the cpan-bridge daemon (luxon's tz database, tzdata names);
the offset spans it returns are cached so conversions need no further calls.
C<local> is the zone named by C<TZ> (when that is a zone name),
F</etc/localtime> or F</etc/timezone>.

=head1 METHODS

C<new(name =E<gt> ...)>, C<name>, C<is_floating>, C<is_utc>, C<is_olson>,
C<has_dst_changes>, C<category>, C<offset_for_datetime>,
C<offset_for_local_datetime>, C<is_dst_for_datetime>,
C<short_name_for_datetime>, C<offset_as_string>, C<offset_as_seconds>.

=cut

sub new {
    my ($class, %p) = @_;
    my $name = $p{name};
    Carp::croak('The DateTime::TimeZone constructor requires a name') unless defined $name && length $name;
    $class = ref $class || $class;
    my $key = "$class\0$name";
    return $ZONES{$key} if $ZONES{$key} && $name ne 'local';
    my $self;
    if ($name eq 'floating') {
        $self = { name => 'floating', kind => 'floating' };
    }
    elsif ($UTC_NAMES{$name}) {
        $self = { name => 'UTC', kind => 'utc' };
    }
    elsif ($name =~ m{^Etc/GMT([+-])(\d{1,2})$}) {
        # POSIX-style names: Etc/GMT+5 is five hours *behind* UTC.
        $self = _fixed(($1 eq '+' ? -1 : 1) * $2 * 3600);
    }
    elsif ($name eq 'local') {
        return $class->new(name => _local_name());
    }
    elsif (defined(my $off = offset_as_seconds(undef, $name))) {
        $self = _fixed($off);
    }
    else {
        # Validates the name now, as DateTime::TimeZone->new does.
        $self = { name => CPANBridge::DateTime::ZoneSpans::canonical($name), kind => 'olson' };
    }
    return $ZONES{$key} = bless $self, $class;
}

sub _fixed {
    my $off = shift;
    return $off == 0 ? { name => 'UTC', kind => 'utc' } : { name => offset_as_string(undef, $off), kind => 'fixed', offset => $off };
}

sub _local_name {
    my $tz = $ENV{TZ};
    # As DateTime::TimeZone::Local: a TZ that is not a zone name (':Area/City' too) is ignored.
    if (defined $tz && length $tz) {
        return $tz if $tz =~ m{^[A-Za-z][\w+\-/]*$} && ($UTC_NAMES{$tz} || -f "/usr/share/zoneinfo/$tz");
    }
    my $link = readlink '/etc/localtime';
    return $1 if defined $link && $link =~ m{zoneinfo/(.+)$};
    if (open my $fh, '<', '/etc/timezone') {
        my $n = <$fh>;
        close $fh;
        if (defined $n) { $n =~ s/\s+//g; return $n if length $n }
    }
    Carp::croak('Cannot determine local time zone');
}

sub name            { $_[0]{name} }
sub is_floating     { $_[0]{kind} eq 'floating' ? 1 : 0 }
sub is_utc          { $_[0]{kind} eq 'utc' ? 1 : 0 }
sub is_olson        { $_[0]{kind} eq 'olson' ? 1 : 0 }
sub has_dst_changes {
    my $self = shift;
    return 0 unless $self->{kind} eq 'olson';
    my $spans = CPANBridge::DateTime::ZoneSpans::block($self->{name}, CPANBridge::DateTime::ZoneSpans::block_of(time));
    return (grep { $_->[3] } @$spans) ? 1 : 0;
}
sub category { my $n = $_[0]{name}; return $n =~ m{^([^/]+)/} ? $1 : undef }
sub is_variant_name { 0 }

sub offset_as_string {
    my (undef, $off, $sep) = @_;
    return undef unless defined $off;
    $sep = '' unless defined $sep;
    my $sign = $off < 0 ? '-' : '+';
    $off = abs $off;
    my ($h, $m, $s) = (int($off / 3600), int($off % 3600 / 60), $off % 60);
    return $s ? sprintf('%s%02d%s%02d%s%02d', $sign, $h, $sep, $m, $sep, $s)
              : sprintf('%s%02d%s%02d', $sign, $h, $sep, $m);
}

sub offset_as_seconds {
    my (undef, $str) = @_;
    return undef unless defined $str;
    return 0 if $str eq '0';
    return undef unless $str =~ /^([+-])(\d\d)(:?)(\d\d)(?:\3(\d\d))?$/;
    my ($sign, $h, $m, $s) = ($1, $2, $4, $5 || 0);
    return undef if $h > 99 || $m > 59 || $s > 59;
    my $total = $h * 3600 + $m * 60 + $s;
    return $sign eq '-' ? -$total : $total;
}

# (utc, offset, is_dst, abbr) for a UTC epoch second.
sub _from_utc {
    my ($self, $utc) = @_;
    my $k = $self->{kind};
    return ($utc, 0, 0, 'UTC')                          if $k eq 'utc';
    return ($utc, 0, 0, 'floating')                     if $k eq 'floating';
    return ($utc, $self->{offset}, 0, $self->{name})    if $k eq 'fixed';
    my $s = $self->{last};
    # Conversions cluster in time: the span used last is checked first.
    $s = $self->{last} = CPANBridge::DateTime::ZoneSpans::span_at($self->{name}, $utc)
        unless $s && $s->[0] <= $utc && $utc < $s->[1];
    return ($utc, $s->[2], $s->[3], $s->[4]);
}

# (utc, offset, is_dst, abbr) for a local wall time (local epoch second).
# DateTime's rules: a time skipped by DST dies; a repeated one is the later instant.
sub _from_local {
    my ($self, $local) = @_;
    my $k = $self->{kind};
    return ($local, 0, 0, 'UTC')                                     if $k eq 'utc';
    return ($local, 0, 0, 'floating')                                if $k eq 'floating';
    return ($local - $self->{offset}, $self->{offset}, 0, $self->{name}) if $k eq 'fixed';
    my $last = $self->{last};
    if ($last) {
        my $utc = $local - $last->[2];
        # Offsets differ by less than a day, so a day clear of both edges is unambiguous.
        return ($utc, @{$last}[2, 3, 4]) if $utc - $last->[0] >= DAY && $last->[1] - $utc > DAY;
    }
    my ($best, $span);
    for my $s (CPANBridge::DateTime::ZoneSpans::near_local($self->{name}, $local)) {
        my $utc = $local - $s->[2];
        next unless $s->[0] <= $utc && $utc < $s->[1];
        ($best, $span) = ($utc, $s) if !defined $best || $utc > $best;
    }
    die "Invalid local time for date in time zone: $self->{name}\n" unless defined $best;
    $self->{last} = $span;
    return ($best, @{$span}[2, 3, 4]);
}

sub offset_for_datetime      { my ($s, $dt) = @_; return ($s->_from_utc($dt->_utc))[1] }
sub is_dst_for_datetime      { my ($s, $dt) = @_; return ($s->_from_utc($dt->_utc))[2] }
sub short_name_for_datetime  { my ($s, $dt) = @_; return ($s->_from_utc($dt->_utc))[3] }
sub offset_for_local_datetime {
    my ($s, $dt) = @_;
    return ($s->_from_local($dt->_local))[1];
}

1;
