// JSON-RPC 2.0 envelope, exactly as the spec words it, through buildServer().inject().
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildTestServer } from '../helpers.js'
import { post, req } from './util.js'

let app: FastifyInstance
beforeAll(async () => { app = await buildTestServer() })
afterAll(async () => { await app.close() })

describe('single calls', () => {
  it('answers with the same id, jsonrpc 2.0 and a result', async () => {
    const r = await post(app, JSON.stringify(req('test.echo', { a: 1 }, 'abc')))
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ jsonrpc: '2.0', id: 'abc', result: { a: 1 } })
  })

  it('keeps numeric and null ids as sent', async () => {
    expect((await post(app, JSON.stringify(req('test.ping', {}, 0)))).body.id).toBe(0)
    expect((await post(app, JSON.stringify(req('test.ping', {}, 3.5)))).body.id).toBe(3.5)
    expect((await post(app, JSON.stringify(req('test.ping', {}, null)))).body.id).toBe(null)
  })

  it('accepts params [] as no params, and absent params', async () => {
    const a = await post(app, JSON.stringify(req('test.ping', [])))
    expect(a.body.result.message).toBe('pong')
    const b = await post(app, JSON.stringify(req('test.ping')))
    expect(b.body.result.message).toBe('pong')
    const c = await post(app, JSON.stringify(req('system.health', [])))
    expect(c.body.result.overall_status).toBeDefined()
  })

  it('rejects positional params other than [] with -32602 naming params', async () => {
    const r = await post(app, JSON.stringify(req('test.sleep', [5])))
    expect(r.body.error.code).toBe(-32602)
    expect(r.body.error.data.field).toBe('params')
  })

  it('a reply carries either result or error, never both', async () => {
    const ok = await post(app, JSON.stringify(req('test.ping')))
    expect(Object.keys(ok.body).sort()).toEqual(['id', 'jsonrpc', 'result'])
    const bad = await post(app, JSON.stringify(req('no.such')))
    expect(Object.keys(bad.body).sort()).toEqual(['error', 'id', 'jsonrpc'])
  })
})

describe('batches', () => {
  it('answers an array, in request order, ids matched', async () => {
    const body = [req('test.echo', { n: 1 }, 1), req('test.sleep', { ms: 20 }, 2), req('test.echo', { n: 3 }, 3)]
    const r = await post(app, JSON.stringify(body))
    expect(Array.isArray(r.body)).toBe(true)
    expect(r.body.map((x: { id: number }) => x.id)).toEqual([1, 2, 3])
    expect(r.body[0].result).toEqual({ n: 1 })
    expect(r.body[1].result).toEqual({ slept_ms: 20 })
  })

  it('a batch of one is an array of one', async () => {
    const r = await post(app, JSON.stringify([req('test.ping', {}, 9)]))
    expect(Array.isArray(r.body)).toBe(true)
    expect(r.body).toHaveLength(1)
    expect(r.body[0].id).toBe(9)
  })

  it('an empty batch is one -32600 error object (not an array)', async () => {
    const r = await post(app, '[]')
    expect(Array.isArray(r.body)).toBe(false)
    expect(r.body.error.code).toBe(-32600)
    expect(r.body.id).toBe(null)
  })

  it('mixes errors and results; invalid members answer with id null', async () => {
    const r = await post(app, JSON.stringify([req('test.ping', {}, 1), 1, req('no.such', {}, 2), { foo: 'bar' }]))
    expect(r.body).toHaveLength(4)
    expect(r.body[0].result.message).toBe('pong')
    expect(r.body[1]).toMatchObject({ id: null, error: { code: -32600 } })
    expect(r.body[2]).toMatchObject({ id: 2, error: { code: -32601 } })
    expect(r.body[3]).toMatchObject({ id: null, error: { code: -32600 } })
  })

  it('a batch larger than maxBatch is refused as a whole', async () => {
    const small = await buildTestServer({ maxBatch: 3 })
    try {
      const r = await post(small, JSON.stringify([1, 2, 3, 4].map(i => req('test.ping', {}, i))))
      expect(r.body.error).toMatchObject({ code: -32007, data: { type: 'payload_too_large', limit: 3 } })
    } finally { await small.close() }
  })

  it('later members see earlier effects (runs in order)', async () => {
    const r = await post(app, JSON.stringify([req('test.sleep', { ms: 30 }, 'a'), req('system.metrics', {}, 'b')]), { 'x-bridge-session': 'order-check' })
    const conn = r.body[1].result.connection_summary
    expect(conn.total_connections).toBeGreaterThan(0)
  })
})

