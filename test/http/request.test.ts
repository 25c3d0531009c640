// http.request / read_body / close_body against the real test server
// (scripts/http-test-server.mjs): the wire as LWP needs it (raw header lists,
// undecoded bodies), bodies by block, content_file, max_size, timeouts, TLS
// profiles and the pool they key, the proxy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import type { FastifyInstance } from 'fastify'
import { call, rpc } from '../helpers.js'
import { buildHttpServer, bytes, header, web } from './env.js'

let app: FastifyInstance
let dir: string
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
/** /bytes/<n>'s body: byte i is i % 251 */
const pattern = (n: number, from = 0): Buffer => { const b = Buffer.alloc(n); for (let i = 0; i < n; i++) b[i] = (from + i) % 251; return b }
const get = async (url: string, extra: Record<string, unknown> = {}, session = 'http-test'): Promise<any> => await call(app, 'http.request', { method: 'GET', url, ...extra }, session)
const echoOf = (r: any): any => JSON.parse(bytes(r.content).toString('utf8'))
const filesIn = (d: string): string[] => fs.readdirSync(d).sort()

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-http-'))
  app = await buildHttpServer()
})
afterAll(async () => {
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('the wire as sent and received', () => {
  it('sends the header list in order with duplicates and case kept, and the content as bytes', async () => {
    const body = Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0x2e, 0x0d, 0x0a])
    const r = await call(app, 'http.request', {
      method: 'POST',
      url: `${web.http}/echo?x=1&y=%2F`,
      headers: [['X-Second', 'b'], ['x-first', 'a'], ['X-Dup', '1'], ['X-Dup', '2'], ['Content-Type', 'application/octet-stream'], ['X-Latin', 'caf\u00e9']],
      content: { $base64: body.toString('base64') },
    })
    expect(r.code).toBe(200)
    const echo = echoOf(r)
    expect(echo.method).toBe('POST')
    expect(echo.url).toBe('/echo?x=1&y=%2F')
    const names = echo.headers.map((h: [string, string]) => h[0])
    // Host first (added when absent), then the list as given
    expect(names.filter((n: string) => !['host', 'connection', 'content-length'].includes(n.toLowerCase()))).toEqual(['X-Second', 'x-first', 'X-Dup', 'X-Dup', 'Content-Type', 'X-Latin'])
    expect(echo.headers.filter((h: [string, string]) => h[0] === 'X-Dup').map((h: [string, string]) => h[1])).toEqual(['1', '2'])
    expect(echo.headers.find((h: [string, string]) => h[0].toLowerCase() === 'host')[1]).toBe('127.0.0.1:18080')
    expect(echo.body_base64).toBe(body.toString('base64'))
    expect(echo.headers.find((h: [string, string]) => h[0].toLowerCase() === 'content-length')[1]).toBe(String(body.length))
    // the server saw the latin-1 byte, not its UTF-8 form
    const latin = echo.headers.find((h: [string, string]) => h[0] === 'X-Latin')[1] as string
    expect(Buffer.from(latin, 'latin1')).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9]))
  })

  it('the script\'s Host wins, and a URL path is sent as written (no dot-segment folding)', async () => {
    const e = echoOf(await get(`${web.http}/echo/a/../b`, { headers: [['Host', 'example.test:8080']] }))
    expect(e.url).toBe('/echo/a/../b')
    expect(e.headers.find((h: [string, string]) => h[0].toLowerCase() === 'host')[1]).toBe('example.test:8080')
  })

  it('returns the response headers raw: server case, order and duplicates kept', async () => {
    const r = await get(`${web.http}/headers-multi`)
    expect(r.code).toBe(200)
    expect(r.message).toBe('OK')
    expect(r.protocol).toBe('HTTP/1.1')
    expect(r.peer).toBe('127.0.0.1:18080')
    expect(header(r.headers, 'set-cookie').length).toBe(2)
    expect(header(r.headers, 'x-multi').length).toBe(2)
    const names = r.headers.map((h: [string, string]) => h[0])
    expect(names.indexOf('Set-Cookie')).toBeGreaterThanOrEqual(0)
    const firstMulti = names.indexOf('X-Multi')
    expect(names.lastIndexOf('X-Multi')).toBeGreaterThan(firstMulti)
  })

  it('leaves gzip and deflate bodies as received', async () => {
    for (const [p, magic] of [['/gzip', [0x1f, 0x8b]], ['/deflate', [0x78]]] as const) {
      const r = await get(`${web.http}${p}`, { headers: [['Accept-Encoding', 'gzip, deflate']] })
      expect(r.code).toBe(200)
      const b = bytes(r.content)
      expect([...b.subarray(0, magic.length)]).toEqual(magic)
      expect(header(r.headers, 'content-encoding')[0]).toBe(p.slice(1))
    }
  })

  it('reads a chunked body whole, and the reason phrase as the server sent it', async () => {
    const r = await get(`${web.http}/chunked?n=7&size=1000`)
    const b = bytes(r.content)
    expect(b.length).toBe(7000)
    // chunk k is 1000 of the k-th letter
    expect(b.subarray(0, 1000).toString()).toBe('a'.repeat(1000))
    expect(b.subarray(6000).toString()).toBe('g'.repeat(1000))
    expect(header(r.headers, 'transfer-encoding')[0]).toBe('chunked')
    const s = await get(`${web.http}/status/418`)
    expect(s.code).toBe(418)
    expect(bytes(s.content).toString()).toBe('status 418\n')
    const n = await get(`${web.http}/status/204`)
    expect(n.code).toBe(204)
    expect(bytes(n.content).length).toBe(0)
    const h = await call(app, 'http.request', { method: 'HEAD', url: `${web.http}/bytes/5000` }, 'http-test')
    expect(header(h.headers, 'content-length')[0]).toBe('5000')
    expect(bytes(h.content).length).toBe(0)
  })

  it('a body past first_block comes through read_body, byte for byte, and the handle closes at the end', async () => {
    const n = 3 * 1024 * 1024 + 17
    const r = await get(`${web.http}/bytes/${n}`, { first_block: 1024 * 1024 })
    expect(typeof r.more).toBe('string')
    const parts = [bytes(r.content)]
    expect(parts[0].length).toBe(1024 * 1024)
    for (;;) {
      const b = await call(app, 'http.read_body', { body: r.more, max_bytes: 700_000 }, 'http-test')
      parts.push(bytes(b.content))
      expect(bytes(b.content).length).toBeLessThanOrEqual(700_000)
      if (b.eof) { expect(b.error).toBeUndefined(); break }
    }
    const all = Buffer.concat(parts)
    expect(all.length).toBe(n)
    expect(sha(all)).toBe(sha(pattern(n)))
    const gone = await rpc(app, 'http.read_body', { body: r.more }, 'http-test')
    expect(gone.error?.data?.type).toBe('handle_not_found')
    expect(await call(app, 'http.close_body', { body: r.more }, 'http-test')).toEqual({ closed: true })
  })

  it('block boundaries never split or repeat bytes: chunked and sized bodies, odd first_block and max_bytes', async () => {
    for (const [path, expect_] of [
      ['/bytes/2000003', pattern(2000003)],
      ['/chunked?n=2000&size=1000', Buffer.from(Array.from({ length: 2000 }, (_, k) => String.fromCharCode(97 + k % 26).repeat(1000)).join(''))],
    ] as const) {
      for (const [first, max] of [[1, 7], [1000, 777_777], [65536, 3_000_000], [4 * 1024 * 1024, 4 * 1024 * 1024]]) {
        const r = await get(`${web.http}${path}`, { first_block: first })
        const parts = [bytes(r.content)]
        let more = r.more as string | null
        for (let i = 0; more !== null && i < 300; i++) {
          const b = await call(app, 'http.read_body', { body: more, max_bytes: i < 3 ? max : Math.max(max, 500_000) }, 'http-test')
          parts.push(bytes(b.content))
          if (b.eof) more = null
        }
        const all = Buffer.concat(parts)
        expect(all.length, `${path} ${first}/${max}`).toBe(expect_.length)
        expect(sha(all), `${path} ${first}/${max}`).toBe(sha(expect_))
      }
    }
  })

  it('close_body drops the rest, another session cannot read the handle, and the next request works', async () => {
    const r = await get(`${web.http}/bytes/20000000`, { first_block: 65536 })
    expect(r.more).toEqual(expect.any(String))
    const other = await rpc(app, 'http.read_body', { body: r.more }, 'someone-else')
    expect(other.error?.data?.type).toBe('handle_not_owned')
    expect(await call(app, 'http.close_body', { body: r.more }, 'http-test')).toEqual({ closed: true })
    const s = await get(`${web.http}/small`)
    expect(bytes(s.content).toString()).toBe('ok\n')
  })

  it('a session that ends closes its body handles', async () => {
    const r = await get(`${web.http}/bytes/20000000`, { first_block: 65536 }, 'ending-session')
    expect(app.sessions.handlesByKind().http_body ?? 0).toBeGreaterThan(0)
    await app.sessions.endSession('ending-session')
    const gone = await rpc(app, 'http.read_body', { body: r.more }, 'ending-session')
    expect(gone.error?.data?.type).toBe('handle_not_found')
  })
})

