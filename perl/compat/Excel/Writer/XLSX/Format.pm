package Excel::Writer::XLSX::Format;
# ABSTRACT: cpan-bridge's Excel::Writer::XLSX format: properties kept in Perl, sent (latest values) with the next batch

use strict;
use warnings;

use Carp ();

our $VERSION = '1.10';
our $AUTOLOAD;

# The attributes a set_* method may set (the real Format's fields); set_foo
# for anything else dies "Unknown method", as the real AUTOLOAD does.
my %ATTR = map { ($_ => 1) } qw(
    num_format num_format_index font_index has_font has_dxf_font font size bold italic color underline
    font_strikeout font_outline font_shadow font_script font_family font_charset font_scheme font_condense
    font_extend theme hyperlink xf_id hidden locked text_h_align text_wrap text_v_align text_justlast rotation
    fg_color bg_color pattern has_fill has_dxf_fill fill_index fill_count border_index has_border
    has_dxf_border border_count bottom bottom_color diag_border diag_color diag_type left left_color right
    right_color top top_color indent shrink merge_range reading_order just_distrib color_indexed font_only
    xf_index dxf_index type);

# Internal fields of the real module: accepted, never sent.
my %INTERNAL = map { ($_ => 1) } qw(num_format_index font_index has_font has_dxf_font xf_id has_fill has_dxf_fill
    fill_index fill_count border_index has_border has_dxf_border border_count color_indexed font_only xf_index
    dxf_index type merge_range text_justlast);

my %H_ALIGN = (left => 'left', centre => 'center', center => 'center', right => 'right', fill => 'fill',
    justify => 'justify', center_across => 'center_across', centre_across => 'center_across', merge => 'center_across',
    distributed => 'distributed', equal_space => 'distributed', justify_distributed => 'justify_distributed');
my %V_ALIGN = (top => 'top', vcentre => 'vcenter', vcenter => 'vcenter', bottom => 'bottom', vjustify => 'vjustify',
    vdistributed => 'vdistributed', vequal_space => 'vdistributed');
my @H_BY_NUM = (undef, qw(left center right fill justify center_across distributed));
my @V_BY_NUM = (undef, qw(top vcenter bottom vjustify vdistributed));

my %COLOR = (aqua => 0x0F, cyan => 0x0F, black => 0x08, blue => 0x0C, brown => 0x10, magenta => 0x0E,
    fuchsia => 0x0E, gray => 0x17, grey => 0x17, green => 0x11, lime => 0x0B, navy => 0x12, orange => 0x35,
    pink => 0x21, purple => 0x14, red => 0x0A, silver => 0x16, white => 0x09, yellow => 0x0D);

# Built by Excel::Writer::XLSX::Workbook::add_format: its index in the
# workbook and the workbook's set of changed formats (a plain hash, so a
# format never keeps the workbook alive).
sub new {
    my ($class, $index, $changed, @props) = @_;
    my $self = bless { _index => $index, _changed => $changed, _p => {} }, $class;
    $self->set_format_properties(@props) if @props;
    return $self;
}

sub _put {
    my ($self, $key, $value) = @_;
    if (defined $value) { $self->{_p}{$key} = $value } else { delete $self->{_p}{$key} }
    $self->{_changed}{ $self->{_index} } = $self if $self->{_changed};
    return;
}

# The properties the daemon gets: E::W::X's names, colours already mapped
# ('#RRGGBB' or a palette index 8..63; the default colour is left out).
sub _properties {
    my $p = $_[0]{_p};
    return { map { $INTERNAL{$_} ? () : ($_ => $p->{$_}) } keys %$p };
}

sub _get_color {
    return 0 unless defined $_[0];
    return $_[0] if $_[0] =~ /^#[0-9A-F]{6}$/i;
    return $COLOR{ lc $_[0] } if exists $COLOR{ lc $_[0] };
    return 0 if $_[0] =~ /\D/;
    return $_[0] + 8 if $_[0] < 8;
    return 0 if $_[0] > 63;
    return $_[0] + 0;
}

sub copy {
    my ($self, $other) = @_;
    return unless defined $other && ref $self eq ref $other;
    $self->{_p} = { %{ $other->{_p} } };
    $self->{_changed}{ $self->{_index} } = $self if $self->{_changed};
    return;
}

