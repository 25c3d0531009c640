// The packed bulk form (src/packed.ts): the packed and JSON replies of the same
// call carry the same data; malformed input is a RangeError, never a hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../src/server.js'
import { testConfig } from '../../src/config.js'
import { method } from '../../src/registry.js'
import { PACKED_MEDIA_TYPE, Table, bulk, decodePacked, encodePacked, frameReply, unframeRequest } from '../../src/packed.js'
import { post } from './util.js'
import { unbase64, unframe } from '../packed-client.js'

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
const UNICODE = 'é ñ ü ß — “quotes” 中文 日本語 😀 𝔘𝔫𝔦 \u{10FFFF} e\u0301 \u202Eevil\u202C \u2028 \u2029 \t\r\n'
const LONG = 'ab€😀'.repeat(300_000) // > 1 MB of UTF-8

/** An XMLin-like tree: hashes of arrays of hashes, 60 levels deep, with text, attributes and NULLs. */
function xmlTree (depth: number): unknown {
  let node: unknown = { content: 'leaf <&> text', id: '0', empty: '', none: null }
  for (let i = 1; i <= depth; i++) node = { name: `n${i}`, attr: { k: String(i), 'x-y': null }, child: [node, { content: `sib ${i} ${UNICODE.slice(0, 10)}` }], count: i }
  return { root: node }
}

const ROWS: unknown[][] = [
  [1, 'text', Buffer.from([0, 255, 10]), null],
  [null, '', Buffer.alloc(0), 2.5],
  [-3, UNICODE, ALL_BYTES, null],
  [1e21, 'O\'Brien; DROP TABLE x', null, -0.125],
]

const FIXTURES: Record<string, () => unknown> = {
  null: () => bulk(null),
  empty: () => bulk(''),
  unicode: () => bulk({ s: UNICODE, k: { [UNICODE]: UNICODE } }),
  bytes: () => bulk({ all: ALL_BYTES, empty: Buffer.alloc(0) }),
  long: () => bulk({ long: LONG, longBytes: Buffer.alloc(1_200_000, 0xab) }),
  deep: () => bulk(xmlTree(60)),
  table: () => new Table(ROWS, 4),
  tableEmpty: () => new Table([], 3),
  nested: () => ({ meta: { n: 2 }, rows: new Table([[1, null], [null, 'b']], 2), doc: bulk([1, 'two', null, true, false, { x: [] }]) }),
  numbers: () => bulk([0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e-7, NaN, Infinity]),
  undefinedKey: () => bulk({ kept: 1, gone: undefined }),
  // bytes need no mark: the codec packs them for a packed client, {"$base64"} otherwise
  bareBytes: () => ({ key: Buffer.from([0, 1, 254, 255]), list: [Buffer.from('x'), 'y', Buffer.alloc(0)] }),
  bulkOfBytes: () => bulk(Buffer.from('hello')),
}
const EXTRA: Record<string, () => unknown> = { tableKinds: () => new Table([['1', null], [null, 'x']], 2, 'nS') }

let app: FastifyInstance
beforeAll(async () => {
  app = await buildServer(testConfig(), {
    extraHelpers: [async (a: FastifyInstance) => {
      a.rpc.register('packtest', {
        get: method({
          description: 'returns a packed-codec fixture',
          params: Type.Object({ name: Type.String() }),
          result: Type.Unknown(),
          handler: ({ name }) => ({ value: (FIXTURES[name] ?? EXTRA[name])() }),
        }),
      })
    }],
  })
  await app.ready()
})
afterAll(async () => { await app.close() })

async function both (name: string): Promise<{ json: any, packed: any, packedType: string }> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'packtest.get', params: { name } })
  const j = await app.inject({ method: 'POST', url: '/rpc', headers: { 'content-type': 'application/json' }, payload: body })
  const p = await app.inject({ method: 'POST', url: '/rpc', headers: { 'content-type': 'application/json', accept: `${PACKED_MEDIA_TYPE}, application/json` }, payload: body })
  const packedType = String(p.headers['content-type'])
  const packed = packedType.startsWith(PACKED_MEDIA_TYPE) ? unframe(p.rawPayload).value : JSON.parse(p.body)
  return { json: unbase64(JSON.parse(j.body)), packed, packedType }
}

