import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createHash, createHmac, createDecipheriv, pbkdf2Sync } from 'node:crypto'
import { buildTestServer, call, rpc } from '../helpers.js'
import { encodePacked } from '../../src/packed.js'

const b64 = (b: Buffer | string): { $base64: string } => ({ $base64: Buffer.from(b).toString('base64') })
const bytes = (v: { $base64: string }): Buffer => Buffer.from(v.$base64, 'base64')

describe('crypto helper', () => {
  let app: FastifyInstance
  beforeEach(async () => { app = await buildTestServer() })
  afterEach(async () => { await app.close() })

  it('creates a cipher handle and reports Crypt::CBC defaults for Blowfish', async () => {
    const r = await call(app, 'crypto.new', { key: 'pw', cipher: 'Blowfish' })
    expect(r.cipher_id).toMatch(/^cipher_/)
    expect(r).toMatchObject({ cipher: 'Blowfish', class: 'Crypt::Blowfish', blocksize: 8, keysize: 56, header: 'salt', pbkdf: 'opensslv1', padding: 'standard', literal_key: false, deprecated: true })
  })

  it('uses the real module key sizes: Rijndael 32, DES 8, DES_EDE3 24, default Crypt::Cipher::AES', async () => {
    const sizes = await Promise.all(['Rijndael', 'DES', 'DES_EDE3', 'Crypt::OpenSSL::AES'].map(async c => (await call(app, 'crypto.new', { key: 'k', cipher: c })).keysize))
    expect(sizes).toEqual([32, 8, 24, 32])
    expect((await call(app, 'crypto.new', { key: 'k' })).class).toBe('Crypt::Cipher::AES')
  })

  it('encrypts to the openssl Salted__ format with EVP_BytesToKey(MD5) keys', async () => {
    const { cipher_id } = await call(app, 'crypto.new', { key: 'secret', cipher: 'Rijndael', salt: 'saltsalt' })
    const ct = bytes((await call(app, 'crypto.crypt', { cipher_id, op: 'encrypt', data: 'hello', start: true, finish: true })).data)
    expect(ct.subarray(0, 16).toString('latin1')).toBe('Salted__saltsalt')
    // EVP_BytesToKey by hand: D_i = MD5(D_{i-1} || pass || salt)
    let d = Buffer.alloc(0); const parts: Buffer[] = []
    while (Buffer.concat(parts).length < 48) { d = createHash('md5').update(Buffer.concat([d, Buffer.from('secret'), Buffer.from('saltsalt')])).digest(); parts.push(d) }
    const km = Buffer.concat(parts)
    const dec = createDecipheriv('aes-256-cbc', km.subarray(0, 32), km.subarray(32, 48))
    expect(Buffer.concat([dec.update(ct.subarray(16)), dec.final()]).toString()).toBe('hello')
  })

  it('derives pbkdf2 keys like openssl enc -pbkdf2 (10000 iterations, SHA-256)', async () => {
    const { cipher_id } = await call(app, 'crypto.new', { key: 'pw', cipher: 'Rijndael', pbkdf: 'pbkdf2', salt: '12345678' })
    const ct = bytes((await call(app, 'crypto.crypt', { cipher_id, op: 'encrypt', data: 'x', start: true, finish: true })).data)
    const km = pbkdf2Sync('pw', '12345678', 10000, 48, 'sha256')
    const dec = createDecipheriv('aes-256-cbc', km.subarray(0, 32), km.subarray(32))
    expect(Buffer.concat([dec.update(ct.subarray(16)), dec.final()]).toString()).toBe('x')
  })

  it('streams: start/crypt/finish in chunks equals one-shot encrypt, and crypt returns null when it has nothing', async () => {
    const { cipher_id } = await call(app, 'crypto.new', { key: 'k', cipher: 'Blowfish', salt: 'saltsalt' })
    const plain = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz')
    const whole = bytes((await call(app, 'crypto.crypt', { cipher_id, op: 'encrypt', data: b64(plain), start: true, finish: true })).data)
    const got: Buffer[] = []
    const first = await call(app, 'crypto.crypt', { cipher_id, op: 'encrypt', data: b64(plain.subarray(0, 3)), start: true })
    expect(bytes(first.data).toString('latin1')).toBe('Salted__saltsalt')
    got.push(bytes(first.data))
    const nothing = await call(app, 'crypto.crypt', { cipher_id, data: b64(plain.subarray(3, 5)) })
    expect(nothing.data).toBeNull()
    for (let i = 5; i < plain.length; i += 7) {
      const r = await call(app, 'crypto.crypt', { cipher_id, data: b64(plain.subarray(i, i + 7)) })
      if (r.data !== null) got.push(bytes(r.data))
    }
    got.push(bytes((await call(app, 'crypto.crypt', { cipher_id, finish: true })).data))
    expect(Buffer.concat(got).equals(whole)).toBe(true)
  })

  it('answers Crypt::CBC croaks as backend errors with the module message, never the key', async () => {
    const r = await rpc(app, 'crypto.new', { key: 'TopSecret123', literal_key: 1, cipher: 'Rijndael' })
    expect(r.error?.data?.type).toBe('backend_error')
    expect(r.error?.message).toBe("If specified by -literal_key, then the key length must be equal to the chosen cipher's key length of 32 bytes")
    expect(JSON.stringify(r)).not.toContain('TopSecret123')
    const u = await rpc(app, 'crypto.new', { key: 'k', frobnicate: 1 })
    expect(u.error?.message).toBe("'frobnicate' is not a recognized argument")
    const c = await rpc(app, 'crypto.new', { key: 'k', cipher: 'IDEA' })
    expect(c.error?.message).toMatch(/^Couldn't load Crypt::IDEA: /)
  })

  it('keeps cipher handles per session: another session gets handle_not_owned', async () => {
    const { cipher_id } = await call(app, 'crypto.new', { key: 'k', cipher: 'DES' }, 'one')
    const r = await rpc(app, 'crypto.crypt', { cipher_id, op: 'encrypt', data: 'x', start: true, finish: true }, 'two')
    expect(r.error?.data?.type).toBe('handle_not_owned')
  })

  it('closes handles with cleanup_cipher and with release on the next new', async () => {
    const a = await call(app, 'crypto.new', { key: 'k', cipher: 'DES' })
    expect(await call(app, 'crypto.cleanup_cipher', { cipher_id: a.cipher_id })).toEqual({ cipher_id: a.cipher_id, cleaned_up: true })
    expect(await call(app, 'crypto.cleanup_cipher', { cipher_id: a.cipher_id })).toEqual({ cipher_id: a.cipher_id, cleaned_up: false })
    const b = await call(app, 'crypto.new', { key: 'k', cipher: 'DES' })
    await call(app, 'crypto.new', { key: 'k', cipher: 'DES', release: [b.cipher_id] })
    const r = await rpc(app, 'crypto.cipher_state', { cipher_id: b.cipher_id })
    expect(r.error?.data?.type).toBe('handle_not_found')
  })

  it('serves the old bridge wire: new / encrypt {plaintext_hex} / decrypt {hex_ciphertext}', async () => {
    const { cipher_id } = await call(app, 'crypto.new', { key: 'MySecretKey123', cipher: 'Blowfish' })
    const data = Buffer.from('Line1\nLine2\r\n\x00Null\x00', 'latin1')
    const e = await call(app, 'crypto.encrypt', { cipher_id, plaintext_hex: data.toString('hex') })
    expect(e.encrypted).toMatch(/^53616c7465645f5f[0-9a-f]+$/)
    expect(e.length).toBe(e.encrypted.length)
    const d = await call(app, 'crypto.decrypt', { cipher_id, hex_ciphertext: e.encrypted })
    expect(d.decrypted_hex).toBe(data.toString('hex'))
    const t = await call(app, 'crypto.encrypt', { cipher_id, plaintext: 'Unicode test: 世界 🌍 café' })
    expect((await call(app, 'crypto.decrypt', { cipher_id, hex_ciphertext: t.encrypted })).decrypted).toBe('Unicode test: 世界 🌍 café')
  })

  it('serves the User Guide one-shot form: {data, key, algorithm} -> {encrypted_data} and back', async () => {
    const e = await call(app, 'crypto.encrypt', { data: 'sensitive information', key: 'my-encryption-key', algorithm: 'AES' })
    expect(Buffer.from(e.encrypted_data, 'base64').subarray(0, 8).toString()).toBe('Salted__')
    const d = await call(app, 'crypto.decrypt', { encrypted_data: e.encrypted_data, key: 'my-encryption-key', algorithm: 'AES' })
    expect(d.decrypted_data).toBe('sensitive information')
    const a128 = await call(app, 'crypto.encrypt', { data: 'x', key: 'k', algorithm: 'AES-128' })
    expect((await call(app, 'crypto.decrypt', { encrypted_data: a128.encrypted_data, key: 'k', algorithm: 'Rijndael', keysize: 16 })).decrypted_data).toBe('x')
    const bin = await call(app, 'crypto.encrypt', { data: b64(Buffer.from([0, 255, 128])), key: 'k', algorithm: 'Blowfish', encoding: 'hex' })
    const back = await call(app, 'crypto.decrypt', { encrypted_data: bin.encrypted_data, key: 'k', algorithm: 'Blowfish', encoding: 'hex' })
    expect(bytes(back.decrypted_data)).toEqual(Buffer.from([0, 255, 128]))
  })

  it('reports key, iv and salt and lets them be set', async () => {
    const { cipher_id } = await call(app, 'crypto.new', { key: b64(Buffer.alloc(16, 7)), literal_key: 1, keysize: 16, cipher: 'Rijndael', iv: b64(Buffer.alloc(16, 1)) })
    const s = await call(app, 'crypto.cipher_state', { cipher_id })
    expect(bytes(s.key)).toEqual(Buffer.alloc(16, 7))
    expect(bytes(s.iv)).toEqual(Buffer.alloc(16, 1))
    await call(app, 'crypto.cipher_set', { cipher_id, iv: b64(Buffer.alloc(16, 2)) })
    expect(bytes((await call(app, 'crypto.cipher_state', { cipher_id })).iv)).toEqual(Buffer.alloc(16, 2))
  })

  it('reset restores the state new() left, for a facade reusing a dropped handle', async () => {
    const { cipher_id } = await call(app, 'crypto.new', { key: 'pw', cipher: 'Rijndael', nodeprecate: 1 })
    expect((await call(app, 'crypto.cipher_state', { cipher_id })).key).toBeNull()
    await call(app, 'crypto.crypt', { cipher_id, op: 'encrypt', data: 'x', start: true })
    expect(bytes((await call(app, 'crypto.cipher_state', { cipher_id })).key)).toHaveLength(32)
    expect((await call(app, 'crypto.cipher_state', { cipher_id, reset: true })).key).toBeNull()
    // the half-done stream went with the reset
    const r = await rpc(app, 'crypto.crypt', { cipher_id, data: 'y' })
    expect(r.error?.message).toBe('crypt() called without a preceding start()')
  })

  it('hashes like node:crypto, in hex, unpadded base64 and bytes; with a key, HMAC', async () => {
    const data = 'password123'
    expect((await call(app, 'crypto.hash', { data, algorithm: 'SHA256' })).hash).toBe(createHash('sha256').update(data).digest('hex'))
    expect((await call(app, 'crypto.hash', { data, algorithm: 'md5', encoding: 'base64' })).hash).toBe(createHash('md5').update(data).digest('base64').replace(/=+$/, ''))
    expect(bytes((await call(app, 'crypto.hash', { data: b64('\u00ff'), algorithm: 'sha-1', encoding: 'binary' })).hash)).toEqual(createHash('sha1').update(Buffer.from('\u00ff')).digest())
    expect((await call(app, 'crypto.hmac', { data, key: 'k', algorithm: 'SHA1' })).hash).toBe(createHmac('sha1', 'k').update(data).digest('hex'))
    const bad = await rpc(app, 'crypto.hash', { data, algorithm: 'whirlpool' })
    expect(bad.error?.data?.type).toBe('invalid_params')
    expect(bad.error?.data?.field).toBe('algorithm')
  })

  it('takes bytes from a packed request and sends bytes packed to a client that accepts it', async () => {
    const bulk = encodePacked(Buffer.from([0, 1, 255]))
    const env = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'crypto.hash', params: { data: { $packed: [0, bulk.length] }, algorithm: 'md5' } }))
    const res = await app.inject({
      method: 'POST', url: '/rpc', payload: Buffer.concat([Buffer.from(`${env.length}\n`), env, bulk]),
      headers: { 'content-type': 'application/vnd.cpan-bridge.packed', 'x-bridge-session': 's' },
    })
    expect(JSON.parse(res.body).result.hash).toBe(createHash('md5').update(Buffer.from([0, 1, 255])).digest('hex'))
    const { cipher_id } = await call(app, 'crypto.new', { key: 'k', cipher: 'DES' }, 's')
    const enc = await app.inject({
      method: 'POST', url: '/rpc', payload: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'crypto.crypt', params: { cipher_id, op: 'encrypt', data: 'x', start: true, finish: true } }),
      headers: { 'content-type': 'application/json', accept: 'application/vnd.cpan-bridge.packed', 'x-bridge-session': 's' },
    })
    expect(enc.headers['content-type']).toContain('application/vnd.cpan-bridge.packed')
    expect(enc.rawPayload.includes(Buffer.from('Salted__'))).toBe(true)
  })
})
