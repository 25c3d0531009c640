package CPANBridge::SSH::Args;
# ABSTRACT: ssh's command-line options as scripts hand them to the SSH facades, read once

use strict;
use warnings;

our $VERSION = '1.00';

=head1 NAME

CPANBridge::SSH::Args - ssh options (-o Key=Value, -i, -p, -l) as Net::SFTP::Foreign's C<more> and Net::OpenSSH's C<master_opts> carry them

=head1 SYNOPSIS

  for (CPANBridge::SSH::Args::parse(@more)) {
      my ($key, $value, $given) = @$_;
      # ['userknownhostsfile', '/etc/kh', '-o UserKnownHostsFile=/etc/kh'], ['-i', 'id', '-i id'],
      # [undef, undef, '-q'] for what is not an option with a value, in the order given
  }

=head1 DESCRIPTION

Both facades turn these options into the daemon's connect params, each by
its own module's rules (which value wins, what is warned about); the reading
of ssh's syntax is this one function. C<-o> keys come lowercased (ssh's are
case-blind); C<-i>, C<-p> and C<-l> keep their flag as the key, since a
facade may treat them unlike their C<-o> spelling. A value may be glued to
its flag (C<-p2222>) or follow it; C<-o> takes C<Key=Value> or C<Key Value>.
An option missing its value ends the list, as it would end ssh's.

=cut

my %VALUED = map { ($_ => 1) } qw(o i p l F);

sub parse {
    my @args = @_;
    my @out;
    while (@args) {
        my $a = shift @args;
        next unless defined $a;
        if ($a =~ /\A-([oiplF])(.*)\z/s && $VALUED{$1}) {
            my ($flag, $v) = ($1, $2);
            $v = shift @args unless length $v;
            unless (defined $v) { push @out, [undef, undef, $a]; last }
            if ($flag eq 'o') {
                my ($k, $val) = $v =~ /\A\s*(\w+)\s*(?:=\s*|\s+)(.*?)\s*\z/s;
                push @out, [defined $k ? lc $k : undef, $val, "-o $v"];
            }
            elsif ($flag eq 'F') { push @out, [undef, undef, "-F $v"] }
            else { push @out, ["-$flag", $v, "-$flag $v"] }
        }
        else { push @out, [undef, undef, $a] }
    }
    return @out;
}

1;
