# Every format property scripts set, by add_format and by set_*, and formats changed after use.
use strict;
use warnings;
use Excel::Writer::XLSX;

my $wb = Excel::Writer::XLSX->new(shift) or die "$!";
my $ws = $wb->add_worksheet('Formats');
my @props = (
    [bold => 1], [italic => 1], [underline => 1], [underline => 2], [underline => 33], [font => 'Courier New'], [size => 20],
    [color => 'red'], [color => '#123456'], [color => 12], [color => 3], [color => 'nosuch'], [bg_color => 'yellow'],
    [bg_color => 'silver', pattern => 1], [fg_color => 'blue', pattern => 2], [bg_color => 'red', fg_color => 'green', pattern => 1],
    [pattern => 5], [border => 1], [border => 6, border_color => 'blue'], [bottom => 2, top => 5, left => 3, right => 4],
    [bottom => 1, bottom_color => 'red', top_color => '#00FF00'], [align => 'center'], [align => 'right'], [align => 'fill'],
    [align => 'justify'], [align => 'center_across'], [align => 'top'], [align => 'vcenter'], [align => 'bottom'],
    [align => 'vjustify'], [valign => 'top'], [valign => 'center'], [align => 'left', valign => 'vcenter'],
    [num_format => '0.00'], [num_format => '0.000%'], [num_format => 3], [num_format => 14], [num_format => 'mmm d yyyy hh:mm AM/PM'],
    [num_format => '@'], [num_format => '00000'], [text_wrap => 1], [rotation => 45], [rotation => -30], [rotation => 90],
    [rotation => 270], [indent => 2], [locked => 0], [hidden => 1], [shrink => 1], [font_strikeout => 1], [font_script => 1],
    [font_script => 2], [-bold => 1, -color => 'purple'],
);
my $row = 0;
for my $p (@props) {
    my $f = $wb->add_format(@$p);
    $ws->write($row, 0, join(' ', map { defined $_ ? $_ : 'undef' } @$p), $f);
    $ws->write($row, 1, 1234.5678, $f);
    $row++;
}
my $f = $wb->add_format();
$f->set_bold();
$f->set_italic(0);
$f->set_font('Arial');
$f->set_size(9);
$f->set_underline();
$f->set_color('orange');
$f->set_bg_color('#FFCC00');
$f->set_pattern(1);
$f->set_border(2);
$f->set_top(5);
$f->set_border_color('gray');
$f->set_left_color('magenta');
$f->set_align('center');
$f->set_valign('vcenter');
$f->set_text_wrap(1);
$f->set_num_format('0.0');
$f->set_indent(1);
$f->set_locked(0);
$ws->write($row++, 0, 'set_* methods', $f);
$ws->write($row++, 0, 3.25, $f);
my $late = $wb->add_format(bold => 1);
$ws->write($row++, 0, 'changed after use', $late);
$late->set_bold(0);
$late->set_italic();
$late->set_color('blue');
my $copy = $wb->add_format();
$copy->copy($f);
$copy->set_size(14);
$ws->write($row++, 0, 'copy', $copy);
$f->set_properties(font_strikeout => 1);
$ws->write($row++, 0, 'set_properties', $f);
print 'unknown: ', (eval { $wb->add_format(font_color => 'red'); 1 } ? 'ok' : $@), "";
print 'unknown set: ', (eval { $f->set_nonsense(1); 1 } ? 'ok' : $@), "";
{
    my @w;
    local $SIG{__WARN__} = sub { push @w, $_[0] };
    $wb->add_format(rotation => 100);
    (my $w = $w[0] // 'none') =~ s/ at \S+ line \d+\.?\n//;
    print "rotation warning: $w\n";
}
print 'close: ', $wb->close, "\n";
