package CPANBridge::DBI::Prefetch;
# ABSTRACT: asks for a statement's next block of rows while Perl still works on the current one

use strict;
use warnings;

our $VERSION = '1.00';

use CPANBridge;

=head1 NAME

CPANBridge::DBI::Prefetch - overlap the daemon's next block with Perl's fetch loop

=head1 SYNOPSIS

  # used by DBI::st; not called by scripts
  CPANBridge::DBI::Prefetch::send($sth_inner) if more rows are coming;
  my ($result, $error) = CPANBridge::DBI::Prefetch::receive($sth_inner);

=head1 DESCRIPTION

When a block of rows arrives and more are coming, the request for the next
block goes out at once (C<< CPANBridge->rpc_begin >>: a second keep-alive
connection of the same session, so the daemon sees the same handles), and
its reply is read (C<rpc_end>) only when the fetch loop has used up the
current block. The
daemon prepares and sends the next block while Perl runs the loop body.
One request is outstanding at a time; a statement that is re-executed,
finished or destroyed with a request outstanding reads (and drops) the
reply first, so replies never go to the wrong caller. Over TCP, in one-shot
mode, or if anything fails, rows are fetched the plain way.

The side connection is per process and per ithread (L<CPANBridge/THREADS>):
a thread started while a request was outstanding has its own side
connection and never reads the reply the parent is waiting for; a copy of
the statement in such a thread fetches the plain way.

=head1 FUNCTIONS

=head2 send

=head2 receive

=head2 drain

=cut

sub _enabled {
    return !(defined $ENV{CPAN_BRIDGE_DBI_PREFETCH} && $ENV{CPAN_BRIDGE_DBI_PREFETCH} eq '0');
}

sub send {
    my ($s) = @_;
    return 0 if !defined $s->{_id} || !_enabled();
    my $p = $s->{_b}->rpc_begin('database.fetch_block', { statement_id => $s->{_id} }, CPANBridge::DBI::Rows::packed_opts($s))
        or return 0;
    $s->{_pending} = $p;
    return 1;
}

sub receive {
    my ($s) = @_;
    my $p = $s->{_pending};
    $s->{_pending} = undef;
    # a forked child, or a thread started while the request was out, never sent it:
    # the reply is the sender's to read; ask the plain way
    return $s->{_b}->rpc('database.fetch_block', { statement_id => $s->{_id} }, CPANBridge::DBI::Rows::packed_opts($s))
        if $p->{pid} != $$ || ($p->{owner} // $$) ne CPANBridge::owner();
    return $s->{_b}->rpc_end($p);
}

sub drain {
    my ($s) = @_;
    my $p = $s->{_pending} or return;
    # another process's or thread's request: it reads the reply, this copy has none to drop
    if ($p->{pid} != $$ || ($p->{owner} // $$) ne CPANBridge::owner()) { $s->{_pending} = undef; return }
    receive($s);
    return;
}

1;
