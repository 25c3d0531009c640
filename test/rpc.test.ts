import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, rpc } from './helpers.js'

describe('JSON-RPC envelope', () => {
  let app: FastifyInstance
  beforeEach(async () => { app = await buildTestServer() })
  afterEach(async () => { await app.close() })

  it('answers test.ping with pong', async () => {
    const r = await rpc(app, 'test.ping')
    expect(r.result.message).toBe('pong')
  })

  it('answers a batch of one with an array of one', async () => {
    const res = await app.inject({ method: 'POST', url: '/rpc', headers: { 'content-type': 'application/json' }, payload: '[{"jsonrpc":"2.0","id":7,"method":"test.ping"}]' })
    const body = JSON.parse(res.body)
    expect(Array.isArray(body)).toBe(true)
    expect(body).toHaveLength(1)
    expect(body[0].id).toBe(7)
  })
})