describe('notifications', () => {
  it('a notification gets 204 and no body', async () => {
    const r = await post(app, JSON.stringify({ jsonrpc: '2.0', method: 'test.ping' }))
    expect(r.status).toBe(204)
    expect(r.text).toBe('')
  })

  it('a notification to an unknown method still gets no reply', async () => {
    const r = await post(app, JSON.stringify({ jsonrpc: '2.0', method: 'no.such' }))
    expect(r.status).toBe(204)
  })

  it('a notification that fails validation gets no reply', async () => {
    const r = await post(app, JSON.stringify({ jsonrpc: '2.0', method: 'test.sleep', params: { ms: 'x' } }))
    expect(r.status).toBe(204)
  })

  it('in a batch, only the non-notifications are answered', async () => {
    const r = await post(app, JSON.stringify([{ jsonrpc: '2.0', method: 'test.ping' }, req('test.echo', { x: 1 }, 5), { jsonrpc: '2.0', method: 'test.echo', params: { y: 2 } }]))
    expect(r.body).toHaveLength(1)
    expect(r.body[0]).toEqual({ jsonrpc: '2.0', id: 5, result: { x: 1 } })
  })

  it('a batch of only notifications gets 204', async () => {
    const r = await post(app, JSON.stringify([{ jsonrpc: '2.0', method: 'test.ping' }, { jsonrpc: '2.0', method: 'test.ping' }]))
    expect(r.status).toBe(204)
    expect(r.text).toBe('')
  })
})