describe('content_file', () => {
  it('streams a 2xx body to the file through a temporary name', async () => {
    const file = path.join(dir, "big O'Brien $(x).bin")
    const r = await get(`${web.http}/bytes/3000000`, { content_file: file })
    expect(r.code).toBe(200)
    expect(r.content_file_bytes).toBe(3000000)
    expect(bytes(r.content).length).toBe(0)
    expect(r.more).toBeNull()
    expect(sha(fs.readFileSync(file))).toBe(sha(pattern(3000000)))
    expect(filesIn(dir)).toEqual([path.basename(file)])
    fs.rmSync(file)
  })

  it('leaves nothing under the name when the body is cut or never comes, and keeps an old file', async () => {
    const file = path.join(dir, 'cut.bin')
    const t = await get(`${web.http}/truncated`, { content_file: file })
    expect(t.code).toBe(200)
    expect(t.error).toEqual({ kind: 'truncated', message: 'truncated' })
    expect(filesIn(dir)).toEqual([])
    const c = await get(`${web.http}/close`, { content_file: file })
    expect(c.code).toBe(500)
    expect(filesIn(dir)).toEqual([])
    fs.writeFileSync(file, 'old')
    await get(`${web.http}/truncated`, { content_file: file })
    expect(fs.readFileSync(file, 'utf8')).toBe('old')
    fs.rmSync(file)
  })

  it('a non-2xx body is the content, the file untouched (as LWP)', async () => {
    const file = path.join(dir, 'err.bin')
    const r = await get(`${web.http}/status/404`, { content_file: file })
    expect(r.code).toBe(404)
    expect(bytes(r.content).toString()).toBe('status 404\n')
    expect(r.content_file_bytes).toBeUndefined()
    expect(fs.existsSync(file)).toBe(false)
  })

  it('a file that cannot be written is LWP\'s X-Died text, in a result', async () => {
    const r = await get(`${web.http}/small`, { content_file: path.join(dir, 'no-such-dir', 'f') })
    expect(r.code).toBe(200)
    expect(r.error).toEqual({ kind: 'file', message: `Can't write to '${path.join(dir, 'no-such-dir', 'f')}': No such file or directory` })
  })
})

