# Issue 13, "Faults", for FTP through the Perl side: a private vsftpd (its
# listener and session processes) is killed while a script puts or gets a
# 100 MB file, under the real (core) Net::FTP and under the facade. Both
# calls fail and the script goes on (a later command fails too); the facade
# leaves no local file after a cut get (neither the final name nor its
# temporary), which the real one keeps; code and message (421 "[Net::FTP]
# Connection closed", then and on the next command) are the real module's. The daemon keeps answering, and a script on
# the shared test vsftpd transfers as before.
# A private vsftpd of this test's own is killed, never the shared one.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root run_perl_real run_perl_facade);
use TransferTest qw(%SVC scratch_dir);
use PrivateServers qw(big_file case_dir);
use File::Temp ();
use File::Compare ();
use Test::More;

my $BIG = 100 * 1024 * 1024;

# --- a private vsftpd: plain FTP, same user and home as the shared one
my $ftpd = PrivateServers->vsftpd;

my $tmp = File::Temp::tempdir('cb-ftp-faults-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $big = "$tmp/big.bin";
big_file($big, $BIG);
my ($scratch, $rname) = scratch_dir('ftp-faults');

my $script = <<'PERL';
use strict;
use warnings;
use Net::FTP;
my ($port, $op, $src, $dst) = @ARGV;
$| = 1;
my $ftp = Net::FTP->new('127.0.0.1', Port => $port, Passive => 1, Timeout => 30) or die "new: $@\n";
$ftp->login($ENV{T_USER}, $ENV{T_PASS}) or die "login: " . $ftp->message;
$ftp->binary;
print "connected\n";
my $ok = $op eq 'put' ? $ftp->put($src, $dst) : $ftp->get($src, $dst);
printf "%s: %s\n", $op, $ok ? 'ok' : 'failed';
(my $m = $ftp->message // '') =~ s/\s+$//;
printf "code: %s\nmessage: %s\n", $ftp->code, $m;
my $again = $ftp->pwd;
printf "later pwd: %s, code %s\n", defined $again ? 'ok' : 'failed', $ftp->code;
PERL

$ENV{T_USER} = $SVC{CB_FTP_USER};
$ENV{T_PASS} = $SVC{CB_FTP_PASSWORD};

# Runs the script while the private vsftpd is killed once a file in $watch
# holds 1 MB. (stdout, stderr, exit, whether the kill happened).
sub run_cut {
    my ($runner, $watch, @args) = @_;
    my @r = $ftpd->cut_while(watch => $watch, timeout => 120, run => sub { $runner->($script, args => [$ftpd->port, @args]) });
    return @r[0 .. 3];
}

my %said;
for my $side (['real', \&run_perl_real], ['facade', \&run_perl_facade]) {
    my ($name, $runner) = @$side;

    my ($rdir, $rrel) = case_dir($scratch, "put-$name-XXXXXX");
    my ($out, $errout, $code, $killed) = run_cut($runner, $rdir, 'put', $big, "$rname/$rrel/big.bin");
    ok($killed, "$name put: the server was killed mid-upload") or diag $out, $errout;
    like($out, qr/^put: failed$/m, "$name put: put returns false") or diag $out, $errout;
    like($out, qr/^later pwd: failed/m, "$name put: a later command fails too") or diag $out, $errout;
    is($code, 0, "$name put: the script goes on to its end (no hang, no SIGPIPE)") or diag $out, $errout;
    $said{$name}{put} = [grep { /^(code|message|later)/ } split /\n/, $out];
    note "$name put: exit $code; " . join '; ', grep { /^(put|code|message|later)/ } split /\n/, $out;

    my ($src, $srel) = case_dir($scratch, "get-$name-XXXXXX");
    link $big, "$src/big.bin" or system('cp', $big, "$src/big.bin") == 0 or die "cp: $?";
    my $target = File::Temp::tempdir("target-$name-XXXXXX", DIR => $tmp);
    ($out, $errout, $code, $killed) = run_cut($runner, $target, 'get', "$rname/$srel/big.bin", "$target/big.bin");
    ok($killed, "$name get: the server was killed mid-download") or diag $out, $errout;
    like($out, qr/^get: failed$/m, "$name get: get returns false") or diag $out, $errout;
    like($out, qr/^later pwd: failed/m, "$name get: a later command fails too") or diag $out, $errout;
    is($code, 0, "$name get: the script goes on to its end (no hang)") or diag $out, $errout;
    opendir my $d, $target or die;
    my @left = grep { !/^\.\.?$/ } readdir $d;
    if ($name eq 'facade') {
        ok($killed && !@left, 'facade get: no local file left after a kill mid-download, neither the final name nor a temporary') or diag "left: @left";
    } else {
        note "real get: files left in the target dir: @left" if @left;
    }
    $said{$name}{get} = [grep { /^(code|message|later)/ } split /\n/, $out];
    note "$name get: exit $code; " . join '; ', grep { /^(get|code|message|later)/ } split /\n/, $out;
}

for my $op ('put', 'get') {
    is_deeply($said{facade}{$op}, $said{real}{$op}, "$op: the facade's code and message, then and on the next command, are the real module's");
}

{
    require CPANBridge;
    my $r = eval { CPANBridge->new->call('test', 'ping', {}) };
    is(ref $r eq 'HASH' ? $r->{message} : $@, 'pong', 'the daemon answers test.ping after the kills');
    my $small = "$tmp/small.txt";
    open my $fh, '>', $small or die; print $fh "y" x 10000; close $fh;
    my ($out, $errout) = run_perl_facade(<<'PERL', args => [$SVC{CB_FTP_PORT}, $small, "$rname/shared.txt", "$tmp/shared-back.txt"]);
use strict; use warnings; use Net::FTP;
my ($port, $src, $dst, $back) = @ARGV;
my $ftp = Net::FTP->new('127.0.0.1', Port => $port, Passive => 1) or die "new: $@\n";
$ftp->login($ENV{T_USER}, $ENV{T_PASS}) or die "login: " . $ftp->message;
$ftp->binary;
$ftp->put($src, $dst) or die "put: " . $ftp->message;
$ftp->get($dst, $back) or die "get: " . $ftp->message;
$ftp->quit;
print "ok\n";
PERL
    is($out, "ok\n", 'a facade script on the shared vsftpd puts and gets') or diag $errout;
    ok(File::Compare::compare($small, "$tmp/shared-back.txt") == 0, 'with the same bytes');
}

done_testing;
