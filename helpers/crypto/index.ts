// Module `crypto`: Crypt::CBC-compatible ciphers (handles of kind `cipher`,
// streamable with start/crypt/finish), the old bridge's cipher_id calls, the
// User Guide's one-shot encrypt/decrypt, and digests/HMACs. All key
// derivation happens here, in cbc.ts, so Perl and wire callers agree.
import fp from 'fastify-plugin'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method } from '../../src/registry.js'
import { BRIDGE_ERR_HANDLE_NOT_OWNED } from '../../src/errors.js'
import type { CbcCipher, CbcOptions } from './cbc.js'
import { Encoding, digest, digestName, encodeDigest } from './wire.js'
import { Bytes, toBuffer, type BytesValue } from '../../src/bytes.js'
import { legacyMethods, readKeyFile } from './legacy.js'
import { CIPHER_KIND, CipherId, OptionValueSchema, croaks, getCipher, newCipher, toOptions, wipe } from './shared.js'

export interface CryptoFacade {
  /** A Crypt::CBC object from options as Crypt::CBC->new takes them (lower-case, no dashes). */
  create (options: CbcOptions): Promise<CbcCipher>
}

declare module 'fastify' {
  interface FastifyInstance { crypto: CryptoFacade }
}

const ByteOrNull = Type.Unknown({ description: 'bytes ({"$base64"} in JSON) or null' })
const Reset = Type.Optional(Type.Boolean({ description: 'first restore the state new() left (the facade reuses dropped handles)' }))
const bytesOrNull = (b: Buffer | undefined): Buffer | null => (b === undefined ? null : b)