describe('max_size', () => {
  it('stops past max_size and keeps what LWP keeps (its 1024/4096-byte reads)', async () => {
    // the figures the real LWP 6.68 gives against this server (its request says Connection: close, so the
    // response head, and with it the first read's share of body, is the same as here)
    const cases: Array<[number, number]> = [[1000, 4981], [4096, 4981], [5000, 9077]]
    for (const [max, kept] of cases) {
      const r = await get(`${web.http}/bytes/100000`, { max_size: max, headers: [['Connection', 'close']] })
      expect(r.aborted).toBe('max_size')
      expect(bytes(r.content)).toEqual(pattern(kept))
    }
    const whole = await get(`${web.http}/bytes/100000`, { max_size: 100000 })
    expect(whole.aborted).toBeUndefined()
    expect(bytes(whole.content).length).toBe(100000)
  })

  it('applies through read_body and to content_file', async () => {
    const r = await get(`${web.http}/bytes/5000000`, { max_size: 2_000_000, first_block: 500_000 })
    let n = bytes(r.content).length
    let aborted: unknown
    for (;;) {
      const b = await call(app, 'http.read_body', { body: r.more }, 'http-test')
      n += bytes(b.content).length
      if (b.eof) { aborted = b.aborted; break }
    }
    expect(aborted).toBe('max_size')
    expect(n).toBeGreaterThan(2_000_000)
    expect(n).toBeLessThan(2_010_000)
    const file = path.join(dir, 'max.bin')
    const f = await get(`${web.http}/bytes/100000`, { max_size: 1000, content_file: file, headers: [['Connection', 'close']] })
    expect(f.aborted).toBe('max_size')
    expect(fs.statSync(file).size).toBe(4981)
    fs.rmSync(file)
  })
})

