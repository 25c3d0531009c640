package DBI::st;
# ABSTRACT: DBI's statement handle, forwarding to the cpan-bridge daemon

use strict;
use warnings;
no warnings 'once';

our $VERSION = '1.643';

use JSON::PP ();
use CPANBridge::DBI;
use CPANBridge::DBI::Batch;
use CPANBridge::DBI::Bind;
use CPANBridge::DBI::Prefetch;
use CPANBridge::DBI::Rows;
use CPANBridge::DBI::LastRows;

our @ISA = ();

=head1 NAME

DBI::st - statement handles of the cpan-bridge DBI facade

=head1 SYNOPSIS

  my $sth = $dbh->prepare('SELECT id, name FROM t WHERE id > ?');
  $sth->execute(10);
  while (my $row = $sth->fetchrow_arrayref) { print "@$row\n" }

  $sth = $dbh->prepare('INSERT INTO t (id, name) VALUES (?, ?)');
  $sth->execute_array({ ArrayTupleStatus => \my @status }, \@ids, \@names);

=head1 DESCRIPTION

Loaded by F<perl/compat/DBI.pm>. C<execute> brings back the first block of
rows with its reply; the C<fetch*> methods read from that block and ask for
the next one when it runs out (L<CPANBridge::DBI::Rows>), so a fetch loop is
not a round trip per row. C<fetchrow_arrayref> returns the same array
reference on every call, as DBI does. C<execute_array> sends all rows as one
packed table in one call (L<CPANBridge::DBI::Batch>).

=head1 METHODS

=head2 execute

  $rv = $sth->execute(@bind_values);    # rows affected, "0E0" for none, -1 when not known

A wrong number of values is what the script's DBD makes of it: padded with
NULLs, or its own error (L<CPANBridge::DBI::Bind>).

=head2 fetchrow_arrayref, fetch, fetchrow_array, fetchrow_hashref

  while ($ary_ref = $sth->fetchrow_arrayref) { ... }

=head2 fetchall_arrayref, fetchall_hashref

  $rows = $sth->fetchall_arrayref({});      # an array of hashes
  $hash = $sth->fetchall_hashref('id');

=head2 bind_param, bind_param_array, bind_param_inout, bind_col, bind_columns

  $sth->bind_param(1, $value, SQL_INTEGER);
  $sth->bind_param(':name', $bytes, { TYPE => SQL_BLOB });
  $sth->bind_columns(\$id, \$name);

=head2 execute_array

  $tuples = $sth->execute_array({ ArrayTupleStatus => \@status }, \@col1, \@col2) or die $sth->errstr;

C<ArrayTupleStatus> holds each tuple's row count, or C<[err, errstr, state]>
for a failed one; with failures it returns C<undef> and reports
C<executing N generated M errors>.

=head2 rows, finish, dump_results

=head2 err, errstr, state, set_err

=cut

sub _in { return tied %{ $_[0] } }

sub err    { return _in($_[0])->{err} }
sub errstr { return _in($_[0])->{errstr} }
sub state  { my $s = _in($_[0]); return defined $s->{err} && $s->{err} ne '' && $s->{state} eq '' && !$s->{_exact_state} ? 'S1000' : $s->{state} }
sub set_err { my $h = shift; return DBI::db::set_err($h, @_) }
sub trace     { return 0 }
sub trace_msg { return 1 }
sub FETCH     { my ($h, $k) = @_; return $h->{$k} }
sub STORE     { my ($h, $k, $v) = @_; $h->{$k} = $v; return 1 }
sub can       { my ($h, $m) = @_; return UNIVERSAL::can($h, $m) }

sub _fail { my ($s, $m, @e) = @_; return CPANBridge::DBI::Error::fail($s, $m, @e) }

