use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_facade run_perl_real root);
use File::Temp ();
use Test::More;

# What the differential scripts cannot show: batching, closing without
# close(), what is left when a script dies, fork, file handles, the old name.

my $ROOT = root();
my $HAVE_PARSER = eval { require Spreadsheet::ParseXLSX; 1 };
my $HAVE_REAL = eval { require Excel::Writer::XLSX; 1 };

sub cell {
    my ($file, $row, $col, $sheet) = @_;
    return 'no parser' unless $HAVE_PARSER;
    my $wb = eval { Spreadsheet::ParseXLSX->new->parse($file) } or return "unparsable: $@";
    my $c = $wb->worksheet($sheet || 0)->get_cell($row, $col);
    return $c ? $c->unformatted : undef;
}

sub facade {
    my ($script, @args) = @_;
    my ($out, $err, $code) = run_perl_facade($script, args => \@args);
    return ($out, $err, $code);
}

my $dir = File::Temp::tempdir(CLEANUP => 1);

# Batches: 20 000 writes travel in 3 excel.write calls and the close; every cell arrives.
{
    my ($out, $err, $code) = facade(<<'PL', "$dir/batch.xlsx");
use strict; use warnings; use Excel::Writer::XLSX;
my $wb = Excel::Writer::XLSX->new($ARGV[0]) or die $!;
my $ws = $wb->add_worksheet;
for my $r (0 .. 1999) { $ws->write($r, $_, $_ % 2 ? "s$r-$_" : $r * 10 + $_) for 0 .. 9 }
my $before = $wb->{_batches};
print "batches before close: $before\n";
print "close: ", $wb->close, "\n";
print "round trips: ", $wb->{_batches}, "\n";
PL
    is($code, 0, 'batch script runs') or diag $err;
    like($out, qr/batches before close: 2\nclose: 1\nround trips: 3\n/, '20 000 cells: 2 batches of 8 192, the rest with the close') or diag $out;
    is(cell("$dir/batch.xlsx", 1999, 9), 's1999-9', 'the last cell arrived');
    is(cell("$dir/batch.xlsx", 0, 0), 0, 'the first cell arrived');
    is(cell("$dir/batch.xlsx", 1000, 4), 10004, 'a cell of the second batch arrived');
}

# A workbook that goes out of scope without close() is closed by DESTROY, and complete.
{
    my ($out, $err, $code) = facade(<<'PL', "$dir/scope.xlsx");
use strict; use warnings; use Excel::Writer::XLSX;
{
    my $wb = Excel::Writer::XLSX->new($ARGV[0]) or die $!;
    $wb->add_worksheet->write('B2', 'destroyed');
}
print -s $ARGV[0] ? "file after scope\n" : "no file after scope\n";
PL
    is($code, 0, 'scope script runs') or diag $err;
    is($out, "file after scope\n", 'DESTROY closed the workbook before the next statement');
    is(cell("$dir/scope.xlsx", 1, 1), 'destroyed', '... with its cell');
}

# Never closed, alive until the script ends (and a script that dies): closed at the end, as the real module does.
for my $case (['end', 'print "done\n";'], ['die', 'die "report failed\n";']) {
    my ($name, $tail) = @$case;
    my $script = <<"PL";
use strict; use warnings; use Excel::Writer::XLSX;
our \$wb = Excel::Writer::XLSX->new(\$ARGV[0]) or die \$!;
my \$ws = \$wb->add_worksheet('Kept');
\$ws->write(\$_, 0, "row \$_") for 0 .. 99;
$tail
PL
    my ($out, $err, $code) = facade($script, "$dir/$name.xlsx");
    is(cell("$dir/$name.xlsx", 99, 0), 'row 99', "$name without close: the workbook is complete");
    SKIP: {
        skip 'the real Excel::Writer::XLSX is not installed', 1 unless $HAVE_REAL;
        my (undef, undef, $rcode) = run_perl_real($script, args => ["$dir/$name-real.xlsx"]);
        is($code, $rcode, "$name without close: same exit code as the real module");
    }
}

# A script killed before close (no END, no DESTROY) leaves nothing: no file under the name,
# and the daemon removes its temporary when the session ends.
{
    my ($out, $err, $code) = facade(<<'PL', "$dir/killed.xlsx");
use strict; use warnings; use Excel::Writer::XLSX; use POSIX ();
my $wb = Excel::Writer::XLSX->new($ARGV[0]) or die $!;
$wb->add_worksheet->write(0, 0, 'never saved');
$wb->_flush;
POSIX::_exit(0);
PL
    ok(!-e "$dir/killed.xlsx", 'killed before close: no file under the final name');
    my @tmp;
    for (1 .. 100) {
        opendir my $dh, $dir or die $!;
        @tmp = grep { /killed\.xlsx.*\.tmp$/ } readdir $dh;
        last unless @tmp;
        select undef, undef, undef, 0.1;
    }
    is_deeply(\@tmp, [], '... and the temporary is removed once the daemon sees the process gone');
}

