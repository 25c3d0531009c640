// Lock handles and lock paths, shared by the facade methods and the old bridge's calls.
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import type { CallContext } from '../../src/registry.js'
import type { Session } from '../../plugins/sessions.js'
import { resolveClientPath } from '../../src/paths.js'
import { releaseIfOurs, alive } from './acs.js'

export interface HeldLock { file: string, lockfile: string, stamp: string, released: boolean }

/** Resolves a lock path against the client's cwd and the configured allowed roots. */
export function lockPath (config: Config, ctx: CallContext, p: string, field = 'params.lockfile'): string {
  return resolveClientPath(p, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field })
}

/** The PID in the client's session id (`perl-<pid>-<rand>`), for old calls that do not send it. */
export function sessionPid (ctx: CallContext): number {
  const m = /^perl-(\d+)-/.exec(ctx.session.id)
  return m ? Number(m[1]) : process.pid
}

/** Locks held now, per daemon: id -> owning session and lock. */
export type LiveLocks = Map<string, { session: Session, held: HeldLock }>

export function holdLock (app: FastifyInstance, live: LiveLocks, ctx: CallContext, held: HeldLock): string {
  app.status.host.watchDir(path.dirname(held.lockfile))
  const id = app.sessions.create(ctx.session, 'lock', held, async (h: HeldLock) => {
    live.delete(id)
    if (!h.released) await releaseIfOurs(h.lockfile, h.stamp)
    h.released = true
  })
  live.set(id, { session: ctx.session, held })
  return id
}

/**
 * A script may hold a lock for hours without calling the daemon. While its
 * PID is alive, its lock handles and its session are kept fresh, so neither
 * the idle-handle reaper nor a stale-session cleanup breaks a live lock; a
 * killed script's locks are reaped after the handle TTL.
 */
export function keepLiveLocks (app: FastifyInstance, live: LiveLocks, now = Date.now()): void {
  for (const [id, { session, held }] of live) {
    const pid = Number(/^(\d+)/.exec(held.stamp)?.[1])
    if (!alive(pid)) continue
    try {
      app.sessions.get(session, 'lock', id)
      const h = app.sessions.handles.get(id)
      if (h !== undefined) h.lastUsed = Math.max(h.lastUsed, now)
      session.lastSeen = Math.max(session.lastSeen, now)
    } catch {
      live.delete(id)
    }
  }
}

