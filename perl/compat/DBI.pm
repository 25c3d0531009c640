package DBI;
# ABSTRACT: drop-in DBI: unmodified `use DBI` scripts run through cpan-bridge

use strict;
use warnings;
no warnings 'once';

our $VERSION = '1.643';

use B ();
use Carp ();
use JSON::PP ();
use Scalar::Util ();
use CPANBridge::DBI;
use CPANBridge::DBI::LastRows;

=head1 NAME

DBI - drop-in replacement for DBI that forwards to the cpan-bridge daemon

=head1 VERSION

1.643 (the DBI version whose behaviour it follows)

=head1 SYNOPSIS

  # run an unmodified script with perl/compat first on @INC
  PERL5LIB=/opt/cpan-bridge/perl/compat:/opt/cpan-bridge/perl/lib perl report.pl

  # report.pl, unchanged:
  use DBI qw(:sql_types);
  my $dbh = DBI->connect('dbi:Pg:dbname=sales;host=db1', $user, $pass, { RaiseError => 1 })
      or die $DBI::errstr;
  my $sth = $dbh->prepare('SELECT id, name FROM customers WHERE region = ?');
  $sth->execute('EU');
  while (my ($id, $name) = $sth->fetchrow_array) { print "$id\t$name\n" }

=head1 DESCRIPTION

The packages C<DBI>, C<DBI::db> (F<DBI/db.pm>) and C<DBI::st>
(F<DBI/st.pm>) with DBI's API: C<connect>, C<connect_cached>, C<do>,
C<prepare>, C<execute>, the C<fetch*> and C<select*> families,
C<bind_param> (with C<:sql_types> constants), C<bind_columns>,
C<execute_array>, transactions, C<quote>, C<last_insert_id>,
C<table_info>/C<column_info>, C<$DBI::err>/C<$DBI::errstr>/C<$DBI::state>,
C<RaiseError>/C<PrintError>/C<HandleError>/C<ShowErrorStatement>. The
database work happens in the daemon's C<database.*> methods (pg, mysql2,
better-sqlite3, oracledb); no DBD module is needed on this host. Handles are
tied hashes like DBI's. What each DBD does differently (quoting, bytes or
characters, numbers, ChopBlanks, a wrong number of binds) comes from the
daemon with C<connect>, so scripts see their own DBD's behaviour. See
F<docs/dbi.md> for what differs from the real DBI.

Notation as in DBI's POD: C<$dbh> a database handle, C<$sth> a statement
handle, C<$rv> a return value, C<\%attr> attributes, C<undef> for NULL.

=head1 METHODS

=head2 connect

  $dbh = DBI->connect($data_source, $username, $password, \%attr) or die $DBI::errstr;

C<dbi:Pg:>, C<dbi:mysql:>, C<dbi:MariaDB:>, C<dbi:SQLite:>, C<dbi:Oracle:>
data sources; C<DBI_DSN>, C<DBI_USER>, C<DBI_PASS> when they are empty.
C<PrintError> is on and C<RaiseError> off unless C<\%attr> says otherwise.

=head2 connect_cached

  $dbh = DBI->connect_cached($data_source, $username, $password, \%attr);

The same handle for the same arguments while it is active and answers C<ping>.

=head2 err, errstr, state

  $rv = DBI->err;   # also $DBI::err, $DBI::errstr, $DBI::state

=head2 neat, neat_list, looks_like_number

  use DBI qw(:utils);
  print neat($value), neat_list(\@values, $maxlen, $sep);

=head2 available_drivers, data_sources, parse_dsn, trace, trace_msg

As in DBI. C<use DBI qw(:sql_types)> exports the C<SQL_*> constants.

=head1 SEE ALSO

L<DBI::db>, L<DBI::st>, F<docs/dbi.md>, F<docs/database-rpc.md>.

=cut

our ($err, $errstr, $state, $lasth, $rows);
# read, not set: the rows of the handle used last, as in DBI
tie $rows, 'CPANBridge::DBI::LastRows';
our $stderr = 2000000000;
our $neat_maxlen = 1000;

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

sub connect        { my $class = shift; return _connect($class, 'connect', @_) }
sub connect_cached { my $class = shift; return _connect($class, 'connect_cached', @_) }

