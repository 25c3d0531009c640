package TransferTest;
# The SSH and FTP test servers' facts (from .test-services/env, written by
# scripts/test-services.sh start) and a scratch directory per test in the
# test user's home, owned by that user (tests run as root; servers act as it).
use strict;
use warnings;
use File::Temp ();
use File::Path ();
use BridgeTest qw(root);
require Exporter;
our @ISA = ('Exporter');
our @EXPORT_OK = qw(%SVC scratch_dir real_ssh_opts);

our %SVC;
{
    my $file = root() . '/.test-services/env';
    open my $fh, '<', $file or die "$file is missing: run \"bash scripts/test-services.sh start\" first\n";
    while (<$fh>) { $SVC{$1} = $2 if /^([A-Z_]+)='(.*)'$/ }
}

# (local path, name relative to the home as a remote client sees it); removed at exit
my @MADE;
sub scratch_dir {
    my ($prefix) = @_;
    my $dir = File::Temp::tempdir(($prefix || 't') . '-XXXXXX', DIR => $SVC{CB_SSH_HOME});
    my ($uid, $gid) = (stat $SVC{CB_SSH_HOME})[4, 5];
    chown $uid, $gid, $dir or die "chown $dir: $!";
    push @MADE, [$dir, $$];
    (my $name = $dir) =~ s{^.*/}{};
    return ($dir, $name);
}
END { for (@MADE) { File::Path::rmtree($_->[0]) if $_->[1] == $$ } }

# the ssh options both the real Net::SFTP::Foreign and the facade get, so they trust the test server
sub real_ssh_opts { return ('-o', "UserKnownHostsFile=$SVC{CB_SSH_KNOWN_HOSTS}") }

1;
