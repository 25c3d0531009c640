package Excel::Writer::XLSX::Workbook;
# ABSTRACT: cpan-bridge's Excel::Writer::XLSX workbook: one daemon handle, cells sent in packed batches

use strict;
use warnings;

use Carp ();
use Scalar::Util ();
use CPANBridge ();
use JSON::PP ();
use CPANBridge::Packed ();
use Excel::Writer::XLSX::Worksheet ();
use Excel::Writer::XLSX::Format ();

our $VERSION = '1.10';

# Cells kept in Perl before a batch goes to the daemon. Each is 7 scalars in
# one flat array; a batch of 8 192 cells packs to ~150 KB.
our $BATCH_CELLS = $ENV{CPAN_BRIDGE_EXCEL_BATCH} && $ENV{CPAN_BRIDGE_EXCEL_BATCH} =~ /^\d+$/ ? $ENV{CPAN_BRIDGE_EXCEL_BATCH} : 8192;

# Open workbooks of this process, held weakly, closed at END as the real
# module's DESTROY would close them at global destruction (by then the
# bridge session, which owns the daemon handle, has ended).
my %LIVE;

my $BRIDGE;
sub _bridge { return $BRIDGE ||= CPANBridge->new }

sub new {
    my $class = shift;
    my $filename = $_[0];
    my $options = $_[1] || {};
    $filename = '' unless defined $filename;
    if (!ref $filename && $filename eq '') {
        Carp::carp('Filename required by Excel::Writer::XLSX->new()');
        return undef;
    }
    my $self = bless {
        _filename        => $filename,
        _filehandle      => undef,
        _id              => undef,
        _fileclosed      => 0,
        _owner           => CPANBridge::owner(),
        _worksheets      => [],
        _sheetnames      => {},
        _sheetname_count => 0,
        _formats         => [],
        _changed         => {},
        _new_sheets      => [],
        _buf             => [],
        _settings        => [],
        _limit           => 7 * ($BATCH_CELLS || 1),
        _activesheet     => 0,
        _firstsheet      => 0,
        _date_1904       => $options->{date_1904} ? 1 : 0,
        _optimization    => $options->{optimization} || 0,
        _tempdir         => $options->{tempdir},
        _max_url_length  => 2079,
        _default_format_properties => $options->{default_format_properties} || {},
        _batches         => 0,
    }, $class;
    if (exists $options->{max_url_length}) {
        $self->{_max_url_length} = $options->{max_url_length} < 255 ? 2079 : $options->{max_url_length};
    }

    my %open;
    if (ref $filename) {
        $self->{_filehandle} = $filename;
        $open{to_client} = JSON::PP::true();
    } elsif ($filename eq '-') {
        binmode STDOUT;
        $self->{_filehandle} = \*STDOUT;
        $open{to_client} = JSON::PP::true();
    } else {
        $open{filename} = "$filename";
        # the real module opens the file in place: an existing file keeps its mode, a new one gets the umask's
        my @st = stat $filename;
        $self->{_mode} = @st ? $st[2] & 07777 : 0666 & ~umask;
    }
    my ($res, $err) = _bridge()->rpc('excel.open', \%open);
    if (!$res) {
        # as IO::File->new failing in the real new(): undef, the reason in $!
        $! = _errno($err) || 0;
        Carp::carp("Excel::Writer::XLSX->new($filename): $err->{message}") if $err->{type} eq 'transport';
        return undef;
    }
    $self->{_id} = $res->{workbook};
    # the real module's IO::File open leaves ENOTTY in $! (its isatty check); a later bare die exits with it
    $! = 25 if exists $open{filename};

    # formats 0 (the default cell format) and 1 (the default hyperlink format), as the real module
    $self->add_format(xf_index => 0);
    delete $self->{_changed}{0};
    $self->{_default_url_format} = $self->add_format(hyperlink => 1);

    $LIVE{ Scalar::Util::refaddr($self) } = $self;
    Scalar::Util::weaken($LIVE{ Scalar::Util::refaddr($self) });
    return $self;
}

# The errno the daemon reports for a file it could not create (ENOENT, EACCES...).
sub _errno {
    my $err = shift;
    my $code = $err && $err->{data} && ($err->{data}{errno_code} || $err->{data}{code} || $err->{data}{backend_code});
    return undef unless defined $code && $code =~ /^E[A-Z]+$/;
    require POSIX;
    my $n = eval { no strict 'refs'; &{"POSIX::$code"}() };
    return $n;
}

