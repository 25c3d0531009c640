package Excel::Writer::XLSX::Worksheet;
# ABSTRACT: cpan-bridge's Excel::Writer::XLSX worksheet: type guessing and checks in Perl, cells buffered for the workbook's next batch

use strict;
use warnings;

use Carp ();
use Scalar::Util ();
use Excel::Writer::XLSX::Utility ();

our $VERSION = '1.10';

use constant { ROWMAX => 1_048_576, COLMAX => 16_384, STRMAX => 32_767 };

# Excel::Writer::XLSX's own number test in write().
my $NUMBER = qr/^([+-]?)(?=[0-9]|\.[0-9])[0-9]*(\.[0-9]*)?([Ee]([+-]?[0-9]+))?$/;

# Built by Excel::Writer::XLSX::Workbook::add_worksheet, never by scripts.
# $wb is the workbook (held weakly: worksheets must not keep it alive, its
# DESTROY closes the file); $buf and $settings are its shared batch buffers.
sub new {
    my ($class, $wb, $name, $index) = @_;
    my $self = bless {
        _name          => $name,
        _index         => $index,
        _wb            => $wb,
        _buf           => $wb->{_buf},
        _settings      => $wb->{_settings},
        _limit         => $wb->{_limit},
        _leading_zeros => 0,
        _write_match   => undef,
        _hlink_count   => 0,
        _max_url_length => $wb->{_max_url_length},
        _hidden        => 0,
        _selected      => 0,
        _margins       => [0.7, 0.7, 0.75, 0.75],
        _default_row_height  => 15,
        _original_row_height => 15,
    }, $class;
    Scalar::Util::weaken($self->{_wb});
    return $self;
}

sub _set {
    my $self = shift;
    push @{ $self->{_settings} }, [ $self->{_index}, @_ ];
    return;
}

# The workbook sends a batch when the buffer is full; writes after close stay here.
sub _full {
    my $wb = $_[0]{_wb};
    $wb->_flush if $wb;
    return;
}

sub _f { return ref $_[0] ? $_[0]{_index} : undef }

sub get_name { return $_[0]{_name} }

sub select {
    my $self = shift;
    $self->{_hidden} = 0;
    $self->{_selected} = 1;
    $self->_set('select');
}

sub activate {
    my $self = shift;
    $self->{_hidden} = 0;
    $self->{_selected} = 1;
    $self->{_wb}{_activesheet} = $self->{_index} if $self->{_wb};
    $self->_set('activate');
}

sub hide {
    my $self = shift;
    $self->{_hidden} = 1;
    $self->{_selected} = 0;
    if (my $wb = $self->{_wb}) { $wb->{_activesheet} = 0; $wb->{_firstsheet} = 0 }
    $self->_set('hide');
}

sub set_first_sheet {
    my $self = shift;
    $self->{_hidden} = 0;
    $self->{_wb}{_firstsheet} = $self->{_index} if $self->{_wb};
    $self->_set('set_first_sheet');
}

# ---- A1 notation ---------------------------------------------------------

sub _substitute_cellref {
    my $self = shift;
    my $cell = uc shift;
    if ($cell =~ /\$?([A-Z]{1,3}):\$?([A-Z]{1,3})/) {
        my ($r1, $c1) = Excel::Writer::XLSX::Utility::xl_cell_to_rowcol($1 . '1');
        my ($r2, $c2) = Excel::Writer::XLSX::Utility::xl_cell_to_rowcol($2 . ROWMAX);
        return ($r1, $c1, $r2, $c2, @_);
    }
    if ($cell =~ /\$?([A-Z]{1,3}\$?\d+):\$?([A-Z]{1,3}\$?\d+)/) {
        my ($r1, $c1) = Excel::Writer::XLSX::Utility::xl_cell_to_rowcol($1);
        my ($r2, $c2) = Excel::Writer::XLSX::Utility::xl_cell_to_rowcol($2);
        return ($r1, $c1, $r2, $c2, @_);
    }
    if ($cell =~ /\$?([A-Z]{1,3}\$?\d+)/) {
        my ($r1, $c1) = Excel::Writer::XLSX::Utility::xl_cell_to_rowcol($1);
        return ($r1, $c1, @_);
    }
    Carp::croak("Unknown cell reference $cell");
}

