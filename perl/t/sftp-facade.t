use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_facade root);
use TransferTest qw(%SVC scratch_dir real_ssh_opts);
use File::Temp ();
use Test::More;

# What sftp-differential.t cannot compare with the real module: how `more`
# is honoured (warnings for the rest), host key policy, secrets kept out of
# every output, the old SFTPHelper name's contract, and options the facade
# refuses by name.

plan skip_all => 'the test sshd is not configured (.test-services/env)' unless $SVC{CB_SSH_HOST};
local @ENV{ keys %SVC } = values %SVC;
my ($dir, $rel) = scratch_dir('sftpfacade');
my $empty_kh = File::Temp->new;

sub run {
    my ($script, @args) = @_;
    return run_perl_facade("use strict; use warnings; use Net::SFTP::Foreign;\n" . $script, args => [@args]);
}

my $NEW = 'my %c = (port => $ENV{CB_SSH_PORT}, user => $ENV{CB_SSH_USER}, key_path => $ENV{CB_SSH_KEY}, timeout => 20);';

# 1. more: the options the bridge cannot honour are named once per process, the rest work
{
    my ($out, $err, $code) = run($NEW . <<'PL');
for (1, 2) {
    my $s = Net::SFTP::Foreign->new($ENV{CB_SSH_HOST}, %c,
        more => ['-o', "UserKnownHostsFile=$ENV{CB_SSH_KNOWN_HOSTS}", '-C', '-o', 'ServerAliveInterval=5', '-o', 'BatchMode=yes', '-q']);
    print "connect $_: ", ($s->error ? "error " . $s->error : 'ok'), "\n";
}
my $s = Net::SFTP::Foreign->new($ENV{CB_SSH_HOST}, %c, ssh_cmd => '/usr/bin/plink',
    more => "-o UserKnownHostsFile=$ENV{CB_SSH_KNOWN_HOSTS}");
print "string more, ssh_cmd: ", ($s->error ? "error " . $s->error : 'ok'), "\n";
PL
    is($out, "connect 1: ok\nconnect 2: ok\nstring more, ssh_cmd: ok\n", 'more: honoured options connect (list and string forms)') or diag $err;
    my @warn = $err =~ /not honoured by the bridge: ([^\n]*?) at /g;
    is_deeply(\@warn, ['-C -o ServerAliveInterval=5'], '... the others named in one warning per process, BatchMode and -q accepted');
    like($err, qr/ssh_cmd '\/usr\/bin\/plink' is not run/, '... ssh_cmd: a warning, not a silent drop');
}

# 2. host key policy from -o StrictHostKeyChecking, against a known_hosts file without the server
for my $case (['yes', qr/^error 37 /], ['no', qr/^ok/], ['accept-new', qr/^ok/], [undef, qr/^error 37 /]) {
    my ($policy, $want) = @$case;
    my ($out, $err) = run($NEW . <<'PL', "$empty_kh", defined $policy ? $policy : '');
my ($kh, $policy) = @ARGV;
my $s = Net::SFTP::Foreign->new($ENV{CB_SSH_HOST}, %c,
    more => ['-o', "UserKnownHostsFile=$kh", (length $policy ? ('-o', "StrictHostKeyChecking=$policy") : ())]);
print $s->error ? "error " . (0 + $s->error) . " " . $s->error : 'ok', "\n";
print "ls: ", scalar @{ $s->ls('.') }, "\n" unless $s->error;
PL
    like($out, $want, 'StrictHostKeyChecking=' . (defined $policy ? $policy : '(default)') . ": $want") or diag $err;
    like($err, qr/SHA256:/, '... ssh\'s stderr line names the key\'s fingerprint') if $out =~ /^error/;
}

# 3. secrets: a wrong password and a wrong passphrase are in no output, no error text
{
    my $pw = 'S3cret-$(rm)-' . $$;
    my ($out, $err) = run(<<'PL', $pw);
my $pw = shift;
my @more = ('-o', "UserKnownHostsFile=$ENV{CB_SSH_KNOWN_HOSTS}");
my $s = Net::SFTP::Foreign->new($ENV{CB_SSH_HOST}, port => $ENV{CB_SSH_PORT}, user => $ENV{CB_SSH_USER}, password => $pw, more => \@more);
print "password: ", 0 + $s->error, " ", $s->error, " / ", $s->status, "\n";
$s = Net::SFTP::Foreign->new($ENV{CB_SSH_HOST}, port => $ENV{CB_SSH_PORT}, user => $ENV{CB_SSH_USER},
    key_path => $ENV{CB_SSH_KEY_PASS}, passphrase => $pw, more => \@more);
print "passphrase: ", 0 + $s->error, " ", $s->error, "\n";
eval { Net::SFTP::Foreign->new($ENV{CB_SSH_HOST}, port => $ENV{CB_SSH_PORT}, user => $ENV{CB_SSH_USER}, password => $pw,
    more => \@more, autodie => 1) };
print "autodie: $@";
PL
    like($out, qr/^password: 37 Connection to remote server is broken \/ Connection lost\npassphrase: 37 /,
        'wrong password and passphrase: error 37 as the real module');
    like($out, qr/^autodie: Connection to remote server is broken at /m, 'autodie: a failed new croaks with the error');
    unlike("$out$err", qr/\Q$pw\E/, '... and the secret is in no output');
    like($err, qr/authentication failed|Permission denied/i, '... STDERR says what ssh would say');
}

