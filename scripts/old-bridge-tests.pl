#!/usr/bin/perl
# The runner behind scripts/old-bridge-tests.sh (read its header first).
#
# Which scripts run: every Test_Scripts/*.pl of the old repository, except
# the EXCLUDED ones (each with its one-line reason), and except those that
# need a module this project has not built yet. What a script needs is read
# from the script itself: `use XHelper` / `require XHelper` needs
# perl/lib/XHelper.pm, `call_python('mod', ...)` needs the daemon module
# `mod` (a registered module or an old whole-module name, from system.info);
# %NEEDS adds what a script reaches only through data. So a facade's scripts
# start running the day its perl/lib module or daemon module lands; nothing
# else lists modules.
#
# How a script is judged: PASS when it exits 0 within its timeout and its
# output has no failure mark: a line starting "not ok", a ❌ or ✗ mark, the
# word FAIL or FAILED in capitals, or a summary "Failed: N" / "Tests failed: N"
# with N > 0; and no "Use of uninitialized value" warning on stderr (an old
# script prints a missing reply field that way). The old scripts mostly exit
# 0 whatever happens and report through those marks.
use strict;
use warnings;
use Cwd ();
use Fcntl ();
use File::Basename ();
use File::Path ();
use File::Spec ();
use File::Temp ();
use IO::Socket::INET ();
use POSIX ();
use Time::HiRes ();

my $ROOT = Cwd::abs_path(File::Spec->catdir(File::Basename::dirname(__FILE__), '..'));

# ---------------------------------------------------------------------------
# The tables.

# Scripts that do not test what a user's script does with the old modules.
my %EXCLUDED = (
    'test_daemon_simple.pl'       => 'speaks the old daemon\'s raw (non-HTTP) socket protocol directly',
    'test_daemon_basic.pl'        => 'calls test.health, which the old bridge itself removed',
    'test_resource_management.pl' => 'calls test.health, which the old bridge itself removed',
    'test_daemon_existing.pl'     => 'calls test.health, which the old bridge itself removed',
    'test_dbi_kerberos.pl'        => 'Oracle Kerberos login (a KRB5 ticket and the Oracle thick client)',
    'crypto_stress_test.pl'       => 'starts the old daemon (python3 python_helpers/cpan_daemon.py) itself',
    'test_crypto_process_mode.pl' => 'tests the old bridge\'s process mode ($DAEMON_MODE = 0, a Python process per call), where a cipher does not outlive its call',
    'test_dbi_complete.pl'        => 'has a syntax error (line 35: an unescaped quote in a print) and placeholders (<YOUR_HOST>, your_table) to fill',
    'Test_Failed_Crypto.pl'       => 'expects crypto.new to refuse a short passphrase, which neither Crypt::CBC nor the old bridge (it pads the key) does',
    'test_xml_dom_xql.pl'         => 'tests XQL queries (XML::XQL, an add-on to XML::DOM that is not part of it), which this project does not provide',
    'xml_test_suite.pl'           => 'test 9b hands XMLin a hash (the parsed <content> element), which the real XML::Simple refuses too; its other 33 checks pass',
    'xpath_test_suite.pl'         => 'cut off in the old repository at line 193, inside a comment (it does not compile)',
    'test_ftp_simple_login.pl'    => 'prints a failure mark by design for three steps (it downloads a file it has just deleted, deletes one that never existed, and expects an ftp_demo.txt on its author\'s server); every step answers as Net::FTP does',
    'test_rijndael_crypto.pl'     => 'reads $r->{result}{result}{cipher_id} (an earlier release\'s double wrapping) in tests 4-5, undef under the old bridge too',
    'test_http_form_post.pl'      => 'its "unicode" check compares the script\'s UTF-8 bytes (no `use utf8`) with the characters decode_json returns, which fails under the real LWP too; its other 7 checks pass',
    'git_test.pl'                 => 'fetches https://api.github.com/users/octocat: needs the internet, which the test machines do not have',
);

# Scripts that mail "localhost" on the default port 25 with no way to name
# another: the runner starts a private SMTP capture server on 127.0.0.1:25
# for them (root only), and they are skipped when it cannot.
my %SMTP_PORT_25 = map { $_ => 1 } qw(test_mail_helper.pl test_smtp_helper.pl test_smtp_production.pl);

# What a script needs besides what its use/require/call_python lines say.
my %NEEDS = (
    'test_enhanced_validation.pl' => [ 'daemon:http' ],    # its "valid requests" include http.get
);

