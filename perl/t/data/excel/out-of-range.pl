# Out-of-range writes and too few arguments: the return values, and the cells that do get written.
use strict;
use warnings;
use Excel::Writer::XLSX;

my $wb = Excel::Writer::XLSX->new(shift) or die "$!";
my $ws = $wb->add_worksheet('Edges');
my $f = $wb->add_format(bold => 1);
my @r = (
    $ws->write(1_048_576, 0, 'row too far'), $ws->write(0, 16_384, 'col too far'), $ws->write(1_048_575, 16_383, 'last cell'),
    $ws->write_number(1_048_576, 0, 1), $ws->write_string(0, 16_384, 'x'), $ws->write_formula(1_048_576, 0, '=1'),
    $ws->write_blank(1_048_576, 0, $f), $ws->write_url(0, 16_384, 'http://x'), $ws->write_date_time(1_048_576, 0, '2024-01-01T'),
    $ws->write_number(0, 0), $ws->write_string(0, 0), $ws->write_formula(0, 0), $ws->write_blank(0),
    $ws->write_string(1, 1, undef), $ws->write_string(2, 2, 'y' x 40_000), $ws->write(3, 3, 'z' x 32_768),
    $ws->write_date_time(4, 4, 'not a date'), $ws->write_date_time(5, 5, '2024-13-01T'), $ws->write_date_time(6, 6, 'T25:00:00'),
    $ws->write_date_time(7, 7, 'T12:30:15.5'), $ws->write_url(8, 8, 'http://' . ('a' x 2100)),
    $ws->set_row(1_048_576, 20), $ws->set_column(16_384, 16_384, 10), $ws->merge_range(1_048_575, 0, 1_048_576, 1, 'm', $f),
);
print join(',', map { defined $_ ? $_ : 'undef' } @r), "\n";
print 'merge single: ', (eval { $ws->merge_range('B2:B2', 'x', $f); 1 } ? 'ok' : $@ =~ /^(Can't merge single cell)/ ? $1 : $@), "\n";
print 'merge no fmt: ', (eval { $ws->merge_range('B2:C2', 'x'); 1 } ? 'ok' : $@ =~ /^(Incorrect number of arguments)/ ? $1 : $@), "\n";
print 'bad ref: ', (eval { $ws->write('!!', 1); 1 } ? 'ok' : $@ =~ /^(Unknown cell reference \S+)/ ? $1 : $@), "\n";
print 'close: ', $wb->close, "\n";
print 'close again: ', (defined $wb->close ? 'defined' : 'undef'), "\n";
