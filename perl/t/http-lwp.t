# The LWP::UserAgent facade on its own against the HTTP test server: what the
# differential test cannot show (connections kept alive across requests and
# scripts, blocks of a big body, the daemon's handles released), the places
# it differs from the real module by design, and misuse.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root run_perl_facade);
use HttpTest qw(%HTTP ca_file http_ready);
use Test::More;

if (my $why = http_ready()) { plan skip_all => $why }

# the facade first, as a script with perl/compat on PERL5LIB
BEGIN { unshift @INC, BridgeTest::root() . '/perl/compat' }
require LWP::UserAgent;
require JSON::PP;
require Digest::MD5;
require File::Temp;

my $U = $HTTP{CB_HTTP_URL};
my $US = $HTTP{CB_HTTPS_URL};
my $ua = LWP::UserAgent->new(timeout => 20);
like($INC{'LWP/UserAgent.pm'}, qr{perl/compat/LWP/UserAgent\.pm$}, 'the facade is the LWP::UserAgent under test');

sub conn { my ($u, $url) = @_; my $r = $u->get($url); return $r->is_success ? JSON::PP->new->decode($r->content)->{conn} : "failed: " . $r->status_line }

# 1. keep-alive: one connection for a script's requests, and for the next script's
{
    my $c1 = conn($ua, "$U/connection-id");
    my $c2 = conn($ua, "$U/connection-id");
    like($c1, qr/^\d+$/, 'connection id read');
    is($c2, $c1, 'a second request reuses the connection (no keep_alive option needed)');
    my ($out, $err, $code) = run_perl_facade(<<"PL");
use LWP::UserAgent; use JSON::PP;
my \$r = LWP::UserAgent->new->get('$U/connection-id');
print JSON::PP->new->decode(\$r->content)->{conn};
PL
    is($code, 0, 'another script runs') or diag $err;
    is($out, $c1, "another script's request reuses the same pooled connection");
    my $s = LWP::UserAgent->new(ssl_opts => { SSL_ca_file => ca_file() });
    my $off = LWP::UserAgent->new(ssl_opts => { verify_hostname => 0, SSL_verify_mode => 0 });
    my $sc = conn($s, "$US/connection-id");
    like($sc, qr/^\d+$/, 'https connection id read');
    is(conn($s, "$US/connection-id"), $sc, 'https: reused too');
    isnt(conn($off, "$US/connection-id"), $sc, 'a connection that verified is not handed to a user agent that does not verify');
}

# 2. bodies in blocks: :content_cb per block, :read_size_hint, a 20 MB body in memory, handles released
{
    my @sizes;
    my $md5 = Digest::MD5->new;
    my $r = $ua->get("$U/bytes/20000000", ':content_cb' => sub { push @sizes, length $_[0]; $md5->add($_[0]) }, ':read_size_hint' => 1048576);
    is($r->code, 200, ':content_cb GET');
    is(length $r->content, 0, '... the content stays empty (it went to the callback)');
    cmp_ok(scalar @sizes, '>=', 19, '... called once per block of at most :read_size_hint bytes');
    is((grep { $_ > 1048576 } @sizes), 0, '... no block over the hint');
    my $pattern = join '', map { chr($_ % 251) } 0 .. 20000000 - 1;
    is($md5->hexdigest, Digest::MD5::md5_hex($pattern), '... the bytes are the server\'s, in order');
    my $m = $ua->get("$U/bytes/20000000");
    is(length $m->content, 20000000, '20 MB in memory');
    ok($m->content eq $pattern, '... byte for byte');
    my $bad = $ua->get("$U/bytes/5000000", ':content_cb' => sub { die "stop here\n" });
    is($bad->header('X-Died'), 'stop here', 'a :content_cb that dies: X-Died, as LWP');
    is($bad->header('Client-Aborted'), 'die', '... Client-Aborted: die');
    is(conn($ua, "$U/connection-id") =~ /^\d+$/ ? 'ok' : 'broken', 'ok', 'the user agent works after an aborted body');
}