sub add_worksheet {
    my $self = shift;
    my $index = @{ $self->{_worksheets} };
    my $name = $self->_check_sheetname($_[0]);
    my $ws = Excel::Writer::XLSX::Worksheet->new($self, $name, $index);
    $self->{_worksheets}[$index] = $ws;
    $self->{_sheetnames}{$name} = $ws;
    push @{ $self->{_new_sheets} }, $name;
    return $ws;
}

sub _check_sheetname {
    my $self = shift;
    my $name = shift || '';
    $self->{_sheetname_count}++;
    $name = 'Sheet' . $self->{_sheetname_count} if $name eq '';
    Carp::croak("Sheetname $name must be <= 31 chars") if length $name > 31;
    Carp::croak('Invalid character []:*?/\\ in worksheet name: ' . $name) if $name =~ m{[\[\]:*?/\\]};
    Carp::croak("Worksheet name $name cannot start or end with an apostrophe") if $name =~ /^'/ || $name =~ /'$/;
    for my $ws (@{ $self->{_worksheets} }) {
        Carp::croak("Worksheet name '$name', with case ignored, is already used.") if lc $name eq lc $ws->{_name};
    }
    return $name;
}

sub add_format {
    my $self = shift;
    my $index = @{ $self->{_formats} };
    my $format = Excel::Writer::XLSX::Format->new($index, $self->{_changed}, %{ $self->{_default_format_properties} }, @_);
    $self->{_changed}{$index} = $format;
    push @{ $self->{_formats} }, $format;
    return $format;
}

sub get_default_url_format { return $_[0]{_default_url_format} }

sub sheets {
    my $self = shift;
    return @_ ? @{ $self->{_worksheets} }[@_] : @{ $self->{_worksheets} };
}

sub worksheets { return $_[0]{_worksheets} }

sub get_worksheet_by_name {
    my ($self, $name) = @_;
    return undef unless defined $name;
    return $self->{_sheetnames}{$name};
}

sub set_1904 {
    my $self = shift;
    $self->{_date_1904} = defined $_[0] ? $_[0] : 1;
}
sub get_1904 { return $_[0]{_date_1904} }

sub set_tempdir {
    my ($self, $dir) = @_;
    Carp::croak("$dir is not a valid directory") if defined $dir && !-d $dir;
    $self->{_tempdir} = $dir;
}

sub set_optimization {
    my $self = shift;
    my $level = defined $_[0] ? $_[0] : 1;
    Carp::croak('set_optimization() must be called before add_worksheet()') if @{ $self->{_worksheets} };
    $self->{_optimization} = $level;
}

# Workbook-level settings the protocol has no field for yet: accepted, not written.
for my $name (qw(set_properties set_custom_property define_name set_size set_tab_ratio set_calc_mode
                 read_only_recommended set_vba_name set_custom_color set_color_palette compatibility_mode set_codepage)) {
    no strict 'refs';
    *{$name} = sub { return 0 };
}

for my $name (qw(add_chart add_shape add_vba_project)) {
    no strict 'refs';
    *{$name} = sub { Carp::croak("Excel::Writer::XLSX (cpan-bridge): $name is not supported") };
}

# ---- batches -------------------------------------------------------------

sub _pending {
    my $self = shift;
    my %p = (workbook => $self->{_id});
    $p{sheets} = [ splice @{ $self->{_new_sheets} } ] if @{ $self->{_new_sheets} };
    if (%{ $self->{_changed} }) {
        my $ch = $self->{_changed};
        $p{formats} = { map { ($_ => $ch->{$_}->_properties) } keys %$ch };
        %$ch = ();
    }
    $p{settings} = [ splice @{ $self->{_settings} } ] if @{ $self->{_settings} };
    my %opts;
    if (@{ $self->{_buf} }) {
        $opts{packed_params} = { cells => _encode_cells($self->{_buf}) };
        @{ $self->{_buf} } = ();
    }
    return (\%p, \%opts);
}

