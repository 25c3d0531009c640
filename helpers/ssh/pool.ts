// The SSH connection pool: one ssh2 Client per lease, reused by the next
// acquire with the same key (host, port, user, credential hash, host key
// policy) while it is idle, closed after config.sshPoolIdleSeconds. A lease
// is exclusive; a connection the server closed while idle is dropped, so the
// next acquire makes a fresh one.
import { randomBytes } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Client, ClientChannel, SFTPWrapper, ParsedKey, AnyAuthMethod, AuthenticationType, NextAuthHandler, Prompt, KeyboardInteractiveCallback } from 'ssh2'
import { BackendError } from '../../src/errors.js'
import type { SshTarget } from './params.js'
import { checkHostKey, entriesFor, knownKeyTypes } from './known-hosts.js'
import { connectError, disconnectedError } from './errors.js'

type Ssh2 = typeof import('ssh2')
let ssh2: Ssh2 | undefined
async function lib (): Promise<Ssh2> {
  ssh2 ??= (await import('ssh2')).default
  return ssh2
}

export interface SshLease {
  readonly client: Client
  /** the pool's id, for /connections (no secrets) */
  readonly connectionId: string
  /** whether the connection served an earlier lease (a stale one may fail on first use) */
  readonly reused: boolean
  /** the target's inactivity limit (ms), if the script set one */
  readonly timeoutMs: number | undefined
  readonly host: string
  readonly port: number
  readonly user: string
  /** one SFTP channel per connection, opened on first use, kept with it in the pool */
  sftp (): Promise<SFTPWrapper>
  /** whether the connection is still up */
  alive (): boolean
  /** runs `listener` once when the connection goes (at once if it has; pending requests may never be answered then); returns its removal */
  onDead (listener: () => void): () => void
  /** false after a transport error or a half-finished channel: the connection is closed */
  release (reusable: boolean): void
}

interface Conn {
  id: string
  key: string
  client: Client
  host: string
  port: number
  user: string
  created: number
  dead: boolean
  leased: boolean
  sftp?: Promise<SFTPWrapper>
  deadListeners: Array<() => void>
  idleSince?: number
  idleTimer?: NodeJS.Timeout
}

export interface PoolOptions { idleSeconds: number, maxIdle: number, log: FastifyBaseLogger }

const HOST_KEY_ALGOS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']

/** Host key algorithms with the types known_hosts has for the host first, as ssh orders them: the server then shows a key we can check. */
function hostKeyOrder (known: readonly string[]): string[] {
  const first: string[] = []
  for (const t of known) {
    const algos = t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : HOST_KEY_ALGOS.includes(t) ? [t] : []
    for (const a of algos) if (!first.includes(a)) first.push(a)
  }
  return [...first, ...HOST_KEY_ALGOS.filter(a => !first.includes(a))]
}

function parseKeys (s: Ssh2, t: SshTarget): ParsedKey[] {
  return t.keys.map(k => {
    const parsed = s.utils.parseKey(k.data, t.passphrase)
    if (parsed instanceof Error) {
      const encrypted = /encrypted|passphrase|decrypt|bad/i.test(parsed.message)
      const reason = !encrypted ? `unsupported or malformed key (${parsed.message})`
        : t.passphrase === undefined ? 'the key is encrypted and no passphrase was given' : 'wrong passphrase for the key'
      throw new BackendError(`${k.field}: cannot use the key file: ${reason}`, 'ssh_key', { field: k.field, reason })
    }
    return Array.isArray(parsed) ? parsed[0] : parsed
  })
}

export class SshPool {
  private readonly idle = new Map<string, Conn[]>()
  private readonly all = new Set<Conn>()
  private closing = false

  constructor (private readonly opts: PoolOptions) {}

  async acquire (t: SshTarget): Promise<SshLease> {
    if (this.closing) throw new BackendError('ssh: the daemon is shutting down', 'ssh_disconnected', { host: t.host, port: t.port })
    const list = this.idle.get(t.poolKey)
    while (list !== undefined && list.length > 0) {
      const c = list.pop() as Conn
      if (list.length === 0) this.idle.delete(t.poolKey)
      clearTimeout(c.idleTimer)
      c.idleTimer = undefined
      c.idleSince = undefined
      if (c.dead) continue
      return this.lease(c, true, t)
    }
    const c = await this.connect(t)
    return this.lease(c, false, t)
  }

