// Operations surface: /health, /metrics, /connections, /docs, system.*, sessions
// and handles, limits (rate, connections, body size, depth, __proto__), openapi.
import { afterEach, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../src/server.js'
import { testConfig, type Config } from '../../src/config.js'
import { method } from '../../src/registry.js'
import { buildOpenApi } from '../../src/openapi.js'
import { generatedFiles } from '../../src/generated.js'
import { rpc, call } from '../helpers.js'
import { post, req, tempDir, jsonLines, waitFor } from './util.js'

/** A tiny helper owning "widget" handles, so handle ownership and reaping can be seen from outside. */
const closed: string[] = []
async function widgetHelper (app: FastifyInstance): Promise<void> {
  app.rpc.register('coretest', {
    open: method({
      description: 'opens a widget handle', params: Type.Object({ name: Type.String() }), result: Type.Object({ id: Type.String() }),
      handler: ({ name }, ctx) => ({ id: app.sessions.create(ctx.session, 'widget', { name }, (w) => { closed.push(w.name) }) }),
    }),
    use: method({
      description: 'reads a widget by id, or the latest', params: Type.Object({ id: Type.Optional(Type.String()) }), result: Type.Object({ name: Type.String() }),
      handler: ({ id }, ctx) => ({ name: app.sessions.resolve<{ name: string }>(ctx.session, 'widget', id).resource.name }),
    }),
  })
}

const apps: FastifyInstance[] = []
async function build (overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildServer(testConfig(overrides), { extraHelpers: [widgetHelper] })
  await app.ready()
  apps.push(app)
  return app
}
afterEach(async () => { while (apps.length > 0) await apps.pop()!.close() })

describe('/health', () => {
  it('has the operations guide shape and answers 200 when healthy', async () => {
    const app = await build()
    const res = await app.inject({ method: 'GET', url: '/health' })
    const h = res.json()
    expect(['healthy', 'degraded']).toContain(h.overall_status)
    expect(res.statusCode).toBe(200)
    expect(typeof h.timestamp).toBe('string')
    expect(Array.isArray(h.warnings)).toBe(true)
    expect(Array.isArray(h.errors)).toBe(true)
    for (const name of ['memory', 'cpu', 'error_rate', 'response_time', 'connections', 'modules', 'disk', 'host_memory']) {
      expect(['pass', 'warn', 'fail']).toContain(h.checks[name].status)
      expect(typeof h.checks[name].message).toBe('string')
    }
  })

  it('answers 503 unhealthy, naming memory, when RSS is over CPAN_BRIDGE_MAX_MEMORY_MB', async () => {
    const app = await build({ maxMemoryMb: 1 })
    const res = await app.inject({ method: 'GET', url: '/health' })
    expect(res.statusCode).toBe(503)
    const h = res.json()
    expect(h.overall_status).toBe('unhealthy')
    expect(h.checks.memory.status).toBe('fail')
    expect(h.errors.join('\n')).toMatch(/memory/)
    expect((await call(app, 'system.health')).overall_status).toBe('unhealthy')
  })

  it('one failed call right after start does not make the daemon unhealthy', async () => {
    const app = await build()
    await rpc(app, 'test.sleep', { ms: 'x' })
    const res = await app.inject({ method: 'GET', url: '/health' })
    expect(res.json().checks.error_rate.status).toBe('pass')
    expect(res.statusCode).toBe(200)
  })

  it('callers\' mistakes (invalid params, unknown methods, the end of a fetch_row loop) are counted, not judged', async () => {
    const app = await build()
    for (let i = 0; i < 25; i++) await rpc(app, 'test.sleep', { ms: 'x' })
    for (let i = 0; i < 200; i++) await rpc(app, 'no.such_method', {})
    await call(app, 'test.ping')
    const h = (await app.inject({ method: 'GET', url: '/health' })).json()
    expect(h.checks.error_rate.status).toBe('pass')
    expect(h.checks.error_rate.message).toMatch(/225 callers' errors/)
    expect(h.overall_status).toBe('healthy')
  })

  it('a burst of the daemon\'s own failures turns it unhealthy, and it recovers once they are out of the window', async () => {
    const app = await build({ healthWindowSeconds: 2 })
    // a database nobody listens on: the backend cannot be reached (SQLSTATE 08006), the daemon's failure
    for (let i = 0; i < 25; i++) {
      const r = await rpc(app, 'database.connect', { dsn: 'dbi:Pg:dbname=x;host=127.0.0.1;port=1', username: 'x', password: 'y' })
      expect(r.error?.data?.state).toBe('08006')
    }
    let h = (await app.inject({ method: 'GET', url: '/health' })).json()
    expect(h.checks.error_rate.status).toBe('fail')
    expect(h.overall_status).toBe('unhealthy')
    expect(h.checks.error_rate.message).toMatch(/in the last 2 s/)
    await new Promise(resolve => setTimeout(resolve, 2100))
    for (let i = 0; i < 25; i++) await call(app, 'test.ping')
    h = (await app.inject({ method: 'GET', url: '/health' })).json()
    expect(h.checks.error_rate.status).toBe('pass')
    expect(h.overall_status).toBe('healthy')
  })
})

describe('/metrics', () => {
  it('Prometheus text: per-method counts, latency histogram, errors, sessions, handles, memory, CPU', async () => {
    const app = await build()
    await call(app, 'test.ping')
    await call(app, 'test.ping')
    await rpc(app, 'test.sleep', { ms: 'x' })
    await rpc(app, 'no.such')
    await call(app, 'coretest.open', { name: 'w' })
    const res = await app.inject({ method: 'GET', url: '/metrics' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain/)
    const t = res.body
    expect(t).toMatch(/cpan_bridge_requests_total\{method="test\.ping",status="ok"\} 2\b/)
    expect(t).toMatch(/cpan_bridge_request_duration_seconds_bucket\{le="[0-9.e+-]+",method="test\.ping"\} \d/)
    expect(t).toMatch(/cpan_bridge_request_duration_seconds_count\{method="test\.ping"\} 2\b/)
    expect(t).toMatch(/cpan_bridge_errors_total\{method="test\.sleep",type="invalid_params"\} 1\b/)
    expect(t).toMatch(/cpan_bridge_errors_total\{method="unknown",type="method_not_found"\} 1\b/)
    expect(t).toMatch(/^cpan_bridge_active_sessions 1$/m)
    expect(t).toMatch(/^cpan_bridge_active_handles 1$/m)
    expect(t).toMatch(/^cpan_bridge_process_resident_memory_bytes \d+/m)
    expect(t).toMatch(/^cpan_bridge_process_cpu_seconds_total [\d.e+-]+/m)
  })

  it('an unknown method name does not become a label (bounded cardinality)', async () => {
    const app = await build()
    await rpc(app, 'evil.method_with_a_long_name')
    const t = (await app.inject({ method: 'GET', url: '/metrics' })).body
    expect(t).not.toContain('evil.method')
  })

  it('Accept: application/json gives system.metrics\' document', async () => {
    const app = await build()
    await call(app, 'test.ping')
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: { accept: 'application/json' } })
    expect(res.headers['content-type']).toMatch(/application\/json/)
    const m = res.json()
    const viaRpc = await call(app, 'system.metrics')
    expect(Object.keys(m).sort()).toEqual(Object.keys(viaRpc).sort())
    expect(m.daemon_info.pid).toBe(process.pid)
    expect(m.performance_metrics.total_requests).toBeGreaterThanOrEqual(1)
  })
})

describe('sessions, handles and /connections', () => {
  it('GET /connections lists sessions with their handles', async () => {
    const app = await build()
    await call(app, 'test.ping', {}, 'sess-a')
    const { id } = await call(app, 'coretest.open', { name: 'x' }, 'sess-b')
    const c = (await app.inject({ method: 'GET', url: '/connections' })).json()
    expect(c.total_connections).toBe(2)
    expect(c.open_handles).toBe(1)
    expect(c.handles_by_kind).toEqual({ widget: 1 })
    // listed by public id: the session id itself grants the session
    const b = c.connections.find((s: { connection_id: string }) => s.connection_id === app.sessions.sessions.get('sess-b')!.publicId)
    expect(JSON.stringify(c)).not.toContain('sess-')
    expect(b.handles.map((h: { id: string }) => h.id)).toEqual([id])
    expect(b.requests_count).toBe(1)
  })

  it('DELETE /connections/:id ends the session and closes its handles', async () => {
    const app = await build()
    closed.length = 0
    await call(app, 'coretest.open', { name: 'd1' }, 'sess-del')
    await call(app, 'coretest.open', { name: 'd2' }, 'sess-del')
    const pub = app.sessions.sessions.get('sess-del')!.publicId
    expect((await app.inject({ method: 'DELETE', url: '/connections/sess-del' })).statusCode).toBe(404)
    const res = await app.inject({ method: 'DELETE', url: `/connections/${pub}` })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ ended: pub, closed_handles: 2 })
    expect(closed).toEqual(['d2', 'd1'])
    expect(app.sessions.sessions.has('sess-del')).toBe(false)
    expect(app.sessions.handles.size).toBe(0)
    expect((await app.inject({ method: 'DELETE', url: `/connections/${pub}` })).statusCode).toBe(404)
  })

  it('another session using a handle id gets handle_not_owned; a made-up id gets handle_not_found', async () => {
    const app = await build()
    const { id } = await call(app, 'coretest.open', { name: 'mine' }, 'owner')
    expect((await call(app, 'coretest.use', { id }, 'owner')).name).toBe('mine')
    const foreign = await rpc(app, 'coretest.use', { id }, 'intruder')
    expect(foreign.error?.data?.type).toBe('handle_not_owned')
    expect(foreign.error?.message).not.toContain('mine')
    const missing = await rpc(app, 'coretest.use', { id: 'widget_nope' }, 'owner')
    expect(missing.error?.data?.type).toBe('handle_not_found')
    const none = await rpc(app, 'coretest.use', {}, 'intruder')
    expect(none.error?.data?.type).toBe('handle_not_found')
  })

  it('seed-style calls without an id use the session\'s most recent handle of that kind', async () => {
    const app = await build()
    await call(app, 'coretest.open', { name: 'first' }, 's')
    await call(app, 'coretest.open', { name: 'second' }, 's')
    expect((await call(app, 'coretest.use', {}, 's')).name).toBe('second')
  })

  it('session.close ends the calling session only', async () => {
    const app = await build()
    closed.length = 0
    await call(app, 'coretest.open', { name: 'a' }, 's1')
    await call(app, 'coretest.open', { name: 'b' }, 's2')
    expect(await call(app, 'session.close', {}, 's1')).toEqual({ closed_handles: 1 })
    expect(closed).toEqual(['a'])
    expect(app.sessions.sessions.has('s1')).toBe(false)
    expect(app.sessions.sessions.has('s2')).toBe(true)
  })

  it('the reaper closes handles idle past the TTL and forgets stale empty sessions', async () => {
    const app = await build({ handleTtlSeconds: 60, staleSeconds: 120 })
    closed.length = 0
    await call(app, 'coretest.open', { name: 'old' }, 'r1')
    await call(app, 'test.ping', {}, 'r2')
    expect(await app.sessions.reap(Date.now() + 30_000)).toBe(0)
    expect(await app.sessions.reap(Date.now() + 61_000)).toBe(1)
    expect(closed).toEqual(['old'])
    expect(app.sessions.sessions.has('r2')).toBe(true)
    await app.sessions.reap(Date.now() + 121_000)
    expect(app.sessions.sessions.size).toBe(0)
  })

  it('daemon close closes every open handle', async () => {
    const app = await buildServer(testConfig(), { extraHelpers: [widgetHelper] })
    closed.length = 0
    await call(app, 'coretest.open', { name: 'z' }, 'zz')
    await app.close()
    expect(closed).toEqual(['z'])
  })

  it('system.cleanup ends stale sessions (closing their handles) and keeps fresh ones', async () => {
    const app = await build({ staleSeconds: 1 })
    closed.length = 0
    await call(app, 'coretest.open', { name: 'stale' }, 'old-session')
    app.sessions.sessions.get('old-session')!.lastSeen -= 5_000
    const r = await call(app, 'system.cleanup', {}, 'fresh-session')
    expect(r).toEqual({ cleaned_connections: 1, remaining_connections: 1 })
    expect(closed).toEqual(['stale'])
  })

  it('max connections: a new session past the limit is refused, known sessions keep working', async () => {
    const app = await build({ maxConnections: 2 })
    await call(app, 'test.ping', {}, 'c1')
    await call(app, 'test.ping', {}, 'c2')
    const r = await rpc(app, 'test.ping', {}, 'c3')
    expect(r.error?.data?.type).toBe('too_many_connections')
    expect(r.error?.message).toMatch(/2/)
    expect((await call(app, 'test.ping', {}, 'c1')).message).toBe('pong')
  })
})

