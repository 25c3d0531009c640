package ExcelHelper;
# ABSTRACT: the old bridge's ExcelHelper: Excel::Writer::XLSX (perl/compat) under its old name

use strict;
use warnings;

our $VERSION = '2.00';

use Carp ();
use CPANBridge;
use CPANBridge::Compat 'Excel::Writer::XLSX';

# The old module was a CPANBridge subclass (call_python on a workbook still works)
# and made `Excel::Writer::XLSX->new` work after `use ExcelHelper`: loading the facade does that.
our @ISA = ('Excel::Writer::XLSX', 'CPANBridge');

# ExcelHelper->new($file): croaks where Excel::Writer::XLSX->new returns undef, as the old one did.
sub new {
    my ($class, $filename, @rest) = @_;
    Carp::croak('Filename required for Excel workbook') unless $filename;
    # ExcelHelper->new(debug => 1): the old test scripts' bridge object, not a workbook named "debug"
    if (@rest % 2 == 1 && $filename =~ /\A(?:debug|timeout)\z/) {
        my %args = ($filename, @rest);
        return bless { %{ CPANBridge->new(%args) }, _fileclosed => 1, _worksheets => [], _formats => [] }, $class;
    }
    my $self = Excel::Writer::XLSX::Workbook->new($filename, ref $rest[0] eq 'HASH' ? $rest[0] : ());
    Carp::croak("Failed to create Excel workbook: $filename: " . ($! ? "$!" : 'the daemon refused it')) unless $self;
    $self->{debug} = 0;
    return bless $self, $class;
}

# The old bridge's connectivity check: true when the daemon answers.
sub test_python_bridge {
    my $self = shift;
    my $r = CPANBridge::call(ref $self ? $self : CPANBridge->new, 'test', 'ping', {});
    return $r->{success} ? 1 : 0;
}

1;

__END__

=head1 NAME

ExcelHelper - the old bridge's name for Excel::Writer::XLSX

=head1 SYNOPSIS

  use ExcelHelper;                          # perl/lib on @INC; no perl/compat needed
  my $workbook = Excel::Writer::XLSX->new($file);   # unchanged scripts
  my $workbook = ExcelHelper->new($file);           # the old constructor: croaks on failure

=head1 DESCRIPTION

Loads cpan-bridge's L<Excel::Writer::XLSX> facade, so scripts written for the
old bridge (which replaced C<require Excel::Writer::XLSX> with
C<use ExcelHelper>) run unchanged. C<ExcelHelper> is a workbook class
(C<ISA Excel::Writer::XLSX> and C<CPANBridge>): C<< ExcelHelper->new($file) >>
croaks C<Filename required for Excel workbook> without a name and
C<Failed to create Excel workbook: ...> when the file cannot be created,
where C<< Excel::Writer::XLSX->new >> returns undef. C<test_python_bridge>
is true when the daemon answers. C<< ExcelHelper->new(debug => 1) >> (the
old scripts' way to get a bridge object) makes no workbook. The worksheets and formats are the
facade's (C<Excel::Writer::XLSX::Worksheet>, C<Excel::Writer::XLSX::Format>).

=cut
