// SQLite end to end through the RPC layer: the embedded default driver.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, rpc, call } from '../helpers.js'
import { MAX_BLOCK } from '../../helpers/database/statement.js'

let app: FastifyInstance
let dir: string
const S = 'sqlite-session'

beforeAll(async () => {
  app = await buildTestServer()
  dir = mkdtempSync(path.join(tmpdir(), 'cb-sqlite-'))
})
afterAll(async () => {
  await app.close()
  rmSync(dir, { recursive: true, force: true })
})

async function connect (file = 'db.sqlite', attr: Record<string, unknown> = {}, session = S): Promise<string> {
  const r = await call(app, 'database.connect', { dsn: `dbi:SQLite:dbname=${path.join(dir, file)}`, username: '', password: '', attr }, session)
  expect(r.driver).toBe('SQLite')
  return r.connection_id
}

describe('database (SQLite)', () => {
  it('connects, creates, inserts with binds and selects back through blocks', async () => {
    const db = await connect()
    await call(app, 'database.do_statement', { connection_id: db, sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, amount REAL, data BLOB)' }, S)
    const ins = await call(app, 'database.prepare', { connection_id: db, sql: 'INSERT INTO t (name, amount, data) VALUES (?, ?, ?)' }, S)
    expect(ins.num_params).toBe(3)
    const r = await call(app, 'database.execute_statement', { statement_id: ins.statement_id, bind_values: ["O'Brien; DROP TABLE t; --", 1.5, { $base64: Buffer.from([0, 255, 1]).toString('base64') }] }, S)
    expect(r.rows).toBe(1)
    expect(r.num_of_fields).toBe(0)
    const id = await call(app, 'database.last_insert_id', { connection_id: db }, S)
    expect(id.id).toBe('1')
    const sel = await call(app, 'database.execute_statement', { connection_id: db, sql: 'SELECT id, name, amount, data, NULL AS n FROM t WHERE name = ?', bind_values: ["O'Brien; DROP TABLE t; --"] }, S)
    expect(sel.names).toEqual(['id', 'name', 'amount', 'data', 'n'])
    expect(sel.type_names).toEqual(['INTEGER', 'TEXT', 'REAL', 'BLOB', null])
    expect(sel.done).toBe(true)
    expect(sel.rows).toBe(1)
    expect(sel.block).toEqual([['1', "O'Brien; DROP TABLE t; --", '1.5', { $base64: 'AP8B' }, null]])
  })

  it('streams 1500 rows through fetch_block, fetch_row and fetch_all', async () => {
    const db = await connect('many.sqlite')
    await call(app, 'database.do_statement', { connection_id: db, sql: 'CREATE TABLE m (i INTEGER)' }, S)
    const ins = await call(app, 'database.prepare', { connection_id: db, sql: 'INSERT INTO m VALUES (?)' }, S)
    const ea = await call(app, 'database.execute_array', { statement_id: ins.statement_id, rows: Array.from({ length: 1500 }, (_, i) => [i + 1]) }, S)
    expect(ea.rows_affected).toBe(1500)
    expect(ea.tuple_status.every((s: unknown) => s === 1)).toBe(true)
    const sel = await call(app, 'database.execute_statement', { connection_id: db, sql: 'SELECT i FROM m ORDER BY i', block_size: 400 }, S)
    expect(sel.done).toBe(false)
    expect(sel.rows).toBe(-1)
    const got = [...sel.block]
    for (;;) {
      const b = await call(app, 'database.fetch_block', { statement_id: sel.statement_id }, S)
      got.push(...b.block)
      if (b.done) break
    }
    expect(got.length).toBe(1500)
    expect(got[1499]).toEqual(['1500'])
    // seed calls right after execute start at row 1: old scripts ignore the inline block
    const again = await call(app, 'database.execute_statement', { statement_id: sel.statement_id }, S)
    expect(again.block.length).toBeGreaterThan(0)
    const one = await call(app, 'database.fetch_row', { statement_id: sel.statement_id, format: 'hash' }, S)
    expect(one.row).toEqual({ i: '1' })
    const rest = await call(app, 'database.fetch_all', { statement_id: sel.statement_id }, S)
    expect(rest.rows.length).toBe(1499)
    expect(rest.rows[0]).toEqual(['2'])
    const none = await call(app, 'database.fetch_row', { statement_id: sel.statement_id }, S)
    expect(none.row).toBeNull()
  })

  it('follows the User Guide seed loop and ends it with no_more_rows', async () => {
    await connect('guide.sqlite', {}, 'guide')
    await call(app, 'database.do_statement', { sql: 'CREATE TABLE users (name TEXT, email TEXT, active INT)' }, 'guide')
    await call(app, 'database.do_statement', { sql: 'INSERT INTO users VALUES (?,?,1),(?,?,0),(?,?,1)', bind_values: ['a', 'a@x', 'b', 'b@x', 'c', 'c@x'] }, 'guide')
    await call(app, 'database.execute_statement', { sql: 'SELECT name, email FROM users WHERE active = ? ORDER BY name', params: [1] }, 'guide')
    const names: string[] = []
    for (let i = 0; i < 10; i++) {
      const r = await rpc(app, 'database.fetch_row', {}, 'guide')
      if (r.error) { expect(r.error.data?.type).toBe('no_more_rows'); break }
      names.push(r.result.name)
    }
    expect(names).toEqual(['a', 'c'])
    // each new seed execute frees the previous seed statement; the loop reads the latest
    const before = [...app.sessions.handles.values()].filter(h => h.owner === 'guide' && h.kind === 'sth').length
    await call(app, 'database.execute_statement', { sql: 'SELECT name FROM users ORDER BY name' }, 'guide')
    await call(app, 'database.execute_statement', { sql: 'SELECT email FROM users ORDER BY name DESC' }, 'guide')
    expect([...app.sessions.handles.values()].filter(h => h.owner === 'guide' && h.kind === 'sth').length).toBe(before)
    expect((await call(app, 'database.fetch_row', {}, 'guide')).email).toBe('c@x')
    // with connection_id (the facade's lazy prepare) every statement stays usable
    const conn = (await call(app, 'database.connect', { dsn: 'dbi:SQLite::memory:' }, 'guide')).connection_id
    const outer = await call(app, 'database.execute_statement', { connection_id: conn, sql: 'SELECT 1 UNION ALL SELECT 2', block_size: 1 }, 'guide')
    await call(app, 'database.execute_statement', { connection_id: conn, sql: 'SELECT 3' }, 'guide')
    expect((await call(app, 'database.fetch_block', { statement_id: outer.statement_id }, 'guide')).block).toEqual([['2']])
  })

  it('rolls back an uncommitted transaction when the session ends', async () => {
    const file = 'txn.sqlite'
    const db = await connect(file)
    await call(app, 'database.do_statement', { connection_id: db, sql: 'CREATE TABLE x (v TEXT)' }, S)
    const s2 = 'txn-session'
    const db2 = await connect(file, { AutoCommit: 0 }, s2)
    await call(app, 'database.do_statement', { connection_id: db2, sql: "INSERT INTO x VALUES ('lost')" }, s2)
    await app.sessions.endSession(s2)
    const r = await call(app, 'database.execute_statement', { connection_id: db, sql: 'SELECT count(*) FROM x' }, S)
    expect(r.block).toEqual([['0']])
    await call(app, 'database.begin_transaction', { connection_id: db }, S)
    await call(app, 'database.do_statement', { connection_id: db, sql: "INSERT INTO x VALUES ('kept')" }, S)
    await call(app, 'database.commit', { connection_id: db }, S)
    await call(app, 'database.begin_transaction', { connection_id: db }, S)
    await call(app, 'database.do_statement', { connection_id: db, sql: "INSERT INTO x VALUES ('undone')" }, S)
    await call(app, 'database.rollback', { connection_id: db }, S)
    const r2 = await call(app, 'database.execute_statement', { connection_id: db, sql: 'SELECT v FROM x' }, S)
    expect(r2.block).toEqual([['kept']])
  })

  it('refuses another session\'s handle and reports SQL errors with codes', async () => {
    const db = await connect()
    const other = await rpc(app, 'database.do_statement', { connection_id: db, sql: 'SELECT 1' }, 'intruder')
    expect(other.error?.data?.type).toBe('handle_not_owned')
    // DBD::SQLite compiles at prepare: SQL errors surface there, not at execute
    const early = await rpc(app, 'database.prepare', { connection_id: db, sql: 'SELECT * FROM nope_table' }, S)
    expect(early.error?.message).toBe('no such table: nope_table')
    expect(early.error?.data?.backend_code).toBe('SQLITE_ERROR')
    const bad = await rpc(app, 'database.do_statement', { connection_id: db, sql: 'SELEC 1' }, S)
    expect(bad.error?.data?.type).toBe('backend_error')
    expect(bad.error?.data?.backend_code).toBe('SQLITE_ERROR')
    expect(bad.error?.data?.err).toBe(1)
    expect(bad.error?.message).toMatch(/syntax error/)
    const dis = await call(app, 'database.disconnect', { connection_id: db }, S)
    expect(dis.disconnected).toBe(true)
    const after = await rpc(app, 'database.ping', { connection_id: db }, S)
    expect(after.error?.data?.type).toBe('handle_not_found')
  })
})

describe('database seed shapes (old DBIHelper) and block sizing', () => {
  it('accepts the old DBIHelper params and answers its result names', async () => {
    const s = 'old-helper'
    const c = await call(app, 'database.connect', { dsn: `dbi:SQLite:dbname=${path.join(dir, 'old.db')}`, username: '', password: '', db_type: 'sqlite', options: { AutoCommit: 1, RaiseError: 1, PrintError: 0 } }, s)
    const id = c.connection_id
    const d = await call(app, 'database.do_statement', { connection_id: id, sql: 'CREATE TABLE o (a INT, b TEXT)', bind_values: [] }, s)
    expect(d.rows_affected).toBe(0)
    const p = await call(app, 'database.prepare', { connection_id: id, sql: 'INSERT INTO o VALUES (:a, :b)' }, s)
    const ex = await call(app, 'database.execute_statement', { connection_id: id, statement_id: p.statement_id, bind_values: [], bind_params: { ':a': { value: 1 }, ':b': { value: 'one' } } }, s)
    expect(ex.rows_affected).toBe(1)
    const sel = await call(app, 'database.prepare', { connection_id: id, sql: 'SELECT a, b FROM o' }, s)
    const r = await call(app, 'database.execute_statement', { connection_id: id, statement_id: sel.statement_id, bind_values: [], bind_params: {} }, s)
    // the old helper's shape: type names, DBI codes beside them, one record a column
    expect(r.column_info).toMatchObject({ count: 2, names: ['a', 'b'], types: ['INT', 'TEXT'], type_codes: [4, -1] })
    expect(r.column_info.columns[1]).toMatchObject({ name: 'b', type: 'TEXT', type_code: -1 })
    // the DBI facade asks without it (it reads names, types, ... beside it)
    const lean = await call(app, 'database.execute_statement', { connection_id: id, statement_id: sel.statement_id, bind_values: [], column_info: false }, s)
    expect(lean.column_info).toBeUndefined()
    expect(lean.rows_affected).toBeUndefined()
    expect(lean.names).toEqual(['a', 'b'])
    const row = await call(app, 'database.fetch_row', { connection_id: id, statement_id: sel.statement_id, format: 'array' }, s)
    expect(row).toEqual({ row: ['1', 'one'] })
    expect(await call(app, 'database.fetch_row', { connection_id: id, statement_id: sel.statement_id, format: 'array' }, s)).toEqual({ row: null })
    const all = await call(app, 'database.execute_immediate', { connection_id: id, sql: 'SELECT b FROM o' }, s)
    expect(all.rows).toEqual([['one']])
    expect(all.column_info).toMatchObject({ count: 1, names: ['b'], types: ['TEXT'], type_codes: [-1] })
    // its own method: a statement answers rows_affected (do_statement's rows field is not there)
    expect(await call(app, 'database.execute_immediate', { connection_id: id, sql: "UPDATE o SET b = 'uno' WHERE a = 1" }, s)).toEqual({ rows_affected: 1 })
    expect((await call(app, 'database.finish_statement', { connection_id: id, statement_id: sel.statement_id }, s)).finished).toBe(true)
    const inout = await rpc(app, 'database.bind_param_inout', { statement_id: sel.statement_id, param_name: ':x', initial_value: 1, size: 10, param_type: {} }, s)
    expect(inout.error?.data?.type).toBe('backend_error')
    expect(inout.error?.message).toMatch(/not supported by DBD::SQLite/)
    await app.sessions.endSession(s)
  })

  it('grows the block for narrow rows after the first one (read-ahead keeps the order)', async () => {
    const s = 'blocks'
    const id = (await call(app, 'database.connect', { dsn: 'dbi:SQLite::memory:' }, s)).connection_id
    const r = await call(app, 'database.execute_statement', { connection_id: id, sql: 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) SELECT i FROM n' }, s)
    expect(r.block.length).toBe(500)
    const sizes: number[] = []
    let next = 501
    for (;;) {
      const b = await call(app, 'database.fetch_block', { statement_id: r.statement_id }, s)
      if (b.block.length > 0) expect(b.block[0]).toEqual([String(next)])
      next += b.block.length
      sizes.push(b.block.length)
      if (b.done) break
    }
    expect(next).toBe(20001)
    expect(Math.max(...sizes)).toBe(MAX_BLOCK)
    await app.sessions.endSession(s)
  })
})

describe('SQLite files are client paths', () => {
  it('resolves a relative file against the script\'s cwd and keeps to CPAN_BRIDGE_ALLOWED_PATHS', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cb-allowed-'))
    const confined = await buildTestServer({ allowedPaths: [root] })
    try {
      const inject = async (params: unknown, cwd?: string): Promise<any> => JSON.parse((await confined.inject({
        method: 'POST', url: '/rpc', payload: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'database.connect', params }),
        headers: { 'content-type': 'application/json', 'x-bridge-session': 'paths', ...(cwd !== undefined ? { 'x-bridge-cwd': cwd } : {}) },
      })).body)
      const ok = await inject({ dsn: 'dbi:SQLite:dbname=rel.db' }, root)
      expect(ok.result.driver).toBe('SQLite')
      const out = await inject({ dsn: `dbi:SQLite:dbname=${path.join(root, '..', 'escape.db')}` }, root)
      expect(out.error.data.type).toBe('path_forbidden')
      const missing = await inject({ dsn: `dbi:SQLite:dbname=${path.join(root, 'no', 'such', 'dir.db')}` }, root)
      expect(missing.error.data).toMatchObject({ type: 'backend_error', backend_code: 'SQLITE_CANTOPEN', err: 14 })
      expect(missing.error.message).toBe('unable to open database file')
      const mem = await inject({ dsn: 'dbi:SQLite::memory:' })
      expect(mem.result.driver).toBe('SQLite')
    } finally {
      await confined.close()
      rmSync(root, { recursive: true, force: true })
    }
  })
})
