# new($fh): the workbook goes to a filehandle the script opened; also an in-memory one.
use strict;
use warnings;
use Excel::Writer::XLSX;

my $file = shift;
open my $fh, '>', $file or die "$file: $!";
binmode $fh;
my $wb = Excel::Writer::XLSX->new($fh) or die 'new($fh) failed';
my $ws = $wb->add_worksheet('FH');
$ws->write('A1', 'to a filehandle');
$ws->write('A2', 42);
print 'close: ', $wb->close, "\n";
close $fh;
open my $mem, '>', \my $buf or die;
my $wb2 = Excel::Writer::XLSX->new($mem);
$wb2->add_worksheet->write(0, 0, 'in memory');
print 'close mem: ', $wb2->close, "\n";
close $mem;
print 'zip: ', (substr($buf, 0, 2) eq 'PK' ? 'yes' : 'no'), "\n";
print 'new empty: ', (defined(Excel::Writer::XLSX->new('')) ? 'object' : 'undef'), "\n";
print 'new bad dir: ', (defined(Excel::Writer::XLSX->new('/nonexistent/dir/x.xlsx')) ? 'object' : 'undef'), "\n";
print 'errno set: ', ($! ? 'yes' : 'no'), "\n";
