// The daemon stopping with HTTP work in flight: a request a server keeps
// waiting and a half-read body. Whenever the stop comes (before undici is
// loaded, while a CA file is read, with the request on the wire) close()
// returns and the waiting call is answered: shutting_down, or a result
// saying so; nothing is left to its 180 s timeout, no new Agent is made.
import { describe, expect, it } from 'vitest'
import { call, rpc } from '../helpers.js'
import { buildHttpServer, web } from '../http/env.js'

describe('stopping the daemon with requests in flight', () => {
  for (const delay of [0, 2, 100]) {
    it(`stop ${delay} ms after the calls`, async () => {
      const app = await buildHttpServer()
      const body = delay > 50 ? await call(app, 'http.request', { method: 'GET', url: `${web.http}/bytes/104857600`, first_block: 65536 }, 'stop-reader') : undefined
      const waiting = rpc(app, 'http.request', { method: 'GET', url: `${web.http}/hang` }, 'stop-waiter')
      await new Promise(resolve => setTimeout(resolve, delay))
      await app.close()
      const r = await waiting
      if (r.error !== undefined) expect(r.error.data?.type).toBe('shutting_down')
      else expect(r.result).toMatchObject({ code: 500, error: { message: expect.stringMatching(/shutting down|cancelled/) } })
      expect(app.http.list()).toEqual([])
      if (body !== undefined) expect(body.more).toEqual(expect.any(String))
    })
  }
})
