// One HTTP exchange as LWP::Protocol::http makes it: one hop, the request's
// header list sent as given, the response head exactly as received (names in
// the server's case, order and duplicates kept) and its body undecoded,
// handed out block by block through a BodyReader. undici's dispatch API is
// used, not fetch: fetch decodes gzip and folds headers into a map.
import diagnostics from 'node:diagnostics_channel'
import type { Socket } from 'node:net'
import { TLSSocket } from 'node:tls'
import type { Dispatcher } from 'undici'
import { BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import { BodyReader } from './body.js'
import type { Cancel } from './cancel.js'
import { lwpError, type TransportError } from './errors.js'
import type { HttpPool, Profile } from './pool.js'

export type HeaderList = Array<[string, string]>

/** A parsed absolute http(s) URL, kept as written: no dot-segment or escape normalising (URI does none either). */
export interface Target {
  scheme: 'http' | 'https'
  /** host as in the URL (IPv6 in brackets), lower-cased as URI's ->host */
  host: string
  port: number
  /** authority without user:password, as LWP's Host header */
  hostHeader: string
  /** user:password from the URL, still escaped */
  userinfo?: string
  /** path and query; "/" when empty */
  pathQuery: string
}

const URL_RE = /^(https?):\/\/([^/?#]*)([^#]*)/i
/** characters undici refuses in a request target (and no server would take) */
const BAD_PATH = /[^\u0021-\u00ff]/
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/

export function parseTarget (url: string, field: string): Target {
  const m = URL_RE.exec(url)
  if (m === null) throw new BRIDGE_ERR_INVALID_PARAMS(field, 'must be an absolute http:// or https:// URL')
  const scheme = m[1].toLowerCase() as 'http' | 'https'
  let authority = m[2]
  let userinfo: string | undefined
  const at = authority.lastIndexOf('@')
  if (at >= 0) { userinfo = authority.slice(0, at); authority = authority.slice(at + 1) }
  const hp = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]*)(?::(\d*))?$/.exec(authority)
  if (hp === null || hp[1] === '') throw new BRIDGE_ERR_INVALID_PARAMS(field, 'has no valid host')
  const port = hp[2] === undefined || hp[2] === '' ? (scheme === 'https' ? 443 : 80) : Number(hp[2])
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new BRIDGE_ERR_INVALID_PARAMS(field, 'has a port outside 1..65535')
  let pathQuery = m[3]
  if (pathQuery === '') pathQuery = '/'
  else if (pathQuery.startsWith('?')) pathQuery = '/' + pathQuery
  if (BAD_PATH.test(pathQuery)) throw new BRIDGE_ERR_INVALID_PARAMS(field, 'has characters a request line cannot carry (spaces, controls or characters above \\xff): escape them')
  return { scheme, host: hp[1].toLowerCase(), port, hostHeader: authority, ...(userinfo !== undefined ? { userinfo } : {}), pathQuery }
}

/** host:port as LWP names it in "Can't connect to ...": IPv6 without brackets */
export const connectName = (t: { host: string, port: number }): string => `${t.host.replace(/^\[|\]$/g, '')}:${t.port}`

const basic = (userinfo: string): string => {
  const [u, ...rest] = userinfo.split(':')
  const un = (s: string): string => { try { return decodeURIComponent(s) } catch { return s } }
  return 'Basic ' + Buffer.from(`${un(u)}:${un(rest.join(':'))}`, 'latin1').toString('base64')
}

export interface Outgoing {
  /** flat [name, value, ...] for undici */
  flat: string[]
  /** the request closes its connection afterwards (Connection: close) */
  close: boolean
}

/**
 * The script's header list as undici will write it. Dropped: Content-Length
 * (written from the content), Transfer-Encoding, Keep-Alive, Upgrade and
 * Expect (undici refuses them; the daemon owns the framing), Connection
 * (undici writes its own; "close" in it is honoured). A second Host is
 * dropped: undici refuses two. Added: Host when absent, Authorization from
 * the URL's user:password and Proxy-Authorization from the proxy's, as LWP
 * does.
 */
export function outgoingHeaders (headers: HeaderList, t: Target, proxy: Target | undefined, absoluteForm: boolean): Outgoing {
  const flat: string[] = []
  let close = false
  let host = false
  let auth = false
  let proxyAuth = false
  headers.forEach(([name, value], i) => {
    if (!TOKEN.test(name)) throw new BRIDGE_ERR_INVALID_PARAMS(`params.headers.${i}.0`, 'is not a valid header name')
    if (BAD_VALUE.test(value)) throw new BRIDGE_ERR_INVALID_PARAMS(`params.headers.${i}.1`, 'has a line break, a control character or a character above \\xff')
    const lower = name.toLowerCase()
    switch (lower) {
      case 'content-length': case 'transfer-encoding': case 'keep-alive': case 'upgrade': case 'expect':
        return
      case 'connection':
        if (value.split(',').some(t => t.trim().toLowerCase() === 'close')) close = true
        return
      case 'host':
        if (host) return
        host = true
        break
      case 'authorization': auth = true; break
      case 'proxy-authorization': proxyAuth = true; break
    }
    flat.push(name, value)
  })
  if (!host) flat.unshift('Host', t.hostHeader)
  if (!auth && t.userinfo !== undefined) flat.push('Authorization', basic(t.userinfo))
  if (absoluteForm && !proxyAuth && proxy?.userinfo !== undefined) flat.push('Proxy-Authorization', basic(proxy.userinfo))
  return { flat, close }
}

/** what LWP puts in its Client-SSL-* headers */
export interface TlsInfo {
  cipher: string | null
  /** as IO::Socket::SSL names it: TLSv1_3 */
  version: string | null
  /** OpenSSL's one-line form, /CN=... */
  cert_subject: string | null
  cert_issuer: string | null
  /** false when the certificate was not checked (SSL_verify_mode 0: LWP's "Peer certificate not verified") */
  verified: boolean
}

export interface Head {
  code: number
  message: string
  protocol: string
  headers: HeaderList
  peer: string | null
  /** the how-manyth response on its connection (LWP's Client-Response-Num) */
  response_num: number
  tls?: TlsInfo
}

const oneline = (name: Record<string, string | string[]> | undefined): string | null => {
  if (name === undefined || name === null) return null
  const parts: string[] = []
  for (const [k, v] of Object.entries(name)) for (const one of Array.isArray(v) ? v : [v]) parts.push(`/${k}=${one}`)
  return parts.join('')
}

function tlsInfo (socket: TLSSocket): TlsInfo {
  const cert = socket.getPeerCertificate()
  const empty = cert === null || Object.keys(cert).length === 0
  const cipher = socket.getCipher()
  const proto = socket.getProtocol()
  return {
    cipher: cipher?.standardName ?? cipher?.name ?? null,
    version: proto === null ? null : proto.replace('.', '_'),
    cert_subject: empty ? null : oneline(cert.subject as unknown as Record<string, string>),
    cert_issuer: empty ? null : oneline(cert.issuer as unknown as Record<string, string>),
    verified: socket.authorized,
  }
}

/**
 * How much of a body LWP holds when max_size stops it: Net::HTTP reads the
 * head 1024 bytes at a time (the rest of the last read is the first body
 * block), then 4096 at a time, and LWP keeps the read that went past
 * max_size. Chunked bodies are read chunk by chunk: undefined there (the
 * socket's chunk that crossed is kept instead).
 */
export function lwpKeep (maxSize: number, head: Head): number | undefined {
  if (head.headers.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && /chunked/i.test(v))) return undefined
  let headBytes = Buffer.byteLength(`${head.protocol} ${head.code} ${head.message}\r\n`, 'latin1') + 2
  for (const [n, v] of head.headers) headBytes += n.length + v.length + 4
  const first = Math.ceil(headBytes / 1024) * 1024 - headBytes
  if (first > maxSize) return first
  return first + Math.ceil((maxSize + 1 - first) / 4096) * 4096
}

