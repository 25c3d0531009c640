// The old names with their old shapes. http.get/http.post are the User
// Guide's calls (python requests.Session style: redirects followed, cookies
// kept per session, gzip decoded, {status_code, content, ...});
// http_helper.lwp_request is what the old HTTPHelper.pm sent (urllib style:
// redirects followed, no cookies, {success, status_code, reason,
// status_line, content, body, headers, url, elapsed, error?}). Both read the
// whole body into the reply, so they have a size limit.
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method, type CallContext } from '../../src/registry.js'
import { BRIDGE_ERR_INVALID_PARAMS, BRIDGE_ERR_PAYLOAD_TOO_LARGE } from '../../src/errors.js'
import type { HttpPool } from './pool.js'
import { BODY_KIND, DEFAULT_TIMEOUT, runRequest, type RequestOutput } from './methods.js'
import type { HeaderList } from './request.js'

/** the largest body the old calls return (they have no body handle) */
const WHOLE_LIMIT = 64 * 1024 * 1024
const COOKIE_KIND = 'http_cookies'
/** python requests' and urllib's redirect limits */
const REQUESTS_MAX_REDIRECTS = 30
const URLLIB_MAX_REDIRECTS = 10

const gunzip = promisify(zlib.gunzip)
const inflate = promisify(zlib.inflate)
const inflateRaw = promisify(zlib.inflateRaw)

interface Cookie { name: string, value: string, domain: string, hostOnly: boolean, path: string, secure: boolean, expires?: number }

/** A session's cookies for http.get/http.post (requests.Session keeps them per session too). */
export class CookieJar {
  private cookies: Cookie[] = []

  store (url: URL, setCookies: string[], now = Date.now()): void {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq <= 0) continue
      const c: Cookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), domain: url.hostname, hostOnly: true, path: defaultPath(url.pathname), secure: false }
      for (const a of attrs) {
        const i = a.indexOf('=')
        const k = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase()
        const v = i < 0 ? '' : a.slice(i + 1).trim()
        if (k === 'domain' && v !== '') {
          const d = v.replace(/^\./, '').toLowerCase()
          // a server may set cookies for itself or a parent domain, never for another site
          if (url.hostname !== d && !url.hostname.endsWith('.' + d)) { c.domain = ''; break }
          c.domain = d
          c.hostOnly = false
        } else if (k === 'path' && v.startsWith('/')) c.path = v
        else if (k === 'secure') c.secure = true
        else if (k === 'max-age' && /^-?\d+$/.test(v)) c.expires = now + Number(v) * 1000
        else if (k === 'expires' && c.expires === undefined) { const t = Date.parse(v); if (!Number.isNaN(t)) c.expires = t }
      }
      if (c.domain === '') continue
      this.cookies = this.cookies.filter(o => !(o.name === c.name && o.domain === c.domain && o.path === c.path))
      if (c.expires === undefined || c.expires > now) this.cookies.push(c)
    }
  }

  header (url: URL, now = Date.now()): string | undefined {
    this.cookies = this.cookies.filter(c => c.expires === undefined || c.expires > now)
    const host = url.hostname
    const match = this.cookies.filter(c =>
      (c.hostOnly ? host === c.domain : host === c.domain || host.endsWith('.' + c.domain)) &&
      (url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : c.path + '/')) &&
      (!c.secure || url.protocol === 'https:'))
    match.sort((a, b) => b.path.length - a.path.length)
    return match.length === 0 ? undefined : match.map(c => `${c.name}=${c.value}`).join('; ')
  }
}

function defaultPath (p: string): string {
  const i = p.lastIndexOf('/')
  return i <= 0 ? '/' : p.slice(0, i)
}

const headerValues = (h: HeaderList, name: string): string[] => h.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v)

/** Headers as a python dict: one value per name (the first, as http.client's message[name]), names as sent. */
function headerObject (h: HeaderList, join: boolean): Record<string, string> {
  const out: Record<string, string> = {}
  const seen = new Map<string, string>()
  for (const [n, v] of h) {
    const key = seen.get(n.toLowerCase())
    if (key === undefined) { seen.set(n.toLowerCase(), n); out[n] = v } else if (join) out[key] += ', ' + v
  }
  return out
}

function charsetOf (h: HeaderList): string | undefined {
  const ct = headerValues(h, 'content-type')[0]
  const m = ct === undefined ? null : /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(ct)
  return m === null ? undefined : m[1].toLowerCase()
}

