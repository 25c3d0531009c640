// Runs the real XML::Simple (Debian's libxml-simple-perl, the test oracle) over
// a list of cases in one Perl process and returns what it gave, so simpleIn /
// simpleOut are compared with the module itself, not with expectations
// written by hand.
import { spawnSync } from 'node:child_process'

export interface InCase { xml: string, opts?: string }
export interface OutCase { data: string, opts?: string }

export interface OracleIn { value?: unknown, error?: string, warnings: string[], wire: Record<string, unknown> }
export interface OracleOut { xml?: string, error?: string, warnings: string[], data: unknown, wire: Record<string, unknown> }

const PERL = String.raw`
use strict; use warnings;
use XML::Simple ();
use JSON::PP ();
my $json = JSON::PP->new->utf8->canonical->allow_nonref;
# $/ only for this read: XML::SAX reads its parser list line by line (undef there means PurePerl)
my $cases = $json->decode(do { local $/; <STDIN> });
# options as the facade sends them: a qr// as its string form
sub wire {
  my $v = shift;
  return "$v" if ref $v eq 'Regexp';
  return [ map { wire($_) } @$v ] if ref $v eq 'ARRAY';
  return { map { ($_ => wire($v->{$_})) } keys %$v } if ref $v eq 'HASH';
  return $v;
}
my @out;
for my $c (@{ $cases->{in} }) {
  my @opts = eval($c->{opts} // '()'); die $@ if $@;
  my %w = @opts;
  my @warn;
  local $SIG{__WARN__} = sub { my $m = shift; $m =~ s/ at \S+ line \d+\.?\n\z//; push @warn, $m };
  my $v = eval { XML::Simple::XMLin($c->{xml}, @opts) };
  my $err = $@; $err =~ s/ at \S+ line \d+\.?\n\z// if $err;
  push @out, { ($err ? (error => $err) : (value => $v)), warnings => \@warn, wire => wire(\%w) };
}
my @outx;
for my $c (@{ $cases->{out} }) {
  my @opts = eval($c->{opts} // '()'); die $@ if $@;
  my $data = eval($c->{data}); die $@ if $@;
  my %w = @opts;
  my @warn;
  local $SIG{__WARN__} = sub { my $m = shift; $m =~ s/ at \S+ line \d+\.?\n\z//; push @warn, $m };
  my $x = eval { XML::Simple::XMLout($data, @opts) };
  my $err = $@; $err =~ s/ at \S+ line \d+\.?\n\z// if $err;
  push @outx, { ($err ? (error => $err) : (xml => $x)), warnings => \@warn, data => $data, wire => wire(\%w) };
}
print $json->encode({ in => \@out, out => \@outx });
`

export function oracle (cases: { in: InCase[], out: OutCase[] }): { in: OracleIn[], out: OracleOut[] } {
  const r = spawnSync('perl', ['-e', PERL], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`oracle perl failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as { in: OracleIn[], out: OracleOut[] }
}

/** Plain objects with sorted keys (simpleIn builds null-prototype ones), for toEqual. */
export function plain (v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain)
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) Object.defineProperty(out, k, { value: plain((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true })
    return out
  }
  return v
}