# A forked child's exit leaves the parent's workbook alone.
{
    my ($out, $err, $code) = facade(<<'PL', "$dir/fork.xlsx");
use strict; use warnings; use Excel::Writer::XLSX;
my $wb = Excel::Writer::XLSX->new($ARGV[0]) or die $!;
my $ws = $wb->add_worksheet;
$ws->write(0, 0, 'parent');
my $pid = fork;
if (!$pid) { $ws->write(1, 0, 'child'); exit 0 }
waitpid $pid, 0;
print -e $ARGV[0] ? "child closed it\n" : "still open\n";
$ws->write(2, 0, 'after fork');
print "close: ", $wb->close, "\n";
PL
    is($out, "still open\nclose: 1\n", 'fork: the child did not close the workbook') or diag $err;
    is(cell("$dir/fork.xlsx", 2, 0), 'after fork', '... the parent wrote and closed it');
    is(cell("$dir/fork.xlsx", 1, 0), undef, "... without the child's cell");
}

# Relative names are the script's; '-' is STDOUT.
{
    my ($out, $err, $code) = run_perl_facade(<<'PL', cwd => $dir);
use strict; use warnings; use Excel::Writer::XLSX;
my $wb = Excel::Writer::XLSX->new('relative.xlsx') or die $!;
$wb->add_worksheet->write(0, 0, 'here');
print "close: ", $wb->close, "\n";
PL
    is($out, "close: 1\n", 'relative file name') or diag $err;
    is(cell("$dir/relative.xlsx", 0, 0), 'here', '... written in the script\'s directory');
    ($out, $err, $code) = facade(<<'PL');
use strict; use warnings; use Excel::Writer::XLSX;
my $wb = Excel::Writer::XLSX->new('-') or die $!;
$wb->add_worksheet->write(0, 0, 'stdout');
$wb->close;
PL
    is(substr($out, 0, 2), 'PK', "new('-'): the workbook is printed to STDOUT") or diag $err;
    open my $fh, '>', "$dir/stdout.xlsx" or die $!;
    binmode $fh;
    print $fh $out;
    close $fh;
    is(cell("$dir/stdout.xlsx", 0, 0), 'stdout', '... and is a whole workbook');
}

# Failures of new(), writes after close.
{
    my $script = <<'PL';
use strict; use warnings; use Excel::Writer::XLSX;
my $wb = Excel::Writer::XLSX->new('/nonexistent-dir/x.xlsx');
print defined $wb ? "object\n" : "undef\n";
print $!{ENOENT} ? "ENOENT\n" : "errno: $!\n";
my $ok = Excel::Writer::XLSX->new(shift) or die;
my $ws = $ok->add_worksheet;
$ok->close;
print "write after close: ", $ws->write(0, 0, 'late'), "\n";
print "add_worksheet after close: ", ref $ok->add_worksheet, "\n";
PL
    my ($out, $err, $code) = facade($script, "$dir/late.xlsx");
    is($out, "undef\nENOENT\nwrite after close: 0\nadd_worksheet after close: Excel::Writer::XLSX::Worksheet\n",
        'new() on a missing directory is undef with $! ENOENT; writes after close are accepted and dropped') or diag $err;
    is($err, '', '... silently, as the real module');
}

# The old name: ExcelHelper, with perl/lib alone on @INC.
{
    local $ENV{PERL5LIB} = '';
    my ($out, $err, $code) = BridgeTest::run_perl(<<'PL', inc => ["$ROOT/perl/lib"], args => ["$dir/helper.xlsx"], cwd => $dir);
use strict; use warnings; use ExcelHelper;
my $wb = Excel::Writer::XLSX->new($ARGV[0]) or die $!;
my $ws = $wb->add_worksheet;
my $hdr = $wb->add_format;
$hdr->set_bold; $hdr->set_color('black'); $hdr->set_bg_color('gray'); $hdr->set_align('center');
$ws->write(0, 0, 'Name', $hdr);
$ws->write(1, 0, 42);
print "close: ", $wb->close, "\n";
my $old = ExcelHelper->new("$ARGV[0].old.xlsx");
print ref $old, ' ', ($old->isa('Excel::Writer::XLSX') ? 'isa' : 'not'), "\n";
$old->add_worksheet('Old')->write('A1', 'old api');
print "old close: ", $old->close, "\n";
print eval { ExcelHelper->new(''); 1 } ? "no croak\n" : $@ =~ /^Filename required for Excel workbook/ ? "croak\n" : $@;
print eval { ExcelHelper->new('/nonexistent-dir/y.xlsx'); 1 } ? "no croak\n" : $@ =~ /^Failed to create Excel workbook: / ? "croak 2\n" : $@;
my $bridge = ExcelHelper->new(debug => 1);
print 'bridge: ', $bridge->test_python_bridge, ' ', ($bridge->call_python('test', 'ping', {})->{success} ? 'ping' : 'no ping'), "\n";
PL
    is($out, "close: 1\nExcelHelper isa\nold close: 1\ncroak\ncroak 2\nbridge: 1 ping\n", 'ExcelHelper: the facade under the old name, and its old constructor') or diag $err;
    is(cell("$dir/helper.xlsx", 1, 0), 42, '... writes the workbook');
    is(cell("$dir/helper.xlsx.old.xlsx", 0, 0), 'old api', '... ExcelHelper->new too');
    ok(!-e "$dir/debug", "ExcelHelper->new(debug => 1) makes no workbook named 'debug'");
}

done_testing;
