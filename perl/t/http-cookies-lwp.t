use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade);    # starts a daemon: LWP's facade sends through it
use FacadeDiff qw(pin_env);
use TestServices qw(http_url);
use File::Temp ();
use Test::More;

# Cookie jars under LWP::UserAgent against the HTTP test server: the jar
# fills from a redirect's Set-Cookie and sends on the redirected request,
# cookie_jar => {} makes an HTTP::Cookies, a file jar is saved at the end.
# Real LWP + HTTP::Cookies vs cpan-bridge's LWP (over the daemon) + the
# HTTP::Cookies facade; the hash seed is pinned so cookie order compares.

my $URL = http_url();
pin_env();

my $script = <<'PL';
use strict; use warnings; use LWP::UserAgent; use HTTP::Cookies;
my ($base, $dir) = @ARGV;
my $jar = HTTP::Cookies->new(file => "$dir/jar.txt", autosave => 1, ignore_discard => 1);
my $ua = LWP::UserAgent->new(cookie_jar => $jar);
my $r = $ua->get("$base/cookies/set?sid=abc&lang=en%20US");
print 'after redirect: ', $r->code, ' ', $r->content, ' previous ', ($r->previous ? $r->previous->code : 'none'), "\n";
print $jar->as_string;
print 'headers-multi: ', $ua->get("$base/headers-multi")->code, "\n";
print 'cookies: ', $ua->get("$base/cookies")->content, "\n";
print 'explicit Cookie header wins: ', $ua->get("$base/cookies", Cookie => 'mine=1')->content, "\n";
$jar->clear('127.0.0.1', '/', 'a');
print 'after clear: ', $ua->get("$base/cookies")->content, "\n";
my $ua2 = LWP::UserAgent->new(cookie_jar => {});
$ua2->get("$base/cookies/set?x=1");
print 'hash jar: ', ref($ua2->cookie_jar), ' ', $ua2->get("$base/cookies")->content, "\n";
my $ua3 = LWP::UserAgent->new;
$ua3->get("$base/cookies/set?y=1");
print 'no jar: ', $ua3->get("$base/cookies")->content, "\n";
undef $ua; undef $jar;
open my $fh, '<', "$dir/jar.txt" or die "jar not saved: $!";
print "saved:\n", <$fh>;
PL

my $tmp = File::Temp::tempdir(CLEANUP => 1);
mkdir "$tmp/$_" or die $! for qw(real facade);
my ($rout, $rerr, $rexit) = run_perl_real($script, args => [$URL, "$tmp/real"]);
my ($fout, $ferr, $fexit) = run_perl_facade($script, args => [$URL, "$tmp/facade"]);
is($rexit, 0, 'real LWP with a cookie jar runs') or diag $rerr;
is($fexit, 0, 'the facades run') or diag $ferr;
is($fout, $rout, 'the same cookies sent, received and saved') or diag "real:\n$rout\nfacade:\n$fout";
is($ferr, $rerr, 'same warnings');
like($fout, qr/^after redirect: 200 \{"cookie":"[^"]*sid=abc[^"]*"\}\s+previous 302$/m, 'the cookie set by the 302 went with the redirected request');
like($fout, qr/^hash jar: HTTP::Cookies \{"cookie":"x=1"\}\s*$/m, 'cookie_jar => {} keeps cookies in a new HTTP::Cookies');
like($fout, qr/^no jar: \{"cookie":null\}\s*$/m, 'no jar, no cookies');
like($fout, qr/^saved:\n#LWP-Cookies-1\.0\n(?:Set-Cookie3: .*\n)+\z/m, 'the file jar is saved when it goes away');

done_testing;
