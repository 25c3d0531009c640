// Issue 11, item 3 (daemon side): a connection's statements are children of
// its handle. disconnect drops them from the session with it (DBI invalidates
// them), whichever way they were made (prepare, or execute with sql), and
// leaves other connections' statements alone. perl/t/reliability-dbi-leak.t
// runs the 20 000-cycle loop through the Perl facade.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, rpc, call } from '../helpers.js'

let app: FastifyInstance
let dir: string
const S = 'leak-session'

beforeAll(async () => {
  app = await buildTestServer()
  dir = mkdtempSync(path.join(tmpdir(), 'cb-leak-'))
})
afterAll(async () => {
  await app.close()
  rmSync(dir, { recursive: true, force: true })
})

function kinds (session: string): string[] {
  const s = app.sessions.sessions.get(session)
  return [...(s?.handles ?? [])].map(id => app.sessions.handles.get(id)?.kind ?? '?')
}

describe('statement handles live as long as their connection', () => {
  it('disconnect drops every statement of the connection, and only those', async () => {
    const dsn = `dbi:SQLite:dbname=${path.join(dir, 'a.db')}`
    const a = (await call(app, 'database.connect', { dsn, username: '', password: '' }, S)).connection_id
    const b = (await call(app, 'database.connect', { dsn, username: '', password: '' }, S)).connection_id
    await call(app, 'database.do_statement', { connection_id: a, sql: 'CREATE TABLE t (id INTEGER)' }, S)
    await call(app, 'database.do_statement', { connection_id: a, sql: 'INSERT INTO t VALUES (1), (2), (3)' }, S)
    const prepared = await call(app, 'database.prepare', { connection_id: a, sql: 'SELECT id FROM t' }, S)
    await call(app, 'database.execute_statement', { statement_id: prepared.statement_id }, S)
    // the facade's lazy prepare: execute with sql makes the statement
    const lazy = await call(app, 'database.execute_statement', { connection_id: a, sql: 'SELECT id FROM t WHERE id > ?', bind_values: [1] }, S)
    const other = await call(app, 'database.prepare', { connection_id: b, sql: 'SELECT count(*) FROM t' }, S)
    expect(kinds(S).sort()).toEqual(['dbh', 'dbh', 'sth', 'sth', 'sth'])

    await call(app, 'database.disconnect', { connection_id: a }, S)
    expect(kinds(S).sort()).toEqual(['dbh', 'sth'])
    for (const id of [prepared.statement_id, lazy.statement_id]) {
      expect(app.sessions.handles.has(id)).toBe(false)
      const r = await rpc(app, 'database.execute_statement', { statement_id: id }, S)
      expect(r.error?.data?.type).toBe('handle_not_found')
    }
    // the other connection's statement still runs
    const r = await call(app, 'database.execute_statement', { statement_id: other.statement_id }, S)
    expect(r.block).toBeDefined()
    await call(app, 'database.disconnect', { connection_id: b }, S)
    expect(kinds(S)).toEqual([])
  })

  it('2 000 prepare/execute/disconnect cycles leave no handle behind', async () => {
    const dsn = `dbi:SQLite:dbname=${path.join(dir, 'b.db')}`
    const setup = (await call(app, 'database.connect', { dsn, username: '', password: '' }, S)).connection_id
    await call(app, 'database.do_statement', { connection_id: setup, sql: 'CREATE TABLE t (id INTEGER)' }, S)
    await call(app, 'database.disconnect', { connection_id: setup }, S)
    const before = app.sessions.handles.size
    for (let i = 0; i < 2000; i++) {
      const db = (await call(app, 'database.connect', { dsn, username: '', password: '' }, S)).connection_id
      const st = await call(app, 'database.prepare', { connection_id: db, sql: 'SELECT id FROM t' }, S)
      await call(app, 'database.execute_statement', { statement_id: st.statement_id }, S)
      await call(app, 'database.finish_statement', { statement_id: st.statement_id }, S)
      await call(app, 'database.disconnect', { connection_id: db }, S)
    }
    expect(app.sessions.handles.size).toBe(before)
    expect(kinds(S)).toEqual([])
  })
})
