# Where the LockFile facade's code lives: every sub of each LockFile::*
# package is compiled from perl/compat/<its path>, whether a script loads the
# facade by its CPAN name (perl/compat on PERL5LIB) or through the old
# bridge's LockFileHelper (perl/lib only); LockFileHelper adds only its own API.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root run_perl);
use Cwd ();
use Test::More;

my $ROOT = root();
my %MIN = ('LockFile::Simple' => 25, 'LockFile::Lock' => 6, 'LockFile::Lock::Simple' => 3, 'LockFile::Manager' => 8,
    'LockFileHelper' => 3, 'LockFileHelper::Lock' => 3);
# A CPAN package's code is in the file its name maps to, in perl/compat; the
# old bridge's names are in perl/lib/LockFileHelper.pm.
sub home {
    my ($pkg) = @_;
    return "$ROOT/perl/lib/LockFileHelper.pm" if $pkg =~ /^LockFileHelper/;
    (my $path = $pkg) =~ s{::}{/}g;
    return "$ROOT/perl/compat/$path.pm";
}

# Prints "package sub file" for each sub a package defines itself (not imported).
my $lister = <<'PL';
use B (); use Cwd ();
for my $pkg (@ARGV) {
    no strict 'refs';
    for my $name (sort keys %{"${pkg}::"}) {
        next unless defined &{"${pkg}::$name"};
        my $cv = B::svref_2object(\&{"${pkg}::$name"});
        next unless $cv->GV->STASH->NAME eq $pkg;
        print "$pkg $name ", Cwd::abs_path($cv->FILE), "\n";
    }
}
print "inc $_\n" for grep { !ref && m{compat} } @INC;
PL

my %how = (
    'use LockFile::Simple (perl/compat on PERL5LIB)' => [ ["$ROOT/perl/compat", "$ROOT/perl/lib"],
        "use LockFile::Simple; LockFile::Simple->make(-autoclean => 1);\n" ],
    'use LockFileHelper (perl/lib only)' => [ ["$ROOT/perl/lib"],
        "use LockFileHelper; LockFileHelper->make(-autoclean => 1);\n" ],
);
for my $how (sort keys %how) {
    my ($inc, $load) = @{ $how{$how} };
    local $ENV{PERL5LIB} = '';
    my @pkgs = ('LockFile::Simple', 'LockFile::Lock', 'LockFile::Lock::Simple', 'LockFile::Manager',
        $load =~ /LockFileHelper/ ? ('LockFileHelper', 'LockFileHelper::Lock') : ());
    my ($out, $err, $code) = run_perl("use strict; use warnings;\n$load$lister", inc => $inc, args => \@pkgs);
    is($code, 0, "$how: loads") or diag $err;
    is($err, '', "$how: no warnings");
    my %subs;
    for (grep { !/^inc / } split /\n/, $out) {
        my ($pkg, $name, $file) = split / /, $_, 3;
        push @{ $subs{$pkg}{$file} }, $name;
    }
    for my $pkg (@pkgs) {
        my $want = home($pkg);
        my @files = sort keys %{ $subs{$pkg} || {} };
        my $n = @files ? @{ $subs{$pkg}{ $files[0] } } : 0;
        is_deeply(\@files, [$want], "$how: $pkg subs are all in " . substr($want, length($ROOT) + 1))
            or diag explain $subs{$pkg};
        cmp_ok($n, '>=', $MIN{$pkg}, "$how: ... and there are $MIN{$pkg} or more of them");
    }
    if ($load =~ /LockFileHelper/) {
        is(join(',', grep { /^inc / } split /\n/, $out), '', "$how: perl/compat is not left on \@INC");
    }
}

# The CPAN LockFile::Simple (the test oracle, installed here) loaded before LockFileHelper:
# LockFileHelper cannot extend it, and says so instead of failing later.
{
    local $ENV{PERL5LIB} = '';
    my ($out, $err, $code) = run_perl("use LockFile::Simple; use LockFileHelper;", inc => ["$ROOT/perl/lib"]);
    like($err, qr/^LockFileHelper: LockFile::Simple is already loaded from \S+ \(not cpan-bridge's facade\); load LockFileHelper first/,
        'the CPAN LockFile::Simple loaded first: a clear error');
}

done_testing;
