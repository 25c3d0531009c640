# One script run under the real Net::OpenSSH (the ssh binary, a master
# connection) and under perl/compat's facade (the daemon's SSH pool), against
# the test sshd; every line it prints must be the same: outputs and $? of
# capture/capture2/system/test, hostile arguments echoed back by the remote
# printf, globs, stdin_data, a remote command killed by a signal, a timeout,
# scp_put/scp_get checksums, ->sftp listings, and the error (number and text)
# for a wrong password, an unknown host key and a closed port. STDERR is not
# compared: it holds ssh's own diagnostics, which the facade imitates in one
# line (its POD says so).
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade);
use TransferTest qw(%SVC scratch_dir);
use Test::More;

plan skip_all => 'the real Net::OpenSSH (the oracle) is not installed' unless eval { require Net::OpenSSH; 1 };
plan skip_all => 'IO::Pty (password logins of the real module) is not installed' unless eval { require IO::Pty; 1 };
plan skip_all => 'no ssh client binary for the real module' unless grep { -x "$_/ssh" } split /:/, $ENV{PATH};

my ($real_dir, $real_rel) = scratch_dir('ossh-real');
my ($fac_dir, $fac_rel) = scratch_dir('ossh-fac');
my $local_tmp = File::Temp::tempdir(CLEANUP => 1);

my $SCRIPT = <<'PL';
use strict;
use warnings;
use Net::OpenSSH;
use Net::OpenSSH::Constants qw(:error);
use Digest::MD5 ();
$| = 1;
my ($host, $port, $user, $pass, $key, $keypass, $kh, $rdir, $ldir) = @ARGV;
my @mo = (master_opts => [-o => "UserKnownHostsFile=$kh"]);
sub show { my ($label, $v) = @_; $v = 'undef' unless defined $v; $v =~ s/([^\x20-\x7e])/sprintf '\\x%02x', ord $1/ge; print "$label: $v\n" }
sub err { my ($label, $ssh) = @_; show("$label error", ($ssh->error + 0) . ' ' . $ssh->error) }
sub md5 { my $f = shift; open my $fh, '<', $f or return "missing $f"; binmode $fh; Digest::MD5->new->addfile($fh)->hexdigest }

# connection failures: number and text
for my $c ([wrong_password => password => 'not-the-password', @mo],
           [unknown_host_key_key => key_path => $key, master_opts => [-o => 'UserKnownHostsFile=/dev/null']],
           [unknown_host_key_password => password => $pass, master_opts => [-o => 'UserKnownHostsFile=/dev/null']],
           [closed_port => key_path => $key, @mo, port => 1],
           [bad_passphrase => key_path => $keypass, passphrase => 'wrong', @mo]) {
    my ($name, @o) = @$c;
    my $bad = Net::OpenSSH->new($host, port => $port, user => $user, timeout => 20, @o);
    err($name, $bad);
    show("$name capture", scalar $bad->capture('echo never'));
}

my $ssh = Net::OpenSSH->new("$user:$pass\@$host:$port", @mo, timeout => 20);
err('password login', $ssh);
show('password login capture', scalar $ssh->capture('echo', 'pw ok'));
$ssh->disconnect;
$ssh = Net::OpenSSH->new($host, port => $port, user => $user, key_path => $keypass, passphrase => $pass, @mo);
err('passphrase login', $ssh);
show('passphrase capture', scalar $ssh->capture('id -un'));
$ssh = Net::OpenSSH->new(host => $host, port => $port, user => $user, key_path => $key, @mo);
err('key login', $ssh);

