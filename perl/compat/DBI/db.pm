package DBI::db;
# ABSTRACT: DBI's database handle, forwarding to the cpan-bridge daemon

use strict;
use warnings;
no warnings 'once';

our $VERSION = '1.643';

use Carp ();
use Scalar::Util ();
use CPANBridge::DBI;
use CPANBridge::DBI::Bind;
use CPANBridge::DBI::LastRows;

our @ISA = ();

=head1 NAME

DBI::db - database handles of the cpan-bridge DBI facade

=head1 SYNOPSIS

  my $dbh  = DBI->connect($dsn, $user, $password, { RaiseError => 1, AutoCommit => 1 });
  my $rows = $dbh->do('UPDATE t SET a = ? WHERE id = ?', undef, $a, $id);
  my $all  = $dbh->selectall_arrayref('SELECT * FROM t', { Slice => {} });

=head1 DESCRIPTION

Loaded by F<perl/compat/DBI.pm>. DBI's database handle methods, with DBI's
arguments, return values and error conventions; the work goes to the
daemon's C<database.*> methods. Where DBDs differ (what C<commit> returns
with AutoCommit on, C<quote>, C<ping> after C<disconnect>, a wrong number of
binds in C<do>), the connection's capabilities from C<connect> say what its
DBD does.

=head1 METHODS

=head2 prepare, prepare_cached

  $sth = $dbh->prepare($statement)          or die $dbh->errstr;
  $sth = $dbh->prepare($statement, \%attr)  or die $dbh->errstr;

For DBDs that prepare on the client (DBD::Pg, DBD::mysql, DBD::MariaDB)
nothing reaches the daemon until C<execute>, and SQL errors surface there;
SQLite compiles at once.

=head2 do

  $rv = $dbh->do($statement, \%attr, @bind_values);    # "0E0" for none, undef on error

=head2 selectrow_array, selectrow_arrayref, selectrow_hashref, selectall_arrayref, selectall_hashref, selectcol_arrayref

  @row  = $dbh->selectrow_array($statement, \%attr, @bind_values);
  $rows = $dbh->selectall_arrayref($statement, { Slice => {}, MaxRows => 100 }, @bind_values);

An error is reported once, under the method's own name.

=head2 begin_work, commit, rollback, disconnect, ping

  $rc = $dbh->begin_work or die $dbh->errstr;

=head2 quote, quote_identifier

  $sql = $dbh->quote($value, $data_type);

=head2 last_insert_id, table_info, column_info, tables, get_info, clone

=head2 err, errstr, state, set_err

=cut

sub _in { return tied %{ $_[0] } }

sub _call { my ($s, $method, $params, $opts) = @_; return CPANBridge::DBI::call($s->{_b}, $method, $params, $opts, $s) }

sub _inactive {
    my ($s, $method) = @_;
    return CPANBridge::DBI::Error::fail($s, $method, $DBI::stderr, "$method on an inactive (disconnected) database handle", 'S1000');
}

sub err    { return _in($_[0])->{err} }
sub errstr { return _in($_[0])->{errstr} }
sub state  { my $s = _in($_[0]); return defined $s->{err} && $s->{err} ne '' && $s->{state} eq '' ? 'S1000' : $s->{state} }
sub set_err {
    my ($h, $err, $errstr, $state, $method, $rv) = @_;
    my $s = _in($h);
    if (!defined $err) { CPANBridge::DBI::Error::clear($s); return $rv }
    local $CPANBridge::DBI::DEPTH = 1;
    CPANBridge::DBI::Error::fail($s, $method || 'set_err', $err, $errstr, $state);
    return $rv;
}
sub trace     { return 0 }
sub trace_msg { return 1 }
sub FETCH     { my ($h, $k) = @_; return $h->{$k} }
sub STORE     { my ($h, $k, $v) = @_; $h->{$k} = $v; return 1 }
sub func      { my $h = shift; my $m = pop; return CPANBridge::DBI::Error::fail(_in($h), $m, $DBI::stderr, "func($m) is not supported by cpan-bridge", 'IM001') }
sub can       { my ($h, $m) = @_; return UNIVERSAL::can($h, $m) }

