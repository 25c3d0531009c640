// Lock handles and lock paths, shared by the facade methods and the old bridge's calls.
import path from 'node:path'
import { realpathSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import type { CallContext } from '../../src/registry.js'
import { BRIDGE_ERR_PATH_FORBIDDEN } from '../../src/errors.js'
import { releaseIfOurs } from './acs.js'

export interface HeldLock { file: string, lockfile: string, stamp: string, released: boolean }

/** Resolves a lock path against the client's cwd and the configured allowed roots. */
export function lockPath (config: Config, ctx: CallContext, p: string): string {
  const abs = path.resolve(ctx.cwd ?? process.cwd(), p)
  if (config.allowedPaths.length > 0) {
    let dir: string
    try { dir = realpathSync(path.dirname(abs)) } catch { dir = path.dirname(abs) }
    const real = path.join(dir, path.basename(abs))
    if (!config.allowedPaths.some(root => real === root || real.startsWith(root.endsWith('/') ? root : `${root}/`))) throw new BRIDGE_ERR_PATH_FORBIDDEN(p)
  }
  return abs
}

/** The PID in the client's session id (`perl-<pid>-<rand>`), for old calls that do not send it. */
export function sessionPid (ctx: CallContext): number {
  const m = /^perl-(\d+)-/.exec(ctx.session.id)
  return m ? Number(m[1]) : process.pid
}

export function holdLock (app: FastifyInstance, ctx: CallContext, held: HeldLock): string {
  return app.sessions.create(ctx.session, 'lock', held, async (h: HeldLock) => {
    if (!h.released) await releaseIfOurs(h.lockfile, h.stamp)
    h.released = true
  })
}

