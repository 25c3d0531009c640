package CPANBridge::DBI::Db;
# ABSTRACT: DBI::db, the database handle of the cpan-bridge DBI look-alike

use strict;
use warnings;
no warnings 'once';

our $VERSION = '1.00';

=head1 NAME

CPANBridge::DBI::Db - package DBI::db (database handles) for cpan-bridge

=head1 SYNOPSIS

  my $dbh = DBI->connect($dsn, $user, $password, { RaiseError => 1, AutoCommit => 1 });
  my $rows = $dbh->do('UPDATE t SET a = ? WHERE id = ?', undef, $a, $id);
  my $all  = $dbh->selectall_arrayref('SELECT * FROM t', { Slice => {} });

=head1 DESCRIPTION

Loaded by L<CPANBridge::DBI>. Implements DBI's database handle methods:
C<prepare>, C<prepare_cached>, C<do>, the C<select*> family, C<begin_work>,
C<commit>, C<rollback>, C<disconnect>, C<ping>, C<quote>,
C<quote_identifier>, C<last_insert_id>, C<table_info>, C<column_info>,
C<tables>, C<err>, C<errstr>, C<state>, C<set_err>. Their behaviour is DBI's;
see L<DBI>.

=head1 METHODS

=head2 prepare, prepare_cached

  my $sth = $dbh->prepare($statement) or die $dbh->errstr;

For PostgreSQL, MySQL and MariaDB nothing reaches the daemon until
C<execute> (as with their DBDs); SQLite compiles at once.

=head2 do

  my $rows = $dbh->do($statement, \%attr, @bind);    # "0E0" for none, undef on error

=head2 begin_work, commit, rollback, disconnect, ping, quote, quote_identifier, last_insert_id, table_info, column_info, tables

=cut

# Connection attributes that travel to the daemon (code refs such as HandleError stay here).
sub _wire_attr {
    my $a = shift;
    my %w;
    for my $k (keys %$a) {
        my $v = $a->{$k};
        next if ref $v || substr($k, 0, 1) eq '_';
        $w{$k} = $k =~ /^(?:AutoCommit|RaiseError|PrintError|ChopBlanks)$/ ? ($v ? JSON::PP::true() : JSON::PP::false()) : $v;
    }
    return \%w;
}