sub prepare { my ($h, $sql, $attr) = @_; return _prepare($h, $sql, $attr, 0) }

# $once: a statement the select* methods make, execute once and drop: it
# travels with its execute (one round trip, whatever the driver) and the
# daemon closes it there when its whole result came back with it.
sub _prepare {
    my ($h, $sql, $attr, $once) = @_;
    my $s = _in($h);
    CPANBridge::DBI::Error::clear($s);
    local $CPANBridge::DBI::DEPTH = $CPANBridge::DBI::DEPTH + 1;
    return _inactive($s, 'prepare') unless $s->{Active};
    if (!defined $sql) { return CPANBridge::DBI::Error::fail($s, 'prepare', $DBI::stderr, 'prepare called without a statement', 'S1000') }
    $s->{Statement} = $sql;
    $s->{_pv} = undef;
    my $caps = $s->{_caps};
    # A DBD that prepares on the client sends nothing before execute, which then
    # prepares and runs in one call (unless the handle asks for its statement now).
    my $lazy = $once || ($caps->{prepare_at_execute} && !$s->{_prepare_now});
    my ($res, $e) = $lazy ? () : _call($s, 'database.prepare', { connection_id => $s->{_id}, sql => CPANBridge::DBI::wire_value($s, "$sql") });
    my $deferred;
    if (!$res && !$lazy) {
        # such a DBD reports the statement's errors at execute
        return CPANBridge::DBI::Error::fail_rpc($s, 'prepare', $e) unless $caps->{prepare_at_execute} && ($e->{type} || '') eq 'backend_error';
        $deferred = $e;
    }
    my $inner = {
        _kind => 'st', _owner => CPANBridge::owner(), _drv => $s->{_drv}, _b => $s->{_b}, _parent => $s, _id => ($res ? $res->{statement_id} : undef),
        _caps => $caps, _bytes_out => $caps->{bytes_out}, _deferred => $deferred, _lazy => $lazy, _once => $once,
        Statement => $sql, NUM_OF_PARAMS => ($res ? $res->{num_params} : $lazy ? CPANBridge::DBI::Bind::count_params($sql) : 0), NUM_OF_FIELDS => undef,
        _pnames => ($res ? $res->{param_names} : undef), Active => '', err => undef, errstr => undef, state => '',
    };
    # DBI copies these from the database handle when the statement is made.
    for my $k (qw(RaiseError PrintError HandleError ChopBlanks FetchHashKeyName LongReadLen LongTruncOk PrintWarn ShowErrorStatement)) {
        $inner->{$k} = $s->{$k} if exists $s->{$k};
    }
    if (ref $attr eq 'HASH') { $inner->{$_} = $attr->{$_} for grep { !/^_/ } keys %$attr }
    my $sth = CPANBridge::DBI::make_handle($s->{_st_class}, $inner);
    my $kids = $s->{_kids} ||= [];
    @$kids = grep { defined } @$kids if @$kids > 50;
    push @$kids, $inner;
    Scalar::Util::weaken($kids->[-1]);
    return $sth;
}

sub prepare_cached {
    my ($h, $sql, $attr, $if_active) = @_;
    my $s = _in($h);
    my $cache = $s->{_cache} ||= {};
    my $key = $sql . "\0" . join("\0", map { "$_=" . (defined $attr->{$_} ? $attr->{$_} : '') } sort keys %{ $attr || {} });
    my $sth = $cache->{$key};
    if ($sth && (defined _in($sth)->{_id} || _in($sth)->{_lazy})) {
        if ($sth->{Active}) {
            Carp::carp("prepare_cached($sql) statement handle $sth still Active") if !$if_active;
            $sth->finish if !$if_active || $if_active != 3;
        }
        return $sth;
    }
    $sth = $h->prepare($sql, $attr) or return undef;
    return $cache->{$key} = $sth;
}

