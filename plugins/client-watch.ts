// Ends the session of a client process that died without saying so (SIGKILL,
// OOM killer, a crash), as the real modules' resources die with their process:
// the transaction rolls back, pooled connections return, SQLite and LockFile
// locks go. Checked when a connection that carried a claimed session closes,
// and every couple of seconds (one /proc read per watched session).
// Sessions without a checked X-Bridge-Client claim (curl, the one-shot CLI)
// keep the idle/TTL rules.
import type { FastifyInstance } from 'fastify'
import type { Socket } from 'node:net'
import { ANONYMOUS_SESSION, sessionIdOf } from './rate-limit.js'
import { isAlive, parseClientClaim } from './client-process.js'
import type { SessionTable } from './sessions.js'

export interface ClientWatch {
  /** how many liveness checks ran, and how many sessions they ended (tests and metrics read these) */
  readonly stats: { checks: number, ended: number }
  /** checks every watched session now */
  sweep: () => Promise<void>
  stop: () => void
}

declare module 'fastify' {
  interface FastifyInstance { clientWatch: ClientWatch }
}

// After a connection closes, the process may still be exiting (its files are
// closed before it becomes a zombie): look again shortly after.
const RECHECK_AFTER_CLOSE_MS = 250
const SLICE = 64

export function watchClients (app: FastifyInstance, table: SessionTable, opts: { checkEveryMs: number }): ClientWatch {
  const stats = { checks: 0, ended: 0 }
  const ending = new Set<string>()
  const carried = new WeakMap<Socket, Set<string>>()
  const timers = new Set<NodeJS.Timeout>()

  async function check (id: string): Promise<void> {
    const s = table.sessions.get(id)
    if (s?.client?.watched !== true || ending.has(id)) return
    stats.checks++
    if (isAlive(s.client)) return
    ending.add(id)
    try {
      const closed = await table.endSession(id)
      stats.ended++
      app.log.info({ session: s.publicId, client_pid: s.client.pid, closed_handles: closed }, 'client process is gone: session ended, its handles closed')
    } finally {
      ending.delete(id)
    }
  }

  async function checkAll (ids: Iterable<string>): Promise<void> {
    let n = 0
    for (const id of ids) {
      // a /proc read is some 10-30 us: with hundreds of sessions, let requests in between slices
      if (++n % SLICE === 0) await new Promise(resolve => setImmediate(resolve))
      try {
        await check(id)
      } catch (err) {
        app.log.warn({ err }, 'ending a dead client\'s session failed')
      }
    }
  }

  function onConnectionClosed (ids: Set<string>): void {
    void checkAll(ids)
    const t = setTimeout(() => { timers.delete(t); void checkAll(ids) }, RECHECK_AFTER_CLOSE_MS)
    t.unref()
    timers.add(t)
  }

  app.addHook('onRequest', (req, _reply, done) => {
    const claim = parseClientClaim(req.headers['x-bridge-client'])
    const id = claim !== undefined ? sessionIdOf(req) : ANONYMOUS_SESSION
    // header-less callers share the anonymous session: one of them exiting must not end it for the rest
    if (claim !== undefined && id !== ANONYMOUS_SESSION) {
      table.claimClient(id, claim)
      const sock = req.raw.socket
      let ids = carried.get(sock)
      if (ids === undefined) {
        ids = new Set()
        carried.set(sock, ids)
        const mine = ids
        sock.once('close', () => { onConnectionClosed(mine) })
      }
      ids.add(id)
    }
    done()
  })
  // a claim whose request was refused (connection limit) must not wait for a session forever
  app.addHook('onResponse', (req, _reply, done) => {
    if (table.hasPendingClaims && req.headers['x-bridge-client'] !== undefined) table.dropPendingClaim(sessionIdOf(req))
    done()
  })

  const watched = (): string[] => [...table.sessions.values()].filter(s => s.client?.watched === true).map(s => s.id)
  const timer = opts.checkEveryMs > 0 ? setInterval(() => { void checkAll(watched()) }, opts.checkEveryMs) : undefined
  timer?.unref()

  const watch: ClientWatch = {
    stats,
    sweep: async () => { await checkAll(watched()) },
    stop: () => {
      if (timer) clearInterval(timer)
      for (const t of timers) clearTimeout(t)
      timers.clear()
    },
  }
  app.decorate('clientWatch', watch)
  return watch
}