sub execute {
    my ($h, @bind) = @_;
    my $s = _in($h);
    CPANBridge::DBI::Error::clear($s);
    CPANBridge::DBI::LastRows::used($s);
    local $CPANBridge::DBI::DEPTH = $CPANBridge::DBI::DEPTH + 1;
    return CPANBridge::DBI::Error::fail_rpc($s, 'execute', $s->{_deferred}) if $s->{_deferred};
    return _fail($s, 'execute', $DBI::stderr, 'execute on a statement of an inactive (disconnected) database handle', 'S1000')
        unless $s->{_parent}{Active} && (defined $s->{_id} || $s->{_lazy});
    my ($vals, $types) = CPANBridge::DBI::Bind::values_of($s, @bind);
    my $np = $s->{NUM_OF_PARAMS};
    if (!$s->{_lazy} && defined $np && (@bind || !$s->{_bind})) {
        # the count is known here: the DBD's answer to a wrong one needs no round trip
        my $r = CPANBridge::DBI::Bind::count_rule($s, 'execute', $vals, $np);
        return _fail($s, 'execute', @$r) if ref $r;
        $s->{_pv} = [@$vals];
    }
    CPANBridge::DBI::Prefetch::drain($s) if $s->{_pending};
    my $target = defined $s->{_id} ? { statement_id => $s->{_id} }
        : { connection_id => $s->{_parent}{_id}, sql => CPANBridge::DBI::wire_value($s, "$s->{Statement}"), ($s->{_once} ? (once => JSON::PP::true()) : ()) };
    my ($res, $e) = CPANBridge::DBI::Rows::rpc_rows($s, 'database.execute_statement', { %$target,
        bind_values => CPANBridge::DBI::Bind::wire($s, $vals, $types), ($types ? (bind_types => $types) : ()), column_info => JSON::PP::false() });
    if (!$res && ($e->{type} || '') eq 'invalid_params' && defined $e->{data}{expected}) {
        my $r = CPANBridge::DBI::Bind::count_rule($s, 'execute', $vals, $e->{data}{expected});
        return _fail($s, 'execute', @$r) if ref $r;
        if (!defined $r) {
            $types = [ @$types, (undef) x (@$vals - @$types) ] if $types;
            ($res, $e) = CPANBridge::DBI::Rows::rpc_rows($s, 'database.execute_statement', { %$target,
                bind_values => CPANBridge::DBI::Bind::wire($s, $vals, $types), ($types ? (bind_types => $types) : ()), column_info => JSON::PP::false() });
        }
    }
    if ($res && !defined $s->{_id}) {
        # a once statement whose whole result came back is closed already (statement_id null)
        $s->{_id} = $res->{statement_id};
        $s->{NUM_OF_PARAMS} = $res->{num_params} if defined $res->{num_params};
    }
    if (!$res) {
        $s->{Active} = '';
        $s->{_c} = [];
        $s->{_done} = 1;
        return CPANBridge::DBI::Error::fail_rpc($s, 'execute', $e);
    }
    return _executed($s, $res);
}

# Takes execute's reply: the statement's attributes, its first block, the return value.
sub _executed {
    my ($s, $res) = @_;
    my $caps = $s->{_caps} || {};
    my $nf = $res->{num_of_fields} || 0;
    $s->{NUM_OF_FIELDS} = $nf;
    if ($nf) {
        $s->{NAME} = $res->{names} || [];
        $s->{TYPE} = $res->{types} if $res->{types};
        $s->{TYPE} = $res->{type_names} if $caps->{type_is_name} && ref $res->{type_names} eq 'ARRAY';
        $s->{NULLABLE} = $res->{nullable} if $res->{nullable};
        # some DBDs say '' (not 0) for a NOT NULL column
        $s->{NULLABLE} = [ map { defined $_ && $_ eq '0' ? '' : $_ } @{ $s->{NULLABLE} } ] if $s->{NULLABLE} && defined $caps->{not_null} && $caps->{not_null} eq '';
        $s->{PRECISION} = $res->{precision} if $res->{precision};
        $s->{SCALE} = $res->{scale} if $res->{scale};
        delete $s->{_hk};
        CPANBridge::DBI::Rows::plan($s, $res->{value_kinds});
    }
    $s->{_nc} = $nf;
    my $c = CPANBridge::DBI::Rows::cells($s, $res->{block});
    my $nrows = $nf ? @$c / $nf : 0;
    $s->{_c} = $c;
    $s->{_done} = $res->{done} || !$nf ? 1 : 0;
    $s->{_fetched} = 0;
    $s->{_fa} = [];
    $s->{_post} = ($s->{_bound} || CPANBridge::DBI::attr($s, 'ChopBlanks')) ? 1 : 0;
    if ($s->{_inout}) {
        my ($out) = $s->{_b}->rpc('database.get_out_params', { statement_id => $s->{_id} });
        my $vals = $out ? ($out->{out_params} || $out) : {};
        if ($nf) {
            # a statement with rows (DBD::Pg's case) fills INOUT variables from the first row when it is fetched
            $s->{_inout_vals} = $vals;
            $s->{_post} = 1;
        } else {
            for my $p (keys %{ $s->{_inout} }) { ${ $s->{_inout}{$p} } = $vals->{$p} if exists $vals->{$p} }
        }
    }
    if (!$nf) {
        $s->{Active} = '';
        my $n = $res->{rows};
        $s->{_rows} = defined $n ? $n : -1;
        return defined $n && $n != 0 ? $n : '0E0';
    }
    $s->{Active} = 1;
    CPANBridge::DBI::Prefetch::send($s) if !$s->{_done} && $CPANBridge::DBI::Rows::PACKED;
    my $counts = ($caps->{select_rows} || 'count') eq 'count';
    my $total = !$counts ? undef : $s->{_done} ? $nrows : (defined $res->{rows} && $res->{rows} >= 0 ? $res->{rows} : undef);
    $s->{_total} = $total;
    $s->{_rows} = undef;
    return '0E0' unless $counts;
    return defined $total ? ($total ? $total : '0E0') : -1;
}