sub do {
    my ($h, $sql, $attr, @bind) = @_;
    my $s = _in($h);
    CPANBridge::DBI::Error::clear($s);
    local $CPANBridge::DBI::DEPTH = $CPANBridge::DBI::DEPTH + 1;
    CPANBridge::DBI::LastRows::used($s);
    return _inactive($s, 'do') unless $s->{Active};
    $s->{Statement} = $sql;
    $s->{_pv} = [@bind];    # DBD::Pg's do() error text shows them under ShowErrorStatement
    my ($res, $e) = _call($s, 'database.do_statement', { connection_id => $s->{_id}, sql => CPANBridge::DBI::wire_value($s, "$sql"),
        (@bind ? (bind_values => [ map { CPANBridge::DBI::wire_value($s, $_) } @bind ]) : ()) });
    if (!$res && ($e->{type} || '') eq 'invalid_params' && defined $e->{data}{expected}) {
        # the script's DBD: its own error, or the values padded with NULLs or cut to what is needed
        my @b = @bind;
        my $r = CPANBridge::DBI::Bind::count_rule($s, 'do', \@b, $e->{data}{expected});
        return CPANBridge::DBI::Error::fail($s, 'do', @$r) if ref $r;
        return $h->do($sql, $attr, @b) unless defined $r;
    }
    return CPANBridge::DBI::Error::fail_rpc($s, 'do', $e) unless $res;
    my $n = $res->{rows};
    $n = $res->{rows_affected} unless defined $n;
    return defined $n && $n != 0 ? $n : '0E0';
}

sub _simple {
    my ($h, $method, $rpc, $params) = @_;
    my $s = _in($h);
    CPANBridge::DBI::Error::clear($s);
    local $CPANBridge::DBI::DEPTH = $CPANBridge::DBI::DEPTH + 1;
    return _inactive($s, $method) unless $s->{Active};
    my ($res, $e) = _call($s, $rpc, { connection_id => $s->{_id}, %{ $params || {} } });
    return CPANBridge::DBI::Error::fail_rpc($s, $method, $e) unless $res;
    return $res;
}

sub begin_work {
    my $h = shift;
    my $s = _in($h);
    if (!$s->{AutoCommit}) {
        local $CPANBridge::DBI::DEPTH = 1;
        return CPANBridge::DBI::Error::fail($s, 'begin_work', 1, 'Already in a transaction', '25000');
    }
    _simple($h, 'begin_work', 'database.begin_transaction') or return undef;
    $s->{AutoCommit} = '';
    $s->{BegunWork} = 1;
    return 1;
}

sub _end_txn {
    my ($h, $what) = @_;
    my $s = _in($h);
    if ($s->{AutoCommit}) {
        warn "$what ineffective with AutoCommit enabled" . CPANBridge::DBI::Error::where();
        return $s->{_caps}{ineffective_commit};
    }
    _simple($h, $what, "database.$what") or return undef;
    if ($s->{BegunWork}) { $s->{AutoCommit} = 1; $s->{BegunWork} = 0 }
    return 1;
}

sub commit   { return _end_txn($_[0], 'commit') }
sub rollback { return _end_txn($_[0], 'rollback') }

# $dbh->{AutoCommit} = 0/1 after connect: off opens a transaction, on commits it (DBI semantics).
sub _set_autocommit {
    my ($s, $v) = @_;
    $v = $v ? 1 : '';
    return if ($s->{AutoCommit} ? 1 : '') eq $v;
    if ($s->{Active}) {
        my ($res, $e) = _call($s, 'database.set_autocommit', { connection_id => $s->{_id}, autocommit => ($v ? JSON::PP::true() : JSON::PP::false()) });
        if (!$res) { local $CPANBridge::DBI::DEPTH = 1; CPANBridge::DBI::Error::fail_rpc($s, 'STORE', $e); return }
    }
    $s->{AutoCommit} = $v;
    $s->{BegunWork} = 0;
    return;
}

sub disconnect {
    my $h = shift;
    my $s = _in($h);
    CPANBridge::DBI::Error::clear($s);
    return 1 unless $s->{Active};
    # DBI's warning for statements still active at disconnect (some DBDs finish them quietly).
    my $active = grep { $_ && $_->{Active} } @{ $s->{_kids} || [] };
    if ($active && $s->{_caps}{warn_active_on_disconnect}) {
        warn "$h->disconnect invalidates $active active statement handle" . ($active == 1 ? '' : 's')
            . ' (either destroy statement handles or call finish on them before disconnecting)' . CPANBridge::DBI::Error::where();
    }
    $_ && ($_->{Active} = '') for @{ $s->{_kids} || [] };
    $s->{Active} = '';
    _call($s, 'database.disconnect', { connection_id => $s->{_id} });
    return 1;
}

