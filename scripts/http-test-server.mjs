#!/usr/bin/env node
// The HTTP peer of the HTTP facade tests: one process serving plain HTTP, HTTPS
// (a self-signed certificate the tests trust through its PEM) and a forward
// proxy, on loopback, with the endpoints the tests need (redirects, cookies,
// gzip, chunked, big bodies, slow and broken answers, basic auth), plus the
// httpbin.org routes the old bridge's own test scripts call (/get, /post,
// /headers, /html, ...). The plain port also answers TLS, so a script given
// one host:port can use it as http:// and https://, as it did httpbin.org.
// Node core only, so it runs on a fresh machine before `npm install`.
//   node scripts/http-test-server.mjs <http-port> <https-port> <proxy-port> <cert.pem> <key.pem> <password-file>
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import zlib from 'node:zlib'
import crypto from 'node:crypto'
import fs from 'node:fs'

const [httpPort, httpsPort, proxyPort, certFile, keyFile, passwordFile] = process.argv.slice(2)
if (!passwordFile) {
  process.stderr.write('usage: http-test-server.mjs <http-port> <https-port> <proxy-port> <cert.pem> <key.pem> <password-file>\n')
  process.exit(2)
}
const USER = 'cbweb'
const PASSWORD = fs.readFileSync(passwordFile, 'utf8').trim()
const LAST_MODIFIED = 'Sun, 06 Nov 1994 08:49:37 GMT'

// Unique per TCP connection, across both listeners and across restarts, so a
// test can tell a reused keep-alive connection from a new one.
let connections = 0
const connId = new WeakMap()
function track (socket) { connId.set(socket, process.pid * 1e6 + (++connections)) }

function pairs (raw) {
  const out = []
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i], raw[i + 1]])
  return out
}

function send (res, status, body, headers = {}) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': buf.length, ...headers })
  res.end(buf)
}

function json (res, status, value, headers = {}) {
  send(res, status, JSON.stringify(value) + '\n', { 'Content-Type': 'application/json', ...headers })
}

function readBody (req) {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash('sha256')
    const kept = []
    let length = 0
    req.on('data', (chunk) => {
      hash.update(chunk)
      length += chunk.length
      if (length <= 1024 * 1024) kept.push(chunk)
    })
    req.on('end', () => resolve({ sha256: hash.digest('hex'), length, body: length <= 1024 * 1024 ? Buffer.concat(kept) : null }))
    req.on('error', reject)
  })
}

// Bytes i % 251, produced in slices as the socket drains: a 100 MB body never
// sits in this process either.
function streamBytes (res, total) {
  const slice = Buffer.alloc(251 * 256)
  for (let i = 0; i < slice.length; i++) slice[i] = i % 251
  let sent = 0
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': total })
  const pump = () => {
    while (sent < total) {
      const n = Math.min(slice.length, total - sent)
      sent += n
      if (!res.write(n === slice.length ? slice : slice.subarray(0, n))) { res.once('drain', pump); return }
    }
    res.end()
  }
  pump()
}

const CHARSET_TEXT = 'caf\u00e9 \u20ac?'
function encodeCharset (name) {
  const lower = name.toLowerCase()
  if (lower === 'utf-8') return Buffer.from(CHARSET_TEXT, 'utf8')
  // latin1 has no euro sign; windows-1252 has it at 0x80
  const bytes = []
  for (const ch of CHARSET_TEXT) {
    if (ch === '\u20ac') bytes.push(lower === 'windows-1252' ? 0x80 : 0x3f)
    else bytes.push(ch.charCodeAt(0))
  }
  return Buffer.from(bytes)
}

// httpbin.org's answer shape, for the old bridge's test scripts
function titleCase (name) { return name.replace(/(^|-)([a-z])/g, (_, d, c) => d + c.toUpperCase()) }

function httpbinHeaders (req) {
  const out = {}
  for (const [k, v] of pairs(req.rawHeaders)) {
    const key = titleCase(k.toLowerCase())
    out[key] = key in out ? `${out[key]},${v}` : v
  }
  return out
}

function httpbinArgs (searchParams) {
  const out = {}
  for (const [k, v] of searchParams) out[k] = k in out ? [].concat(out[k], v) : v
  return out
}