describe('system.* documents have every field the operations guide reads', () => {
  // Paths from the Perl snippets of ../shared/reference/OPERATIONS_GUIDE.md ($m->{a}->{b}), beside the repository.
  const GUIDE: Record<string, string[]> = {
    'system.health': ['overall_status', 'timestamp', 'checks', 'warnings[]', 'errors[]'],
    'system.metrics': [
      'timestamp', 'daemon_info.version', 'daemon_info.uptime_formatted',
      'performance_metrics.total_requests', 'performance_metrics.error_rate', 'performance_metrics.avg_response_time',
      'performance_metrics.p95_response_time', 'performance_metrics.requests_per_second',
      'resource_status.memory_mb', 'resource_status.cpu_percent', 'resource_status.requests_per_minute',
      'connection_summary.active_connections', 'connection_summary.stale_connections', 'connection_summary.total_connections',
      'security_summary.total_security_events', 'security_summary.requests_rejected',
      'module_status.loaded_modules', 'module_status.available_modules[]',
    ],
    'system.performance': [
      'performance_metrics.total_requests', 'performance_metrics.successful_requests', 'performance_metrics.failed_requests',
      'performance_metrics.error_rate', 'performance_metrics.avg_response_time', 'performance_metrics.p95_response_time',
      'performance_metrics.p99_response_time', 'performance_metrics.requests_per_second', 'performance_metrics.uptime_seconds',
      'module_performance.top_modules[]', 'health_indicators.concerns[]', 'health_indicators.recommendations[]', 'recent_errors[]',
    ],
    'system.connections': ['active_connections', 'stale_connections'],
    'system.cleanup': ['cleaned_connections'],
  }
  const NUMERIC = /(requests|rate|time|_mb|percent|connections|events|rejected|modules|seconds)$/

  function at (doc: unknown, p: string): unknown {
    return p.replace(/\[\]$/, '').split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), doc)
  }

  it('every guide path exists with a usable type', async () => {
    const app = await build()
    await call(app, 'test.ping')
    await rpc(app, 'test.sleep', { ms: 'x' })
    for (const [m, paths] of Object.entries(GUIDE)) {
      const doc = await call(app, m)
      for (const p of paths) {
        const v = at(doc, p)
        expect(v, `${m} ${p}`).toBeDefined()
        if (p.endsWith('[]')) expect(Array.isArray(v), `${m} ${p} is an array`).toBe(true)
        else if (NUMERIC.test(p)) expect(typeof v, `${m} ${p} is a number`).toBe('number')
      }
    }
  })

  it('the guide\'s list items have the fields it prints', async () => {
    const app = await build()
    await call(app, 'test.ping')
    await rpc(app, 'test.sleep', { ms: 'x' })
    const p = await call(app, 'system.performance')
    const top = p.module_performance.top_modules
    expect(top.length).toBeGreaterThan(0)
    for (const mod of top) {
      expect(typeof mod.module_function).toBe('string')
      expect(typeof mod.requests).toBe('number')
      expect(typeof mod.avg_time_ms).toBe('number')
      expect(typeof mod.error_rate).toBe('number')
    }
    expect(p.recent_errors[0]).toMatchObject({ module_function: 'test.sleep' })
    expect(typeof p.recent_errors[0].error).toBe('string')
    const h = await call(app, 'system.health')
    for (const c of Object.values(h.checks) as Array<{ status: string, message: string }>) {
      expect(['pass', 'warn', 'fail']).toContain(c.status)
      expect(typeof c.message).toBe('string')
    }
  })

  it('the guide file itself only reads the documents listed here', () => {
    const guide = fs.readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'shared', 'reference', 'OPERATIONS_GUIDE.md'), 'utf8')
    const used = new Set([...guide.matchAll(/call_python\("system", "([a-z_]+)"/g)].map(m => `system.${m[1]}`))
    for (const m of used) expect(Object.keys(GUIDE), m).toContain(m)
  })

  it('system.stats summarizes the security log', async () => {
    const app = await build()
    await post(app, '{bad')
    await rpc(app, 'test.sleep', { ms: 'x' })
    const s = await call(app, 'system.stats')
    expect(s.security_metrics.events_by_type.parse_error).toBe(1)
    expect(s.security_metrics.events_by_type.validation_failure).toBe(1)
    expect(s.validation_failures).toBe(1)
    expect(s.requests_rejected).toBe(2)
    expect(s.validation_config.content_filtering).toBe(false)
  })
})

