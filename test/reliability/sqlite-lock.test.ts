// Nothing blocks the event loop while a SQLite statement waits on another
// process's lock (issue 11, item 2). A child process holds the lock until the
// test tells it to let go; meanwhile another client's test.ping must be
// answered while the waiting client's call is still open (a structural check:
// on the old code, with SQLite's own 30 s busy wait inside the call, no ping
// is answered until the waiting call has ended). The wait keeps DBD::SQLite's
// semantics: the write lands once after the release, COMMIT is retried with
// its transaction intact, and past the busy timeout the error is DBD's
// "database is locked".
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, rpc, call, type Reply } from '../helpers.js'

const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3')

// holds a lock on argv[2] (mode argv[3]: IMMEDIATE, EXCLUSIVE, or READ: a read transaction) until a line arrives on stdin
const HOLDER = `
const Database = require(process.argv[1])
const db = new Database(process.argv[2])
const mode = process.argv[3]
db.exec(mode === 'READ' ? 'BEGIN' : 'BEGIN ' + mode)
if (mode === 'READ') db.prepare('SELECT count(*) FROM sqlite_master').get()
process.stdout.write('locked\\n')
process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); process.exit(0) })
`

interface Holder { child: ChildProcessWithoutNullStreams, release: () => Promise<void> }
const holders: Holder[] = []

async function holdLock (file: string, mode: 'IMMEDIATE' | 'EXCLUSIVE' | 'READ'): Promise<Holder> {
  const child = spawn(process.execPath, ['-e', HOLDER, sqliteModule, file, mode], { stdio: 'pipe' })
  let out = ''
  const seen = async (word: string): Promise<void> => await new Promise((resolve, reject) => {
    const check = (): void => { if (out.includes(word)) resolve() }
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); check() })
    child.once('exit', code => { if (!out.includes(word)) reject(new Error(`lock holder exited (${String(code)}) before "${word}"`)) })
    check()
  })
  await seen('locked')
  const h: Holder = {
    child,
    release: async () => { if (child.exitCode === null) { child.stdin.write('go\n'); await seen('released') } },
  }
  holders.push(h)
  return h
}

