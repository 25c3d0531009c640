package CPANBridge::DBI;
# ABSTRACT: the DBI look-alike behind perl/compat/DBI.pm and DBIHelper

use strict;
use warnings;
no warnings 'once';

our $VERSION = '1.00';

use Carp ();
use Scalar::Util ();
use CPANBridge;
use CPANBridge::Packed;

=head1 NAME

CPANBridge::DBI - packages DBI, DBI::db and DBI::st, forwarding to the cpan-bridge daemon

=head1 SYNOPSIS

  # through the drop-in (perl/compat first on PERL5LIB)
  use DBI qw(:sql_types);
  my $dbh = DBI->connect('dbi:SQLite:dbname=report.db', '', '', { RaiseError => 1 });

  # or by name, without perl/compat
  use CPANBridge::DBI;
  my $dbh = DBI->connect(...);

=head1 DESCRIPTION

Defines the packages C<DBI>, C<DBI::db> and C<DBI::st> with DBI's method
names, arguments, return values and error conventions (C<$DBI::err>,
C<$DBI::errstr>, C<$DBI::state>, C<RaiseError>, C<PrintError>,
C<HandleError>), and forwards the work to the daemon's C<database.*>
methods. Handles are tied hashes like DBI's, so C<< $sth->{NAME} >> and
C<< $dbh->{AutoCommit} = 0 >> behave as in DBI. Rows arrive in blocks in the
packed form; a fetch loop is not a round trip per row. See F<docs/dbi.md>.

This file holds the C<DBI> class methods and what all handles share;
L<CPANBridge::DBI::Db> and L<CPANBridge::DBI::St> hold the handle methods.

=head1 METHODS

=head2 DBI->connect, DBI->connect_cached

  my $dbh = DBI->connect($dsn, $user, $password, \%attr) or die $DBI::errstr;

=head2 DBI::neat, DBI::neat_list, DBI::looks_like_number

=head2 DBI->err, DBI->errstr, DBI->state, DBI->available_drivers, DBI->data_sources, DBI->parse_dsn, DBI->trace

As in L<DBI>. C<use DBI qw(:sql_types)> exports the C<SQL_*> constants.

=cut

# Drivers whose real DBD returns UTF-8 bytes rather than character strings by default.
our %BYTES_OUT = (SQLite => 1, mysql => 1);

our %SQLITE_CODES = (ERROR => 1, INTERNAL => 2, PERM => 3, ABORT => 4, BUSY => 5, LOCKED => 6, NOMEM => 7,
    READONLY => 8, INTERRUPT => 9, IOERR => 10, CORRUPT => 11, NOTFOUND => 12, FULL => 13, CANTOPEN => 14,
    PROTOCOL => 15, EMPTY => 16, SCHEMA => 17, TOOBIG => 18, CONSTRAINT => 19, MISMATCH => 20, MISUSE => 21,
    NOLFS => 22, AUTH => 23, FORMAT => 24, RANGE => 25, NOTADB => 26);

# Nesting of public method calls: only the outermost one raises/prints, under its own name (as DBI does).
our $DEPTH = 0;

my $BRIDGE;
sub bridge { return $BRIDGE ||= CPANBridge->new }

# Perl's unpack dies ("Code missing after '/'") on a trailing "(w/a)*" group
# with no bytes left, i.e. on a table with no rows; empty results are common
# here, so until CPANBridge::Packed handles them itself, answer them first.
if (!eval { CPANBridge::Packed::decode_table("\x01\x00\x01S\x00"); 1 }) {
    my $orig = \&CPANBridge::Packed::decode_table;
    no warnings 'redefine';
    *CPANBridge::Packed::decode_table = sub {
        my ($nc, $nr) = unpack 'w w', $_[0];
        return [ map { [] } 1 .. ($nr || 0) ] if !$nr || !$nc;
        return $orig->(@_);
    };
}

# Statement handles dropped by the script: their close_statement calls wait
# and travel in one JSON-RPC batch with the next call (in order, first), so a
# prepare/execute or select* in a loop does not pay a round trip for the close.
our @CLOSE;

