package LogDiff;
# Runs one Perl script under the real Log::Log4perl 1.57 and under the facade,
# each in its own temp dir, and compares stdout, stderr, exit code and every
# file the script left there, with times, PIDs and paths masked.
use strict;
use warnings;
use BridgeTest qw(run_perl_real run_perl_facade);
use File::Temp ();
use Test::More;
require Exporter;
our @ISA = ('Exporter');
our @EXPORT_OK = qw(log_diff normalise);

sub normalise {
    my ($s, $dir) = @_;
    return '' unless defined $s;
    $s =~ s/\Q$dir\E/DIR/g;
    $s =~ s{/tmp/[\w.-]+/script\.pl}{SCRIPT}g;
    $s =~ s{ at /usr/share/perl5/Log/Log4perl/\S+ line \d+\.?}{}g;
    $s =~ s/\d{4}[-\/]\d\d[-\/]\d\d/DATE/g;
    $s =~ s/\b\d\d:\d\d:\d\d\b/TIME/g;
    $s =~ s/,\d{3}\b/,MS/g;
    $s =~ s/\bpid=\d+/pid=PID/g;
    $s =~ s/\((?:[A-Z]+\|)+[A-Z]+\)/(LEVEL LIST)/g;    # log4perl lists levels in hash order
    $s =~ s/\br=\d+/r=MS/g;
    return $s;
}

sub _files {
    my ($dir) = @_;
    my %f;
    opendir my $dh, $dir or return {};
    for my $name (sort grep { !/^\./ && $_ ne 'script.pl' } readdir $dh) {
        open my $fh, '<', "$dir/$name" or next;
        local $/;
        $f{$name} = normalise(scalar <$fh>, $dir);
    }
    return \%f;
}

# log_diff($name, $script, %opt): the script gets its dir as $ARGV[0] and runs with it as cwd.
sub log_diff {
    my ($name, $script, %opt) = @_;
    my @r;
    for my $run (\&run_perl_real, \&run_perl_facade) {
        my $dir = File::Temp::tempdir(CLEANUP => 1);
        if ($opt{files}) {
            for my $f (keys %{ $opt{files} }) { open my $fh, '>', "$dir/$f" or die; print $fh $opt{files}{$f}; close $fh }
        }
        my ($out, $err, $code) = $run->($script, cwd => $dir, args => [$dir]);
        my $files = _files($dir);
        delete $files->{$_} for keys %{ $opt{files} || {} };
        push @r, { out => normalise($out, $dir), err => normalise($err, $dir), code => $code, files => $files };
    }
    my ($real, $fac) = @r;
    is($fac->{out}, $real->{out}, "$name: stdout");
    is($fac->{err}, $real->{err}, "$name: stderr");
    is($fac->{code}, $real->{code}, "$name: exit code");
    is_deeply([sort keys %{ $fac->{files} }], [sort keys %{ $real->{files} }], "$name: the same files");
    for my $f (sort keys %{ $real->{files} }) {
        is($fac->{files}{$f}, $real->{files}{$f}, "$name: $f line for line");
    }
    return $real;
}

1;
