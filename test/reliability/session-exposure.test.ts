// Sessions are not a shared secret on display (issue 11, items 7 and 8).
// The X-Bridge-Session value grants its session (its handles, its
// transactions): listings showed it, so anyone on the 0660 group socket could
// read a script's id from GET /connections and act as that script. Header-less
// callers (curl health checks) shared a rate-limit bucket with whoever sent
// the session "anonymous", and /health could be rate limited into 429.
// system.performance's recent_errors showed every session's error messages,
// with their bound values.
import { afterEach, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../src/server.js'
import { testConfig, type Config } from '../../src/config.js'
import { rpc, call } from '../helpers.js'
import { servers } from '../database/env.js'

const apps: FastifyInstance[] = []
afterEach(async () => { while (apps.length > 0) await apps.pop()!.close() })
async function build (overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildServer(testConfig(overrides))
  await app.ready()
  apps.push(app)
  return app
}

// what a Perl client sends: perl-<pid>-<32 hex digits from /dev/urandom>
const SECRET = 'perl-4242-0123456789abcdef0123456789abcdef'

describe('session ids are not listed', () => {
  it('GET /connections, system.connections and system.stats show a public id, never the session id', async () => {
    const app = await build()
    await call(app, 'test.ping', {}, SECRET)
    await rpc(app, 'no.such_method', {}, SECRET) // a security-log event of this session
    const http = (await app.inject({ method: 'GET', url: '/connections' })).body
    const viaRpc = JSON.stringify(await call(app, 'system.connections', {}, 'observer'))
    const stats = JSON.stringify(await call(app, 'system.stats', {}, 'observer'))
    const pub = app.sessions.sessions.get(SECRET)!.publicId
    expect(pub).toMatch(/^perl-4242-[A-Za-z0-9_-]{16}$/)
    for (const doc of [http, viaRpc]) {
      expect(doc).not.toContain('0123456789abcdef')
      expect(doc).toContain(pub)
    }
    expect(stats).not.toContain('0123456789abcdef')
    expect(stats).toContain(pub)
  })

  it('DELETE /connections/:id takes the public id; the session id itself is 404', async () => {
    const app = await build()
    await call(app, 'test.ping', {}, SECRET)
    expect((await app.inject({ method: 'DELETE', url: `/connections/${SECRET}` })).statusCode).toBe(404)
    expect(app.sessions.sessions.has(SECRET)).toBe(true)
    const pub = app.sessions.sessions.get(SECRET)!.publicId
    const res = await app.inject({ method: 'DELETE', url: `/connections/${pub}` })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ ended: pub, closed_handles: 0 })
    expect(app.sessions.sessions.has(SECRET)).toBe(false)
  })

  it('the public id cannot be sent back as a session: it opens a new, empty one', async () => {
    const app = await build()
    await call(app, 'test.ping', {}, SECRET)
    const pub = app.sessions.sessions.get(SECRET)!.publicId
    await call(app, 'test.ping', {}, pub)
    expect(app.sessions.sessions.get(SECRET)!.requests).toBe(1)
    expect(app.sessions.sessions.get(pub)!.requests).toBe(1)
  })
})

describe('rate limit', () => {
  const headerless = async (app: FastifyInstance, url = '/rpc'): Promise<number> => (await app.inject(url === '/rpc'
    ? { method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"jsonrpc":"2.0","id":1,"method":"test.ping"}' }
    : { method: 'GET', url })).statusCode

  it('a script that runs into the limit does not take header-less callers with it, nor the other way round', async () => {
    const app = await build({ maxRequestsPerMinute: 3 })
    for (let i = 0; i < 3; i++) await call(app, 'test.ping', {}, 'anonymous')
    expect((await app.inject({ method: 'POST', url: '/rpc', headers: { 'content-type': 'application/json', 'x-bridge-session': 'anonymous' }, payload: '{"jsonrpc":"2.0","id":1,"method":"test.ping"}' })).statusCode).toBe(429)
    // a session named "anonymous" is still a session: header-less callers have their own bucket
    expect(await headerless(app)).toBe(200)
    for (let i = 0; i < 2; i++) await headerless(app)
    expect(await headerless(app)).toBe(429)
    expect((await rpc(app, 'test.ping', {}, 'a-script')).result?.message).toBe('pong')
  })

  it('/health and /metrics are never rate limited', async () => {
    const app = await build({ maxRequestsPerMinute: 3 })
    for (let i = 0; i < 5; i++) await headerless(app)
    for (let i = 0; i < 10; i++) {
      expect([200, 503]).toContain(await headerless(app, '/health'))
      expect(await headerless(app, '/metrics')).toBe(200)
    }
  })
})

describe('system.performance recent_errors', () => {
  it('shows a caller its own session\'s errors only; other sessions\' only as counts by type', async () => {
    const app = await build()
    const { connection_id: db } = await call(app, 'database.connect', { dsn: servers.pg.dsn, username: servers.pg.user, password: servers.pg.password }, 'session-a')
    // the error message quotes the bound value
    const failed = await rpc(app, 'database.execute_immediate', { connection_id: db, sql: 'SELECT $1::int', bind_values: ['card-4111111111111111'] }, 'session-a')
    expect(failed.error?.message).toContain('card-4111111111111111')
    await rpc(app, 'test.sleep', { ms: 'x' }, 'session-b')

    const b = await call(app, 'system.performance', {}, 'session-b')
    expect(JSON.stringify(b)).not.toContain('4111111111111111')
    expect(b.recent_errors.map((e: { module_function: string }) => e.module_function)).toEqual(['test.sleep'])
    expect(b.recent_error_types.invalid_params).toBeGreaterThanOrEqual(1)
    expect(Object.values(b.recent_error_types as Record<string, number>).reduce((x, y) => x + y, 0)).toBe(2)

    const a = await call(app, 'system.performance', {}, 'session-a')
    expect(a.recent_errors).toHaveLength(1)
    expect(a.recent_errors[0].error).toContain('card-4111111111111111')
    expect(a.recent_errors[0].module_function).toBe('database.execute_immediate')
    await call(app, 'database.disconnect', { connection_id: db }, 'session-a')
  })
})
