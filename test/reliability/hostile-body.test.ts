// A hostile body must cost the daemon no more than its size (issue 11, item 5):
// a packed value referenced many times was decoded once per reference (a 1 MB
// body referenced 1 000 times froze the daemon for 72 s and exhausted its heap),
// and POST /rpc/<method> with 20 000-deep params overflowed the stack (500).
// Errors about the whole body answer with the request's id when it is readable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildTestServer } from '../helpers.js'
import { post } from '../core/util.js'
import { PACKED_MEDIA_TYPE, encodePacked } from '../../src/packed.js'
import { inspectBody } from '../../src/rpc.js'

const MAX_BODY = 2 * 1024 * 1024

/** A packed request as CPANBridge::Frame lays it out: `<len>\n<envelope><bytes>`, the envelope built by the caller. */
function frame (envelope: unknown, bytes: Buffer): Buffer {
  const env = Buffer.from(JSON.stringify(envelope), 'utf8')
  return Buffer.concat([Buffer.from(`${env.length}\n`, 'latin1'), env, bytes])
}

const packedPost = async (app: FastifyInstance, body: Buffer, session = 'hostile') =>
  await post(app, body, { 'content-type': PACKED_MEDIA_TYPE, 'x-bridge-session': session })

function nested (depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth)
}

let app: FastifyInstance
beforeAll(async () => { app = await buildTestServer({ maxBodyBytes: MAX_BODY }) })
afterAll(async () => { await app.close() })

describe('packed references', () => {
  it('one value referenced 1 000 times is refused as payload_too_large, without decoding it 1 000 times', async () => {
    const value = encodePacked(Buffer.alloc(100 * 1024, 0x61))
    const refs = Array.from({ length: 1000 }, () => ({ $packed: [0, value.length] }))
    const body = frame({ jsonrpc: '2.0', id: 3, method: 'test.echo', params: { items: refs } }, value)
    expect(body.length).toBeLessThan(MAX_BODY)
    const heapBefore = process.memoryUsage().heapUsed
    const r = await packedPost(app, body)
    console.log(`1 000 references to a ${value.length}-byte value: heap ${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(1)} MB more after the reply`)
    expect(r.status).toBe(200)
    expect(r.body.id).toBe(3)
    expect(r.body.error?.data).toMatchObject({ type: 'payload_too_large', limit: MAX_BODY })
    expect(r.body.error.message).toMatch(/CPAN_BRIDGE_MAX_BODY_MB/)
    expect(r.body.result).toBeUndefined()
  })

  it('two references to one value, under the limit, are refused: each packed value is referenced once', async () => {
    const value = encodePacked('shared')
    const r = await packedPost(app, frame({ jsonrpc: '2.0', id: 4, method: 'test.echo', params: { a: { $packed: [0, value.length] }, b: { $packed: [0, value.length] } } }, value))
    expect(r.body.error?.data?.type).toBe('parse_error')
    expect(r.body.error.message).toMatch(/referenced once/)
  })

  it('a reference to a value nested inside another referenced value (overlapping ranges) is refused', async () => {
    const inner = encodePacked(Buffer.alloc(1000, 0x62))
    const outer = encodePacked([Buffer.alloc(1000, 0x62)])
    const at = outer.length - inner.length
    expect(outer.subarray(at).equals(inner)).toBe(true)
    const r = await packedPost(app, frame({ jsonrpc: '2.0', id: 5, method: 'test.echo', params: { whole: { $packed: [0, outer.length] }, part: { $packed: [at, inner.length] } } }, outer))
    expect(r.body.error?.data?.type).toBe('parse_error')
  })

  it('parts laid out one after another, as the Perl client sends them, still decode', async () => {
    const a = encodePacked([1, 'two', null])
    const b = encodePacked({ k: Buffer.from('v') })
    const r = await packedPost(app, frame({ jsonrpc: '2.0', id: 6, method: 'test.echo', params: { x: 1, a: { $packed: [0, a.length] }, b: { $packed: [a.length, b.length] } } }, Buffer.concat([a, b])))
    expect(r.body).toMatchObject({ id: 6, result: { x: 1, a: [1, 'two', null], b: { k: { $base64: Buffer.from('v').toString('base64') } } } })
  })
})

describe('nesting 20 000 deep', () => {
  it('POST /rpc/<method> answers the depth error of /rpc (not a 500 stack overflow), with the id it used', async () => {
    const viaMethod = await post(app, `{"p":${nested(20000)}}`, {}, '/rpc/test.echo')
    const viaRpc = await post(app, `{"jsonrpc":"2.0","id":1,"method":"test.echo","params":{"p":${nested(20000)}}}`)
    expect(viaMethod.status).toBe(200)
    expect(viaMethod.body.error?.data).toMatchObject({ type: 'payload_too_large', limit: 64 })
    expect(viaMethod.body).toEqual(viaRpc.body)
    expect(viaMethod.body.id).toBe(1)
  })

  it('/rpc answers the depth error with the request\'s id', async () => {
    const r = await post(app, `{"jsonrpc":"2.0","id":"deep-7","method":"test.echo","params":{"p":${nested(20000)}}}`)
    expect(r.body).toMatchObject({ id: 'deep-7', error: { data: { type: 'payload_too_large' } } })
  })

  it('the depth check itself uses no stack, whatever limit is configured', () => {
    expect(inspectBody(JSON.parse(nested(200000)), 1_000_000)).toBeNull()
    expect(inspectBody(JSON.parse(nested(200000)), 100_000)).toEqual({ kind: 'too_deep' })
  })
})

describe('the session limit', () => {
  it('too_many_connections answers with the request\'s id', async () => {
    const one = await buildTestServer({ maxConnections: 1 })
    try {
      expect((await post(one, '{"jsonrpc":"2.0","id":1,"method":"test.ping"}', { 'x-bridge-session': 'first' })).body.result).toMatchObject({ message: 'pong' })
      const r = await post(one, '{"jsonrpc":"2.0","id":42,"method":"test.ping"}', { 'x-bridge-session': 'second' })
      expect(r.body).toMatchObject({ id: 42, error: { data: { type: 'too_many_connections', limit: 1 } } })
    } finally {
      await one.close()
    }
  })
})