describe('transport failures as results in LWP\'s words', () => {
  it('a refused port, an unknown host', async () => {
    const r = await get('http://127.0.0.1:1/')
    expect(r).toMatchObject({ code: 500, message: "Can't connect to 127.0.0.1:1 (Connection refused)", headers: [], more: null, error: { kind: 'connect' } })
    const d = await get('http://no-such-host.invalid/x')
    expect(d).toMatchObject({ code: 500, message: "Can't connect to no-such-host.invalid:80 (Name or service not known)", error: { kind: 'dns' } })
  })

  it('read timeout: a server that never answers, and one that stops sending the body', async () => {
    const h = await get(`${web.http}/hang`, { timeout: 1 })
    expect(h).toMatchObject({ code: 500, message: 'read timeout', error: { kind: 'timeout', message: 'read timeout' } })
    // the server sends its head with the first byte: before that a stall is the head's, after it the body's
    const d = await get(`${web.http}/drip?ms=3000&n=3`, { timeout: 1 })
    expect(d.error).toEqual({ kind: 'timeout', message: 'read timeout' })
    // a drip faster than the timeout is no failure: the timeout is between reads, not for the whole body
    const ok = await get(`${web.http}/drip?ms=300&n=5`, { timeout: 1 })
    expect(ok.error).toBeUndefined()
    expect(bytes(ok.content).length).toBe(5)
  })

  it('timeout 0 waits for ever (as LWP), and a huge timeout is no instant one', async () => {
    expect((await get(`${web.http}/slow?ms=1500`, { timeout: 0 })).code).toBe(200)
    expect((await get(`${web.http}/slow?ms=300`, { timeout: 1e9 })).code).toBe(200)
  })

  it('a TLS handshake that never comes times out as LWP words it (no reason)', async () => {
    const net = await import('node:net')
    const silent = net.createServer(() => undefined)
    const open: Array<import('node:net').Socket> = []
    silent.on('connection', s => open.push(s))
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as import('node:net').AddressInfo).port
    try {
      const r = await get(`https://127.0.0.1:${port}/x`, { timeout: 1 })
      expect(r).toMatchObject({ code: 500, message: `Can't connect to 127.0.0.1:${port}`, error: { kind: 'timeout' } })
    } finally {
      for (const s of open) s.destroy()
      await new Promise(resolve => silent.close(resolve))
    }
  })

  it('a closed connection and a cut body', async () => {
    const c = await get(`${web.http}/close`)
    expect(c).toMatchObject({ code: 500, message: 'Server closed connection without sending any data back', error: { kind: 'reset' } })
    const t = await get(`${web.http}/truncated`)
    expect(t.code).toBe(200)
    expect(bytes(t.content).toString()).toBe('0123456789')
    expect(t.error).toEqual({ kind: 'truncated', message: 'truncated' })
  })

  it('bad params are RPC errors naming the field', async () => {
    for (const [params, field] of [
      [{ method: 'GET', url: 'ftp://127.0.0.1/' }, 'params.url'],
      [{ method: 'GET', url: 'http://127.0.0.1/a b' }, 'params.url'],
      [{ method: 'GET', url: 'http://127.0.0.1:99999/' }, 'params.url'],
      [{ method: 'GE T', url: `${web.http}/small` }, 'params.method'],
      [{ method: 'GET', url: `${web.http}/small`, headers: [['X-Bad', 'a\r\nInjected: 1']] }, 'params.headers.0.1'],
      [{ method: 'GET', url: `${web.http}/small`, headers: [['Bad Name', 'x']] }, 'params.headers.0.0'],
      [{ method: 'GET', url: `${web.https}/small`, ssl_opts: { SSL_cert_flie: 'x' } }, 'params.ssl_opts.SSL_cert_flie'],
      [{ method: 'GET', url: `${web.http}/small`, proxy: 'socks5://127.0.0.1:1' }, 'params.proxy'],
    ] as const) {
      const r = await rpc(app, 'http.request', params, 'http-test')
      expect(r.error?.data, JSON.stringify(params)).toMatchObject({ type: 'invalid_params', field })
    }
  })
})

