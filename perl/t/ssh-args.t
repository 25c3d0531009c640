# CPANBridge::SSH::Args: ssh's option syntax as the SSH facades read it from
# Net::SFTP::Foreign's `more` and Net::OpenSSH's master_opts.
use strict;
use warnings;
use Test::More;
use CPANBridge::SSH::Args;

my $p = sub { [ CPANBridge::SSH::Args::parse(@_) ] };
is_deeply($p->('-o', 'UserKnownHostsFile=/k', '-oPort=2222', '-o', 'User bob', '-o', ' ConnectTimeout = 5 '), [
    ['userknownhostsfile', '/k', '-o UserKnownHostsFile=/k'],
    ['port', '2222', '-o Port=2222'],
    ['user', 'bob', '-o User bob'],
    ['connecttimeout', '5', '-o  ConnectTimeout = 5 '],
], '-o: Key=Value or Key Value, glued or apart, keys lowercased, spaces trimmed');
is_deeply($p->('-i', 'a key', '-p2222', '-l', 'x'), [['-i', 'a key', '-i a key'], ['-p', '2222', '-p 2222'], ['-l', 'x', '-l x']],
    '-i, -p, -l keep their flag, value glued or apart (a value may hold spaces)');
is_deeply($p->('-q', '-C', '-F', '/etc/cfg', '-o', 'garbage', 'host'), [
    [undef, undef, '-q'], [undef, undef, '-C'], [undef, undef, '-F /etc/cfg'], [undef, undef, '-o garbage'], [undef, undef, 'host'],
], 'what is not an option with a value comes back as given, in order (-F takes its file)');
is_deeply($p->('-o', 'Port=1', undef, '-p'), [['port', '1', '-o Port=1'], [undef, undef, '-p']], 'an undef entry is skipped; a flag missing its value ends the list');
is_deeply($p->(), [], 'nothing: nothing');
done_testing;
