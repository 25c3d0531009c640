# Where Perl code lives (README "Layout"), checked for every facade at once,
# so a new facade is covered by adding its files, not a test:
#  - each file in perl/compat holds the code of the package its name maps to
#    (no stub files), and no file in perl/ defines subs of a package whose
#    file is elsewhere: `perldoc -l Log::Log4perl::Layout` finds the code;
#  - an old bridge name in perl/lib (LogHelper, DBIHelper, ...) loads its
#    facade through CPANBridge::Compat with perl/lib alone on @INC, leaves
#    @INC as it was, and its own packages are in the perl/lib files their
#    names map to;
#  - an old name whose CPAN module the host loaded first says so and stops.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root run_perl);
use File::Find ();
use Test::More;

my $ROOT = root();

sub module_files {
    my ($dir) = @_;
    my @out;
    File::Find::find({ no_chdir => 1, wanted => sub {
        return unless /\.pm\z/;
        (my $rel = $File::Find::name) =~ s{^\Q$dir\E/}{};
        (my $mod = $rel) =~ s{\.pm\z}{};
        $mod =~ s{/}{::}g;
        push @out, $mod;
    } }, $dir);
    return sort @out;
}

my @compat = module_files("$ROOT/perl/compat");
# old names: perl/lib modules that load a facade through CPANBridge::Compat
my %old;
for my $mod (module_files("$ROOT/perl/lib")) {
    (my $file = "$ROOT/perl/lib/$mod.pm") =~ s{::}{/}g;
    open my $fh, '<', $file or die "$file: $!";
    local $/;
    my $text = <$fh>;
    $old{$mod} = $1 if $text =~ /^use CPANBridge::Compat\s+(?:qw\(\s*|')([\w:]+)/m;
}
cmp_ok(scalar @compat, '>=', 5, 'perl/compat holds the facades');
cmp_ok(scalar keys %old, '>=', 5, 'perl/lib holds the old names, each loading its facade: ' . join(', ', sort keys %old));

# Prints "sub <package> <name> <file>" for every sub defined in a perl/ file,
# walking every package loaded, and "inc <dir>" for @INC entries under perl/compat.
my $LISTER = <<'PL';
use B ();
use Cwd ();
my $root = shift @ARGV;
my @todo = ('main::');
my %seen;
while (my $stash = shift @todo) {
    next if $seen{$stash}++;
    no strict 'refs';
    for my $name (keys %$stash) {
        if ($name =~ /::\z/) { push @todo, ($stash eq 'main::' ? '' : $stash) . $name unless $name eq 'main::'; next }
        my $glob = $stash eq 'main::' ? "main::$name" : "$stash$name";
        next unless defined &{$glob};
        my $cv = B::svref_2object(\&{$glob});
        next if $cv->XSUB;
        my $file = Cwd::abs_path($cv->FILE) or next;
        next unless index($file, "$root/perl/") == 0;
        (my $pkg = $cv->GV->STASH->NAME) =~ s/^main::(?=.)//;
        print "sub $pkg ", $cv->GV->NAME, " $file\n";
    }
}
print "inc $_\n" for grep { !ref && m{perl/compat} } @INC;
print "loaded $_ ", (Cwd::abs_path($INC{$_}) || $INC{$_}), "\n" for grep { defined $INC{$_} } sort keys %INC;
PL

sub listing {
    my ($load, @inc) = @_;
    local $ENV{PERL5LIB} = '';
    my ($out, $err, $code) = run_perl("use strict; use warnings;\n$load\n$LISTER", inc => \@inc, args => [$ROOT]);
    my (%subs, @inc_left, %loaded);
    for (split /\n/, $out) {
        if (/^sub (\S+) (\S+) (.+)$/) { push @{ $subs{$1}{$3} }, $2 }
        elsif (/^inc (.+)$/) { push @inc_left, $1 }
        elsif (/^loaded (\S+) (.+)$/) { $loaded{$1} = $2 }
    }
    return ($code, $err, \%subs, \@inc_left, \%loaded);
}

sub home_of {
    my ($pkg, $dir) = @_;
    (my $path = $pkg) =~ s{::}{/}g;
    return "$ROOT/perl/$dir/$path.pm";
}

# A facade module that is loaded at all came from perl/compat, never the host's CPAN copy.
sub check_loaded {
    my ($how, $loaded) = @_;
    my @foreign;
    for my $mod (@compat) {
        (my $key = "$mod.pm") =~ s{::}{/}g;
        push @foreign, "$key from $loaded->{$key}" if exists $loaded->{$key} && $loaded->{$key} ne home_of($mod, 'compat');
    }
    is_deeply(\@foreign, [], "$how: every facade module loaded is perl/compat's (%INC names its file)") or diag explain \@foreign;
}

# Every sub defined in perl/ sits in the file its package's name maps to,
# in perl/compat for facade packages, in perl/lib for the rest.
sub check_homes {
    my ($how, $subs) = @_;
    my %is_compat = map { ($_ => 1) } @compat;
    my @wrong;
    for my $pkg (sort keys %$subs) {
        my $want = home_of($pkg, $is_compat{$pkg} ? 'compat' : 'lib');
        for my $file (sort keys %{ $subs->{$pkg} }) {
            push @wrong, "$pkg\::{" . join(',', sort @{ $subs->{$pkg}{$file} }) . "} in " . substr($file, length($ROOT) + 1)
                . ' (wants ' . substr($want, length($ROOT) + 1) . ')' if $file ne $want;
        }
    }
    is_deeply(\@wrong, [], "$how: every sub is in the file its package maps to") or diag explain \@wrong;
}

# Drop-in: the CPAN names, perl/compat first on PERL5LIB, every facade file loaded.
{
    my $load = join '', map { "require $_;\n" } @compat;
    my ($code, $err, $subs, undef, $loaded) = listing($load, "$ROOT/perl/compat", "$ROOT/perl/lib");
    is($code, 0, 'every perl/compat module loads') or diag $err;
    is($err, '', '... without warnings');
    check_homes('perl/compat on PERL5LIB', $subs);
    check_loaded('perl/compat on PERL5LIB', $loaded);
    my @stubs = grep { !exists $subs->{$_}{ home_of($_, 'compat') } } @compat;
    is_deeply(\@stubs, [], 'no perl/compat file is a stub: each defines its own package\'s code') or diag explain \@stubs;
}

# Old names with perl/lib alone, as the old bridge's scripts run.
for my $name (sort keys %old) {
    my ($code, $err, $subs, $inc_left, $loaded) = listing("use $name;", "$ROOT/perl/lib");
    is($code, 0, "use $name with perl/lib only") or diag $err;
    is($err, '', "... without warnings");
    ok(exists $subs->{ $old{$name} }, "... loads the facade $old{$name}");
    is_deeply($inc_left, [], '... and leaves perl/compat off @INC');
    check_homes("use $name", $subs);
    check_loaded("use $name", $loaded);
}

# The host's CPAN module loaded first: the old name cannot extend it and says so.
for my $name (sort keys %old) {
    my $cpan = $old{$name};
    local $ENV{PERL5LIB} = '';
    my (undef, undef, $have) = run_perl("require $cpan; print 'ok'", inc => []);
    SKIP: {
        skip "$cpan is not installed on this host", 1 if $have != 0;
        my ($out, $err) = run_perl("use $cpan; use $name;", inc => ["$ROOT/perl/lib"]);
        like($err, qr/^\Q$name\E: \Q$cpan\E is already loaded from \S+ \(not cpan-bridge's facade\); load \Q$name\E first/,
            "$cpan (CPAN) loaded before $name: a clear error");
    }
}

done_testing;
