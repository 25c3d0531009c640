# The old name: `use FTPHelper;` then Net::FTP as the old bridge's scripts
# used it: binary transfers by default, call_python on the object, _host and
# _connection_id, $! and $@ after a failed new, the old ftp_helper.* calls.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl root);
use TransferTest qw(%SVC scratch_dir);
use Test::More;

my ($dir) = scratch_dir('ftp-helper');
my $lib = root() . '/perl/lib';
my ($out, $err, $exit) = run_perl(<<"EOF", inc => [$lib], cwd => $dir);
use strict; use warnings;
use FTPHelper;
my \$f = Net::FTP->new('$SVC{CB_FTP_HOST}:$SVC{CB_FTP_PORT}', Timeout => 10) or die "new: \$@";
print 'host: ', \$f->{_host}, "\\n";
print 'id: ', (\$f->{_connection_id} ? 'set' : 'unset'), "\\n";
\$f->login('$SVC{CB_FTP_USER}', '$SVC{CB_FTP_PASSWORD}') or die \$f->message;
\$f->cwd('$dir') or die \$f->message;
open my \$fh, '>', 'lines.txt' or die; print \$fh "a\\nb\\n"; close \$fh;
print 'put: ', \$f->put('lines.txt', 'up.txt'), "\\n";
open \$fh, '<:raw', 'up.txt' or die; my \$server = do { local \$/; <\$fh> }; close \$fh;
print 'server bytes: ', join(' ', map { sprintf '%02x', ord } split //, \$server), "\\n";
my \$stats = \$f->call_python('ftp_helper', 'get_pool_stats', {});
print 'call_python: ', (\$stats->{success} ? 'ok' : 'failed: ' . \$stats->{error}), "\\n";
print 'quit: ', \$f->quit, ' id after: ', (\$f->{_connection_id} ? 'set' : 'unset'), "\\n";
my \$g = Net::FTP->new('$SVC{CB_FTP_HOST}', Port => 1);
print 'closed port: ', (defined \$g ? 'object' : 'undef'), " [\$@] errno=", (\$!{ECONNREFUSED} ? 'ECONNREFUSED' : 0 + \$!), "\\n";
EOF
is($exit, 0, 'the old-name script runs') or diag $err;
is($err, '', 'no warnings');
like($out, qr/^host: \Q$SVC{CB_FTP_HOST}:$SVC{CB_FTP_PORT}\E$/m, '_host is what new was given');
like($out, qr/^id: set$/m, '_connection_id is set');
like($out, qr/^put: up\.txt$/m, 'put returns the remote name');
like($out, qr/^server bytes: 61 0a 62 0a$/m, 'binary by default, as the old bridge: no CRLF on the server');
like($out, qr/^call_python: ok$/m, 'call_python works on the object');
like($out, qr/^quit: 1 id after: unset$/m, 'quit forgets the connection id');
like($out, qr/^closed port: undef \[Connection refused\] errno=ECONNREFUSED$/m, '$@ and $! after a refused connection');

done_testing;
