package CPANBridge::DBI;
# ABSTRACT: what the DBI facade's handles share: the client, its calls, the tied handle, bind values on the wire

use strict;
use warnings;

our $VERSION = '2.00';

use Scalar::Util ();
use CPANBridge;
use CPANBridge::DBI::Attrs;
use CPANBridge::DBI::Error;

=head1 NAME

CPANBridge::DBI - internals of the DBI facade (perl/compat/DBI.pm) that are not DBI's API

=head1 SYNOPSIS

  # used by DBI, DBI::db and DBI::st; not called by scripts
  my ($result, $error) = CPANBridge::DBI::call($s->{_b}, 'database.do_statement', \%params);
  my $h = CPANBridge::DBI::make_handle('DBI::st', \%inner);
  my $v = CPANBridge::DBI::wire_value($s, $value, $sql_type);

=head1 DESCRIPTION

The DBI facade lives under DBI's own names in F<perl/compat> (C<DBI>,
C<DBI::db>, C<DBI::st>). What its packages share and DBI has no name for
lives here: the one C<CPANBridge> client, the call that carries the closes
of dropped statement handles, the tied hash behind every handle
(L<CPANBridge::DBI::Attrs>), and how a bind value travels. A connection's
driver facts (quoting, bytes or characters, what its DBD does with a wrong
number of binds, ...) come from the daemon with C<connect> as
C<< $dbh_inner->{_caps} >>: no driver table is kept here.

=head1 FUNCTIONS

=head2 bridge

=head2 call

  my ($result, $error) = CPANBridge::DBI::call($bridge, $method, \%params, \%options, $inner);

C<$inner> (optional), the handle the call is for, decides how the server
messages that came with the reply are relayed (L</notices>).

=head2 notices

  CPANBridge::DBI::notices($inner, $result->{notices});

Warns PostgreSQL's NOTICE/WARNING/... texts as DBD::Pg does: when the
connection's C<Warn> and C<PrintWarn> are on (DBI's defaults).

=head2 make_handle

=head2 attr

=head2 caps

=head2 wire_value

=head2 shown_dsn

  my $text = CPANBridge::DBI::shown_dsn($dsn);    # password=... becomes password=***

The data source as error messages and warnings show it: never with its password.

=cut

# Nesting of public method calls: only the outermost one raises/prints, under its own name (as DBI does).
our $DEPTH = 0;

my $BRIDGE;
sub bridge { return $BRIDGE ||= CPANBridge->new }

# Statement handles dropped by the script (DBI::st::DESTROY): their
# close_statement calls wait and travel in one JSON-RPC batch with the next
# call (in order, first), so a prepare/execute or select* in a loop does not
# pay a round trip for the close. A disconnect needs none of them: the daemon
# drops a connection's statements with it.
our @CLOSE;
# closes carried by one call, well under the daemon's batch limit (CPAN_BRIDGE_MAX_BATCH);
# the rest go with the next calls
our $CLOSE_PER_CALL = 200;

# $h (optional): the inner hash of the handle the call is for, whose
# attributes decide whether the server's messages that came with the reply
# are warned (see notices).
sub call {
    my ($b, $method, $params, $opts, $h) = @_;
    my ($res, $e);
    if (!@CLOSE) {
        ($res, $e) = $b->rpc($method, $params, $opts);
    } else {
        my @calls = map { [ 'database', 'close_statement', { statement_id => $_ } ] } splice @CLOSE, 0, $CLOSE_PER_CALL;
        my ($m, $f) = split /\./, $method, 2;
        my $r = $b->batch([ @calls, [ $m, $f, $params ] ], $opts);
        my $last = $r->[-1] || {};
        if ($last->{success}) { $res = $last->{result} }
        else {
            $e = { message => $last->{error}, type => $last->{error_type} || 'error',
                data => $last->{error_data} || {}, code => $last->{error_code} };
        }
    }
    my $n = $res ? (ref $res eq 'HASH' ? $res->{notices} : undef) : ($e->{data} || {})->{notices};
    notices($h, $n) if $n;
    return ($res, $e);
}

