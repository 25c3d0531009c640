// crypto.cleanup_cipher with another session's cipher id answered success
// ({cleaned_up: false}) where every other handle call answers handle_not_owned
// (issue 11, item 8). Unknown ids stay a quiet false: Crypt::CBC's destructor
// sends its ids after the daemon may have reaped them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, call, rpc } from '../helpers.js'

let app: FastifyInstance
beforeAll(async () => { app = await buildTestServer() })
afterAll(async () => { await app.close() })

describe('crypto.cleanup_cipher across sessions', () => {
  it('another session\'s cipher: handle_not_owned, and the cipher stays usable by its owner', async () => {
    const { cipher_id: id } = await call(app, 'crypto.new', { key: 'owner key', cipher: 'Blowfish' }, 'owner')
    const r = await rpc(app, 'crypto.cleanup_cipher', { cipher_id: id }, 'intruder')
    expect(r.result).toBeUndefined()
    expect(r.error?.data?.type).toBe('handle_not_owned')
    expect((await call(app, 'crypto.cipher_state', { cipher_id: id }, 'owner')).keysize).toBeGreaterThan(0)
    expect(await call(app, 'crypto.cleanup_cipher', { cipher_id: id }, 'owner')).toEqual({ cipher_id: id, cleaned_up: true })
  })

  it('an id that is gone (or never was) is still a quiet false', async () => {
    const { cipher_id: id } = await call(app, 'crypto.new', { key: 'k' }, 'owner2')
    expect(await call(app, 'crypto.cleanup_cipher', { cipher_id: id }, 'owner2')).toEqual({ cipher_id: id, cleaned_up: true })
    expect(await call(app, 'crypto.cleanup_cipher', { cipher_id: id }, 'owner2')).toEqual({ cipher_id: id, cleaned_up: false })
    expect(await call(app, 'crypto.cleanup_cipher', { cipher_id: 'no-such-cipher' }, 'owner2')).toEqual({ cipher_id: 'no-such-cipher', cleaned_up: false })
  })
})
