// A server that dies in the middle of a body (a private one, killed after
// ~300 KB): the reader gets what came and then error {kind: "truncated"},
// for a sized and a chunked body, through read_body; a content_file leaves
// nothing behind; the daemon serves the next request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo, Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { call } from '../helpers.js'
import { buildHttpServer, bytes, web } from '../http/env.js'

let app: FastifyInstance
let server: http.Server
let base = ''
let dir: string
const sockets = new Set<Socket>()

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-http-cut-'))
  app = await buildHttpServer()
  server = http.createServer((req, res) => {
    const chunked = req.url === '/chunked'
    res.writeHead(200, chunked ? { 'Content-Type': 'application/octet-stream' } : { 'Content-Type': 'application/octet-stream', 'Content-Length': '1000000' })
    let sent = 0
    const more = (): void => {
      if (sent >= 300_000) { res.socket?.destroy(); return }
      sent += 50_000
      res.write(Buffer.alloc(50_000, 0x61), () => setTimeout(more, 5))
    }
    more()
  })
  server.on('connection', s => { sockets.add(s); s.on('close', () => sockets.delete(s)) })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await app.close()
  for (const s of sockets) s.destroy()
  await new Promise(resolve => server.close(resolve))
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('a body cut by a dying server', () => {
  for (const p of ['/sized', '/chunked']) {
    it(`${p}: what came, then error truncated; the next request is fine`, async () => {
      const r = await call(app, 'http.request', { method: 'GET', url: `${base}${p}`, first_block: 10_000 }, 'cut')
      expect(r.code).toBe(200)
      let n = bytes(r.content).length
      let error: unknown
      let more = r.more as string | null
      while (more !== null) {
        const b = await call(app, 'http.read_body', { body: more, max_bytes: 64_000 }, 'cut')
        n += bytes(b.content).length
        if (b.eof) { error = b.error; more = null }
      }
      expect(n).toBe(300_000)
      expect(error).toEqual({ kind: 'truncated', message: 'truncated' })
      const ok = await call(app, 'http.request', { method: 'GET', url: `${web.http}/small` }, 'cut')
      expect(bytes(ok.content).toString()).toBe('ok\n')
    })
  }

  it('a script that dies during a content_file download: its session ends, the download stops, no file is left', async () => {
    const file = path.join(dir, 'big.bin')
    const download = call(app, 'http.request', { method: 'GET', url: `${web.http}/bytes/104857600`, content_file: file }, 'dying-script')
    // under way: the temporary beside the final name has bytes
    for (let i = 0; i < 400; i++) {
      const temp = fs.readdirSync(dir).find(n => n.endsWith('.part'))
      if (temp !== undefined && fs.statSync(path.join(dir, temp)).size > 0) break
      await new Promise(resolve => setTimeout(resolve, 5))
    }
    await app.sessions.endSession('dying-script')
    const r = await download
    expect(r.error).toEqual({ kind: 'protocol', message: 'cancelled: the session ended' })
    expect(r.content_file_bytes).toBe(0)
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it('a script that dies while the server keeps it waiting: the request stops, its connection is not left busy', async () => {
    const waiting = call(app, 'http.request', { method: 'GET', url: `${web.http}/hang` }, 'dying-waiter')
    for (let i = 0; i < 200 && (app.sessions.handlesByKind().http_request ?? 0) === 0; i++) await new Promise(resolve => setTimeout(resolve, 5))
    await new Promise(resolve => setTimeout(resolve, 100))
    await app.sessions.endSession('dying-waiter')
    const r = await waiting
    expect(r.error).toEqual({ kind: 'protocol', message: 'cancelled: the session ended' })
    // the socket goes once undici has torn it down (an event later)
    const busy = (): number => (app.status.connections().pooled_connections as Record<string, Array<{ origin: string, busy: number }>>).http
      .filter(c => c.origin === web.http).reduce((n, c) => n + c.busy, 0)
    for (let i = 0; i < 100 && busy() > 0; i++) await new Promise(resolve => setTimeout(resolve, 10))
    expect(busy()).toBe(0)
  })

  it('content_file: nothing under the name, no temporary left', async () => {
    const file = path.join(dir, 'cut.bin')
    const r = await call(app, 'http.request', { method: 'GET', url: `${base}/sized`, content_file: file }, 'cut')
    expect(r.error).toEqual({ kind: 'truncated', message: 'truncated' })
    expect(fs.readdirSync(dir)).toEqual([])
  })
})
