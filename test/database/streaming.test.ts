// Big results stream: execute answers with the first block before the server
// has produced the whole result, and the daemon's memory stays bounded.
// Also the Oracle Thick-mode switch, run in a child process (it is per process).
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, rpc, call } from '../helpers.js'
import { retained } from '../memory.js'
import { servers } from './env.js'

let app: FastifyInstance
beforeAll(async () => { app = await buildTestServer() })
afterAll(async () => { await app.close() })

describe('streaming', () => {
  it('pg: a result within CPAN_BRIDGE_DB_BUFFER_MB is read whole at execute, as DBD::Pg does: its count, or its error', async () => {
    const s = 'whole-pg'
    const db = (await call(app, 'database.connect', { dsn: servers.pg.dsn, username: servers.pg.user, password: servers.pg.password }, s)).connection_id
    const r = await call(app, 'database.execute_statement', { connection_id: db, sql: 'SELECT g, repeat(\'x\', 20) FROM generate_series(1, 200000) g', column_info: false }, s)
    expect(r.rows).toBe(200000)
    expect(r.done).toBe(false)
    let n = r.block.length
    for (;;) { const b = await call(app, 'database.fetch_block', { statement_id: r.statement_id }, s); n += b.block.length; if (b.done) break }
    expect(n).toBe(200000)
    // an error at the last row fails execute, not a fetch halfway through the loop
    const late = await rpc(app, 'database.execute_statement', { connection_id: db, sql: 'SELECT 1 / (200000 - g) FROM generate_series(1, 200000) g' }, s)
    expect(late.error?.data?.backend_code).toBe('22012')
    await app.sessions.endSession(s)
  })

  it('pg: past CPAN_BRIDGE_DB_BUFFER_MB the first block of generate_series(1, 2000000) comes back while the server has not reached the end, and that is logged', async () => {
    const s = 'stream-pg'
    const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'cb-stream-')), 'daemon.log')
    const small = await buildTestServer({ dbBufferBytes: 1024 * 1024, logLevel: 'warn', logFile })
    const app = small
    const db = (await call(app, 'database.connect', { dsn: servers.pg.dsn, username: servers.pg.user, password: servers.pg.password }, s)).connection_id
    // row 2,000,000 raises: reading the whole result before answering would fail execute
    const sql = 'SELECT g, CASE WHEN g = 2000000 THEN 1 / (g - g) ELSE g END AS v FROM generate_series(1, 2000000) g'
    const r = await call(app, 'database.execute_statement', { connection_id: db, sql, block_size: 1000 }, s)
    expect(r.block.length).toBe(1000)
    expect(r.done).toBe(false)
    expect(r.block[999]).toEqual(['1000', '1000'])
    const before = await retained()
    let midway = 0
    let n = r.block.length
    let err: unknown
    for (let i = 0; i < 10_000; i++) {
      const b = await rpc(app, 'database.fetch_block', { statement_id: r.statement_id, max_rows: 50_000 }, s)
      if (b.error) { err = b.error; break }
      n += b.result.block.length
      if (i === 10) midway = await retained()
      if (b.result.done) break
    }
    // rows streamed until the batch holding the failing row, whose error then surfaced (never a silent end)
    expect(n).toBeGreaterThan(1_900_000)
    expect(n).toBeLessThan(2_000_000)
    expect((err as { data: { backend_code: string } }).data.backend_code).toBe('22012')
    // bounded: halfway, the 1.4M rows still to come are not held (they alone would be well over 100 MB)
    expect(midway - before).toBeLessThan(64 * 1024 * 1024)
    // the connection is clean and usable after a mid-stream error
    const ok = await call(app, 'database.execute_statement', { connection_id: db, sql: 'SELECT 1' }, s)
    expect(ok.block).toEqual([['1']])
    await app.sessions.endSession(s)
    await small.close()
    const log = readFileSync(logFile, 'utf8')
    expect(log).toMatch(/CPAN_BRIDGE_DB_BUFFER_MB/)
    expect(r.rows).toBe(-1)
  })

  it('mysql: a 3,000,000-row result answers its first block with the socket paused, memory bounded', async () => {
    const s = 'stream-my'
    // a 1 MB read-ahead, as the pg case: with the default 64 MB the store alone holds that much by design
    const app = await buildTestServer({ dbBufferBytes: 1024 * 1024 })
    const db = (await call(app, 'database.connect', { dsn: servers.mariadb.dsn, username: servers.mariadb.user, password: servers.mariadb.password }, s)).connection_id
    const before = await retained()
    const r = await call(app, 'database.execute_statement', { connection_id: db, sql: 'SELECT seq, repeat(\'x\', 50) FROM seq_1_to_3000000', block_size: 500 }, s)
    expect(r.block.length).toBe(500)
    expect(r.done).toBe(false)
    const b = await call(app, 'database.fetch_block', { statement_id: r.statement_id }, s)
    expect(b.block[0][0]).toBe('501')
    // 3M rows of ~60 bytes would be far beyond this if they had been buffered
    expect(await retained() - before).toBeLessThan(64 * 1024 * 1024)
    // finishing early drops the rest and frees the connection
    await call(app, 'database.finish_statement', { statement_id: r.statement_id }, s)
    const ok = await call(app, 'database.execute_statement', { connection_id: db, sql: 'SELECT 2' }, s)
    expect(ok.block).toEqual([['2']])
    await app.sessions.endSession(s)
    await app.close()
  })
})

describe('Oracle Thick-mode switch', () => {
  it('CPAN_BRIDGE_ORACLE_THICK=1 calls initOracleClient and reports a missing Instant Client as DPI-1047', () => {
    const mod = path.resolve(__dirname, '../../dist/helpers/database/adapters/oracle.js')
    const script = `import(${JSON.stringify(mod)}).then(m => m.loadOracle()).then(() => console.log('loaded'), e => console.log(JSON.stringify(e.data)))`
    const out = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, CPAN_BRIDGE_ORACLE_THICK: '1', ORACLE_LIB_DIR: '/nonexistent/instantclient' }, encoding: 'utf8' })
    const data = JSON.parse(out.trim()) as { backend_code: string }
    expect(data.backend_code).toBe('DPI-1047')
    const thin = execFileSync(process.execPath, ['-e', script.replace('e.data', 'e.message')], { env: { ...process.env, CPAN_BRIDGE_ORACLE_THICK: '' }, encoding: 'utf8' })
    expect(thin.trim()).toBe('loaded')
  })
})
