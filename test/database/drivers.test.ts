// Every database.* method against every real driver: PostgreSQL and MariaDB
// (started by scripts/test-services.sh; a missing server fails, never skips)
// and SQLite. Values are compared with what DBD::Pg / DBD::mysql / DBD::SQLite print.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, rpc, call } from '../helpers.js'
import { servers } from './env.js'

let app: FastifyInstance
const dir = mkdtempSync(path.join(tmpdir(), 'cb-drivers-'))
const tag = randomBytes(4).toString('hex')

beforeAll(async () => { app = await buildTestServer() })
afterAll(async () => { await app.close(); rmSync(dir, { recursive: true, force: true }) })

interface Case {
  name: string
  driver: string
  dsn: string
  user: string
  password: string
  ddl: string
  badSyntax: string | number
  badPassword?: string | number
  serial: string
}

const BYTES = Buffer.from([0, 1, 2, 255, 0x27, 0x5c, 0x3f])
const cases: Case[] = [
  { name: 'pg', driver: 'Pg', ...servers.pg, badSyntax: '42601', badPassword: '28P01', serial: 'serial PRIMARY KEY',
    ddl: 's text, n numeric(30,10), b bigint, d date, ts timestamp, tz timestamptz, bin bytea, f boolean' },
  { name: 'mysql', driver: 'mysql', ...servers.mysql, badSyntax: 1064, badPassword: 1045, serial: 'INT AUTO_INCREMENT PRIMARY KEY',
    ddl: 's text, n decimal(30,10), b bigint, d date, ts datetime, tz varchar(40), bin blob, f tinyint' },
  { name: 'mariadb', driver: 'MariaDB', ...servers.mariadb, badSyntax: 1064, badPassword: 1045, serial: 'INT AUTO_INCREMENT PRIMARY KEY',
    ddl: 's text, n decimal(30,10), b bigint, d date, ts datetime, tz varchar(40), bin blob, f tinyint' },
  { name: 'sqlite', driver: 'SQLite', dsn: `dbi:SQLite:dbname=${path.join(dir, 'x.db')}`, user: '', password: '', badSyntax: 'SQLITE_ERROR', serial: 'INTEGER PRIMARY KEY',
    ddl: 's text, n text, b integer, d text, ts text, tz text, bin blob, f integer' },
]

const SUSPICIOUS = ["O'Brien", 'Robert\'); DROP TABLE students;--', '1 OR 1=1', '<b>bold</b>', '../../etc/passwd', 'a ? b', ':name', '$1', '\\', '"q"', '%_', 'Zoë 日本語 🎉', '']

