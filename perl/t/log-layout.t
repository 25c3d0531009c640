# Where the Log::Log4perl facade's code lives: every Log::Log4perl::* package
# it defines is compiled from perl/compat/<its own path>.pm (so perldoc -l and
# %INC land on the code), every file there holds its package (no stubs), the
# internals are CPANBridge::Log4perl::* in perl/lib, and the old name works
# with perl/lib alone on @INC, never loading the CPAN module.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root run_perl);
use LogDiff qw(log_diff);
use Cwd ();
use File::Find ();
use Test::More;

my $ROOT = root();
my $COMPAT = "$ROOT/perl/compat";
my $LIB = "$ROOT/perl/lib";

# The packages the files name, found on disk.
my %file_of;
File::Find::find({ no_chdir => 1, wanted => sub {
    return unless /\.pm\z/;
    (my $rel = $File::Find::name) =~ s{^\Q$COMPAT\E/}{};
    (my $pkg = $rel) =~ s{\.pm\z}{};
    $pkg =~ s{/}{::}g;
    $file_of{$pkg} = Cwd::abs_path($File::Find::name);
} }, "$COMPAT/Log");

# Each sub of each package under a prefix: "package <tab> sub <tab> file",
# skipping constants (XS, no file) and subs imported from another package;
# then "INC <tab> key <tab> file" for the modules loaded, and whether
# perl/compat is left on @INC.
my $REPORT = <<'PL';
use B ();
sub walk {
    my ($pkg) = @_;
    no strict 'refs';
    my @out;
    for my $name (sort keys %{"${pkg}::"}) {
        if ($name =~ /^(\w+)::$/) { push @out, walk("${pkg}::$1"); next }
        next unless defined &{"${pkg}::$name"};
        my $cv = B::svref_2object(\&{"${pkg}::$name"});
        next if $cv->XSUB || $cv->GV->STASH->NAME ne $pkg;
        push @out, "$pkg\t$name\t" . $cv->FILE;
    }
    return @out;
}
print "$_\n" for walk('Log::Log4perl'), walk('CPANBridge::Log4perl');
print "INC\t$_\t$INC{$_}\n" for sort grep { m{^(?:Log/|CPANBridge/Log4perl/)} } keys %INC;
print 'compat on @INC: ', (grep({ !ref && m{perl/compat} } @INC) ? 'yes' : 'no'), "\n";
PL

sub check_layout {
    my ($how, $out, $err, $code) = @_;
    is($code, 0, "$how: the script ran") or diag $err;
    my (%subs, %where, %inc);
    for (split /\n/, $out) {
        my ($a, $b, $c) = split /\t/;
        next unless defined $c;
        if ($a eq 'INC') { $inc{$b} = $c; next }
        $subs{$a}++;
        my $want = $a =~ /^CPANBridge::/ ? "$LIB/" . join('/', split /::/, $a) . '.pm' : $file_of{$a};
        my $got = Cwd::abs_path($c);
        push @{ $where{$a} }, "$b in $c" unless defined $want && defined $got && $got eq Cwd::abs_path($want);
    }
    is_deeply([sort grep { /^Log::/ } keys %subs], [sort keys %file_of],
        "$how: the Log::Log4perl::* packages with code are exactly the files in perl/compat/Log (no stubs)");
    ok($subs{'CPANBridge::Log4perl::Class'} && $subs{'CPANBridge::Log4perl::Caller'}, "$how: the internals are loaded");
    is_deeply(\%where, {}, "$how: every sub is compiled from the file its package maps to")
        or diag explain \%where;
    for my $pkg (sort keys %file_of) {
        (my $key = "$pkg.pm") =~ s{::}{/}g;
        is(defined $inc{$key} ? Cwd::abs_path($inc{$key}) : undef, $file_of{$pkg}, "$how: \$INC{'$key'}");
    }
    my @foreign = grep { Cwd::abs_path($inc{$_}) !~ m{^\Q$ROOT\E/perl/} } sort keys %inc;
    is_deeply(\@foreign, [], "$how: nothing is loaded from the host's Log::Log4perl");
}

my @r = run_perl("use Log::Log4perl qw(:easy);\n$REPORT", inc => [$COMPAT, $LIB]);
check_layout('PERL5LIB=perl/compat:perl/lib, use Log::Log4perl', @r);
like($r[0], qr/^compat on \@INC: yes$/m, 'perl/compat is on @INC when the script put it there');

{
    local $ENV{PERL5LIB};    # perl/lib only, as an old script has it
    @r = run_perl("use lib '$LIB';\nuse LogHelper qw(get_logger :levels);\n$REPORT");
}
check_layout('perl/lib only, use LogHelper', @r);
like($r[0], qr/^compat on \@INC: no$/m, 'use LogHelper leaves @INC as it was');

{
    local $ENV{PERL5LIB};
    my $script = <<'PL';
use strict; use warnings;
use LogHelper qw(get_logger :levels);
my $l = LogHelper::WlaLog->new('INFO');
$l->info('old name works');
Log::Log4perl->init(\ "log4perl.rootLogger = INFO, S\nlog4perl.appender.S = Log::Log4perl::Appender::Screen\nlog4perl.appender.S.stderr = 0\nlog4perl.appender.S.layout = NoopLayout\n");
get_logger('X')->info("config with sibling classes by name\n");
PL
    my ($out, $err, $code) = run_perl("use lib '$LIB';\n$script");
    is($code, 0, "perl -I perl/lib -e 'use LogHelper': runs without perl/compat on \@INC") or diag $err;
    $err =~ s/^\w{3} \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\|/STAMP|/mg;
    is($err, "STAMP|old name works\n", 'the WlaLog line');
    is($out, "config with sibling classes by name\n", 'appender and layout classes named in a config load');
}

# An appender class of the script's own, named in a config, loads from the
# script's @INC at run time as with the real module.
my $mine = log_diff('a user appender class named in a config', <<'PL', files => { 'MyAppender.pm' => <<'PM' });
use strict; use warnings;
use lib $ARGV[0];
use Log::Log4perl qw(get_logger);
Log::Log4perl->init(\ <<'CONF');
log4perl.rootLogger = INFO, M
log4perl.appender.M = MyAppender
log4perl.appender.M.prefix = mine
log4perl.appender.M.layout = PatternLayout
log4perl.appender.M.layout.ConversionPattern = %p %m%n
CONF
get_logger('U')->info('through my class');
print 'loaded from the script dir: ', ($INC{'MyAppender.pm'} =~ m{^\Q$ARGV[0]\E} ? 1 : 0), "\n";
PL
package MyAppender;
our @ISA = ('Log::Log4perl::Appender');
sub new { my ($class, %p) = @_; return bless { %p }, $class }
sub log { my ($self, %p) = @_; print "$self->{prefix}: $p{message}" }
1;
PM
is($mine->{out}, "mine: INFO through my class\nloaded from the script dir: 1\n", 'the real module runs the class from the script dir too');

done_testing;