# fetchrow_arrayref and its names: the same code made once per name, so a
# fetch on a statement with no rows reports under the name the script called
# (fetch, fetchrow_hashref, ...) without costing the row path a sub call.
sub _fetcher {
    my ($name) = @_;
    return sub {
        my $s = tied %{ $_[0] };
        my $c = $s->{_c} || return _no_rows($s, $name);
        if (!@$c) {
            return _no_rows($s, $name) unless $s->{Active};
            CPANBridge::DBI::Rows::next_block($s) or return undef;
            $c = $s->{_c};
        }
        my $fa = $s->{_fa};
        @$fa = splice @$c, 0, $s->{_nc};
        CPANBridge::DBI::Rows::post($s, $fa) if $s->{_post};
        $s->{_fetched}++;
        return $fa;
    };
}

my %FETCH = map { ($_ => _fetcher($_)) } qw(fetchrow_arrayref fetch fetchrow_array fetchrow_hashref);
*fetchrow_arrayref = $FETCH{fetchrow_arrayref};
*fetch = $FETCH{fetch};

# A fetch from a statement that has no rows to give (never executed, failed,
# not a SELECT, past its end, finished) does what the script's DBD does
# (caps fetch_inactive): nothing (DBD::SQLite); an error for any inactive
# statement (DBD::Pg, DBD::mysql); an error only when the last execute gave
# no result set (when => 'no_result': DBD::MariaDB, silent after the end or
# finish). A null state keeps the statement's own SQLSTATE, as DBD::Pg's does.
sub _no_rows {
    my ($s, $name) = @_;
    my $f = ($s->{_caps} || {})->{fetch_inactive};
    my ($failed, $state) = (defined $s->{err} && $s->{err} ne '' && $s->{err} ne '0', $s->{state});
    # DBI clears the error (shared with the database handle) as the method starts;
    # only this slow path pays for it, a row being fetched cannot follow an error
    CPANBridge::DBI::Error::clear($_) for grep { defined } $s, $s->{_parent};
    return undef if !$f || (($f->{when} || '') eq 'no_result' && $s->{NUM_OF_FIELDS} && !$failed);
    local $CPANBridge::DBI::DEPTH = $CPANBridge::DBI::DEPTH + 1;
    if (defined $f->{state}) { CPANBridge::DBI::Error::fail($s, $name, $f->{err}, $f->{errstr}, $f->{state}) }
    else { CPANBridge::DBI::Error::fail($s, $name, $f->{err}, $f->{errstr}, $state, 1) }
    return undef;
}

sub fetchrow_array {
    my $r = $FETCH{fetchrow_array}->($_[0]) or return;
    return wantarray ? @$r : $r->[-1];
}

sub _hash_keys {
    my ($s, $name) = @_;
    $name ||= CPANBridge::DBI::attr($s, 'FetchHashKeyName') || 'NAME';
    return $s->{_hk}{$name} ||= CPANBridge::DBI::Attrs::FETCH($s, $name) || [];
}

sub fetchrow_hashref {
    my ($h, $name) = @_;
    my $s = _in($h);
    my $r = $FETCH{fetchrow_hashref}->($h) or return undef;
    my %row;
    @row{ @{ _hash_keys($s, $name) } } = @$r;
    return \%row;
}