our %CACHED;

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

# connect and connect_cached; $class is DBI or a class of the old bridge's (its handles are that class).
sub _connect {
    my ($class, $how, $dsn, $user, $pass, $attr) = @_;
    $attr = {} unless ref $attr eq 'HASH';
    $dsn  = $ENV{DBI_DSN}  if !defined $dsn || $dsn eq '';
    $user = $ENV{DBI_USER} unless defined $user;
    $pass = $ENV{DBI_PASS} unless defined $pass;
    $dsn = '' unless defined $dsn;
    my ($drv, $name) = $dsn =~ /^dbi:(\w+)(?:\(.*?\))?:(.*)$/is;
    unless (defined $drv) {
        die "Can't connect to data source '$dsn' because I can't work out what driver to use "
            . "(it doesn't seem to contain a 'dbi:driver:' prefix and the DBI_DRIVER env var is not set)" . CPANBridge::DBI::Error::where();
    }
    my %a = (PrintError => 1, AutoCommit => 1, RaiseError => 0, %$attr);
    $CPANBridge::DBI::Attrs::BOOLEAN{$_} and $a{$_} = $a{$_} ? 1 : '' for keys %a;
    my $ckey;
    if ($how eq 'connect_cached') {
        # DBI's CachedKids: the same handle while it is alive (pinged), per (dsn, user, password, attr).
        $ckey = join "\0", $dsn, (defined $user ? $user : ''), (defined $pass ? $pass : ''),
            map { "$_=" . (defined $a{$_} ? $a{$_} : '') } sort grep { !ref $a{$_} } keys %a;
        my $h = $CACHED{$ckey};
        return $h if $h && (tied %$h)->{Active} && $h->ping;
    }
    my $b = CPANBridge::DBI::bridge();
    my ($res, $e) = $b->rpc("database.$how", { dsn => $dsn, username => (defined $user ? $user : ''),
        password => (defined $pass ? $pass : ''), attr => _wire_attr(\%a) });
    if (!$res) {
        my ($err, $errstr, $state) = CPANBridge::DBI::Error::from_rpc($e);
        CPANBridge::DBI::Error::set({}, $err, $errstr, $state);
        my $msg = "DBI $how('" . CPANBridge::DBI::shown_dsn($name) . "','" . (defined $user ? $user : '') . "',...) failed: $errstr";
        if (ref $a{HandleError} eq 'CODE') { return undef if $a{HandleError}->($msg, undef, undef) }
        my $where = CPANBridge::DBI::Error::where();
        die $msg . $where if $a{RaiseError};
        warn $msg . $where if $a{PrintError};
        return undef;
    }
    $drv = $res->{driver} if $res->{driver};
    my $inner = {
        %a,
        _kind => 'db', _owner => CPANBridge::owner(), _drv => $drv, _b => $b, _id => $res->{connection_id}, _caps => CPANBridge::DBI::caps($res->{capabilities}),
        _st_class => $a{_st_class} || 'DBI::st', _dsn => $dsn,
        Driver => { Name => $drv }, Name => $name, Username => $user, Active => 1,
        AutoCommit => (defined $res->{autocommit} ? ($res->{autocommit} ? 1 : '') : ($a{AutoCommit} ? 1 : '')),
        RaiseError => ($a{RaiseError} ? 1 : ''), PrintError => ($a{PrintError} ? 1 : ''),
        # DBI's defaults, which decide whether server notices are warned
        PrintWarn => (exists $a{PrintWarn} ? ($a{PrintWarn} ? 1 : '') : 1), Warn => (exists $a{Warn} ? ($a{Warn} ? 1 : '') : 1),
        FetchHashKeyName => $a{FetchHashKeyName} || 'NAME',
        LongReadLen => defined $a{LongReadLen} ? $a{LongReadLen} : 80,
        err => undef, errstr => undef, state => '',
    };
    my $class_db = ref $class || $class;
    $class_db = $class_db eq 'DBI' ? 'DBI::db' : $class_db;
    my $h = CPANBridge::DBI::make_handle($class_db, $inner);
    if ($ckey) { $CACHED{$ckey} = $h; $inner->{_cached} = 1 }
    return $h;
}

require DBI::db;
require DBI::st;

1;