# The 7-column table of the protocol (sheet, row, col, kind, value, format,
# extra), packed straight from the flat buffer: no row arrays are built. Only
# value and extra can hold text beyond ASCII, only format and extra can be
# undef, so one pass over those three columns does the UTF-8 and NULL work.
sub _encode_cells {
    my $b = shift;
    my ($bits, $nulls) = ('', 0);
    for (my $i = 4; $i < @$b; $i += 7) {
        utf8::encode($b->[$i]) if $b->[$i] =~ /[^\x00-\x7f]/;
        if (defined $b->[$i + 1]) { $bits .= '000000' } else { $bits .= '000001'; $b->[$i + 1] = ''; $nulls++ }
        if (defined $b->[$i + 2]) {
            utf8::encode($b->[$i + 2]) if $b->[$i + 2] =~ /[^\x00-\x7f]/;
            $bits .= '0';
        } else { $bits .= '1'; $b->[$i + 2] = ''; $nulls++ }
    }
    return pack 'a w/a', 'R', pack('w w w/a w/a (w/a)*', 7, @$b / 7, 'nnnSSnS', ($nulls ? pack('b*', $bits) : ''), @$b);
}

sub _flush {
    my $self = shift;
    if ($self->{_fileclosed} || !defined $self->{_id}) {
        @{ $self->{_buf} } = ();
        return;
    }
    my ($p, $opts) = $self->_pending;
    $self->{_batches}++;
    my ($res, $err) = _bridge()->rpc('excel.write', $p, $opts);
    Carp::croak("Excel::Writer::XLSX: writing to $self->{_filename} through cpan-bridge failed: $err->{message}") unless $res;
    return;
}

sub close {
    my $self = shift;
    return if $self->{_fileclosed};
    return undef if !defined $self->{_id};
    $self->{_fileclosed} = 1;
    $self->add_worksheet if !@{ $self->{_worksheets} };
    my ($p, $opts) = $self->_pending;
    $opts->{packed} = 1;
    $self->{_batches}++;
    my ($res, $err) = _bridge()->rpc('excel.close', $p, $opts);
    delete $LIVE{ Scalar::Util::refaddr($self) };
    if (!$res) {
        $! = _errno($err) || 0;
        Carp::carp("Excel::Writer::XLSX: could not save $self->{_filename}: $err->{message}");
        return 0;
    }
    # the daemon renamed its private temporary (0600) over the name
    chmod $self->{_mode}, $self->{_filename} if defined $self->{_mode} && -o $self->{_filename};
    if ($self->{_filehandle}) {
        my $bytes = $res->{bytes};
        $bytes = $$bytes if ref $bytes;
        print { $self->{_filehandle} } $bytes if defined $bytes;
    }
    return 1;
}

sub DESTROY {
    my $self = shift;
    local ($@, $!, $^E, $?);
    return if $self->{_fileclosed} || !defined $self->{_id};
    return if ($self->{_owner} // '') ne CPANBridge::owner();
    # After END the bridge session is gone and with it the daemon's workbook.
    return if ${^GLOBAL_PHASE} eq 'DESTRUCT';
    eval { $self->close };
    return;
}

END {
    local ($@, $!, $^E, $?);
    for my $wb (grep { defined } values %LIVE) {
        next if $wb->{_fileclosed} || ($wb->{_owner} // '') ne CPANBridge::owner();
        eval { $wb->close };
    }
}

1;

__END__

=head1 NAME

Excel::Writer::XLSX::Workbook - cpan-bridge's workbook of Excel::Writer::XLSX

=head1 DESCRIPTION

The workbook behind L<Excel::Writer::XLSX>: C<add_worksheet> (the real
module's name checks and messages), C<add_format>, C<sheets>,
C<worksheets>, C<get_worksheet_by_name>, C<set_1904>, C<close>. The file is
written by the cpan-bridge daemon: C<new> opens a workbook handle there,
worksheet writes are kept in Perl and sent in packed batches of
C<$Excel::Writer::XLSX::Workbook::BATCH_CELLS> cells (8 192; the
environment variable C<CPAN_BRIDGE_EXCEL_BATCH> changes it), and C<close>
sends the rest and has the daemon save the file under a temporary name and
rename it, so the file is complete when C<close> returns true.

A workbook never closed is closed when it is destroyed, as the real
module does, and at the latest at the end of the script; if the daemon is
gone by then, no file (not even a partial one) is left under the name.

What differs: C<new> does not create the file at once (it appears at
C<close>); a path that cannot be written still makes C<new> return undef
with C<$!> set. Charts, shapes and VBA projects croak; document properties,
defined names, custom palette colours and window settings are accepted and
not written.

=cut