sub call {
    my ($b, $method, $params, $opts) = @_;
    return $b->rpc($method, $params, $opts) unless @CLOSE;
    my @calls = map { [ 'database', 'close_statement', { statement_id => $_ } ] } @CLOSE;
    @CLOSE = ();
    my ($m, $f) = split /\./, $method, 2;
    my $r = $b->batch([ @calls, [ $m, $f, $params ] ], $opts);
    my $last = $r->[-1] || {};
    return ($last->{result}, undef) if $last->{success};
    return (undef, { message => $last->{error}, type => $last->{error_type} || 'error',
        data => $last->{error_data} || {}, code => $last->{error_code} });
}

# The file and line of the user's call, for die/warn texts ("... at script.pl line 12.").
sub _where {
    my $i = 0;
    while (my @c = caller($i++)) {
        next if $c[0] =~ /^(?:DBI|DBI::db|DBI::st|DBIHelper|DBIHelper::\w+|CPANBridge(?:::.*)?)$/;
        return " at $c[1] line $c[2].\n";
    }
    return "\n";
}

# Records an error on a handle (and its parent, as DBI shares them) and in $DBI::err/errstr/state.
sub set_error {
    my ($h, $err, $errstr, $state) = @_;
    $state = '' unless defined $state;
    $state = 'S1000' if $state eq '' && defined $err && $err ne '' && $err ne '0';
    for my $x ($h, ($h->{_parent} ? $h->{_parent} : ())) {
        $x->{err} = $err;
        $x->{errstr} = $errstr;
        $x->{state} = $state;
    }
    ($DBI::err, $DBI::errstr, $DBI::state) = ($err, $errstr, $state);
    $DBIHelper::err = $err; $DBIHelper::errstr = $errstr; $DBIHelper::state = $state;
    return;
}

sub clear_error {
    my $h = shift;
    $h->{err} = undef; $h->{errstr} = undef; $h->{state} = '';
    $DBI::err = undef; $DBI::errstr = undef; $DBI::state = '';
    return;
}

# Turns a bridge error hash into DBI's (err, errstr, state) for the handle's driver.
sub error_from_rpc {
    my ($h, $e) = @_;
    my $d = $e->{data} || {};
    my $drv = $h->{_drv} || '';
    my $msg = defined $e->{message} ? $e->{message} : 'unknown error';
    if (($e->{type} || '') ne 'backend_error') {
        return ($DBI::stderr, "cpan-bridge: $msg", 'S1000');
    }
    my $code = $d->{backend_code};
    my $state = defined $d->{state} ? $d->{state} : '';
    my $err;
    if ($drv eq 'Pg') {
        $err = 7;    # DBD::Pg reports PGRES_FATAL_ERROR as err; the SQLSTATE goes to state
        $state = $code if $state eq '' && defined $code && $code =~ /^[0-9A-Z]{5}$/;
    } elsif ($drv eq 'SQLite') {
        $err = 1;
        if (defined $code && $code =~ /^SQLITE_([A-Z]+)/) { $err = $SQLITE_CODES{$1} || 1 }
        elsif (defined $code && $code =~ /^\d+$/) { $err = $code }
        $state = '';    # DBD::SQLite sets no SQLSTATE; DBI then reports S1000
    } elsif ($drv eq 'Oracle') {
        $err = defined $code && $code =~ /ORA-0*(\d+)/ ? $1 : 1;
    } else {
        $err = defined $code && $code =~ /^\d+$/ ? $code : 1;
    }
    $err = $d->{err} if defined $d->{err} && $d->{err} =~ /^-?\d+\z/;
    return ($err, $msg, $state);
}

# Records a failure and, unless inside another public method, reports it:
# HandleError, then PrintError (warn), then RaiseError (die), with DBI's text.
sub fail {
    my ($h, $method, $err, $errstr, $state) = @_;
    set_error($h, $err, $errstr, $state);
    return report($h, $method) if $DEPTH <= 1;
    return;
}

sub fail_rpc {
    my ($h, $method, $e) = @_;
    return fail($h, $method, error_from_rpc($h, $e));
}