describe('TLS', () => {
  it('verifies by default: the self-signed server fails; verify_hostname => 0 alone still checks the chain (IO::Socket::SSL)', async () => {
    const r = await get(`${web.https}/small`)
    expect(r).toMatchObject({ code: 500, message: "Can't connect to 127.0.0.1:18443 (certificate verify failed)", error: { kind: 'tls' } })
    const h = await get(`${web.https}/small`, { ssl_opts: { verify_hostname: 0 } })
    expect(h.message).toBe("Can't connect to 127.0.0.1:18443 (certificate verify failed)")
  })

  it('SSL_ca_file trusts the server (IP and DNS names); SSL_verify_mode 0 turns checks off', async () => {
    const r = await get(`${web.https}/small`, { ssl_opts: { SSL_ca_file: web.ca } })
    expect(r.code).toBe(200)
    expect(r.tls).toMatchObject({ verified: true, cert_subject: '/CN=127.0.0.1', cert_issuer: '/CN=127.0.0.1' })
    const l = await get(`${web.https.replace('127.0.0.1', 'localhost')}/small`, { ssl_opts: { SSL_ca_file: web.ca } })
    expect(l.code).toBe(200)
    const off = await get(`${web.https}/small`, { ssl_opts: { verify_hostname: 0, SSL_verify_mode: 0 } })
    expect(off.code).toBe(200)
    expect(off.tls.verified).toBe(false)
    const missing = await get(`${web.https}/small`, { ssl_opts: { SSL_ca_file: path.join(dir, 'none.pem') } })
    expect(missing).toMatchObject({ code: 500, message: `SSL_ca_file ${path.join(dir, 'none.pem')} can't be used: No such file or directory`, error: { kind: 'tls' } })
  })

  it('SSL_ca_path uses the certificates under OpenSSL hash names only, as OpenSSL does; missing files in LWP\'s words', async () => {
    const hash = execFileSync('openssl', ['x509', '-hash', '-noout', '-in', web.ca], { encoding: 'utf8' }).trim()
    const cadir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-http-capath-'))
    try {
      fs.copyFileSync(web.ca, path.join(cadir, 'cert.pem'))
      const plain = await get(`${web.https}/small`, { ssl_opts: { SSL_ca_path: cadir } })
      expect(plain.message).toBe("Can't connect to 127.0.0.1:18443 (certificate verify failed)")
      fs.copyFileSync(web.ca, path.join(cadir, `${hash}.0`))
      const hashed = await get(`${web.https}/small`, { ssl_opts: { SSL_ca_path: cadir } })
      expect(hashed.code).toBe(200)
    } finally {
      fs.rmSync(cadir, { recursive: true, force: true })
    }
    const none = await get(`${web.https}/small`, { ssl_opts: { SSL_ca_path: path.join(dir, 'no-dir') } })
    expect(none.message).toBe(`SSL_ca_path ${path.join(dir, 'no-dir')} does not exist`)
    const cert = await get(`${web.https}/small`, { ssl_opts: { SSL_ca_file: web.ca, SSL_cert_file: path.join(dir, 'none.pem') } })
    expect(cert.message).toBe(`SSL_cert_file ${path.join(dir, 'none.pem')} can't be used: No such file or directory`)
  })

  it('a connection made without verification is never handed to a verifying request, nor the other way round', async () => {
    const conn = async (ssl: Record<string, unknown>, session: string): Promise<number> => echoConn(await get(`${web.https}/connection-id`, { ssl_opts: ssl }, session))
    const off = await conn({ SSL_verify_mode: 0 }, 'tls-a')
    const on = await conn({ SSL_ca_file: web.ca }, 'tls-b')
    expect(on).not.toBe(off)
    expect(await conn({ SSL_verify_mode: 0 }, 'tls-c')).toBe(off)
    expect(await conn({ SSL_ca_file: web.ca }, 'tls-d')).toBe(on)
    // a different CA file content is another profile too
    const other = path.join(dir, 'ca-copy.pem')
    fs.writeFileSync(other, fs.readFileSync(web.ca, 'utf8') + '\n')
    expect(await conn({ SSL_ca_file: other }, 'tls-e')).not.toBe(on)
    fs.rmSync(other)
  })
})