# 4. the old name: SFTPHelper
{
    my ($out, $err, $code) = run_perl_facade(<<'PL', args => [$rel], inc => []);
use strict; use warnings;
use SFTPHelper;
my $dir = shift;
my $s = Net::SFTP::Foreign->new(host => $ENV{CB_SSH_HOST}, user => $ENV{CB_SSH_USER}, port => $ENV{CB_SSH_PORT},
    password => $ENV{CB_SSH_PASSWORD}, more => ['-o', "UserKnownHostsFile=$ENV{CB_SSH_KNOWN_HOSTS}"]);
print "class: ", ref $s, " connected: ", $s->is_connected, " error: [", $s->error, "] ", ($s->error == 0 ? 'zero' : 'nonzero'), "\n";
$s->setcwd($dir) or die $s->error;
$s->put_content("x\n", 'old.txt') or die $s->error;
my $ls = $s->ls(qr/^old/);
print "ls(qr): ", join(',', map { "$_->{filename}:$_->{size}:$_->{is_dir}:" . ($_->{permissions} & 0777) } @$ls), "\n";
print "ls(wanted => string): ", scalar @{ $s->ls(wanted => 'old\.t') }, "\n";
my $bad = $s->ls('missing-dir');
print "ls missing: ", ref $bad, " ", scalar(@$bad), " ", 0 + $s->error, "\n";
print "call_python: ", $s->call_python('test', 'ping', {})->{success}, "\n";
$s->disconnect;
print "connected: ", $s->is_connected, "\n";
eval { $s->put('/etc/hostname', 'x') }; print "after disconnect: $@";
eval { SFTPHelper->new() }; print "no host: $@";
eval { SFTPHelper->new(host => 'h') }; print "no user: $@";
my $b = SFTPHelper->new(debug => 0);
print "bridge only: ", $b->test_python_bridge, "\n";
PL
    is($code, 0, 'SFTPHelper script runs') or diag $err;
    like($out, qr/^class: SFTPHelper connected: 1 error: \[\] zero$/m, 'use SFTPHelper: Net::SFTP::Foreign->new gives an SFTPHelper; error is "" and 0');
    like($out, qr/^ls\(qr\): old\.txt:2:0:\d+$/m, 'ls(qr//) lists the cwd with the old entry keys');
    like($out, qr/^ls\(wanted => string\): 1$/m, 'a string wanted is a pattern');
    like($out, qr/^ls missing: ARRAY 0 15$/m, 'ls of a missing dir: [] with the error set');
    like($out, qr/^call_python: 1$/m, 'an SFTPHelper is a CPANBridge');
    like($out, qr/^connected: 0\nafter disconnect: Not connected to SFTP server at /m, 'after disconnect: croaks as the old module');
    like($out, qr/^no host: Host required for SFTP connection at /m, 'SFTPHelper->new without a host croaks');
    like($out, qr/^no user: User required for SFTP connection at /m, '... without a user too');
    like($out, qr/^bridge only: 1$/m, 'SFTPHelper->new(debug => ...) is a bridge client');
}

# 5. options the facade does not provide are refused by name, never ignored
{
    my ($out, $err) = run($NEW . <<'PL', $rel);
my $s = Net::SFTP::Foreign->new($ENV{CB_SSH_HOST}, %c, more => ['-o', "UserKnownHostsFile=$ENV{CB_SSH_KNOWN_HOSTS}"]);
$s->setcwd(shift) or die $s->error;
eval { $s->put('/etc/hostname', 'h', callback => sub { }) }; print "callback: $@";
eval { $s->get('x', 'y', conversion => 'dos2unix') }; print "conversion: $@";
eval { $s->put('/etc/hostname', 'h', numbered => 1) }; print "numbered: $@";
eval { Net::SFTP::Foreign->new($ENV{CB_SSH_HOST}, transport => [1, 2, 3]) }; print "transport: $@";
PL
    like($out, qr/^callback: Net::SFTP::Foreign \(cpan-bridge\): put option 'callback' is not provided/m, 'put callback: croaks naming it') or diag $err;
    like($out, qr/^conversion: .*get option 'conversion' is not provided/m, 'get conversion: croaks naming it');
    like($out, qr/^numbered: .*put option 'numbered' is not provided/m, 'put numbered: croaks naming it');
    like($out, qr/^transport: .*'transport' is not provided/m, 'new transport: croaks naming it');
}

# 6. nothing is left under the final name when a transfer fails: a get whose remote is a directory
{
    my ($out, $err) = run($NEW . <<'PL', $rel, File::Temp::tempdir(CLEANUP => 1));
my ($dir, $local) = @ARGV;
my $s = Net::SFTP::Foreign->new($ENV{CB_SSH_HOST}, %c, more => ['-o', "UserKnownHostsFile=$ENV{CB_SSH_KNOWN_HOSTS}"]);
$s->setcwd($dir) or die $s->error;
$s->mkdir('adir');
print "get dir: ", ($s->get('adir', "$local/out") ? 'ok' : 'failed ' . (0 + $s->error)), "\n";
opendir my $dh, $local or die; print "local dir: ", join(',', grep { !/^\./ } readdir $dh), "\n";
open my $fh, '>', "$local/keep" or die; print $fh "old\n"; close $fh;
$s->get('adir', "$local/keep");
open $fh, '<', "$local/keep" or die; print "kept: ", scalar <$fh>;
PL
    like($out, qr/^get dir: failed \d+\nlocal dir: \nkept: old$/m, 'a failed get leaves nothing new and the old file whole') or diag $err;
}

done_testing;