function decodeText (body: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body)
  } catch {
    return new TextDecoder('utf-8').decode(body)
  }
}

async function decompress (body: Buffer, h: HeaderList): Promise<Buffer> {
  const enc = (headerValues(h, 'content-encoding')[0] ?? '').trim().toLowerCase()
  try {
    if (enc === 'gzip' || enc === 'x-gzip') return await gunzip(body)
    if (enc === 'deflate') {
      try { return await inflate(body) } catch { return await inflateRaw(body) }
    }
  } catch { /* left as received, as requests does with a broken encoding it cannot read */ }
  return body
}

function qs (o: Record<string, unknown>): string {
  const enc = (v: unknown): string => encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v)).replace(/%20/g, '+')
  const parts: string[] = []
  for (const [k, v] of Object.entries(o)) {
    for (const one of Array.isArray(v) ? v : [v]) if (one !== null && one !== undefined) parts.push(`${enc(k)}=${enc(one)}`)
  }
  return parts.join('&')
}

function headerList (h: Record<string, unknown> | undefined, field: string): HeaderList {
  const out: HeaderList = []
  for (const [k, v] of Object.entries(h ?? {})) {
    if (v === null || v === undefined) continue
    if (typeof v === 'object') throw new BRIDGE_ERR_INVALID_PARAMS(`${field}.${k}`, 'must be a string')
    out.push([k, String(v)])
  }
  return out
}

const has = (h: HeaderList, name: string): boolean => h.some(([n]) => n.toLowerCase() === name)
const without = (h: HeaderList, ...names: string[]): HeaderList => h.filter(([n]) => !names.includes(n.toLowerCase()))

interface Hop { method: string, url: string, headers: HeaderList, content?: Buffer }

export function legacyHttpMethods (app: FastifyInstance, pool: HttpPool, config: Config) {
  return { get: requestsStyle(app, pool, config, 'GET'), post: requestsStyle(app, pool, config, 'POST') }
}

/** One hop with the whole body in memory. */
async function whole (app: FastifyInstance, pool: HttpPool, config: Config, ctx: CallContext, hop: Hop, timeout: number, verify: boolean): Promise<RequestOutput> {
  const out = await runRequest(app, pool, config, ctx, {
    method: hop.method,
    url: hop.url,
    headers: hop.headers,
    ...(hop.content !== undefined ? { content: hop.content } : {}),
    timeout,
    ...(verify ? {} : { ssl_opts: { SSL_verify_mode: 0, verify_hostname: 0 } }),
    first_block: WHOLE_LIMIT,
  })
  if (out.more !== null) {
    await app.sessions.close(ctx.session, BODY_KIND, out.more).catch(() => false)
    throw new BRIDGE_ERR_PAYLOAD_TOO_LARGE('the response body', WHOLE_LIMIT)
  }
  return out
}

/** The next hop of a redirect, as requests and urllib rewrite it (303, and 301/302 after POST, become GET without a body). */
function redirected (hop: Hop, code: number, location: string): Hop {
  const next = new URL(location, hop.url)
  const toGet = code === 303 ? hop.method !== 'HEAD' : (code === 301 || code === 302) && hop.method === 'POST'
  let headers = hop.headers
  if (toGet) headers = without(headers, 'content-type', 'content-length')
  // credentials stay with the host they were meant for
  if (new URL(hop.url).host !== next.host) headers = without(headers, 'authorization')
  headers = without(headers, 'cookie', 'host')
  return { method: toGet ? 'GET' : hop.method, url: next.href, headers, ...(toGet || hop.content === undefined ? {} : { content: hop.content }) }
}