const echoConn = (r: any): number => JSON.parse(bytes(r.content).toString()).conn as number

describe('the shared pool', () => {
  it('reuses a keep-alive connection across sessions (scripts), and counts its responses', async () => {
    const a = await get(`${web.http}/connection-id`, {}, 'script-1')
    const b = await get(`${web.http}/connection-id`, {}, 'script-2')
    expect(echoConn(b)).toBe(echoConn(a))
    expect(b.response_num).toBeGreaterThan(a.response_num)
    const list = app.status.connections().pooled_connections as Record<string, Array<Record<string, unknown>>>
    expect(list.http).toContainEqual(expect.objectContaining({ origin: web.http, open: expect.any(Number), idle: expect.any(Number) }))
  })

  it('Connection: close from the script closes that connection after the reply', async () => {
    const a = echoConn(await get(`${web.http}/connection-id`, { headers: [['Connection', 'close']] }))
    const b = echoConn(await get(`${web.http}/connection-id`))
    expect(b).not.toBe(a)
  })
})

describe('proxy', () => {
  it('http through the proxy in absolute form; https through a CONNECT tunnel', async () => {
    const r = await get(`${web.http}/echo`, { proxy: web.proxy })
    expect(r.code).toBe(200)
    expect(r.peer).toBe(web.proxy.replace('http://', ''))
    const e = echoOf(r)
    expect(e.headers).toContainEqual(['Via', '1.1 cb-proxy'])
    const s = await get(`${web.https}/echo`, { proxy: web.proxy, ssl_opts: { SSL_ca_file: web.ca } })
    expect(s.code).toBe(200)
    expect(s.peer).toBe(web.proxy.replace('http://', ''))
    expect(echoOf(s).headers.some((h: [string, string]) => h[0] === 'Via')).toBe(false)
    const bad = await get(`${web.https}/small`, { proxy: web.proxy })
    expect(bad.message).toMatch(/certificate verify failed/)
    const gone = await get('https://127.0.0.1:1/', { proxy: web.proxy })
    expect(gone.code).toBe(500)
    expect(gone.message).toBe('Server closed connection without sending any data back')
  })
})
