package CPANBridge::DBI::Error;
# ABSTRACT: how the DBI facade records and reports errors: err/errstr/state, RaiseError, PrintError, HandleError

use strict;
use warnings;
no warnings 'once';

our $VERSION = '2.00';

=head1 NAME

CPANBridge::DBI::Error - DBI's error conventions for the DBI facade

=head1 SYNOPSIS

  # inside a DBI::db or DBI::st method
  CPANBridge::DBI::Error::clear($s);
  my ($res, $e) = CPANBridge::DBI::call($s->{_b}, 'database.do_statement', \%params);
  return CPANBridge::DBI::Error::fail_rpc($s, 'do', $e) unless $res;

=head1 DESCRIPTION

A failure sets C<err>, C<errstr> and C<state> on the handle (and its
database handle, as DBI shares them) and in C<$DBI::err>,
C<$DBI::errstr>, C<$DBI::state>; the outermost public method then reports
it as DBI does: C<HandleError>, then C<PrintError> (warn), then
C<RaiseError> (die), with the text C<DBD::Pg::st execute failed: ...>.
A daemon error gives C<$DBI::err> and C<$DBI::state> from its C<data.err>
and C<data.state> (what the real DBD sets, computed by the daemon) and
C<errstr> from its message; a bridge error (not the database's) has
C<$DBI::stderr> as C<err>. Nothing here reads an error message's text.

=head1 FUNCTIONS

=head2 set, clear, from_rpc, fail, fail_rpc, outer, report, where

=head2 @OBSERVERS

Code refs called with C<(err, errstr, state)> on every error: the old
bridge's C<DBIHelper> keeps its C<$DBIHelper::errstr> this way.

=cut

our @OBSERVERS;

# The file and line of the user's call, for die/warn texts ("... at script.pl line 12.").
sub where {
    my $i = 0;
    while (my @c = caller($i++)) {
        next if $c[0] =~ /^(?:DBI|DBI::db|DBI::st|DBIHelper|DBIHelper::\w+|CPANBridge(?:::.*)?)$/;
        return " at $c[1] line $c[2].\n";
    }
    return "\n";
}

# Records an error on a handle (and its parent, as DBI shares them) and in $DBI::err/errstr/state.
# An $exact state is kept as it is, '' too: DBD::Pg's state is the server's
# last SQLSTATE, with no S1000 made up for an error of its own.
sub set {
    my ($h, $err, $errstr, $state, $exact) = @_;
    $state = '' unless defined $state;
    $state = 'S1000' if !$exact && $state eq '' && defined $err && $err ne '' && $err ne '0';
    for my $x ($h, ($h->{_parent} ? $h->{_parent} : ())) {
        $x->{err} = $err;
        $x->{errstr} = $errstr;
        $x->{state} = $state;
        $x->{_exact_state} = $exact ? 1 : 0;
    }
    ($DBI::err, $DBI::errstr, $DBI::state) = ($err, $errstr, $state);
    $_->($err, $errstr, $state) for @OBSERVERS;
    return;
}

sub clear {
    my $h = shift;
    $h->{err} = undef; $h->{errstr} = undef; $h->{state} = '';
    $DBI::err = undef; $DBI::errstr = undef; $DBI::state = '';
    return;
}

# A daemon error as DBI's (err, errstr, state): the daemon sends what the DBD sets.
sub from_rpc {
    my ($e) = @_;
    my $d = $e->{data} || {};
    my $msg = defined $e->{message} ? $e->{message} : 'unknown error';
    return ($DBI::stderr, "cpan-bridge: $msg", 'S1000') if ($e->{type} || '') ne 'backend_error';
    return ((defined $d->{err} ? $d->{err} : 1), $msg, (defined $d->{state} ? $d->{state} : ''));
}

# Records a failure and, unless inside another public method, reports it.
sub fail {
    my ($h, $method, $err, $errstr, $state, $exact) = @_;
    set($h, $err, $errstr, $state, $exact);
    return report($h, $method) if $CPANBridge::DBI::DEPTH <= 1;
    return;
}

sub fail_rpc {
    my ($h, $method, $e) = @_;
    return fail($h, $method, from_rpc($e));
}

# Runs $code as the public method $name (select*, made of prepare/execute/fetch):
# an error inside is reported once, under $name.
sub outer {
    my ($s, $name, $code) = @_;
    my @r;
    {
        local $CPANBridge::DBI::DEPTH = $CPANBridge::DBI::DEPTH + 1;
        clear($s);
        @r = $code->();
    }
    if (defined $s->{err} && $s->{err} ne '' && $s->{err} ne '0' && $CPANBridge::DBI::DEPTH == 0) {
        local $CPANBridge::DBI::DEPTH = 1;
        report($s, $name);
    }
    return @r;
}

# HandleError, then PrintError (warn), then RaiseError (die), with DBI's text.
sub report {
    my ($h, $method) = @_;
    my $kind = $h->{_kind} eq 'st' ? 'st' : 'db';
    my $msg = "DBD::$h->{_drv}::$kind $method failed: " . (defined $h->{errstr} ? $h->{errstr} : '');
    if (CPANBridge::DBI::attr($h, 'ShowErrorStatement') && defined $h->{Statement}) {
        # as each DBD keeps them: counted from 0 or 1, held as strings or as given, shown for do() too or not
        my $pv = ($h->{_caps} || {})->{param_values} || { base => 1 };
        my $v = $h->{_pv};
        my $list = ($kind eq 'st' || $pv->{on_do}) && $v && @$v
            ? ' with ParamValues: ' . join(', ', map { ($_ + $pv->{base}) . '=' . DBI::neat($pv->{strings} && defined $v->[$_] ? "$v->[$_]" : $v->[$_]) } 0 .. $#$v) : '';
        $msg .= " [for Statement \"$h->{Statement}\"$list]";
    }
    if (my $he = CPANBridge::DBI::attr($h, 'HandleError')) {
        return if $he->($msg, $h->{_outer}, undef);
    }
    my $where = where();
    warn $msg . $where if CPANBridge::DBI::attr($h, 'PrintError') && !CPANBridge::DBI::attr($h, 'RaiseError');
    if (CPANBridge::DBI::attr($h, 'RaiseError')) {
        warn $msg . $where if CPANBridge::DBI::attr($h, 'PrintError');
        die $msg . $where;
    }
    return;
}

1;
