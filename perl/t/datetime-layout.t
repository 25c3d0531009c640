# Where the DateTime facade's code lives: each package's subs in the file its
# name maps to under perl/compat, helpers under CPANBridge::DateTime in
# perl/lib, DateTimeHelper a thin alias that loads without perl/compat on @INC.
use strict;
use warnings;
use lib 'perl/t/lib';
use Test::More;
use B ();
use Cwd ();
use File::Spec ();
use BridgeTest qw(root run_perl);
use CPANBridge::Compat ();

my $ROOT = root();
CPANBridge::Compat::load('DateTime');

sub canon { my $f = shift; my $abs = Cwd::abs_path($f); return defined $abs ? $abs : $f }

# Subs compiled in package $pkg (imported or aliased ones, overload's entries
# and `use constant` values left out), as name => file.
sub own_subs {
    my $pkg = shift;
    no strict 'refs';
    my %subs;
    for my $name (keys %{"${pkg}::"}) {
        next if $name =~ /::$/ || $name =~ /^\(/;
        my $glob = \*{"${pkg}::$name"};
        next unless ref $glob eq 'GLOB' && defined *{$glob}{CODE};
        my $cv = B::svref_2object(*{$glob}{CODE});
        next if $cv->CvFLAGS & B::CVf_CONST();
        next if $cv->GV->STASH->NAME ne $pkg;
        $subs{$name} = canon($cv->FILE);
    }
    return %subs;
}

my %FACADE = (
    'DateTime'                   => [80, qw(new from_epoch strftime add_duration subtract_datetime compare set_time_zone)],
    'DateTime::Duration'         => [20, qw(new in_units inverse compare)],
    'DateTime::TimeZone'         => [10, qw(new name offset_for_datetime offset_as_string _from_local)],
    'DateTime::Locale::FromData' => [3,  qw(code name)],
);
for my $pkg (sort keys %FACADE) {
    my ($min, @must) = @{ $FACADE{$pkg} };
    (my $rel = "$pkg.pm") =~ s{::}{/}g;
    my $want = canon(File::Spec->catfile($ROOT, 'perl', 'compat', $rel));
    is(canon($INC{$rel}), $want, "$pkg is loaded from perl/compat/$rel");
    my %subs = own_subs($pkg);
    cmp_ok(scalar keys %subs, '>=', $min, "$pkg defines at least $min subs");
    ok(exists $subs{$_}, "$pkg defines $_") for @must;
    my @elsewhere = grep { $subs{$_} ne $want } sort keys %subs;
    is_deeply(\@elsewhere, [], "every sub of $pkg is in perl/compat/$rel")
        or diag join "\n", map { "$_: $subs{$_}" } @elsewhere;
}

# Helpers that are not methods of a CPAN package live in perl/lib/CPANBridge/DateTime.
my @helpers = grep { /^CPANBridge\/DateTime\// } keys %INC;
cmp_ok(scalar @helpers, '>=', 5, 'the facade uses its CPANBridge::DateTime helpers');
for my $rel (sort @helpers) {
    (my $pkg = $rel) =~ s{/}{::}g;
    $pkg =~ s/\.pm$//;
    my $want = canon(File::Spec->catfile($ROOT, 'perl', 'lib', $rel));
    my %subs = own_subs($pkg);
    my @elsewhere = grep { $subs{$_} ne $want } sort keys %subs;
    ok(%subs && !@elsewhere, "$pkg: its subs are in perl/lib/$rel") or diag join "\n", map { "$_: $subs{$_}" } @elsewhere;
}

# No file under perl/compat/DateTime holds a package other than the one its name maps to.
for my $rel ('DateTime.pm', map { substr($_, length("$ROOT/perl/compat/")) } glob("$ROOT/perl/compat/DateTime/*.pm $ROOT/perl/compat/DateTime/*/*.pm")) {
    (my $pkg = $rel) =~ s{/}{::}g;
    $pkg =~ s/\.pm$//;
    open my $fh, '<', "$ROOT/perl/compat/$rel" or die "$rel: $!";
    my @packages = grep { defined } map { /^\s*package\s+([\w:]+)/ ? $1 : undef } <$fh>;
    is_deeply(\@packages, [$pkg], "perl/compat/$rel holds package $pkg only");
}

# DateTimeHelper adds only the old bridge's API: new (a bridge without arguments).
require DateTimeHelper;
is_deeply([sort keys %{ { own_subs('DateTimeHelper') } }], ['new'], 'DateTimeHelper defines only new; the rest is DateTime\'s');
is_deeply(\@DateTimeHelper::ISA, ['DateTime'], 'DateTimeHelper is a DateTime');

# Old scripts: perl/lib on @INC, no perl/compat, and the real DateTime installed on the host.
{
    local $ENV{PERL5LIB} = '';
    my ($out, $err, $code) = run_perl(<<'PERL', cwd => $ROOT);
use strict;
use warnings;
use lib 'perl/lib';
use DateTimeHelper;
my $dt = DateTimeHelper->new(year => 2024, month => 3, day => 10, hour => 1, minute => 59, time_zone => 'UTC');
print join(' ', ref $dt, ($dt->isa('DateTime') ? 'isa-DateTime' : 'not-DateTime'), $dt->strftime('%F %T'),
    ref($dt->clone->add(days => 1) - $dt), DateTimeHelper->now->epoch =~ /^\d+$/ ? 'epoch' : 'no-epoch'), "\n";
print $INC{'DateTime.pm'} =~ m{perl/lib/CPANBridge/\.\./\.\./compat/DateTime\.pm$|perl/compat/DateTime\.pm$} ? "facade\n" : "other $INC{'DateTime.pm'}\n";
print((grep { !ref && m{perl/compat} } @INC) ? "compat on \@INC\n" : "compat not on \@INC\n");
PERL
    is($code, 0, 'use lib perl/lib; use DateTimeHelper runs') or diag $err;
    is($out, "DateTimeHelper isa-DateTime 2024-03-10 01:59:00 DateTime::Duration epoch\nfacade\ncompat not on \@INC\n",
        'DateTimeHelper objects are DateTimes from the facade; perl/compat stays off @INC') or diag $err;
    # Exactly the command line an old script's user types.
    my $one = do {
        my $pid = open(my $fh, '-|') // die "fork: $!";
        if (!$pid) { chdir $ROOT or exit 126; exec $^X, '-Iperl/lib', '-e', 'use DateTimeHelper; print ref(DateTimeHelper->new), "\n"' or exit 127 }
        local $/;
        <$fh>;
    };
    is($one, "CPANBridge\n", "perl -Iperl/lib -e 'use DateTimeHelper' works (new without arguments is the old bridge)");
}

done_testing;
