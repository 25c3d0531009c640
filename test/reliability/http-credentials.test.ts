// Credentials a script sends over HTTP (Authorization values, a URL's or a
// proxy's user:password) never reach the daemon's log (at trace level with
// request logging on), /connections, or an error message, whatever happens
// to the request: success, 401, refused, timeout, a bad header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { call, rpc } from '../helpers.js'
import { buildHttpServer, web } from '../http/env.js'

let app: FastifyInstance
let dir: string
const SECRET = `s3cret-${process.pid}-tok`
const basic = (u: string, p: string): string => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64')

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-http-cred-'))
  app = await buildHttpServer({ logFile: path.join(dir, 'daemon.log'), logLevel: 'trace', debug: true })
})
afterAll(async () => {
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('HTTP credentials stay out of logs, listings and errors', () => {
  it('through every outcome of a request', async () => {
    const s = 'cred-script'
    const seen: string[] = []
    const keep = (v: unknown): void => { seen.push(JSON.stringify(v)) }
    // the server checks the password: the header did go out
    const ok = await call(app, 'http.request', { method: 'GET', url: `${web.http}/basic-auth`, headers: [['Authorization', basic(web.user, web.password)]] }, s)
    expect(ok.code).toBe(200)
    keep(ok)
    keep(await call(app, 'http.request', { method: 'GET', url: `${web.http}/basic-auth`, headers: [['Authorization', `Bearer ${SECRET}`]] }, s))
    // user:password in the URL becomes Basic auth, as LWP's http protocol does
    const inUrl = await call(app, 'http.request', { method: 'GET', url: `http://${web.user}:${encodeURIComponent(web.password)}@127.0.0.1:18080/basic-auth` }, s)
    expect(inUrl.code).toBe(200)
    keep(inUrl)
    keep(await call(app, 'http.request', { method: 'GET', url: `http://u:${SECRET}@127.0.0.1:1/`, headers: [['Authorization', `Bearer ${SECRET}`]] }, s))
    keep(await call(app, 'http.request', { method: 'GET', url: `${web.http}/hang`, timeout: 0.5, headers: [['Authorization', `Bearer ${SECRET}`]] }, s))
    keep(await rpc(app, 'http.request', { method: 'GET', url: `${web.http}/small`, headers: [['Authorization', `Bearer ${SECRET}\r\nX: y`]] }, s))
    keep(await call(app, 'http.request', { method: 'GET', url: `${web.http}/echo`, proxy: `http://u:${SECRET}@${web.proxy.replace('http://', '')}` }, s))
    keep(await call(app, 'http.request', { method: 'GET', url: `${web.https}/small`, proxy: `http://u:${SECRET}@${web.proxy.replace('http://', '')}`, ssl_opts: { SSL_ca_file: web.ca } }, s))
    keep(await call(app, 'http.get', { url: `${web.http}/status/401`, headers: { Authorization: `Bearer ${SECRET}` } }, s))
    keep(await call(app, 'http_helper.lwp_request', { method: 'GET', url: 'http://127.0.0.1:1/', headers: { Authorization: `Bearer ${SECRET}` } }, s))
    const listing = (await app.inject({ method: 'GET', url: '/connections' })).body
    expect(listing).toContain('127.0.0.1:18080')
    expect(listing).toContain(web.proxy)
    await app.close()
    app = await buildHttpServer()
    const log = fs.readFileSync(path.join(dir, 'daemon.log'), 'utf8')
    // the log was written (the test would prove nothing otherwise)
    expect(log).toMatch(/http\.request/)
    for (const text of [log, listing, ...seen.filter(t => !t.includes('"headers":[["'))]) {
      expect(text).not.toContain(SECRET)
      expect(text).not.toContain(web.password)
      expect(text).not.toContain(basic(web.user, web.password).slice(6))
    }
    // replies echo only what the server sent back: an error never quotes the header value
    expect(seen.join('\n')).not.toContain(SECRET)
  })
})
