# The old bridge's HTTPHelper as its scripts use it, with perl/lib alone on
# @INC: `use HTTPHelper;` then LWP::UserAgent, HTTP::Request and
# WWW::Mechanize (its stand-in), against the HTTP test server.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl);
use HttpTest qw(%HTTP http_ready);
use Test::More;

if (my $why = http_ready()) { plan skip_all => $why }

my $U = $HTTP{CB_HTTP_URL};

sub old_script {
    my ($body) = @_;
    local $ENV{PERL5LIB} = '';
    my ($out, $err, $code) = run_perl("use strict; use warnings;\nmy \$U = '$U';\n" . $body, inc => [BridgeTest::root() . '/perl/lib']);
    return ($out, $err, $code);
}

# the usage report's patterns: agent prefix, timeout, a form POST by request object and by post()
my ($out, $err, $code) = old_script(<<'PL');
use HTTPHelper;
use JSON::PP;
my $user_agent = new LWP::UserAgent;
print "class: ", ref $user_agent, " timeout: ", $user_agent->timeout, "\n";
$user_agent->agent("AgentName/0.1 " . $user_agent->agent);
$user_agent->timeout(30);
print "agent: ", $user_agent->agent, " timeout: ", $user_agent->timeout, "\n";
my $web_request = HTTP::Request->new(POST => "$U/echo");
print "request object: ", ref $web_request, " $web_request->{method} ", ($web_request->{url} eq "$U/echo" ? 'url' : $web_request->{url}), "\n";
{ package My::UA; our @ISA = ('LWP::UserAgent'); }
print "subclass: ", ref(My::UA->new), "\n";
$web_request->content_type('application/x-www-form-urlencoded');
$web_request->content('ticket=42&who=O%27Brien');
my $response = $user_agent->request($web_request);
my $j = decode_json($response->content);
print "request: ", $response->status_line, " $j->{method} $j->{body_length} ", join(',', map { "$_->[0]=$_->[1]" } grep { $_->[0] =~ /^(User-Agent|Content-Type)$/ } @{ $j->{headers} }), "\n";
my $r2 = $user_agent->post("$U/echo", Content_Type => 'application/x-www-form-urlencoded', Content => 'a=1');
print "post: ", $r2->is_success ? 'ok' : 'failed', ' ', decode_json($r2->decoded_content)->{body_length}, "\n";
my $r3 = $user_agent->post("$U/echo", { k => 'v w' });
print "post hash: ", decode_json($r3->content)->{body_base64}, "\n";
my $nf = $user_agent->get("$U/missing");
print "404: ", $nf->is_success ? 'success' : 'error', ' ', $nf->status_line, "\n";
my $ping = $user_agent->call_python('test', 'ping', {});
print "call_python: ", $ping->{success} ? 'ok' : "failed $ping->{error}", "\n";
print "loaded from: ", ($INC{'LWP/UserAgent.pm'} =~ m{perl/compat/} ? 'facade' : $INC{'LWP/UserAgent.pm'}), "\n";
PL
is($code, 0, 'the old LWP patterns run with perl/lib only') or diag $err;
is($out, <<"OUT", '... and behave as LWP::UserAgent does');
class: HTTPHelper timeout: 180
agent: AgentName/0.1 libwww-perl/6.68 timeout: 30
request object: HTTPHelper::Request POST url
subclass: My::UA
request: 200 OK POST 23 User-Agent=AgentName/0.1 libwww-perl/6.68,Content-Type=application/x-www-form-urlencoded
post: ok 3
post hash: az12K3c=
404: error 404 Not Found
call_python: ok
loaded from: facade
OUT
is($err, '', '... without warnings');

# WWW::Mechanize through the old import, autocheck off and on; the helper's own methods
($out, $err, $code) = old_script(<<'PL');
use HTTPHelper;
my $mech = WWW::Mechanize->new(agent => "Mozilla/6.0", autocheck => 0);
$mech->get("$U/status/503");
print "status: ", $mech->status, " success: ", $mech->success, " class: ", ref $mech, " fields: $mech->{agent} $mech->{autocheck}\n";
$mech->get("$U/small");
print "status: ", $mech->status, " content: ", $mech->content, "uri: ", $mech->uri, "\n";
my $strict = WWW::Mechanize->new;
eval { $strict->get("$U/status/404") };
(my $e = $@) =~ s/ at \S+ line \d+\.?\n//;
print "autocheck: $e\n";
$strict->get("$U/cookies/set?sid=9");
print "cookies kept: ", $strict->content;
my $h = HTTPHelper->new(timeout => 10);
print "get_mechanize: ", $h->get_mechanize("$U/small") ? 1 : 0, " status ", $h->status, "\n";
my $req = HTTPHelper::Request->new('post', "$U/echo");
print "old request class: ", $req->method, ' ', ($req->isa('HTTP::Request') ? 'is' : 'is not'), " an HTTP::Request\n";
my $res = HTTPHelper::Response->new({ status_code => 201, reason => 'Created', content => 'x' });
print "old response class: ", $res->status_line, ' ', $res->content, "\n";
PL
is($code, 0, 'WWW::Mechanize and the helper classes run with perl/lib only') or diag $err;
is($out, <<"OUT", '... as the old helper documented them');
status: 503 success: 0 class: WWW::Mechanize fields: Mozilla/6.0 0
status: 200 content: ok
uri: $U/small
autocheck: Error GETing $U/status/404: Not Found
cookies kept: {"cookie":"sid=9"}
get_mechanize: 1 status 200
old request class: POST is an HTTP::Request
old response class: 201 Created x
OUT
is($err, '', '... without warnings');

# A host without libwww-perl, HTTP::Message or URI: what LWP loads when first needed (HTTP::Request::Common,
# HTTP::Cookies, URI::Escape) comes from perl/compat too, though perl/compat is not on @INC
($out, $err, $code) = old_script(<<'PL');
BEGIN { unshift @INC, sub { die "the host's $_[1] was asked for\n" if $_[1] =~ m{^(?:HTTP|URI|LWP)\b} } }
use HTTPHelper;
my $ua = LWP::UserAgent->new(cookie_jar => {});
print "get: ", $ua->get("$U/cookies/set?a=1")->content;
print "post: ", $ua->post("$U/echo", [ a => 1 ])->code, "\n";
(my $auth = $U) =~ s{//}{//u%40x:p\@};
print "userinfo: ", $ua->get("$auth/echo")->code, "\n";
my @foreign = grep { m{^(?:HTTP|URI|LWP)\b} && $INC{$_} !~ m{/perl/compat/} } sort keys %INC;
print "foreign: @foreign\n";
PL
is($code, 0, 'no host HTTP modules: the old name still works') or diag $err;
is($out, qq{get: {"cookie":"a=1"}\npost: 200\nuserinfo: 200\nforeign: \n}, '... every HTTP, URI and LWP module from perl/compat');

done_testing;
