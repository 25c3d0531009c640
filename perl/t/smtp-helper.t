# The old bridge's SMTPHelper API, as its scripts use it (`use SMTPHelper;`
# then Net::SMTP->new ... datasend() ... quit), against the capture server:
# the fields those scripts read ({_connection_id}, {_host}, {_port}), new()
# without a host, the production pattern (datasend() without data, quit
# ending the message) with the bytes the server received, the old helper's
# false datasend before data and true second quit, call_python on the object,
# and the old smtp_helper.* daemon calls with their result shapes.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root);
use MailTest qw(%SVC unique_rcpt spooled have_smtp);
use Test::More;

plan skip_all => 'no SMTP capture server: bash scripts/test-services.sh start' unless have_smtp();

use lib root() . '/perl/lib';
use SMTPHelper;

my ($HOST, $PORT) = @SVC{qw(CB_SMTP_HOST CB_SMTP_PORT)};

like($INC{'Net/SMTP.pm'}, qr{perl/compat/Net/SMTP\.pm\z}, 'use SMTPHelper loads the Net::SMTP facade');
ok(Net::SMTP->isa('CPANBridge'), 'Net::SMTP objects are CPANBridge objects, as under the old helper');
ok(!defined Net::SMTP->new(), 'new() without a host: undef');

# 1. the fields the old scripts read
{
    my $smtp = Net::SMTP->new($HOST, Port => $PORT, Timeout => 30, Debug => 0);
    ok($smtp, 'new') or diag "new: $@";
    ok($smtp->{_connection_id}, '{_connection_id} set after new');
    is($smtp->{_host}, $HOST, '{_host} is the host given');
    is($smtp->{_port}, $PORT, '{_port} is the port given');
    my $id = $smtp->{_connection_id};
    ok($smtp->mail('from@example.test'), 'mail');
    is($smtp->{_connection_id}, $id, '{_connection_id} unchanged by mail');
    ok($smtp->quit, 'quit');
    ok(!exists $smtp->{_connection_id}, '{_connection_id} removed by quit');
    ok($smtp->quit, 'a second quit is true, as the old helper said (the real module: false)');
    ok(!$smtp->mail('from@example.test'), 'mail after quit: false');
    ok(!$smtp->to('x@example.test'), 'to after quit: false');
    ok(!$smtp->data, 'data after quit: false');
    ok(!$smtp->datasend("x\n"), 'datasend after quit: false');
}

# 2. the production pattern (30165CbiWasCtl.pl): one connection per recipient,
#    lines sent without newlines, datasend() to "flush", quit ends the message
for my $n (1, 2) {
    my $to = unique_rcpt("prod$n");
    my $smtp = Net::SMTP->new($HOST, Port => $PORT, Timeout => 30, Debug => 0) || die("with error $!");
    $smtp->mail('SLM-ReleaseManagement@example.test');
    $smtp->to($to);
    $smtp->data();
    $smtp->datasend("To: $to\n");
    $smtp->datasend("From: SLM-ReleaseManagement\@example.test\n");
    $smtp->datasend("Subject: release $n\n");
    $smtp->datasend("\n");
    $smtp->datasend($_) for "line one\n", ".dot line\n", "no newline at the end";
    ok($smtp->datasend(), "production pattern $n: datasend() without data is true");
    ok($smtp->quit(), "production pattern $n: quit");
    my ($eml, $meta) = spooled($to);
    is($eml, "To: $to\r\nFrom: SLM-ReleaseManagement\@example.test\r\nSubject: release $n\r\n\r\nline one\r\n.dot line\r\nno newline at the end\r\n",
        "production pattern $n: the server got the message, CRLF line ends, the dot line intact");
    is($meta && $meta->{mail_from}, 'SLM-ReleaseManagement@example.test', "production pattern $n: envelope sender");
}

# 3. datasend before data: false with a warning, as the old helper (the real module writes the bytes)
{
    my $to = unique_rcpt('early');
    my $smtp = Net::SMTP->new($HOST, Port => $PORT, Timeout => 30);
    $smtp->mail('from@example.test');
    $smtp->to($to);
    my @warn;
    my $r = do { local $SIG{__WARN__} = sub { push @warn, @_ }; $smtp->datasend("This should fail\n") };
    ok(!$r, 'datasend before data: false');
    like("@warn", qr/datasend\(\).*data\(\)/, 'with a warning naming data()');
    ok($smtp->data, 'data afterwards');
    ok($smtp->datasend("Subject: after all\n\nbody\n"), 'datasend in the data phase');
    ok($smtp->dataend, 'dataend');
    ok($smtp->quit, 'quit');
    my ($eml) = spooled($to);
    is($eml, "Subject: after all\r\n\r\nbody\r\n", 'the refused datasend sent nothing');
}

