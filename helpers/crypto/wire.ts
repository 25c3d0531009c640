// Wire shapes shared by the crypto methods: digest names and output encodings
// (byte values are src/bytes.ts).
import { Type } from '@sinclair/typebox'
import { createHash, createHmac } from 'node:crypto'
import { BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'

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