let app: FastifyInstance
let dir: string
let n = 0

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-sqlite-lock-'))
  app = await buildTestServer()
})
afterEach(async () => {
  for (const h of holders.splice(0)) { h.child.kill('SIGKILL') }
})
afterAll(async () => {
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** A fresh database file with table t, and a connection to it in its own session. */
async function fresh (attr: Record<string, unknown> = {}): Promise<{ file: string, session: string, db: string }> {
  const file = path.join(dir, `lock-${n++}.db`)
  const session = `lock-client-${n}`
  const db = (await call(app, 'database.connect', { dsn: `dbi:SQLite:dbname=${file}`, attr }, session)).connection_id as string
  await call(app, 'database.do_statement', { connection_id: db, sql: 'CREATE TABLE IF NOT EXISTS t (x TEXT)' }, session)
  return { file, session, db }
}

/** A call left running, whose settling the test can observe. */
function pending (p: Promise<Reply>): { settled: () => boolean, reply: Promise<Reply> } {
  let done = false
  const reply = p.finally(() => { done = true })
  return { settled: () => done, reply }
}

/**
 * Pings from another session while `waiting` is open; returns how many were
 * answered before it settled. The short pause first lets the waiting call
 * reach its lock (it is ordering, not a measurement).
 */
async function pingsWhileWaiting (waiting: { settled: () => boolean }, count = 20): Promise<number> {
  await new Promise(resolve => setTimeout(resolve, 100))
  let answered = 0
  for (let i = 0; i < count; i++) {
    const r = await rpc(app, 'test.ping', {}, 'lock-bystander')
    expect(r.result?.message).toBe('pong')
    if (!waiting.settled()) answered++
  }
  return answered
}

async function count (file: string): Promise<number> {
  const s = `lock-count-${n++}`
  const db = (await call(app, 'database.connect', { dsn: `dbi:SQLite:dbname=${file}` }, s)).connection_id as string
  const r = await call(app, 'database.execute_statement', { connection_id: db, sql: 'SELECT count(*) FROM t' }, s)
  await call(app, 'database.disconnect', { connection_id: db }, s)
  return Number(r.block[0][0])
}

describe('SQLite lock waits do not block the daemon', () => {
  it('a write waiting on another process\'s lock lets other clients through, then lands once', async () => {
    const c = await fresh()
    const lock = await holdLock(c.file, 'IMMEDIATE')
    const write = pending(rpc(app, 'database.do_statement', { connection_id: c.db, sql: "INSERT INTO t VALUES ('waited')" }, c.session))
    const answered = await pingsWhileWaiting(write)
    expect(answered).toBe(20)
    expect(write.settled()).toBe(false)
    await lock.release()
    const r = await write.reply
    expect(r.error, JSON.stringify(r.error)).toBeUndefined()
    expect(r.result.rows_affected ?? r.result.rows).toBe(1)
    expect(await count(c.file)).toBe(1)
  }, 90_000)

  it('past the busy timeout (PRAGMA busy_timeout) the call fails as DBD::SQLite does: "database is locked"', async () => {
    const c = await fresh()
    const set = await call(app, 'database.execute_statement', { connection_id: c.db, sql: 'PRAGMA busy_timeout = 1500' }, c.session)
    expect(set.block).toEqual([['1500']])
    const lock = await holdLock(c.file, 'IMMEDIATE')
    const write = pending(rpc(app, 'database.do_statement', { connection_id: c.db, sql: "INSERT INTO t VALUES ('never')" }, c.session))
    expect(await pingsWhileWaiting(write, 3)).toBe(3)
    const r = await write.reply
    expect(r.error?.message).toBe('database is locked')
    expect(r.error?.data).toMatchObject({ backend_code: 'SQLITE_BUSY', err: 5, state: 'S1000' })
    await lock.release()
    expect(await count(c.file)).toBe(0)
    // the connection is usable afterwards and reads its own setting back
    const read = await call(app, 'database.execute_statement', { connection_id: c.db, sql: 'PRAGMA busy_timeout' }, c.session)
    expect(read.block).toEqual([['1500']])
  }, 90_000)

  it('a COMMIT that meets a reader waits and commits the same transaction', async () => {
    const c = await fresh({ AutoCommit: 0 })
    await call(app, 'database.do_statement', { connection_id: c.db, sql: "INSERT INTO t VALUES ('in txn')" }, c.session)
    const reader = await holdLock(c.file, 'READ')
    const commit = pending(rpc(app, 'database.commit', { connection_id: c.db }, c.session))
    expect(await pingsWhileWaiting(commit)).toBe(20)
    await reader.release()
    const r = await commit.reply
    expect(r.error, JSON.stringify(r.error)).toBeUndefined()
    expect(await count(c.file)).toBe(1)
  }, 90_000)

  it('a SELECT whose first step meets an exclusive lock waits, then streams its rows', async () => {
    const c = await fresh()
    await call(app, 'database.do_statement', { connection_id: c.db, sql: "INSERT INTO t VALUES ('a'), ('b')" }, c.session)
    const lock = await holdLock(c.file, 'EXCLUSIVE')
    const sel = pending(rpc(app, 'database.execute_statement', { connection_id: c.db, sql: 'SELECT x FROM t ORDER BY x' }, c.session))
    expect(await pingsWhileWaiting(sel)).toBe(20)
    await lock.release()
    const r = await sel.reply
    expect(r.error, JSON.stringify(r.error)).toBeUndefined()
    expect(r.result.block).toEqual([['a'], ['b']])
  }, 90_000)

  it('a `;`-separated do retries only the statement that met the lock', async () => {
    const c = await fresh()
    const lock = await holdLock(c.file, 'IMMEDIATE')
    // the first statement needs no lock on the file (a temp table); the second waits
    const script = pending(rpc(app, 'database.do_statement', { connection_id: c.db, sql: "CREATE TEMP TABLE seen (x); INSERT INTO temp.seen VALUES (1); INSERT INTO t VALUES ('after')" }, c.session))
    expect(await pingsWhileWaiting(script)).toBe(20)
    await lock.release()
    const r = await script.reply
    expect(r.error, JSON.stringify(r.error)).toBeUndefined()
    const seen = await call(app, 'database.execute_statement', { connection_id: c.db, sql: 'SELECT count(*) FROM temp.seen' }, c.session)
    expect(seen.block).toEqual([['1']])
    expect(await count(c.file)).toBe(1)
  }, 90_000)

  it('disconnect ends a lock wait at once instead of after the busy timeout', async () => {
    const c = await fresh()
    const lock = await holdLock(c.file, 'IMMEDIATE')
    const write = pending(rpc(app, 'database.do_statement', { connection_id: c.db, sql: "INSERT INTO t VALUES ('abandoned')" }, c.session))
    expect(await pingsWhileWaiting(write, 1)).toBe(1)
    const bye = await rpc(app, 'database.disconnect', { connection_id: c.db }, c.session)
    expect(bye.error, JSON.stringify(bye.error)).toBeUndefined()
    expect(lock.child.exitCode).toBe(null)
    // ended by the disconnect, not by the busy timeout running out ("database is locked")
    const r = await write.reply
    expect(r.error?.message).toBe('interrupted')
    expect(r.error?.data).toMatchObject({ backend_code: 'SQLITE_INTERRUPT', err: 9 })
    await lock.release()
    expect(await count(c.file)).toBe(0)
  }, 90_000)
})
