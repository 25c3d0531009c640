// Packed and JSON replies read back as the Perl client reads them
// (CPANBridge::Frame and CPANBridge::Packed): the tests of the reply framing
// compare what a client decodes, whatever form the reply took.
import { decodePacked } from '../src/packed.js'

/** A framed packed reply: its JSON envelope, and the value with every {"$packed"} reference decoded. */
export function unframe (body: Buffer): { envelope: unknown, value: unknown } {
  const nl = body.indexOf(0x0a)
  const len = Number(body.subarray(0, nl).toString('latin1'))
  const envelope = JSON.parse(body.subarray(nl + 1, nl + 1 + len).toString('utf8')) as unknown
  const data = body.subarray(nl + 1 + len)
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v
    if (Array.isArray(v)) return v.map(walk)
    const o = v as Record<string, unknown>
    if (Array.isArray(o.$packed) && Object.keys(o).length === 1) {
      const [off, n] = o.$packed as [number, number]
      return decodePacked(data.subarray(off, off + n))
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]))
  }
  return { envelope, value: walk(envelope) }
}

/** A JSON reply with {"$base64"} turned back into bytes. */
export function unbase64 (v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(unbase64)
  const o = v as Record<string, unknown>
  if (Object.keys(o).length === 1 && typeof o.$base64 === 'string') return Buffer.from(o.$base64, 'base64')
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unbase64(x)]))
}
