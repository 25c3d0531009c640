// Issue 11, item 1 (the pool part): with every connection of a pool held by
// open handles, a connect that waits out CPAN_BRIDGE_DB_POOL_WAIT_MS says the
// pool is exhausted, naming the pool (driver, user@host:port/db, never the
// password), its limit and the settings to raise, not a server failure. A
// connection freed after such a timeout serves the next connect (the timed
// out waiter must not keep it).
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, rpc, call } from '../helpers.js'
import { servers } from '../database/env.js'

let app: FastifyInstance
const WAIT_MS = 300

beforeAll(async () => { app = await buildTestServer({ dbPoolMax: 2, dbPoolWaitMs: WAIT_MS }) })
afterAll(async () => { await app.close() })

const cases = [
  { name: 'Pg', s: servers.pg, pool: /Pg cbtest@127\.0\.0\.1:\d+\/cbtest/, state: '08006', err: 1 },
  { name: 'mysql', s: servers.mysql, pool: /mysql cbtest@127\.0\.0\.1:\d+\/cbtest/, state: '08004', err: 1040 },
  { name: 'MariaDB', s: servers.mariadb, pool: /MariaDB cbtest@127\.0\.0\.1:\d+\/cbtest/, state: '08004', err: 1040 },
]

describe('an exhausted pool says so', () => {
  for (const k of cases) {
    it(`${k.name}: the third connect with CPAN_BRIDGE_DB_POOL_MAX=2 names the pool and its limit`, async () => {
      const session = `pool-${k.name}`
      const params = { dsn: k.s.dsn, username: k.s.user, password: k.s.password }
      const a = (await call(app, 'database.connect', params, session)).connection_id
      await call(app, 'database.connect', params, session)
      const r = await rpc(app, 'database.connect', params, session)
      expect(r.error, 'the third connect fails').toBeDefined()
      const msg = r.error?.message ?? ''
      console.log(`${k.name}: ${msg}`)
      expect(msg).toMatch(/pool exhausted/)
      expect(msg).toMatch(k.pool)
      expect(msg).toContain('all 2 connections')
      expect(msg).toContain(`${WAIT_MS} ms`)
      expect(msg).toContain('CPAN_BRIDGE_DB_POOL_MAX')
      expect(msg).toContain('CPAN_BRIDGE_DB_POOL_WAIT_MS')
      expect(msg).not.toMatch(/connection to server|Can't connect|timeout exceeded/)
      expect(JSON.stringify(r)).not.toContain(k.s.password)
      expect(r.error?.data).toMatchObject({ type: 'backend_error', state: k.state, err: k.err, pool: { max: 2, wait_ms: WAIT_MS, user: 'cbtest' } })
      // a connection given back after the timeout serves the next connect
      await call(app, 'database.disconnect', { connection_id: a }, session)
      const again = await call(app, 'database.connect', params, session)
      expect(again.connection_id).toMatch(/^dbh_/)
      await call(app, 'session.close', {}, session)
    })
  }
})
