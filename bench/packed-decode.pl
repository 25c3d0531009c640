#!/usr/bin/perl
# Decodes the same data from a JSON file (JSON::PP) and a packed file
# (CPANBridge::Packed), best of 3 each, and checks both give the same data.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../perl/lib";
use CPANBridge::Packed;
use JSON::PP;
use Time::HiRes qw(time);

my ($jf, $pf) = @ARGV;
my $slurp = sub { open my $fh, '<:raw', $_[0] or die "$_[0]: $!"; local $/; scalar <$fh> };
my ($json, $packed) = ($slurp->($jf), $slurp->($pf));
my $J = JSON::PP->new->utf8;
my ($jv, $pv);
my $best = sub { my $code = shift; my $b = 9e9; for (1 .. 3) { my $t = time; $code->(); my $d = time - $t; $b = $d if $d < $b } $b };
my $js = $best->(sub { $jv = $J->decode($json) });
my $ps = $best->(sub { $pv = CPANBridge::Packed::decode($packed) });
# same data: compare canonical JSON of both (numbers compared as numbers)
my $C = JSON::PP->new->canonical->allow_nonref;
my $norm; $norm = sub { my $v = shift; ref $v eq 'HASH' ? { map { $_ => $norm->($v->{$_}) } keys %$v } : ref $v eq 'ARRAY' ? [ map { $norm->($_) } @$v ] : defined $v && $v =~ /^-?\d+(\.\d+)?$/ ? 0 + $v : $v };
my $same = $C->encode($norm->($jv)) eq $C->encode($norm->($pv)) ? 1 : 0;
print encode_json({ json_s => $js, packed_s => $ps, same => $same }), "\n";
