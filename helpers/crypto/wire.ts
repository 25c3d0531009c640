// Wire shapes shared by the crypto methods: byte values (JSON text, {"$base64"}
// or packed bytes), digest names and output encodings.
import { Kind, Type, TypeRegistry } from '@sinclair/typebox'
import { createHash, createHmac } from 'node:crypto'
import { BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'

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

export function fromHex (s: string, field: string): Buffer {
  const t = s.replace(/\s+/g, '')
  if (t.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(t)) throw new BRIDGE_ERR_INVALID_PARAMS(field, 'is not an even-length hex string')
  return Buffer.from(t, 'hex')
}

/** Digest names as scripts write them ('SHA256', 'sha-256', 'md5') to node's. */
const DIGESTS: Record<string, string> = {
  md5: 'md5', sha1: 'sha1', sha: 'sha1', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512',
  sha512224: 'sha512-224', sha512256: 'sha512-256',
}

export function digestName (alg: string): string {
  const d = DIGESTS[alg.toLowerCase().replace(/[-_/ ]/g, '')]
  if (d === undefined) throw new BRIDGE_ERR_INVALID_PARAMS('algorithm', `unsupported digest '${alg.slice(0, 40)}' (supported: MD5, SHA1, SHA224, SHA256, SHA384, SHA512, SHA512224, SHA512256)`)
  return d
}

export const Encoding = Type.Union([Type.Literal('hex'), Type.Literal('base64'), Type.Literal('binary')], {
  description: "hex (default); base64 without '=' padding, as Digest::MD5/SHA's b64digest; binary: bytes",
})
export type EncodingName = 'hex' | 'base64' | 'binary'

export function encodeDigest (d: Buffer, enc: EncodingName): string | Buffer {
  if (enc === 'binary') return d
  if (enc === 'base64') return d.toString('base64').replace(/=+$/, '')
  return d.toString('hex')
}

export function digest (alg: string, data: Buffer, key?: Buffer): Buffer {
  return key === undefined ? createHash(alg).update(data).digest() : createHmac(alg, key).update(data).digest()
}
