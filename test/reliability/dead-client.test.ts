// A client that dies releases what it held within seconds (issue 11, item 1).
// Real Perl scripts (the DBI, LockFile::Simple facades and the plain client)
// talk to a listening daemon on a temp socket; each takes something, says
// "ready", and is killed with SIGKILL, so no END block or session.close runs.
// Before the fix the daemon kept it all until CPAN_BRIDGE_HANDLE_TTL (3 600 s)
// or CPAN_BRIDGE_STALE_SECONDS (300 s): each wait below ends long before
// either, so on the old code it runs out and the test fails. The seconds each
// release took are printed (a measurement, not asserted).
import { afterEach, describe, expect, it } from 'vitest'
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { buildServer } from '../../src/server.js'
import { listenAll } from '../../src/listen.js'
import { testConfig, type Config } from '../../src/config.js'
import { servers } from '../database/env.js'
import { rpc } from '../helpers.js'

const root = path.resolve(import.meta.dirname, '..', '..')
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3')
// far below the handle TTL and the stale time the old code waited for
const WAIT_MS = 15_000

interface Daemon { app: FastifyInstance, sock: string, dir: string, log: string, close: () => Promise<void> }
const daemons: Daemon[] = []
const children: ChildProcessWithoutNullStreams[] = []

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const d of daemons.splice(0)) { await d.close(); fs.rmSync(d.dir, { recursive: true, force: true }) }
})

async function startDaemon (overrides: Partial<Config> = {}): Promise<Daemon> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-dead-client-'))
  const sock = path.join(dir, 'bridge.sock')
  const log = path.join(dir, 'daemon.log')
  const { app, close } = await listenAll(testConfig({ socketPath: sock, logFile: log, logLevel: 'info', ...overrides }), buildServer)
  const d = { app, sock, dir, log, close }
  daemons.push(d)
  return d
}

interface Script { child: ChildProcessWithoutNullStreams, out: () => string, line: (re: RegExp) => Promise<string>, exited: Promise<void> }

/** Runs a Perl script through the facades against the daemon. */
function perl (d: Daemon, code: string, env: Record<string, string> = {}): Script {
  const child = spawn('perl', ['-e', code], {
    cwd: d.dir,
    env: { ...process.env, ...env, PERL5LIB: `${root}/perl/compat:${root}/perl/lib`, CPAN_BRIDGE_SOCKET: d.sock, CPAN_BRIDGE_AUTOSTART: '0' },
  })
  children.push(child)
  let out = ''
  let err = ''
  child.stdout.on('data', (b: Buffer) => { out += b.toString() })
  child.stderr.on('data', (b: Buffer) => { err += b.toString() })
  const exited = new Promise<void>(resolve => { child.once('exit', () => { resolve() }) })
  const line = async (re: RegExp): Promise<string> => await new Promise((resolve, reject) => {
    const check = (): boolean => { const m = re.exec(out); if (m) resolve(m[0]); return m !== null }
    if (check()) return
    const onData = (): void => { if (check()) child.stdout.off('data', onData) }
    child.stdout.on('data', onData)
    void exited.then(() => { if (!check()) reject(new Error(`script exited before ${String(re)}: ${out}${err}`)) })
  })
  return { child, out: () => out + err, line, exited }
}

async function kill (s: Script): Promise<void> {
  s.child.kill('SIGKILL')
  await s.exited
}