function httpbin (req, res, url, body) {
  const type = req.headers['content-type'] || ''
  const text = body.body ? body.body.toString('utf8') : ''
  let form = {}
  let json = null
  if (type.startsWith('application/x-www-form-urlencoded')) form = httpbinArgs(new URLSearchParams(text))
  else if (type.includes('json')) { try { json = JSON.parse(text) } catch { json = null } }
  return send(res, 200, JSON.stringify({
    args: httpbinArgs(url.searchParams),
    data: type.startsWith('application/x-www-form-urlencoded') ? '' : text,
    files: {},
    form,
    headers: httpbinHeaders(req),
    json,
    method: req.method,
    origin: req.socket.remoteAddress,
    url: url.href,
  }, null, 2) + '\n', { 'Content-Type': 'application/json' })
}

const HTML_PAGE = '<!DOCTYPE html>\n<html>\n  <head><title>cpan-bridge test page</title></head>\n' +
  '  <body>\n    <h1>Herman Melville - Moby-Dick</h1>\n    <p>Call me Ishmael.</p>\n  </body>\n</html>\n'

async function handle (req, res, scheme) {
  const url = new URL(req.url, `${scheme}://127.0.0.1`)
  const path = url.pathname
  const q = url.searchParams
  let m
  if (path === '/echo' || path.startsWith('/echo/')) {
    const body = await readBody(req)
    return json(res, 200, {
      method: req.method,
      url: req.url,
      httpVersion: req.httpVersion,
      headers: pairs(req.rawHeaders),
      body_sha256: body.sha256,
      body_length: body.length,
      ...(body.body ? { body_base64: body.body.toString('base64') } : {}),
    })
  }
  const body = await readBody(req)
  if (['/get', '/post', '/put', '/patch', '/delete', '/anything'].includes(path) || path.startsWith('/anything/')) {
    return httpbin(req, res, url, body)
  }
  if (path === '/headers') return json(res, 200, { headers: httpbinHeaders(req) })
  if (path === '/user-agent') return json(res, 200, { 'user-agent': req.headers['user-agent'] ?? null })
  if (path === '/html') return send(res, 200, HTML_PAGE, { 'Content-Type': 'text/html; charset=utf-8' })
  if (path === '/json') return json(res, 200, { slideshow: { author: 'Yours Truly', title: 'Sample Slide Show', slides: [{ title: 'Wake up to WonderWidgets!', type: 'all' }] } })
  if ((m = /^\/delay\/(\d+)$/.exec(path))) {
    setTimeout(() => httpbin(req, res, url, body), Math.min(Number(m[1]), 10) * 1000)
    return
  }
  if ((m = /^\/status\/(\d{3})$/.exec(path))) {
    const code = Number(m[1])
    if (code === 204 || code === 304) { res.writeHead(code); return res.end() }
    return send(res, code, `status ${code}\n`, code === 401 ? { 'WWW-Authenticate': 'Basic realm="cb"' } : {})
  }
  if ((m = /^\/redirect\/(\d+)$/.exec(path))) {
    const n = Number(m[1])
    if (n === 0) return send(res, 200, 'redirected\n')
    return send(res, 302, 'redirect\n', { Location: `/redirect/${n - 1}` })
  }
  if (path === '/redirect-to') {
    return send(res, Number(q.get('status') || 302), 'redirect\n', { Location: q.get('url') || '/' })
  }
  if (path === '/cookies/set') {
    res.setHeader('Set-Cookie', [...q.entries()].map(([k, v]) => `${k}=${v}; Path=/`))
    return send(res, 302, 'cookies set\n', { Location: '/cookies' })
  }
  if (path === '/cookies') return json(res, 200, { cookie: req.headers.cookie ?? null })
  if (path === '/gzip' || path === '/deflate') {
    const text = Buffer.from(`${path.slice(1)}ped text: caf\u00e9\n` + 'line of repeated text\n'.repeat(50), 'utf8')
    const body = path === '/gzip' ? zlib.gzipSync(text) : zlib.deflateSync(text)
    return send(res, 200, body, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Encoding': path.slice(1) })
  }
  if ((m = /^\/charset\/([\w-]+)$/.exec(path))) {
    return send(res, 200, encodeCharset(m[1]), { 'Content-Type': `text/plain; charset=${m[1]}` })
  }
  if (path === '/chunked') {
    const n = Number(q.get('n') || 10)
    const size = Number(q.get('size') || 1000)
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    for (let i = 0; i < n; i++) res.write(Buffer.alloc(size, 97 + (i % 26)))
    return res.end()
  }
  if ((m = /^\/bytes\/(\d+)$/.exec(path))) return streamBytes(res, Number(m[1]))
  if (path === '/slow') {
    setTimeout(() => send(res, 200, 'slow\n'), Number(q.get('ms') || 2000))
    return
  }
  if (path === '/drip') {
    const ms = Number(q.get('ms') || 500)
    const n = Number(q.get('n') || 10)
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': n })
    let i = 0
    const timer = setInterval(() => {
      if (res.destroyed) { clearInterval(timer); return }
      res.write('x')
      if (++i >= n) { clearInterval(timer); res.end() }
    }, ms)
    return
  }
  if (path === '/hang') {
    setTimeout(() => req.socket.destroy(), 120_000).unref()
    return
  }
  if (path === '/close') return req.socket.destroy()
  if (path === '/truncated') {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 1000 })
    res.write('0123456789')
    setTimeout(() => req.socket.destroy(), 50)
    return
  }
  if (path === '/basic-auth') {
    const want = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64')
    if (req.headers.authorization !== want) return send(res, 401, 'unauthorized\n', { 'WWW-Authenticate': 'Basic realm="cb-realm"' })
    return json(res, 200, { user: USER })
  }
  if (path === '/small') return send(res, 200, 'ok\n')
  if (path === '/headers-multi') {
    res.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; Path=/'])
    res.setHeader('X-Multi', ['first', 'second'])
    res.setHeader('Link', '</next>; rel="next"')
    return send(res, 200, 'multi\n')
  }
  if (path === '/last-modified') {
    const since = req.headers['if-modified-since']
    if (since && Date.parse(since) >= Date.parse(LAST_MODIFIED)) { res.writeHead(304, { 'Last-Modified': LAST_MODIFIED }); return res.end() }
    return send(res, 200, 'modified content\n', { 'Last-Modified': LAST_MODIFIED })
  }
  if (path === '/connection-id') return json(res, 200, { conn: connId.get(req.socket) })
  return send(res, 404, 'not found\n')
}