describe('standard errors', () => {
  it.each([
    ['{', 'truncated object'],
    ['{"jsonrpc":"2.0","id":1,"method":"test.ping"', 'truncated request'],
    ['not json', 'bare text'],
    ['', 'empty body'],
    ['[{"jsonrpc":"2.0","id":1,"method":"test.ping"},', 'truncated batch'],
  ])('-32700 for bad JSON (%s: %s)', async (payload) => {
    const r = await post(app, payload)
    expect(r.body.error.code).toBe(-32700)
    expect(r.body.id).toBe(null)
    expect(r.body.error.data.type).toBe('parse_error')
  })

  it.each([
    [{ id: 1, method: 'test.ping' }, 'jsonrpc'],
    [{ jsonrpc: '1.0', id: 1, method: 'test.ping' }, 'jsonrpc'],
    [{ jsonrpc: 2, id: 1, method: 'test.ping' }, 'jsonrpc'],
    [{ jsonrpc: '2.0', id: 1, method: 5 }, 'method'],
    [{ jsonrpc: '2.0', id: 1 }, 'method'],
    [{ jsonrpc: '2.0', id: { a: 1 }, method: 'test.ping' }, 'id'],
    [{ jsonrpc: '2.0', id: [1], method: 'test.ping' }, 'id'],
    [{ jsonrpc: '2.0', id: true, method: 'test.ping' }, 'id'],
  ])('-32600 for a bad envelope %j (field %s)', async (body, field) => {
    const r = await post(app, JSON.stringify(body))
    expect(r.body.error.code).toBe(-32600)
    expect(r.body.error.data).toMatchObject({ type: 'invalid_request', field })
    expect(r.body.error.message).toContain(field)
  })

  it('-32600 keeps a valid id when only another field is wrong', async () => {
    const r = await post(app, JSON.stringify({ jsonrpc: '2.0', id: 77, method: 5 }))
    expect(r.body.id).toBe(77)
  })

  it('-32600 for non-object requests', async () => {
    for (const p of ['1', '"x"', 'null', 'true']) {
      const r = await post(app, p)
      expect(r.body.error.code).toBe(-32600)
    }
  })

  it('-32601 for an unknown method, naming it', async () => {
    const r = await post(app, JSON.stringify(req('test.nope', {}, 4)))
    expect(r.body).toMatchObject({ id: 4, error: { code: -32601, data: { type: 'method_not_found' } } })
    expect(r.body.error.message).toContain('test.nope')
  })

  it('-32601 for names that only look like object properties', async () => {
    for (const m of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'test.__proto__', 'test.constructor']) {
      const r = await post(app, JSON.stringify(req(m)))
      expect(r.body.error.code, m).toBe(-32601)
    }
  })

  it('-32602 naming the field: ms not an integer', async () => {
    const r = await post(app, JSON.stringify(req('test.sleep', { ms: 'x' })))
    expect(r.body.error.code).toBe(-32602)
    expect(r.body.error.data).toMatchObject({ type: 'invalid_params', field: 'params.ms' })
    expect(r.body.error.message).toContain('params.ms')
  })

  it('-32602 naming the field: ms too large', async () => {
    const r = await post(app, JSON.stringify(req('test.sleep', { ms: 10_000_000 })))
    expect(r.body.error.code).toBe(-32602)
    expect(r.body.error.data.field).toBe('params.ms')
    expect(r.body.error.message).toMatch(/10000/)
  })

  it('-32602 naming the field: ms missing', async () => {
    const r = await post(app, JSON.stringify(req('test.sleep', {})))
    expect(r.body.error.code).toBe(-32602)
    expect(r.body.error.message).toMatch(/ms/)
  })

  it('-32602 when params is a string or number', async () => {
    for (const p of ['"x"', '5', 'true']) {
      const r = await post(app, `{"jsonrpc":"2.0","id":1,"method":"test.echo","params":${p}}`)
      expect(r.body.error.code).toBe(-32602)
    }
  })

  it('strict validation (the default) rejects an unknown params field, naming it', async () => {
    // config.ts documents CPAN_BRIDGE_STRICT_VALIDATION=1 as "reject unknown params fields"
    const r = await post(app, JSON.stringify(req('test.sleep', { ms: 1, bogus: 1 })))
    expect(r.body.error?.code).toBe(-32602)
    expect(r.body.error?.data?.field).toBe('params.bogus')
  })

  it('with strict validation off, types are still checked (only unknown fields are ignored)', async () => {
    const lax = await buildTestServer({ strictValidation: false })
    try {
      const r = await post(lax, JSON.stringify(req('test.sleep', { ms: 'x' })))
      expect(r.body.error?.code).toBe(-32602)
      const ok = await post(lax, JSON.stringify(req('test.sleep', { ms: 1, bogus: 1 })))
      expect(ok.body.result).toEqual({ slept_ms: 1 })
    } finally { await lax.close() }
  })
})

describe('application errors', () => {
  it('carry a stable data.type in the application range', async () => {
    const r = await post(app, JSON.stringify(req('test.sleep', { ms: 'x' })))
    expect(typeof r.body.error.data.type).toBe('string')
  })

  it('POST /rpc/{method} (the docs\' Try it out) answers the same as /rpc', async () => {
    const r = await post(app, '{"a":[1,2]}', {}, '/rpc/test.echo')
    expect(r.body).toEqual({ jsonrpc: '2.0', id: 1, result: { a: [1, 2] } })
    const e = await post(app, '{"ms":"x"}', {}, '/rpc/test.sleep')
    expect(e.body.error.code).toBe(-32602)
  })

  it('POST /rpc/{method} cannot smuggle a different method through its body', async () => {
    // the body is params; a duplicate "method" key after it must not replace the URL's method
    const r = await post(app, '{"a":1},"method":"system.cleanup"', {}, '/rpc/test.echo')
    expect(r.body.result?.cleaned_connections).toBeUndefined()
    expect(r.body.error?.code).toBe(-32700)
    const ok = await post(app, '{"method":"x"}', {}, '/rpc/test.echo')
    expect(ok.body.result).toEqual({ method: 'x' })
  })
})