sub DESTROY {
    my $h = shift;
    my $s = tied %$h or return;
    # a thread's (or forked child's) copy: the connection is its maker's, as with DBI
    return if defined $s->{_owner} && $s->{_owner} ne CPANBridge::owner();
    return unless $s->{Active} && !$s->{_cached};
    warn "Issuing rollback() due to DESTROY without explicit disconnect() of DBD::$s->{_drv}::db handle " . CPANBridge::DBI::shown_dsn($s->{Name}) . CPANBridge::DBI::Error::where()
        if !$s->{AutoCommit};
    # at global destruction the session's end closes the connection (and rolls back)
    return if ${^GLOBAL_PHASE} eq 'DESTRUCT';
    local ($@, $!, $?);
    eval { _call($s, 'database.disconnect', { connection_id => $s->{_id} }) };
    # its statements went with it in the daemon: their own DESTROY has nothing to close
    $s->{Active} = '';
    return;
}

sub ping {
    my $h = shift;
    my $s = _in($h);
    return $s->{_caps}{ping_disconnected} unless $s->{Active};
    my ($res) = _call($s, 'database.ping', { connection_id => $s->{_id} });
    return $res && $res->{alive} ? 1 : 0;
}

sub last_insert_id {
    my ($h, $catalog, $schema, $table, $field, $attr) = @_;
    my $res = _simple($h, 'last_insert_id', 'database.last_insert_id', {
        (defined $catalog ? (catalog => $catalog) : ()), (defined $schema ? (schema => $schema) : ()),
        (defined $table ? (table => $table) : ()), (defined $field ? (field => $field) : ()) }) or return undef;
    return $res->{id};
}

# The connection's quoting rules (capabilities.quote): the daemon's database.quote reads the same ones.
sub quote {
    my ($h, $v, $type) = @_;
    my $c = _in($h)->{_caps};
    return 'NULL' unless defined $v;
    $type = $type->{TYPE} if ref $type eq 'HASH';
    return $v if defined $type && $c->{_unquoted}{$type} && $v =~ $c->{_number};
    my $q = $c->{quote};
    my $esc = $q->{escapes};
    my $out = $v;
    $out =~ s/($c->{_escape})/$esc->{$1}/g if defined $c->{_escape};
    if (defined $q->{backslash_prefix} && index($v, '\\') >= 0) {
        $out =~ s/\\/\\\\/g;
        return "$q->{backslash_prefix}'$out'";
    }
    return "'$out'";
}

sub quote_identifier {
    my ($h, @id) = @_;
    my $qc = _in($h)->{_caps}{identifier_quote};
    my $attr = @id > 3 && ref $id[-1] eq 'HASH' ? pop @id : undef;
    my @parts = map { (my $x = $_) =~ s/\Q$qc\E/$qc$qc/g; "$qc$x$qc" } grep { defined && length } @id;
    return join '.', @parts;
}

sub _info_sth {
    my ($h, $method, $params) = @_;
    my $res = _simple($h, $method, "database.$method", $params) or return undef;
    return DBI::st::_static($h, $res->{names} || [], $res->{rows} || []);
}

sub table_info {
    my ($h, $catalog, $schema, $table, $type) = @_;
    return _info_sth($h, 'table_info', { map { defined $_->[1] ? ($_->[0] => $_->[1]) : () }
        [catalog => $catalog], [schema => $schema], [table => $table], [type => $type] });
}

sub column_info {
    my ($h, $catalog, $schema, $table, $column) = @_;
    return _info_sth($h, 'column_info', { map { defined $_->[1] ? ($_->[0] => $_->[1]) : () }
        [catalog => $catalog], [schema => $schema], [table => $table], [column => $column] });
}