# The server's messages (PostgreSQL's NOTICE, WARNING, INFO, ...) that came
# with a reply (its "notices", or its error's data.notices: they came before
# the error), each the text libpq hands DBD::Pg's notice processor. DBD::Pg
# warns that text as it is (it ends in a newline: no " at ... line"), before
# the method returns or reports its error, when the connection's Warn and
# PrintWarn are on; a statement's own PrintWarn does not count. Without a
# handle they are warned, as by a connection with DBI's defaults.
sub notices {
    my ($h, $list) = @_;
    return unless ref $list eq 'ARRAY' && @$list;
    my $d = $h && ($h->{_kind} || '') eq 'st' ? $h->{_parent} : $h;
    if ($d) {
        for my $k ('Warn', 'PrintWarn') { return if exists $d->{$k} && !$d->{$k} }
    }
    # libpq hands DBD::Pg the server's bytes: warned as bytes, never as wide characters
    for (@$list) { my $t = $_; utf8::encode($t) if utf8::is_utf8($t); warn $t }
    return;
}

# A data source as messages show it. DBI writes the DSN whole, and DBD::Pg and
# DBD::mysql take a password in it: the bridge never shows a password.
sub shown_dsn {
    my ($dsn) = @_;
    return $dsn unless defined $dsn;
    $dsn =~ s/(\b(?:password|pwd)\s*=\s*)('(?:[^'\\]|\\.)*'|[^;]*)/$1***/gi;
    return $dsn;
}

# An attribute a statement inherits from its database handle unless set on itself.
sub attr {
    my ($h, $k) = @_;
    return $h->{$k} if exists $h->{$k};
    return $h->{_parent} ? $h->{_parent}{$k} : undef;
}

# Makes an outer tied handle around an inner hash, blessed into $class.
sub make_handle {
    my ($class, $inner) = @_;
    my %outer;
    tie %outer, 'CPANBridge::DBI::Attrs', $inner;
    my $h = bless \%outer, $class;
    $inner->{_outer} = $h;
    Scalar::Util::weaken($inner->{_outer});
    return $h;
}

# A connection's capabilities as connect returned them, with the lookups
# made once that hot paths ask per value.
sub caps {
    my ($c) = @_;
    $c = {} unless ref $c eq 'HASH';
    my %c = %$c;
    $c{_binary} = { map { ($_ => 1) } @{ $c{binary_types} || [] } };
    my $q = $c{quote} || {};
    $c{_unquoted} = { map { ($_ => 1) } @{ $q->{unquoted_types} || [] } };
    # JavaScript's $ is Perl's \z (Perl's $ also matches before a final newline)
    (my $number = defined $q->{number} ? $q->{number} : '\A(?!)') =~ s/\$\z/\\z/;
    $c{_number} = qr/$number/;
    my $esc = $q->{escapes} || {};
    $c{_escape} = %$esc ? '[' . join('', map { quotemeta } sort keys %$esc) . ']' : undef;
    return \%c;
}

# Bind values as the daemon wants them; binary types travel as bytes. A DBD
# that sends a byte string as it is (caps bytes_out: DBD::SQLite, DBD::mysql)
# means byte strings that are valid UTF-8 as that text; DBD::Pg and
# DBD::MariaDB take them as Latin-1 characters, which JSON makes of them anyway.
sub wire_value {
    my ($s, $v, $type) = @_;
    return undef unless defined $v;
    if (ref $v) {
        return $v if ref $v eq 'CPANBridge::Bytes';
        return "$v";
    }
    my $caps = $s->{_caps};
    return CPANBridge::bytes($v) if defined $type && $caps->{_binary}{$type};
    if ($caps->{bytes_out} && !utf8::is_utf8($v) && $v =~ /[\x80-\xff]/) {
        my $c = $v;
        return $c if utf8::decode($c);
        return CPANBridge::bytes($v);    # not UTF-8: the DBD would send these very bytes
    }
    # JSON numbers become JavaScript doubles: integers past 2**53 travel as text.
    return "$v" if length($v) > 15 && $v =~ /^-?\d+\z/;
    return $v;
}

1;
