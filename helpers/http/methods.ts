// http.request / http.read_body / http.close_body: the daemon side of
// LWP::UserAgent (protocol14.md "HTTP wire protocol"). One hop per call; the
// facade follows redirects, keeps cookies and answers auth challenges in Perl.
// A body longer than first_block stays behind a session handle (kind
// `http_body`) that the client drains with read_body.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method, type CallContext } from '../../src/registry.js'
import { resolveClientPath } from '../../src/paths.js'
import { Bytes, toBuffer, type BytesValue } from '../../src/bytes.js'
import { BridgeError } from '../../src/errors.js'
import type { BodyReader } from './body.js'
import type { TransportError } from './errors.js'
import type { HttpPool, Profile } from './pool.js'
import { parseTarget, startExchange, type Exchange, type Head, type HeaderList, type Started, type Target, type TlsInfo } from './request.js'
import { profileOf } from './profile.js'
import { FILE_CHUNK, toFile } from './content-file.js'
import { asBytes, roomy } from './reply-bytes.js'
import { Cancel } from './cancel.js'

export const BODY_KIND = 'http_body'
/** a request waiting for its reply (cancelled when its session ends) */
const PENDING_KIND = 'http_request'
/**
 * A request still unanswered this long gets its session handle. Most are
 * answered sooner, and a handle per request (a random id, two map entries, an
 * async close) was a third of the daemon's CPU for a small GET. A script that
 * dies sooner leaves a request that ends by itself within this time, or whose
 * handle, made after its session ended, is closed at once (sessions.create).
 */
const REGISTER_AFTER_MS = 20

interface Late { since: number, register: () => void }
/** requests without a session handle yet; one timer sweeps them all (a timer per request cost more than the rest of the bookkeeping) */
const unanswered = new Set<Late>()
let sweeper: NodeJS.Timeout | undefined
function watchLate (late: Late): void {
  unanswered.add(late)
  if (sweeper !== undefined) return
  sweeper = setInterval(() => {
    const now = Date.now()
    for (const l of unanswered) {
      if (now - l.since < REGISTER_AFTER_MS) continue
      unanswered.delete(l)
      // a handle that cannot be made leaves the request to its own timeout: never a crash of the sweep
      try { l.register() } catch { /* nothing else to do */ }
    }
    if (unanswered.size === 0) { clearInterval(sweeper); sweeper = undefined }
  }, REGISTER_AFTER_MS)
  sweeper.unref()
}
/** LWP's timeout default, seconds */
export const DEFAULT_TIMEOUT = 180
export const DEFAULT_FIRST_BLOCK = 4 * 1024 * 1024
const MAX_BLOCK = 64 * 1024 * 1024
/** methods a client may resend after a connection closed without an answer (RFC 9110's idempotent ones) */
const RETRY_SAFE = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE'])
const MAX_TIMER_MS = 2 ** 31 - 1
const METHOD_TOKEN = '^[!#$%&\'*+\\-.^_`|~0-9A-Za-z]+$'

const Header = Type.Tuple([Type.String(), Type.String()])
const Flag = Type.Union([Type.Integer(), Type.Boolean(), Type.String(), Type.Null()])
export const SslOpts = Type.Object({
  verify_hostname: Type.Optional(Flag),
  SSL_verify_mode: Type.Optional(Flag),
  SSL_ca_file: Type.Optional(Type.String({ minLength: 1, description: 'client path of the PEM CA certificates to trust instead of the defaults' })),
  SSL_ca_path: Type.Optional(Type.String({ minLength: 1, description: 'client path of a directory of CA certificates under OpenSSL hash names (c_rehash: 1a2b3c4d.0)' })),
  SSL_cert_file: Type.Optional(Type.String({ minLength: 1, description: 'client path of a PEM client certificate (with its key when SSL_key_file is absent)' })),
  SSL_key_file: Type.Optional(Type.String({ minLength: 1, description: 'client path of the PEM key of SSL_cert_file (unencrypted)' })),
}, { additionalProperties: Type.Unknown(), description: "LWP's ssl_opts: verify_hostname (default 1), SSL_verify_mode (0 = no certificate check), SSL_ca_file, SSL_ca_path, SSL_cert_file, SSL_key_file" })
export const RequestParams = Type.Object({
  method: Type.String({ minLength: 1, pattern: METHOD_TOKEN, description: 'the request method (an HTTP token)' }),
  url: Type.String({ minLength: 1, description: 'absolute http:// or https:// URL, sent as written (no normalising)' }),
  headers: Type.Optional(Type.Array(Header, { description: '[[name, value], ...] sent in order, duplicates kept; Host is added when absent' })),
  content: Type.Optional(Bytes),
  timeout: Type.Optional(Type.Number({ minimum: 0, description: 'seconds (default 180): the connect timeout and the longest wait between reads; 0 waits for ever, as LWP' })),
  ssl_opts: Type.Optional(SslOpts),
  proxy: Type.Optional(Type.String({ minLength: 1, description: 'http://[user:password@]host:port: an HTTP proxy for this request (https goes through CONNECT)' })),
  content_file: Type.Optional(Type.String({ minLength: 1, description: 'client path: a 2xx body is written there (through a temporary name renamed at the end)' })),
  max_size: Type.Optional(Type.Integer({ minimum: 0, description: "LWP's max_size: stop once more than this many body bytes arrived (aborted: max_size)" })),
  first_block: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_BLOCK, description: 'body bytes in this reply (default 4 MiB); the rest through read_body' })),
})

