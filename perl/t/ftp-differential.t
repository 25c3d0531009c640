# The same Net::FTP scripts under the real module (core Net::FTP 3.14) and the
# facade (perl/compat) against the test vsftpd: listings, return values,
# ->code/->message after every step, bytes (checksums, binary and ascii), a
# missing file, a permission error, a wrong password, a closed port ($@),
# explicit and implicit FTPS. Each run gets its own scratch directory; its
# name (and listing dates) are the only things normalised.
use strict;
use warnings;
use lib 'perl/t/lib';
use BridgeTest qw(run_perl_real run_perl_facade);
use TransferTest qw(%SVC scratch_dir);
use Test::More;

sub prepared_dir {
    my ($dir) = @_;
    # a root-owned 0700 directory: the test user may not enter or read it
    mkdir "$dir/locked", 0700 or die "mkdir: $!";
    open my $fh, '>', "$dir/locked/secret" or die $!;
    print $fh "x";
    close $fh;
    return $dir;
}

# Runs $body under both; the script sees $dir (its scratch dir, absolute) and %S (the servers' facts).
sub same_both_ways {
    my ($name, $body, %opt) = @_;
    my (%out, %err, %exit);
    for my $side (qw(real facade)) {
        my ($dir) = scratch_dir("ftp-diff-$side");
        prepared_dir($dir);
        my $facts = join ', ', map { "$_ => '$SVC{$_}'" } grep { /^CB_FTP/ } sort keys %SVC;
        my $script = <<"EOF" . $body;
use strict; use warnings;
use Net::FTP;
use Digest::MD5 qw(md5_hex);
my \$dir = '$dir';
my %S = ($facts);
my \$T = "$dir/local";
mkdir \$T or die "mkdir \$T: \$!";
sub r { my (\$label, \$f, \@v) = \@_; my \$m = \$f->message; \$m =~ s/\\Q\$dir\\E/SCRATCH/g;
  printf "%s => [%s] code=%s ok=%s msg=%s", \$label, join('|', map { defined \$_ ? \$_ : 'undef' } \@v), \$f->code, (\$f->ok ? 1 : 0), \$m; print "\\n" unless \$m =~ /\\n\\z/ }
sub slurp { open my \$fh, '<:raw', \$_[0] or return 'missing'; local \$/; my \$s = <\$fh>; return md5_hex(\$s) . ' ' . length(\$s) }
sub spew { open my \$fh, '>:raw', \$_[0] or die \$!; print \$fh \$_[1]; close \$fh }
EOF
        my $run = $side eq 'real' ? \&run_perl_real : \&run_perl_facade;
        my ($o, $e, $x) = $run->($script, cwd => $dir);
        s/\Q$dir\E/SCRATCH/g for $o, $e;
        s/ at \S+ line \d+\.?\n/\n/g for $e;
        # listing dates: the two runs may straddle a minute
        $o =~ s/\b[A-Z][a-z]{2} [ \d]\d [ \d]\d:\d\d\b/DATE/g;
        $o =~ s/msg=\d{14}\n/msg=MDTM\n/g;
        ($out{$side}, $err{$side}, $exit{$side}) = ($o, $e, $x);
    }
    is($exit{real}, 0, "$name: the real module runs it") or diag $err{real};
    ok(length $out{real} > 0, "$name: the real module prints something");
    is($out{facade}, $out{real}, "$name: the facade prints what the real module prints") or diag "facade stderr: $err{facade}";
    is($err{facade}, $err{real}, "$name: same warnings") unless $opt{stderr_differs};
    is($exit{facade}, $exit{real}, "$name: same exit code");
    return ($out{real}, $out{facade});
}