function requestsStyle (app: FastifyInstance, pool: HttpPool, config: Config, verb: 'GET' | 'POST') {
  return method({
    description: `User Guide http.${verb.toLowerCase()} (python requests style): redirects followed (up to 30), cookies kept for the session, gzip/deflate decoded; {status_code, reason, ok, content, text, headers, url, elapsed, cookies_sent}. json: a body sent as JSON; data: a form (object) or raw text; params: added to the query string. Not resent by the client.`,
    params: Type.Object({
      url: Type.String({ minLength: 1 }),
      headers: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      json: Type.Optional(Type.Unknown()),
      data: Type.Optional(Type.Union([Type.String(), Type.Record(Type.String(), Type.Unknown())])),
      params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      timeout: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
      verify: Type.Optional(Type.Boolean()),
      allow_redirects: Type.Optional(Type.Boolean()),
    }),
    result: Type.Object({
      status_code: Type.Integer(),
      reason: Type.String(),
      ok: Type.Boolean(),
      content: Type.String(),
      text: Type.String(),
      headers: Type.Record(Type.String(), Type.String()),
      url: Type.String(),
      elapsed: Type.Number(),
      history: Type.Array(Type.Integer()),
      encoding: Type.Union([Type.String(), Type.Null()]),
      error: Type.Optional(Type.String()),
    }),
    handler: async (p, ctx) => {
      const started = performance.now()
      let url = p.url
      if (p.params !== undefined && Object.keys(p.params).length > 0) url += (url.includes('?') ? '&' : '?') + qs(p.params)
      let headers = headerList(p.headers, 'params.headers')
      let content: Buffer | undefined
      if (p.json !== undefined) {
        content = Buffer.from(JSON.stringify(p.json), 'utf8')
        if (!has(headers, 'content-type')) headers.push(['Content-Type', 'application/json'])
      } else if (typeof p.data === 'string') {
        content = Buffer.from(p.data, 'utf8')
      } else if (p.data !== undefined) {
        content = Buffer.from(qs(p.data), 'utf8')
        if (!has(headers, 'content-type')) headers.push(['Content-Type', 'application/x-www-form-urlencoded'])
      }
      if (verb === 'POST' && content === undefined) content = Buffer.alloc(0)
      if (!has(headers, 'user-agent')) headers.push(['User-Agent', 'cpan-bridge'])
      if (!has(headers, 'accept-encoding')) headers.push(['Accept-Encoding', 'gzip, deflate'])
      if (!has(headers, 'accept')) headers.push(['Accept', '*/*'])
      const jar = cookieJar(app, ctx)
      let hop: Hop = { method: verb, url, headers, ...(content !== undefined ? { content } : {}) }
      const history: number[] = []
      for (;;) {
        const target = safeUrl(hop.url)
        const cookie = jar.header(target)
        const sent = cookie === undefined ? hop.headers : [...hop.headers, ['Cookie', cookie] as [string, string]]
        const out = await whole(app, pool, config, ctx, { ...hop, headers: sent }, p.timeout ?? DEFAULT_TIMEOUT, p.verify ?? true)
        if (out.error !== undefined && out.headers.length === 0) {
          return { status_code: 500, reason: out.message, ok: false, content: '', text: '', headers: {}, url: hop.url, elapsed: (performance.now() - started) / 1000, history, encoding: null, error: out.error.message }
        }
        jar.store(target, headerValues(out.headers, 'set-cookie'))
        const location = headerValues(out.headers, 'location')[0]
        if ((p.allow_redirects ?? true) && [301, 302, 303, 307, 308].includes(out.code) && location !== undefined) {
          history.push(out.code)
          if (history.length > REQUESTS_MAX_REDIRECTS) throw new BRIDGE_ERR_INVALID_PARAMS('params.url', `exceeded ${REQUESTS_MAX_REDIRECTS} redirects`)
          hop = redirected(hop, out.code, location)
          continue
        }
        const charset = charsetOf(out.headers)
        const text = decodeText(await decompress(out.content, out.headers), charset)
        return {
          status_code: out.code,
          reason: out.message,
          ok: out.code < 400,
          content: text,
          text,
          headers: headerObject(out.headers, true),
          url: hop.url,
          elapsed: (performance.now() - started) / 1000,
          history,
          encoding: charset ?? null,
          ...(out.error !== undefined ? { error: out.error.message } : {}),
        }
      }
    },
  })
}

function safeUrl (u: string): URL {
  try { return new URL(u) } catch { throw new BRIDGE_ERR_INVALID_PARAMS('params.url', 'is not a valid URL') }
}

function cookieJar (app: FastifyInstance, ctx: CallContext): CookieJar {
  const id = ctx.session.latest.get(COOKIE_KIND)
  if (id !== undefined) {
    const jar = app.sessions.find<CookieJar>(ctx.session, COOKIE_KIND, id)
    if (jar !== undefined) return app.sessions.get<CookieJar>(ctx.session, COOKIE_KIND, id)
  }
  const jar = new CookieJar()
  app.sessions.create(ctx.session, COOKIE_KIND, jar, () => undefined)
  return jar
}