sub report {
    my ($h, $method) = @_;
    my $kind = $h->{_kind} eq 'st' ? 'st' : 'db';
    my $msg = "DBD::$h->{_drv}::$kind $method failed: " . (defined $h->{errstr} ? $h->{errstr} : '');
    if (attr($h, 'ShowErrorStatement') && defined $h->{Statement}) {
        # as each DBD keeps them: DBD::mysql/MariaDB count from 0, DBD::Pg/MariaDB hold strings
        my $base = $h->{_drv} =~ /^(?:mysql|MariaDB)$/ ? 0 : 1;
        my $str = $h->{_drv} =~ /^(?:Pg|MariaDB)$/;
        my $v = $h->{_pv};
        my $pv = ($kind eq 'st' || $h->{_drv} eq 'Pg') && $v && @$v
            ? ' with ParamValues: ' . join(', ', map { ($_ + $base) . '=' . neat($str && defined $v->[$_] ? "$v->[$_]" : $v->[$_]) } 0 .. $#$v) : '';
        $msg .= " [for Statement \"$h->{Statement}\"$pv]";
    }
    if (my $he = attr($h, 'HandleError')) {
        return if $he->($msg, $h->{_outer}, undef);
    }
    my $where = _where();
    warn $msg . $where if attr($h, 'PrintError') && !attr($h, 'RaiseError');
    if (attr($h, 'RaiseError')) {
        warn $msg . $where if attr($h, 'PrintError');
        die $msg . $where;
    }
    return;
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

# Bind values as the daemon wants them; binary types travel as bytes. With
# $raw (drivers that send a byte string as it is: DBD::SQLite, DBD::mysql),
# byte strings that are valid UTF-8 are that text; DBD::Pg and DBD::MariaDB
# take them as Latin-1 characters, which is what JSON makes of them anyway.
sub wire_value {
    my ($v, $type, $raw) = @_;
    return undef unless defined $v;
    if (ref $v) {
        return $v if ref $v eq 'CPANBridge::Bytes';
        return "$v";
    }
    if (defined $type && ($type == 30 || $type == -2 || $type == -3 || $type == -4)) {
        return CPANBridge::bytes($v);
    }
    if ($raw && !utf8::is_utf8($v) && $v =~ /[\x80-\xff]/) {
        my $c = $v;
        return $c if utf8::decode($c);
        return CPANBridge::bytes($v);    # not UTF-8: the DBD would send these very bytes
    }
    # JSON numbers become JavaScript doubles: integers past 2**53 travel as text.
    return "$v" if length($v) > 15 && $v =~ /^-?\d+\z/;
    return $v;
}

# DBI::neat and neat_list, as DBI formats them.
sub neat {
    my ($v, $max) = @_;
    return 'undef' unless defined $v;
    $max = $DBI::neat_maxlen unless defined $max && $max > 0;
    my $is_num = !ref($v) && do {
        my $f = B::svref_2object(\$v)->FLAGS;
        ($f & (B::SVp_IOK() | B::SVp_NOK())) && !($f & B::SVp_POK());
    };
    return "$v" if $is_num;
    my $s = "$v";
    my $q = "'";
    if (utf8::is_utf8($s)) { $q = '"' }
    $s =~ tr/\x00-\x08\x0b-\x1f\x7f-\x9f/./ unless utf8::is_utf8($s);
    if ($max >= 4 && length($s) > $max - 2) { $s = substr($s, 0, $max - 5) . '...' }
    return "$q$s$q";
}

sub neat_list {
    my ($list, $max, $sep) = @_;
    $sep = ', ' unless defined $sep;
    return join $sep, map { neat($_, $max) } @{ $list || [] };
}

sub looks_like_number {
    my @r = map { defined $_ && length $_ ? (Scalar::Util::looks_like_number($_) ? 1 : '') : undef } @_;
    return wantarray ? @r : $r[0];
}

package CPANBridge::DBI::Attrs; # hide from PAUSE
# The tie behind every handle: most attributes are plain keys of the inner
# hash; a few are computed or have side effects, as in DBI.

sub TIEHASH { my ($class, $inner) = @_; return bless $inner, $class }

my %CASE = (NAME_lc => sub { lc $_[0] }, NAME_uc => sub { uc $_[0] });

sub FETCH {
    my ($s, $k) = @_;
    return $s->{$k} if exists $s->{$k} && substr($k, 0, 1) ne '_';
    if ($k eq 'NAME_lc' || $k eq 'NAME_uc') {
        my $n = $s->{NAME} or return undef;
        my $f = $CASE{$k};
        return [ map { $f->($_) } @$n ];
    }
    if ($k =~ /^(NAME|NAME_lc|NAME_uc)_hash$/) {
        my $n = FETCH($s, $1) or return undef;
        my $i = 0;
        return { map { ($_ => $i++) } @$n };
    }
    if ($k eq 'Database') { return $s->{_parent} ? $s->{_parent}{_outer} : undef }
    if ($k eq 'ParamValues') { return { map { ($_ => $s->{_bind}{$_}[0]) } keys %{ $s->{_bind} || {} } } }
    if ($k eq 'ParamTypes') { return { map { ($_ => $s->{_bind}{$_}[1]) } keys %{ $s->{_bind} || {} } } }
    if ($k eq 'ImplementorClass') { return "DBD::$s->{_drv}::$s->{_kind}" }
    if ($k eq 'Kids' || $k eq 'ActiveKids') { return 0 }
    if ($k eq 'Type') { return $s->{_kind} }
    return $s->{_parent}{$k} if $s->{_parent} && exists $s->{_parent}{$k}
        && $k =~ /^(?:RaiseError|PrintError|PrintWarn|HandleError|ChopBlanks|LongReadLen|LongTruncOk|FetchHashKeyName|TaintIn|TaintOut|Taint|Warn)$/;
    return undef;
}

# DBI keeps boolean attributes as 1 or '' whatever was stored.
our %BOOLEAN = map { ($_ => 1) } qw(RaiseError PrintError PrintWarn RaiseWarn ChopBlanks LongTruncOk Warn
    ShowErrorStatement InactiveDestroy AutoInactiveDestroy CompatMode Taint TaintIn TaintOut Executed);

sub STORE {
    my ($s, $k, $v) = @_;
    if ($k eq 'AutoCommit' && $s->{_kind} eq 'db') { return DBI::db::_set_autocommit($s, $v) }
    $s->{$k} = $BOOLEAN{$k} ? ($v ? 1 : '') : $v;
    return;
}

sub EXISTS   { my ($s, $k) = @_; return exists $s->{$k} || defined FETCH($s, $k) }
sub DELETE   { my ($s, $k) = @_; return delete $s->{$k} }
sub CLEAR    { return }
sub FIRSTKEY { my $s = shift; my @k = sort grep { !/^_/ } keys %$s; $s->{_iter} = \@k; return shift @k }
sub NEXTKEY  { my $s = shift; return shift @{ $s->{_iter} || [] } }
sub SCALAR   { return 1 }
sub DESTROY  { return }

package DBI; # hide from PAUSE

our $VERSION = '1.643';
our ($err, $errstr, $state, $lasth, $rows);
our $stderr = 2000000000;
our $neat_maxlen = 1000;

use B ();

my %SQL_TYPES = (SQL_GUID => -11, SQL_WLONGVARCHAR => -10, SQL_WVARCHAR => -9, SQL_WCHAR => -8, SQL_BIGINT => -5,
    SQL_BIT => -7, SQL_TINYINT => -6, SQL_LONGVARBINARY => -4, SQL_VARBINARY => -3, SQL_BINARY => -2,
    SQL_LONGVARCHAR => -1, SQL_UNKNOWN_TYPE => 0, SQL_ALL_TYPES => 0, SQL_CHAR => 1, SQL_NUMERIC => 2,
    SQL_DECIMAL => 3, SQL_INTEGER => 4, SQL_SMALLINT => 5, SQL_FLOAT => 6, SQL_REAL => 7, SQL_DOUBLE => 8,
    SQL_DATETIME => 9, SQL_DATE => 9, SQL_INTERVAL => 10, SQL_TIME => 10, SQL_TIMESTAMP => 11, SQL_VARCHAR => 12,
    SQL_BOOLEAN => 16, SQL_UDT => 17, SQL_UDT_LOCATOR => 18, SQL_ROW => 19, SQL_REF => 20, SQL_BLOB => 30,
    SQL_BLOB_LOCATOR => 31, SQL_CLOB => 40, SQL_CLOB_LOCATOR => 41, SQL_ARRAY => 50, SQL_ARRAY_LOCATOR => 51,
    SQL_MULTISET => 55, SQL_MULTISET_LOCATOR => 56, SQL_TYPE_DATE => 91, SQL_TYPE_TIME => 92,
    SQL_TYPE_TIMESTAMP => 93, SQL_TYPE_TIME_WITH_TIMEZONE => 94, SQL_TYPE_TIMESTAMP_WITH_TIMEZONE => 95,
    SQL_INTERVAL_YEAR => 101, SQL_INTERVAL_MONTH => 102, SQL_INTERVAL_DAY => 103, SQL_INTERVAL_HOUR => 104,
    SQL_INTERVAL_MINUTE => 105, SQL_INTERVAL_SECOND => 106, SQL_INTERVAL_YEAR_TO_MONTH => 107,
    SQL_INTERVAL_DAY_TO_HOUR => 108, SQL_INTERVAL_DAY_TO_MINUTE => 109, SQL_INTERVAL_DAY_TO_SECOND => 110,
    SQL_INTERVAL_HOUR_TO_MINUTE => 111, SQL_INTERVAL_HOUR_TO_SECOND => 112, SQL_INTERVAL_MINUTE_TO_SECOND => 113);
my @SQL_ORDER = sort { $SQL_TYPES{$a} <=> $SQL_TYPES{$b} || $a cmp $b } keys %SQL_TYPES;
{
    no strict 'refs';
    for my $n (keys %SQL_TYPES) { my $v = $SQL_TYPES{$n}; *{"DBI::$n"} = sub () { $v } }
    *{"DBI::SQL_CURSOR_$_->[0]"} = do { my $v = $_->[1]; sub () { $v } } for [FORWARD_ONLY => 0], [KEYSET_DRIVEN => 1], [DYNAMIC => 2], [STATIC => 3], [TYPE_DEFAULT => 0];
}

our %EXPORT_TAGS = (
    sql_types => [@SQL_ORDER],
    sql_cursor_types => [map { "SQL_CURSOR_$_" } qw(FORWARD_ONLY KEYSET_DRIVEN DYNAMIC STATIC TYPE_DEFAULT)],
    utils => [qw(neat neat_list looks_like_number)],
);

sub import {
    my ($class, @what) = @_;
    my $into = caller;
    no strict 'refs';
    for my $w (@what) {
        my @names = $w =~ /^:(\w+)$/ ? @{ $EXPORT_TAGS{$1} || Carp::croak("\"$w\" is not defined in %DBI::EXPORT_TAGS") } : ($w);
        for my $n (@names) {
            next if $n =~ /^\$/;
            Carp::croak("\"$n\" is not exported by the DBI module") unless defined &{"DBI::$n"};
            *{"${into}::$n"} = \&{"DBI::$n"};
        }
    }
    return;
}

sub neat              { return CPANBridge::DBI::neat(@_) }
sub neat_list         { return CPANBridge::DBI::neat_list(@_) }
sub looks_like_number { return CPANBridge::DBI::looks_like_number(@_) }

sub err    { return $DBI::err }
sub errstr { return $DBI::errstr }
sub state  { return defined $DBI::err && $DBI::err ne '' && (!defined $DBI::state || $DBI::state eq '') ? 'S1000' : $DBI::state }
sub trace  { return 0 }
sub trace_msg { return 1 }
sub available_drivers { return qw(MariaDB Oracle Pg SQLite mysql) }

sub data_sources {
    my ($class, $driver) = @_;
    $driver =~ s/^dbi:([^:]+):?.*$/$1/i if defined $driver;
    return ('dbi:SQLite:dbname=') if defined $driver && $driver eq 'SQLite';
    return ();
}

sub parse_dsn {
    my ($class, $dsn) = @_;
    my ($scheme, $driver, $attr, $rest) = $dsn =~ /^(dbi):(\w*)(?:\((.*?)\))?:?(.*)$/is or return;
    return ($scheme, $driver, $attr, ($attr ? { map { split /\s*=>\s*/, $_, 2 } split /,/, $attr } : undef), $rest);
}

sub connect        { my $class = shift; return CPANBridge::DBI::Db::connect($class, 'connect', @_) }
sub connect_cached { my $class = shift; return CPANBridge::DBI::Db::connect($class, 'connect_cached', @_) }

require CPANBridge::DBI::Db;
require CPANBridge::DBI::St;

1;