describe('limits', () => {
  it('rate limit: the 6th call in a minute is HTTP 429 with a rate_limited JSON-RPC error, logged once', async () => {
    const dir = tempDir('rate')
    const file = path.join(dir, 'security.log')
    const app = await build({ maxRequestsPerMinute: 5, securityLogFile: file })
    for (let i = 0; i < 5; i++) expect((await post(app, JSON.stringify(req('test.ping')), { 'x-bridge-session': 'rl' })).status).toBe(200)
    const r = await post(app, JSON.stringify(req('test.ping')), { 'x-bridge-session': 'rl' })
    expect(r.status).toBe(429)
    expect(r.body.error).toMatchObject({ code: -32005, data: { type: 'rate_limited' } })
    // another session has its own budget
    expect((await post(app, JSON.stringify(req('test.ping')), { 'x-bridge-session': 'other' })).status).toBe(200)
    expect(app.securityLog.byType.rate_limited).toBe(1)
    await waitFor(() => jsonLines(file).some(e => e.event_type === 'rate_limited'))
    const ev = jsonLines(file).filter(e => e.event_type === 'rate_limited')
    expect(ev).toHaveLength(1)
    expect(ev[0]).toMatchObject({ session: app.sessions.publicIdOf('rl'), severity: 'high' })
  })

  it('a body over the limit is HTTP 413 with a payload_too_large JSON-RPC error', async () => {
    const app = await build({ maxBodyBytes: 4096 })
    const r = await post(app, JSON.stringify(req('test.echo', { s: 'x'.repeat(10_000) })))
    expect(r.status).toBe(413)
    expect(r.body.error).toMatchObject({ code: -32007, data: { type: 'payload_too_large' } })
    expect(app.securityLog.byType.payload_too_large).toBe(1)
    // the message says what the limit is and which setting raises it
    expect(r.body.error.message).toContain('4096')
    expect(r.body.error.message).toContain('CPAN_BRIDGE_MAX_BODY_MB')
  })

  it('JSON nested deeper than the limit is refused', async () => {
    const app = await build({ maxJsonDepth: 16 })
    const deep = '{"a":'.repeat(40) + '1' + '}'.repeat(40)
    const r = await post(app, `{"jsonrpc":"2.0","id":1,"method":"test.echo","params":${deep}}`)
    expect(r.body.error).toMatchObject({ code: -32007, data: { type: 'payload_too_large', limit: 16 } })
    expect(r.body.error.message).toMatch(/deeper than 16/)
    const ok = '{"a":'.repeat(10) + '1' + '}'.repeat(10)
    expect((await post(app, `{"jsonrpc":"2.0","id":1,"method":"test.echo","params":${ok}}`)).body.result).toBeDefined()
  })

  it('a million-deep array is refused without a crash', async () => {
    const app = await build()
    const r = await post(app, '['.repeat(1_000_000) + ']'.repeat(1_000_000))
    expect(r.body.error.code).toBeLessThan(-32000)
    expect((await call(app, 'test.ping')).message).toBe('pong')
  })

  it('__proto__ keys anywhere are refused, naming the path', async () => {
    const app = await build()
    const r = await post(app, '{"jsonrpc":"2.0","id":1,"method":"test.echo","params":{"x":[{"__proto__":{"polluted":1}}]}}')
    expect(r.body.error.code).toBe(-32600)
    expect(r.body.error.data.field).toBe('.params.x[0].__proto__')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const top = await post(app, '{"__proto__":{"jsonrpc":"2.0"},"id":1,"method":"test.ping"}')
    expect(top.body.error.code).toBe(-32600)
  })

  it('"constructor" and "prototype" are ordinary data keys', async () => {
    const app = await build()
    const r = await post(app, JSON.stringify(req('test.echo', { constructor: { prototype: 1 }, prototype: 'x' })))
    expect(r.body.result).toEqual({ constructor: { prototype: 1 }, prototype: 'x' })
  })
})