describe('packed and JSON replies carry the same data', () => {
  for (const name of Object.keys(FIXTURES)) {
    it(name, async () => {
      const { json, packed, packedType } = await both(name)
      expect(packedType.startsWith(PACKED_MEDIA_TYPE)).toBe(true)
      expect(packed.result.value).toEqual(json.result.value)
    })
  }

  it('declared column kinds: a number column sends decimal text as numbers (the same Perl scalar)', async () => {
    const r = await app.inject({ method: 'POST', url: '/rpc', headers: { 'content-type': 'application/json', accept: PACKED_MEDIA_TYPE }, payload: '{"jsonrpc":"2.0","id":1,"method":"packtest.get","params":{"name":"tableKinds"}}' })
    expect((unframe(r.rawPayload).value as any).result.value).toEqual([[1, null], [null, 'x']])
  })

  it('the long value really is over 1 MB and survives byte for byte', async () => {
    const { packed } = await both('long')
    expect(Buffer.byteLength(packed.result.value.long)).toBeGreaterThan(1_000_000)
    expect(packed.result.value.long).toBe(LONG)
  })

  it('all 256 byte values survive in a table cell and in a value', async () => {
    const { packed } = await both('table')
    expect(Buffer.compare(packed.result.value[2][2], ALL_BYTES)).toBe(0)
    const b = await both('bytes')
    expect(Buffer.compare(b.packed.result.value.all, ALL_BYTES)).toBe(0)
  })

  it('a reply with nothing bulk stays plain JSON even when packed is accepted', async () => {
    const r = await post(app, '{"jsonrpc":"2.0","id":1,"method":"test.ping"}', { accept: PACKED_MEDIA_TYPE })
    expect(r.type).toMatch(/^application\/json/)
  })

  it('batches: each member\'s bulk is packed into one body', async () => {
    const body = JSON.stringify([1, 2].map(id => ({ jsonrpc: '2.0', id, method: 'packtest.get', params: { name: id === 1 ? 'table' : 'unicode' } })))
    const p = await app.inject({ method: 'POST', url: '/rpc', headers: { 'content-type': 'application/json', accept: PACKED_MEDIA_TYPE }, payload: body })
    const r = unframe(p.rawPayload).value as Array<{ id: number, result: { value: unknown } }>
    expect(r.map(x => x.id)).toEqual([1, 2])
    expect((r[1].result.value as { s: string }).s).toBe(UNICODE)
  })
})

describe('packed requests', () => {
  it('a framed request body resolves its $packed refs', async () => {
    const rows = encodePacked(new Table([['a', null], ['€😀', 'x']], 2))
    const env = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'test.echo', params: { rows: { $packed: [0, rows.length] }, n: 1 } }))
    const body = Buffer.concat([Buffer.from(`${env.length}\n`), env, rows])
    const r = await post(app, body, { 'content-type': PACKED_MEDIA_TYPE })
    expect(r.body.result).toEqual({ rows: [['a', null], ['€😀', 'x']], n: 1 })
  })

  it.each([
    ['no length line', Buffer.from('{"jsonrpc":"2.0"}')],
    ['length past the end', Buffer.from('999\n{}')],
    ['ref outside the body', Buffer.from('60\n{"jsonrpc":"2.0","id":1,"method":"test.echo","params":{"a":{"$packed":[0,9]}}}')],
    ['bad token', Buffer.concat([Buffer.from('61\n{"jsonrpc":"2.0","id":1,"method":"test.echo","params":{"a":{"$packed":[0,2]}}}'), Buffer.from([0x5a, 0])])],
    ['negative ref', Buffer.from('61\n{"jsonrpc":"2.0","id":1,"method":"test.echo","params":{"a":{"$packed":[-1,1]}}}')],
  ])('bad framing (%s) is a -32700', async (_label, body) => {
    const r = await post(app, body, { 'content-type': PACKED_MEDIA_TYPE })
    expect(r.body.error.code).toBe(-32700)
  })
})

