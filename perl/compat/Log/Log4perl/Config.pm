package Log::Log4perl::Config;
# ABSTRACT: Log::Log4perl 1.57 configs: the daemon parses the text, the script builds loggers and appenders (cpan-bridge facade)

use strict;
use warnings;

our $VERSION = '1.57';

use CPANBridge::Log4perl::Class;
use Log::Log4perl::Level ();
use Log::Log4perl::DateFormat ();
use Log::Log4perl::Layout ();
use Log::Log4perl::Appender ();
use Log::Log4perl::Logger ();

sub allow_code { shift if defined $_[0] && $_[0] eq __PACKAGE__; $Log::Log4perl::ALLOW_CODE_IN_CONFIG_FILE = $_[0] if @_; return $Log::Log4perl::ALLOW_CODE_IN_CONFIG_FILE }
sub init { shift; return _init(@_) }

# Log::Log4perl->init: the daemon parses the property syntax and returns
# resolved loggers and appenders; they are built here, in the script.
sub _init {
    my ($config) = @_;
    die 'Configuration not defined' unless defined $config;
    my $text;
    if (ref $config eq 'HASH') {
        $text = join '', map { my $v = $config->{$_}; $v = $v->() if ref $v eq 'CODE'; "$_=$v\n" } sort keys %$config;
    } elsif (ref $config eq 'SCALAR') {
        $text = $$config;
    } elsif (ref $config eq 'GLOB' || ref $config eq 'IO::File') {
        local $/;
        $text = readline $config;
    } elsif (ref $config) {
        die 'the cpan-bridge Log::Log4perl facade reads configs from a file name, a scalar ref, a hash ref or a file handle';
    } else {
        open my $fh, '<', $config or die "Cannot open $config ($!)";
        local $/;
        $text = <$fh>;
    }
    $text = '' unless defined $text;
    my %env = map { (my $n = $_) =~ s/\s+//g; exists $ENV{$n} ? ($n => $ENV{$n}) : () } $text =~ /\$\{(.*?)\}/g;
    require CPANBridge;
    my ($r, $err) = CPANBridge->new->rpc('logging.parse_config', { text => $text, env => \%env });
    die(($err->{type} eq 'backend_error' ? $err->{message} : "Log4perl config via cpan-bridge failed: $err->{message}") . "\n") if $err;
    Log::Log4perl::Logger->reset();
    $Log::Log4perl::one_message_per_appender = $r->{one_message_per_appender} ? 1 : 0 if exists $r->{one_message_per_appender};
    $Log::Log4perl::DateFormat::GMTIME = $r->{utc} ? 1 : 0 if exists $r->{utc};
    Log::Log4perl::Layout::PatternLayout::add_global_cspec($_, _code($r->{global_cspec}{$_})) for sort keys %{ $r->{global_cspec} || {} };
    my %made;
    for my $l (@{ $r->{loggers} }) {
        my $logger = Log::Log4perl::Logger->get_logger($l->{category});
        $logger->level(Log::Log4perl::Level::to_priority($l->{level}), 'dont_reset_all');
        $logger->additivity($l->{additivity} ? 1 : 0, 1) if exists $l->{additivity};
        for my $name (@{ $l->{appenders} }) {
            my $app = $made{$name} ||= _appender($name, $r->{appenders}{$name});
            $logger->add_appender($app, 'dont_reset_all');
        }
    }
    $Log::Log4perl::Logger::INITIALIZED = 1;
    Log::Log4perl::Logger::_changed();
    return 1;
}

# log4perl runs config values written as `sub { ... }` (in package main),
# e.g. a filename computed at init time; so does the facade, in the script.
sub _code {
    my ($value) = @_;
    return $value unless defined $value && !ref $value && $value =~ /^\s*sub\s*\{/;
    die "\$Log::Log4perl::Config->allow_code() setting prohibits Perl code in config file\n"
        unless $Log::Log4perl::ALLOW_CODE_IN_CONFIG_FILE;
    my $cref = eval "package main; $value" or die "Can't evaluate '$value' ($@)\n";    ## no critic (ProhibitStringyEval) as log4perl does
    return $cref;
}

sub _eval_if_perl { my $c = _code($_[0]); return ref $c eq 'CODE' ? $c->() : $c }

sub _appender {
    my ($name, $spec) = @_;
    my %params = %{ $spec->{params} || {} };
    for my $k (keys %params) {
        next if $k eq 'warp_message';
        $params{$k} = ref $params{$k} eq 'ARRAY' ? [map { _eval_if_perl($_) } @{ $params{$k} }] : _eval_if_perl($params{$k});
    }
    my $app = Log::Log4perl::Appender->new($spec->{class}, name => $name, %params);
    my $lc = $spec->{layout}{class};
    $lc = "Log::Log4perl::Layout::$lc" unless $lc =~ /::/;
    my %lopts = map { $_ => { value => _eval_if_perl($spec->{layout}{params}{$_}) } } keys %{ $spec->{layout}{params} };
    $lopts{cspec} = { map { $_ => { value => _code($spec->{layout}{cspec}{$_}) } } keys %{ $spec->{layout}{cspec} } } if $spec->{layout}{cspec};
    die "ERROR: trying to set layout for $name to '$lc' failed (the cpan-bridge facade has PatternLayout, SimpleLayout, NoopLayout)\n"
        unless CPANBridge::Log4perl::Class::load($lc) && $lc->can('render');
    $app->layout($lc->new(\%lopts));
    $app->threshold($spec->{threshold}) if defined $spec->{threshold};
    $app->{warp_message} = _code($params{warp_message}) if defined $params{warp_message};
    return $app;
}


1;

__END__

=head1 NAME

Log::Log4perl::Config - the cpan-bridge facade of Log::Log4perl::Config (Log::Log4perl 1.57)

=head1 SYNOPSIS

  Log::Log4perl->init('log4perl.conf');          # calls Log::Log4perl::Config->init
  Log::Log4perl::Config->allow_code(0);          # refuse sub { ... } values

=head1 DESCRIPTION

C<init> sends the config text to the daemon (C<logging.parse_config>),
which parses log4perl's property syntax (C<${var}> from earlier lines or
from the script's environment, C<\> continuations, comments) and answers
resolved loggers and appenders, or log4perl's error message, which C<init>
dies with. The loggers, appenders and layouts are then built in the script.
Values written as C<sub { ... }> (filenames, cspecs, C<warp_message>) run in
the script, in package C<main>, as log4perl runs them, unless
C<allow_code(0)>.

Differences: the config comes from a file name, a scalar ref, a hash ref or
a file handle; URLs, XML/DOM configs, C<init_and_watch> reloading, filters,
and the Safe-compartment forms of C<allow_code> are not offered.

=head1 METHODS

=head2 init

  Log::Log4perl::Config->init($file | \$text | \%hash | $fh);   # dies with log4perl's message on a bad config

=head2 allow_code

  my $on = Log::Log4perl::Config->allow_code;
  Log::Log4perl::Config->allow_code(0);

=cut
