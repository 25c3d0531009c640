# CPANBridge::DBI::notices: the server messages that come with a daemon reply
# are warned as DBD::Pg's notice processor does (perl/t/data/db/13-warnings.pl
# compares the whole path with the real DBD::Pg): the text as it is, only when
# the connection's Warn and PrintWarn are on, whatever the statement's own say.
use strict;
use warnings;
use lib 'perl/lib';
use Test::More;
use CPANBridge::DBI;

my @w;
local $SIG{__WARN__} = sub { push @w, $_[0] };
my @n = (qq{NOTICE:  table "x" does not exist, skipping\n}, qq{WARNING:  careful\nDETAIL:  d\n});
sub relayed { @w = (); CPANBridge::DBI::notices(@_); return [@w] }

is_deeply(relayed(undef, \@n), \@n, 'no handle: warned as DBI defaults do, text unchanged');
is_deeply(relayed({ _kind => 'db' }, \@n), \@n, 'Warn and PrintWarn not set: their defaults are on');
is_deeply(relayed({ _kind => 'db', PrintWarn => 0 }, \@n), [], 'PrintWarn off: nothing');
is_deeply(relayed({ _kind => 'db', Warn => '' }, \@n), [], 'Warn off: nothing');
is_deeply(relayed({ _kind => 'db', PrintWarn => 1, Warn => 1 }, \@n), \@n, 'both on');
is_deeply(relayed({ _kind => 'st', PrintWarn => 0, _parent => { _kind => 'db' } }, \@n), \@n, "a statement's own PrintWarn does not count");
is_deeply(relayed({ _kind => 'st', _parent => { _kind => 'db', PrintWarn => 0 } }, \@n), [], "the statement's connection decides");
is_deeply(relayed({ _kind => 'db' }, []), [], 'no notices: nothing');
is_deeply(relayed({ _kind => 'db' }, undef), [], 'no notices key: nothing');
done_testing;