sub set_format_properties {
    my $self = shift;
    my %props = @_;
    while (my ($key, $value) = each %props) {
        $key =~ s/^-//;
        my $method = "set_$key";
        $self->$method($value);
    }
    return;
}
*set_properties = \&set_format_properties;

sub set_bold {
    my $self = shift;
    $self->_put(bold => (defined $_[0] ? $_[0] : 1) ? 1 : 0);
}

sub set_align {
    my ($self, $location) = @_;
    return if !defined $location || $location =~ /\d/;
    $location = lc $location;
    if (my $h = $H_ALIGN{$location}) { $self->_put(align => $h) }
    if (my $v = $V_ALIGN{$location}) { $self->_put(valign => $v) }
    return;
}
sub set_valign { my $self = shift; return $self->set_align(@_) }

sub set_text_h_align {
    my ($self, $n) = @_;
    $n = 1 unless defined $n;
    $self->_put(align => $H_BY_NUM[$n]) if $n =~ /^\d+$/ && $n < @H_BY_NUM;
    return;
}

sub set_text_v_align {
    my ($self, $n) = @_;
    $n = 1 unless defined $n;
    $self->_put(valign => $V_BY_NUM[$n]) if $n =~ /^\d+$/ && $n < @V_BY_NUM;
    return;
}

sub set_center_across { $_[0]->_put(align => 'center_across') }
sub set_merge         { $_[0]->_put(align => 'center_across') }

sub set_border {
    my ($self, $style) = @_;
    $self->$_($style) for qw(set_bottom set_top set_left set_right);
    return;
}

sub set_border_color {
    my ($self, $color) = @_;
    $self->$_($color) for qw(set_bottom_color set_top_color set_left_color set_right_color);
    return;
}

sub set_rotation {
    my ($self, $rotation) = @_;
    return if $rotation !~ /^([+-]?)(?=\d|\.\d)\d*(\.\d*)?([Ee]([+-]?\d+))?$/;
    $rotation = int $rotation;
    if ($rotation != 270 && ($rotation < -90 || $rotation > 90)) {
        Carp::carp("Rotation $rotation outside range: -90 <= angle <= 90");
        $rotation = 0;
    }
    $self->_put(rotation => $rotation);
}

sub set_hyperlink {
    my ($self, $hyperlink) = @_;
    $self->_put(underline => 1);
    $self->_put(theme => 10);
    $self->_put(hyperlink => $hyperlink);
}

sub set_type { return }

# set_color, set_bg_color, set_bottom_color... and every plain attribute:
# the real module's AUTOLOAD rules (undef means 1; colours mapped).
sub AUTOLOAD {
    my $self = shift;
    return if $AUTOLOAD =~ /::DESTROY$/;
    $AUTOLOAD =~ /.*::set_(\w+)/ or die "Unknown method: $AUTOLOAD\n";
    my $attr = $1;
    $ATTR{$attr} or die "Unknown method: $AUTOLOAD\n";
    my $code;
    if ($AUTOLOAD =~ /.*::set\w+color$/) {
        $code = sub { my $c = _get_color($_[1]); $_[0]->_put($attr => $c eq '0' ? undef : $c) };
    } else {
        $code = sub { $_[0]->_put($attr => defined $_[1] ? $_[1] : 1) };
    }
    no strict 'refs';
    *{$AUTOLOAD} = $code;
    return $code->($self, @_);
}

sub DESTROY { }

1;

__END__

=head1 NAME

Excel::Writer::XLSX::Format - cpan-bridge's cell format of Excel::Writer::XLSX

=head1 DESCRIPTION

Made by C<< $workbook->add_format(%properties) >>. Every C<set_*> method of
the real module, with its rules: C<set_bold()> and the other flags default
to 1, colours by name, C<#RRGGBB> or palette index, C<set_align> taking
horizontal and vertical names (and C<set_valign> the same names),
C<set_border> / C<set_border_color> setting all four sides, C<set_rotation>
in -90..90 or 270, C<set_format_properties> (alias C<set_properties>), and
C<copy>. An unknown property dies C<Unknown method: ...set_foo>, as the
real AUTOLOAD does. A format stays changeable until the workbook is closed:
the cells that use it get its last properties.

=cut
