// Binary-safe params: JSON text, {"$base64"} or the packed form's bytes. One
// schema for every helper that takes bytes (ciphertext, documents, files).
import { Kind, Type, TypeRegistry } from '@sinclair/typebox'
import { BRIDGE_ERR_INVALID_PARAMS } from './errors.js'

// Packed requests decode 'B' tokens to Buffers. A registered kind rather than
// Type.Uint8Array(), whose JSON schema ({type: 'Uint8Array'}) is not OpenAPI.
if (!TypeRegistry.Has('PackedBytes')) TypeRegistry.Set('PackedBytes', (_schema, value) => value instanceof Uint8Array)
const PackedBytes = Type.Unsafe<Uint8Array>({ [Kind]: 'PackedBytes', type: 'string', format: 'binary', description: 'bytes (packed requests)' })

/** Binary-safe input: text is taken as UTF-8; {"$base64"} and packed bytes as they are. */
export const Bytes = Type.Union([
  Type.String(),
  Type.Object({ $base64: Type.String() }, { additionalProperties: false }),
  PackedBytes,
], { description: 'text (sent as UTF-8), {"$base64": "..."} or packed bytes' })

export type BytesValue = string | { $base64: string } | Uint8Array

const B64 = /^[A-Za-z0-9+/]*={0,2}$/

export function toBuffer (v: BytesValue, field: string): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'utf8')
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength)
  const s = v.$base64.replace(/\s+/g, '')
  if (!B64.test(s)) throw new BRIDGE_ERR_INVALID_PARAMS(field, 'is not valid base64')
  return Buffer.from(s, 'base64')
}