/** `reused`: the failure came on a pooled connection that had served an earlier response */
export type Started = { head: Head, body: BodyReader } | { error: TransportError, reused?: boolean }

export interface Exchange {
  method: string
  target: Target
  headers: HeaderList
  content?: Buffer
  /** 0: no timeout (LWP's timeout 0) */
  timeoutMs: number
  profile: Profile
  proxy?: Target
  /** how much body is read ahead of the client */
  highWater: number
  maxSize?: number
  /** aborted when the calling script's session ends: the request stops wherever it is */
  signal?: Cancel
}

/** what a request that its session's end stopped answers with (the script is gone; nobody reads it) */
export const CANCELLED: TransportError = { kind: 'protocol', message: 'cancelled: the session ended' }

// The socket a request went out on, for its peer address (LWP's Client-Peer).
// undici calls the handler's onConnect and then, in the same tick, publishes
// sendHeaders with the socket: the slot set in onConnect is the request's.
let peerSlot: ((socket: Socket, responseNum: number) => void) | undefined
let subscribed = false
/** requests each socket has carried (LWP's Client-Response-Num) */
const carried = new WeakMap<Socket, number>()
function watchSockets (): void {
  if (subscribed) return
  subscribed = true
  diagnostics.subscribe('undici:client:sendHeaders', (msg: unknown) => {
    const take = peerSlot
    peerSlot = undefined
    const socket = (msg as { socket?: Socket }).socket
    if (socket === undefined) return
    const n = (carried.get(socket) ?? 0) + 1
    carried.set(socket, n)
    if (take !== undefined) take(socket, n)
  })
}

function pairs (raw: Buffer[] | string[]): HeaderList {
  const out: HeaderList = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    // header bytes as bytes: one character per byte, as HTTP::Headers keeps them
    const n = raw[i]
    const v = raw[i + 1]
    out.push([typeof n === 'string' ? n : n.toString('latin1'), typeof v === 'string' ? v : v.toString('latin1')])
  }
  return out
}

class Abandoned extends Error { constructor () { super('the request was given up before its connection was made') } }

