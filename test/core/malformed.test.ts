// Hostile and broken input: several hundred generated bad requests each get a
// JSON-RPC error or a 4xx, each is recorded in the security log, and the daemon
// keeps answering. And the other side: values that merely look dangerous are data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import path from 'node:path'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../src/server.js'
import { testConfig } from '../../src/config.js'
import { method } from '../../src/registry.js'
import { PACKED_MEDIA_TYPE } from '../../src/packed.js'
import { call } from '../helpers.js'
import { post, tempDir, jsonLines, waitFor } from './util.js'

interface Bad { label: string, payload: string | Buffer, headers?: Record<string, string> }

const MAX_BODY = 64 * 1024
const env = (method: unknown, params?: unknown, id: unknown = 1): string => JSON.stringify(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params })

function generate (foreignId: string): Bad[] {
  const out: Bad[] = []
  const good = env('test.echo', { a: [1, 2, { b: 'c' }] })
  // truncated JSON: every prefix of a valid request
  for (let n = 1; n < good.length; n++) out.push({ label: `truncated at ${n}`, payload: good.slice(0, n) })
  // bad JSON
  for (const p of ['', ' ', 'nul', '{\'a\':1}', '{"a":1,}', '[1,]', '{"jsonrpc":"2.0" "id":1}', '\u0000', '{"a":"\\x41"}', 'NaN', '{"id":1e999999999999}', '\uFEFF{"jsonrpc":"2.0","id":1,"method":"test.ping"', '{"method":"test.ping"}garbage']) out.push({ label: `bad json ${JSON.stringify(p)}`, payload: p })
  // random junk that can never parse (a leading '}' is never valid JSON)
  for (const junk of fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { seed: 42, numRuns: 30 })) out.push({ label: `junk ${JSON.stringify(junk).slice(0, 20)}`, payload: `}${junk}` })
  // wrong envelope types
  for (const v of [null, true, 0, 1.5, 'x', [], {}, [1]]) {
    out.push({ label: `jsonrpc=${JSON.stringify(v)}`, payload: JSON.stringify({ jsonrpc: v, id: 1, method: 'test.ping' }) })
    out.push({ label: `method=${JSON.stringify(v)}`, payload: JSON.stringify({ jsonrpc: '2.0', id: 1, method: v }) })
    if (typeof v === 'object' && v !== null) out.push({ label: `id=${JSON.stringify(v)}`, payload: JSON.stringify({ jsonrpc: '2.0', id: v, method: 'test.ping' }) })
    if (!(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && v !== null && !Array.isArray(v))) out.push({ label: `params=${JSON.stringify(v)}`, payload: env('test.echo', v) })
  }
  for (const v of [1, 2, 3, 4, 5, 6, 7, 8].map(n => [null, true, 'x', -1, 1.5, 10_001, [], {}][n - 1])) out.push({ label: `sleep ms=${JSON.stringify(v)}`, payload: env('test.sleep', { ms: v }) })
  // unknown methods
  for (const m of ['nope', 'test', 'test.', '.ping', 'test.ping.x', 'TEST.PING', 'system.shutdown', 'database.__proto__', 'x'.repeat(5000), 'test.ping\u0000', ' test.ping', 'test.ping ', '../test.ping', 'constructor', 'hasOwnProperty']) out.push({ label: `unknown method ${m.slice(0, 20)}`, payload: env(m, {}) })
  // deep nesting
  for (const d of [70, 200, 5000, 100_000]) {
    out.push({ label: `deep array ${d}`, payload: `{"jsonrpc":"2.0","id":1,"method":"test.echo","params":{"a":${'['.repeat(d)}${']'.repeat(d)}}}` })
    out.push({ label: `deep object ${d}`, payload: `{"jsonrpc":"2.0","id":1,"method":"test.echo","params":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}` })
  }
  // __proto__ keys
  for (const p of ['{"__proto__":{"x":1}}', '{"a":{"__proto__":null}}', '{"a":[[{"__proto__":1}]]}', '{"__proto__":[]}']) out.push({ label: `proto ${p}`, payload: `{"jsonrpc":"2.0","id":1,"method":"test.echo","params":${p}}` })
  out.push({ label: 'proto in envelope', payload: '{"jsonrpc":"2.0","id":1,"method":"test.ping","__proto__":{"admin":true}}' })
  out.push({ label: 'proto in batch member', payload: '[{"jsonrpc":"2.0","id":1,"method":"test.ping"},{"__proto__":{}}]' })
  // oversized bodies
  for (const n of [MAX_BODY + 1, MAX_BODY * 2, MAX_BODY * 16]) out.push({ label: `body ${n} bytes`, payload: env('test.echo', { s: 'x'.repeat(n) }) })
  // foreign and missing handle ids
  for (const id of [foreignId, 'widget_doesnotexist', '', 'widget_' + 'A'.repeat(300), foreignId.replace('widget_', 'other_')]) out.push({ label: `handle ${id.slice(0, 24)}`, payload: env('badtest.use', { id }) })
  out.push({ label: 'latest handle of a session with none', payload: env('badtest.use', {}) })
  // bad packed framing
  const pk = (s: string | Buffer): Bad => ({ label: `packed ${String(s).slice(0, 24)}`, payload: Buffer.isBuffer(s) ? s : Buffer.from(s, 'latin1'), headers: { 'content-type': PACKED_MEDIA_TYPE } })
  out.push(pk(''), pk('\n'), pk('x\n{}'), pk('-1\n{}'), pk('99999999999999\n{}'), pk('5\n{"a"'), pk('2\n{}extra'), pk('1e1\n{}'))
  const refEnv = (ref: unknown): string => JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'test.echo', params: { a: { $packed: ref } } })
  for (const ref of [[0, 5], [-1, 1], [0, -1], [1.5, 1], ['0', '1'], [0, 1e12]]) { const e = refEnv(ref); out.push(pk(`${Buffer.byteLength(e)}\n${e}`)) }
  for (const tail of [[0x5a, 0], [0x41, 5, 0x39], [0x52, 3, 0, 0x8f, 0x7f], [0x53, 0x85], [0x48, 1, 0x31, 0x6e, 0]]) {
    const e = refEnv([0, tail.length]); out.push(pk(Buffer.concat([Buffer.from(`${Buffer.byteLength(e)}\n${e}`), Buffer.from(tail)])))
  }
  // wrong content types
  for (const ct of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/html', 'text/plain', 'application/octet-stream', 'image/png', 'application/json-patch+json']) {
    out.push({ label: `content-type ${ct}`, payload: env('test.ping', {}), headers: { 'content-type': ct } })
  }
  // batches: huge, empty, all-bad
  out.push({ label: 'huge batch', payload: JSON.stringify(Array.from({ length: 1001 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'test.ping' }))) })
  out.push({ label: 'empty batch', payload: '[]' })
  out.push({ label: 'batch of junk', payload: '[1,"x",null,[],{}]' })
  out.push({ label: 'batch with one bad member', payload: `[${env('test.ping')},${env('test.sleep', { ms: 'x' }, 2)}]` })
  return out
}

