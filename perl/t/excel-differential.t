use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade root);
use File::Temp ();
use Test::More;

# Each perl/t/data/excel/*.pl runs once with the real Excel::Writer::XLSX and
# once with perl/compat's facade (the daemon writes that workbook). Their
# output (return values, warnings, croaks) must be the same, and both
# workbooks, read back with the real Spreadsheet::ParseXLSX, must hold the
# same cells (value, type, formula, every format property ParseXLSX reports,
# the number format's text), merged areas, column widths, row heights and
# hidden flags, page setup, sheet names, order and states; what ParseXLSX
# does not read (panes, autofilter, print titles, active and first sheet,
# hyperlink targets) is compared in the sheets' XML.

for my $mod (qw(Excel::Writer::XLSX Spreadsheet::ParseXLSX)) {
    plan skip_all => "$mod (the oracle, scripts/install-deps.sh) is not installed" unless eval "require $mod; 1";
}
require IO::Uncompress::Unzip;

my $ROOT = root();
my @SCRIPTS = @ARGV ? @ARGV : sort glob "$ROOT/perl/t/data/excel/*.pl";
my $TMP = File::Temp::tempdir(CLEANUP => 1);

for my $script (@SCRIPTS) {
    (my $name = $script) =~ s{.*/|\.pl\z}{}g;
    my $text = do { open my $fh, '<', $script or die "$script: $!"; local $/; <$fh> };
    my ($real, $fac) = ("$TMP/real-$name.xlsx", "$TMP/facade-$name.xlsx");
    my ($rout, $rerr, $rcode) = run_perl_real($text, args => [$real]);
    my ($fout, $ferr, $fcode) = run_perl_facade($text, args => [$fac]);
    s{\S+/script\.pl}{SCRIPT}g for $rout, $rerr, $fout, $ferr;
    is($rcode, 0, "$name: the real module runs it") or diag $rerr;
    is($fcode, 0, "$name: the facade runs it") or diag $ferr;
    is($fout, $rout, "$name: same output (return values, messages)");
    is($ferr, $rerr, "$name: same warnings");
    ok(-s $real, "$name: the real module wrote $name.xlsx");
    ok(-s $fac, "$name: the facade wrote $name.xlsx") or next;
    is(mode_of($fac), mode_of($real), "$name: same file mode (the script's umask)");
    my @r = describe($real);
    my @f = describe($fac);
    same_lines("$name: same workbook", \@r, \@f);
}

done_testing;

sub mode_of { return sprintf '%04o', (stat $_[0])[2] & 07777 }

