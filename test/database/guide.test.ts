// The User Guide's database example, verbatim but for the DSN (SQLite: no
// Oracle here), run by the real Perl client through a real daemon socket.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const root = path.resolve(__dirname, '../..')
let dir: string
let daemon: ChildProcess
let sock: string

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cb-guide-'))
  sock = path.join(dir, 'bridge.sock')
  daemon = spawn(process.execPath, [path.join(root, 'dist/src/main.js'), 'serve', '--socket', sock], { stdio: 'ignore' })
  for (let i = 0; i < 200 && !existsSync(sock); i++) await new Promise(resolve => setTimeout(resolve, 25))
  if (!existsSync(sock)) throw new Error('the daemon did not start (run npm run build first)')
})
afterAll(async () => {
  if (daemon.pid !== undefined) process.kill(daemon.pid, 'SIGTERM')
  await new Promise(resolve => daemon.once('exit', resolve))
  rmSync(dir, { recursive: true, force: true })
})

const GUIDE = String.raw`
use strict; use warnings;
use CPANBridge;
$CPANBridge::DAEMON_MODE = 1;
my $bridge = CPANBridge->new();
my $result = $bridge->call_python('database', 'connect', { dsn => 'dbi:SQLite:dbname=guide.db', username => 'user', password => 'pass' });
die "connect: $result->{error}" unless $result->{success};
$bridge->call_python('database', 'do_statement', { sql => 'CREATE TABLE users (name TEXT, email TEXT, active INT)' });
$bridge->call_python('database', 'do_statement', { sql => q{INSERT INTO users VALUES ('Ann', 'ann@x', 1), ('Bob', 'bob@x', 0), ('O''Hara', 'o@x', 1)} });
$result = $bridge->call_python('database', 'execute_statement', {
    sql => 'SELECT name, email FROM users WHERE active = ? ORDER BY name',
    params => [1]
});
die "execute: $result->{error}" unless $result->{success};
while (my $row = $bridge->call_python('database', 'fetch_row', {})) {
    last unless $row->{success};
    print "User: $row->{result}->{name} ($row->{result}->{email})\n";
}
print "done\n";
`

describe('User Guide database example', () => {
  it('prints every active user and ends its loop', () => {
    const out = execFileSync('perl', ['-I', path.join(root, 'perl/lib'), '-e', GUIDE], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, CPAN_BRIDGE_SOCKET: sock, CPAN_BRIDGE_AUTOSTART: '0', PERL5LIB: '' },
    })
    expect(out).toBe("User: Ann (ann@x)\nUser: O'Hara (o@x)\ndone\n")
    expect(existsSync(path.join(dir, 'guide.db'))).toBe(true)
  })
})
