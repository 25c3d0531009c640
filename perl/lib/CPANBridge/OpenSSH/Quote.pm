package CPANBridge::OpenSSH::Quote;
# ABSTRACT: Net::OpenSSH's quoting of a remote command line for a POSIX shell, in core Perl

use strict;
use warnings;

use Carp ();

our $VERSION = '1.00';

# Characters a POSIX shell takes literally outside quotes, and the glob ones
# (Net::OpenSSH::ShellQuoter::POSIX's two classes: the output must match it
# byte for byte, so a script's command line reaches the server unchanged).
my $PLAIN = '.\\w/\\-@,:';
my $GLOB  = '*?\\[\\],\\{\\}:!^~';

# One argument as one shell word. Runs of single quotes cannot sit inside
# '...', so the text is cut at them: one quote becomes \', several go in
# double quotes, and every other piece is left bare when it is plain or put
# in single quotes.
sub quote {
    my ($arg) = @_;
    my $out = '';
    for my $piece (split /('+)/, $arg) {
        if ($piece eq "'")                 { $out .= "\\'" }
        elsif (substr($piece, 0, 1) eq "'") { $out .= qq("$piece") }
        elsif ($piece =~ /\A[$PLAIN]+\z/o)  { $out .= $piece }
        else                                { $out .= "'$piece'" }
    }
    return length $out ? $out : "''";
}

# One argument whose glob characters stay active (a \'...' reference, or
# glob_quoting): those and backslash-escaped ones are left bare, a lone
# backslash is doubled, anything else goes in single quotes.
sub quote_glob {
    my ($arg) = @_;
    my $out = '';
    pos($arg) = 0;
    while (pos($arg) < length $arg) {
        if    ($arg =~ /\G('+)/gc)                   { $out .= length $1 > 1 ? qq("$1") : "\\'" }
        elsif ($arg =~ /\G([$PLAIN$GLOB]+)/gco)      { $out .= $1 }
        elsif ($arg =~ /\G(\\[$GLOB\\])/gco)         { $out .= $1 }
        elsif ($arg =~ /\G\\/gc)                     { $out .= '\\\\' }
        elsif ($arg =~ /\G([^$GLOB\\']+)/gco)        { $out .= "'$1'" }
        else { Carp::croak('internal error: cannot quote ' . substr($arg, pos $arg)) }
    }
    return length $out ? $out : "''";
}

my %FRAGMENT = (
    stdin_discard             => '</dev/null',
    stdout_discard            => '>/dev/null',
    stderr_discard            => '2>/dev/null',
    stdout_and_stderr_discard => '>/dev/null 2>&1',
    stderr_to_stdout          => '2>&1',
);

sub fragments { return grep { defined } @FRAGMENT{@_} }

# Net::OpenSSH's _quote_args: the argument list of a command method as the
# words of one remote command line. Takes and consumes the quoting options
# from %$opts (quote_args, quote_args_extended, glob_quoting, remote_shell).
# Quoting is on by default for two or more arguments; one argument is a
# command line the script wrote itself. \$x keeps $x's glob characters
# active, \\$x sends $x as it is. Returns the words (list) or the line.
sub quote_args {
    my ($opts, @args) = @_;
    my $quote = delete $opts->{quote_args};
    my $extended = delete $opts->{quote_args_extended};
    my $glob_quoting = delete $opts->{glob_quoting};
    my $shell = delete $opts->{remote_shell};
    $quote = @args > 1 unless defined $quote;
    my @words;
    if ($quote) {
        Carp::croak("bad quoting style $shell") if defined $shell && $shell !~ /\A(?:POSIX|bash|sh|ksh|ash|dash|pdksh|mksh|lksh|zsh|fizsh|posh)\z/;
        for my $a (@args) {
            if (!ref $a) { push @words, $glob_quoting ? quote_glob($a) : quote($a) }
            elsif (ref $a eq 'SCALAR') { push @words, quote_glob($$a) }
            elsif (ref $a eq 'REF' && ref $$a eq 'SCALAR') { push @words, $$$a; undef $extended }
            else { Carp::croak('invalid reference in remote command argument list') }
        }
        if ($extended) {
            my @f;
            if ($opts->{stdout_discard} && ($opts->{stderr_discard} || $opts->{stderr_to_stdout})) {
                @f = ('stdout_and_stderr_discard');
                push @f, 'stdin_discard' if $opts->{stdin_discard};
            } else {
                @f = grep { $opts->{$_} } qw(stdin_discard stdout_discard stderr_discard stderr_to_stdout);
            }
            push @words, fragments(@f);
        }
    } else {
        Carp::croak('reference found in argument list when argument quoting is disabled') if grep { ref } @args;
        @words = @args;
    }
    return wantarray ? @words : join ' ', @words;
}

1;

__END__

=head1 NAME

CPANBridge::OpenSSH::Quote - Net::OpenSSH's remote-shell quoting, for the Net::OpenSSH facade

=head1 SYNOPSIS

  use CPANBridge::OpenSSH::Quote ();

  my $word = CPANBridge::OpenSSH::Quote::quote(q{it's $HOME});        # 'it'\''s $HOME' style
  my $line = CPANBridge::OpenSSH::Quote::quote_args({}, 'ls', '-l', 'a b'); # ls -l 'a b'

=head1 DESCRIPTION

The rules of Net::OpenSSH 0.83's POSIX quoter (and of its C<_quote_args>)
written again in core Perl, so the facade sends the daemon the very
command line the real module would hand to C<ssh>: a file name with
spaces, quotes, C<$>, C<*> or newlines stays one argument; C<\$pattern>
keeps a pattern's glob characters; C<\\$text> and C<< quote_args => 0 >>
send text as it is. Only POSIX-family remote shells are supported (the
real module also knows csh, fish and MSWin).

=cut