sub connect {
    my ($class, $how, $dsn, $user, $pass, $attr) = @_;
    $attr = {} unless ref $attr eq 'HASH';
    $dsn  = $ENV{DBI_DSN}  if !defined $dsn || $dsn eq '';
    $user = $ENV{DBI_USER} unless defined $user;
    $pass = $ENV{DBI_PASS} unless defined $pass;
    $dsn = '' unless defined $dsn;
    my ($drv, $name) = $dsn =~ /^dbi:(\w+)(?:\(.*?\))?:(.*)$/is;
    unless (defined $drv) {
        die "Can't connect to data source '$dsn' because I can't work out what driver to use "
            . "(it doesn't seem to contain a 'dbi:driver:' prefix and the DBI_DRIVER env var is not set)" . CPANBridge::DBI::_where();
    }
    # Old DBIHelper accepted "dbi:Oracle:" with "user@tns".
    my %a = (PrintError => 1, AutoCommit => 1, RaiseError => 0, %$attr);
    $CPANBridge::DBI::Attrs::BOOLEAN{$_} and $a{$_} = $a{$_} ? 1 : '' for keys %a;
    my $ckey;
    if ($how eq 'connect_cached') {
        # DBI's CachedKids: the same handle while it is alive (pinged), per (dsn, user, password, attr).
        $ckey = join "\0", $dsn, (defined $user ? $user : ''), (defined $pass ? $pass : ''),
            map { "$_=" . (defined $a{$_} ? $a{$_} : '') } sort grep { !ref $a{$_} } keys %a;
        my $h = $CPANBridge::DBI::Db::CACHED{$ckey};
        return $h if $h && (tied %$h)->{Active} && $h->ping;
    }
    my $b = CPANBridge::DBI::bridge();
    my ($res, $e) = $b->rpc("database.$how", { dsn => $dsn, username => (defined $user ? $user : ''),
        password => (defined $pass ? $pass : ''), attr => _wire_attr(\%a) });
    if (!$res) {
        my $tmp = { _drv => $drv, _kind => 'db' };
        my ($err, $errstr, $state) = CPANBridge::DBI::error_from_rpc($tmp, $e);
        CPANBridge::DBI::set_error($tmp, $err, $errstr, $state);
        my $msg = "DBI $how('$name','" . (defined $user ? $user : '') . "',...) failed: $errstr";
        if (ref $a{HandleError} eq 'CODE') { return undef if $a{HandleError}->($msg, undef, undef) }
        my $where = CPANBridge::DBI::_where();
        die $msg . $where if $a{RaiseError};
        warn $msg . $where if $a{PrintError};
        return undef;
    }
    $drv = $res->{driver} if $res->{driver};
    my $bytes_out = $CPANBridge::DBI::BYTES_OUT{$drv} ? 1 : 0;
    $bytes_out = 0 if $a{sqlite_unicode} || $a{mysql_enable_utf8} || $a{mysql_enable_utf8mb4};
    $bytes_out = 1 if $drv eq 'Pg' && defined $a{pg_enable_utf8} && !$a{pg_enable_utf8};
    my $inner = {
        %a,
        _kind => 'db', _drv => $drv, _b => $b, _id => $res->{connection_id}, _bytes_out => $bytes_out,
        _st_class => $a{_st_class} || 'DBI::st',
        Driver => { Name => $drv }, Name => $name, Username => $user, Active => 1,
        AutoCommit => (defined $res->{autocommit} ? ($res->{autocommit} ? 1 : '') : ($a{AutoCommit} ? 1 : '')),
        RaiseError => ($a{RaiseError} ? 1 : ''), PrintError => ($a{PrintError} ? 1 : ''),
        FetchHashKeyName => $a{FetchHashKeyName} || 'NAME',
        LongReadLen => defined $a{LongReadLen} ? $a{LongReadLen} : 80,
        connection_id => $res->{connection_id}, connected => 1, dsn => $dsn,
        err => undef, errstr => undef, state => '',
    };
    my $class_db = ref $class || $class;
    $class_db = $class_db eq 'DBI' ? 'DBI::db' : $class_db;
    my $h = CPANBridge::DBI::make_handle($class_db, $inner);
    if ($ckey) { $CPANBridge::DBI::Db::CACHED{$ckey} = $h; $inner->{_cached} = 1 }
    return $h;
}

our %CACHED;

package DBI::db; # hide from PAUSE

use strict;
use warnings;
no warnings 'once';

our @ISA = ();

sub _in { return tied %{ $_[0] } }

sub _rpc {
    my ($s, $method, $params, $opts) = @_;
    return $s->{_b}->rpc($method, $params, $opts);
}

sub _inactive {
    my ($s, $method) = @_;
    return CPANBridge::DBI::fail($s, $method, $DBI::stderr, "$method on an inactive (disconnected) database handle", 'S1000');
}

sub err    { return _in($_[0])->{err} }
sub errstr { return _in($_[0])->{errstr} }
sub state  { my $s = _in($_[0]); return defined $s->{err} && $s->{err} ne '' && $s->{state} eq '' ? 'S1000' : $s->{state} }
sub set_err {
    my ($h, $err, $errstr, $state, $method, $rv) = @_;
    my $s = _in($h);
    if (!defined $err) { CPANBridge::DBI::clear_error($s); return $rv }
    local $CPANBridge::DBI::DEPTH = 1;
    CPANBridge::DBI::fail($s, $method || 'set_err', $err, $errstr, $state);
    return $rv;
}
sub trace     { return 0 }
sub trace_msg { return 1 }
sub FETCH     { my ($h, $k) = @_; return $h->{$k} }
sub STORE     { my ($h, $k, $v) = @_; $h->{$k} = $v; return 1 }
sub func      { my $h = shift; my $m = pop; return CPANBridge::DBI::fail(_in($h), $m, $DBI::stderr, "func($m) is not supported by cpan-bridge", 'IM001') }
sub can       { my ($h, $m) = @_; return UNIVERSAL::can($h, $m) }

