# A report as scripts write them: bold headers, numbers, dates, formulas with
# cached values, urls, a merged title, frozen panes, an autofilter, widths and heights.
use strict;
use warnings;
use Excel::Writer::XLSX;

my $file = shift;
my $wb = Excel::Writer::XLSX->new($file) or die "cannot create $file: $!";
my $ws = $wb->add_worksheet('Sales Report');
my $title = $wb->add_format(bold => 1, size => 16, align => 'center', valign => 'vcenter', bg_color => '#DDEBF7', border => 1);
my $hdr = $wb->add_format();
$hdr->set_bold();
$hdr->set_color('white');
$hdr->set_bg_color('navy');
$hdr->set_align('center');
$hdr->set_border(1);
$hdr->set_text_wrap();
my $money = $wb->add_format(num_format => '#,##0.00', color => 'green');
my $date = $wb->add_format(num_format => 'yyyy-mm-dd', align => 'left');
my $pct = $wb->add_format(num_format => 10, italic => 1);

$ws->merge_range('A1:E1', 'Quarterly sales', $title);
$ws->set_row(0, 28);
my @head = ('Region', 'Date', 'Units', 'Amount', 'Share');
print 'write_row: ', $ws->write_row(1, 0, \@head, $hdr), "\n";
my @rows = (['North', '2024-01-15', 120, 1534.5], ['South', '2024-02-29', 75, 980.25], ['East', '2024-03-31T13:45:00', 0, 0],
            ['West', '2023-12-01', -4, -12.125], ["Nord-Ost \x{e9}t\x{e9}", '1900-02-28', 1e5, 1234567.891]);
my $r = 2;
for my $row (@rows) {
    my ($region, $when, $units, $amount) = @$row;
    print "row $r: ", join(',', $ws->write($r, 0, $region), $ws->write_date_time($r, 1, $when =~ /T/ ? $when : "${when}T", $date),
        $ws->write($r, 2, $units), $ws->write_number($r, 3, $amount, $money),
        $ws->write_formula($r, 4, "=D" . ($r + 1) . "/SUM(D3:D7)", $pct, $amount ? 0.25 : 0)), "\n";
    $r++;
}
print 'total: ', $ws->write($r, 0, 'Total', $hdr), $ws->write_formula($r, 3, '=SUM(D3:D7)', $money, 3736.515), "\n";
print 'url: ', $ws->write($r + 2, 0, 'http://www.example.com/report?q=1'), "\n";
print 'url2: ', $ws->write_url($r + 3, 0, 'https://example.org/x', undef, 'Example site'), "\n";
print 'mailto: ', $ws->write($r + 4, 0, 'mailto:sales@example.com'), "\n";
print 'internal: ', $ws->write_url($r + 5, 0, "internal:'Sales Report'!A1"), "\n";
$ws->freeze_panes(2, 0);
$ws->autofilter('A2:E7');
$ws->set_column('A:A', 24);
$ws->set_column(1, 1, 12);
$ws->set_column('C:D', 14, undef, 0);
$ws->set_column('F:F', 5, undef, 1);
$ws->set_row(9, 30, $date);
$ws->set_row(10, undef, undef, 1);
$ws->set_landscape();
$ws->set_paper(9);
$ws->repeat_rows(1);
$ws->set_margins(0.5);
print 'close: ', $wb->close, "\n";
