// The two older shapes of crypto.encrypt / crypto.decrypt, told apart by
// their params: the old bridge's handle form ({cipher_id, plaintext_hex} ->
// {encrypted: hex}) that CryptHelper.pm and Test_Scripts send, and the User
// Guide's one-shot form ({data, key, algorithm} -> {encrypted_data}). Both
// produce Crypt::CBC ciphertext (Salted__ header), not the old bridge's
// IV-prefixed format that nothing else could read.
import { readFile } from 'node:fs/promises'
import { Type } from '@sinclair/typebox'
import type { Config } from '../../src/config.js'
import { BackendError, BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import { method, type CallContext } from '../../src/registry.js'
import { resolveClientPath } from '../../src/paths.js'
import type { CbcCipher, CbcOptions } from './cbc.js'
import { fromHex } from './wire.js'
import { Bytes, toBuffer, type BytesValue } from '../../src/bytes.js'
import { CipherId, croaks, getCipher, newCipher, textOrBytes } from './shared.js'

/** AutoKit's key file handling: drop PEM armour lines (^-.*-$) and every newline. */
export async function readKeyFile (p: string, ctx: CallContext, config: Config): Promise<string> {
  const abs = resolveClientPath(p, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field: 'params.key_file' })
  let text: string
  try {
    text = await readFile(abs, 'utf8')
  } catch (err) {
    throw new BackendError(`Failed to read key from file: ${p}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, (err as NodeJS.ErrnoException).code ?? null)
  }
  return text.replace(/^-.*-$/gm, '').replace(/\n/g, '')
}

const OneShot = {
  key: Type.Optional(Bytes),
  algorithm: Type.Optional(Type.String({ maxLength: 64, description: "cipher: AES (default), Rijndael, Blowfish, DES, 3DES/DES_EDE3, or a Crypt:: class" })),
  encoding: Type.Optional(Type.Union([Type.Literal('base64'), Type.Literal('hex'), Type.Literal('binary')], { description: 'of encrypted_data; default base64' })),
  pbkdf: Type.Optional(Type.String({ maxLength: 20 })),
  iter: Type.Optional(Type.Integer({ minimum: 1 })),
  hasher: Type.Optional(Type.String({ maxLength: 40 })),
  padding: Type.Optional(Type.String({ maxLength: 20 })),
  keysize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
  header: Type.Optional(Type.String({ maxLength: 10 })),
}

async function oneShotCipher (p: { key?: BytesValue, algorithm?: string, pbkdf?: string, iter?: number, hasher?: string, padding?: string, keysize?: number, header?: string }): Promise<CbcCipher> {
  if (p.key === undefined) throw new BRIDGE_ERR_INVALID_PARAMS('key', 'is required without cipher_id')
  const o: CbcOptions = { key: toBuffer(p.key, 'key'), cipher: p.algorithm ?? 'AES', nodeprecate: 1 }
  // openssl-style names ('aes-128-cbc', 'bf-cbc', 'des-ede3-cbc') as well as Perl ones
  const alg = (p.algorithm ?? '').toLowerCase()
  const aes = /^aes-?(128|192|256)(-cbc)?$/.exec(alg)
  if (aes !== null) { o.cipher = 'Cipher::AES'; o.keysize = Number(aes[1]) / 8 }
  const named: Record<string, string> = { 'bf-cbc': 'Blowfish', bf: 'Blowfish', 'des-cbc': 'DES', 'des-ede3-cbc': 'DES_EDE3', 'des-ede3': 'DES_EDE3', 'aes-cbc': 'Cipher::AES' }
  if (named[alg] !== undefined) o.cipher = named[alg]
  for (const k of ['pbkdf', 'iter', 'hasher', 'padding', 'keysize', 'header'] as const) if (p[k] !== undefined) o[k] = p[k]
  return await newCipher(o)
}

function encodeOut (b: Buffer, enc: string | undefined): string | Buffer {
  return enc === 'hex' ? b.toString('hex') : enc === 'binary' ? b : b.toString('base64')
}

function decodeIn (v: BytesValue, enc: string | undefined, field: string): Buffer {
  if (typeof v !== 'string' || enc === 'binary') return toBuffer(v, field)
  if (enc === 'hex') return fromHex(v, field)
  return toBuffer({ $base64: v }, field)
}

const oneShotMode = (p: { cipher_id?: string | null, key?: unknown }): boolean => p.cipher_id === undefined && p.key !== undefined

export function legacyMethods () {
  return {
    encrypt: method({
      description: 'Encrypts to Crypt::CBC / openssl enc format. With cipher_id: {plaintext | plaintext_hex | data} -> {encrypted: hex}. With key: {data, key, algorithm} -> {encrypted_data: base64}.',
      params: Type.Object({
        cipher_id: CipherId,
        plaintext: Type.Optional(Type.String({ description: 'text, encrypted as UTF-8' })),
        plaintext_hex: Type.Optional(Type.String()),
        data: Type.Optional(Bytes),
        ...OneShot,
      }),
      result: Type.Object({
        encrypted: Type.Optional(Type.String({ description: 'hex (cipher_id form)' })),
        encrypted_data: Type.Optional(Type.Unknown({ description: 'base64 by default (key form)' })),
        length: Type.Optional(Type.Integer()),
        algorithm: Type.String(),
      }),
      handler: async (p, ctx) => {
        const plain = p.plaintext_hex !== undefined ? fromHex(p.plaintext_hex, 'plaintext_hex')
          : p.plaintext !== undefined ? Buffer.from(p.plaintext, 'utf8')
            : p.data !== undefined ? toBuffer(p.data, 'data') : undefined
        if (plain === undefined) throw new BRIDGE_ERR_INVALID_PARAMS(oneShotMode(p) ? 'data' : 'plaintext', 'is required (or plaintext_hex / data)')
        if (oneShotMode(p)) {
          const c = await oneShotCipher(p)
          return { encrypted_data: encodeOut(croaks(() => c.encrypt(plain)), p.encoding), algorithm: c.spec.className }
        }
        const { cipher } = getCipher(ctx, p.cipher_id)
        const hex = croaks(() => cipher.encrypt(plain)).toString('hex')
        return { encrypted: hex, length: hex.length, algorithm: cipher.spec.className }
      },
    }),
    decrypt: method({
      description: 'Decrypts Crypt::CBC / openssl enc data. With cipher_id: {hex_ciphertext | ciphertext} -> {decrypted_hex, decrypted}. With key: {encrypted_data, key, algorithm} -> {decrypted_data}.',
      params: Type.Object({
        cipher_id: CipherId,
        hex_ciphertext: Type.Optional(Type.String()),
        ciphertext: Type.Optional(Bytes),
        encrypted_data: Type.Optional(Bytes),
        ...OneShot,
      }),
      result: Type.Object({
        decrypted_hex: Type.Optional(Type.String()),
        decrypted: Type.Optional(Type.Unknown({ description: 'text when the plaintext is UTF-8, else bytes' })),
        decrypted_data: Type.Optional(Type.Unknown({ description: 'text when the plaintext is UTF-8, else bytes' })),
        length: Type.Optional(Type.Integer()),
        algorithm: Type.String(),
      }),
      handler: async (p, ctx) => {
        if (oneShotMode(p)) {
          if (p.encrypted_data === undefined) throw new BRIDGE_ERR_INVALID_PARAMS('encrypted_data', 'is required')
          const input = decodeIn(p.encrypted_data, p.encoding, 'encrypted_data')
          const c = await oneShotCipher(p)
          return { decrypted_data: textOrBytes(croaks(() => c.decrypt(input))), algorithm: c.spec.className }
        }
        const input = p.hex_ciphertext !== undefined ? fromHex(p.hex_ciphertext, 'hex_ciphertext')
          : p.ciphertext !== undefined ? toBuffer(p.ciphertext, 'ciphertext') : undefined
        if (input === undefined) throw new BRIDGE_ERR_INVALID_PARAMS('hex_ciphertext', 'is required (or ciphertext)')
        const { cipher } = getCipher(ctx, p.cipher_id)
        const plain = croaks(() => cipher.decrypt(input))
        return { decrypted_hex: plain.toString('hex'), decrypted: textOrBytes(plain), length: plain.length, algorithm: cipher.spec.className }
      },
    }),
  }
}