sub prepare {
    my ($h, $sql, $attr) = @_;
    my $s = _in($h);
    CPANBridge::DBI::clear_error($s);
    local $CPANBridge::DBI::DEPTH = $CPANBridge::DBI::DEPTH + 1;
    return _inactive($s, 'prepare') unless $s->{Active};
    if (!defined $sql) { return CPANBridge::DBI::fail($s, 'prepare', $DBI::stderr, 'prepare called without a statement', 'S1000') }
    $s->{Statement} = $sql;
    $s->{_pv} = undef;
    # DBD::Pg, DBD::mysql and DBD::MariaDB prepare on the client: nothing reaches the
    # server before execute, which then prepares and runs in one call (the old
    # DBIHelper's statement handles still prepare at once: scripts read statement_id).
    my $lazy = $s->{_drv} =~ /^(?:Pg|mysql|MariaDB)$/ && $s->{_st_class} eq 'DBI::st';
    my ($res, $e) = $lazy ? () : $s->_rpc_call('database.prepare', { connection_id => $s->{_id}, sql => CPANBridge::DBI::wire_value("$sql", undef, $s->{_bytes_out}) });
    my $deferred;
    if (!$res && !$lazy) {
        # DBD::Pg, DBD::mysql and DBD::MariaDB prepare on the client: SQL errors surface at execute.
        return CPANBridge::DBI::fail_rpc($s, 'prepare', $e) unless $s->{_drv} =~ /^(?:Pg|mysql|MariaDB)$/ && ($e->{type} || '') eq 'backend_error';
        $deferred = $e;
    }
    my $inner = {
        _kind => 'st', _drv => $s->{_drv}, _b => $s->{_b}, _parent => $s, _id => ($res ? $res->{statement_id} : undef),
        _bytes_out => $s->{_bytes_out}, _deferred => $deferred, _lazy => $lazy,
        Statement => $sql, NUM_OF_PARAMS => ($res ? $res->{num_params} : $lazy ? DBI::st::_count_params($sql) : 0), NUM_OF_FIELDS => undef,
        _pnames => ($res ? $res->{param_names} : undef), Active => '', err => undef, errstr => undef, state => '', statement_id => ($res ? $res->{statement_id} : undef), sql => $sql,
    };
    # DBI copies these from the database handle when the statement is made.
    for my $k (qw(RaiseError PrintError HandleError ChopBlanks FetchHashKeyName LongReadLen LongTruncOk PrintWarn ShowErrorStatement)) {
        $inner->{$k} = $s->{$k} if exists $s->{$k};
    }
    if ($res && $res->{names}) { $inner->{NAME} = $res->{names}; $inner->{NUM_OF_FIELDS} = scalar @{ $res->{names} } }
    if (ref $attr eq 'HASH') { $inner->{$_} = $attr->{$_} for grep { !/^_/ } keys %$attr }
    my $sth = CPANBridge::DBI::make_handle($s->{_st_class}, $inner);
    my $kids = $s->{_kids} ||= [];
    @$kids = grep { defined } @$kids if @$kids > 50;
    push @$kids, $inner;
    Scalar::Util::weaken($kids->[-1]);
    return $sth;
}

