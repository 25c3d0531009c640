package MailTest;
# The SMTP capture server's facts (.test-services/env) and its spool: find
# the message a test sent by a unique recipient, and normalise what differs
# between two runs of one script (Date, boundaries, Message-ID, X-Mailer's
# module list, Mail::Sender's X-Mailer script line).
use strict;
use warnings;
use JSON::PP ();
use BridgeTest qw(root);    # its import starts the daemon the mail tests use
use TestServices ();
require Exporter;
our @ISA = ('Exporter');
our @EXPORT_OK = qw(%SVC unique_rcpt spooled spooled_all normalise_mail have_smtp);

our %SVC = TestServices::service_facts();

sub have_smtp { return defined $SVC{CB_SMTP_PORT} && defined $SVC{CB_SMTP_SPOOL} && -d $SVC{CB_SMTP_SPOOL} }

my $N = 0;
sub unique_rcpt { my ($tag) = @_; return sprintf 't%s%d%x%d@example.test', ($tag || ''), $$, time, ++$N }

# (eml bytes, json hash) of the message whose envelope lists $rcpt; waits for
# the .json the server writes last; (undef, undef) when none came in $wait s.
sub spooled {
    my ($rcpt, $wait) = @_;
    my ($first) = spooled_all($rcpt, 1, $wait);
    return $first ? @$first : (undef, undef);
}

# every message for $rcpt, in the order the server took them: ([eml, json], ...);
# waits until $count have come (or $wait s)
sub spooled_all {
    my ($rcpt, $count, $wait) = @_;
    $wait = 10 unless defined $wait;
    my $dir = $SVC{CB_SMTP_SPOOL};
    my $until = time + $wait;
    while (1) {
        my @found;
        opendir my $dh, $dir or die "$dir: $!";
        for my $j (sort grep { /\.json\z/ } readdir $dh) {
            open my $fh, '<:raw', "$dir/$j" or next;
            my $meta = eval { JSON::PP->new->decode(do { local $/; <$fh> }) } or next;
            next unless grep { lc $_ eq lc $rcpt } @{ $meta->{rcpt_tos} || [] };
            (my $e = $j) =~ s/\.json\z/.eml/;
            open my $eh, '<:raw', "$dir/$e" or die "$dir/$e: $!";
            local $/;
            push @found, [scalar <$eh>, $meta];
        }
        return @found if @found >= ($count || 1) || time > $until;
        select undef, undef, undef, 0.1;
    }
}

sub normalise_mail {
    my ($s) = @_;
    return $s unless defined $s;
    $s =~ s/_----------=_\d+/BOUNDARY/g;
    $s =~ s/Message-Boundary-by-Mail-Sender-\d+/MS-BOUNDARY/g;
    $s =~ s/^(Date: ).*?(\r?\n)/$1DATE$2/mg;
    $s =~ s/^(Message-ID: <)\d{8}_\d{6}_\d{6}\./$1ID./mg;
    $s =~ s/^(X-Mailer: MIME::Lite 3\.033) \([^)]*\)/$1 (USES)/mg;
    return $s;
}

1;
