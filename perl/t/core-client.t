use strict;
use warnings;
use Test::More;
use BridgeTest;
use CPANBridge;

my $bridge = CPANBridge->new;
my $r = $bridge->call_python('test', 'ping', {});
ok($r->{success}, 'ping succeeds');
is($r->{result}{message}, 'pong', 'ping answers pong');

done_testing;