# Reports the lines only one side has (the first 25 of each), so a failure says what differs.
sub same_lines {
    my ($what, $want, $got) = @_;
    my (%w, %g);
    $w{$_}++ for @$want;
    $g{$_}++ for @$got;
    my @missing = grep { !$g{$_} } @$want;
    my @extra = grep { !$w{$_} } @$got;
    ok(!@missing && !@extra && @$want == @$got, "$what (" . scalar(@$want) . ' facts)') and return;
    diag "real module only: $_" for @missing[0 .. ($#missing < 24 ? $#missing : 24)];
    diag "facade only:      $_" for @extra[0 .. ($#extra < 24 ? $#extra : 24)];
}

sub fmtnum {
    my $v = shift;
    return 'undef' unless defined $v;
    return $v =~ /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\z/ ? sprintf('%.15g', $v) : $v;
}

sub flat {
    my ($v) = @_;
    return 'undef' unless defined $v;
    return '[' . join(',', map { flat($_) } @$v) . ']' if ref $v eq 'ARRAY';
    return fmtnum($v);
}

# One line per fact of the workbook.
sub describe {
    my ($file) = @_;
    my $wb = Spreadsheet::ParseXLSX->new->parse($file) or return ("cannot parse $file");
    my @out = ("sheets=" . $wb->worksheet_count, "active=" . ($wb->{SelectedSheet} // 'undef'), "1904=" . ($wb->{Flg1904} || 0));
    my $i = 0;
    for my $ws ($wb->worksheets) {
        my $s = "sheet$i";
        push @out, "$s name=$ws->{Name}";
        push @out, "$s $_=" . flat($ws->{$_}) for qw(SheetHidden TabColor Landscape PaperSize Scale LeftMargin RightMargin TopMargin BottomMargin MinRow MaxRow MinCol MaxCol);
        push @out, "$s merged=" . join(' ', sort map { join ',', @$_ } @{ $ws->{MergedArea} || [] });
        # sparse: a sheet may have one cell at XFD1048576
        for my $c (0 .. $#{ $ws->{ColWidth} || [] }) {
            next unless defined $ws->{ColWidth}[$c] || $ws->{ColHidden}[$c];
            push @out, "$s col$c width=" . fmtnum($ws->{ColWidth}[$c]) . ' hidden=' . ($ws->{ColHidden}[$c] ? 1 : 0);
        }
        my $def = $ws->{DefRowHeight} // 15;
        for my $r (0 .. $#{ $ws->{RowHeight} || [] }) {
            my $h = $ws->{RowHeight}[$r];
            next unless (defined $h && $h != $def) || $ws->{RowHidden}[$r];
            push @out, "$s row$r height=" . fmtnum($h) . ' hidden=' . ($ws->{RowHidden}[$r] ? 1 : 0);
        }
        my $cells = $ws->{Cells} || [];
        for my $r (grep { $cells->[$_] } 0 .. $#$cells) {
            for my $c (grep { defined $cells->[$r][$_] } 0 .. $#{ $cells->[$r] }) {
                my $cell = $cells->[$r][$c];
                my $at = "$s r${r}c$c";
                push @out, "$at type=" . $cell->type . ' value=' . fmtnum($cell->value) . ' unformatted=' . fmtnum($cell->unformatted)
                    . ' formula=' . ($cell->{Formula} // 'undef') . ' merged=' . ($cell->is_merged ? 1 : 0);
                my $f = $cell->get_format or next;
                push @out, "$at numfmt=" . ($wb->{FormatStr}{ $f->{FmtIdx} } // "builtin $f->{FmtIdx}");
                push @out, "$at $_=" . flat($f->{$_}) for qw(AlignH AlignV Wrap Rotate Indent Shrink Lock Hidden Fill BdrStyle BdrColor BdrDiag);
                my $font = $f->{Font} || {};
                push @out, "$at font." . "$_=" . flat($font->{$_}) for qw(Name Height Bold Italic Underline UnderlineStyle Color Strikeout Super);
            }
        }
        $i++;
    }
    push @out, xml_facts($file);
    return @out;
}

sub member {
    my ($file, $name) = @_;
    my $out;
    IO::Uncompress::Unzip::unzip($file => \$out, Name => $name) or return '';
    return $out;
}

my %ENTITY = (apos => "'", quot => '"', amp => '&', lt => '<', gt => '>');
sub unxml { my $s = shift; $s =~ s/&(apos|quot|amp|lt|gt);/$ENTITY{$1}/g; return $s }

sub attrs {
    my ($tag) = @_;
    my %a = map { unxml($_) } $tag =~ /(\w+)="([^"]*)"/g;
    return join ' ', map { "$_=$a{$_}" } sort keys %a;
}

# What ParseXLSX leaves out, from the XML: workbook view, defined names,
# each sheet's pane, autofilter, tab selection, and hyperlinks with targets.
sub xml_facts {
    my ($file) = @_;
    my @out;
    my $book = member($file, 'xl/workbook.xml');
    my ($view) = $book =~ /<workbookView\b([^>]*)>/;
    my %v = ($view // '') =~ /(\w+)="([^"]*)"/g;
    push @out, 'view activeTab=' . ($v{activeTab} // 0) . ' firstSheet=' . ($v{firstSheet} // 0);
    while ($book =~ /<definedName\b([^>]*)>([^<]*)</g) {
        my ($a, $body) = ($1, $2);
        my %d = $a =~ /(\w+)="([^"]*)"/g;
        push @out, "defined $d{name} sheet=" . ($d{localSheetId} // '-') . " hidden=" . ($d{hidden} // 0) . ' = ' . unxml($body);
    }
    my @sheets = $book =~ /<sheet\b([^>]*)\/>/g;
    for my $n (1 .. @sheets) {
        my $xml = member($file, "xl/worksheets/sheet$n.xml");
        my $s = 'sheet' . ($n - 1);
        my ($sv) = $xml =~ /<sheetView\b([^>]*)>/;
        my %sv = ($sv // '') =~ /(\w+)="([^"]*)"/g;
        push @out, "$s tabSelected=" . ($sv{tabSelected} // 0) . ' zoom=' . ($sv{zoomScale} // 100) . ' grid=' . ($sv{showGridLines} // 1);
        push @out, "$s pane " . attrs($1) while $xml =~ /<pane\b([^>]*)\/>/g;
        push @out, "$s autofilter " . attrs($1) while $xml =~ /<autoFilter\b([^>]*?)\/?>/g;
        my $rels = member($file, "xl/worksheets/_rels/sheet$n.xml.rels");
        my %target = map { my %r = /(\w+)="([^"]*)"/g; ($r{Id} => $r{Target}) } $rels =~ /<Relationship\b([^>]*)\/>/g;
        while ($xml =~ /<hyperlink\b([^>]*)\/>/g) {
            my %h = map { unxml($_) } $1 =~ /([\w:]+)="([^"]*)"/g;
            push @out, "$s link $h{ref} -> " . (defined $h{'r:id'} ? 'url ' . ($target{ $h{'r:id'} } // '?') : '')
                . (defined $h{location} ? "location $h{location}" : '') . (defined $h{display} ? " display $h{display}" : '');
        }
    }
    return @out;
}
