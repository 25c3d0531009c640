// PostgreSQL statements are prepared server-side by SQL text from their
// second run on a connection (DBD::Pg's pg_switch_prepared does the same),
// reused after that, and the cache survives DISCARD ALL / DEALLOCATE in SQL.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, call } from '../helpers.js'
import { servers } from './env.js'

let app: FastifyInstance
beforeAll(async () => { app = await buildTestServer() })
afterAll(async () => { await app.close() })

describe('pg prepared statements', () => {
  it('prepares a statement the second time its SQL runs, once, and reuses it', async () => {
    const s = 'pg-prepared'
    const db = (await call(app, 'database.connect', { dsn: servers.pg.dsn, username: servers.pg.user, password: servers.pg.password }, s)).connection_id
    const sql = 'SELECT $1::int + 1 AS n /* cb-prepared-test */'
    // (this count is prepared too from its second run: its own text must not match the marker)
    const prepared = async (): Promise<number> => {
      const r = await call(app, 'database.execute_statement', { connection_id: db, sql: "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%cb-prepared' || '-test%'", column_info: false, once: true }, s)
      return Number(r.block[0][0])
    }
    const run = async (v: number): Promise<unknown> => (await call(app, 'database.execute_statement', { connection_id: db, sql, bind_values: [v], once: true }, s)).block[0][0]
    expect(await run(1)).toBe('2')
    expect(await prepared()).toBe(0)
    expect(await run(2)).toBe('3')
    expect(await prepared()).toBe(1)
    for (let i = 3; i < 10; i++) expect(await run(i)).toBe(String(i + 1))
    expect(await prepared()).toBe(1)
    // SQL that drops every prepared statement behind the cache's back: the next run prepares again
    await call(app, 'database.do_statement', { connection_id: db, sql: 'DEALLOCATE ALL' }, s)
    expect(await prepared()).toBe(0)
    expect(await run(41)).toBe('42')
    expect(await run(42)).toBe('43')
    await app.sessions.endSession(s)
  })
})
