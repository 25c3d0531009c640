package DBDiff;
# Differential runs for perl/t/db-*.t: one script, run with the real DBI/DBD
# and with perl/compat first; the outputs must be the same.
use strict;
use warnings;
use Fcntl ();
use File::Spec ();
use File::Temp ();
use Test::More;
use BridgeTest qw(run_perl_real run_perl_facade root);
require Exporter;
our @ISA = ('Exporter');
our @EXPORT = qw(db_target db_compare db_scripts slurp);

sub slurp { my $f = shift; open my $fh, '<', $f or die "$f: $!"; local $/; my $s = <$fh>; return $s }

# Connection facts written by scripts/test-services.sh (KEY=value lines).
sub services_env {
    my %env;
    for my $f (grep { -f } map { root() . "/$_" } '.test-services/env', '.test-services/env.sh') {
        for (split /\n/, slurp($f)) {
            next unless /^\s*(?:export\s+)?([A-Za-z_]\w*)=(.*)$/;
            my ($k, $v) = ($1, $2);
            $v =~ s/^'(.*)'$/$1/ or $v =~ s/^"(.*)"$/$1/;
            $env{$k} = $v;
        }
        last;
    }
    return \%env;
}

# (dsn, user, password) for a driver; a server test without a server fails, never skips.
sub db_target {
    my ($driver, $dir) = @_;
    # relative to the script's working directory (a temp dir per run), so both runs print the same DSN
    if ($driver eq 'SQLite') { return ('dbi:SQLite:dbname=test.db', '', '') }
    my $e = services_env();
    my %env = (%$e, map { /^CB_/ ? ($_ => $ENV{$_}) : () } keys %ENV);
    my $key = $driver eq 'Pg' ? 'PG' : $driver eq 'MariaDB' ? 'MARIADB' : 'MYSQL';
    my $ukey = $driver eq 'Pg' ? 'PG' : 'MYSQL';
    return ($env{"CB_${key}_DSN"}, $env{"CB_${ukey}_USER"}, $env{"CB_${ukey}_PASSWORD"});
}

sub db_scripts {
    my $dir = root() . '/perl/t/data/db';
    opendir my $dh, $dir or die $!;
    return map { "$dir/$_" } sort grep { /^\d\d-.*\.pl$/ } readdir $dh;
}

# Legitimate differences only: the temp path of the script file, reference addresses.
sub _norm {
    my $s = shift;
    $s =~ s{ at \S*/script\.pl line}{ at script.pl line}g;
    $s =~ s{=HASH\(0x[0-9a-f]+\)}{=HASH(0xADDR)}g;
    return $s;
}

# Runs $file both ways with args (dsn, user, password); compares stdout, stderr, exit.
sub db_compare {
    my ($driver, $file, %opt) = @_;
    my $script = slurp($file);
    (my $name = $file) =~ s{.*/}{};
    my (@real, @fac);
    # The scripts use fixed table names in the shared test databases: a second
    # test run at the same time (another engineer's full suite) waits its turn.
    my $lock;
    if ($driver ne 'SQLite') {
        open $lock, '>>', File::Spec->catfile(File::Spec->tmpdir, 'cpan-bridge-db-tests.lock') or die "lock file: $!";
        flock $lock, Fcntl::LOCK_EX() or die "flock: $!";
    }
    for my $side ('real', 'facade') {
        my $dir = File::Temp::tempdir(CLEANUP => 1);
        my ($dsn, $user, $pass) = db_target($driver, $dir);
        my @r = $side eq 'real' ? run_perl_real($script, args => [$dsn, $user, $pass], cwd => $dir)
                                : run_perl_facade($script, args => [$dsn, $user, $pass], cwd => $dir);
        $r[$_] = _norm($r[$_]) for 0, 1;
        if ($opt{normalise}) { $r[$_] = $opt{normalise}->($r[$_]) for 0, 1 }
        if ($side eq 'real') { @real = @r } else { @fac = @r }
    }
    ok(length $real[0] > 0, "$driver $name: the real DBI run printed something") or diag $real[1];
    is($fac[0], $real[0], "$driver $name: same stdout");
    is($fac[1], $real[1], "$driver $name: same stderr");
    is($fac[2], $real[2], "$driver $name: same exit code");
    return (\@real, \@fac);
}

1;