sub fetchall_arrayref {
    my ($h, $slice, $max) = @_;
    my $s = _in($h);
    # the DBDs return an empty list here, with their error where they give one
    if (!$s->{Active} || !$s->{_c}) { _no_rows($s, 'fetchall_arrayref'); return [] }
    my $rows = CPANBridge::DBI::Rows::rest($s, $max);
    return $rows if !defined $slice;
    if (ref $slice eq 'ARRAY') {
        return $rows unless @$slice;
        return [ map { [ @{$_}[@$slice] ] } @$rows ];
    }
    if (ref $slice eq 'HASH') {
        my $keys = _hash_keys($s);
        my @idx = 0 .. $#$keys;
        if (%$slice) {
            my %pos;
            @pos{@$keys} = @idx;
            my $lc = $s->{NAME_lc} || CPANBridge::DBI::Attrs::FETCH($s, 'NAME_lc') || [];
            @pos{@$lc} = @idx;
            @idx = grep { defined } map { $pos{$_} } keys %$slice;
        }
        my @k = @$keys[@idx];
        return [ map { my %r; @r{@k} = @{$_}[@idx]; \%r } @$rows ];
    }
    return _fail($s, 'fetchall_arrayref', $DBI::stderr, 'fetchall_arrayref($slice) invalid: ' . ref($slice), 'S1000');
}

