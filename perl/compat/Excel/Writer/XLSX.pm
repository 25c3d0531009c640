package Excel::Writer::XLSX;
# ABSTRACT: Excel::Writer::XLSX through cpan-bridge: the workbook is written by the daemon (exceljs)

use strict;
use warnings;

use Exporter ();
use Excel::Writer::XLSX::Workbook ();

our $VERSION = '1.10';
our @ISA = ('Excel::Writer::XLSX::Workbook', 'Exporter');

sub new {
    my $class = shift;
    my $self = Excel::Writer::XLSX::Workbook->new(@_);
    bless $self, $class if defined $self;
    return $self;
}

1;

__END__

=head1 NAME

Excel::Writer::XLSX - cpan-bridge's Excel::Writer::XLSX, in core Perl

=head1 SYNOPSIS

  use Excel::Writer::XLSX;                          # perl/compat first on PERL5LIB

  my $workbook  = Excel::Writer::XLSX->new('report.xlsx') or die "report.xlsx: $!";
  my $worksheet = $workbook->add_worksheet('Data');
  my $bold      = $workbook->add_format(bold => 1, bg_color => 'silver', align => 'center');
  $worksheet->write('A1', 'Name', $bold);
  $worksheet->write(1, 0, [ 'Widget', 12.5, '=B2*2' ]);   # a row: string, number, formula
  $worksheet->freeze_panes(1, 0);
  $workbook->close or die "could not save report.xlsx";

=head1 DESCRIPTION

A drop-in for Excel::Writer::XLSX 1.x for hosts without it: the same
classes (L<Excel::Writer::XLSX::Workbook>, L<Excel::Writer::XLSX::Worksheet>,
L<Excel::Writer::XLSX::Format>, L<Excel::Writer::XLSX::Utility>), methods,
argument forms, type guessing, return values and messages. Type checks and
conversions run in Perl; cells are buffered and sent to the cpan-bridge
daemon in packed batches, which writes the file with exceljs. A loop of
100 000 C<write> calls is about a dozen round trips.

C<new> takes a file name, C<'-'> (STDOUT) or a filehandle (the bytes are
printed to it at C<close>), and the real module's options (C<date_1904>,
C<max_url_length>, C<default_format_properties>; C<tempdir> and
C<optimization> are accepted, the daemon streams big sheets anyway).

What is left out is listed in each class: charts, images, comments,
tables, conditional formats and data validation are not written.

=cut