let app: FastifyInstance
let logFile: string
let foreignId: string

beforeAll(async () => {
  logFile = path.join(tempDir('malformed'), 'security.log')
  app = await buildServer(testConfig({ maxBodyBytes: MAX_BODY, maxBatch: 1000, securityLogFile: logFile }), {
    extraHelpers: [async (a: FastifyInstance) => {
      a.rpc.register('badtest', {
        open: method({ description: 'opens a widget', params: Type.Object({}), result: Type.Object({ id: Type.String() }), handler: (_p, ctx) => ({ id: a.sessions.create(ctx.session, 'widget', {}, () => undefined) }) }),
        use: method({ description: 'uses a widget', params: Type.Object({ id: Type.Optional(Type.String()) }), result: Type.Boolean(), handler: ({ id }, ctx) => { a.sessions.resolve(ctx.session, 'widget', id); return true } }),
      })
    }],
  })
  await app.ready()
  foreignId = (await call(app, 'badtest.open', {}, 'victim-session')).id
})
afterAll(async () => { await app.close() })

function hasRpcError (body: unknown): boolean {
  if (Array.isArray(body)) return body.some(hasRpcError)
  return body !== null && typeof body === 'object' && typeof (body as { error?: { code?: unknown } }).error?.code === 'number'
}

