package CPANBridge::DBI::St;
# ABSTRACT: DBI::st, the statement handle of the cpan-bridge DBI look-alike

use strict;
use warnings;
no warnings 'once';

our $VERSION = '1.00';

=head1 NAME

CPANBridge::DBI::St - package DBI::st (statement handles) for cpan-bridge

=head1 SYNOPSIS

  my $sth = $dbh->prepare('SELECT id, name FROM t WHERE id > ?');
  $sth->execute(10);
  while (my $row = $sth->fetchrow_arrayref) { print "@$row\n" }

  $sth = $dbh->prepare('INSERT INTO t (id, name) VALUES (?, ?)');
  $sth->execute_array({ ArrayTupleStatus => \my @status }, \@ids, \@names);

=head1 DESCRIPTION

Loaded by L<CPANBridge::DBI>. C<execute> brings back the first block of rows
with its reply; the C<fetch*> methods read from that block and ask
C<database.fetch_block> for the next one (packed form, one C<unpack> per
block) when it runs out. C<fetchrow_arrayref> returns the same array
reference on every call, as DBI does. C<execute_array> sends all rows as
one packed table in one call.

=head1 METHODS

=head2 execute

  my $rv = $sth->execute(@bind);    # rows affected, "0E0" for none, -1 when not known

=head2 fetchrow_arrayref, fetch, fetchrow_array, fetchrow_hashref

=head2 fetchall_arrayref, fetchall_hashref

=head2 rows, finish, dump_results

=cut

# Rows travel packed; CPAN_BRIDGE_DBI_PACKED=0 asks for plain JSON (bench/db.pl compares both).
our $PACKED = !defined $ENV{CPAN_BRIDGE_DBI_PACKED} || $ENV{CPAN_BRIDGE_DBI_PACKED} ? 1 : 0;

require CPANBridge::DBI::Prefetch;

package DBI::st; # hide from PAUSE

use strict;
use warnings;
no warnings 'once';

our @ISA = ();

sub _in { return tied %{ $_[0] } }

sub err    { return _in($_[0])->{err} }
sub errstr { return _in($_[0])->{errstr} }
sub state  { my $s = _in($_[0]); return defined $s->{err} && $s->{err} ne '' && $s->{state} eq '' ? 'S1000' : $s->{state} }
sub set_err { my $h = shift; return DBI::db::set_err($h, @_) }
sub trace     { return 0 }
sub trace_msg { return 1 }
sub FETCH     { my ($h, $k) = @_; return $h->{$k} }
sub STORE     { my ($h, $k, $v) = @_; $h->{$k} = $v; return 1 }
sub can       { my ($h, $m) = @_; return UNIVERSAL::can($h, $m) }

sub _fail { my ($s, $m, @e) = @_; return CPANBridge::DBI::fail($s, $m, @e) }

sub execute {
    my ($h, @bind) = @_;
    my $s = _in($h);
    CPANBridge::DBI::clear_error($s);
    local $CPANBridge::DBI::DEPTH = $CPANBridge::DBI::DEPTH + 1;
    return CPANBridge::DBI::fail_rpc($s, 'execute', $s->{_deferred}) if $s->{_deferred};
    return _fail($s, 'execute', $DBI::stderr, 'execute on a statement of an inactive (disconnected) database handle', 'S1000')
        unless $s->{_parent}{Active} && (defined $s->{_id} || $s->{_lazy});
    my $np = $s->{NUM_OF_PARAMS};
    if (!$s->{_lazy} && defined $np && (@bind > $np || (@bind && @bind < $np) || (!@bind && $np && !$s->{_bind}))) {
        my $f = _bind_count($s, \@bind, $np);
        return _fail($s, 'execute', @$f) if $f;
    }
    my ($vals, $types) = _bind_list($s, @bind);
    CPANBridge::DBI::Prefetch::drain($s) if $s->{_pending};
    my $target = defined $s->{_id} ? { statement_id => $s->{_id} }
        : { connection_id => $s->{_parent}{_id}, sql => CPANBridge::DBI::wire_value("$s->{Statement}", undef, $s->{_bytes_out}) };
    my ($res, $e) = _rpc_rows($s, 'database.execute_statement', { %$target, bind_values => $vals,
        ($types ? (bind_types => $types) : ()) });
    if (!$res && $s->{_lazy} && ($e->{type} || '') eq 'invalid_params'
        && ($e->{message} || '') =~ /called with (\d+) bind variables when (\d+) are needed/) {
        my @b = @$vals;
        my $f = _bind_count($s, \@b, $2);
        return _fail($s, 'execute', @$f) if $f;
        $vals = \@b;
        $types = [ @$types, (undef) x (@b - @$types) ] if $types;
        ($res, $e) = _rpc_rows($s, 'database.execute_statement', { %$target, bind_values => $vals, ($types ? (bind_types => $types) : ()) });
    }
    if ($res && !defined $s->{_id} && defined $res->{statement_id}) {
        $s->{_id} = $s->{statement_id} = $res->{statement_id};
        $s->{NUM_OF_PARAMS} = $res->{num_params} if defined $res->{num_params};
    }
    if (!$res) {
        $s->{Active} = '';
        $s->{_c} = [];
        $s->{_done} = 1;
        return CPANBridge::DBI::fail_rpc($s, 'execute', $e);
    }
    return _executed($s, $res);
}