describe('/docs and openapi', () => {
  it('GET /docs serves Swagger UI', async () => {
    const app = await build()
    let res = await app.inject({ method: 'GET', url: '/docs' })
    if (res.statusCode >= 300 && res.statusCode < 400) res = await app.inject({ method: 'GET', url: String(res.headers.location).replace(/^\.\//, '/docs/') })
    expect(res.statusCode).toBe(200)
    expect(res.body).toMatch(/swagger-ui/i)
    const spec = await app.inject({ method: 'GET', url: '/docs/json' })
    expect(spec.json().paths['/rpc/test.ping']).toBeDefined()
  })

  it('openapi.yaml and the Perl client\'s resend list are what the registry generates (npm run generate)', async () => {
    const app = await buildServer(testConfig())
    apps.push(app)
    await app.ready()
    const files = await generatedFiles(app.rpc)
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['openapi.yaml', 'perl/lib/CPANBridge/Idempotent.pm']))
    for (const [rel, text] of Object.entries(files)) {
      expect(fs.readFileSync(path.join(import.meta.dirname, '..', '..', rel), 'utf8'), rel).toBe(text)
    }
  })

  it('an old name is the method: same handler, metrics and lists under the current name only', async () => {
    const app = await build()
    expect((await call(app, 'datetime_helper.from_epoch', { epoch: 0 })).iso8601).toBe('1970-01-01T00:00:00')
    expect((await rpc(app, 'logging_helper.parse_config', { text: 'log4perl.rootLogger = INFO' })).error).toBeUndefined()
    expect((await rpc(app, 'logging_helper.no_such_fn', {})).error?.data?.type).toBe('method_not_found')
    const top = (await call(app, 'system.performance')).module_performance.top_modules.map((m: { module_function: string }) => m.module_function)
    expect(top).toEqual(expect.arrayContaining(['datetime.from_epoch', 'logging.parse_config']))
    expect(top.filter((n: string) => n.includes('_helper.'))).toEqual([])
    const modules = (await call(app, 'system.metrics')).module_status.available_modules
    expect(modules).toContain('datetime')
    expect(modules).not.toContain('datetime_helper')
    expect(() => app.rpc.alias('datetime', 'logging')).toThrow(/already a name/)
    expect(() => app.rpc.alias('old_thing', 'nowhere')).toThrow(/not registered/)
  })

  it('/docs lists each method once, with its old names in its description', async () => {
    const app = await buildServer(testConfig())
    apps.push(app)
    await app.ready()
    const doc = buildOpenApi(app.rpc) as { paths: Record<string, { post?: { description?: string } }> }
    const paths = Object.keys(doc.paths)
    expect(paths.filter(p => p.startsWith('/rpc/logging_helper.') || p.startsWith('/rpc/datetime_helper.'))).toEqual([])
    expect(doc.paths['/rpc/logging.parse_config'].post?.description).toContain('`logging_helper.parse_config`')
    expect(doc.paths['/rpc/datetime.now'].post?.description).toContain('`datetime_helper.now`')
  })
})