# Per-script timeouts (seconds); the rest get $TIMEOUT.
my $TIMEOUT = 120;
my %TIMEOUTS = (
    'load_test_throttling.pl' => 600,
    'extreme_stress_test.pl'  => 600,
    'memory_pressure_test.pl' => 400,
);

# Load tests that run for minutes by design (their phases are fixed
# durations): run only with OLD_BRIDGE_TESTS_LOAD=1.
my %LOAD = (
    'load_test_throttling.pl' => '~6 min',
    'extreme_stress_test.pl'  => '~5 min',
    'memory_pressure_test.pl' => '~3 min',
    'quick_load_test.pl'      => '~1 min',
);

# stderr warnings a script causes itself, whatever answers it (not a failure)
my %KNOWN_WARNINGS = (
    # `my (..., $filename, $line) = caller;` at file level: caller returns nothing there
    'test_log_helper.pl' => qr/^Use of uninitialized value \$(?:filename|line) in sprintf/,
    # `$x = 1 if (0 == $x)` after a scp_put that fails: undef under the real Net::OpenSSH and the old helper alike
    'test_openssh.pl' => qr/^Use of uninitialized value \$x in numeric eq/,
);

sub perl_quote { my $s = shift; $s =~ s/([\\'])/\\$1/g; return "'$s'" }

# Pointing the database scripts at PostgreSQL. Applied to every script that
# names an Oracle DSN; each rule is one Oracle-only construct.
sub pg_rules {
    my ($dsn, $user, $pass) = @_;
    my $q = \&perl_quote;
    return (
        # a dbi:Oracle:... literal, and the username/password literals right after it in the same hash
        [ 'Oracle DSN literal -> the PostgreSQL DSN',
          sub { s{(["'])dbi:Oracle:[^"']*\1}{$q->($dsn)}ge } ],
        [ 'username/password literals next to it -> the PostgreSQL account',
          sub { s{(\bdsn\s*=>\s*'[^']*',\s*(?:#[^\n]*)?\s*username\s*=>\s*)(["'])[^"']*\2(,\s*(?:#[^\n]*)?\s*password\s*=>\s*)(["'])[^"']*\4}{$1 . $q->($user) . $3 . $q->($pass)}ge } ],
        [ 'my $username = "..."; my $password = "..."; right after my $dsn = "dbi:Oracle:..." -> the PostgreSQL account',
          sub { s{(my \$dsn\s*=\s*'[^']*';[^\n]*\n\s*my \$user(?:name)?\s*=\s*)(["'])[^"']*\2(;[^\n]*\n\s*my \$pass(?:word)?\s*=\s*)(["'])[^"']*\4}{$1 . $q->($user) . $3 . $q->($pass)}ge } ],
        # Oracle's TO_CHAR(date) formats with the session's NLS_DATE_FORMAT; PostgreSQL's to_char takes the
        # format (the same pattern letters) as an argument: the one the script's ALTER SESSION set
        [ 'TO_CHAR(SYSDATE) -> to_char(CURRENT_TIMESTAMP, the NLS_DATE_FORMAT the script set)',
          sub { my ($f) = /NLS_DATE_FORMAT\s*=\s*'([^']*)'/i; $f = 'DD-MON-RR' unless defined $f; s{TO_CHAR\(SYSDATE\)}{to_char(CURRENT_TIMESTAMP, '$f')}gi } ],
        [ 'ALTER SESSION SET NLS_DATE_FORMAT=... -> SET datestyle TO \'SQL, MDY\'',
          sub { s{ALTER SESSION SET NLS_DATE_FORMAT\s*=\s*'[^']*'}{SET datestyle TO 'SQL, MDY'}gi } ],
        [ 'SYSDATE -> CURRENT_TIMESTAMP', sub { s{\bSYSDATE\b}{CURRENT_TIMESTAMP}g } ],
        [ 'FROM DUAL -> (nothing)', sub { s{\s+FROM\s+DUAL\b}{}gi } ],
    );
}

# Script-specific edits (after the rules above), each with why.
my %EDITS = (
    'test_dbi_compatibility.pl' => [
        [ 'the DSN/user/password arguments', sub { 1 } ],    # given as @ARGV below
        [ 'accepts the PostgreSQL DSN where it checks for an Oracle one', sub { s{\$dsn =~ m/oracle/i}{\$dsn =~ m/./} } ],
        [ 'the TNS-alias connect (user\@ORCL) logs in as the same user', sub { s{"\$\{username\}\\\@ORCL"}{\$username} } ],
    ],
);
my %ARGS = ('test_dbi_compatibility.pl' => 'db');

# Files a script reads besides itself, made from the old repository's own
# (relative to the old repository's root, which is the script's cwd).
my %FILES = (
    # its template, filled in for a password login (the DSN through the rules above)
    'test_live_database.pl' => { 'Test_Scripts/db_config.pl' => [ 'Test_Scripts/db_config.pl.template', sub {
        my ($user, $pass, $q) = @_;
        s{(our \$AUTH_METHOD = )'kerberos'}{$1'password'};
        s{(our \$USERNAME = )''}{$1 . $q->($user)}e;
        s{(our \$PASSWORD = )''}{$1 . $q->($pass)}e;
    } ] },
);

# ---------------------------------------------------------------------------

sub slurp { my $f = shift; open my $fh, '<:raw', $f or die "$f: $!\n"; local $/; my $s = <$fh>; return defined $s ? $s : '' }
sub spew  { my ($f, $s) = @_; open my $fh, '>:raw', $f or die "$f: $!\n"; print $fh $s; close $fh or die "$f: $!\n" }

my $tmp = File::Temp::tempdir('cpan-bridge-old-XXXXXX', TMPDIR => 1, CLEANUP => 1);

# The old repository's Test_Scripts: a work tree, or HEAD of a git dir.
sub old_tree {
    my $dir = $ENV{CPAN_BRIDGE_OLD_BRIDGE};
    return $dir if -d "$dir/Test_Scripts";
    my $git = -d "$dir/.git" ? "$dir/.git" : $dir;
    my $out = "$tmp/old";
    mkdir $out or die "$out: $!\n";
    system("git --git-dir='$git' archive HEAD Test_Scripts | tar -x -C '$out'") == 0 && -d "$out/Test_Scripts"
        or die "CPAN_BRIDGE_OLD_BRIDGE=$dir: neither a work tree with Test_Scripts/ nor a git dir whose HEAD has it\n";
    return $out;
}

sub services_env {
    my %env;
    my $f = "$ROOT/.test-services/env";
    if (-f $f) {
        for (split /\n/, slurp($f)) {
            next unless /^\s*(?:export\s+)?([A-Za-z_]\w*)=(.*)$/;
            my ($k, $v) = ($1, $2);
            $v =~ s/^'(.*)'$/$1/ or $v =~ s/^"(.*)"$/$1/;
            $env{$k} = $v;
        }
    }
    $env{$_} = $ENV{$_} for grep { /^CB_PG_/ } keys %ENV;
    return \%env;
}

# A private daemon on a temp socket, a fresh one for each script: the old
# monitoring scripts judge the daemon's counters (its error rate), which
# another script's deliberate failures must not move.
my $sock = "$tmp/bridge.sock";
my $daemon;
sub start_daemon {
    stop_daemon();
    unlink $sock;
    $daemon = fork;
    die "fork: $!" unless defined $daemon;
    if (!$daemon) {
        open STDOUT, '>>', "$tmp/daemon.out"; open STDERR, '>&', \*STDOUT;
        exec 'node', '--max-semi-space-size=2', "$ROOT/dist/src/main.js", 'serve', '--socket', $sock or die "node: $!";
    }
    for (1 .. 1000) { last if -S $sock; Time::HiRes::sleep(0.01) }
    die "old-bridge-tests: the daemon did not start on $sock (its output:)\n" . slurp("$tmp/daemon.out") unless -S $sock;
}
sub stop_daemon { if ($daemon) { kill 'TERM', $daemon; waitpid $daemon, 0; $daemon = undef } }
END { local $?; stop_daemon() }    # waitpid would set the exit status

$ENV{CPAN_BRIDGE_SOCKET} = $sock;
$ENV{CPAN_BRIDGE_AUTOSTART} = 0;
my $svc = services_env();
# the transfer scripts name no known_hosts file: the daemon trusts the test
# sshd's key the way an administrator configures it for a partner's server
$ENV{CPAN_BRIDGE_SSH_KNOWN_HOSTS} = $svc->{CB_SSH_KNOWN_HOSTS} if $svc->{CB_SSH_KNOWN_HOSTS};
start_daemon();
unshift @INC, "$ROOT/perl/lib";
require CPANBridge;
my $info = CPANBridge->new->call_python('system', 'info', {});
die "old-bridge-tests: system.info failed: " . ($info->{error} || '?') . "\n" unless $info->{success};
my %daemon_module = map { $_ => 1 } @{ $info->{result}{loaded_modules} || [] }, keys %{ $info->{result}{module_aliases} || {} };

my $old = old_tree();
my @db = @{$svc}{qw(CB_PG_DSN CB_PG_USER CB_PG_PASSWORD)};

# A fresh directory in the transfer test user's home (undef without the
# servers), owned by that user, removed at exit.
my @xfer_dirs;
sub transfer_dir {
    my ($name) = @_;
    my $home = $svc->{CB_SSH_HOME};
    return undef unless $home && -d $home;
    (my $base = $name) =~ s/\.pl$//;
    my $dir = "$home/old-bridge-$base-$$";
    File::Path::remove_tree($dir);
    File::Path::make_path($dir);
    my ($uid, $gid) = (stat $home)[4, 5];
    chown $uid, $gid, $dir;
    push @xfer_dirs, $dir;
    return $dir;
}
END { File::Path::remove_tree($_) for @xfer_dirs }

# What a script needs (perl:XHelper, daemon:module), from its text.
sub needs {
    my ($name, $text) = @_;
    my %n;
    $n{"perl:$1"} = 1 while $text =~ /^\s*(?:use|require)\s+(\w+Helper)\b/mg;
    $n{"daemon:$1"} = 1 while $text =~ /call_python\(\s*['"](\w+)['"]/g;
    $n{$_} = 1 for @{ $NEEDS{$name} || [] };
    return sort keys %n;
}

sub built {
    my $need = shift;
    my ($kind, $what) = split /:/, $need, 2;
    return -f "$ROOT/perl/lib/$what.pm" if $kind eq 'perl';
    return $daemon_module{$what};
}

# Runs one prepared script; returns (exit code or undef on timeout, stdout, stderr).
# A private capture server on port 25 (scripts/smtp-capture.py, as
# test-services.sh runs it), started the first time a script needs it.
my ($smtp25, $smtp25_error);
sub smtp_port_25 {
    return 1 if $smtp25;
    return 0 if $smtp25_error;
    my $spool = "$tmp/smtp25";
    File::Path::make_path($spool);
    my $base = $ENV{CPAN_BRIDGE_SERVICES_DIR} || '/tmp/cpan-bridge-test-services';
    my $free = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 1) or die "a free port: $!";
    my @args = ('25', $free->sockport, "$base/web/cert.pem", "$base/web/key.pem", "$base/password", $spool);
    undef $free;    # its port for the capture server's SMTPS side, unused here
    if ($> != 0) { $smtp25_error = 'port 25 needs root'; return 0 }
    if (!-f $args[2]) { $smtp25_error = 'no test certificate: run scripts/test-services.sh start'; return 0 }
    if (IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => 25, Timeout => 1)) { $smtp25_error = 'port 25 is taken'; return 0 }
    $smtp25 = fork;
    die "fork: $!" unless defined $smtp25;
    if (!$smtp25) {
        open STDOUT, '>>', "$tmp/smtp25.out"; open STDERR, '>&', \*STDOUT;
        exec '/usr/bin/python3', "$ROOT/scripts/smtp-capture.py", @args or die "python3: $!";
    }
    for (1 .. 500) {
        return 1 if IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => 25, Timeout => 1);
        Time::HiRes::sleep(0.02);
    }
    $smtp25_error = 'the capture server did not start on port 25: ' . slurp("$tmp/smtp25.out");
    return 0;
}
END { local $?; if ($smtp25) { kill 'TERM', $smtp25; waitpid $smtp25, 0 } }

sub run_script {
    my ($dir, $file, $timeout, @args) = @_;
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if (!$pid) {
        POSIX::setpgid(0, 0);
        chdir $dir or die "$dir: $!";
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', "$dir/.out"; open STDERR, '>', "$dir/.err";
        $ENV{PERL5LIB} = "$ROOT/perl/lib";
        exec $^X, $file, @args or exit 127;
    }
    my $deadline = Time::HiRes::time() + $timeout;
    my $code;
    while (1) {
        my $w = waitpid $pid, POSIX::WNOHANG();
        if ($w == $pid) { $code = $? & 127 ? 128 + ($? & 127) : $? >> 8; last }
        if (Time::HiRes::time() > $deadline) { kill 'KILL', -$pid; waitpid $pid, 0; last }
        Time::HiRes::sleep(0.1);
    }
    return ($code, slurp("$dir/.out"), slurp("$dir/.err"));
}

sub judge {
    my ($name, $code, $out, $err, $timeout) = @_;
    return "FAIL (timed out after ${timeout}s)" unless defined $code;
    return "FAIL (exit $code)" if $code != 0;
    for my $line (split /\n/, $out) {
        return "FAIL ($1)" if $line =~ /^\s*(not ok\b.*)/;
        return 'FAIL (' . substr($line =~ s/^\s+//r, 0, 70) . ')' if $line =~ /\x{274c}|\xe2\x9d\x8c|\xe2\x9c\x97|\bFAIL(?:ED)?\b/;
        return "FAIL ($1)" if $line =~ /^\s*((?:Tests )?[Ff]ailed:\s*([1-9]\d*).*)/;
    }
    my $known = $KNOWN_WARNINGS{$name};
    for my $line (split /\n/, $err) {
        next unless $line =~ /^Use of uninitialized value/;
        next if $known && $line =~ $known;
        return "FAIL ($line)";
    }
    return 'PASS';
}

my %only = map { $_ => 1 } @ARGV;
opendir my $dh, "$old/Test_Scripts" or die "$old/Test_Scripts: $!\n";
my @scripts = sort grep { /\.pl$/ && (!%only || $only{$_}) } readdir $dh;
closedir $dh;

# the shared test database has fixed table names: one user of it at a time (as perl/t's database tests do)
open my $lock, '>>', File::Spec->catfile(File::Spec->tmpdir, 'cpan-bridge-db-tests.lock') or die $!;
flock $lock, Fcntl::LOCK_EX() or die $!;

my @rows;
my $failed = 0;
my $verbose = $ENV{OLD_BRIDGE_TESTS_VERBOSE};
for my $name (@scripts) {
    my $text = slurp("$old/Test_Scripts/$name");
    my @needs = needs($name, $text);
    my @perl = map { s/^perl://r } grep { /^perl:/ } @needs;
    my @mods = map { s/^daemon://r } grep { /^daemon:/ } @needs;
    my $module = @perl ? join('+', @perl) : @mods ? join('+', @mods) : 'CPANBridge';
    if (my $why = $EXCLUDED{$name}) { push @rows, [ $name, $module, "EXCLUDED ($why)" ]; next }
    my @missing = grep { !built($_) } @needs;
    if (@missing) { push @rows, [ $name, $module, 'SKIPPED (not built yet: ' . join(', ', map { s/^\w+://r } @missing) . ')' ]; next }

    if ($LOAD{$name} && !$ENV{OLD_BRIDGE_TESTS_LOAD}) { push @rows, [ $name, $module, "SKIPPED (load test, $LOAD{$name}: OLD_BRIDGE_TESTS_LOAD=1 runs it)" ]; next }
    my @args;
    if ($text =~ /dbi:Oracle:/ || $EDITS{$name}) {
        if (!$db[0]) { push @rows, [ $name, $module, 'SKIPPED (no PostgreSQL: run scripts/test-services.sh start)' ]; next }
        for my $rule (pg_rules(@db), @{ $EDITS{$name} || [] }) { local $_ = $text; $rule->[1]->(); $text = $_ }
        @args = @db if ($ARGS{$name} || '') eq 'db';
    }
    # a directory of its own, with nothing else in it: the old repository's own
    # CPANBridge.pm (its parent dir, `use lib '.'`) must not be found
    my $top = "$tmp/run/$name";
    my $dir = "$top/Test_Scripts";
    File::Path::make_path($dir);
    spew("$dir/$name", $text);
    for my $file (sort keys %{ $FILES{$name} || {} }) {
        my ($from, $edit) = @{ $FILES{$name}{$file} };
        my $content = slurp("$old/$from");
        for my $rule (pg_rules(@db)) { local $_ = $content; $rule->[1]->(); $content = $_ }
        { local $_ = $content; $edit->($db[1], $db[2], \&perl_quote); $content = $_ }
        spew("$top/$file", $content);
    }
    my $timeout = $TIMEOUTS{$name} || $TIMEOUT;
    local $ENV{OLD_BRIDGE_DSN} = $db[0] // '';
    local $ENV{OLD_BRIDGE_USER} = $db[1] // '';
    local $ENV{OLD_BRIDGE_PASS} = $db[2] // '';
    # the transfer scripts' servers (scripts/test-services.sh's sshd and
    # vsftpd) and a fresh directory of the test user's for them to work in
    my $xfer = transfer_dir($name);
    local @ENV{qw(SFTP_TEST_HOST SFTP_TEST_PORT SFTP_TEST_USER SFTP_TEST_PASS SFTP_TEST_PASSWORD SFTP_TEST_KEY SFTP_TEST_KEYFILE SFTP_TEST_DIR)}
        = $xfer ? (@{$svc}{qw(CB_SSH_HOST CB_SSH_PORT CB_SSH_USER CB_SSH_PASSWORD CB_SSH_PASSWORD CB_SSH_KEY CB_SSH_KEY)}, $xfer) : ();
    # the FTP scripts call Net::FTP->new($host) with no Port: host:port, which Net::FTP accepts
    local @ENV{qw(FTP_TEST_HOST FTP_TEST_USER FTP_TEST_PASS FTP_TEST_DIR)}
        = $xfer ? ("$svc->{CB_FTP_HOST}:$svc->{CB_FTP_PORT}", @{$svc}{qw(CB_FTP_USER CB_FTP_PASSWORD)}, $xfer) : ();
    # the HTTP scripts' httpbin.org and mock server: the test server's port
    # answers both http:// and https:// (LWP and the facade read the CA from
    # PERL_LWP_SSL_CA_FILE, as they do on a host with a private CA)
    my ($web) = ($svc->{CB_HTTP_URL} // '') =~ m{^http://(.*)$};
    local @ENV{qw(HTTP_TEST_HOST MOCK_SERVER PERL_LWP_SSL_CA_FILE)} = $web ? ($web, "http://$web", $svc->{CB_HTTP_CA}) : ();
    if ($SMTP_PORT_25{$name} && !smtp_port_25()) { push @rows, [ $name, $module, "SKIPPED (mails 127.0.0.1:25: $smtp25_error)" ]; next }
    local @ENV{qw(SMTP_TEST_HOST SMTP_TEST_PORT SMTP_TEST_FROM SMTP_TEST_TO)} = ('127.0.0.1', 25, 'old-bridge@example.test', 'old-bridge-rcpt@example.test');
    start_daemon();
    my $t0 = Time::HiRes::time();
    # run from the old repository's root, as its scripts expect (`use lib '.'`, Test_Scripts/db_config.pl)
    my ($code, $out, $err) = run_script($top, "Test_Scripts/$name", $timeout, @args);
    my $verdict = judge($name, $code, $out, $err, $timeout);
    $failed++ if $verdict =~ /^FAIL/;
    push @rows, [ $name, $module, $verdict, sprintf('%.1fs', Time::HiRes::time() - $t0) ];
    if ($verbose || ($verdict =~ /^FAIL/ && $ENV{OLD_BRIDGE_TESTS_SHOW})) {
        # some old scripts print the password they were given: the test servers' passwords are masked
        for my $secret (grep { defined && length } @{$svc}{qw(CB_PG_PASSWORD CB_MYSQL_PASSWORD CB_SSH_PASSWORD CB_FTP_PASSWORD CB_HTTP_PASSWORD CB_SMTP_PASSWORD)}) {
            s/\Q$secret\E/[password]/g for $out, $err;
        }
        print "----- $name: $verdict\n$out\n----- stderr\n$err\n";
    }
}
close $lock;

my $w = 0;
for (@rows) { $w = length $_->[0] if length $_->[0] > $w }
my $mw = 0;
for (@rows) { $mw = length $_->[1] if length $_->[1] > $mw }
printf "%-*s  %-*s  %s\n", $w, 'script', $mw, 'module', 'result';
printf "%-*s  %-*s  %s%s\n", $w, $_->[0], $mw, $_->[1], $_->[2], ($_->[3] ? "  [$_->[3]]" : '') for @rows;
my %count;
$count{ ($_->[2] =~ /^(\w+)/)[0] }++ for @rows;
print join(', ', map { "$_ $count{$_}" } grep { $count{$_} } qw(PASS FAIL SKIPPED EXCLUDED)), "\n";
print "SQL substitutions for the database scripts: " . join('; ', map { $_->[0] } pg_rules('', '', '')) . "\n";
exit($failed ? 1 : 0);