for (const c of cases) {
  describe(`database via ${c.name}`, () => {
    const table = `cb_${c.name}_${tag}`
    const session = `s-${c.name}-${tag}`
    let db = ''
    const connect = async (s = session, attr: Record<string, unknown> = {}): Promise<string> => {
      const r = await call(app, 'database.connect', { dsn: c.dsn, username: c.user, password: c.password, attr }, s)
      expect(r.driver).toBe(c.driver)
      return r.connection_id
    }
    const one = async (sql: string, bind: unknown[] = [], s = session, conn = db): Promise<unknown[][]> => {
      const r = await call(app, 'database.execute_statement', { connection_id: conn, sql, bind_values: bind }, s)
      const rows = [...r.block]
      let done = r.done
      while (!done) { const b = await call(app, 'database.fetch_block', { statement_id: r.statement_id }, s); rows.push(...b.block); done = b.done }
      await call(app, 'database.close_statement', { statement_id: r.statement_id }, s)
      return rows
    }

    beforeAll(async () => {
      db = await connect()
      await call(app, 'database.do_statement', { connection_id: db, sql: `CREATE TABLE ${table} (id ${c.serial}, ${c.ddl})` }, session)
    })
    afterAll(async () => {
      const d = await connect(`cleanup-${c.name}`)
      await call(app, 'database.do_statement', { connection_id: d, sql: `DROP TABLE ${table}` }, `cleanup-${c.name}`)
      await app.sessions.endSession(`cleanup-${c.name}`)
      await app.sessions.endSession(session)
    })

    it('round-trips NULL, Unicode, bytes, big integers, decimals, dates and booleans as the DBD prints them', async () => {
      const ins = await call(app, 'database.prepare', { connection_id: db, sql: `INSERT INTO ${table} (s, n, b, d, ts, tz, bin, f) VALUES (?, ?, ?, ?, ?, ?, ?, ?)` }, session)
      expect(ins.num_params).toBe(8)
      const r = await call(app, 'database.execute_statement', {
        statement_id: ins.statement_id,
        bind_values: ['Zoë 日本語 🎉', '12345678901234567890.0123456789', '9223372036854775807', '2024-02-29', '2024-01-02 03:04:05', '2024-01-02 03:04:05+00', { $base64: BYTES.toString('base64') }, '1'],
      }, session)
      expect(r.rows).toBe(1)
      const id = (await call(app, 'database.last_insert_id', { connection_id: db, table, field: 'id' }, session)).id
      expect(id).toMatch(/^[1-9]\d*$/)
      await call(app, 'database.execute_statement', { statement_id: ins.statement_id, bind_values: [null, null, null, null, null, null, null, null] }, session)
      const rows = await one(`SELECT s, n, b, d, ts, tz, bin, f FROM ${table} WHERE id = ?`, [id])
      expect(rows.length).toBe(1)
      const [s, n, b, d, ts, tz, bin, f] = rows[0] as [string, string, string, string, string, string, { $base64: string }, string]
      expect(s).toBe('Zoë 日本語 🎉')
      expect(n).toBe('12345678901234567890.0123456789')
      expect(b).toBe('9223372036854775807')
      expect(d).toBe('2024-02-29')
      expect(ts).toBe('2024-01-02 03:04:05')
      expect(tz).toBe(c.name === 'pg' ? '2024-01-02 03:04:05+00' : '2024-01-02 03:04:05+00')
      expect(Buffer.from(bin.$base64, 'base64')).toEqual(BYTES)
      expect(f).toBe('1')
      const nulls = await one(`SELECT s, n, b, d, ts, tz, bin, f FROM ${table} WHERE s IS NULL`)
      expect(nulls).toEqual([[null, null, null, null, null, null, null, null]])
    })

    it('keeps quotes and SQL-looking strings as plain data', async () => {
      const ins = await call(app, 'database.prepare', { connection_id: db, sql: `INSERT INTO ${table} (s, n) VALUES (?, 7)` }, session)
      const ea = await call(app, 'database.execute_array', { statement_id: ins.statement_id, rows: SUSPICIOUS.map(v => [v]) }, session)
      expect(ea.rows_affected).toBe(SUSPICIOUS.length)
      const got = await one(`SELECT s FROM ${table} WHERE n = 7 ORDER BY id`)
      expect(got.map(r => r[0])).toEqual(SUSPICIOUS)
      for (const v of SUSPICIOUS) {
        const hit = await one(`SELECT count(*) FROM ${table} WHERE n = 7 AND s = ?`, [v])
        expect(hit).toEqual([['1']])
      }
    })

    it('hands the facade the connection\'s DBD facts, and per result which columns are numbers and which ChopBlanks trims', async () => {
      const r = await call(app, 'database.connect', { dsn: c.dsn, username: c.user, password: c.password }, `caps-${c.name}`)
      const caps = r.capabilities
      expect(caps.bytes_out).toBe(c.driver === 'mysql' || c.driver === 'SQLite')
      expect(caps.prepare_at_execute).toBe(c.driver !== 'SQLite')
      expect(caps.identifier_quote).toBe(c.driver === 'Pg' || c.driver === 'SQLite' ? '"' : '`')
      const sel = await call(app, 'database.execute_statement', { connection_id: r.connection_id, sql: `SELECT id, s, n, b, bin, f FROM ${table}` }, `caps-${c.name}`)
      // DBD::Pg: integers and booleans are numbers, text is characters, bytea and numeric as they come;
      // DBD::SQLite: a number where the declared type gives numeric affinity; the others: by SQL type
      // (lower case: ChopBlanks trims the column; DBD::Pg trims CHAR(n) only)
      expect(sel.value_kinds).toBe({ Pg: 'NCCNSN', mysql: 'nssnsn', MariaDB: 'nssnsn', SQLite: 'assasa' }[c.driver])
      await app.sessions.endSession(`caps-${c.name}`)
    })

    it('does not take ? or :name inside literals and comments for placeholders', async () => {
      const rows = await one(`SELECT '?' AS a, 'x:y' AS b, ? AS c -- a ? in a comment
        /* and :here ? too */`, ['v'])
      expect(rows).toEqual([['?', 'x:y', 'v']])
      const named = await one('SELECT :first AS a, :second AS b, :first AS c', ['one', 'two'])
      expect(named).toEqual([['one', 'two', 'one']])
      const dollar = await one('SELECT $2 AS a, $1 AS b', ['one', 'two'])
      expect(dollar).toEqual([['two', 'one']])
      const handles = (): number => app.sessions.sessions.get(session)?.handles.size ?? 0
      const before = handles()
      const wrong = await rpc(app, 'database.execute_statement', { connection_id: db, sql: 'SELECT ?, ?', bind_values: [1] }, session)
      expect(wrong.error?.data).toEqual({ type: 'invalid_params', field: 'params.bind_values', expected: 2, given: 1 })
      expect(wrong.error?.message).toMatch(/1 bind variables when 2 are needed/)
      // the facade's prepare-with-execute learns no statement id from a failure: none is left behind
      expect(handles()).toBe(before)
    })

    it('streams 2500 rows through fetch_block, fetch_row and fetch_all', async () => {
      const ins = await call(app, 'database.prepare', { connection_id: db, sql: `INSERT INTO ${table} (b, n) VALUES (?, 9)` }, session)
      const ea = await call(app, 'database.execute_array', { statement_id: ins.statement_id, rows: Array.from({ length: 2500 }, (_, i) => [i]) }, session)
      expect(ea.rows_affected).toBe(2500)
      const all = await one(`SELECT b FROM ${table} WHERE n = 9 ORDER BY b`)
      expect(all.length).toBe(2500)
      expect(all[2499]).toEqual(['2499'])
      const sel = await call(app, 'database.execute_statement', { connection_id: db, sql: `SELECT b, 'z' AS f FROM ${table} WHERE n = 9 ORDER BY b`, block_size: 300 }, session)
      expect(sel.block.length).toBe(300)
      expect(sel.done).toBe(false)
      const b2 = await call(app, 'database.fetch_block', { statement_id: sel.statement_id, max_rows: 7 }, session)
      expect(b2.block).toEqual(Array.from({ length: 7 }, (_, i) => [String(300 + i), 'z']))
      const row = await call(app, 'database.fetch_row', { statement_id: sel.statement_id, format: 'hash' }, session)
      expect(row.row).toEqual({ b: '307', f: 'z' })
      const rest = await call(app, 'database.fetch_all', { statement_id: sel.statement_id, format: 'hash' }, session)
      expect(rest.rows.length).toBe(2500 - 308)
      expect(rest.rows[0]).toEqual({ b: '308', f: 'z' })
      await call(app, 'database.finish_statement', { statement_id: sel.statement_id }, session)
      // finish in the middle, then the connection is immediately usable
      const again = await call(app, 'database.execute_statement', { statement_id: sel.statement_id, block_size: 300 }, session)
      expect(again.done).toBe(false)
      await call(app, 'database.finish_statement', { statement_id: sel.statement_id }, session)
      expect(await one('SELECT 1')).toEqual([['1']])
    })

    it('serves pipelined fetch_block calls in order without losing or repeating rows', async () => {
      const sel = await call(app, 'database.execute_statement', { connection_id: db, sql: `SELECT b FROM ${table} WHERE n = 9 ORDER BY b`, block_size: 200 }, session)
      const replies = await Promise.all(Array.from({ length: 12 }, async () => await call(app, 'database.fetch_block', { statement_id: sel.statement_id, max_rows: 200 }, session)))
      const got = [...sel.block, ...replies.flatMap(r => r.block)].map(r => Number(r[0]))
      expect(got).toEqual(Array.from({ length: 2500 }, (_, i) => i))
      expect(replies[replies.length - 1].done).toBe(true)
    })

    it('runs another statement on the same handle while a result is still open (nested loop)', async () => {
      const outer = await call(app, 'database.execute_statement', { connection_id: db, sql: `SELECT b FROM ${table} WHERE n = 9 ORDER BY b`, block_size: 100 }, session)
      const upd = await call(app, 'database.do_statement', { connection_id: db, sql: `UPDATE ${table} SET s = ? WHERE n = 9 AND b < 10`, bind_values: ['touched'] }, session)
      expect(upd.rows).toBe(10)
      let n = outer.block.length
      for (;;) { const b = await call(app, 'database.fetch_block', { statement_id: outer.statement_id }, session); n += b.block.length; if (b.done) break }
      expect(n).toBe(2500)
    })

    it('reports SQL errors with the driver\'s code and state', async () => {
      const bad = await rpc(app, 'database.do_statement', { connection_id: db, sql: 'SELEC 1' }, session)
      expect(bad.error?.data?.type).toBe('backend_error')
      expect(bad.error?.data?.backend_code).toBe(c.badSyntax)
      if (c.name === 'pg') {
        expect(bad.error?.message).toBe('ERROR:  syntax error at or near "SELEC"\nLINE 1: SELEC 1\n        ^')
        expect(bad.error?.data?.state).toBe('42601')
        expect(bad.error?.data?.err).toBe(7)
      } else if (c.name !== 'sqlite') {
        expect(bad.error?.message).toMatch(/^You have an error in your SQL syntax; .* near 'SELEC 1' at line 1$/)
        expect(bad.error?.data?.state).toBe('42000')
      }
      const missing = await rpc(app, 'database.execute_statement', { connection_id: db, sql: 'SELECT * FROM no_such_table_here' }, session)
      expect(missing.error?.data?.backend_code).toBe(c.name === 'pg' ? '42P01' : c.name === 'sqlite' ? 'SQLITE_ERROR' : 1146)
      // the handle still works after errors (pg: no aborted transaction left behind)
      expect(await one('SELECT 2')).toEqual([['2']])
    })

    if (c.badPassword !== undefined) {
      it('rejects a wrong password with the server\'s code, without echoing the password', async () => {
        const r = await rpc(app, 'database.connect', { dsn: c.dsn, username: c.user, password: 'not-the-password-xyz' }, session)
        expect(r.error?.data?.backend_code).toBe(c.badPassword)
        expect(JSON.stringify(r.error)).not.toContain('not-the-password-xyz')
        expect(JSON.stringify(r.error)).not.toContain(c.password)
        // and the right password still works afterwards (pools are per password)
        await connect(`${session}-again`)
        await app.sessions.endSession(`${session}-again`)
      })
    }

    if (c.name !== 'sqlite') {
      it('reports a server that is not listening as the DBD does', async () => {
        const r = await rpc(app, 'database.connect', { dsn: c.dsn.replace(/port=\d+/, 'port=1'), username: c.user, password: c.password }, session)
        expect(r.error?.data?.type).toBe('backend_error')
        if (c.name === 'pg') {
          expect(r.error?.message).toBe('connection to server at "127.0.0.1", port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?')
          expect(r.error?.data).toMatchObject({ state: '08006', err: 1 })
        } else {
          expect(r.error?.message).toBe("Can't connect to server on '127.0.0.1' (115)")
          expect(r.error?.data).toMatchObject({ backend_code: 2002, err: 2002 })
        }
      })
    }

    it('commits, rolls back, and rolls back what a finished session left open', async () => {
      await call(app, 'database.begin_transaction', { connection_id: db }, session)
      await call(app, 'database.do_statement', { connection_id: db, sql: `INSERT INTO ${table} (s, n) VALUES ('kept', 5)` }, session)
      await call(app, 'database.commit', { connection_id: db }, session)
      await call(app, 'database.begin_transaction', { connection_id: db }, session)
      await call(app, 'database.do_statement', { connection_id: db, sql: `INSERT INTO ${table} (s, n) VALUES ('undone', 5)` }, session)
      await call(app, 'database.rollback', { connection_id: db }, session)
      const s2 = `${session}-txn`
      const d2 = await connect(s2, { AutoCommit: 0 })
      await call(app, 'database.do_statement', { connection_id: d2, sql: `INSERT INTO ${table} (s, n) VALUES ('lost', 5)` }, s2)
      await app.sessions.endSession(s2)
      // a reaped (idle) handle rolls back too
      const s3 = `${session}-reaped`
      const d3 = await connect(s3, { AutoCommit: 0 })
      await call(app, 'database.do_statement', { connection_id: d3, sql: `INSERT INTO ${table} (s, n) VALUES ('reaped', 5)` }, s3)
      await app.sessions.reap(Date.now() + 10 * 24 * 3600 * 1000)
      expect((await rpc(app, 'database.ping', { connection_id: d3 }, s3)).error?.data?.type).toBe('handle_not_found')
      db = await connect()
      expect(await one(`SELECT s FROM ${table} WHERE n = 5 ORDER BY id`)).toEqual([['kept']])
      // AutoCommit off via set_autocommit, then back on commits
      await call(app, 'database.set_autocommit', { connection_id: db, autocommit: 0 }, session)
      await call(app, 'database.do_statement', { connection_id: db, sql: `INSERT INTO ${table} (s, n) VALUES ('on', 5)` }, session)
      await call(app, 'database.set_autocommit', { connection_id: db, autocommit: 1 }, session)
      const other = await connect(`${session}-other`)
      expect(await one(`SELECT count(*) FROM ${table} WHERE n = 5`, [], `${session}-other`, other)).toEqual([['2']])
      await app.sessions.endSession(`${session}-other`)
    })

    if (c.name !== 'sqlite') {
      it('hands the next session a clean pooled connection (no temp tables, no open transaction)', async () => {
        const a = `${session}-pool-a`
        const da = await connect(a, { AutoCommit: 0 })
        const pid = (await one(c.name === 'pg' ? 'SELECT pg_backend_pid()' : 'SELECT connection_id()', [], a, da))[0][0]
        await call(app, 'database.do_statement', { connection_id: da, sql: 'CREATE TEMPORARY TABLE leak_probe (x int)' }, a)
        await app.sessions.endSession(a)
        const b = `${session}-pool-b`
        // borrow until the pool hands back that same server connection (kept borrowed, so each try gets another)
        let db2 = ''
        for (let i = 0; i < 10 && db2 === ''; i++) {
          const d = await connect(b)
          if ((await one(c.name === 'pg' ? 'SELECT pg_backend_pid()' : 'SELECT connection_id()', [], b, d))[0][0] === pid) db2 = d
        }
        expect(db2).not.toBe('')
        const probe = await rpc(app, 'database.do_statement', { connection_id: db2, sql: 'SELECT * FROM leak_probe' }, b)
        expect(probe.error?.data?.backend_code).toBe(c.name === 'pg' ? '42P01' : 1146)
        await app.sessions.endSession(b)
      })
    }

    it('keeps AutoCommit off across DDL: a later rollback still undoes the DML', async () => {
      const s5 = `${session}-ddl`
      const d5 = await connect(s5, { AutoCommit: 0 })
      const t2 = `${table}_ddl`
      await call(app, 'database.do_statement', { connection_id: d5, sql: `CREATE TABLE ${t2} (k integer)` }, s5)
      await call(app, 'database.commit', { connection_id: d5 }, s5)
      await call(app, 'database.do_statement', { connection_id: d5, sql: `CREATE TABLE ${t2}_b (k integer)` }, s5)
      await call(app, 'database.do_statement', { connection_id: d5, sql: `INSERT INTO ${t2} VALUES (1)` }, s5)
      await call(app, 'database.rollback', { connection_id: d5 }, s5)
      expect(await one(`SELECT count(*) FROM ${t2}`, [], s5, d5)).toEqual([['0']])
      await call(app, 'database.set_autocommit', { connection_id: d5, autocommit: 1 }, s5)
      await call(app, 'database.do_statement', { connection_id: d5, sql: `DROP TABLE ${t2}` }, s5)
      await rpc(app, 'database.do_statement', { connection_id: d5, sql: `DROP TABLE ${t2}_b` }, s5)
      await app.sessions.endSession(s5)
    })

    if (c.name !== 'sqlite') {
      it('cancels a long statement when its session ends, instead of waiting it out', async () => {
        const s6 = `${session}-long`
        const d6 = await connect(s6)
        // the tag keeps other runs' statements out of the count
        const sleep = c.name === 'pg' ? `SELECT pg_sleep(600) AS t${tag}` : `SELECT SLEEP(600) AS t${tag}`
        const long = rpc(app, 'database.do_statement', { connection_id: d6, sql: sleep }, s6)
        const watch = c.name === 'pg'
          ? `SELECT count(*) FROM pg_stat_activity WHERE query = '${sleep}' AND state = 'active'`
          : `SELECT count(*) FROM information_schema.processlist WHERE info = '${sleep}'`
        for (let i = 0; i < 200 && (await one(watch))[0][0] === '0'; i++) await new Promise(resolve => setTimeout(resolve, 25))
        expect((await one(watch))[0][0]).toBe('1')
        await app.sessions.endSession(s6)
        const r = await long
        if (c.name === 'pg') expect(r.error?.data?.backend_code).toBe('57014')
        for (let i = 0; i < 200 && (await one(watch))[0][0] !== '0'; i++) await new Promise(resolve => setTimeout(resolve, 25))
        expect((await one(watch))[0][0]).toBe('0')
        // the same with a statement handle whose first block is still being computed
        const s7 = `${session}-long2`
        const d7 = await connect(s7)
        const long2 = rpc(app, 'database.execute_statement', { connection_id: d7, sql: sleep }, s7)
        for (let i = 0; i < 200 && (await one(watch))[0][0] === '0'; i++) await new Promise(resolve => setTimeout(resolve, 25))
        expect((await one(watch))[0][0]).toBe('1')
        await app.sessions.endSession(s7)
        await long2
        for (let i = 0; i < 200 && (await one(watch))[0][0] !== '0'; i++) await new Promise(resolve => setTimeout(resolve, 25))
        expect((await one(watch))[0][0]).toBe('0')
      })
    }

    it('never lets another session use a handle', async () => {
      const sel = await call(app, 'database.execute_statement', { connection_id: db, sql: 'SELECT 1' }, session)
      for (const [m, p] of [['database.do_statement', { connection_id: db, sql: 'SELECT 1' }], ['database.fetch_block', { statement_id: sel.statement_id }], ['database.disconnect', { connection_id: db }]] as const) {
        const r = await rpc(app, m, p, 'someone-else')
        expect(r.error?.data?.type).toBe('handle_not_owned')
      }
      expect((await call(app, 'database.ping', { connection_id: db }, session)).alive).toBe(true)
    })

    it('handles execute_array failures tuple by tuple, as DBI does', async () => {
      const uniq = `${table}_u`
      await call(app, 'database.do_statement', { connection_id: db, sql: `CREATE TABLE ${uniq} (k integer PRIMARY KEY)` }, session)
      try {
        const ins = await call(app, 'database.prepare', { connection_id: db, sql: `INSERT INTO ${uniq} (k) VALUES (?)` }, session)
        const ea = await call(app, 'database.execute_array', { statement_id: ins.statement_id, rows: [[1], [2], [1], [3]] }, session)
        expect(ea.tuple_status.slice(0, 2)).toEqual([1, 1])
        expect(ea.tuple_status[2].state).toBe(c.name === 'pg' ? '23505' : c.name === 'sqlite' ? 'S1000' : '23000')
        expect(ea.tuple_status[3]).toBe(1)
        expect(await one(`SELECT k FROM ${uniq} ORDER BY k`)).toEqual([['1'], ['2'], ['3']])
      } finally {
        await call(app, 'database.do_statement', { connection_id: db, sql: `DROP TABLE ${uniq}` }, session)
      }
    })

    if (c.name === 'pg') {
      it('fills bind_param_inout from the first row, as DBD::Pg does', async () => {
        const p = await call(app, 'database.prepare', { connection_id: db, sql: 'SELECT ?::int * 2 AS doubled, ?::text AS same' }, session)
        await call(app, 'database.bind_param_inout', { statement_id: p.statement_id, param_name: 1, initial_value: 21, size: 10 }, session)
        await call(app, 'database.bind_param_inout', { statement_id: p.statement_id, param_name: '2', initial_value: 'x', size: 10 }, session)
        await call(app, 'database.execute_statement', { statement_id: p.statement_id }, session)
        const out = await call(app, 'database.get_out_params', { statement_id: p.statement_id }, session)
        expect(out.out_params).toMatchObject({ 1: '42', 2: 'x' })
      })
    }

    it('answers table_info, column_info, ping, quote and connect_cached', async () => {
      const ti = await call(app, 'database.table_info', { connection_id: db, table }, session)
      expect(ti.names.slice(0, 4)).toEqual(['TABLE_CAT', 'TABLE_SCHEM', 'TABLE_NAME', 'TABLE_TYPE'])
      expect(ti.rows.map((r: unknown[]) => r[2])).toContain(table)
      const ci = await call(app, 'database.column_info', { connection_id: db, table, column: '%' }, session)
      expect(ci.rows.map((r: unknown[]) => r[3])).toEqual(['id', 's', 'n', 'b', 'd', 'ts', 'tz', 'bin', 'f'])
      const q = await call(app, 'database.quote', { connection_id: db, value: "O'Brien" }, session)
      expect(q.quoted).toBe(c.name.startsWith('m') ? "'O\\'Brien'" : "'O''Brien'")
      const a = await call(app, 'database.connect_cached', { dsn: c.dsn, username: c.user, password: c.password }, session)
      const b = await call(app, 'database.connect_cached', { dsn: c.dsn, username: c.user, password: c.password }, session)
      expect(b.connection_id).toBe(a.connection_id)
      expect(b.cached).toBe(true)
      await call(app, 'database.disconnect', { connection_id: a.connection_id }, session)
      const c2 = await call(app, 'database.connect_cached', { dsn: c.dsn, username: c.user, password: c.password }, session)
      expect(c2.connection_id).not.toBe(a.connection_id)
    })
  })
}
