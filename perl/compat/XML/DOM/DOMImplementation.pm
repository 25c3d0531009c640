package XML::DOM::DOMImplementation;
# ABSTRACT: XML::DOM's DOMImplementation singleton (hasFeature)

use strict;
use warnings;

our $VERSION = '1.46';

our $Singleton;
$Singleton = bless \$Singleton, 'XML::DOM::DOMImplementation';

sub hasFeature {
    my ($self, $feature, $version) = @_;
    return uc($feature) eq 'XML' && (!defined $version || $version eq '1.0' || $version eq '');
}

1;
