# Differential fuzz: a fixed-seed random walk of constructors, arithmetic,
# zone changes and formatting, run with the real DateTime 1.59 and the facade.
use strict;
use warnings;
use lib 'perl/t/lib';
use Test::More;
use BridgeTest qw(root);
use DateTimeDiff;

for my $seed (1 .. 2) {
    same_output("random walk, seed $seed", <<"PERL", min_lines => 1500);
srand($seed);
my \@zones = qw(UTC floating America/New_York Europe/London Europe/Berlin Australia/Sydney Asia/Kolkata Pacific/Chatham
    America/Sao_Paulo Australia/Lord_Howe America/St_Johns Asia/Kathmandu America/Los_Angeles +0530 -0330);
my \@units = qw(years months weeks days hours minutes seconds nanoseconds);
my \@eom = (undef, qw(wrap limit preserve));
my \@trunc = qw(year quarter month week local_week day hour minute second);
# All random draws happen before any DateTime call: the bridge client uses rand() for its session id.
my \@cases;
for (1 .. 500) {
    push \@cases, {
        y => 1900 + int(rand(200)), m => 1 + int(rand(12)), d => 1 + int(rand(31)), h => int(rand(24)), mi => int(rand(60)),
        s => int(rand(60)), ns => int(rand(3)) ? 0 : int(rand(1e9)), z => \$zones[rand \@zones], z2 => \$zones[rand \@zones],
        unit => \$units[rand \@units], n => int(rand(2000)) - 1000, eom => \$eom[rand \@eom], trunc => \$trunc[rand \@trunc],
        epoch => int(rand(2 ** 33)) - 2 ** 32 + (int(rand(4)) ? 0 : rand()),
    };
}
for my \$c (\@cases) {
    my \$dt = eval { DateTime->new(year => \$c->{y}, month => \$c->{m}, day => \$c->{d}, hour => \$c->{h}, minute => \$c->{mi},
        second => \$c->{s}, nanosecond => \$c->{ns}, time_zone => \$c->{z}) };
    if (!\$dt) { print 'new: ', err(\$@), "\\n"; next }
    print 'new: ', show(\$dt), "\\n";
    my \@eom = defined \$c->{eom} ? (end_of_month => \$c->{eom}) : ();
    print "add \$c->{n} \$c->{unit}: ", try_show(sub { \$dt->clone->add(\$c->{unit} => \$c->{n}, \@eom) }), "\\n";
    print "subtract: ", try_show(sub { \$dt->clone->subtract(\$c->{unit} => \$c->{n}, \@eom) }), "\\n";
    print "truncate \$c->{trunc}: ", try_show(sub { \$dt->clone->truncate(to => \$c->{trunc}) }), "\\n";
    print "to \$c->{z2}: ", try_show(sub { \$dt->clone->set_time_zone(\$c->{z2}) }), "\\n";
    my \$e = DateTime->from_epoch(epoch => \$c->{epoch}, time_zone => \$c->{z2});
    print 'epoch: ', show(\$e), ' ', \$e->strftime('%a %b %e %j %U %W %V %G %I %p %3N %z'), "\\n";
    my \$d = eval { \$dt - \$e };
    print 'diff: ', (\$d ? join(',', \$d->deltas) : err(\$@)), ' cmp ', DateTime->compare(\$dt, \$e), "\\n";
}
PERL
}

done_testing;