# 3. failures are responses, never a die or a hang
{
    my $t = LWP::UserAgent->new(timeout => 1);
    my $r = $t->get("$U/hang");
    is($r->code, 500, '/hang with timeout 1: 500');
    is($r->header('Client-Warning'), 'Internal response', '... an internal response');
    is($r->message, 'read timeout', '... "read timeout" as LWP says');
    my $none = LWP::UserAgent->new(timeout => 0);
    is($none->get("$U/slow?ms=1500")->content, "slow\n", 'timeout 0 waits as long as it takes, as LWP (no timeout)');
    $r = $t->get("$U/drip?ms=100&n=5");
    is($r->code, 200, 'a body that keeps coming more often than the timeout is read whole');
    is(length $r->content, 5, '... five bytes');
    $r = $ua->get('http://no-such-host.invalid/');
    is($r->code, 500, 'unknown host: 500');
    like($r->message, qr/^Can't connect to no-such-host\.invalid:80\b/, '... "Can\'t connect to host:port" as LWP');
    $r = $ua->get("$U/small", ':content_file' => root() . '/perl/t/no/such/dir/file');
    is($r->code, 200, 'an unwritable :content_file: the status stays');
    like($r->header('X-Died') // '', qr/^Can't write to '.*no\/such\/dir\/file'/, '... X-Died says why');
}

# 3b. the daemon killed in the middle of a body: the response says so, the script goes on
{
    my $dir = File::Temp::tempdir(CLEANUP => 1);
    my $sock = "$dir/private.sock";
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        open STDOUT, '>', '/dev/null';
        exec 'node', root() . '/dist/src/main.js', 'serve', '--socket', $sock or die "exec node: $!";
    }
    for (1 .. 500) { last if -S $sock; select undef, undef, undef, 0.01 }
    my ($out, $err, $code) = do {
        local $ENV{CPAN_BRIDGE_SOCKET} = $sock;
        local $ENV{CPAN_BRIDGE_AUTOSTART} = 0;
        local $ENV{B_PID} = $pid;
        run_perl_facade(<<"PL");
use LWP::UserAgent;
my \$ua = LWP::UserAgent->new;
my \$n = 0;
my \$r = \$ua->get('$U/bytes/104857600', ':content_cb' => sub { kill 'KILL', \$ENV{B_PID} if \$n++ == 0 });
print \$r->code, ' ', (\$r->header('Client-Aborted') // ''), ' ', (\$r->header('X-Died') ? 'died' : 'no X-Died'), "\\n";
my \$after = \$ua->get('$U/small');
print \$after->code, ' ', (\$after->header('Client-Warning') // ''), "\\n";
PL
    };
    waitpid $pid, 0;
    is($code, 0, 'the daemon killed mid-body: the script goes on') or diag $err;
    is($out, "200 die died\n500 Internal response\n", '... the response says the body was cut (X-Died), the next request is an internal 500');
}

# 4. where the facade differs on purpose, and misuse, said clearly
{
    my $w = '';
    local $SIG{__WARN__} = sub { $w .= $_[0] };
    my $l = LWP::UserAgent->new(local_address => '127.0.0.1');
    like($w, qr/local_address is not supported/, 'local_address: a warning says it is not used');
    is($l->get("$U/small")->code, 200, '... and requests still work');
    ok(!eval { $ua->add_handler(response_dat => sub { }); 1 }, 'a handler for a phase LWP does not have croaks');
    like($@, qr/there is no handler phase 'response_dat'/, '... naming the phase');
    ok(!eval { LWP::UserAgent->new({ timeout => 1 }); 1 }, 'new with a hash ref croaks as LWP does');
    like($@, qr/key\/value pairs, not hash reference/, '... with its message');
    my $r = $ua->get('ftp://127.0.0.1/x');
    is($r->code, 501, 'a scheme other than http/https: 501');
    is($r->message, "Protocol scheme 'ftp' is not supported", '... saying so');
    is($ua->is_protocol_supported('ftp'), 0, 'is_protocol_supported(ftp) is 0');
    $ua->show_progress(1);
    is($ua->get("$U/small")->content, "ok\n", 'show_progress is accepted quietly');
    ok(LWP::UserAgent->new(keep_alive => 5)->conn_cache, 'keep_alive: conn_cache is set');
}

# 5. credentials never leave the script in clear: not in an error, not in the daemon's /connections
{
    (my $hp = $U) =~ s{^https?://}{};
    my $a = LWP::UserAgent->new;
    $a->credentials($hp, 'cb-realm', $HTTP{CB_HTTP_USER}, $HTTP{CB_HTTP_PASSWORD});
    is($a->get("$U/basic-auth")->code, 200, 'basic auth after a 401 challenge');
    require CPANBridge::Transport;
    my $res = CPANBridge::Transport->new(socket => $ENV{CPAN_BRIDGE_SOCKET})->request('GET', '/connections', {});
    is($res->{status}, 200, '/connections answers') or diag $res->{content};
    like($res->{content}, qr/"pooled_connections"/, '... with the pooled connections');
    unlike($res->{content}, qr/\Q$HTTP{CB_HTTP_PASSWORD}\E/, '/connections does not show the password');
}

done_testing;
