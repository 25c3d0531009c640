// The keep-alive connections every session's HTTP requests share. undici
// keeps one pool per origin inside an Agent, but an Agent has one set of TLS
// options, so there is one Agent per connection profile (certificate checks,
// the CA bytes' hash, the proxy): a connection made without verification is
// never handed to a request that verifies, or the other way round. undici
// itself is imported on the first request.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import type { Agent, Dispatcher, buildConnector as BuildConnector } from 'undici'
import { BRIDGE_ERR_SHUTTING_DOWN } from '../../src/errors.js'
import { tunnelConnector } from './tunnel.js'

type Undici = typeof import('undici')
let undici: Undici | undefined
export async function lib (): Promise<Undici> {
  undici ??= await import('undici')
  return undici
}

/** How a connection is made; requests with equal profiles may share connections. */
export interface Profile {
  /** verify the certificate chain (SSL_verify_mode) */
  verifyChain: boolean
  /** check the certificate names the host (verify_hostname) */
  verifyHost: boolean
  /** the CA certificates to trust instead of the defaults (SSL_ca_file's and SSL_ca_path's bytes) */
  ca?: Buffer
  /** a client certificate and its key (SSL_cert_file, SSL_key_file): part of the key by hash only */
  cert?: Buffer
  key?: Buffer
  /** an HTTP proxy origin ("http://host:port", no credentials) */
  proxy?: string
  /** the proxy's Proxy-Authorization for CONNECT (from the proxy URL's user:password); part of the key by hash only */
  proxyAuth?: string
}

export interface PoolOptions {
  /** how long an idle connection is kept for the next request (ms); the server's Keep-Alive timeout wins when shorter */
  idleMs: number
  /** the longest a connection attempt may take whatever the request's timeout; requests time out sooner on their own */
  connectCapMs: number
}

interface Entry { agent: Agent, profile: Profile, key: string }

/**
 * The system's CA bundle, which LWP on Debian/Red Hat trusts by default (its
 * https protocol is built against the distribution's ca-certificates, locally
 * added CAs included); SSL_CERT_FILE first, as OpenSSL reads it. Node's own
 * bundled roots only when the system has none.
 */
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem']
let systemCa: Promise<Buffer | undefined> | undefined
export async function defaultCa (): Promise<Buffer | undefined> {
  systemCa ??= (async () => {
    const env = process.env.SSL_CERT_FILE
    for (const f of env !== undefined && env !== '' ? [env, ...SYSTEM_BUNDLES] : SYSTEM_BUNDLES) {
      try {
        const b = await fs.promises.readFile(f)
        if (b.includes('-----BEGIN CERTIFICATE-----')) return b
      } catch { /* not this system's layout */ }
    }
    return undefined
  })()
  return await systemCa
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex')

export function profileKey (p: Profile): string {
  const h = (b: Buffer | string | undefined): string | null => b === undefined ? null : sha(b)
  return JSON.stringify([p.verifyChain, p.verifyHost, h(p.ca), h(p.cert), h(p.key), p.proxy ?? null, h(p.proxyAuth)])
}

export class HttpPool {
  private readonly agents = new Map<string, Entry>()
  private closing = false

  constructor (private readonly opts: PoolOptions) {}

  /** The dispatcher for a profile, made on first use. */
  async dispatcher (p: Profile): Promise<Dispatcher> {
    // a request that reaches here after close (it was reading its CA file meanwhile) must not make a new Agent
    if (this.closing) throw new BRIDGE_ERR_SHUTTING_DOWN()
    const key = profileKey(p)
    const have = this.agents.get(key)
    if (have !== undefined) return have.agent
    const u = await lib()
    const ca = p.ca ?? await defaultCa()
    // after the awaits: another request may have made it meanwhile (one Agent per profile), or the pool closed
    const again = this.agents.get(key)
    if (again !== undefined) return again.agent
    if (this.closing) throw new BRIDGE_ERR_SHUTTING_DOWN()
    const tls = {
      rejectUnauthorized: p.verifyChain,
      // an empty CA set (an SSL_ca_path without hashed names) trusts nothing, as OpenSSL would
      ...(ca !== undefined ? { ca: ca.length > 0 ? ca : [] } : {}),
      ...(p.cert !== undefined ? { cert: p.cert } : {}),
      ...(p.key !== undefined ? { key: p.key } : {}),
      // verify_hostname => 0 keeps the chain check but accepts any name, as IO::Socket::SSL's verifycn_scheme none
      ...(p.verifyHost ? {} : { checkServerIdentity: () => undefined }),
    }
    const direct: ReturnType<typeof BuildConnector> = u.buildConnector({ ...tls, timeout: this.opts.connectCapMs })
    const connect = p.proxy === undefined ? direct : tunnelConnector(u, new URL(p.proxy), p.proxyAuth, direct, this.opts.connectCapMs)
    const agent = new u.Agent({
      connect,
      keepAliveTimeout: this.opts.idleMs,
      keepAliveMaxTimeout: Math.max(this.opts.idleMs, 1000),
      // LWP sends one request at a time per connection
      pipelining: 1,
      // Net::HTTP takes 128 header lines of 8 KiB; Node's 16 KiB default would fail heads LWP reads
      maxHeaderSize: 1024 * 1024,
      // no limit of its own: each script waits for its own reply, so a cap would only queue one script behind another
      connections: null,
    })
    this.agents.set(key, { agent, profile: p, key })
    return agent
  }

  /** The pooled origins for /connections: origin, profile and counts; never credentials or paths. */
  list (): Array<Record<string, unknown>> {
    const out: Array<Record<string, unknown>> = []
    for (const e of this.agents.values()) {
      const stats = e.agent.stats as Record<string, { connected: number, free: number, pending: number, running: number, size: number }>
      for (const [origin, s] of Object.entries(stats)) {
        if (s.connected === 0 && s.size === 0) continue
        out.push({
          origin: safeOrigin(origin),
          ...(e.profile.proxy !== undefined ? { proxy: safeOrigin(e.profile.proxy) } : {}),
          verify_chain: e.profile.verifyChain,
          verify_hostname: e.profile.verifyHost,
          ...(e.profile.ca !== undefined ? { ca_sha256: sha(e.profile.ca).slice(0, 16) } : {}),
          ...(e.profile.cert !== undefined ? { client_cert_sha256: sha(e.profile.cert).slice(0, 16) } : {}),
          open: s.connected,
          idle: s.free,
          busy: s.running,
          queued: s.pending,
        })
      }
    }
    return out
  }

  get isClosing (): boolean { return this.closing }

  async close (): Promise<void> {
    this.closing = true
    const all = [...this.agents.values()]
    this.agents.clear()
    await Promise.all(all.map(async e => { await e.agent.destroy().catch(() => undefined) }))
  }
}

/** scheme://host:port only: a proxy URL's user:password or a path never reaches a listing. */
export function safeOrigin (u: string): string {
  try { return new URL(u).origin } catch { return '(unparsable)' }
}
