package TestServices;
# The shared test servers' facts: the NAME='value' lines of .test-services/env,
# which scripts/test-services.sh start writes. Loads BridgeTest without its
# import, which starts a daemon.
use strict;
use warnings;
use BridgeTest ();
require Exporter;
our @ISA = ('Exporter');
our @EXPORT_OK = qw(service_facts http_url);

my $FILE = BridgeTest::root() . '/.test-services/env';

# (NAME => value, ...); empty when the file is missing
sub service_facts {
    my %facts;
    open my $fh, '<', $FILE or return;
    while (<$fh>) { $facts{$1} = $2 if /^([A-Z_][A-Z0-9_]*)='(.*)'$/ }
    return %facts;
}

# CB_HTTP_URL of the HTTP test server; dies saying how to start it
sub http_url {
    die "$FILE is missing: run \"bash scripts/test-services.sh start\" first\n" unless -f $FILE;
    my %facts = service_facts();
    defined $facts{CB_HTTP_URL} or die "CB_HTTP_URL is not in .test-services/env: run \"bash scripts/test-services.sh start\"\n";
    return $facts{CB_HTTP_URL};
}

1;
