// Sessions (one per Perl process, keyed by X-Bridge-Session) and the handles
// they own. Every helper keeps its stateful objects here so ownership checks,
// idle reaping and close-on-session-end work the same for all of them.
import fp from 'fastify-plugin'
import { createHmac, randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { BRIDGE_ERR_HANDLE_NOT_FOUND, BRIDGE_ERR_HANDLE_NOT_OWNED, BRIDGE_ERR_TOO_MANY_CONNECTIONS } from '../src/errors.js'
import { verifyClaim, type ClientProcess } from './client-process.js'
import { watchClients } from './client-watch.js'

export interface Session {
  /** the X-Bridge-Session value: it grants the session, so it is never listed */
  id: string
  /** what listings, logs and DELETE /connections/:id use instead of the id */
  publicId: string
  /** the process that sent the session's first claim (X-Bridge-Client); `watched` when it checked out then */
  client?: ClientProcess & { watched: boolean }
  firstSeen: number
  lastSeen: number
  requests: number
  /** handle ids owned, in creation order */
  handles: Set<string>
  /** kind -> most recent handle id, for seed-style calls without a handle */
  latest: Map<string, string>
}

export interface Handle<T = unknown> {
  id: string
  kind: string
  owner: string
  resource: T
  created: number
  lastUsed: number
  close: () => unknown
  /** handles that live only as long as this one (a connection's statements), closed before it */
  children?: Set<string>
  parent?: string
}

export interface SessionsOptions {
  maxConnections: number
  handleTtlSeconds: number
  staleSeconds: number
  /** how often the reaper runs; 0 disables it (tests call reap directly) */
  reapIntervalMs?: number
  /** how often the processes behind sessions are checked; 0 disables the periodic check */
  clientCheckMs?: number
}

export class SessionTable {
  readonly sessions = new Map<string, Session>()
  readonly handles = new Map<string, Handle>()
  private closedTotal = 0
  private readonly byPublic = new Map<string, string>()
  // keyed, so a public id cannot be turned back into the (possibly old-format, guessable) session id
  private readonly publicKey = randomBytes(32)
  // claims that arrived before their session existed (its first request); touch() takes them
  private readonly pendingClaims = new Map<string, ClientProcess>()

  constructor (private readonly opts: SessionsOptions, private readonly log: FastifyInstance['log']) {}

  /** Finds or opens the session for a request; refuses a new one past the connection limit. */
  touch (id: string, now = Date.now()): Session {
    let s = this.sessions.get(id)
    if (s === undefined) {
      if (this.sessions.size >= this.opts.maxConnections) {
        this.reapIdleSessions(now)
        if (this.sessions.size >= this.opts.maxConnections) throw new BRIDGE_ERR_TOO_MANY_CONNECTIONS(this.opts.maxConnections)
      }
      s = { id, publicId: this.publicIdOf(id), firstSeen: now, lastSeen: now, requests: 0, handles: new Set(), latest: new Map() }
      this.sessions.set(id, s)
      this.byPublic.set(s.publicId, id)
      const claim = this.pendingClaims.get(id)
      if (claim !== undefined) this.setClient(s, claim)
    }
    s.lastSeen = now
    s.requests++
    return s
  }

  /**
   * The listed name of a session id. Keeps the `perl-<pid>-` prefix (operators
   * and tests find a script's session by its PID); the rest is a keyed hash.
   */
  publicIdOf (id: string): string {
    const prefix = /^perl-\d+-/.exec(id)?.[0] ?? 's-'
    return prefix + createHmac('sha256', this.publicKey).update(id).digest('base64url').slice(0, 16)
  }

  /** The session listed as `publicId`, if it exists. */
  byPublicId (publicId: string): Session | undefined {
    const id = this.byPublic.get(publicId)
    return id === undefined ? undefined : this.sessions.get(id)
  }

  /**
   * Records the process a request says it comes from (X-Bridge-Client). The
   * first claim of a session wins: a later, different one cannot move the
   * session to another process (and so cannot get it ended early).
   */
  claimClient (id: string, claim: ClientProcess): void {
    const s = this.sessions.get(id)
    if (s === undefined) this.pendingClaims.set(id, claim)
    else if (s.client === undefined) this.setClient(s, claim)
  }

  /** Forgets a claim whose request did not open its session (refused at the connection limit). */
  dropPendingClaim (id: string): void { this.pendingClaims.delete(id) }

  get hasPendingClaims (): boolean { return this.pendingClaims.size > 0 }

  private setClient (s: Session, claim: ClientProcess): void {
    this.pendingClaims.delete(s.id)
    const checked = verifyClaim(claim)
    s.client = checked !== null ? { ...checked, watched: true } : { ...claim, watched: false }
  }

  /**
   * Stores a resource as a handle owned by the session; `close` runs when it is closed or reaped.
   * With `parent`, the handle is closed (first) when that handle is: DBI invalidates a
   * connection's statements at disconnect, and a loop that disconnects must not leave them behind.
   */
  create<T> (session: Session, kind: string, resource: T, close: (resource: T) => unknown, opts: { parent?: string } = {}): string {
    const id = `${kind}_${randomBytes(9).toString('base64url')}`
    const now = Date.now()
    const parent = opts.parent !== undefined ? this.handles.get(opts.parent) : undefined
    this.handles.set(id, { id, kind, owner: session.id, resource, created: now, lastUsed: now, close: () => close(resource), ...(parent ? { parent: parent.id } : {}) })
    if (parent) (parent.children ??= new Set()).add(id)
    session.handles.add(id)
    session.latest.set(kind, id)
    // The session ended while this call ran (its process died mid-call): nobody can use or close
    // the handle, and it may hold a pooled connection, so it goes now rather than at the TTL.
    if (this.sessions.get(session.id) !== session) void this.drop(id)
    return id
  }

  /** The session's own handle of that kind, or undefined: for bookkeeping that must not throw (or mark it used). */
  find<T> (session: Session, kind: string, id: string): T | undefined {
    const h = this.handles.get(id)
    return h !== undefined && h.kind === kind && h.owner === session.id ? h.resource as T : undefined
  }

  /** Looks a handle up with its owner check, and marks it used. */
  get<T> (session: Session, kind: string, id: string): T {
    const h = this.handles.get(id)
    if (h === undefined || h.kind !== kind) throw new BRIDGE_ERR_HANDLE_NOT_FOUND(kind, id)
    if (h.owner !== session.id) throw new BRIDGE_ERR_HANDLE_NOT_OWNED(kind, id)
    h.lastUsed = Date.now()
    return h.resource as T
  }

  /** The handle named by `id`, or the session's most recent one of that kind (seed-style calls). */
  resolve<T> (session: Session, kind: string, id: string | undefined): { id: string, resource: T } {
    const hid = id ?? session.latest.get(kind)
    if (hid === undefined) throw new BRIDGE_ERR_HANDLE_NOT_FOUND(kind, '(none open in this session)')
    return { id: hid, resource: this.get<T>(session, kind, hid) }
  }

  /** Closes one handle (owner-checked). Returns false when it was already gone. */
  async close (session: Session, kind: string, id: string): Promise<boolean> {
    this.get(session, kind, id)
    return await this.drop(id)
  }

  private async drop (id: string): Promise<boolean> {
    const h = this.handles.get(id)
    if (h === undefined) return false
    if (h.children) for (const child of [...h.children].reverse()) await this.drop(child)
    this.handles.delete(id)
    if (h.parent !== undefined) this.handles.get(h.parent)?.children?.delete(id)
    const s = this.sessions.get(h.owner)
    if (s !== undefined) {
      s.handles.delete(id)
      if (s.latest.get(h.kind) === id) {
        s.latest.delete(h.kind)
        for (const other of [...s.handles].reverse()) {
          const oh = this.handles.get(other)
          if (oh?.kind === h.kind) { s.latest.set(h.kind, other); break }
        }
      }
    }
    this.closedTotal++
    try {
      await h.close()
    } catch (err) {
      this.log.warn({ err, handle: id, kind: h.kind }, 'closing a handle failed')
    }
    return true
  }

  /** Ends a session: closes every handle it owns (newest first: statements before their connections). */
  async endSession (id: string): Promise<number> {
    const s = this.sessions.get(id)
    if (s === undefined) return 0
    const ids = [...s.handles].reverse()
    for (const h of ids) await this.drop(h)
    this.forget(s)
    return ids.length
  }

  private forget (s: Session): void {
    if (this.sessions.get(s.id) !== s) return
    this.sessions.delete(s.id)
    this.byPublic.delete(s.publicId)
  }

  /** Closes handles idle past the TTL, and forgets sessions with nothing open that went stale. */
  async reap (now = Date.now()): Promise<number> {
    const ttl = this.opts.handleTtlSeconds * 1000
    let n = 0
    for (const h of [...this.handles.values()]) {
      if (now - h.lastUsed > ttl && await this.drop(h.id)) n++
    }
    this.reapIdleSessions(now)
    return n
  }

  private reapIdleSessions (now: number): void {
    const stale = this.opts.staleSeconds * 1000
    for (const s of this.sessions.values()) {
      if (s.handles.size === 0 && now - s.lastSeen > stale) this.forget(s)
    }
  }

  /** Ends every stale session (idle past staleSeconds), closing its handles; returns how many. */
  async cleanupStale (now = Date.now()): Promise<number> {
    const stale = this.opts.staleSeconds * 1000
    const ids = [...this.sessions.values()].filter(s => now - s.lastSeen > stale).map(s => s.id)
    for (const id of ids) await this.endSession(id)
    await this.reap(now)
    return ids.length
  }

  isStale (s: Session, now = Date.now()): boolean {
    return now - s.lastSeen > this.opts.staleSeconds * 1000
  }

  handlesByKind (): Record<string, number> {
    const out: Record<string, number> = {}
    for (const h of this.handles.values()) out[h.kind] = (out[h.kind] ?? 0) + 1
    return out
  }

  get totalClosed (): number { return this.closedTotal }

  async closeAll (): Promise<void> {
    for (const id of [...this.sessions.keys()]) await this.endSession(id)
    for (const id of [...this.handles.keys()]) await this.drop(id)
  }

  describe (s: Session, now = Date.now()): Record<string, unknown> {
    return {
      id: s.publicId,
      ...(s.client?.watched === true ? { client_pid: s.client.pid } : {}),
      first_seen: new Date(s.firstSeen).toISOString(),
      last_seen: new Date(s.lastSeen).toISOString(),
      idle_seconds: Math.round((now - s.lastSeen) / 100) / 10,
      requests: s.requests,
      stale: this.isStale(s, now),
      handles: [...s.handles].map(id => {
        const h = this.handles.get(id)
        return { id, kind: h?.kind, idle_seconds: h ? Math.round((now - h.lastUsed) / 100) / 10 : 0 }
      }),
    }
  }
}

declare module 'fastify' {
  interface FastifyInstance { sessions: SessionTable }
}

async function sessionsPlugin (app: FastifyInstance, opts: SessionsOptions): Promise<void> {
  const table = new SessionTable(opts, app.log)
  app.decorate('sessions', table)
  const every = opts.reapIntervalMs ?? Math.min(60_000, opts.handleTtlSeconds * 250)
  const timer = every > 0 ? setInterval(() => { void table.reap() }, every) : undefined
  timer?.unref()
  const watch = watchClients(app, table, { checkEveryMs: opts.clientCheckMs ?? 2000 })
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer)
    watch.stop()
    await table.closeAll()
  })
}

export default fp(sessionsPlugin, { fastify: '5.x', name: 'cpan-bridge-sessions' })