# capture, capture2, system, test; $? and error after each
for my $cmd ('echo hello', 'echo out; echo err >&2; exit 3', 'printf "no newline"', 'exit 255', 'kill -TERM $$', 'kill -KILL $$', 'true', 'false') {
    my $out = $ssh->capture($cmd); show("capture [$cmd]", $out); show('  $?', $?); err('  ', $ssh);
    my @lines = $ssh->capture($cmd); show("  list", join '|', @lines); show('  n', scalar @lines);
    my ($o, $e) = $ssh->capture2($cmd); show("capture2 [$cmd]", "[$o][$e]"); show('  $?', $?); err('  ', $ssh);
    my $r = $ssh->system({ stderr_discard => 1 }, $cmd); print "\n"; show("system [$cmd]", $r); show('  $?', $?); err('  ', $ssh);
    my $t = $ssh->test($cmd); show("test [$cmd]", $t); show('  $?', $?); err('  ', $ssh);
}
{
    local $/ = 'X';
    my @parts = $ssh->capture('printf aXbXc');
    show('capture with $/ = X', join '|', @parts);
}
show('capture stderr_to_stdout', scalar $ssh->capture({ stderr_to_stdout => 1 }, 'echo a; echo b >&2'));
show('capture stderr_discard', scalar $ssh->capture({ stderr_discard => 1 }, 'echo a; echo b >&2'));
show('capture stderr_to_stdout args', scalar $ssh->capture({ stderr_to_stdout => 1 }, 'sh', '-c', 'echo x >&2'));

# hostile arguments come back from the remote printf unchanged
my @hostile = ('a b', "it's", q{"dq"}, '$HOME', '$(echo pwned)', '`echo pwned`', '*', 'a*b?[c]', '{a,b}', '~', '!',
    "new\nline", "tab\there", 'back\\slash', '-n', ';', '&&', '|', '>x', '2>&1', '#c', '%HOST%', "O'Brien", '../x', '', ' ',
    "''", "\xe9t\xe9", "caf\xc3\xa9", "x'y\"z\$w`v\\u");
my $echo = $ssh->capture('printf', '%s\n', @hostile);
show('hostile printf', $echo);
show('hostile unchanged', $echo eq join('', map { "$_\n" } @hostile) ? 'yes' : 'no');
show('hostile $?', $?);
show('shell_quote', join ' ', $ssh->shell_quote(@hostile));
show('shell_quote_glob', scalar $ssh->shell_quote_glob('a b*', "c'?"));

# globs: quote_args => 0 and \'...' references expand remotely; plain arguments do not
$ssh->system('mkdir', '-p', "$rdir/g");
$ssh->system('touch', map { "$rdir/g/$_" } 'one.txt', 'two.txt', 'three.dat', 'sp ace.txt');
show('glob off', scalar $ssh->capture('ls', "$rdir/g/*.txt")); show('  $?', $?);
show('glob ref', scalar $ssh->capture('ls', \"$rdir/g/*.txt"));
show('glob quote_args 0', scalar $ssh->capture({ quote_args => 0 }, 'ls', "$rdir/g/*.dat"));
show('glob_quoting', scalar $ssh->capture({ glob_quoting => 1 }, 'ls', "$rdir/g/sp ace*"));
show('raw ref', scalar $ssh->capture('echo', \\'$((6*7))'));

# stdin_data
my $bin = join '', map { chr } 0 .. 255;
show('stdin md5', scalar $ssh->capture({ stdin_data => $bin x 300 }, 'md5sum'));
show('stdin list', scalar $ssh->capture({ stdin_data => ["a\n", "b\n", 'c'] }, 'cat'));
show('stdin wc', scalar $ssh->capture({ stdin_data => "1\n2\n3\n" }, 'wc', '-l'));
show('stdin system', $ssh->system({ stdin_data => "exit 4\n" }, 'sh')); show('  $?', $?);

# pipe_out
my $fh = $ssh->pipe_out('printf', '%s\n', 'l1', 'l 2');
show('pipe_out', join '|', <$fh>);
close $fh;

# timeout (the real module kills its ssh with kill_ssh_on_timeout)
my $slow = Net::OpenSSH->new($host, port => $port, user => $user, key_path => $key, @mo, timeout => 1, kill_ssh_on_timeout => 1);
show('timeout capture', scalar $slow->capture('sleep 4; echo late')); show('  $?', $?); err('  ', $slow);
show('after timeout', scalar $slow->capture('echo ok')); err('  ', $slow);
$slow->disconnect;