/**
 * Sends the request; resolves with the response head and a body reader, or
 * with a transport error in LWP's words. Never rejects for a network failure.
 */
export async function startExchange (pool: HttpPool, x: Exchange): Promise<Started> {
  watchSockets()
  const dispatcher: Dispatcher = await pool.dispatcher(x.profile)
  // the session ended before the request went out (its listener below would never hear of it)
  if (x.signal?.aborted === true) return { error: CANCELLED }
  const viaProxy = x.proxy !== undefined
  const absoluteForm = viaProxy && x.target.scheme === 'http'
  const out = outgoingHeaders(x.headers, x.target, x.proxy, absoluteForm)
  const where = connectName(viaProxy ? x.proxy as Target : x.target)
  const origin = absoluteForm
    ? `http://${(x.proxy as Target).host}:${(x.proxy as Target).port}`
    : `${x.target.scheme}://${x.target.host}:${x.target.port}`
  const path = absoluteForm ? `http://${x.target.hostHeader}${x.target.pathQuery}` : x.target.pathQuery

  return await new Promise<Started>(resolve => {
    let settled = false
    let connected = false
    let abandoned = false
    let abort: ((err?: Error) => void) | undefined
    let reader: BodyReader | undefined
    let peer: string | null = null
    let tls: TlsInfo | undefined
    let responseNum = 1
    const settle = (s: Started): void => { if (!settled) { settled = true; resolve(s) } }
    // undici's connect timeout is the Agent's, shared by every request; LWP's
    // is the request's own, so it is kept here until the request is on a socket.
    // Armed after dispatch and only if the request is not on a socket by then
    // (a pooled idle connection takes it at once: no timer to make and clear)
    let connectTimer: NodeJS.Timeout | undefined
    const armConnectTimer = (): void => {
      if (x.timeoutMs === 0 || connected || settled) return
      connectTimer = setTimeout(() => {
        if (connected) return
        abandoned = true
        settle({ error: lwpError(Object.assign(new Error('connect timeout'), { code: 'CB_CONNECT_TIMEOUT', tls: x.target.scheme === 'https' }), 'connect', where) })
      }, x.timeoutMs)
      connectTimer.unref()
    }

    x.signal?.onAbort(() => {
      abandoned = true
      clearTimeout(connectTimer)
      if (reader !== undefined) reader.close()
      else abort?.(new Abandoned())
      settle({ error: CANCELLED })
    })

    const handler: Dispatcher.DispatchHandler = {
      onConnect: (abortFn: (err?: Error) => void) => {
        if (abandoned) { abortFn(new Abandoned()); return }
        connected = true
        clearTimeout(connectTimer)
        abort = abortFn
        peerSlot = (socket: Socket, n: number) => {
          responseNum = n
          if (socket.remoteAddress !== undefined) peer = `${socket.remoteAddress}:${socket.remotePort ?? ''}`
          if (socket instanceof TLSSocket && !viaProxy) tls = tlsInfo(socket)
        }
      },
      onHeaders: (statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean => {
        // 1xx interim answers (103 Early Hints) precede the real one; LWP reads past them too
        if (statusCode < 200) return true
        const head: Head = { code: statusCode, message: statusText, protocol: 'HTTP/1.1', headers: pairs(rawHeaders), peer, response_num: responseNum }
        if (tls !== undefined) head.tls = tls
        // segments sized to the body when its length is known (one Content-Length only)
        let length: string | undefined
        let lengths = 0
        for (const [n, v] of head.headers) if (n.length === 14 && n.toLowerCase() === 'content-length') { length = v.trim(); lengths++ }
        const expected = lengths === 1 && /^\d{1,15}$/.test(length as string) ? Number(length) : undefined
        // the abort is deferred: undici must not be torn down from inside its own onData
        reader = new BodyReader(x.highWater, () => queueMicrotask(() => abort?.(new Abandoned())), x.maxSize, x.maxSize === undefined ? undefined : lwpKeep(x.maxSize, head), expected)
        reader.setResume(resume)
        settle({ head, body: reader })
        return true
      },
      onData: (chunk: Buffer): boolean => reader === undefined ? true : reader.push(chunk),
      onComplete: () => { reader?.end() },
      onError: (err: Error) => {
        clearTimeout(connectTimer)
        if (err instanceof Abandoned) { reader?.end(); return }
        if (reader === undefined) {
          settle({ error: lwpError(err, connected ? 'head' : 'connect', where), ...(responseNum > 1 ? { reused: true } : {}) })
          return
        }
        reader.fail(lwpError(err, 'body', where))
      },
    }
    try {
      dispatcher.dispatch({
        origin,
        path,
        method: x.method,
        headers: out.flat,
        body: x.content ?? null,
        headersTimeout: x.timeoutMs,
        bodyTimeout: x.timeoutMs,
        ...(out.close ? { reset: true } : {}),
      }, handler)
      armConnectTimer()
    } catch (err) {
      clearTimeout(connectTimer)
      throw new BRIDGE_ERR_INVALID_PARAMS('params', `undici refused the request: ${(err as Error).message}`)
    }
  })
}