# 1. The plain session: directories, transfers both types, listings, failures, in passive mode.
my ($plain) = same_both_ways('plain session', <<'EOF');
my $f = Net::FTP->new($S{CB_FTP_HOST}, Port => $S{CB_FTP_PORT}, Passive => 1, Timeout => 30) or die "new: $@";
r('new', $f);
r('login', $f, $f->login($S{CB_FTP_USER}, $S{CB_FTP_PASSWORD}));
r('cwd', $f, $f->cwd($dir));
r('pwd', $f, $f->pwd);
r('type', $f, $f->type);
r('mkdir deep -p', $f, $f->mkdir('a/b/c', 1));
r('mkdir again (no -p)', $f, $f->mkdir('a'));
r('mkdir again -p', $f, $f->mkdir('a/b', 1));
my $bin = join '', map { chr(($_ * 7 + 3) % 256) } 1 .. 70000;
$bin .= "\r\n\r\r\n\n\r";
spew("$T/bin.dat", $bin);
my $txt = join '', map { "line $_\n" . ($_ % 5 ? '' : "dos $_\r\n") . ($_ % 7 ? '' : "cr $_\r") } 1 .. 3000;
spew("$T/text.txt", $txt);
r('binary', $f, $f->binary);
r('put bin', $f, $f->put("$T/bin.dat", 'bin.dat'));
r('size bin', $f, $f->size('bin.dat'));
r('ascii', $f, $f->ascii);
r('put text (ascii)', $f, $f->put("$T/text.txt", 'text.txt'));
r('size text', $f, $f->size('text.txt'));
print "server text: ", slurp("$dir/text.txt"), "\n";
print "server bin: ", slurp("$dir/bin.dat"), "\n";
r('get text (ascii)', $f, $f->get('text.txt', "$T/text.back") ? 'ok' : 'fail');
print "local text: ", slurp("$T/text.back"), "\n";
r('get bin (ascii!)', $f, $f->get('bin.dat', "$T/bin.ascii") ? 'ok' : 'fail');
print "bin as ascii: ", slurp("$T/bin.ascii"), "\n";
r('binary', $f, $f->binary);
r('get bin', $f, $f->get('bin.dat', "$T/bin.back") ? 'ok' : 'fail');
print "local bin: ", slurp("$T/bin.back"), "\n";
r('append', $f, $f->append("$T/bin.dat", 'bin.dat'));
r('size appended', $f, $f->size('bin.dat'));
{ open my $fh, '>', "$T/fh.out" or die; binmode $fh;
  r('get to filehandle', $f, ref($f->get('text.txt', $fh)) ? 'fh' : 'not fh'); close $fh; print "fh: ", slurp("$T/fh.out"), "\n" }
{ open my $fh, '<', "$T/text.txt" or die; binmode $fh;
  r('put from filehandle', $f, $f->put($fh, 'from-fh.txt')); close $fh; print "server from fh: ", slurp("$dir/from-fh.txt"), "\n" }
chdir $T or die;
r('get default local name', $f, $f->get('text.txt'));
print "default name: ", slurp("$T/text.txt"), "\n";
r('put default remote name', $f, $f->put('text.txt'));
r('ls', $f, sort $f->ls);
r('ls a', $f, sort $f->ls('a'));
my $l = $f->ls; r('ls scalar', $f, ref $l, scalar @$l);
r('dir', $f, sort map { s/\s+/ /gr } $f->dir);
r('dir a', $f, map { s/\s+/ /gr } $f->dir('a'));
r('mdtm', $f, defined $f->mdtm('bin.dat') ? 'defined' : 'undef');
r('mdtm missing', $f, $f->mdtm('nope'));
r('rename', $f, $f->rename('from-fh.txt', "O'Brien \$(rm) x.txt"));
r('ls after rename', $f, grep { /Brien/ } $f->ls);
r('delete', $f, $f->delete("O'Brien \$(rm) x.txt"));
r('delete missing', $f, $f->delete('nope'));
r('rename missing', $f, $f->rename('nope', 'nope2'));
r('get missing', $f, $f->get('no-such-file', "$T/never"));
print "never: ", (-e "$T/never" ? 'exists' : 'absent'), "\n";
r('size missing', $f, $f->size('no-such-file'));
r('cwd missing', $f, $f->cwd('no-such-dir'));
r('get locked', $f, $f->get('locked/secret', "$T/secret"));
print "secret: ", (-e "$T/secret" ? 'exists' : 'absent'), "\n";
r('cwd locked', $f, $f->cwd('locked'));
r('ls locked', $f, $f->ls('locked'));
r('put into locked', $f, $f->put("$T/bin.dat", 'locked/x'));
r('rmdir non-empty', $f, $f->rmdir('a'));
r('rmdir -r', $f, $f->rmdir('a', 1));
r('cdup', $f, $f->cdup);
r('cwd back', $f, $f->cwd($dir));
r('cwd ..', $f, $f->cwd('..'));
r('cwd empty', $f, $f->cwd(''));
r('pwd', $f, $f->pwd);
r('supported SIZE', $f, $f->supported('SIZE'));
r('supported MLSD', $f, $f->supported('MLSD'));
r('quot NOOP', $f, $f->quot('noop'));
r('site HELP', $f, $f->site('HELP'));
r('quit', $f, $f->quit);
r('pwd after quit', $f, $f->pwd);
r('ls after quit', $f, $f->ls);
EOF
like($plain, qr/local bin: (\w+ \d+)\n.*\n*/, 'binary bytes came back');
like($plain, qr/get missing => \[\] code=550/, 'the missing file is the server\'s 550');

