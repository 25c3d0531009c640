# The client's own JSON encoder writes what JSON::PP writes (JSON::PP is the
# oracle): the same values, numbers and strings told apart the same way,
# escapes, UTF-8, booleans, bytes; anything else goes to JSON::PP itself.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest;
use CPANBridge;
use CPANBridge::JSON;
use JSON::PP;
use Test::More;

my $pp = JSON::PP->new->utf8->allow_nonref->allow_blessed->convert_blessed;
my $canon = JSON::PP->new->utf8->allow_nonref->canonical;
# a value as JSON::PP writes it, keys sorted: compares the decoded texts
my $same = sub { my ($text) = @_; return $canon->encode($canon->decode($text)) };

my $numified = do { my $s = '5'; my $n = $s + 0; $s };
my $stringified = do { my $n = 10; my $s = "$n"; $n };
my @cases = (
    undef, 0, 1, -1, 42, -0.5, 1e3, 1.25e-7, 12345678901234567890, '42', '1e3', '0x10', ' 1', '1 ', '', '0 but true',
    "caf\x{e9}", "\x{263a}", "\xe9\xff", "line\nq\"b\\\x01\x1f/\t\r\f\b", $numified, $stringified,
    [], {}, [ 1, [ 2, [ 3, {} ] ] ], { a => 1, b => 'x', c => [ 1, 2.5, '3', undef, JSON::PP::true, JSON::PP::false ] },
    { "k\n\"ey\x{263a}" => "v" }, { bytes => CPANBridge::bytes("\xff\x00") }, { ref => \1, zero => \0 },
);
for my $i (0 .. $#cases) {
    my $c = $cases[$i];
    my $got = CPANBridge::JSON::encode($c);
    ok(!utf8::is_utf8($got), "case $i: bytes, not characters");
    is($same->($got), $same->($pp->encode($c)), "case $i: what JSON::PP writes");
}
# a number JSON::PP cannot write as JSON goes to JSON::PP, as before
my $inf = 9**9**9;
is(CPANBridge::JSON::encode([$inf]), $pp->encode([$inf]), 'Inf: JSON::PP decides');
done_testing;