sub _bad_cell {
    return !defined $_[0] || $_[0] >= ROWMAX || !defined $_[1] || $_[1] >= COLMAX;
}

# ---- writing cells -------------------------------------------------------

sub write {
    my $self = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    my $token = $_[2];
    $token = '' unless defined $token;

    if ($self->{_write_match}) {
        for my $m (@{ $self->{_write_match} }) {
            next unless $token =~ /$m->[0]/;
            my $r = $m->[1]->($self, @_);
            return $r if defined $r;
        }
    }

    if (ref $token eq 'ARRAY') { return $self->write_row(@_) }
    if ($self->{_leading_zeros} && $token =~ /^0\d+$/) { return $self->write_string(@_) }
    if ($token =~ $NUMBER) {
        # write_number inline: this is the hot path of a report loop
        return -1 if @_ < 3;
        return -2 if !defined $_[0] || $_[0] >= ROWMAX || !defined $_[1] || $_[1] >= COLMAX;
        my $buf = $self->{_buf};
        push @$buf, $self->{_index}, $_[0], $_[1], 'n', $token + 0, (ref $_[3] ? $_[3]{_index} : undef), undef;
        _full($self) if @$buf >= $self->{_limit};
        return 0;
    }
    if ($token =~ m|^[fh]tt?ps?://| || $token =~ /^mailto:/ || $token =~ /^(?:in|ex)ternal:/) { return $self->write_url(@_) }
    if ($token =~ /^=/ || $token =~ /^{=.*}$/) { return $self->write_formula(@_) }
    if ($token eq '') { splice @_, 2, 1; return $self->write_blank(@_) }
    # write_string inline
    return -1 if @_ < 3;
    return -2 if !defined $_[0] || $_[0] >= ROWMAX || !defined $_[1] || $_[1] >= COLMAX;
    my $err = 0;
    if (length $token > STRMAX) { $token = substr($token, 0, STRMAX); $err = -3 }
    my $buf = $self->{_buf};
    push @$buf, $self->{_index}, $_[0], $_[1], 's', $token, (ref $_[3] ? $_[3]{_index} : undef), undef;
    _full($self) if @$buf >= $self->{_limit};
    return $err;
}

sub write_row {
    my $self = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    Carp::croak("Not an array ref in call to write_row()$!") if ref $_[2] ne 'ARRAY';
    my ($row, $col, $tokens, @opt) = @_;
    my $error = 0;
    for my $token (@$tokens) {
        my $ret = ref $token eq 'ARRAY' ? $self->write_col($row, $col, $token, @opt) : $self->write($row, $col, $token, @opt);
        $error ||= $ret;
        $col++;
    }
    return $error;
}

sub write_col {
    my $self = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    Carp::croak("Not an array ref in call to write_col()$!") if ref $_[2] ne 'ARRAY';
    my ($row, $col, $tokens, @opt) = @_;
    my $error = 0;
    for my $token (@$tokens) {
        my $ret = $self->write($row, $col, $token, @opt);
        $error ||= $ret;
        $row++;
    }
    return $error;
}

sub _push {
    my $self = shift;
    my $buf = $self->{_buf};
    push @$buf, $self->{_index}, @_;
    _full($self) if @$buf >= $self->{_limit};
    return;
}

sub write_number {
    my $self = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    return -1 if @_ < 3;
    my $num = $_[2] + 0;
    return -2 if _bad_cell(@_);
    $self->_push($_[0], $_[1], 'n', $num, _f($_[3]), undef);
    return 0;
}

sub write_string {
    my $self = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    return -1 if @_ < 3;
    my $str = $_[2];
    return -4 if !defined $str;
    return -2 if _bad_cell(@_);
    my $err = 0;
    if (length $str > STRMAX) { $str = substr($str, 0, STRMAX); $err = -3 }
    $self->_push($_[0], $_[1], 's', "$str", _f($_[3]), undef);
    return $err;
}

sub write_blank {
    my $self = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    return -1 if @_ < 2;
    return 0 if !defined $_[2];    # a blank cell is only written with a format
    return -2 if _bad_cell(@_);
    $self->_push($_[0], $_[1], 'b', '', _f($_[2]), undef);
    return 0;
}

sub write_formula {
    my $self = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    return -1 if @_ < 3;
    my ($row, $col, $formula, $xf, $value) = @_;
    if ($formula =~ /^{=.*}$/) { return $self->write_array_formula($row, $col, $row, $col, $formula, $xf, $value) }
    return -2 if _bad_cell($row, $col);
    $formula =~ s/^=//;
    $self->_push($row, $col, 'f', $formula, _f($xf), defined $value ? "$value" : undef);
    return 0;
}

# Array formulas: the protocol has no array kind yet, so the formula goes to
# the first cell as an ordinary formula and the rest of the range gets the
# formatted zeros the real module pads it with.
sub write_array_formula {
    my $self = shift;
    my @args = @_;
    if ($args[0] =~ /^\D/) {
        my @dims = $self->_substitute_cellref(shift @args);
        @args = (@dims == 2 ? (@dims, @dims) : @dims, @args);
    }
    return -1 if @args < 5;
    my ($r1, $c1, $r2, $c2, $formula, $xf, $value) = @args;
    ($r1, $r2) = ($r2, $r1) if $r1 > $r2;
    return -2 if _bad_cell($r1, $c1) || _bad_cell($r2, $c2);
    $formula =~ s/^{(.*)}$/$1/;
    $formula =~ s/^=//;
    $self->_push($r1, $c1, 'f', $formula, _f($xf), defined $value ? "$value" : undef);
    for my $r ($r1 .. $r2) {
        for my $c ($c1 .. $c2) {
            next if $r == $r1 && $c == $c1;
            $self->_push($r, $c, 'n', 0, _f($xf), undef);
        }
    }
    return 0;
}

sub write_dynamic_array_formula { my $self = shift; return $self->write_array_formula(@_) }

sub write_boolean {
    my $self = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    return -2 if _bad_cell(@_);
    $self->_push($_[0], $_[1], 'B', $_[2] ? '1' : '0', _f($_[3]), undef);
    return 0;
}

sub _escape_url {
    my $url = shift;
    return $url if $url =~ /%[0-9a-fA-F]{2}/;
    $url =~ s/%/%25/g;
    $url =~ s/[\s\x00]/%20/g;
    $url =~ s/(["<>[\]`^{}])/sprintf '%%%x', ord $1/eg;
    return $url;
}

sub write_url {
    my $self = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    return -1 if @_ < 3;
    my @args = @_;
    # the label and the format may come in either order, as the real module allows
    ($args[3], $args[4]) = ($args[4], $args[3]) if defined $args[3] && !ref $args[3];
    my ($row, $col, $url, $xf, $str) = @args;
    my $given = $url;
    $str = $url unless defined $str;
    my ($link_type, $external) = (1, 0);
    if ($url =~ s/^internal://) { $str =~ s/^internal://; $link_type = 2 }
    if ($url =~ s/^external://) { $str =~ s/^external://; $url =~ s{/}{\\}g; $str =~ s{/}{\\}g; $external = 1 }
    $str =~ s/^mailto://;
    return -2 if _bad_cell($row, $col);
    my $err = 0;
    if (length $str > STRMAX) { $str = substr($str, 0, STRMAX); $err = -3 }
    my $anchor = $str;
    if ($link_type == 1) {
        ($url, $anchor) = split /#/, $url, 2;
        $url = _escape_url($url);
        $anchor = _escape_url($anchor) if $anchor && !$external;
        $url = 'file:///' . $url if $url =~ m{^\w:} || $url =~ m{^\\\\};
        $url =~ s{^.\\}{};
    }
    my $max = $self->{_max_url_length};
    if (length $url > $max || length($anchor || '') > $max) {
        Carp::carp("Ignoring URL '$url' where link or anchor > $max characters since it exceeds Excel's limit for URLS. "
            . 'See LIMITATIONS section of the Excel::Writer::XLSX documentation.');
        return -4;
    }
    if (++$self->{_hlink_count} > 65_530) {
        Carp::carp("Ignoring URL '$url' since it exceeds Excel's limit of 65,530 URLs per worksheet. "
            . 'See LIMITATIONS section of the Excel::Writer::XLSX documentation.');
        return -5;
    }
    # internal links go as given; the others as E::W::X writes them (escaped,
    # file:/// for drive and network paths), the anchor after '#'
    my $send = $link_type == 2 ? $given : defined $anchor && $anchor ne '' ? "$url#$anchor" : $url;
    $self->_push($row, $col, 'u', $send, defined $xf ? _f($xf) : 1, $str);
    return $err;
}

# ISO 8601 to an Excel serial number, as Excel::Writer::XLSX::Worksheet::convert_date_time.
sub convert_date_time {
    my $self = shift;
    my $dt = $_[0];
    $dt =~ s/^\s+//;
    $dt =~ s/\s+$//;
    return if $dt =~ /[^0-9T:\-\.Z]/;
    return unless $dt =~ /\dT|T\d/;
    $dt =~ s/Z$//;
    my ($date, $time) = split /T/, $dt;
    my $seconds = 0;
    if (defined $time && $time ne '') {
        my ($h, $m, $s) = $time =~ /^(\d\d):(\d\d)(?::(\d\d(?:\.\d+)?))?/ or return undef;
        $s ||= 0;
        return if $h >= 24 || $m >= 60 || $s >= 60;
        $seconds = ($h * 3600 + $m * 60 + $s) / 86400;
    }
    return $seconds if $date eq '';
    my ($y, $mo, $d) = $date =~ /^(\d\d\d\d)-(\d\d)-(\d\d)$/ or return undef;
    my $d1904 = $self->{_wb} ? $self->{_wb}{_date_1904} : 0;
    if (!$d1904) {
        return $seconds if $date eq '1899-12-31' || $date eq '1900-01-00';
        return 60 + $seconds if $date eq '1900-02-29';
    }
    my $epoch = $d1904 ? 1904 : 1900;
    my $offset = $d1904 ? 4 : 0;
    my $range = $y - $epoch;
    my @mdays = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31);
    my $leap = ($y % 4 == 0 && $y % 100) || $y % 400 == 0 ? 1 : 0;
    $mdays[1] = 29 if $leap;
    return if $y < $epoch || $y > 9999 || $mo < 1 || $mo > 12 || $d < 1 || $d > $mdays[$mo - 1];
    my $days = $d;
    $days += $mdays[$_] for 0 .. $mo - 2;
    $days += $range * 365 + int($range / 4) - int(($range + $offset) / 100) + int(($range + $offset + 300) / 400) - $leap;
    $days++ if !$d1904 && $days > 59;
    return $days + $seconds;
}

sub write_date_time {
    my $self = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    return -1 if @_ < 3;
    return -2 if _bad_cell(@_);
    my $serial = $self->convert_date_time($_[2]);
    return $self->write_string(@_) unless defined $serial;
    $self->_push($_[0], $_[1], 'n', $serial, _f($_[3]), undef);
    return 0;
}

sub write_rich_string {
    my $self = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    return -1 if @_ < 3;
    my ($row, $col, @frag) = @_;
    my $cell_format = @frag % 2 && ref $frag[-1] ? pop @frag : undef;
    # the text only: rich fragments' fonts are not sent (see the POD)
    my $str = join '', grep { !ref } @frag;
    return $self->write_string($row, $col, $str, $cell_format);
}

sub write_comment { _unsupported('write_comment'); return 0 }

sub add_write_handler {
    my $self = shift;
    return unless @_ == 2;
    return unless ref $_[1] eq 'CODE';
    push @{ $self->{_write_match} }, [@_];
}

sub keep_leading_zeros {
    my $self = shift;
    $self->{_leading_zeros} = defined $_[0] ? $_[0] : 1;
}

# ---- rows, columns, merges ----------------------------------------------

sub set_column {
    my $self = shift;
    my @data = @_;
    if ($data[0] =~ /^\D/) {
        @data = $self->_substitute_cellref(@_);
        shift @data;
        splice @data, 1, 1;
    }
    return if @data < 3;
    my ($first, $last, $width, $format, $hidden, $level) = @data;
    $hidden ||= 0;
    return if !defined $first || !defined $last;
    $last = $first if $last == 0;
    ($first, $last) = ($last, $first) if $first > $last;
    return -2 if $first >= COLMAX || $last >= COLMAX;
    $level = 0 unless defined $level;
    $level = 0 if $level < 0;
    $level = 7 if $level > 7;
    $self->_set('set_column', $first + 0, $last + 0, defined $width ? $width + 0 : undef, _f($format), $hidden ? 1 : 0, $level + 0);
    return;
}

sub set_column_pixels {
    my $self = shift;
    my @data = @_;
    if ($data[0] =~ /^\D/) {
        @data = $self->_substitute_cellref(@_);
        shift @data;
        splice @data, 1, 1;
    }
    return if @data < 3;
    my $px = $data[2];
    $data[2] = $px ? ($px <= 12 ? $px / 12 : ($px - 5) / 7) : undef;
    return $self->set_column(@data);
}

sub set_row {
    my ($self, $row, $height, $format, $hidden, $level) = @_;
    return unless defined $row;
    return -2 if $row >= ROWMAX;
    $hidden ||= 0;
    $level  ||= 0;
    $height = $self->{_default_row_height} unless defined $height;
    if ($height == 0) { $hidden = 1; $height = $self->{_default_row_height} }
    $level = 0 if $level < 0;
    $level = 7 if $level > 7;
    $self->_set('set_row', $row + 0, $height + 0, _f($format), $hidden ? 1 : 0, $level + 0);
    return;
}

sub set_row_pixels {
    my ($self, @data) = @_;
    $data[1] = 0.75 * $data[1] if $data[1];
    return $self->set_row(@data);
}

sub set_default_row {
    my $self = shift;
    my $height = shift || $self->{_original_row_height};
    my $zero = shift || 0;
    $self->{_default_row_height} = $height if $height != $self->{_original_row_height};
    $self->_set('set_default_row', $height + 0, $zero ? 1 : 0);
    return;
}

sub merge_range {
    my $self = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    Carp::croak('Incorrect number of arguments') if @_ < 6;
    Carp::croak('Fifth parameter must be a format object') unless ref $_[5];
    my ($r1, $c1, $r2, $c2, $string, $format, @extra) = @_;
    Carp::croak("Can't merge single cell") if $r1 == $r2 && $c1 == $c2;
    ($r1, $r2) = ($r2, $r1) if $r1 > $r2;
    ($c1, $c2) = ($c2, $c1) if $c1 > $c2;
    return -2 if $self->_bad_merge($r1, $c1, $r2, $c2);
    $self->_set('merge', $r1 + 0, $c1 + 0, $r2 + 0, $c2 + 0);
    $self->write($r1, $c1, $string, $format, @extra);
    for my $r ($r1 .. $r2) {
        for my $c ($c1 .. $c2) {
            $self->write_blank($r, $c, $format) unless $r == $r1 && $c == $c1;
        }
    }
    return;
}

# E::W::X checks the first cell, which widens the sheet's dimension, before it finds the last one out of range
sub _bad_merge {
    my ($self, $r1, $c1, $r2, $c2) = @_;
    return 1 if _bad_cell($r1, $c1);
    return 0 unless _bad_cell($r2, $c2);
    $self->_set('dimension', $r1 + 0, $c1 + 0);
    return 1;
}

my %MERGE_WRITE = (string => 'write_string', number => 'write_number', blank => 'write_blank', date_time => 'write_date_time',
    rich_string => 'write_rich_string', url => 'write_url', formula => 'write_formula', array_formula => 'write_array_formula');

sub merge_range_type {
    my $self = shift;
    my $type = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    my ($r1, $c1, $r2, $c2, @rest) = @_;
    my $format = ($type eq 'array_formula' || $type eq 'blank' || $type eq 'rich_string') ? $rest[-1] : $rest[1];
    Carp::croak('Format object missing or in an incorrect position') unless ref $format;
    Carp::croak("Can't merge single cell") if $r1 == $r2 && $c1 == $c2;
    ($r1, $r2) = ($r2, $r1) if $r1 > $r2;
    ($c1, $c2) = ($c2, $c1) if $c1 > $c2;
    return -2 if $self->_bad_merge($r1, $c1, $r2, $c2);
    my $method = $MERGE_WRITE{$type} or Carp::croak("Unknown type '$type'");
    $self->_set('merge', $r1 + 0, $c1 + 0, $r2 + 0, $c2 + 0);
    $self->$method($r1, $c1, @rest);
    for my $r ($r1 .. $r2) {
        for my $c ($c1 .. $c2) {
            $self->write_blank($r, $c, $format) unless $r == $r1 && $c == $c1;
        }
    }
    return;
}

# ---- views, filters, printing -------------------------------------------

sub freeze_panes {
    my $self = shift;
    return unless @_;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    my $row = shift;
    my $col = shift || 0;
    my $top = shift || $row;
    my $left = shift || $col;
    my $type = shift || 0;
    return $self->_set('split_panes', $row + 0, $col + 0, $top + 0, $left + 0) if $type == 2;
    $self->_set('freeze_panes', $row + 0, $col + 0, $top + 0, $left + 0);
}

sub split_panes {
    my $self = shift;
    return unless @_;
    return $self->freeze_panes(@_[0 .. 3], 2);
}
*thaw_panes = \&split_panes;

sub autofilter {
    my $self = shift;
    @_ = $self->_substitute_cellref(@_) if $_[0] =~ /^\D/;
    return if @_ != 4;
    my ($r1, $c1, $r2, $c2) = @_;
    ($r1, $r2) = ($r2, $r1) if $r2 < $r1;
    ($c1, $c2) = ($c2, $c1) if $c2 < $c1;
    $self->_set('autofilter', $r1 + 0, $c1 + 0, $r2 + 0, $c2 + 0);
}

sub set_portrait  { $_[0]->_set('set_portrait') }
sub set_landscape { $_[0]->_set('set_landscape') }

sub set_paper {
    my ($self, $size) = @_;
    $self->_set('set_paper', $size + 0) if $size;
}

sub set_tab_color { my ($self, $color) = @_; $self->_set('set_tab_color', $color) }

sub set_header {
    my ($self, $string) = @_;
    $string = '' unless defined $string && length $string;
    $string =~ s/&\[Picture\]/&G/g;
    if (length $string > 255) { Carp::carp("Header string cannot be longer than Excel's limit of 255 characters"); return }
    $self->_set('set_header', $string);
}

sub set_footer {
    my ($self, $string) = @_;
    $string = '' unless defined $string && length $string;
    $string =~ s/&\[Picture\]/&G/g;
    if (length $string > 255) { Carp::carp("Footer string cannot be longer than Excel's limit of 255 characters"); return }
    $self->_set('set_footer', $string);
}

sub center_horizontally { $_[0]->_set('center_horizontally') }
sub center_vertically   { $_[0]->_set('center_vertically') }

sub _margins {
    my ($self, %m) = @_;
    my $cur = $self->{_margins};
    my %i = (l => 0, r => 1, t => 2, b => 3);
    for my $k (keys %m) { $cur->[ $i{$k} ] = defined $m{$k} && length $m{$k} ? $m{$k} + 0 : ($k =~ /[lr]/ ? 0.7 : 0.75) }
    $self->_set('set_margins', @$cur);
}
sub set_margins        { my ($s, $v) = @_; $s->_margins(l => $v, r => $v, t => $v, b => $v) }
sub set_margins_LR     { my ($s, $v) = @_; $s->_margins(l => $v, r => $v) }
sub set_margins_TB     { my ($s, $v) = @_; $s->_margins(t => $v, b => $v) }
sub set_margin_left    { my ($s, $v) = @_; $s->_margins(l => $v) }
sub set_margin_right   { my ($s, $v) = @_; $s->_margins(r => $v) }
sub set_margin_top     { my ($s, $v) = @_; $s->_margins(t => $v) }
sub set_margin_bottom  { my ($s, $v) = @_; $s->_margins(b => $v) }

sub repeat_rows {
    my $self = shift;
    my $first = $_[0];
    my $last = $_[1] || $_[0];
    $self->_set('repeat_rows', $first + 0, $last + 0);
}

sub repeat_columns {
    my $self = shift;
    if ($_[0] =~ /^\D/) {
        @_ = $self->_substitute_cellref(@_);
        shift @_;
        splice @_, 1, 1;
    }
    my $first = $_[0];
    my $last = defined $_[1] ? $_[1] : $_[0];
    $self->_set('repeat_columns', $first + 0, $last + 0);
}

sub hide_gridlines {
    my $self = shift;
    $self->_set('hide_gridlines', defined $_[0] ? $_[0] + 0 : 1);
}

sub fit_to_pages {
    my $self = shift;
    $self->_set('fit_to_pages', defined $_[0] ? $_[0] + 0 : 1, defined $_[1] ? $_[1] + 0 : 1);
}

sub set_zoom {
    my $self = shift;
    my $scale = $_[0] || 100;
    if ($scale < 10 || $scale > 400) { Carp::carp("Zoom factor $scale outside range: 10 <= zoom <= 400"); $scale = 100 }
    $self->_set('set_zoom', int $scale);
}

sub set_print_scale {
    my $self = shift;
    my $scale = $_[0] || 100;
    if ($scale < 10 || $scale > 400) { Carp::carp("Print scale $scale outside range: 10 <= zoom <= 400"); $scale = 100 }
    $self->_set('set_print_scale', int $scale);
}

# Accepted and not sent: they change how the sheet is viewed or printed,
# never a cell, and the protocol has no setting for them yet.
for my $name (qw(set_selection set_top_left_cell set_page_view print_row_col_headers hide_row_col_headers
                 set_h_pagebreaks set_v_pagebreaks print_black_and_white show_comments set_comments_author
                 right_to_left hide_zero print_across set_start_page set_first_row_column outline_settings
                 print_area filter_column filter_column_list protect unprotect_range set_vba_name ignore_errors
                 set_background)) {
    no strict 'refs';
    *{$name} = sub { return };
}

my %WARNED;
sub _unsupported {
    my $what = shift;
    Carp::carp("Excel::Writer::XLSX (cpan-bridge): $what is not supported; ignored") unless $WARNED{$what}++;
    return;
}

for my $name (qw(insert_image insert_chart insert_shape insert_button data_validation conditional_formatting
                 add_table add_sparkline)) {
    no strict 'refs';
    *{$name} = sub { _unsupported($name); return 0 };
}

1;

__END__

=head1 NAME

Excel::Writer::XLSX::Worksheet - cpan-bridge's worksheet of Excel::Writer::XLSX

=head1 DESCRIPTION

Made by C<< $workbook->add_worksheet >>. The methods of the real
Excel::Writer::XLSX::Worksheet, with its argument handling (A1 notation
everywhere it takes it), its type guessing in C<write> (the same regular
expressions, write handlers, C<keep_leading_zeros>), and its return values:
0, -1 (too few arguments), -2 (row or column out of range), -3 (string
truncated to 32 767 characters), -4 (undef string; URL too long), -5 (too
many URLs). Cells are kept in Perl and sent to the daemon in batches.

What differs: comments, images, charts, shapes, tables, sparklines, data
validation and conditional formats are not written (one warning per
method); selections, print areas, page breaks, protection and a few view
settings are accepted and ignored; rich strings keep their text, not their
fonts; array formulas are written as an ordinary formula in their first
cell (the rest of the range gets the real module's formatted zeros).

=cut