const ErrorResult = Type.Object({ kind: Type.String(), message: Type.String() })
const RequestResult = Type.Object({
  code: Type.Integer(),
  message: Type.String(),
  protocol: Type.String(),
  headers: Type.Array(Header),
  content: Type.Unknown({ description: 'bytes: the body as received (not decoded)' }),
  more: Type.Union([Type.String(), Type.Null()], { description: 'a body handle for http.read_body when the body is longer than first_block' }),
  peer: Type.Union([Type.String(), Type.Null()]),
  response_num: Type.Optional(Type.Integer({ description: "the how-manyth response on its connection (LWP's Client-Response-Num)" })),
  aborted: Type.Optional(Type.Literal('max_size')),
  content_file_bytes: Type.Optional(Type.Integer()),
  error: Type.Optional(ErrorResult),
  tls: Type.Optional(Type.Object({
    cipher: Type.Union([Type.String(), Type.Null()]),
    version: Type.Union([Type.String(), Type.Null()]),
    cert_subject: Type.Union([Type.String(), Type.Null()]),
    cert_issuer: Type.Union([Type.String(), Type.Null()]),
    verified: Type.Boolean(),
  }, { description: "the connection's TLS facts for LWP's Client-SSL-* headers (direct https only)" })),
})

export interface RequestInput {
  method: string
  url: string
  headers?: HeaderList
  content?: BytesValue
  timeout?: number
  ssl_opts?: Record<string, unknown>
  proxy?: string
  content_file?: string
  max_size?: number
  first_block?: number
}

export interface RequestOutput {
  code: number
  message: string
  protocol: string
  headers: HeaderList
  content: Buffer
  more: string | null
  peer: string | null
  response_num?: number
  aborted?: 'max_size'
  content_file_bytes?: number
  error?: TransportError
  tls?: TlsInfo
}

const transportFailure = (error: TransportError): RequestOutput =>
  ({ code: 500, message: error.message, protocol: 'HTTP/1.1', headers: [], content: Buffer.alloc(0), more: null, peer: null, error })

/**
 * One request as http.request answers it: a body longer than first_block is
 * left behind a session handle (`more`); the old names ask for a first_block
 * that holds it all.
 */
export async function runRequest (app: FastifyInstance, pool: HttpPool, config: Config, ctx: CallContext, p: RequestInput): Promise<RequestOutput> {
  const local = (file: string, field: string): string => resolveClientPath(file, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field })
  const target = parseTarget(p.url, 'params.url')
  const prof = await profileOf(p, target, local)
  if ('error' in prof) return transportFailure(prof.error)
  const { profile, proxy } = prof
  const contentFile = p.content_file === undefined ? undefined : local(p.content_file, 'params.content_file')
  // the session's handle until the reply is made (the body's own handle takes over after): a script that
  // dies while the server keeps it waiting ends its session, which stops the request
  const cancel = new Cancel()
  let answered = false
  let pending: string | undefined
  const late: Late = { since: Date.now(), register: () => { pending = app.sessions.create(ctx.session, PENDING_KIND, cancel, c => { if (!answered) c.abort() }) } }
  watchLate(late)
  try {
    return await exchangeAndAnswer(app, pool, ctx, p, target, profile, proxy, contentFile, cancel)
  } finally {
    answered = true
    unanswered.delete(late)
    if (pending !== undefined) await app.sessions.close(ctx.session, PENDING_KIND, pending).catch(() => false)
  }
}