export function cryptoMethods (config: Config) {
  return {
    new: method({
      description: 'Creates a Crypt::CBC cipher (options as Crypt::CBC->new takes them, without dashes); returns its handle.',
      params: Type.Object({
        key_file: Type.Optional(Type.String({ description: 'old bridge: PEM-style key file; header lines and newlines are stripped' })),
        padding_mode: Type.Optional(Type.String({ description: 'old bridge name of padding' })),
        release: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1024, description: 'cipher handles the facade dropped since its last call, closed first' })),
      }, { additionalProperties: OptionValueSchema }),
      result: Type.Object({
        cipher_id: Type.String(), cipher: Type.String(), class: Type.String(), blocksize: Type.Integer(), keysize: Type.Integer(),
        key_length: Type.Integer(), header: Type.String(), pbkdf: Type.String(), padding: Type.String(), literal_key: Type.Boolean(),
        chain_mode: Type.String(), deprecated: Type.Boolean(),
      }),
      handler: async (params, ctx) => {
        const { key_file: keyFile, padding_mode: paddingMode, release, ...rest } = params
        for (const id of release ?? []) await ctx.app.sessions.close(ctx.session, CIPHER_KIND, id).catch(() => false)
        const options = toOptions(rest)
        if (paddingMode !== undefined && options.padding === undefined) options.padding = paddingMode
        if (keyFile !== undefined && options.key === undefined && options.pass === undefined) options.key = await readKeyFile(keyFile, ctx, config)
        const c = await newCipher(options)
        const id = ctx.app.sessions.create(ctx.session, CIPHER_KIND, c, wipe)
        const givenName = (rest as Record<string, unknown>).cipher
        const given = typeof givenName === 'string' ? givenName : c.spec.className
        return {
          cipher_id: id, cipher: given, class: c.spec.className, blocksize: c.blocksize, keysize: c.keysize,
          key_length: c.keysize, header: c.header, pbkdf: c.pbkdf, padding: c.padding, literal_key: c.literalKey,
          chain_mode: c.chainMode, deprecated: c.deprecated,
        }
      },
    }),
    crypt: method({
      description: 'Crypt::CBC start/crypt/finish on a cipher handle: start resets, crypt returns what whole blocks allow, finish pads or unpads.',
      params: Type.Object({
        cipher_id: CipherId,
        op: Type.Optional(Type.String({ description: "encrypt or decrypt (Crypt::CBC's start argument); needed with start" })),
        data: Type.Optional(Bytes),
        start: Type.Optional(Type.Boolean()),
        finish: Type.Optional(Type.Boolean()),
        reset: Reset,
      }),
      result: Type.Object({ data: Type.Unknown({ description: 'bytes; null where Crypt::CBC::crypt returns undef' }) }),
      handler: (p, ctx) => {
        const { cipher } = getCipher(ctx, p.cipher_id)
        if (p.reset === true) cipher.reset()
        const data = p.data === undefined ? undefined : toBuffer(p.data, 'data')
        const res = croaks(() => {
          if (p.start === true) cipher.start(p.op ?? '')
          const got = data === undefined ? null : cipher.crypt(data)
          if (p.finish !== true) return got
          const tail = cipher.finish()
          return got === null ? tail : Buffer.concat([got, tail])
        })
        return { data: res }
      },
    }),
    cipher_state: method({
      description: "A cipher's current key, iv and salt (what Crypt::CBC's key/iv/salt accessors return).",
      params: Type.Object({ cipher_id: CipherId, reset: Reset }),
      result: Type.Object({ key: ByteOrNull, iv: ByteOrNull, salt: ByteOrNull, keysize: Type.Integer() }),
      // a read; `reset` restores what new() left, so sending it twice ends in the same state
      idempotent: true,
      handler: (p, ctx) => {
        const { cipher } = getCipher(ctx, p.cipher_id)
        if (p.reset === true) cipher.reset()
        return { key: bytesOrNull(cipher.key), iv: bytesOrNull(cipher.iv), salt: bytesOrNull(cipher.salt), keysize: cipher.keysize }
      },
    }),
    cipher_set: method({
      description: "Sets a cipher's key, iv, salt, passphrase or keysize (Crypt::CBC's setters).",
      params: Type.Object({
        cipher_id: CipherId,
        key: Type.Optional(Type.Union([Bytes, Type.Null()])),
        iv: Type.Optional(Type.Union([Bytes, Type.Null()])),
        salt: Type.Optional(Type.Union([Bytes, Type.Null()])),
        passphrase: Type.Optional(Type.Union([Bytes, Type.Null()])),
        keysize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
        reset: Reset,
      }),
      result: Type.Object({ ok: Type.Boolean() }),
      handler: (p, ctx) => {
        const { cipher } = getCipher(ctx, p.cipher_id)
        if (p.reset === true) cipher.reset()
        const b = (v: BytesValue | null, f: string): Buffer | undefined => (v === null ? undefined : toBuffer(v, f))
        if (p.key !== undefined) cipher.key = b(p.key, 'key')
        if (p.iv !== undefined) cipher.iv = b(p.iv, 'iv')
        if (p.salt !== undefined) cipher.salt = b(p.salt, 'salt')
        if (p.passphrase !== undefined) { cipher.key = undefined; cipher.iv = undefined; cipher.passphrase = b(p.passphrase, 'passphrase') }
        if (p.keysize !== undefined) cipher.keysize = p.keysize
        return { ok: true }
      },
    }),
    cleanup_cipher: method({
      description: 'Closes a cipher handle (old bridge name); unknown ids are not an error.',
      params: Type.Object({ cipher_id: CipherId }),
      result: Type.Object({ cipher_id: Type.Union([Type.String(), Type.Null()]), cleaned_up: Type.Boolean() }),
      handler: async (p, ctx) => {
        const id = p.cipher_id ?? ctx.session.latest.get(CIPHER_KIND)
        if (id === undefined) return { cipher_id: null, cleaned_up: false }
        // gone already is fine (a destructor after a reap); another session's cipher is a probe, and must say so
        const closed = await ctx.app.sessions.close(ctx.session, CIPHER_KIND, id).catch((err: unknown) => {
          if (err instanceof BRIDGE_ERR_HANDLE_NOT_OWNED) throw err
          return false
        })
        return { cipher_id: id, cleaned_up: closed }
      },
    }),
    hash: method({
      description: 'Digest of data (MD5, SHA1, SHA224/256/384/512); with key, the HMAC. Default SHA256, hex.',
      params: Type.Object({
        data: Bytes,
        algorithm: Type.Optional(Type.String({ maxLength: 40 })),
        encoding: Type.Optional(Encoding),
        key: Type.Optional(Bytes),
      }),
      result: Type.Object({ hash: Type.Unknown({ description: 'string, or bytes for encoding binary' }), algorithm: Type.String(), encoding: Type.String() }),
      idempotent: true,
      handler: (p) => {
        const alg = digestName(p.algorithm ?? 'SHA256')
        const d = digest(alg, toBuffer(p.data, 'data'), p.key === undefined ? undefined : toBuffer(p.key, 'key'))
        const enc = p.encoding ?? 'hex'
        return { hash: encodeDigest(d, enc), algorithm: alg, encoding: enc }
      },
    }),
    hmac: method({
      description: 'HMAC of data with key (Digest::SHA hmac_*): algorithm default SHA256, hex.',
      params: Type.Object({ data: Bytes, key: Bytes, algorithm: Type.Optional(Type.String({ maxLength: 40 })), encoding: Type.Optional(Encoding) }),
      result: Type.Object({ hash: Type.Unknown(), algorithm: Type.String(), encoding: Type.String() }),
      idempotent: true,
      handler: (p) => {
        const alg = digestName(p.algorithm ?? 'SHA256')
        const enc = p.encoding ?? 'hex'
        return { hash: encodeDigest(digest(alg, toBuffer(p.data, 'data'), toBuffer(p.key, 'key')), enc), algorithm: alg, encoding: enc }
      },
    }),
    ...legacyMethods(),
  }
}

async function cryptoHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  app.decorate('crypto', { create: newCipher } satisfies CryptoFacade)
  app.rpc.register('crypto', cryptoMethods(opts.config))
}

export default fp(cryptoHelper, { fastify: '5.x', name: 'cpan-bridge-crypto', dependencies: ['cpan-bridge-registry'] })