# 4. a message left open when the object goes away is not delivered
{
    my $to = unique_rcpt('dropped');
    {
        my $smtp = Net::SMTP->new($HOST, Port => $PORT, Timeout => 30);
        $smtp->mail('from@example.test');
        $smtp->to($to);
        $smtp->data;
        $smtp->datasend("Subject: never sent\n\nhalf a message\n");
    }
    my ($eml) = spooled($to, 2);
    ok(!defined $eml, 'an object dropped in the data phase delivers nothing');
}

# 4b. a carriage return in a command is refused (the facade's one refusal the real module lacks)
{
    my $smtp = Net::SMTP->new($HOST, Port => $PORT, Timeout => 30);
    ok(!eval { $smtp->mail("a\rQUIT\@example.test"); 1 }, 'a CR in an address croaks');
    like($@, qr/carriage return in an SMTP command is refused/, 'saying why');
    ok($smtp->mail('from@example.test'), 'the connection is still usable');
    $smtp->quit;
}

# 5. call_python on the object (the old helper's objects were CPANBridge objects)
{
    my $smtp = Net::SMTP->new($HOST, Port => $PORT, Timeout => 30);
    my $r = $smtp->call_python('test', 'echo', { said => 'hi' });
    ok($r && $r->{success}, 'call_python on a Net::SMTP object') or diag explain $r;
    $smtp->quit;
}

# 6. the old daemon calls, their shapes and their errors
{
    my $b = CPANBridge->new;
    my $to = unique_rcpt('old');
    my $c = $b->call_python('smtp_helper', 'new', { host => $HOST, port => 0 + $PORT, timeout => 30, debug => 0, localhost => undef });
    ok($c->{success} && $c->{connection_id}, 'smtp_helper.new: success and connection_id') or diag explain $c;
    my $id = $c->{connection_id};
    my $early = $b->call_python('smtp_helper', 'datasend', { connection_id => $id, data => "x\n" });
    ok(!$early->{success}, 'smtp_helper.datasend before data fails');
    like($early->{error} || '', qr/Must call data\(\) first/, 'worded as the old helper');
    ok($b->call_python('smtp_helper', 'mail', { connection_id => $id, sender => 'Old <old@example.test>' })->{success}, 'smtp_helper.mail');
    ok($b->call_python('smtp_helper', 'to', { connection_id => $id, recipient => $to })->{success}, 'smtp_helper.to');
    my $rej = $b->call_python('smtp_helper', 'to', { connection_id => $id, recipient => 'reject' . unique_rcpt() });
    ok(!$rej->{success}, 'smtp_helper.to a refused recipient fails');
    like($rej->{error} || '', qr/550/, 'with the 550 in the error');
    ok($b->call_python('smtp_helper', 'data', { connection_id => $id })->{success}, 'smtp_helper.data');
    ok($b->call_python('smtp_helper', 'datasend', { connection_id => $id, data => $_ })->{success}, 'smtp_helper.datasend buffers')
        for "Subject: old calls\n", "\n", ".leading dot\n", "end";
    ok($b->call_python('smtp_helper', 'datasend', { connection_id => $id })->{success}, 'smtp_helper.datasend without data sends');
    ok($b->call_python('smtp_helper', 'quit', { connection_id => $id })->{success}, 'smtp_helper.quit');
    ok($b->call_python('smtp_helper', 'quit', { connection_id => $id })->{success}, 'smtp_helper.quit again: still success');
    my $gone = $b->call_python('smtp_helper', 'mail', { connection_id => $id, sender => 'a@example.test' });
    like($gone->{error} || '', qr/Invalid connection ID/, 'a quit connection is an invalid connection ID');
    my ($eml, $meta) = spooled($to);
    is($eml, "Subject: old calls\r\n\r\n.leading dot\r\nend\r\n", 'the old calls delivered the message');
    is($meta && $meta->{mail_from}, 'old@example.test', 'the address inside <> is the envelope sender');
    my $refused = $b->call_python('smtp_helper', 'new', { host => '127.0.0.1', port => 1, timeout => 5 });
    ok(!$refused->{success}, 'smtp_helper.new to a closed port fails');
    like($refused->{error} || '', qr/Connection error: .*refused/i, 'worded as the old helper');
}

done_testing;