sub fetchall_hashref {
    my ($h, $key) = @_;
    my $s = _in($h);
    my $names = _hash_keys($s);
    my %pos;
    @pos{@$names} = 0 .. $#$names;
    my @kidx;
    for my $k (ref $key eq 'ARRAY' ? @$key : ($key)) {
        my $i = defined $k && $k =~ /^\d+$/ && $k > 0 && $k <= @$names && !exists $pos{$k} ? $k - 1 : $pos{ defined $k ? $k : '' };
        $i = { map { (lc($names->[$_]) => $_) } 0 .. $#$names }->{ lc(defined $k ? $k : '') } unless defined $i;
        return _fail($s, 'fetchall_hashref', $DBI::stderr, "Field '" . (defined $k ? $k : '') . "' does not exist (not one of @$names)", 'S1000')
            unless defined $i;
        push @kidx, $i;
    }
    my %all;
    for my $r (@{ CPANBridge::DBI::Rows::rest($s) }) {
        my $ref = \%all;
        $ref = $ref->{ defined $r->[$_] ? $r->[$_] : '' } ||= {} for @kidx[ 0 .. $#kidx - 1 ];
        my %row;
        @row{@$names} = @$r;
        $ref->{ defined $r->[ $kidx[-1] ] ? $r->[ $kidx[-1] ] : '' } = \%row;
    }
    return \%all;
}

sub rows {
    my $s = _in($_[0]);
    CPANBridge::DBI::LastRows::used($s);
    return _rows_of($s);
}

sub _rows_of {
    my ($s) = @_;
    # never executed: what the DBD says then
    return ($s->{_caps} || {})->{rows_before_execute} // -1 unless defined $s->{NUM_OF_FIELDS} || defined $s->{_rows};
    return defined $s->{_rows} ? $s->{_rows} : -1 unless $s->{NUM_OF_FIELDS};
    return defined $s->{_total} ? $s->{_total} : $s->{_fetched};
}

sub finish {
    my $h = shift;
    my $s = _in($h);
    CPANBridge::DBI::Prefetch::drain($s) if $s->{_pending};
    if ($s->{Active} && !$s->{_done} && defined $s->{_id}) {
        $s->{_b}->rpc('database.finish_statement', { statement_id => $s->{_id} });
    }
    $s->{Active} = '';
    $s->{_done} = 1;
    $s->{_c} = [];
    return 1;
}

sub DESTROY {
    my $h = shift;
    return if ${^GLOBAL_PHASE} eq 'DESTRUCT';
    my $s = tied %$h or return;
    return if defined $s->{_owner} && $s->{_owner} ne CPANBridge::owner();
    return unless defined $s->{_id} && $s->{_parent} && $s->{_parent}{Active};
    local ($@, $!, $?);
    eval { CPANBridge::DBI::Prefetch::drain($s) if $s->{_pending} };
    push @CPANBridge::DBI::CLOSE, $s->{_id};
    return;
}

sub dump_results {
    my ($h, $maxlen, $lsep, $fsep, $fh) = @_;
    $maxlen ||= 35;
    $lsep = "\n" unless defined $lsep && length $lsep;
    $fh ||= \*STDOUT;
    # a fetch error inside is reported after the summary, under dump_results (as DBI's)
    my ($rows) = CPANBridge::DBI::Error::outer(_in($h), 'dump_results', sub {
        my $rows = 0;
        while (my $r = $h->fetch) {
            print $fh $lsep if $rows++;
            print $fh DBI::neat_list($r, $maxlen, $fsep);
        }
        print $fh "\n$rows rows" . ($DBI::err ? " ($DBI::err: $DBI::errstr)" : '') . "\n";
        return $rows;
    });
    return $rows;
}

# A statement over rows the daemon already returned (table_info, column_info).
sub _static {
    my ($dbh, $names, $rows) = @_;
    my $d = tied %$dbh;
    my $inner = { _kind => 'st', _owner => CPANBridge::owner(), _drv => $d->{_drv}, _b => $d->{_b}, _parent => $d, _id => undef, _caps => $d->{_caps}, _bytes_out => 0,
        Statement => '', NUM_OF_PARAMS => 0, err => undef, errstr => undef, state => '' };
    my $h = CPANBridge::DBI::make_handle($d->{_st_class}, $inner);
    _executed($inner, { num_of_fields => scalar @$names, names => $names, block => $rows, done => 1, rows => scalar @$rows });
    return $h;
}

sub bind_param {
    my ($h, $p, $v, $attr) = @_;
    my $s = _in($h);
    my $type = CPANBridge::DBI::Bind::type_of($s, $attr);
    if ($p !~ /^:?\w+$/ && $p !~ /^\$\d+$/) { return _fail($s, 'bind_param', $DBI::stderr, "Illegal parameter number $p", 'S1000') }
    $p =~ s/^\$//;
    $s->{_bind}{$p} = [ $v, $type ];
    return 1;
}

sub bind_param_array {
    my ($h, $p, $v, $attr) = @_;
    my $s = _in($h);
    $s->{_bind_array}{$p} = $v;
    $s->{_bind_array_type}{$p} = CPANBridge::DBI::Bind::type_of($s, $attr);
    return 1;
}

sub bind_param_inout {
    my ($h, $p, $ref, $max, $attr) = @_;
    my $s = _in($h);
    return _fail($s, 'bind_param_inout', $DBI::stderr, 'bind_param_inout needs a reference to a scalar', 'S1000') unless ref $ref eq 'SCALAR';
    CPANBridge::DBI::Bind::materialize($s) or return undef;
    my ($res, $e) = $s->{_b}->rpc('database.bind_param_inout', { statement_id => $s->{_id}, param_name => "$p",
        initial_value => $$ref, size => $max || 4000 });
    return CPANBridge::DBI::Error::fail_rpc($s, 'bind_param_inout', $e) unless $res;
    $s->{_inout}{$p} = $ref;
    $s->{_bind}{$p} = [ $$ref, CPANBridge::DBI::Bind::type_of($s, $attr), $ref ];
    return 1;
}

sub bind_col {
    my ($h, $col, $ref, $attr) = @_;
    my $s = _in($h);
    return 1 unless ref $ref;
    $s->{_bound}[$col - 1] = $ref;
    $s->{_post} = 1;
    return 1;
}

sub bind_columns {
    my ($h, @refs) = @_;
    my $s = _in($h);
    shift @refs if @refs && (!defined $refs[0] || ref $refs[0] eq 'HASH');
    my $n = $s->{NUM_OF_FIELDS};
    if (defined $n && $n && @refs != $n) {
        return _fail($s, 'bind_columns', $DBI::stderr, "bind_columns called with " . scalar(@refs) . " values but $n are needed", 'S1000');
    }
    $s->{_bound} = [@refs];
    $s->{_post} = 1;
    return 1;
}

sub execute_array {
    my ($h, $attr, @cols) = @_;
    my $s = _in($h);
    CPANBridge::DBI::Error::clear($s);
    local $CPANBridge::DBI::DEPTH = $CPANBridge::DBI::DEPTH + 1;
    $attr ||= {};
    CPANBridge::DBI::Bind::materialize($s) or return undef;
    my $rows = CPANBridge::DBI::Batch::tuples($s, $attr, @cols);
    my $ntup = @$rows;
    my $res = CPANBridge::DBI::Batch::send_rows($s, $rows);
    return $res if !ref $res;
    my @status = map { ref $_ eq 'HASH' ? [ $_->{err}, $_->{errstr}, $_->{state} ] : $_ } @{ $res->{tuple_status} || [] };
    @{ $attr->{ArrayTupleStatus} } = @status if ref $attr->{ArrayTupleStatus} eq 'ARRAY';
    my $errors = grep { ref } @status;
    $s->{_rows} = $res->{rows_affected};
    $s->{NUM_OF_FIELDS} = 0;
    if ($errors) {
        _fail($s, 'execute_array', $DBI::stderr, "executing $ntup generated $errors errors", 'S1000');
        return wantarray ? (undef, $res->{rows_affected}) : undef;
    }
    return wantarray ? ($ntup ? $ntup : '0E0', $res->{rows_affected}) : ($ntup ? $ntup : '0E0');
}

1;