/** Polls until `pred` holds; returns the seconds it took, or null when WAIT_MS ran out. */
async function until (pred: () => Promise<boolean> | boolean, ms = WAIT_MS): Promise<number | null> {
  const t0 = performance.now()
  while (performance.now() - t0 < ms) {
    if (await pred()) return Math.round(performance.now() - t0) / 1000
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return null
}

const sessionOfPid = (d: Daemon, pid: number | undefined): boolean =>
  [...d.app.sessions.sessions.values()].some(s => s.client?.pid === pid)

const PG = servers.pg
const pgEnv = { PG_DSN: PG.dsn, PG_USER: PG.user, PG_PASSWORD: PG.password }
function pgClient (): pg.Client {
  const m = /dbname=([^;]+);host=([^;]+);port=(\d+)/.exec(PG.dsn)
  if (m === null) throw new Error(`unexpected test DSN ${PG.dsn}`)
  return new pg.Client({ database: m[1], host: m[2], port: Number(m[3]), user: PG.user, password: PG.password })
}

/** Waits for the script's open transaction, kills the script, and waits for its backend to leave "idle in transaction". */
async function killAndSeeRollback (s: Script, marker: string, who: string): Promise<void> {
  await s.line(/ready/)
  const db = pgClient()
  await db.connect()
  try {
    const held = async (): Promise<number> => Number((await db.query(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'idle in transaction' AND query LIKE $1", [`%${marker}%`])).rows[0].n)
    expect(await held(), 'the script holds an open transaction').toBe(1)
    await kill(s)
    const took = await until(async () => await held() === 0)
    console.log(`PostgreSQL transaction of ${who} rolled back after ${String(took)} s`)
    expect(took, 'backend still idle in transaction').not.toBeNull()
  } finally {
    await db.end()
  }
}

describe('a client killed with SIGKILL', () => {
  it('in the middle of a PostgreSQL transaction: its backend is no longer "idle in transaction"', async () => {
    const d = await startDaemon()
    const marker = `dead_client_${process.pid}_${Date.now()}`
    const s = perl(d, `
      use DBI;
      my $dbh = DBI->connect($ENV{PG_DSN}, $ENV{PG_USER}, $ENV{PG_PASSWORD}, { AutoCommit => 0, RaiseError => 1, PrintError => 0 });
      $dbh->do("SELECT 1 AS ${marker}");
      $| = 1; print "ready\\n"; sleep 120;`, pgEnv)
    await killAndSeeRollback(s, marker, 'a killed client')
    // one log line names the process and the session's public id
    const logged = (): string => fs.readFileSync(d.log, 'utf8').split('\n').find(l => l.includes('client process is gone')) ?? ''
    expect(await until(() => logged() !== '')).not.toBeNull()
    expect(logged()).toContain(`"client_pid":${String(s.child.pid)}`)
    expect(logged()).toMatch(/"session":"perl-\d+-[A-Za-z0-9_-]{16}"/)
  })

  it('holding a transaction with no connection open (closed after an idle spell): the periodic check ends it', async () => {
    const d = await startDaemon()
    const marker = `dead_idle_client_${process.pid}_${Date.now()}`
    const s = perl(d, `
      use DBI;
      my $dbh = DBI->connect($ENV{PG_DSN}, $ENV{PG_USER}, $ENV{PG_PASSWORD}, { AutoCommit => 0, RaiseError => 1, PrintError => 0 });
      $dbh->do("SELECT 1 AS ${marker}");
      CPANBridge::Session::transport()->close;   # as after the daemon's keep-alive timeout: no connection to see close
      $| = 1; print "ready\n"; sleep 120;`, pgEnv)
    await killAndSeeRollback(s, marker, 'a killed client without a connection')
  })

  it('holding a SQLite write lock (BEGIN IMMEDIATE): another writer gets in', async () => {
    const d = await startDaemon()
    const file = path.join(d.dir, 'locked.db')
    new Database(file).exec('CREATE TABLE t (x TEXT)').close()
    const s = perl(d, `
      use DBI;
      my $dbh = DBI->connect("dbi:SQLite:dbname=${file}", '', '', { RaiseError => 1, PrintError => 0 });
      $dbh->do('BEGIN IMMEDIATE');
      $dbh->do("INSERT INTO t VALUES ('dead')");
      $| = 1; print "ready\\n"; sleep 120;`)
    await s.line(/ready/)
    const other = new Database(file, { timeout: 0 })
    try {
      const tryWrite = (): boolean => {
        try { other.exec('BEGIN IMMEDIATE'); other.exec("INSERT INTO t VALUES ('other')"); other.exec('COMMIT'); return true } catch { return false }
      }
      expect(tryWrite(), 'the script holds the write lock').toBe(false)
      await kill(s)
      const took = await until(tryWrite)
      console.log(`SQLite write lock of a killed client released after ${String(took)} s`)
      expect(took, 'the write lock is still held').not.toBeNull()
      expect(other.prepare('SELECT x FROM t').pluck().all(), 'the dead script\'s insert was rolled back').toEqual(['other'])
    } finally {
      other.close()
    }
  })

  it('holding a LockFile::Simple lock: another process gets it', async () => {
    const d = await startDaemon()
    const target = path.join(d.dir, 'report.txt')
    const s = perl(d, `
      use LockFile::Simple;
      my $lm = LockFile::Simple->make(-max => 1, -delay => 1, -stale => 0);
      $lm->lock('${target}') or die "no lock";
      $| = 1; print "ready\\n"; sleep 120;`)
    await s.line(/ready/)
    expect(fs.existsSync(`${target}.lock`), 'the lock file exists').toBe(true)
    await kill(s)
    // no -stale: the second process may only get the lock once the dead one's is gone
    const t = perl(d, `
      use LockFile::Simple; use Time::HiRes ();
      my $lm = LockFile::Simple->make(-max => 1, -delay => 1, -stale => 0, -warn => 0);
      my $t0 = Time::HiRes::time();
      while (Time::HiRes::time() - $t0 < ${WAIT_MS / 1000}) {
        if ($lm->trylock('${target}')) { printf "got it after %.1f s\\n", Time::HiRes::time() - $t0; $lm->unlock('${target}'); exit 0 }
        Time::HiRes::sleep(0.1);
      }
      print "never got it\\n";`)
    await t.exited
    console.log(`LockFile lock of a killed client: ${t.out().trim()}`)
    expect(t.out()).toMatch(/got it after/)
  })

  it('with CPAN_BRIDGE_DB_POOL_MAX=2, two killed clients do not starve a third connect', async () => {
    // a pool wait far below the TTL: on the old code the third connect fails when it runs out
    const d = await startDaemon({ dbPoolMax: 2, dbPoolWaitMs: 10_000 })
    const holder = `
      use DBI;
      my $dbh = DBI->connect($ENV{PG_DSN}, $ENV{PG_USER}, $ENV{PG_PASSWORD}, { RaiseError => 1, PrintError => 0 });
      $| = 1; print "ready\\n"; sleep 120;`
    const a = perl(d, holder, pgEnv)
    const b = perl(d, holder, pgEnv)
    await a.line(/ready/)
    await b.line(/ready/)
    await kill(a)
    await kill(b)
    const c = perl(d, `
      use DBI; use Time::HiRes ();
      my $t0 = Time::HiRes::time();
      my $dbh = DBI->connect($ENV{PG_DSN}, $ENV{PG_USER}, $ENV{PG_PASSWORD}, { RaiseError => 0, PrintError => 0 });
      printf $dbh ? "connected after %.1f s\\n" : "failed after %.1f s: $DBI::errstr\\n", Time::HiRes::time() - $t0;`, pgEnv)
    await c.exited
    console.log(`third connect with a pool of 2 and two killed holders: ${c.out().trim()}`)
    expect(c.out()).toMatch(/^connected/)
  })

  it('with CPAN_BRIDGE_MAX_CONNECTIONS=2, a dead handle-less session frees its slot', async () => {
    const d = await startDaemon({ maxConnections: 2 })
    const idle = `use CPANBridge; my $r = CPANBridge->new->call('test', 'ping', {}); $| = 1; print $r->{success} ? "ready\\n" : "failed\\n"; sleep 120;`
    const a = perl(d, idle)
    const b = perl(d, idle)
    await a.line(/ready/)
    await b.line(/ready/)
    expect(d.app.sessions.sessions.size).toBe(2)
    await kill(a)
    await kill(b)
    const took = await until(() => d.app.sessions.sessions.size === 0)
    console.log(`slots of two killed handle-less clients freed after ${String(took)} s`)
    expect(took, 'dead sessions still hold their slots').not.toBeNull()
    const c = perl(d, `use CPANBridge; my $r = CPANBridge->new->call('test', 'ping', {}); print $r->{success} ? "pong\\n" : "error: $r->{error}\\n";`)
    await c.exited
    expect(c.out()).toMatch(/^pong/)
  })
})

describe('a live process keeps its session', () => {
  it('a forked child killed with SIGKILL ends the child\'s session only; the parent keeps its handles', async () => {
    const d = await startDaemon()
    const file = path.join(d.dir, 'fork.db')
    // the parent: a SQLite handle, then a child that calls on its own session and waits to be killed;
    // the parent waits for "go" on stdin, closes its own connection (a live client's close is checked too),
    // and uses the handle it made before the fork
    const s = perl(d, `
      use DBI; use CPANBridge; use IO::Handle; use Time::HiRes (); STDOUT->autoflush(1);
      my $dbh = DBI->connect("dbi:SQLite:dbname=${file}", '', '', { RaiseError => 1, PrintError => 0 });
      $dbh->do('CREATE TABLE t (x TEXT)');
      pipe my $r, my $w or die;
      my $pid = fork // die;
      if (!$pid) { close $r; my $c = CPANBridge->new->call('test', 'ping', {}); print $w "called\\n"; close $w; sleep 120; exit 0 }
      close $w; my $ok = <$r>;
      print "child=$pid\\n";
      <STDIN>;
      CPANBridge::Session::transport()->close;
      Time::HiRes::sleep(0.5);   # the daemon checks the process behind a closed connection: it is alive
      $dbh->do("INSERT INTO t VALUES ('after the child died')");
      print "parent ok: ", $dbh->selectrow_array('SELECT count(*) FROM t'), "\\n";`)
    const child = Number(/child=(\d+)/.exec(await s.line(/child=\d+/))?.[1])
    const parent = s.child.pid
    expect(sessionOfPid(d, child) && sessionOfPid(d, parent), 'both sessions are watched').toBe(true)
    process.kill(child, 'SIGKILL')
    const took = await until(() => !sessionOfPid(d, child))
    expect(took, 'the dead child\'s session ended').not.toBeNull()
    expect(sessionOfPid(d, parent), 'the parent\'s session survives its child').toBe(true)
    s.child.stdin.write('go\n')
    await s.exited
    expect(s.out()).toMatch(/parent ok: 1/)
    expect(d.app.clientWatch.stats.ended, 'only the child\'s session was ended').toBe(1)
  })
})

describe('what the daemon believes of X-Bridge-Client', () => {
  const ownStart = (): string => { const t = fs.readFileSync('/proc/self/stat', 'latin1'); return t.slice(t.lastIndexOf(')') + 2).split(' ')[19] }
  const deadPid = (): number => spawnSync('true').pid!
  async function claim (app: FastifyInstance, session: string | undefined, value: string): Promise<void> {
    await app.inject({
      method: 'POST',
      url: '/rpc',
      headers: { 'content-type': 'application/json', 'x-bridge-client': value, ...(session !== undefined ? { 'x-bridge-session': session } : {}) },
      payload: '{"jsonrpc":"2.0","id":1,"method":"test.ping"}',
    })
  }
  const apps: FastifyInstance[] = []
  afterEach(async () => { while (apps.length > 0) await apps.pop()!.close() })
  async function app (): Promise<FastifyInstance> {
    const a = await buildServer(testConfig())
    await a.ready()
    apps.push(a)
    return a
  }

  it('the first claim of a session wins: a later claim naming a dead process cannot get it ended', async () => {
    const a = await app()
    await claim(a, 'claimed', `pid=${process.pid}; start=${ownStart()}`)
    await claim(a, 'claimed', `pid=${deadPid()}`)
    expect(a.sessions.sessions.get('claimed')!.client).toMatchObject({ pid: process.pid, watched: true })
    await a.clientWatch.sweep()
    expect(a.sessions.sessions.has('claimed')).toBe(true)
    expect((await rpc(a, 'system.connections', {}, 'observer')).result.connections.find((c: { client_pid?: number }) => c.client_pid === process.pid)).toBeDefined()
  })

  it('a claim that does not check out when it arrives (no such process, another start time) is not watched', async () => {
    const a = await app()
    await claim(a, 'gone', `pid=${deadPid()}`)
    await claim(a, 'reused', `pid=${process.pid}; start=1`)
    expect(a.sessions.sessions.get('gone')!.client?.watched).toBe(false)
    expect(a.sessions.sessions.get('reused')!.client?.watched).toBe(false)
    await a.clientWatch.sweep()
    expect(a.sessions.sessions.has('gone') && a.sessions.sessions.has('reused')).toBe(true)
  })

  it('callers without a session header share the anonymous session: a claim cannot tie it to one process', async () => {
    const a = await app()
    await claim(a, undefined, `pid=${process.pid}; start=${ownStart()}`)
    expect(a.sessions.sessions.get('anonymous')!.client).toBeUndefined()
  })

  it('a session without a claim keeps the idle rules', async () => {
    const a = await app()
    await rpc(a, 'test.ping', {}, 'curl-like')
    await a.clientWatch.sweep()
    expect(a.sessions.sessions.get('curl-like')!.client).toBeUndefined()
    expect(a.sessions.sessions.has('curl-like')).toBe(true)
  })
})
