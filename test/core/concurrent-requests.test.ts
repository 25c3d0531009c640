// system.metrics' resource_status.concurrent_requests (the old daemon's
// field) counts the requests being answered. A client that gives up while
// its call still runs (its timeout) must not leave the count up for good.
import { afterAll, beforeAll, expect, it } from 'vitest'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { buildServer } from '../../src/server.js'
import { listenAll } from '../../src/listen.js'
import { testConfig } from '../../src/config.js'

let dir: string
let sock: string
let close: () => Promise<void>

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-inflight-'))
  sock = path.join(dir, 'bridge.sock')
  ;({ close } = await listenAll(testConfig({ socketPath: sock }), buildServer))
})
afterAll(async () => {
  await close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** One call on a fresh connection; `giveUpMs` destroys it before the reply, as a client's timeout does. */
function call (method: string, params: unknown, giveUpMs?: number): Promise<Record<string, any> | null> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })
    const req = http.request({ socketPath: sock, path: '/rpc', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-bridge-session': 'inflight-test' } }, res => {
      let text = ''
      res.on('data', (c: Buffer) => { text += c.toString() })
      res.on('end', () => { resolve(JSON.parse(text).result as Record<string, any>) })
    })
    req.on('error', err => { if (giveUpMs === undefined) reject(err); else resolve(null) })
    if (giveUpMs !== undefined) setTimeout(() => { req.destroy() }, giveUpMs)
    req.end(body)
  })
}

const inFlight = async (): Promise<number> => (await call('system.metrics', {}))?.resource_status.concurrent_requests as number

it('counts calls being answered, and a call whose client gave up stops counting once it ends', async () => {
  expect(await inFlight(), 'only the asking call').toBe(1)
  const running = [call('test.sleep', { ms: 400 }), call('test.sleep', { ms: 400 })]
  await new Promise(resolve => setTimeout(resolve, 100))
  expect(await inFlight(), 'two sleeps and the asking call').toBe(3)
  await Promise.all(running)
  // two clients that time out while their calls still run
  await Promise.all([call('test.sleep', { ms: 300 }, 50), call('test.sleep', { ms: 300 }, 50)])
  await new Promise(resolve => setTimeout(resolve, 500))
  expect(await inFlight(), 'the abandoned calls ended and are no longer counted').toBe(1)
})
