// Pooled nodemailer SMTP transports, shared by every session: one transport
// per (host, port, ssl, starttls, hello, timeout, SHA-256 of the auth, TLS
// options), each a nodemailer pool whose connections stay open between
// messages (and scripts) and close after IDLE_MS unused. A transport with no
// message for IDLE_MS is closed and forgotten. /connections lists them,
// never a credential.
import { createHash, randomBytes } from 'node:crypto'
import type { Transporter } from 'nodemailer'
import { BRIDGE_ERR_SHUTTING_DOWN } from '../../src/errors.js'

/** how long an unused connection (and transport) stays open */
export const IDLE_MS = 60_000
/** connections per transport: parallel scripts sending to one relay */
const MAX_CONNECTIONS = 5

export interface TransportSpec {
  host: string
  port: number
  ssl: boolean
  starttls: 'auto' | 'require' | 'never'
  hello?: string
  timeoutMs: number
  auth?: { user: string, password: string, method?: string }
  tls: { verify: boolean, ca?: Buffer }
}

interface Entry {
  id: string
  transport: Transporter
  spec: Omit<TransportSpec, 'auth' | 'tls'> & { user: string | null, verify: boolean, ca: boolean }
  created: number
  lastUsed: number
  inFlight: number
  sent: number
}

type NodemailerModule = typeof import('nodemailer')
let lib: NodemailerModule | undefined
async function nodemailer (): Promise<NodemailerModule> {
  lib ??= (await import('nodemailer')).default as unknown as NodemailerModule
  return lib
}

const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex')

export function poolKey (t: TransportSpec): string {
  return JSON.stringify([t.host, t.port, t.ssl, t.starttls, t.hello ?? null, t.timeoutMs,
    t.auth === undefined ? null : sha(JSON.stringify([t.auth.user, t.auth.password, t.auth.method ?? null])),
    t.tls.verify, t.tls.ca === undefined ? null : sha(t.tls.ca)])
}

export class MailPool {
  private readonly entries = new Map<string, Entry>()
  private readonly sweeper: NodeJS.Timeout
  private closing = false

  constructor () {
    this.sweeper = setInterval(() => this.sweep(), Math.min(IDLE_MS, 15_000))
    this.sweeper.unref()
  }

  /** Runs `job` with the transport for `t`, made on first use. */
  async with<T> (t: TransportSpec, job: (tr: Transporter, id: string) => Promise<T>): Promise<T> {
    if (this.closing) throw new BRIDGE_ERR_SHUTTING_DOWN()
    const key = poolKey(t)
    let e = this.entries.get(key)
    if (e === undefined) {
      const nm = await nodemailer()
      // after the await: the pool may have closed, or another first send made this transport meanwhile
      if (this.closing) throw new BRIDGE_ERR_SHUTTING_DOWN()
      e = this.entries.get(key) ?? this.make(nm, key, t)
    }
    e.inFlight++
    try {
      const r = await job(e.transport, e.id)
      e.sent++
      return r
    } finally {
      e.inFlight--
      e.lastUsed = Date.now()
    }
  }

  private make (nm: NodemailerModule, key: string, t: TransportSpec): Entry {
    const isIp = /^[\d.]+$|:/.test(t.host)
    const transport = nm.createTransport({
      pool: true,
      maxConnections: MAX_CONNECTIONS,
      maxMessages: Infinity,
      idleTimeout: IDLE_MS,
      host: t.host,
      port: t.port,
      secure: t.ssl,
      ignoreTLS: t.starttls === 'never',
      requireTLS: t.starttls === 'require',
      name: t.hello,
      connectionTimeout: t.timeoutMs,
      greetingTimeout: t.timeoutMs,
      socketTimeout: t.timeoutMs,
      auth: t.auth === undefined ? undefined : { user: t.auth.user, pass: t.auth.password, ...(t.auth.method !== undefined ? { method: t.auth.method } : {}) },
      authMethod: t.auth?.method,
      tls: { rejectUnauthorized: t.tls.verify, ca: t.tls.ca, servername: isIp ? undefined : t.host },
      // nodemailer's own log lines would carry addresses and, at debug, the AUTH exchange
      logger: false,
      debug: false,
    } as Parameters<NodemailerModule['createTransport']>[0])
    const e: Entry = {
      id: `mail-${randomBytes(6).toString('base64url')}`,
      transport,
      spec: { host: t.host, port: t.port, ssl: t.ssl, starttls: t.starttls, hello: t.hello, timeoutMs: t.timeoutMs, user: t.auth?.user ?? null, verify: t.tls.verify, ca: t.tls.ca !== undefined },
      created: Date.now(),
      lastUsed: Date.now(),
      inFlight: 0,
      sent: 0,
    }
    this.entries.set(key, e)
    return e
  }

  /** The pooled transports, for /connections: host, port, user, never a password. */
  list (now = Date.now()): Array<Record<string, unknown>> {
    return [...this.entries.values()].map(e => ({
      id: e.id, host: e.spec.host, port: e.spec.port, ssl: e.spec.ssl, starttls: e.spec.starttls, user: e.spec.user,
      verify: e.spec.verify, ca_file: e.spec.ca, messages: e.sent, in_flight: e.inFlight,
      age_seconds: Math.round((now - e.created) / 1000), idle_seconds: Math.round((now - e.lastUsed) / 1000),
    }))
  }

  private sweep (now = Date.now()): void {
    for (const [key, e] of this.entries) {
      if (e.inFlight === 0 && now - e.lastUsed >= IDLE_MS) {
        this.entries.delete(key)
        e.transport.close()
      }
    }
  }

  close (): void {
    this.closing = true
    clearInterval(this.sweeper)
    for (const e of this.entries.values()) e.transport.close()
    this.entries.clear()
  }
}