describe('generated bad requests', () => {
  it('at least 200 of them, each refused with a JSON-RPC error or a 4xx, each in the security log', async () => {
    const bad = generate(foreignId)
    expect(bad.length).toBeGreaterThanOrEqual(200)
    const notLogged: string[] = []
    const accepted: string[] = []
    for (const b of bad) {
      const before = app.securityLog.total
      const r = await post(app, b.payload, { 'x-bridge-session': 'attacker', ...(b.headers ?? {}) })
      if (!((r.status >= 400 && r.status < 500) || hasRpcError(r.body))) accepted.push(`${b.label}: ${r.status} ${r.text.slice(0, 80)}`)
      if (r.status >= 500) accepted.push(`${b.label}: server error ${r.status}`)
      if (app.securityLog.total === before) notLogged.push(b.label)
    }
    expect(accepted, 'requests that were not refused').toEqual([])
    expect(notLogged, 'refused requests missing from the security log').toEqual([])
    expect((await call(app, 'test.ping')).message).toBe('pong')
    await waitFor(() => jsonLines(logFile).length >= app.securityLog.total)
    const lines = jsonLines(logFile)
    expect(lines.length).toBe(app.securityLog.total)
    for (const l of lines) {
      expect(typeof l.event_type).toBe('string')
      expect(typeof l.reason).toBe('string')
      expect(String(l.reason).length).toBeLessThan(1000)
    }
    // logged under the public id: the header value grants the session and is never written down
    expect(lines.filter(l => l.session === app.sessions.publicIdOf('attacker')).length).toBeGreaterThanOrEqual(200)
    expect(lines.filter(l => l.session === 'attacker')).toEqual([])
  })

  it('fast-check: arbitrary bytes as a body never crash the daemon', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('application/json', PACKED_MEDIA_TYPE), async (bytes, ct) => {
      const r = await post(app, Buffer.from(bytes), { 'content-type': ct })
      expect(r.status).toBeLessThan(500)
    }), { numRuns: 300 })
    expect((await call(app, 'test.ping')).message).toBe('pong')
  })

  it('fast-check: arbitrary JSON values as a request never crash the daemon', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue(), async (v) => {
      const r = await post(app, JSON.stringify(v))
      expect(r.status).toBeLessThan(500)
      if (r.status === 200) expect(hasRpcError(r.body) || r.body?.result !== undefined).toBe(true)
    }), { numRuns: 300 })
  })

  it('the victim\'s handle is untouched by the attempts', async () => {
    expect(await call(app, 'badtest.use', { id: foreignId }, 'victim-session')).toBe(true)
  })
})

describe('no content-based blocking: values that look dangerous are data', () => {
  const VALUES: Record<string, string> = {
    sql: '\' OR 1=1; --',
    sql2: 'Robert\'); DROP TABLE Students;--',
    path: '../../etc/passwd',
    winpath: '..\\..\\windows\\system32',
    html: '<script>alert(1)</script>',
    html2: '<b onmouseover="x()">&amp;&lt;</b>',
    crlf: 'line1\r\nline2\rline3\n',
    dotline: 'a\n.\nb\n..\n.',
    header: 'X-Injected: 1\r\n\r\nbody',
    binaryish: Array.from({ length: 255 }, (_, i) => String.fromCharCode(i + 1)).join(''),
    astral: '😀🎉𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{1F1FA}\u{1F1F8} \u{10FFFF}',
    combining: 'e\u0301 a\u0308 n\u0303 Z\u0335\u0321\u0352',
    rtl: '\u202Eabc\u202C שלום مرحبا',
    separators: 'a\u2028b\u2029c\u0085d',
    zerowidth: 'a\u200Bb\u200Dc\uFEFFd',
    shell: '$(rm -rf /) `id` ; | & > /dev/null',
    format: '%s%n%x {0} ${x} #{x}',
    json: '{"jsonrpc":"2.0","method":"system.cleanup"}',
    nul_free_control: '\u0001\u0002\u001b[31mred\u001b[0m\u007f',
    long_name: 'O\'Brien <o.brien@example.com> & Sons',
  }

  for (const [name, v] of Object.entries(VALUES)) {
    it(`${name} round-trips exactly (as a value and as a key)`, async () => {
      const r = await post(app, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'test.echo', params: { v, nested: [v, { [v]: v }] } }))
      expect(r.status).toBe(200)
      expect(r.body.result).toEqual({ v, nested: [v, { [v]: v }] })
    })
  }

  it('none of them were logged as security events', async () => {
    const before = app.securityLog.total
    for (const v of Object.values(VALUES)) await call(app, 'test.echo', { v })
    expect(app.securityLog.total).toBe(before)
  })
})
