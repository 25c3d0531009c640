package Log::Log4perl::Layout::PatternLayout;
# ABSTRACT: Log::Log4perl 1.57's PatternLayout (%d %p %c %m %F %L ...) in core Perl (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

use Sys::Hostname ();
use Time::HiRes ();
use Log::Log4perl::DateFormat;
use Log::Log4perl::MDC;
use Log::Log4perl::NDC;
use Log::Log4perl::Layout ();
our @ISA = ('Log::Log4perl::Layout');

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

1;

__END__

=head1 NAME

Log::Log4perl::Layout::PatternLayout - the cpan-bridge facade of Log::Log4perl::Layout::PatternLayout (Log::Log4perl 1.57)

=head1 SYNOPSIS

  my $layout = Log::Log4perl::Layout::PatternLayout->new('%d{yyyy-MM-dd HH:mm:ss} %-5p %c %F{1}:%L %M - %m%n');
  $appender->layout($layout);

  log4perl.appender.A.layout = PatternLayout
  log4perl.appender.A.layout.ConversionPattern = %d %p %m%n
  log4perl.appender.A.layout.cspec.U = sub { return "user-$_[2]" }

=head1 DESCRIPTION

Formats as Log::Log4perl 1.57 does: C<%c %C %d %F %H %l %L %m %M %n %p %P
%r %R %T %x %X %%>, C<%-5p> padding and C<%.3p> truncation, C<%c{2}>,
C<%F{1}>, C<%m{chomp}>, C<%m{indent}>, C<%d{...}> (see
L<Log::Log4perl::DateFormat>), C<%X{key}> (L<Log::Log4perl::MDC>), C<%x>
(L<Log::Log4perl::NDC>), and user cspecs (C<add_global_cspec>,
C<add_layout_cspec>, C<cspec.X> in a config). The logger gathers caller
information (C<%F %L %M %l %C %T>) in the script, and only when the layout
shows it.

Differences: C<%T> is Carp's C<longmess>. Not offered: PatternLayout::Multiline,
and log4perl's internal helpers under their names (C<rep>, C<curly_action>,
C<shrink_category>, C<curlies_csv_parse>, C<callinfo_dump>).

=head1 METHODS

=head2 new

  my $layout = Log::Log4perl::Layout::PatternLayout->new($pattern);
  my $layout = Log::Log4perl::Layout::PatternLayout->new({ ConversionPattern => { value => $pattern } });

=head2 render

  my $line = $layout->render($message, $category, $level_name, \%where);

=head2 define, add_layout_cspec, add_global_cspec

  $layout->add_layout_cspec('U', sub { 'user' });
  Log::Log4perl::Layout::PatternLayout::add_global_cspec('G', sub { 'global' });

=cut