# 2. Restart (REST) and put_unique.
same_both_ways('restart and put_unique', <<'EOF');
my $f = Net::FTP->new($S{CB_FTP_HOST}, Port => $S{CB_FTP_PORT}, Passive => 1) or die "new: $@";
$f->login($S{CB_FTP_USER}, $S{CB_FTP_PASSWORD}) or die;
$f->cwd($dir) or die;
$f->binary;
spew("$T/src", join '', map { chr($_ % 251) } 1 .. 50000);
$f->put("$T/src", 'src') or die;
spew("$T/part", substr(join('', map { chr($_ % 251) } 1 .. 50000), 0, 12345));
r('get with where', $f, $f->get('src', "$T/part", 12345) ? 'ok' : 'fail');
print "resumed: ", slurp("$T/part"), " vs ", slurp("$T/src"), "\n";
my $u = $f->put_unique("$T/src");
r('put_unique', $f, defined $u ? 'named' : 'undef');
print "unique exists: ", (defined $u && -e "$dir/$u" ? 'yes' : 'no'), " same: ", (defined $u && slurp("$dir/$u") eq slurp("$T/src") ? 1 : 0), "\n";
r('quit', $f, $f->quit);
EOF

# 2b. ASCII edge cases at Net::FTP's 10240-byte block boundaries (a CR ending one
# block and a CR or LF starting the next), and a BlockSize of its own.
same_both_ways('ascii block boundaries', <<'EOF');
my $f = Net::FTP->new($S{CB_FTP_HOST}, Port => $S{CB_FTP_PORT}, Passive => 1) or die "new: $@";
$f->login($S{CB_FTP_USER}, $S{CB_FTP_PASSWORD}) or die;
$f->cwd($dir) or die;
my %cases = (
  cr_cr  => ('x' x 10239) . "\r" . "\r\nabc\n",
  cr_lf  => ('x' x 10239) . "\r" . "\nabc\r",
  lf_end => ('y' x 10240) . "\n" . ('z' x 10239) . "\r",
  crlfs  => join('', map { $_ % 3 ? "\r\n" : $_ % 2 ? "\r" : "\n" } 1 .. 30000),
);
for my $name (sort keys %cases) {
  spew("$T/$name", $cases{$name});
  r("put $name", $f, $f->put("$T/$name", $name));
  print "server $name: ", slurp("$dir/$name"), "\n";
  r("get $name", $f, $f->get($name, "$T/$name.back") ? 'ok' : 'fail');
  print "back $name: ", slurp("$T/$name.back"), "\n";
}
$f->quit;
my $g = Net::FTP->new($S{CB_FTP_HOST}, Port => $S{CB_FTP_PORT}, Passive => 1, BlockSize => 7) or die "new: $@";
$g->login($S{CB_FTP_USER}, $S{CB_FTP_PASSWORD}) or die;
$g->cwd($dir) or die;
spew("$T/small", "a\r\rb\n\r\r\r\n\r\rcc\r\r\n\n");
r('put small blocks', $g, $g->put("$T/small", 'small'));
print "server small: ", slurp("$dir/small"), "\n";
$g->quit;
EOF

# 3. Default (active) mode: the real module uses PORT, the facade passive; results and replies alike.
same_both_ways('default mode transfers', <<'EOF');
my $f = Net::FTP->new($S{CB_FTP_HOST}, Port => $S{CB_FTP_PORT}) or die "new: $@";
$f->login($S{CB_FTP_USER}, $S{CB_FTP_PASSWORD}) or die;
$f->cwd($dir) or die;
spew("$T/t", "a\nb\nc\n");
r('put', $f, $f->put("$T/t", 't'));
r('ls', $f, $f->ls);
r('get', $f, $f->get('t', "$T/t2") ? 'ok' : 'fail');
print slurp("$T/t2"), "\n";
r('quit', $f, $f->quit);
EOF

# 4. A wrong password, a closed port, an unknown host.
same_both_ways('wrong password and closed port', <<'EOF');
my $f = Net::FTP->new($S{CB_FTP_HOST}, Port => $S{CB_FTP_PORT}) or die "new: $@";
r('login wrong', $f, $f->login($S{CB_FTP_USER}, 'not-the-password'));
r('pwd after', $f, $f->pwd);
r('quit', $f, $f->quit);
my $g = Net::FTP->new($S{CB_FTP_HOST}, Port => 1, Timeout => 5);
print "closed port: ", (defined $g ? 'object' : 'undef'), " \$\@=[$@]\n";
my $h = Net::FTP->new("$S{CB_FTP_HOST}:$S{CB_FTP_PORT}");
print "host:port: ", (defined $h ? 'object ' . $h->code : "undef $@"), "\n";
$h->quit if $h;
my $k = Net::FTP->new('no-such-host.invalid', Timeout => 5);
print "unknown host: ", (defined $k ? 'object' : 'undef'), " \$\@=[$@]\n";
EOF

