# Which calls the client resends after a dropped connection: exactly those
# whose methods the daemon's registry marks idempotent (CPANBridge::Idempotent,
# generated from it), a batch only when all its members are. A proxy in
# front of the real daemon forwards each call, so the daemon runs it, and
# then drops the connection instead of relaying the reply: what a daemon
# crash or a network cut after the call ran looks like to the client.
use strict;
use warnings;
use Test::More;
use lib 'perl/t/lib';
use BridgeTest qw(root run_perl);
use CPANBridge;
use File::Temp ();
use IO::Socket::UNIX ();
use POSIX ();
use Socket ();
use Time::HiRes ();

my $ROOT = root();
my $MAIN_PID = $$;
my $DAEMON = $ENV{CPAN_BRIDGE_SOCKET};
my $dir = File::Temp::tempdir('core-resend-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $PROXY = "$dir/proxy.sock";
my $LOG = "$dir/methods.log";

subtest 'the registry is the list' => sub {
    ok(scalar(keys %CPANBridge::Idempotent::METHODS) > 0, 'CPANBridge::Idempotent lists methods');
    ok($CPANBridge::Idempotent::METHODS{'test.echo'}, 'test.echo is idempotent (a pure echo)');
    ok(!$CPANBridge::Idempotent::METHODS{'crypto.new'}, 'crypto.new is not (each run makes a cipher handle)');
};

# The proxy: connections one at a time; the second request on a connection is
# forwarded, and then the connection is closed without its reply. Every
# forwarded request's method names go to $LOG, one line per request.
sub read_request {
    my ($c, $buf) = @_;
    my $end;
    while (($end = index($$buf, "\r\n\r\n")) < 0) { sysread($c, $$buf, 65536, length $$buf) or return }
    my $head = substr($$buf, 0, $end);
    my ($len) = $head =~ /\r\nContent-Length:\s*(\d+)/i;
    while (length($$buf) < $end + 4 + ($len // 0)) { sysread($c, $$buf, 65536, length $$buf) or return }
    my $body = substr($$buf, $end + 4, $len // 0);
    substr($$buf, 0, $end + 4 + ($len // 0), '');
    my ($path) = $head =~ /\A\S+ (\S+)/;
    my %h;
    $h{$1} = $2 while $head =~ /\r\n([^:\r\n]+):[ \t]*([^\r\n]*)/g;
    delete @h{ grep { /^(?:host|content-length)$/i } keys %h };
    return ($path, \%h, $body);
}

my $proxy = fork // die "fork: $!";
if (!$proxy) {
    alarm 300;
    my $l = IO::Socket::UNIX->new(Type => Socket::SOCK_STREAM(), Local => $PROXY, Listen => 5) or POSIX::_exit(1);
    my $up = CPANBridge::Transport->new(socket => $DAEMON, timeout => 30);
    while (my $c = $l->accept) {
        my ($buf, $n) = ('', 0);
        while (my ($path, $h, $body) = read_request($c, \$buf)) {
            open my $log, '>>', $LOG or POSIX::_exit(1);
            print $log join(',', $body =~ /"method":"([^"]+)"/g), "\n";
            close $log;
            my $res = $up->request('POST', $path, $h, $body);
            last if ++$n == 2;
            my $ct = $res->{headers}{'content-type'} // 'application/json';
            print $c "HTTP/1.1 $res->{status} $res->{reason}\r\nContent-Type: $ct\r\nContent-Length: " . length($res->{content}) . "\r\n\r\n$res->{content}";
            $c->flush;
        }
        close $c;
    }
    POSIX::_exit(0);
}
END { if ($proxy && $$ == $MAIN_PID) { local $?; kill 'KILL', $proxy; waitpid $proxy, 0 } }
for (1 .. 500) { last if -S $PROXY; Time::HiRes::sleep(0.01) }
ok(-S $PROXY, 'proxy listening') or BAIL_OUT('no proxy');

# Runs $code after a first call (so the connection is a kept-alive one and
# $code's call is its second request); returns (what the script printed,
# how many requests named $method reached the daemon).
sub through_proxy {
    my ($code, $method) = @_;
    unlink $LOG;
    local $ENV{CPAN_BRIDGE_SOCKET} = $PROXY;
    local $ENV{CPAN_BRIDGE_AUTOSTART} = 0;
    my ($out, $err) = run_perl(<<"S", inc => ["$ROOT/perl/lib"]);
use strict; use warnings; use CPANBridge;
my \$b = CPANBridge->new;
\$b->call('test', 'ping', {})->{success} or die "first call failed\\n";
alarm 60;
$code
S
    my @lines = do { open my $fh, '<', $LOG or die "no $LOG: $!"; <$fh> };
    chomp @lines;
    return ($out . $err, scalar grep { $_ eq $method } @lines);
}

my ($out, $seen) = through_proxy(<<'S', 'test.echo');
my $r = $b->call('test', 'echo', { n => 7 });
print $r->{success} ? "ok $r->{result}{n}\n" : "error_type=$r->{error_type}\nerror=$r->{error}\n";
S
is($seen, 2, 'idempotent call: sent, dropped, sent again') or diag $out;
like($out, qr/^ok 7$/m, 'and the script got its answer from the second run');

($out, $seen) = through_proxy(<<'S', 'crypto.new');
my ($r, $e) = $b->rpc('crypto.new', { key => 'secret', cipher => 'AES' });
print $r ? "ok\n" : "error_type=$e->{type}\nerror=$e->{message}\n";
S
is($seen, 1, 'non-idempotent call: sent once, not again') or diag $out;
like($out, qr/^error_type=transport$/m, 'reported as a transport error');
like($out, qr/not resent/, 'saying it was not resent');

($out, $seen) = through_proxy(<<'S', 'crypto.new');
my ($r, $e) = $b->rpc('crypto.new', { key => 'secret', cipher => 'AES' }, { idempotent => 1 });
print $r ? "ok\n" : "error_type=$e->{type}\nerror=$e->{message}\n";
S
is($seen, 1, 'the old { idempotent => 1 } option is accepted and ignored: still sent once') or diag $out;
like($out, qr/not resent/, 'and reported as not resent');

($out, $seen) = through_proxy(<<'S', 'test.ping,test.echo');
my $r = $b->batch([ [ 'test', 'ping', {} ], [ 'test', 'echo', { n => 8 } ] ]);
print join(',', map { $_->{success} ? 'ok' : $_->{error_type} } @$r), "\n";
S
is($seen, 2, 'batch of idempotent calls: sent again') or diag $out;
like($out, qr/^ok,ok$/m, 'and answered');

($out, $seen) = through_proxy(<<'S', 'test.echo,crypto.new');
my $r = $b->batch([ [ 'test', 'echo', { n => 9 } ], [ 'crypto', 'new', { key => 'secret', cipher => 'AES' } ] ]);
print join(',', map { $_->{success} ? 'ok' : $_->{error_type} } @$r), "\n";
S
is($seen, 1, 'batch with one non-idempotent call: not sent again') or diag $out;
like($out, qr/^transport,transport$/m, 'each member reports the transport error');

done_testing;