  /** The idle pooled connections, for /connections: never a credential. */
  idleConnections (now = Date.now()): Array<{ id: string, host: string, port: number, user: string, age_seconds: number, idle_seconds: number }> {
    const out = []
    for (const list of this.idle.values()) {
      for (const c of list) out.push({ id: c.id, host: c.host, port: c.port, user: c.user, age_seconds: Math.round((now - c.created) / 1000), idle_seconds: Math.round((now - (c.idleSince ?? now)) / 1000) })
    }
    return out
  }

  get size (): { open: number, idle: number } {
    let idle = 0
    for (const l of this.idle.values()) idle += l.length
    return { open: this.all.size, idle }
  }

  async close (): Promise<void> {
    this.closing = true
    for (const c of [...this.all]) this.destroy(c)
    this.idle.clear()
  }

  private lease (c: Conn, reused: boolean, t: SshTarget): SshLease {
    c.leased = true
    let released = false
    return {
      client: c.client,
      connectionId: c.id,
      reused,
      timeoutMs: t.timeoutMs,
      host: c.host,
      port: c.port,
      user: c.user,
      alive: () => !c.dead,
      onDead: (listener: () => void) => {
        if (c.dead) { queueMicrotask(listener); return () => undefined }
        c.deadListeners.push(listener)
        return () => { const i = c.deadListeners.indexOf(listener); if (i >= 0) c.deadListeners.splice(i, 1) }
      },
      sftp: () => {
        if (released) throw new Error('ssh: lease used after release')
        c.sftp ??= this.openSftp(c)
        return c.sftp
      },
      release: (reusable: boolean) => {
        if (released) return
        released = true
        c.leased = false
        this.put(c, reusable)
      },
    }
  }

  private openSftp (c: Conn): Promise<SFTPWrapper> {
    return new Promise((resolve, reject) => {
      c.client.sftp((err, sftp) => {
        if (err !== undefined && err !== null) {
          c.sftp = undefined
          reject(c.dead ? disconnectedError('opening the SFTP channel', c) : new BackendError(`ssh: the server refused the SFTP subsystem on ${c.host}:${c.port}: ${err.message}`, 'ssh_connect', { host: c.host, port: c.port, errno: null }))
          return
        }
        // a closed channel (server side sftp-server died) cannot serve the next lease
        sftp.on('close', () => { if (c.sftp !== undefined) { c.sftp = undefined; if (!c.leased) this.destroy(c) } })
        resolve(sftp)
      })
    })
  }

  private put (c: Conn, reusable: boolean): void {
    if (!reusable || c.dead || this.closing || this.opts.idleSeconds <= 0 || this.opts.maxIdle <= 0) { this.destroy(c); return }
    const list = this.idle.get(c.key) ?? []
    if (list.length >= this.opts.maxIdle) { this.destroy(c); return }
    list.push(c)
    this.idle.set(c.key, list)
    c.idleSince = Date.now()
    c.idleTimer = setTimeout(() => this.destroy(c), this.opts.idleSeconds * 1000)
    c.idleTimer.unref()
  }

  private unlist (c: Conn): void {
    const list = this.idle.get(c.key)
    if (list === undefined) return
    const i = list.indexOf(c)
    if (i >= 0) list.splice(i, 1)
    if (list.length === 0) this.idle.delete(c.key)
  }

  private destroy (c: Conn): void {
    clearTimeout(c.idleTimer)
    this.unlist(c)
    this.all.delete(c)
    if (!c.dead) {
      c.dead = true
      this.notifyDead(c)
      try { c.client.end() } catch { /* already closed */ }
      // a peer that never answers the disconnect must not keep the socket open
      setTimeout(() => { try { c.client.destroy() } catch { /* gone */ } }, 2000).unref()
    }
  }

