package LogHelper::Layout;
# ABSTRACT: Log::Log4perl 1.57 layouts (PatternLayout, SimpleLayout) and DateFormat, in core Perl

use strict;
use warnings;

our $VERSION = '2.00';

use Time::HiRes ();
use Sys::Hostname ();

package Log::Log4perl::DateFormat; # hide from PAUSE/indexers
use strict;
use warnings;

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

package Log::Log4perl::Layout::SimpleLayout; # hide from PAUSE/indexers
use strict;
use warnings;

sub new { my $class = shift; return bless { format => undef, info_needed => {}, stack => [] }, ref($class) || $class }
sub render { my ($self, $message, $category, $priority) = @_; return "$priority - $message\n" }
sub _needs_caller { 0 }

package Log::Log4perl::Layout::NoopLayout; # hide from PAUSE/indexers
sub new { my $class = shift; return bless {}, ref($class) || $class }
sub render { return $_[1] }
sub _needs_caller { 0 }

package Log::Log4perl::Layout::PatternLayout; # hide from PAUSE/indexers
use strict;
use warnings;

our $CSPECS = 'cCdFHIlLmMnpPrRtTxX%';
our %GLOBAL_USER_DEFINED_CSPECS;
my $HOSTNAME = eval { Sys::Hostname::hostname() } || 'unknown.host';

sub new {
    my $class = shift;
    $class = ref($class) || $class;
    my $options = ref $_[0] eq 'HASH' ? shift : {};
    my $layout = @_ ? shift : '%m%n';
    $layout = $options->{ConversionPattern}{value} if exists $options->{ConversionPattern}{value};
    my $self = bless {
        info_needed => {}, stack => [], CSPECS => $CSPECS,
        undef_column_value => exists $options->{undef_column_value} ? $options->{undef_column_value} : '[undef]',
        message_chomp_before_newline => exists $options->{message_chomp_before_newline}
            ? $options->{message_chomp_before_newline}{value} : 1,
        start => [Time::HiRes::gettimeofday()],
    }, $class;
    $self->{last} = $self->{start};
    for my $f (keys %GLOBAL_USER_DEFINED_CSPECS) {
        $self->{CSPECS} .= $f;
        $self->{USER_DEFINED_CSPECS}{$f} = $GLOBAL_USER_DEFINED_CSPECS{$f};
    }
    for my $f (keys %{ $options->{cspec} || {} }) {
        $self->add_layout_cspec($f, $options->{cspec}{$f}{value});
    }
    $layout =~ s/\\n/\n/g;
    $layout =~ s/\\r/\r/g;
    $self->define($layout);
    return $self;
}

sub add_layout_cspec {
    my ($self, $letter, $code) = @_;
    $code = eval $code unless ref $code eq 'CODE';    ## no critic (ProhibitStringyEval) as log4perl does
    $self->{CSPECS} .= $letter;
    $self->{USER_DEFINED_CSPECS}{$letter} = $code;
}

sub add_global_cspec {
    my ($letter, $code) = @_;
    $code = eval $code unless ref $code eq 'CODE';    ## no critic
    $GLOBAL_USER_DEFINED_CSPECS{$letter} = $code;
}

# The pattern becomes one sprintf format ("%-5s" for "%-5p"), so padding and
# truncation work exactly as in log4perl; each conversion is a stack entry.
sub define {
    my ($self, $format) = @_;
    $self->{message_chompable} = ($self->{message_chomp_before_newline} && $format =~ /%m%n/) ? 1 : 0;
    my $cs = $self->{CSPECS};
    $format =~ s/%(-?\d*(?:\.\d+)?)([$cs])(?:\{(.*?)\})*/$self->_rep($1, $2, $3)/gex;
    $self->{printformat} = $format;
    return;
}

sub _rep {
    my ($self, $num, $op, $curlies) = @_;
    return '%%' if $op eq '%';
    if ($op eq 'd') {
        $curlies = Log::Log4perl::DateFormat->new(defined $curlies ? $curlies : 'yyyy/MM/dd HH:mm:ss');
    } elsif ($op eq 'm') {
        my %d;
        if (defined $curlies && length $curlies) {
            (my $c = $curlies) =~ s/\s//g;
            for my $field (split /,/, $c) { my ($k, $v) = split /=/, $field; $d{$k} = $v }
        }
        $curlies = \%d;
    }
    push @{ $self->{stack} }, [$op, $curlies];
    $self->{info_needed}{$op}++;
    return "%${num}s";
}

# 1: the layout needs caller() information; 2: also a stack trace (%T).
sub _needs_caller {
    my $n = $_[0]->{info_needed};
    return ($n->{T} ? 2 : 0) | (($n->{L} || $n->{F} || $n->{C} || $n->{l} || $n->{M} || $n->{T} || $_[0]->{USER_DEFINED_CSPECS}) ? 1 : 0);
}