# Calls that bring rows: with the packed form, a block decodes straight into one
# flat array of cells (one unpack, no per-row arrays); fetchrow_arrayref copies
# a row's slice of it into the array it returns every time.
sub _rpc_rows {
    my ($s, $method, $params) = @_;
    return CPANBridge::DBI::call($s->{_b}, $method, $params) unless $CPANBridge::DBI::St::PACKED;
    return CPANBridge::DBI::call($s->{_b}, $method, $params, { packed => 1, flat_tables => 1 });
}

# A block as (flat cells): packed blocks already are; JSON blocks are row arrays.
sub _cells {
    my ($blk) = @_;
    return $blk->[1] if ref $blk eq 'CPANBridge::Packed::Flat';
    return [ map { @$_ } @{ $blk || [] } ];
}

sub _executed {
    my ($s, $res) = @_;
    my $nf = $res->{num_of_fields} || 0;
    $s->{NUM_OF_FIELDS} = $nf;
    if ($nf) {
        $s->{NAME} = $res->{names} || [];
        $s->{TYPE} = $res->{types} if $res->{types};
        # DBD::SQLite's TYPE is the declared type name (undef for expressions)
        $s->{TYPE} = $res->{type_names} if $s->{_drv} eq 'SQLite' && ref $res->{type_names} eq 'ARRAY';
        $s->{NULLABLE} = $res->{nullable} if $res->{nullable};
        # DBD::mysql and DBD::MariaDB say '' (not 0) for NOT NULL columns
        $s->{NULLABLE} = [ map { defined $_ && $_ eq '0' ? '' : $_ } @{ $s->{NULLABLE} } ] if $s->{NULLABLE} && $s->{_drv} =~ /^(?:mysql|MariaDB)$/;
        $s->{PRECISION} = $res->{precision} if $res->{precision};
        $s->{SCALE} = $res->{scale} if $res->{scale};
        delete $s->{_hk};
        _plan($s);
    }
    $s->{_nc} = $nf;
    my $c = _cells($res->{block});
    _fix_block($s, $c);
    my $nrows = $nf ? @$c / $nf : 0;
    $s->{_c} = $c;
    $s->{_done} = $res->{done} || !$nf ? 1 : 0;
    $s->{_fetched} = 0;
    $s->{_fa} = [];
    $s->{_post} = ($s->{_bound} || ($s->{ChopBlanks} || ($s->{_parent} && $s->{_parent}{ChopBlanks}))) ? 1 : 0;
    if ($s->{_inout}) {
        my ($out) = $s->{_b}->rpc('database.get_out_params', { statement_id => $s->{_id} });
        my $vals = $out ? ($out->{out_params} || $out) : {};
        if ($s->{_drv} eq 'Pg' && $nf) {
            # DBD::Pg fills INOUT variables from the first row when it is fetched
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
        $DBI::rows = $s->{_rows};
        return defined $n && $n != 0 ? $n : '0E0';
    }
    $s->{Active} = 1;
    CPANBridge::DBI::Prefetch::send($s) if !$s->{_done} && $CPANBridge::DBI::St::PACKED;
    my $total;
    if ($s->{_drv} ne 'SQLite') {
        $total = $s->{_done} ? $nrows : (defined $res->{rows} && $res->{rows} >= 0 ? $res->{rows} : undef);
    }
    $s->{_total} = $total;
    $s->{_rows} = undef;
    $DBI::rows = defined $total ? $total : -1;
    return '0E0' if $s->{_drv} eq 'SQLite';
    return defined $total ? ($total ? $total : '0E0') : -1;
}

my %NUMERIC = map { ($_ => 1) } 4, 5, -5, -6, 6, 7, 8, 16, -7;
my %BINARY  = map { ($_ => 1) } -2, -3, -4, 30;

# Which columns the real DBD returns as Perl numbers (integers, floats: DBI::neat
# and serialisers show the difference) and, for DBD::Pg, as character strings.
sub _plan {
    my $s = shift;
    my $t = $s->{TYPE} || [];
    my @num = grep { defined $t->[$_] && $t->[$_] =~ /^-?\d+\z/ && $NUMERIC{ $t->[$_] } } 0 .. $#$t;
    my @up = $s->{_drv} eq 'Pg' && !$s->{_bytes_out}
        ? grep { !(defined $t->[$_] && $t->[$_] =~ /^-?\d+\z/ && ($NUMERIC{ $t->[$_] } || $BINARY{ $t->[$_] })) } 0 .. $#$t : ();
    # DBD::SQLite gives numbers for values stored as INTEGER or REAL: columns with
    # INTEGER, REAL or NUMERIC affinity (SQLite's rules on the declared type).
    my @aff = $s->{_drv} ne 'SQLite' ? () : grep {
        my $d = $t->[$_];
        defined $d && $d !~ /^-?\d+\z/ && $d !~ /CHAR|CLOB|TEXT|BLOB/i;
    } 0 .. $#$t;
    $s->{_num} = @num ? \@num : undef;
    $s->{_up} = @up ? \@up : undef;
    $s->{_aff} = @aff ? \@aff : undef;
    return;
}

# Per-driver adjustments, done once per block (column by column) rather than per fetch call.
sub _fix_block {
    my ($s, $c) = @_;
    my $nc = $s->{_nc} or return;
    if ($s->{_bytes_out}) { utf8::is_utf8($_) && utf8::encode($_) for @$c }
    for my $i (@{ $s->{_num} || [] }) {
        for (my $j = $i; $j < @$c; $j += $nc) { $c->[$j] += 0 if defined $c->[$j] }
    }
    for my $i (@{ $s->{_aff} || [] }) {
        for (my $j = $i; $j < @$c; $j += $nc) { $c->[$j] += 0 if defined $c->[$j] && $c->[$j] =~ /^-?\d+(?:\.\d+)?\z/ }
    }
    for my $i (@{ $s->{_up} || [] }) {
        for (my $j = $i; $j < @$c; $j += $nc) { utf8::upgrade($c->[$j]) if defined $c->[$j] }
    }
    return;
}

# Refills the cells from the next block; false at the end (the statement is then inactive).
sub _next_block {
    my $s = shift;
    while (1) {
        if ($s->{_done} || !defined $s->{_done} || !defined $s->{_id}) {
            $s->{Active} = '';
            $s->{_c} = [];
            return 0;
        }
        my ($res, $e) = $s->{_pending} ? CPANBridge::DBI::Prefetch::receive($s)
                      : _rpc_rows($s, 'database.fetch_block', { statement_id => $s->{_id} });
        if (!$res) {
            $s->{Active} = '';
            $s->{_done} = 1;
            $s->{_c} = [];
            CPANBridge::DBI::fail_rpc($s, 'fetch', $e);
            return 0;
        }
        my $c = _cells($res->{block});
        _fix_block($s, $c);
        $s->{_done} = $res->{done} ? 1 : 0;
        $s->{_c} = $c;
        CPANBridge::DBI::Prefetch::send($s) if !$s->{_done} && $CPANBridge::DBI::St::PACKED;
        return 1 if @$c;
    }
}

sub _post {
    my ($s, $fa) = @_;
    if (my $v = delete $s->{_inout_vals}) {
        for my $p (keys %{ $s->{_inout} }) { ${ $s->{_inout}{$p} } = $v->{$p} if exists $v->{$p} }
        $s->{_post} = ($s->{_bound} || CPANBridge::DBI::attr($s, 'ChopBlanks')) ? 1 : 0;
    }
    if ($s->{ChopBlanks} || ($s->{_parent} && $s->{_parent}{ChopBlanks} && !exists $s->{ChopBlanks})) {
        # DBD::Pg chops CHAR(n) columns only; DBD::SQLite, DBD::mysql and DBD::MariaDB every value (TEXT too)
        my $t = $s->{TYPE} || [];
        my $pg = $s->{_drv} eq 'Pg';
        for my $i (0 .. $#$fa) {
            next unless defined $fa->[$i];
            my $ty = $t->[$i];
            my $code = defined $ty && $ty =~ /^-?\d+\z/;
            next if $pg && !($code && ($ty == 1 || $ty == -8));
            $fa->[$i] =~ s/ +\z//;
        }
    }
    if (my $b = $s->{_bound}) {
        for my $i (0 .. $#$b) { ${ $b->[$i] } = $fa->[$i] if $b->[$i] }
    }
    return;
}

sub fetchrow_arrayref {
    my $s = tied %{ $_[0] };
    my $c = $s->{_c} || return undef;
    if (!@$c) { _next_block($s) or return undef; $c = $s->{_c} }
    my $fa = $s->{_fa};
    @$fa = splice @$c, 0, $s->{_nc};
    _post($s, $fa) if $s->{_post};
    $s->{_fetched}++;
    return $fa;
}

*fetch = \&fetchrow_arrayref;

sub fetchrow_array {
    my $r = fetchrow_arrayref($_[0]) or return;
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
    my $r = fetchrow_arrayref($h) or return undef;
    my %row;
    @row{ @{ _hash_keys($s, $name) } } = @$r;
    return \%row;
}

# The remaining rows (up to $max), straight from the blocks (no per-row method call).
sub _rest {
    my ($s, $max) = @_;
    my @out;
    my $nc = $s->{_nc} or return \@out;
    my $c = $s->{_c} || return \@out;
    while (1) {
        if (!@$c) { _next_block($s) or last; $c = $s->{_c} }
        my $take = @$c / $nc;
        $take = $max - @out if defined $max && $max - @out < $take;
        push @out, [ splice @$c, 0, $nc ] for 1 .. $take;
        last if defined $max && @out >= $max;
    }
    $s->{_fetched} += @out;
    if ($s->{_post}) { _post($s, $_) for @out }
    return \@out;
}

sub fetchall_arrayref {
    my ($h, $slice, $max) = @_;
    my $s = _in($h);
    return undef unless $s->{NUM_OF_FIELDS} || $s->{Active};
    my $rows = _rest($s, $max);
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
    for my $r (@{ _rest($s) }) {
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
    return defined $s->{_rows} ? $s->{_rows} : -1 unless $s->{NUM_OF_FIELDS};
    return $s->{_fetched} if $s->{_drv} eq 'SQLite';
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
    my $rows = 0;
    while (my $r = $h->fetch) {
        print $fh $lsep if $rows++;
        print $fh CPANBridge::DBI::neat_list($r, $maxlen, $fsep);
    }
    print $fh "\n$rows rows" . ($DBI::err ? " ($DBI::err: $DBI::errstr)" : '') . "\n";
    return $rows;
}

# A statement over rows the daemon already returned (table_info, column_info).
sub _static {
    my ($dbh, $names, $rows) = @_;
    my $d = tied %$dbh;
    my $inner = { _kind => 'st', _drv => $d->{_drv}, _b => $d->{_b}, _parent => $d, _id => undef, _bytes_out => 0,
        Statement => '', NUM_OF_PARAMS => 0, err => undef, errstr => undef, state => '' };
    my $h = CPANBridge::DBI::make_handle($d->{_st_class}, $inner);
    _executed($inner, { num_of_fields => scalar @$names, names => $names, block => $rows, done => 1, rows => scalar @$rows });
    return $h;
}

require CPANBridge::DBI::Bind;
require CPANBridge::DBI::Batch;

1;