  private async connect (t: SshTarget): Promise<Conn> {
    const s = await lib()
    const keys = parseKeys(s, t)
    // read before connecting: ssh2 asks hostVerifier synchronously, and no file read may block the daemon
    const entries = await entriesFor(t.knownHosts, t.host, t.port)
    const known = knownKeyTypes(entries)
    const client = new s.Client()
    const tried: string[] = []
    let hostKeyError: BackendError | null = null

    const methods: AnyAuthMethod[] = []
    for (const key of keys) methods.push({ type: 'publickey', username: t.user, key })
    if (t.password !== undefined) {
      const password = t.password
      methods.push({ type: 'password', username: t.user, password })
      methods.push({ type: 'keyboard-interactive', username: t.user, prompt: (_n: string, _i: string, _l: string, prompts: Prompt[], finish: KeyboardInteractiveCallback) => finish(prompts.map(() => password)) })
    }
    methods.push({ type: 'none', username: t.user })
    let next = 0
    const authHandler = (left: AuthenticationType[] | null, _partial: boolean | null, cb: NextAuthHandler): void => {
      while (next < methods.length) {
        const m = methods[next++]
        // `left` is null on the first call (the server has not said yet)
        if (m.type === 'none' && tried.length > 0) continue
        if (left !== null && !left.includes(m.type)) continue
        if (m.type !== 'none' && !tried.includes(m.type)) tried.push(m.type)
        cb(m)
        return
      }
      // ssh2 takes false for 'nothing left' (its typings omit it)
      ;(cb as (m: AnyAuthMethod | false) => void)(false)
    }

    return await new Promise<Conn>((resolve, reject) => {
      let settled = false
      const c: Conn = { id: `ssh-${randomBytes(6).toString('base64url')}`, key: t.poolKey, client, host: t.host, port: t.port, user: t.user, created: Date.now(), dead: false, leased: false, deadListeners: [] }
      const fail = (err: unknown): void => {
        if (settled) return
        settled = true
        c.dead = true
        try { client.destroy() } catch { /* not connected */ }
        reject(hostKeyError ?? connectError(err, t, tried))
      }
      client.on('ready', () => {
        if (settled) return
        settled = true
        // Nagle holds back the small WINDOW_ADJUST and request packets behind unacked data: downloads ran at a third of ssh's speed
        client.setNoDelay(true)
        this.all.add(c)
        resolve(c)
      })
      client.on('error', (err: Error) => {
        if (!settled) { fail(err); return }
        this.opts.log.debug({ connection: c.id, host: t.host, port: t.port, err: err.message }, 'ssh connection error')
        this.markDead(c)
      })
      client.on('close', () => {
        if (!settled) { fail(Object.assign(new Error('the server closed the connection during the handshake'), { level: 'client-socket' })); return }
        this.markDead(c)
      })
      client.on('end', () => { if (settled) this.markDead(c) })
      try {
        client.connect({
          host: t.host,
          port: t.port,
          username: t.user,
          readyTimeout: t.connectTimeoutMs,
          // dead peers are found while idle (and a silent one fails the lease's next call)
          keepaliveInterval: 15_000,
          keepaliveCountMax: 4,
          algorithms: { serverHostKey: hostKeyOrder(known) as never },
          hostVerifier: (key: Buffer) => {
            hostKeyError = checkHostKey(key, entries, t.host, t.port, t.strict)
            return hostKeyError === null
          },
          authHandler,
        })
      } catch (err) {
        fail(err)
      }
    })
  }

  private markDead (c: Conn): void {
    const first = !c.dead
    c.dead = true
    this.all.delete(c)
    clearTimeout(c.idleTimer)
    this.unlist(c)
    if (first || c.deadListeners.length > 0) this.notifyDead(c)
  }

  private notifyDead (c: Conn): void {
    const listeners = c.deadListeners.splice(0)
    for (const l of listeners) {
      try { l() } catch (err) { this.opts.log.warn({ err, connection: c.id }, 'ssh: a connection-lost listener failed') }
    }
  }
}

export type { ClientChannel }
