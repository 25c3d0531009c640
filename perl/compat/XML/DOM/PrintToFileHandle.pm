package XML::DOM::PrintToFileHandle;
# ABSTRACT: the file-handle sink printToFileHandle prints a node into

use strict;
use warnings;

our $VERSION = '1.46';

sub new {
    my ($class, $fh) = @_;
    return bless $fh, $class;
}

sub print {
    my ($self, $str) = @_;
    return print {$self} $str;
}

1;
