// What the crypto method tables share: the cipher handle kind, croak mapping,
// option decoding and byte results.
import { Type } from '@sinclair/typebox'
import { BackendError } from '../../src/errors.js'
import type { CallContext } from '../../src/registry.js'
import { CbcCipher, CbcError, type CbcOptions, type OptionValue } from './cbc.js'
import { loadEngines } from './ciphers.js'
import { Bytes, toBuffer, type BytesValue } from '../../src/bytes.js'

export const CIPHER_KIND = 'cipher'

/** Runs cipher code, turning Crypt::CBC croaks into backend errors with the module's message. */
export function croaks<T> (fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    if (err instanceof CbcError) throw new BackendError(err.message, 'CRYPT_CBC')
    throw err
  }
}

export async function newCipher (options: CbcOptions): Promise<CbcCipher> {
  await loadEngines()
  return croaks(() => new CbcCipher(options))
}


export const OptionValueSchema = Type.Union([Bytes, Type.Number(), Type.Boolean(), Type.Null()])

export function toOptions (raw: Record<string, unknown>): CbcOptions {
  const o: Record<string, OptionValue> = {}
  for (const [k, v] of Object.entries(raw)) {
    o[k] = v !== null && typeof v === 'object' ? toBuffer(v as BytesValue, k) : v as OptionValue
  }
  return o as CbcOptions
}

export const CipherId = Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { description: "the cipher handle; omitted or null: the session's most recent one" }))

export function getCipher (ctx: CallContext, id: string | null | undefined): { id: string, cipher: CbcCipher } {
  const { id: hid, resource } = ctx.app.sessions.resolve<CbcCipher>(ctx.session, CIPHER_KIND, id ?? undefined)
  return { id: hid, cipher: resource }
}

/** Handle close: keys do not linger in freed buffers longer than needed. */
export const wipe = (c: CbcCipher): void => { c.wipe() }

/** Text when the bytes are valid UTF-8 (old scripts compare with their string), else bytes. */
export function textOrBytes (b: Buffer): string | Buffer {
  const s = b.toString('utf8')
  return Buffer.byteLength(s, 'utf8') === b.length && !s.includes('\ufffd') ? s : b
}