# $where: { F, L, C, M, l, T } gathered by the logger from caller().
sub render {
    my ($self, $message, $category, $priority, $where) = @_;
    my %info = (m => $message, c => $category, d => 1, n => "\n", p => $priority, P => $$, H => $HOSTNAME,
        X => '[No curlies defined]', t => 'N/A');
    chomp $info{m} if $self->{message_chompable};
    @info{qw(F L C M l T)} = @{$where}{qw(F L C M l T)} if $where;
    my $n = $self->{info_needed};
    $info{x} = Log::Log4perl::NDC->get() if $n->{x};
    if ($n->{r} || $n->{R}) {
        my @now = Time::HiRes::gettimeofday();
        $info{r} = _ms($self->{start}, \@now) if $n->{r};
        if ($n->{R}) { $info{R} = _ms($self->{last}, \@now); $self->{last} = \@now }
    }
    my @results;
    my ($secs, $usecs);
    for my $e (@{ $self->{stack} }) {
        my ($op, $curlies) = @$e;
        my $r;
        if (exists $self->{USER_DEFINED_CSPECS}{$op}) {
            $self->{curlies} = $curlies;
            $r = $self->{USER_DEFINED_CSPECS}{$op}->($self, $message, $category, $priority, 1);
        } elsif (exists $info{$op}) {
            if ($op eq 'd') {
                ($secs, $usecs) = Time::HiRes::gettimeofday() unless defined $secs;
                $r = $curlies->format($secs, $usecs);
            } elsif ($curlies) {
                $r = $self->_curly($op, $curlies, $info{$op}, \@results);
            } else {
                $r = $info{$op};
            }
        } else {
            warn "Format %'$op' not implemented (yet)";
            $r = 'FORMAT-ERROR';
        }
        $r = $self->{undef_column_value} unless defined $r;
        push @results, $r;
    }
    return undef if @results == 1 && !defined $results[0];
    return sprintf $self->{printformat}, @results;
}

sub _ms {
    my ($from, $to) = @_;
    my $s = $to->[0] - $from->[0];
    my $ms = int(($to->[1] - $from->[1]) / 1000);
    if ($ms < 0) { $ms += 1000; $s-- }
    return $s * 1000 + $ms;
}

sub _shrink {
    my ($category, $len) = @_;
    my @c = split /\.|::/, $category;
    if (@c > $len) { splice @c, 0, @c - $len; $category = join '.', @c }
    return $category;
}

sub _curly {
    my ($self, $op, $curlies, $data, $results) = @_;
    return _shrink($data, $curlies) if $op eq 'c' || $op eq 'C' || $op eq 'M';
    return Log::Log4perl::MDC->get($curlies) if $op eq 'X';
    if ($op eq 'm') {
        chomp $data if exists $curlies->{chomp};
        if (exists $curlies->{indent}) {
            my $indent = defined $curlies->{indent} ? $curlies->{indent}
                : do { no warnings; length sprintf $self->{printformat}, @$results };
            $data =~ s/\n/"\n" . (' ' x $indent)/ge;
        }
        return $data;
    }
    if ($op eq 'F') {
        require File::Spec;
        my @parts = File::Spec->splitdir($data);
        splice @parts, 0, @parts - $curlies if @parts > $curlies;
        return File::Spec->catfile(@parts);
    }
    return substr $data, 0, $curlies if $op eq 'p';
    return $data;
}

package Log::Log4perl::Layout; # hide from PAUSE/indexers

# %X{key} and %x: the mapped and nested diagnostic contexts.
package Log::Log4perl::MDC; # hide from PAUSE/indexers
our %MDC_HASH;
sub get {
    my ($class, $key) = @_;
    $key = $class if $class ne __PACKAGE__;
    return exists $MDC_HASH{$key} ? $MDC_HASH{$key} : undef;
}
sub put {
    my ($class, $key, $value) = @_;
    ($key, $value) = ($class, $key) if $class ne __PACKAGE__;
    $MDC_HASH{$key} = $value;
}
sub remove { %MDC_HASH = (); 1 }
sub get_context { return \%MDC_HASH }

package Log::Log4perl::NDC; # hide from PAUSE/indexers
our @NDC_STACK;
our $MAX_SIZE = 5;
sub get { return @NDC_STACK ? join(' ', @NDC_STACK) : '[undef]' }
sub pop { return @NDC_STACK ? CORE::pop(@NDC_STACK) : undef }
sub push {
    my ($self, $text) = @_;
    $text = $self unless defined $text;
    CORE::pop(@NDC_STACK) if @NDC_STACK >= $MAX_SIZE;
    return CORE::push(@NDC_STACK, $text);
}
sub remove { @NDC_STACK = () }

1;

__END__

=head1 NAME

LogHelper::Layout - PatternLayout, SimpleLayout and DateFormat of the Log::Log4perl facade

=head1 SYNOPSIS

  my $layout = Log::Log4perl::Layout::PatternLayout->new('%d{yyyy-MM-dd HH:mm:ss} %-5p %c %F{1}:%L %M - %m%n');
  $appender->layout($layout);

=head1 DESCRIPTION

Core-Perl versions of Log::Log4perl 1.57's layouts, loaded by L<LogHelper>.
Conversions: C<%c %C %d %F %H %l %L %m %M %n %p %P %r %R %T %x %X %%>, with
C<%-5p>-style padding and C<%.3p> truncation, C<%c{2}>, C<%F{1}>,
C<%m{chomp}>, C<%m{indent}>, and C<%d{...}> with SimpleDateFormat letters
and the ABSOLUTE / DATE / ISO8601 / APACHE names. Caller information
(C<%F %L %M %l %C>) is gathered by the logger in the script, as log4perl does.

=head1 METHODS

=head2 new

  my $layout = Log::Log4perl::Layout::PatternLayout->new($pattern);

=head2 render

  my $line = $layout->render($message, $category, $level_name, \%where);

=cut