/** The old python helper's fixed reason table (it ignored the server's phrase). */
const OLD_REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found',
  304: 'Not Modified', 307: 'Temporary Redirect', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 500: 'Internal Server Error', 501: 'Not Implemented',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
}

export function legacyHelperMethods (app: FastifyInstance, pool: HttpPool, config: Config) {
  return {
    lwp_request: method({
      description: 'Old HTTPHelper.pm call (python urllib style): redirects followed (GET/HEAD any, POST 301-303 as GET), no cookies, body as text; {success (2xx), status_code, reason, status_line, content, body, headers, url, elapsed, error?}. A connection failure is status_code 500 with error. Not resent by the client.',
      params: Type.Object({
        method: Type.String({ minLength: 1 }),
        url: Type.String({ minLength: 1 }),
        headers: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
        content: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        form_encoded_content: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        timeout: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
        verify_ssl: Type.Optional(Type.Union([Type.Boolean(), Type.Integer(), Type.String(), Type.Null()])),
      }),
      result: Type.Object({
        success: Type.Boolean(),
        status_code: Type.Integer(),
        reason: Type.String(),
        status_line: Type.String(),
        content: Type.String(),
        body: Type.String(),
        headers: Type.Record(Type.String(), Type.String()),
        url: Type.String(),
        elapsed: Type.Number(),
        error: Type.Optional(Type.String()),
      }),
      handler: async (p, ctx) => {
        const started = performance.now()
        const elapsed = (): number => (performance.now() - started) / 1000
        const headers = headerList(p.headers ?? undefined, 'params.headers')
        // python truth: the old client sent 0/1 or "" for verify_ssl
        const verify = !(p.verify_ssl === false || p.verify_ssl === 0 || p.verify_ssl === '' || p.verify_ssl === '0')
        const raw = p.form_encoded_content !== undefined && p.form_encoded_content !== null && p.form_encoded_content !== '' ? p.form_encoded_content : p.content
        const content = raw !== undefined && raw !== null && raw !== '' ? Buffer.from(raw, 'utf8') : undefined
        if (content !== undefined && !has(headers, 'content-type')) headers.push(['Content-Type', 'application/x-www-form-urlencoded'])
        if (!has(headers, 'user-agent')) headers.push(['User-Agent', 'Python-urllib/3'])
        if (!has(headers, 'accept-encoding')) headers.push(['Accept-Encoding', 'identity'])
        let hop: Hop = { method: p.method.toUpperCase(), url: p.url, headers, ...(content !== undefined ? { content } : {}) }
        for (let redirects = 0; ; redirects++) {
          const out = await whole(app, pool, config, ctx, hop, p.timeout ?? DEFAULT_TIMEOUT, verify)
          if (out.error !== undefined && out.headers.length === 0) {
            const timedOut = out.error.kind === 'timeout'
            return {
              success: false, status_code: 500, reason: timedOut ? 'Request Error' : 'Connection Error', status_line: `500 ${out.error.message}`,
              content: '', body: '', headers: {}, url: p.url, elapsed: elapsed(),
              error: timedOut ? `Request failed: ${out.error.message}` : `Connection failed: ${out.error.message}`,
            }
          }
          const location = headerValues(out.headers, 'location')[0]
          const m = hop.method
          const follows = location !== undefined && ([301, 302, 303, 307, 308].includes(out.code) && (m === 'GET' || m === 'HEAD') || [301, 302, 303].includes(out.code) && m === 'POST')
          if (follows && redirects < URLLIB_MAX_REDIRECTS) {
            hop = redirected(hop, out.code, location)
            if (hop.method === 'GET') hop = { ...hop, headers: without(hop.headers, 'content-type', 'content-length') }
            continue
          }
          const text = decodeText(out.content, charsetOf(out.headers))
          const reason = OLD_REASONS[out.code] ?? 'Unknown'
          const success = out.code >= 200 && out.code < 300
          return {
            success, status_code: out.code, reason, status_line: `${out.code} ${reason}`, content: text, body: text,
            headers: headerObject(out.headers, false), url: success ? hop.url : p.url, elapsed: elapsed(),
            ...(success ? {} : { error: `HTTP ${out.code}: ${reason}` }),
          }
        }
      },
    }),
  }
}
