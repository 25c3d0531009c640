// Reply framing (src/packed.ts): bytes reach a packed client and a JSON one
// without JSON.stringify's Buffer.toJSON detour, and a small plain result that
// carries bytes travels as one packed value. Whatever the framing, the values a
// client decodes are the same.
import { describe, expect, it } from 'vitest'
import { PrePacked, Table, bulk, encodePacked, frameReply, stringifyReply } from '../src/packed.js'
import { unbase64, unframe } from './packed-client.js'

const reply = (result: unknown): Record<string, unknown> => ({ jsonrpc: '2.0', id: 7, result })
const head = { code: 200, message: 'OK', headers: [['Content-Type', 'text/plain'], ['X-Empty', '']], more: null, n: 1.5, yes: true, no: false }

describe('reply framing', () => {
  it('a small plain result with bytes is one packed value, decoding to what the JSON reply says', () => {
    const r = reply({ ...head, content: Buffer.from('ok\n'), gone: undefined })
    const framed = frameReply(r)
    expect(framed).not.toBeNull()
    const { envelope, value } = unframe(framed!)
    expect(envelope).toEqual({ jsonrpc: '2.0', id: 7, result: { $packed: [0, expect.any(Number)] } })
    const json = unbase64(JSON.parse(stringifyReply(r)))
    expect(value).toEqual(json)
    expect((value as { result: { content: Buffer } }).result.content.toString()).toBe('ok\n')
    expect(Object.keys((value as { result: object }).result)).not.toContain('gone')
  })

  it('a pre-packed body inside a small result is sent as its bytes', () => {
    const body = new PrePacked(encodePacked(Buffer.from([0, 255, 10])))
    const { envelope, value } = unframe(frameReply(reply({ ...head, content: body }))!)
    expect(envelope).toEqual({ jsonrpc: '2.0', id: 7, result: { $packed: [0, expect.any(Number)] } })
    expect((value as { result: { content: Buffer } }).result.content).toEqual(Buffer.from([0, 255, 10]))
  })

  it.each([
    ['bytes over 64 KiB', { content: Buffer.alloc(64 * 1024 + 1, 1) }],
    ['a Date', { content: Buffer.from('x'), when: new Date(0) }],
    ['a bigint', { content: Buffer.from('x'), big: 2n ** 64n }],
    ['a Table', { content: Buffer.from('x'), rows: new Table([[1, 'a']], 2) }],
    ['a Bulk', { content: bulk(Buffer.from('x')) }],
    ['a class instance', { content: Buffer.from('x'), other: new (class { a = 1 })() }],
    ['a toJSON of its own', { content: Buffer.from('x'), other: { toJSON: () => 'said' } }],
  ])('%s keeps the reference framing, with the same values', (_name, result) => {
    const r = reply(result)
    const { envelope, value } = unframe(frameReply(r)!)
    const packedWhole = JSON.stringify((envelope as { result: unknown }).result).startsWith('{"$packed"')
    expect(packedWhole).toBe(false)
    expect(value).toEqual(unbase64(JSON.parse(stringifyReply(r))))
  })

  it('a result without bytes is not framed (JSON), and an error reply is not packed whole', () => {
    expect(frameReply(reply({ a: 1, b: [1, 'x'] }))).toBeNull()
    const err = { jsonrpc: '2.0', id: 7, error: { code: -32000, message: 'm', data: { raw: Buffer.from('x') } } }
    const framed = frameReply(err)
    if (framed !== null) expect(JSON.stringify(unframe(framed).envelope)).toContain('"error"')
  })

  it('a bare Buffer is packed and base64ed without its toJSON, which is itself again afterwards', () => {
    const big = Buffer.alloc(1024 * 1024, 7)
    const r = reply({ data: big, eof: false, pad: 'x'.repeat(600), list: Array.from({ length: 600 }, (_, i) => i) })
    const { value } = unframe(frameReply(r)!)
    expect((value as { result: { data: Buffer } }).result.data.equals(big)).toBe(true)
    const json = JSON.parse(stringifyReply(r)) as { result: { data: { $base64: string } } }
    expect(Buffer.from(json.result.data.$base64, 'base64').equals(big)).toBe(true)
    expect(JSON.stringify(Buffer.from('ab'))).toBe('{"type":"Buffer","data":[97,98]}')
  })

  it("a table cell that is an object holding a Buffer is written as JSON.stringify writes it", () => {
    const r = reply({ rows: new Table([[{ b: Buffer.from('ab') }]], 1) })
    const { value } = unframe(frameReply(r)!)
    expect((value as { result: { rows: unknown[][] } }).result.rows[0][0]).toBe('{"b":{"type":"Buffer","data":[97,98]}}')
  })

  it('bytes a PrePacked decodes to reach a JSON client as {"$base64"}', () => {
    const json = JSON.parse(stringifyReply(reply({ tree: new PrePacked(encodePacked(Buffer.from('hi'))) }))) as { result: { tree: unknown } }
    expect(json.result.tree).toEqual({ $base64: Buffer.from('hi').toString('base64') })
  })
})
