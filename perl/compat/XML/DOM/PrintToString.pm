package XML::DOM::PrintToString;
# ABSTRACT: the string sink toString prints a node into (one shared instance, as XML::DOM's)

use strict;
use warnings;

our $VERSION = '1.46';

sub new {
    my $str = '';
    return bless \$str, $_[0];
}

sub print    { ${ $_[0] } .= $_[1]; return 1 }
sub toString { ${ $_[0] } }
sub reset    { ${ $_[0] } = ''; return }

our $Singleton = XML::DOM::PrintToString->new;

1;