# 5. Explicit FTPS: AUTH TLS before login, verified against the test CA; and refused without it.
same_both_ways('explicit FTPS', <<'EOF');
my $f = Net::FTP->new($S{CB_FTP_HOST}, Port => $S{CB_FTP_PORT}, Passive => 1, SSL_ca_file => $S{CB_FTP_CA}) or die "new: $@";
r('starttls', $f, $f->starttls);
r('login', $f, $f->login($S{CB_FTP_USER}, $S{CB_FTP_PASSWORD}));
r('cwd', $f, $f->cwd($dir));
$f->binary;
# small: the real module's larger TLS uploads to this vsftpd end in 426 (its data connection closes without a TLS shutdown)
spew("$T/s", join '', map { chr($_ % 256) } 1 .. 4000);
r('put', $f, $f->put("$T/s", 's'));
r('get', $f, $f->get('s', "$T/s2") ? 'ok' : 'fail');
print slurp("$T/s2"), " ", slurp("$dir/s"), "\n";
r('dir', $f, map { s/\s+/ /gr } $f->dir);
r('prot C', $f, $f->prot('C'));
r('ls clear data refused', $f, $f->ls);
r('quit', $f, $f->quit);
my $u = Net::FTP->new($S{CB_FTP_HOST}, Port => $S{CB_FTP_PORT}) or die "new: $@";
r('starttls untrusted', $u, $u->starttls);
print "\$\@=[$@]\n";
r('login after a failed handshake', $u, $u->login($S{CB_FTP_USER}, $S{CB_FTP_PASSWORD}));
my $g = Net::FTP->new($S{CB_FTP_HOST}, Port => $S{CB_FTP_PORT}, SSL_verify_mode => 0) or die "new: $@";
r('starttls unverified', $g, $g->starttls);
r('login', $g, $g->login($S{CB_FTP_USER}, $S{CB_FTP_PASSWORD}));
$g->quit;
EOF

# 6. Implicit FTPS (SSL => 1) with prot('P') after login, as the real module needs on this server.
same_both_ways('implicit FTPS', <<'EOF');
my $f = Net::FTP->new($S{CB_FTP_HOST}, Port => $S{CB_FTPS_PORT}, SSL => 1, Passive => 1, SSL_ca_file => $S{CB_FTP_CA}) or die "new: $@";
r('new', $f);
r('login', $f, $f->login($S{CB_FTP_USER}, $S{CB_FTP_PASSWORD}));
r('prot', $f, $f->prot('P'));
r('cwd', $f, $f->cwd($dir));
spew("$T/i", "implicit\nbytes\n");
r('put', $f, $f->put("$T/i", 'i'));
r('get', $f, $f->get('i', "$T/i2") ? 'ok' : 'fail');
print slurp("$T/i2"), "\n";
r('quit', $f, $f->quit);
my $g = Net::FTP->new($S{CB_FTP_HOST}, Port => $S{CB_FTPS_PORT}, SSL => 1, Timeout => 10);
print "untrusted: ", (defined $g ? 'object' : 'undef'), " \$\@=[$@]\n";
EOF

# 7. The facade alone: implicit FTPS without prot('P') (the real module's data
# connections fail on this server: it never says PROT P), and the local side's
# failures (no partial file, CPAN_BRIDGE_ALLOWED_PATHS).
{
    my ($dir) = scratch_dir('ftp-facade-only');
    my ($out, $err, $exit) = run_perl_facade(<<"EOF", cwd => $dir);
use strict; use warnings; use Net::FTP;
my \$f = Net::FTP->new('$SVC{CB_FTP_HOST}', Port => $SVC{CB_FTPS_PORT}, SSL => 1, SSL_ca_file => '$SVC{CB_FTP_CA}') or die "new: \$@";
\$f->login('$SVC{CB_FTP_USER}', '$SVC{CB_FTP_PASSWORD}') or die \$f->message;
\$f->cwd('$dir') or die;
open my \$fh, '>', 'x.txt' or die; print \$fh "abc\\n"; close \$fh;
print 'put: ', (\$f->put('x.txt', 'y.txt') // 'undef'), "\\n";
print 'get: ', (\$f->get('y.txt', 'z.txt') // 'undef'), ' ', -s 'z.txt', "\\n";
mkdir 'dl' or die;
print 'get missing: ', (\$f->get('no-such', 'dl/z.txt') // 'undef'), ' ', \$f->code, "\\n";
print 'dl: ', join(',', glob('dl/* dl/.*[!.]*')), "\\n";
\$f->quit;
EOF
    is($exit, 0, 'facade: implicit FTPS without prot(P) works') or diag $err;
    like($out, qr/put: y\.txt\nget: z\.txt 4\n/, 'facade: implicit FTPS without prot(P) transfers');
    like($out, qr/get missing: undef 550\ndl: \n/, 'facade: a failed get leaves nothing in the target directory');
}

done_testing;
