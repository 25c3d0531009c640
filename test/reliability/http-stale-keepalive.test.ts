// A pooled keep-alive connection that the server drops as the next script's
// request goes out (its keep-alive timeout ran out): without the pool that
// script would have opened its own connection, so an idempotent request is
// sent again, once, on a new connection; a POST is not (it may have had an
// effect) and gets LWP's "Server closed connection without sending any data
// back". A private raw server makes the drop exact: its first connection
// answers one request and closes on the second.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import net from 'node:net'
import type { FastifyInstance } from 'fastify'
import { call } from '../helpers.js'
import { buildHttpServer, bytes } from '../http/env.js'

let app: FastifyInstance
let server: net.Server
let port = 0
let connections = 0
const sockets = new Set<net.Socket>()

/** closes the server and its connections (the daemon's pool keeps one open) */
async function stopServer (): Promise<void> {
  for (const s of sockets) s.destroy()
  await new Promise(resolve => server.close(resolve))
}

function startServer (): Promise<void> {
  server = net.createServer(socket => {
    const conn = ++connections
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    let seen = 0
    let buf = ''
    socket.on('data', d => {
      buf += d.toString('latin1')
      for (let end = buf.indexOf('\r\n\r\n'); end >= 0; end = buf.indexOf('\r\n\r\n')) {
        const head = buf.slice(0, end)
        const len = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0)
        if (buf.length < end + 4 + len) return
        buf = buf.slice(end + 4 + len)
        seen++
        // the first connection serves one request and drops the next without a word
        if (conn === 1 && seen === 2) { socket.destroy(); return }
        const body = `c${conn}`
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body}`)
      }
    })
    socket.on('error', () => undefined)
  })
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => { port = (server.address() as net.AddressInfo).port; resolve() }))
}

beforeAll(async () => { app = await buildHttpServer() })
afterAll(async () => {
  await app.close()
  await stopServer()
})

describe('a pooled connection dropped by the server', () => {
  it('an idempotent request goes again on a new connection; a POST gets the failure', async () => {
    await startServer()
    const url = `http://127.0.0.1:${port}/x`
    const first = await call(app, 'http.request', { method: 'GET', url }, 'script-a')
    expect(bytes(first.content).toString()).toBe('c1')
    const again = await call(app, 'http.request', { method: 'GET', url }, 'script-b')
    expect(again.code).toBe(200)
    expect(bytes(again.content).toString()).toBe('c2')
    expect(connections).toBe(2)

    await stopServer()
    connections = 0
    await startServer()
    const url2 = `http://127.0.0.1:${port}/y`
    expect(bytes((await call(app, 'http.request', { method: 'GET', url: url2 }, 'script-c')).content).toString()).toBe('c1')
    const post = await call(app, 'http.request', { method: 'POST', url: url2, content: 'x' }, 'script-d')
    expect(post).toMatchObject({ code: 500, message: 'Server closed connection without sending any data back', error: { kind: 'reset' } })
    expect(connections).toBe(1)
  })
})