function onRequest (scheme) {
  return (req, res) => {
    // answered before handle() reads (and drops) the body
    const path = req.url.split('?')[0]
    if (path === '/upload') {
      readBody(req).then(
        (b) => json(res, 200, { length: b.length, sha256: b.sha256, content_type: req.headers['content-type'] ?? null }),
        () => res.destroy())
      return
    }
    handle(req, res, scheme).catch((err) => {
      if (!res.headersSent) send(res, 500, `test server error: ${err.message}\n`)
      else res.destroy()
    })
  }
}

const plain = http.createServer(onRequest('http'))
const tls = https.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) }, onRequest('https'))

// The plain port looks at the first byte: a TLS handshake (0x16) goes to the
// HTTPS server, anything else to the HTTP one.
const front = net.createServer({ pauseOnConnect: true }, (socket) => {
  socket.once('readable', () => {
    const first = socket.read(1)
    if (!first) return socket.destroy()
    socket.unshift(first)
    ;(first[0] === 0x16 ? tls : plain).emit('connection', socket)
    socket.resume()
  })
  socket.on('error', () => socket.destroy())
})
for (const s of [plain, tls]) {
  s.keepAliveTimeout = 30_000
  s.headersTimeout = 60_000
  s.requestTimeout = 0
  s.on('connection', track)
  s.on('secureConnection', track)
}

// Forward proxy: absolute-form requests are replayed upstream with a Via
// header the tests can see; CONNECT opens a tunnel.
const proxy = http.createServer((req, res) => {
  let target
  try { target = new URL(req.url) } catch { return send(res, 400, 'proxy needs an absolute URL\n') }
  if (target.protocol !== 'http:') return send(res, 400, 'proxy forwards http only; use CONNECT\n')
  const headers = pairs(req.rawHeaders).filter(([k]) => !/^proxy-/i.test(k))
  headers.push(['Via', '1.1 cb-proxy'])
  const up = http.request({
    host: target.hostname, port: target.port || 80, method: req.method, path: target.pathname + target.search,
    headers: headers.flat(), setHost: false,
  }, (upRes) => {
    res.writeHead(upRes.statusCode, upRes.statusMessage, upRes.rawHeaders)
    upRes.pipe(res)
  })
  up.on('error', (err) => { if (!res.headersSent) send(res, 502, `proxy: ${err.message}\n`); else res.destroy() })
  req.pipe(up)
})
proxy.on('connect', (req, socket, head) => {
  const [host, port] = req.url.split(':')
  const up = net.connect(Number(port), host, () => {
    socket.write('HTTP/1.1 200 Connection Established\r\nProxy-Agent: cb-proxy\r\n\r\n')
    if (head.length) up.write(head)
    up.pipe(socket)
    socket.pipe(up)
  })
  up.on('error', () => socket.destroy())
  socket.on('error', () => up.destroy())
})

front.listen(Number(httpPort), '127.0.0.1')
tls.listen(Number(httpsPort), '127.0.0.1')
proxy.listen(Number(proxyPort), '127.0.0.1')
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0))
