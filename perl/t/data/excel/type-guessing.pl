# write()'s type guessing on edge cases, with its return values.
use strict;
use warnings;
use Excel::Writer::XLSX;

my $wb = Excel::Writer::XLSX->new(shift) or die "$!";
my $ws = $wb->add_worksheet('Guess');
my @tokens = ('0123', '1e5', '1E-3', ' 12', '12 ', '-', '+', '.5', '5.', '-0', '+7', '1,000', '0x1F', '=A1+1', '= 1',
    '{=SUM(A1:A2)}', 'http://x', 'https://y.example/a b', 'ftp://files', 'mailto:a@b.c', 'external:c:\temp\foo.xlsx',
    "O'Brien", '<b>bold</b>', "caf\x{e9} \x{2603} \x{4e16}\x{754c}", "line1\nline2", 'TRUE', '#N/A', '', undef, 0,
    3.14159, -1e-10, 12345678901234567, 'NaN', 'inf', '1 000', "\t5");
my $row = 0;
for my $t (@tokens) {
    my $ret = $ws->write($row, 0, $t);
    $ws->write_string($row, 1, defined $t ? "[$t]" : '[undef]');
    print "$row: ", (defined $ret ? $ret : 'undef'), "\n";
    $row++;
}
my $f = $wb->add_format(bold => 1);
print 'blank fmt: ', $ws->write($row, 0, '', $f), ' blank none: ', $ws->write($row, 1, undef), "\n";
print 'write_blank: ', $ws->write_blank($row + 1, 0, $f), ' ', $ws->write_blank($row + 1, 1), "\n";
print 'number as string: ', $ws->write_string($row + 2, 0, 42), ' string as number: ', $ws->write_number($row + 2, 1, '17.5'), "\n";
print 'boolean: ', $ws->write_boolean($row + 3, 0, 1), $ws->write_boolean($row + 3, 1, 0), "\n";
print 'formula string value: ', $ws->write_formula($row + 4, 0, '="a"&"b"', undef, 'ab'), "\n";
print 'A1 forms: ', $ws->write('c50', 'lower'), $ws->write('$D$50', 'abs'), $ws->write_number('E50', 5), "\n";
$ws->keep_leading_zeros();
print 'leading zeros kept: ', $ws->write($row + 5, 0, '007'), "\n";
print 'close: ', $wb->close, "\n";
