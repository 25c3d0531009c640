# ShowErrorStatement: the statement and its values in the error text, as
# each DBD shows them (0- or 1-based, strings or numbers).
use strict;
use warnings;
use DBI;
my $d = DBI->connect($ARGV[0], $ARGV[1], $ARGV[2],{RaiseError=>1,PrintError=>0,ShowErrorStatement=>1});
$d->do('SET client_min_messages = warning') if $d->{Driver}{Name} eq 'Pg';
my $m;
eval { $d->do("select * from nope_ses where a = ?", undef, 5) }; ($m = $@) =~ s/\n(?!\z)/ | /g; print "1: $m";
$d->do("drop table if exists t_ses"); $d->do("create table t_ses (a int primary key, b varchar(5))"); $d->do("insert into t_ses values (1, 'x')");
my $s = $d->prepare("insert into t_ses values (?, ?)"); eval { $s->execute(1, "it's") }; ($m = $@) =~ s/\n(?!\z)/ | /g; print "2: $m";
eval { $d->selectrow_array("select nocol from t_ses") }; ($m = $@) =~ s/\n(?!\z)/ | /g; print "3: $m";
$d->do("drop table t_ses");
print "done\n";
