# The facade defines every public sub the real LockFile::Simple 0.208 does
# (001_api.t style), and LockFileHelper keeps the old bridge's methods.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root run_perl run_perl_real run_perl_facade);
use Test::More;

my $lister = <<'PL';
use strict; use warnings;
use LockFile::Simple;
require LockFile::Manager;    # loaded by the first -autoclean make; list it too
use B ();
sub own { my ($pkg, $name) = @_; no strict 'refs'; B::svref_2object(\&{"${pkg}::$name"})->GV->STASH->NAME eq $pkg }
for my $pkg (qw(LockFile::Simple LockFile::Lock LockFile::Lock::Simple LockFile::Manager)) {
    no strict 'refs';
    print "$pkg\::$_\n" for sort grep { !/^_/ && !/^(BEGIN|END|import|ISA|EXPORT\w*|VERSION|__ANON__)$/ && defined &{"${pkg}::$_"} && own($pkg, $_) } keys %{"${pkg}::"};
}
PL
my ($real) = run_perl_real($lister);
my ($fac, $err) = run_perl_facade($lister);
my %have = map { $_ => 1 } split /\n/, $fac;
my @real = split /\n/, $real;
ok(@real > 20, 'the real module lists its subs') or diag $real;
ok((grep { /^LockFile::Manager::/ } @real) >= 8, 'the real LockFile::Manager is listed too') or diag $real;
is_deeply([grep { !$have{$_} } @real], [], 'no public sub of the real module is missing') or diag $err;

# An old script: perl/lib on @INC, no perl/compat.
local $ENV{PERL5LIB} = '';
my ($out, $oerr) = run_perl(<<'PL', inc => [root() . '/perl/lib'], args => [root() . '/perl/compat/LockFile/Simple.pm']);
use LockFileHelper;
use Cwd ();
print join(',', map { LockFileHelper->can($_) ? 1 : 0 } qw(make trylock error lock unlock lockfile)), "\n";
print join(',', map { LockFileHelper::Lock->can($_) ? 1 : 0 } qw(release filename lockfile)), "\n";
print LockFile::Simple->can('make') ? "simple loaded\n" : "missing\n";
print Cwd::abs_path($INC{'LockFile/Simple.pm'}) eq Cwd::abs_path($ARGV[0]) ? "no CPAN module loaded\n" : "loaded $INC{'LockFile/Simple.pm'}\n";
PL
is($out, "1,1,1,1,1,1\n1,1,1\nsimple loaded\nno CPAN module loaded\n", 'the old LockFileHelper API, without the CPAN module') or diag $oerr;
done_testing;