async function exchangeAndAnswer (app: FastifyInstance, pool: HttpPool, ctx: CallContext, p: RequestInput, target: Target, profile: Profile, proxy: Target | undefined, contentFile: string | undefined, signal: Cancel): Promise<RequestOutput> {
  const firstBlock = p.first_block ?? DEFAULT_FIRST_BLOCK
  // built by assignment: conditional spreads cost several us a request on this hot path
  const x: Exchange = {
    method: p.method,
    target,
    headers: p.headers ?? [],
    // setTimeout fires at once past 2^31-1 ms: longer is as good as for ever
    timeoutMs: Math.min(Math.round((p.timeout ?? DEFAULT_TIMEOUT) * 1000), MAX_TIMER_MS),
    profile,
    highWater: contentFile !== undefined ? FILE_CHUNK : firstBlock,
    signal,
  }
  if (p.content !== undefined) x.content = toBuffer(p.content, 'params.content')
  if (proxy !== undefined) x.proxy = proxy
  if (p.max_size !== undefined) x.maxSize = p.max_size
  const exchange = async (): Promise<Started> => await startExchange(pool, x)
  let started = await exchange()
  // A pooled connection the server dropped just as this request went out (its keep-alive ran out): the
  // script would not have had that connection without the pool, so an idempotent request goes again,
  // once, on a new one (RFC 9110 9.2.2). Nothing of a response had arrived.
  if ('error' in started && started.reused === true && started.error.kind === 'reset' && RETRY_SAFE.has(p.method.toUpperCase())) started = await exchange()
  if ('error' in started) return transportFailure(started.error)
  const { head, body } = started
  const base = (h: Head, content: Buffer): RequestOutput => {
    const out: RequestOutput = { code: h.code, message: h.message, protocol: h.protocol, headers: h.headers, content, more: null, peer: h.peer, response_num: h.response_num }
    if (h.tls !== undefined) out.tls = h.tls
    return out
  }
  // LWP writes only a successful body to the file; an error page is the response's content
  if (contentFile !== undefined && head.code >= 200 && head.code < 300) {
    // a script that dies meanwhile ends its session, whose pending-request handle stops the download: no file
    const r = await toFile(body, contentFile, p.content_file as string)
    return { ...base(head, Buffer.alloc(0)), content_file_bytes: r.bytes, ...(r.aborted !== undefined ? { aborted: r.aborted } : {}), ...(r.error !== undefined ? { error: r.error } : {}) }
  }
  const first = await body.read(firstBlock)
  if (first.headRoom) roomy.add(first.content)
  const out = base(head, first.content)
  if (first.eof) {
    if (first.error !== undefined) out.error = first.error
    if (first.aborted !== undefined) out.aborted = first.aborted
    return out
  }
  out.more = app.sessions.create(ctx.session, BODY_KIND, body, b => b.close())
  return out
}

export function httpMethods (app: FastifyInstance, pool: HttpPool, config: Config) {
  return {
    request: method({
      description: 'One HTTP exchange for LWP::UserAgent (one hop: no redirects, cookies or auth of its own). Headers sent as given; the response head as received and the body undecoded, the first first_block bytes here and the rest through http.read_body. A transport failure is a result (code 500, error {kind, message} in LWP\'s words), not an RPC error. Never resent by the client: a request can have effects.',
      params: RequestParams,
      result: RequestResult,
      handler: async (p, ctx) => {
        const out = await runRequest(app, pool, config, ctx, p as RequestInput)
        // in place, not a spread copy: runRequest's result is this call's own
        const reply = out as Omit<RequestOutput, 'content'> & { content: unknown }
        reply.content = asBytes(out.content)
        return reply
      },
    }),
    read_body: method({
      description: 'The next block of a response body left behind http.request\'s `more` handle; eof true with the last one (the handle is then closed). The daemon reads about one block ahead, no more.',
      params: Type.Object({
        body: Type.String({ minLength: 1, description: 'the `more` handle' }),
        max_bytes: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_BLOCK, description: 'default 4 MiB' })),
      }),
      result: Type.Object({ content: Type.Unknown({ description: 'bytes' }), eof: Type.Boolean(), error: Type.Optional(ErrorResult), aborted: Type.Optional(Type.Literal('max_size')) }),
      handler: async (p, ctx) => {
        const body = app.sessions.get<BodyReader>(ctx.session, BODY_KIND, p.body)
        const b = await body.read(p.max_bytes ?? DEFAULT_FIRST_BLOCK)
        if (b.eof) await app.sessions.close(ctx.session, BODY_KIND, p.body).catch(() => false)
        return { content: asBytes(b.content, b.headRoom), eof: b.eof, ...(b.error !== undefined ? { error: b.error } : {}), ...(b.aborted !== undefined ? { aborted: b.aborted } : {}) }
      },
    }),
    close_body: method({
      description: 'Discards the rest of a body (its connection is closed, not reused). A handle already at its end is fine.',
      params: Type.Object({ body: Type.String({ minLength: 1 }) }),
      result: Type.Object({ closed: Type.Boolean() }),
      idempotent: true,
      handler: async (p, ctx) => {
        try {
          await app.sessions.close(ctx.session, BODY_KIND, p.body)
        } catch (err) {
          if (!(err instanceof BridgeError) || err.type !== 'handle_not_found') throw err
        }
        return { closed: true }
      },
    }),
  }
}