sub tables {
    my ($h, @args) = @_;
    my $sth = $h->table_info(@args) or return ();
    my @t;
    while (my $r = $sth->fetchrow_hashref) {
        push @t, join '.', grep { defined && length } map { $h->quote_identifier($_) } grep { defined && length } @{$r}{qw(TABLE_SCHEM TABLE_NAME)};
    }
    return @t;
}

sub get_info {
    my ($h, $type) = @_;
    my $s = _in($h);
    return { 17 => $s->{_drv}, 29 => $s->{_caps}{identifier_quote}, 41 => '.' }->{$type};
}

sub clone {
    my ($h, $attr) = @_;
    my $s = _in($h);
    my %a = map { ($_ => $s->{$_}) } grep { /^[A-Z]/ && !ref $s->{$_} } keys %$s;
    return DBI->connect($s->{_dsn}, $s->{Username}, undef, { %a, %{ $attr || {} } });
}

# The select* family: prepare (or take a statement handle), execute, fetch;
# an error is reported once, under the outer method's name (as DBI's do).
sub _select_sth {
    my ($h, $sql, $attr, @bind) = @_;
    my $sth = ref $sql ? $sql : _prepare($h, $sql, $attr, 1) or return undef;
    $sth->execute(@bind) or return undef;
    return $sth;
}

# the select* methods: DBI's last handle is the database handle (so $DBI::rows is -1 after them)
sub _outer {
    my ($h, $name, $code) = @_;
    my @r = CPANBridge::DBI::Error::outer(_in($h), $name, $code);
    CPANBridge::DBI::LastRows::used(_in($h));
    return @r;
}

sub _first_row {
    my ($h, $name, $how, @a) = @_;
    my ($row) = _outer($h, $name, sub {
        my $sth = _select_sth($h, @a) or return undef;
        my $r = $sth->$how;
        $sth->finish;
        return ref $r eq 'ARRAY' ? [@$r] : $r;
    });
    return $row;
}

sub selectrow_array {
    my ($h, @a) = @_;
    my $row = _first_row($h, 'selectrow_array', 'fetchrow_arrayref', @a);
    return $row ? $row->[0] : undef unless wantarray;
    return $row ? @$row : ();
}

sub selectrow_arrayref { my ($h, @a) = @_; return _first_row($h, 'selectrow_arrayref', 'fetchrow_arrayref', @a) }
sub selectrow_hashref  { my ($h, @a) = @_; return _first_row($h, 'selectrow_hashref', 'fetchrow_hashref', @a) }

sub selectall_arrayref {
    my ($h, $sql, $attr, @bind) = @_;
    my ($all) = _outer($h, 'selectall_arrayref', sub {
        my $sth = _select_sth($h, $sql, $attr, @bind) or return undef;
        my $slice = $attr && $attr->{Slice};
        $slice = [ map { $_ - 1 } @{ $attr->{Columns} } ] if !$slice && $attr && ref $attr->{Columns} eq 'ARRAY';
        my $max = $attr ? $attr->{MaxRows} : undef;
        my $r = $sth->fetchall_arrayref($slice, $max);
        $sth->finish if defined $max;
        return $r;
    });
    return $all;
}

sub selectall_hashref {
    my ($h, $sql, $key, $attr, @bind) = @_;
    my ($all) = _outer($h, 'selectall_hashref', sub {
        my $sth = _select_sth($h, $sql, $attr, @bind) or return undef;
        return $sth->fetchall_hashref($key);
    });
    return $all;
}

sub selectcol_arrayref {
    my ($h, $sql, $attr, @bind) = @_;
    my ($col) = _outer($h, 'selectcol_arrayref', sub {
        my $sth = _select_sth($h, $sql, $attr, @bind) or return undef;
        my @idx = map { $_ - 1 } @{ ($attr && $attr->{Columns}) || [1] };
        my $max = $attr ? $attr->{MaxRows} : undef;
        my @out;
        my $n = 0;
        while (my $r = $sth->fetchrow_arrayref) {
            push @out, @$r[@idx];
            last if defined $max && ++$n >= $max;
        }
        $sth->finish if defined $max;
        return $sth->err ? undef : \@out;
    });
    return $col;
}

1;
