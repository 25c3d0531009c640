# The facade's remote command lines against the real Net::OpenSSH's, for
# hostile arguments and random strings: the same words byte for byte, with
# every quoting option. Needs no daemon and no server (the real module's
# quoting runs on an unconnected object).
use strict;
use warnings;
use lib 'perl/lib';
use Test::More;
use CPANBridge::OpenSSH::Quote ();

BEGIN {
    eval { require Net::OpenSSH; require Net::OpenSSH::ShellQuoter::POSIX; 1 }
        or plan skip_all => 'the real Net::OpenSSH (the oracle) is not installed';
}

my $real = bless { _remote_shell => 'POSIX', _vars => {}, _error => 0, _error_prefix => [], _master_state => Net::OpenSSH::Constants::_STATE_GONE() }, 'Net::OpenSSH';
my $POSIX = 'Net::OpenSSH::ShellQuoter::POSIX';

my @hostile = ('', ' ', 'a b', "it's", "''", "'''a'''", q{"dq"}, '$HOME', '$(rm -rf /)', '`id`', '*', '*.txt',
    'a*b?c[d]', '{a,b}', '~', '~root', '!', '^x', "new\nline", "tab\there", 'back\\slash', '\\*', '\\\\', "\\'",
    '-n', '--', ';', '&&', '|', '>x', '<x', '2>&1', '#c', '%', '%HOST%', 'O\'Brien', '../x', 'a=b', '@', ',', ':',
    "\x{e9}t\x{e9}", "caf\xc3\xa9", "\x00nul", "\x7f", "x'y\"z\$w`v\\u", ' lead', 'trail ', "'", "a'", "'a");

my $n = 0;
for my $s (@hostile) {
    is(CPANBridge::OpenSSH::Quote::quote($s), $POSIX->quote($s), 'quote ' . ++$n);
    is(CPANBridge::OpenSSH::Quote::quote_glob($s), $POSIX->quote_glob($s), "quote_glob $n");
}

# random strings over the characters that matter to a shell
srand(13);
my @chars = (split(//, q{ab .-_/@,:'"$`\\*?[]{}!^~;&|<>()#%=}), "\n", "\t", "\xe9");
for my $i (1 .. 400) {
    my $s = join '', map { $chars[rand @chars] } 1 .. int(rand 12);
    is(CPANBridge::OpenSSH::Quote::quote($s), $POSIX->quote($s), "random quote $i");
    is(CPANBridge::OpenSSH::Quote::quote_glob($s), $POSIX->quote_glob($s), "random quote_glob $i");
}

# whole argument lists with the options open_ex passes (quote_args_extended for ssh)
my @lists = (
    [{}, 'ls -l /tmp'],
    [{}, 'printf', '%s\n', @hostile],
    [{ quote_args => 0 }, 'ls', '*.txt'],
    [{ quote_args => 1 }, 'echo $HOME'],
    [{}, 'ls', \'*.txt', \'a b*'],
    [{}, 'echo', \\'$HOME', 'x'],
    [{ glob_quoting => 1 }, 'ls', 'a b*', 'c?'],
    [{ quote_args_extended => 1, stderr_discard => 1 }, 'ls', 'x'],
    [{ quote_args_extended => 1, stdout_discard => 1, stderr_to_stdout => 1, stdin_discard => 1 }, 'ls', 'x'],
    [{ quote_args_extended => 1, stderr_to_stdout => 1 }, 'ls', 'x'],
    [{ quote_args_extended => 1, stderr_to_stdout => 1 }, 'ls -l'],
    [{ quote_args_extended => 1, stdout_discard => 1 }, 'echo', \\'y', 'z'],
);
for my $l (@lists) {
    my ($opts, @args) = @$l;
    my %o1 = %$opts; my %o2 = %$opts;
    my @want = $real->_quote_args(\%o1, @args);
    my @got = CPANBridge::OpenSSH::Quote::quote_args(\%o2, @args);
    is_deeply(\@got, \@want, 'quote_args ' . join(' ', map { ref $_ ? ref $_ : $_ } @args[0 .. ($#args < 2 ? $#args : 2)]));
    is_deeply(\%o2, \%o1, '... and leaves the same options behind');
}

for my $bad ([{}, 'ls', []], [{ quote_args => 0 }, 'ls', \'x']) {
    my ($opts, @args) = @$bad;
    my $want = eval { $real->_quote_args({%$opts}, @args); 1 } ? '' : $@;
    my $got = eval { CPANBridge::OpenSSH::Quote::quote_args({%$opts}, @args); 1 } ? '' : $@;
    s/ at \S+ line \d+\.?\n\z// for $want, $got;
    is($got, $want, "croaks as the real one: $want");
}

done_testing;
