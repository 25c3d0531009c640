# Several sheets: default names, activate, set_first_sheet, hide, select, tab colours, lookups, bad names.
use strict;
use warnings;
use Excel::Writer::XLSX;

my $wb = Excel::Writer::XLSX->new(shift) or die "$!";
my @s = map { $wb->add_worksheet($_) } ('', 'Data', '', 'Summary 2024', 'x' x 31, '2024');
$_->write(0, 0, $_->get_name) for @s;
print 'names: ', join('|', map { $_->get_name } $wb->sheets), "\n";
print 'slice: ', join('|', map { $_->get_name } $wb->sheets(1, 3)), "\n";
print 'by name: ', $wb->get_worksheet_by_name('Data')->get_name, ' ', (defined $wb->get_worksheet_by_name('nope') ? 'found' : 'undef'), "\n";
print 'worksheets: ', scalar @{ $wb->worksheets }, "\n";
for my $bad ('data', 'a[b', 'c:d', 'e*f', 'g?h', 'i/j', 'k\\l', "'quoted", "quoted'", 'y' x 32) {
    eval { $wb->add_worksheet($bad) };
    (my $e = $@) =~ s/ at \S+ line \d+\.?\n//;
    print "bad '$bad': $e\n";
}
$s[3]->activate;
$s[2]->set_first_sheet;
$s[1]->select;
$s[5]->hide;
$s[1]->set_tab_color('red');
$s[3]->set_tab_color('#00FF00');
$s[4]->set_zoom(150);
$s[4]->hide_gridlines(2);
print 'close: ', $wb->close, "\n";
