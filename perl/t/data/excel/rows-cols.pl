# write_row / write_col with nested array refs, and write() with array refs.
use strict;
use warnings;
use Excel::Writer::XLSX;

my $wb = Excel::Writer::XLSX->new(shift) or die "$!";
my $ws = $wb->add_worksheet();
my $fmt = $wb->add_format(italic => 1, border => 2, border_color => 'red');
my @matrix = ([1, 2, 3], ['a', 'b', 'c'], [4.5, '=A1*2', undef, 'x']);
print 'write_row nested: ', $ws->write_row('A1', \@matrix), "\n";
print 'write_col nested: ', $ws->write_col(0, 6, \@matrix, $fmt), "\n";
print 'write aref: ', $ws->write(10, 0, ['r', 'o', 'w']), "\n";
print 'write nested aref: ', $ws->write('A13', [['c1', 'c2'], ['d1', 'd2']]), "\n";
print 'write_col flat: ', $ws->write_col('J1', [10, 20, 30, '', 'end'], $fmt), "\n";
print 'first error: ', $ws->write_row(0, 16383, [1, 2, 3]), "\n";
print 'croak: ', (eval { $ws->write_row(0, 0, 'not a ref'); 1 } ? 'none' : $@ =~ /^(Not an array ref in call to write_row\(\))/ ? $1 : $@), "\n";
print 'croak col: ', (eval { $ws->write_col(0, 0, {}); 1 } ? 'none' : $@ =~ /^(Not an array ref in call to write_col\(\))/ ? $1 : $@), "\n";
print 'close: ', $wb->close, "\n";
