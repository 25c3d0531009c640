use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(root);
use lib root() . '/perl/compat';
use File::Temp ();
use Test::More;
use XML::Simple;
use CPANBridge;

# Hostile documents through the XML::Simple facade: each dies cleanly (a
# parse error "XML::Simple called" at this file's line, never a transport
# error or a hang), nothing outside the document is read, and the daemon
# answers the next call.

my $bridge = CPANBridge->new;
my $dir = File::Temp::tempdir(CLEANUP => 1);

sub alive {
    my ($name) = @_;
    my $r = $bridge->call('test', 'ping', {});
    ok($r->{success}, "$name: the daemon still answers") or diag explain $r;
}

sub dies_cleanly {
    my ($name, $input, $why) = @_;
    my $v = eval { XMLin($input) };
    my $err = $@;
    ok(!defined $v && $err, "$name: XMLin dies");
    like($err, qr/XML::Simple called at \S+ line \d+/, "$name: as a parse error at the script's line");
    like($err, $why, "$name: saying why");
    unlike($err, qr/transport|internal_error|worker stopped/i, "$name: not a daemon failure");
    alive($name);
}

dies_cleanly('unclosed tags', '<a><b><c>text</b></a>', qr/close tag|unclosed|mismatch/i);
dies_cleanly('truncated document', '<a><b>text', qr/unclosed|end|incomplete/i);

my $lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    . join('', map { my $p = $_ - 1; my $prev = $_ == 1 ? 'lol' : "lol$p"; "<!ENTITY lol$_ \"" . ("&$prev;" x 10) . '">' } 1 .. 9)
    . ']><lolz>&lol9;</lolz>';
dies_cleanly('billion laughs', $lol, qr/entit/i);

open my $secret, '>', "$dir/secret.txt" or die $!;
print $secret "TOP-SECRET-CONTENT\n";
close $secret;
my $xxe = qq{<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://$dir/secret.txt">]><r>&x;</r>};
dies_cleanly('external entity', $xxe, qr/external entit/i);
unlike($@ // '', qr/TOP-SECRET/, 'external entity: the file is not read');
dies_cleanly('parameter entity', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p "x">]><r/>', qr/parameter entit/i);

dies_cleanly('100 000-deep nesting', ('<a>' x 100_000) . ('</a>' x 100_000), qr/deep|nest/i);
dies_cleanly('invalid UTF-8', "<a>caf\xc3\x28 \xff\xfe</a>", qr/UTF-8|encoding|invalid/i);

# a 50 MB text node, from a file (the daemon reads it; the script never holds it)
{
    open my $big, '>', "$dir/big.xml" or die $!;
    print $big '<a>';
    print $big 'x' x (1 << 20) for 1 .. 50;
    print $big '</a>';
    close $big;
    my $v = eval { XMLin("$dir/big.xml") };
    my $err = $@;
    ok(!defined $v && $err, '50 MB text node: XMLin dies');
    like($err, qr/text node longer|exceeds the limit/, '50 MB text node: saying why');
    alive('50 MB text node');
}

# a well-formed document after all that still parses
is_deeply(XMLin('<opt><x>1</x></opt>'), { x => 1 }, 'a good document still parses');

done_testing;