sub _rpc_call { my $s = shift; return CPANBridge::DBI::call($s->{_b}, @_) }
{ no strict 'refs'; *{'CPANBridge::DBI::Attrs::_rpc_call'} = \&_rpc_call; }

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
    CPANBridge::DBI::clear_error($s);
    local $CPANBridge::DBI::DEPTH = $CPANBridge::DBI::DEPTH + 1;
    return _inactive($s, 'do') unless $s->{Active};
    $s->{Statement} = $sql;
    $s->{_pv} = [@bind];    # DBD::Pg's do() error text shows them under ShowErrorStatement
    my ($res, $e) = $s->_rpc_call('database.do_statement', { connection_id => $s->{_id}, sql => CPANBridge::DBI::wire_value("$sql", undef, $s->{_bytes_out}),
        (@bind ? (bind_values => [ map { CPANBridge::DBI::wire_value($_, undef, $s->{_bytes_out}) } @bind ]) : ()) });
    if (!$res && ($e->{type} || '') eq 'invalid_params' && ($e->{message} || '') =~ /called with (\d+) bind variables when (\d+) are needed/) {
        my ($got, $want) = ($1, $2);
        # DBD::SQLite and DBD::mysql run do() with the values they need; DBD::Pg and DBD::MariaDB refuse.
        return CPANBridge::DBI::fail($s, 'do', -1, "called with $got bind variables when $want are needed", 'S1000') if $s->{_drv} eq 'Pg';
        return CPANBridge::DBI::fail($s, 'do', 1210, 'Wrong number of bind parameters', 'HY000') if $s->{_drv} eq 'MariaDB';
        return $h->do($sql, $attr, @bind[ 0 .. $want - 1 ]) if $got > $want;
        return $h->do($sql, $attr, @bind, (undef) x ($want - $got)) if ($got || $s->{_drv} eq 'SQLite') && $got < $want && $s->{_drv} =~ /^(?:SQLite|mysql)$/;
    }
    return CPANBridge::DBI::fail_rpc($s, 'do', $e) unless $res;
    my $n = $res->{rows};
    $n = $res->{rows_affected} unless defined $n;
    # DBD::SQLite's do() answers sqlite3_changes(), which a query does not set.
    $n = 0 if $s->{_drv} eq 'SQLite' && $sql =~ /^\s*(?:SELECT|WITH|PRAGMA|VALUES|EXPLAIN)\b/i;
    $DBI::rows = $n;
    return defined $n && $n != 0 ? $n : '0E0';
}

sub _simple {
    my ($h, $method, $rpc, $params) = @_;
    my $s = _in($h);
    CPANBridge::DBI::clear_error($s);
    local $CPANBridge::DBI::DEPTH = $CPANBridge::DBI::DEPTH + 1;
    return _inactive($s, $method) unless $s->{Active};
    my ($res, $e) = $s->_rpc_call($rpc, { connection_id => $s->{_id}, %{ $params || {} } });
    return CPANBridge::DBI::fail_rpc($s, $method, $e) unless $res;
    return $res;
}

sub begin_work {
    my $h = shift;
    my $s = _in($h);
    if (!$s->{AutoCommit}) {
        local $CPANBridge::DBI::DEPTH = 1;
        return CPANBridge::DBI::fail($s, 'begin_work', 1, 'Already in a transaction', '25000');
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
        warn "$what ineffective with AutoCommit enabled" . CPANBridge::DBI::_where();
        return $s->{_drv} =~ /^(?:Pg|mysql|MariaDB)$/ ? '' : 1;
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
        my ($res, $e) = $s->_rpc_call('database.set_autocommit', { connection_id => $s->{_id}, autocommit => ($v ? JSON::PP::true() : JSON::PP::false()) });
        if (!$res) { local $CPANBridge::DBI::DEPTH = 1; CPANBridge::DBI::fail_rpc($s, 'STORE', $e); return }
    }
    $s->{AutoCommit} = $v;
    $s->{BegunWork} = 0;
    return;
}

