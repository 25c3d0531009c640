import { describe, expect, it, beforeAll, afterAll } from 'vitest'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { createHash, createHmac } from 'node:crypto'
import { CbcCipher } from '../../helpers/crypto/cbc.js'
import { loadEngines } from '../../helpers/crypto/ciphers.js'
import { buildTestServer, call } from '../helpers.js'

const CIPHERS = ['Rijndael', 'Blowfish', 'DES', 'DES_EDE3', 'Cipher::AES']
// Paddings that give back any plaintext; null/space strip trailing NULs/spaces by design.
const EXACT = ['standard', 'oneandzeroes'] as const
const LOSSY = { null: 0x00, space: 0x20 } as const

describe('crypto properties', () => {
  beforeAll(async () => { await loadEngines() })

  it('round-trips random bytes for every cipher, pbkdf and exact padding', () => {
    fc.assert(fc.property(
      fc.constantFrom(...CIPHERS), fc.constantFrom('opensslv1', 'opensslv2', 'pbkdf2'), fc.constantFrom(...EXACT),
      fc.uint8Array({ maxLength: 200 }), fc.string({ minLength: 0, maxLength: 20 }),
      (cipher, pbkdf, padding, data, pass) => {
        const c = new CbcCipher({ key: pass, cipher, pbkdf, padding, iter: 3 })
        const plain = Buffer.from(data)
        const ct = c.encrypt(plain)
        expect(ct.subarray(0, 8).toString('latin1')).toBe('Salted__')
        expect((ct.length - 16) % c.blocksize).toBe(0)
        expect(c.decrypt(ct).equals(plain)).toBe(true)
      }), { numRuns: 300 })
  })

  it('round-trips null and space padding up to the trailing pad bytes they strip', () => {
    fc.assert(fc.property(
      fc.constantFrom(...CIPHERS), fc.constantFrom('null', 'space') as fc.Arbitrary<'null' | 'space'>, fc.uint8Array({ maxLength: 100 }),
      (cipher, padding, data) => {
        const c = new CbcCipher({ key: 'k', cipher, padding, nodeprecate: 1 })
        const plain = Buffer.from(data)
        const back = c.decrypt(c.encrypt(plain))
        let end = plain.length
        while (end > 0 && plain[end - 1] === LOSSY[padding]) end--
        // only the last block loses trailing pad bytes
        expect(back.equals(plain) || back.equals(plain.subarray(0, end))).toBe(true)
      }), { numRuns: 200 })
  })

  it('streams: any chunking gives the one-shot ciphertext and plaintext', () => {
    fc.assert(fc.property(
      fc.constantFrom(...CIPHERS), fc.uint8Array({ maxLength: 150 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }),
      (cipher, data, sizes) => {
        const c = new CbcCipher({ key: 'k', cipher, salt: 'saltsalt' })
        const plain = Buffer.from(data)
        const whole = c.encrypt(plain)
        c.start('e')
        const parts: Buffer[] = []
        let i = 0; let k = 0
        while (i < plain.length) { const n = sizes[k++ % sizes.length]; parts.push(c.crypt(plain.subarray(i, i + n)) ?? Buffer.alloc(0)); i += n }
        if (plain.length === 0) parts.push(c.crypt(Buffer.alloc(0)) ?? Buffer.alloc(0))
        parts.push(c.finish())
        expect(Buffer.concat(parts).equals(whole)).toBe(true)
        c.start('d')
        const out: Buffer[] = [c.crypt(whole.subarray(0, 16 + sizes[0])) ?? Buffer.alloc(0)]
        for (let j = 16 + sizes[0]; j < whole.length; j += sizes[0]) out.push(c.crypt(whole.subarray(j, j + sizes[0])) ?? Buffer.alloc(0))
        out.push(c.finish())
        expect(Buffer.concat(out).equals(plain)).toBe(true)
      }), { numRuns: 200 })
  })

  it('literal key + iv + no header is deterministic and round-trips', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ maxLength: 64 }),
      (key, iv, data) => {
        const o = { key: Buffer.from(key), literal_key: 1, iv: Buffer.from(iv), header: 'none', cipher: 'Rijndael' }
        const a = new CbcCipher(o).encrypt(Buffer.from(data))
        expect(new CbcCipher(o).encrypt(Buffer.from(data)).equals(a)).toBe(true)
        expect(new CbcCipher(o).decrypt(a).equals(Buffer.from(data))).toBe(true)
      }), { numRuns: 100 })
  })

  describe('through the RPC layer', () => {
    let app: FastifyInstance
    beforeAll(async () => { app = await buildTestServer() })
    afterAll(async () => { await app.close() })

    it('round-trips random bytes as {"$base64"} for each cipher', async () => {
      await fc.assert(fc.asyncProperty(fc.constantFrom(...CIPHERS), fc.uint8Array({ maxLength: 300 }), async (cipher, data) => {
        const { cipher_id } = await call(app, 'crypto.new', { key: 'prop', cipher, nodeprecate: 1 })
        const enc = await call(app, 'crypto.crypt', { cipher_id, op: 'encrypt', data: { $base64: Buffer.from(data).toString('base64') }, start: true, finish: true })
        const dec = await call(app, 'crypto.crypt', { cipher_id, op: 'decrypt', data: enc.data, start: true, finish: true })
        expect(Buffer.from(dec.data.$base64, 'base64').equals(Buffer.from(data))).toBe(true)
        await call(app, 'crypto.cleanup_cipher', { cipher_id })
      }), { numRuns: 60 })
    })

    it('digests equal node:crypto for random bytes', async () => {
      await fc.assert(fc.asyncProperty(fc.constantFrom('md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'), fc.uint8Array({ maxLength: 500 }), fc.option(fc.uint8Array({ maxLength: 80 })),
        async (alg, data, key) => {
          const p: Record<string, unknown> = { data: { $base64: Buffer.from(data).toString('base64') }, algorithm: alg }
          if (key !== null) p.key = { $base64: Buffer.from(key).toString('base64') }
          const want = key === null ? createHash(alg).update(data).digest('hex') : createHmac(alg, Buffer.from(key)).update(data).digest('hex')
          expect((await call(app, 'crypto.hash', p)).hash).toBe(want)
        }), { numRuns: 150 })
    })
  })
})