describe('malformed packed input is a RangeError', () => {
  const sample = encodePacked({ a: [1, 'x', null, Buffer.from([1, 2])], t: new Table([[1, null], ['y', 2]], 2), d: xmlTree(5) })

  it('every truncation of a valid value', () => {
    for (let n = 0; n < sample.length; n++) expect(() => decodePacked(sample.subarray(0, n)), `prefix ${n}`).toThrow(RangeError)
  })

  it('trailing bytes', () => {
    expect(() => decodePacked(Buffer.concat([sample, Buffer.from([0x4e, 0])]))).toThrow(RangeError)
  })

  it.each([
    ['unknown tag', [0x5a, 0]],
    ['over-long BER length', [0x53, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ['array count larger than the input', [0x41, 3, 0x39, 0x39, 0x39]],
    ['array count not decimal', [0x41, 2, 0x2d, 0x31]],
    ['hash key not text', [0x48, 1, 0x31, 0x6e, 1, 0x31, 0x4e, 0]],
    ['huge BER length', [0x53, 0x8f, 0xff, 0xff, 0xff, 0x7f]],
    ['table kinds shorter than ncols', [0x52, 5, 2, 1, 1, 0x53, 0]],
    ['table more cells than input', [0x52, 6, 2, 0x7f, 2, 0x53, 0x53, 0]],
    ['table wrong bitmap size', [0x52, 9, 1, 2, 1, 0x53, 3, 0, 0, 0, 0, 0]],
  ])('%s', (_label, bytes) => {
    expect(() => decodePacked(Buffer.from(bytes))).toThrow(RangeError)
  })

  it('a zero-column table claiming millions of rows is refused (it would allocate them all)', () => {
    // ncols 0, nrows 5 000 000 in 9 bytes; with nrows 2^32-1 the decoder loops for minutes
    const body = Buffer.from([0, 0x82, 0xb1, 0x96, 0x40, 0, 0])
    expect(() => decodePacked(Buffer.concat([Buffer.from([0x52, body.length]), body]))).toThrow(RangeError)
  })

  it('nesting deeper than 512 is refused, not a stack overflow', () => {
    const deep = Buffer.concat([...Array.from({ length: 600 }, () => Buffer.from([0x41, 1, 0x31])), Buffer.from([0x4e, 0])])
    expect(() => decodePacked(deep)).toThrow(RangeError)
  })

  it('random bytes never throw anything but RangeError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (a) => {
      try { decodePacked(Buffer.from(a)) } catch (err) { if (!(err instanceof RangeError)) throw err }
    }), { numRuns: 3000 })
  })

  it('random corruptions of a valid value never throw anything but RangeError', () => {
    fc.assert(fc.property(fc.nat(sample.length - 1), fc.integer({ min: 0, max: 255 }), (pos, b) => {
      const copy = Buffer.from(sample)
      copy[pos] = b
      try { decodePacked(copy) } catch (err) { if (!(err instanceof RangeError)) throw err }
    }), { numRuns: 3000 })
  })

  it('a bad framed request never throws anything but RangeError or SyntaxError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (a) => {
      try { unframeRequest(Buffer.concat([Buffer.from('2\n{}'), Buffer.from(a)])) } catch (err) { if (!(err instanceof RangeError) && !(err instanceof SyntaxError)) throw err }
    }), { numRuns: 1000 })
  })
})

describe('round trip property', () => {
  // JSON.stringify turns -0 into 0 as well; compare the way a consumer sees it.
  const norm = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (Buffer.isBuffer(x) || x instanceof Uint8Array ? { b: Buffer.from(x).toString('hex') } : x)))
  const value = fc.letrec(tie => ({
    v: fc.oneof({ depthSize: 'small' },
      fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(),
      fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 40 }).map(a => Buffer.from(a)),
      fc.array(tie('v'), { maxLength: 5 }), fc.dictionary(fc.string({ unit: 'binary' }), tie('v'), { maxKeys: 5 })),
  })).v

  it('decode(encode(v)) equals v', () => {
    fc.assert(fc.property(value, (v) => {
      expect(norm(decodePacked(encodePacked(v)))).toEqual(norm(v))
    }), { numRuns: 2000 })
  })

  it('tables: decode(encode(rows)) equals rows, NULLs included', () => {
    const cell = fc.oneof(fc.constant(null), fc.string({ unit: 'binary' }))
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }).chain(n => fc.tuple(fc.constant(n), fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 30 }))), ([n, rows]) => {
      expect(decodePacked(encodePacked(new Table(rows, n)))).toEqual(rows)
    }), { numRuns: 1000 })
  })

  it('a framed reply without bulk parts is null (the route sends plain JSON)', () => {
    expect(frameReply({ jsonrpc: '2.0', id: 1, result: { a: 1 } })).toBeNull()
  })
})