# scp_put / scp_get, checksums
open my $out, '>', "$ldir/data.bin" or die $!; binmode $out;
print {$out} join '', map { chr((($_ * 7919) >> 3) % 256) } 1 .. 300_000;
close $out;
open $out, '>', "$ldir/sp ace's.txt" or die $!; print {$out} "hello\n"; close $out;
show('local md5', md5("$ldir/data.bin"));
show('scp_put', $ssh->scp_put("$ldir/data.bin", "$rdir/up.bin")); err('  ', $ssh);
show('remote md5', scalar $ssh->capture('md5sum', "$rdir/up.bin"));
show('scp_put to dir', $ssh->scp_put("$ldir/data.bin", "$ldir/sp ace's.txt", "$rdir/g/")); err('  ', $ssh);
show('remote names', scalar $ssh->capture('ls', "$rdir/g"));
show('scp_get', $ssh->scp_get("$rdir/up.bin", "$ldir/down.bin")); err('  ', $ssh);
show('got md5', md5("$ldir/down.bin"));
mkdir "$ldir/gets";
show('scp_get glob', $ssh->scp_get({ glob => 1 }, "$rdir/g/*.txt", "$ldir/gets")); err('  ', $ssh);
show('got names', join ' ', sort map { s{.*/}{}r } glob "'$ldir/gets/'*");
show('scp_get missing', $ssh->scp_get("$rdir/no-such-file", "$ldir/nothing")); show('  $?', $?); err('  ', $ssh);
show('local partial', -e "$ldir/nothing" ? 'present' : 'absent');
show('scp_put missing', $ssh->scp_put("$ldir/no-such-file", "$rdir/x")); show('  $?', $?); err('  ', $ssh);

# ->sftp on the same connection
my $sftp = $ssh->sftp;
show('sftp', $sftp ? 'object' : 'undef'); err('  ', $ssh);
my $ls = $sftp->ls("$rdir/g", names_only => 1, no_wanted => qr/^\./);
show('sftp ls', join ' ', sort @$ls);
show('sftp get_content', $sftp->get_content("$rdir/g/sp ace's.txt"));
show('sftp missing', $sftp->get_content("$rdir/none")); show('  sftp error', ($sftp->error + 0) . ' ' . $sftp->error);
undef $sftp;

# after disconnect
$ssh->disconnect;
err('after disconnect', $ssh);
my @none = $ssh->capture('echo x');
show('capture after disconnect', scalar @none);
err('  ', $ssh);
show('system after disconnect', $ssh->system('true'));
PL

my @args = ($SVC{CB_SSH_HOST}, $SVC{CB_SSH_PORT}, $SVC{CB_SSH_USER}, $SVC{CB_SSH_PASSWORD}, $SVC{CB_SSH_KEY}, $SVC{CB_SSH_KEY_PASS}, $SVC{CB_SSH_KNOWN_HOSTS});
mkdir "$local_tmp/real"; mkdir "$local_tmp/fac";
my ($rout, $rerr, $rcode) = run_perl_real($SCRIPT, args => [@args, $real_dir, "$local_tmp/real"]);
my ($fout, $ferr, $fcode) = run_perl_facade($SCRIPT, args => [@args, $fac_dir, "$local_tmp/fac"]);
is($rcode, 0, 'the real module runs the script') or diag $rerr;
is($fcode, 0, 'the facade runs the script') or diag $ferr;
for ($rout, $fout) { s{\Q$real_dir\E|\Q$fac_dir\E}{RDIR}g; s{\Q$local_tmp\E/(?:real|fac)}{LDIR}g }
my @r = split /\n/, $rout;
my @f = split /\n/, $fout;
cmp_ok(scalar @r, '>', 100, 'the script printed its lines');
for my $i (0 .. ($#r > $#f ? $#r : $#f)) {
    my ($want, $got) = ($r[$i] // '(missing)', $f[$i] // '(missing)');
    (my $label = $want) =~ s/:.*//s;
    is($got, $want, "line $i: $label");
}
unlike($ferr, qr/\Q$SVC{CB_SSH_PASSWORD}\E/, 'the password is in no message of the facade');
done_testing;