sub disconnect {
    my $h = shift;
    my $s = _in($h);
    return 1 unless $s->{Active};
    # DBI's warning for statements still active at disconnect (DBD::MariaDB finishes them quietly).
    my $active = grep { $_ && $_->{Active} } @{ $s->{_kids} || [] };
    if ($active && $s->{_drv} ne 'MariaDB') {
        warn "$h->disconnect invalidates $active active statement handle" . ($active == 1 ? '' : 's')
            . ' (either destroy statement handles or call finish on them before disconnecting)' . CPANBridge::DBI::_where();
    }
    $_ && ($_->{Active} = '') for @{ $s->{_kids} || [] };
    $s->{Active} = '';
    $s->{connected} = 0;
    my ($res, $e) = $s->_rpc_call('database.disconnect', { connection_id => $s->{_id} });
    return 1;
}

sub DESTROY {
    my $h = shift;
    my $s = tied %$h or return;
    return unless $s->{Active} && !$s->{_cached};
    warn "Issuing rollback() due to DESTROY without explicit disconnect() of DBD::$s->{_drv}::db handle $s->{Name}" . CPANBridge::DBI::_where()
        if !$s->{AutoCommit};
    # at global destruction the session's end closes the connection (and rolls back)
    return if ${^GLOBAL_PHASE} eq 'DESTRUCT';
    local ($@, $!, $?);
    eval { $s->_rpc_call('database.disconnect', { connection_id => $s->{_id} }) };
    return;
}

sub ping {
    my $h = shift;
    my $s = _in($h);
    # DBD::mysql answers 1 for a disconnected handle; the others 0.
    return $s->{_drv} eq 'mysql' ? 1 : 0 unless $s->{Active};
    my ($res) = $s->_rpc_call('database.ping', { connection_id => $s->{_id} });
    return $res && $res->{alive} ? 1 : 0;
}

sub last_insert_id {
    my ($h, $catalog, $schema, $table, $field, $attr) = @_;
    my $res = _simple($h, 'last_insert_id', 'database.last_insert_id', {
        (defined $catalog ? (catalog => $catalog) : ()), (defined $schema ? (schema => $schema) : ()),
        (defined $table ? (table => $table) : ()), (defined $field ? (field => $field) : ()) }) or return undef;
    return $res->{id};
}

sub quote {
    my ($h, $v, $type) = @_;
    my $s = _in($h);
    return 'NULL' unless defined $v;
    my $drv = $s->{_drv};
    $type = $type->{TYPE} if ref $type eq 'HASH';
    if (defined $type && $drv ne 'SQLite' && ($type == 4 || $type == 5 || $type == -5 || $type == -6 || $type == 2 || $type == 3 || $type == 6 || $type == 7 || $type == 8)) {
        return $v;
    }
    if ($drv eq 'mysql' || $drv eq 'MariaDB') {
        (my $q = $v) =~ s/([\\'"\0\n\r\x1a])/my $c = $1; $c eq "\0" ? '\\0' : $c eq "\n" ? '\\n' : $c eq "\r" ? '\\r' : $c eq "\x1a" ? '\\Z' : "\\$c"/ge;
        return "'$q'";
    }
    (my $q = $v) =~ s/'/''/g;
    return "E'" . do { (my $e = $q) =~ s/\\/\\\\/g; $e } . "'" if $drv eq 'Pg' && $q =~ /\\/;
    return "'$q'";
}

sub quote_identifier {
    my ($h, @id) = @_;
    my $s = _in($h);
    my $attr = @id > 3 && ref $id[-1] eq 'HASH' ? pop @id : undef;
    my $qc = $s->{_drv} =~ /^(?:mysql|MariaDB)$/ ? '`' : '"';
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
    return { 17 => $s->{_drv}, 29 => ($s->{_drv} =~ /^(?:mysql|MariaDB)$/ ? '`' : '"'), 41 => '.' }->{$type};
}

sub clone {
    my ($h, $attr) = @_;
    my $s = _in($h);
    my %a = map { ($_ => $s->{$_}) } grep { /^[A-Z]/ && !ref $s->{$_} } keys %$s;
    return DBI->connect($s->{dsn}, $s->{Username}, undef, { %a, %{ $attr || {} } });
}

require CPANBridge::DBI::Select;

1;
