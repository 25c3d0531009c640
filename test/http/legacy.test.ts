// The old names: the User Guide's http.get/http.post (requests style) and the
// old HTTPHelper.pm's http_helper.lwp_request (urllib style), against the
// real test server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { call, rpc } from '../helpers.js'
import { buildHttpServer, web } from './env.js'

let app: FastifyInstance
beforeAll(async () => { app = await buildHttpServer() })
afterAll(async () => { await app.close() })

describe('http.get / http.post (User Guide)', () => {
  it('GET: {status_code, content} with headers sent, redirects followed', async () => {
    const r = await call(app, 'http.get', { url: `${web.http}/echo`, headers: { Authorization: 'Bearer token123', 'X-Who': 'guide' } }, 'guide-1')
    expect(r.status_code).toBe(200)
    expect(r.ok).toBe(true)
    const echo = JSON.parse(r.content)
    expect(echo.headers).toContainEqual(['Authorization', 'Bearer token123'])
    expect(echo.headers).toContainEqual(['X-Who', 'guide'])
    expect(r.headers['Content-Type']).toBe('application/json')
    const red = await call(app, 'http.get', { url: `${web.http}/redirect/3` }, 'guide-1')
    expect(red).toMatchObject({ status_code: 200, content: 'redirected\n', history: [302, 302, 302], url: `${web.http}/redirect/0` })
  })

  it('POST json and form data; params on the query string', async () => {
    const j = await call(app, 'http.post', { url: `${web.http}/echo`, json: { name: 'John', email: 'john@example.com' }, headers: { 'Content-Type': 'application/json' } }, 'guide-2')
    const e = JSON.parse(j.content)
    expect(e.method).toBe('POST')
    expect(Buffer.from(e.body_base64, 'base64').toString()).toBe('{"name":"John","email":"john@example.com"}')
    const f = await call(app, 'http.post', { url: `${web.http}/echo`, data: { a: '1 2', b: "O'Brien & co" }, params: { q: 'x/y' } }, 'guide-2')
    const fe = JSON.parse(f.content)
    expect(fe.url).toBe('/echo?q=x%2Fy')
    expect(Buffer.from(fe.body_base64, 'base64').toString()).toBe("a=1+2&b=O'Brien+%26+co")
    expect(fe.headers).toContainEqual(['Content-Type', 'application/x-www-form-urlencoded'])
  })

  it('decodes gzip and the charset; keeps cookies for the session only', async () => {
    const g = await call(app, 'http.get', { url: `${web.http}/gzip` }, 'guide-3')
    expect(g.content).toMatch(/^gzipped/)
    const c = await call(app, 'http.get', { url: `${web.http}/charset/iso-8859-1` }, 'guide-3')
    expect(c.content.startsWith('caf\u00e9')).toBe(true)
    const set = await call(app, 'http.get', { url: `${web.http}/cookies/set?flavour=oat&n=2` }, 'guide-3')
    expect(JSON.parse(set.content).cookie).toMatch(/flavour=oat/)
    const again = await call(app, 'http.get', { url: `${web.http}/cookies` }, 'guide-3')
    expect(JSON.parse(again.content).cookie).toMatch(/flavour=oat/)
    const other = await call(app, 'http.get', { url: `${web.http}/cookies` }, 'guide-4')
    expect(JSON.parse(other.content).cookie).toBeNull()
  })

  it('a 404 is a result; a refused connection is status 500 with error', async () => {
    const r = await call(app, 'http.get', { url: `${web.http}/status/404` }, 'guide-5')
    expect(r).toMatchObject({ status_code: 404, ok: false, content: 'status 404\n' })
    const x = await call(app, 'http.get', { url: 'http://127.0.0.1:1/' }, 'guide-5')
    expect(x).toMatchObject({ status_code: 500, ok: false, error: "Can't connect to 127.0.0.1:1 (Connection refused)" })
    const v = await call(app, 'http.get', { url: `${web.https}/small`, verify: false }, 'guide-5')
    expect(v).toMatchObject({ status_code: 200, content: 'ok\n' })
  })
})

describe('http_helper.lwp_request (old HTTPHelper.pm)', () => {
  it('GET and form POST in the old python shape', async () => {
    const r = await call(app, 'http_helper.lwp_request', { method: 'GET', url: `${web.http}/echo`, headers: { 'User-Agent': 'HTTPHelper/1.0' }, timeout: 30, verify_ssl: 1 })
    expect(r).toMatchObject({ success: true, status_code: 200, reason: 'OK', status_line: '200 OK', url: `${web.http}/echo` })
    expect(r.body).toBe(r.content)
    expect(JSON.parse(r.content).headers).toContainEqual(['User-Agent', 'HTTPHelper/1.0'])
    expect(typeof r.elapsed).toBe('number')
    const p = await call(app, 'http_helper.lwp_request', { method: 'POST', url: `${web.http}/echo`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, content: 'a=1&b=2', form_encoded_content: 'a=1&b=2' })
    const e = JSON.parse(p.content)
    expect(Buffer.from(e.body_base64, 'base64').toString()).toBe('a=1&b=2')
  })

  it('HTTP errors, redirects and connection failures as the old helper reported them', async () => {
    const n = await call(app, 'http_helper.lwp_request', { method: 'GET', url: `${web.http}/status/404` })
    expect(n).toMatchObject({ success: false, status_code: 404, reason: 'Not Found', status_line: '404 Not Found', content: 'status 404\n', error: 'HTTP 404: Not Found' })
    const red = await call(app, 'http_helper.lwp_request', { method: 'GET', url: `${web.http}/redirect/2` })
    expect(red).toMatchObject({ success: true, content: 'redirected\n', url: `${web.http}/redirect/0` })
    const x = await call(app, 'http_helper.lwp_request', { method: 'GET', url: 'http://127.0.0.1:1/' })
    expect(x).toMatchObject({ success: false, status_code: 500, reason: 'Connection Error', content: '', headers: {}, error: "Connection failed: Can't connect to 127.0.0.1:1 (Connection refused)" })
    const t = await call(app, 'http_helper.lwp_request', { method: 'GET', url: `${web.http}/hang`, timeout: 1 })
    expect(t).toMatchObject({ success: false, status_code: 500, reason: 'Request Error', error: 'Request failed: read timeout' })
  })

  it('a bad URL is an error naming the field', async () => {
    const r = await rpc(app, 'http_helper.lwp_request', { method: 'GET', url: 'not a url' })
    expect(r.error?.data).toMatchObject({ type: 'invalid_params', field: 'params.url' })
  })
})
