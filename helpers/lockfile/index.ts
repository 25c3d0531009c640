// Module `lockfile`: LockFile::Simple's lock files, created and removed by the
// daemon on the script's behalf, held as handles of kind `lock` so a session
// that ends (the Perl process exits or dies) leaves no lock behind.
import fp from 'fastify-plugin'
import { Type } from '@sinclair/typebox'
import os from 'node:os'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method } from '../../src/registry.js'
import { attempt, unlock, expandFormat, type LockMessage } from './acs.js'
import { legacyMethods } from './legacy.js'
import { holdLock, keepLiveLocks, lockPath, sessionPid, type HeldLock, type LiveLocks } from './held.js'

declare module 'fastify' {
  interface FastifyInstance { lockfile: { held: () => number, keepAlive: (now?: number) => void } }
}

const Message = Type.Object({ kind: Type.Union([Type.Literal('warn'), Type.Literal('error')]), text: Type.String() })
const Messages = Type.Array(Message)

function lockMethods (app: FastifyInstance, config: Config, live: LiveLocks) {
  return {
    attempt: method({
      description: 'One LockFile::Simple locking attempt: breaks stale/old locks as configured, then creates the lock file with the stamp atomically.',
      params: Type.Object({
        file: Type.String({ description: 'the file being locked (for messages)' }),
        lockfile: Type.String({ minLength: 1, description: 'lock file path, relative to the client cwd' }),
        stamp: Type.String({ minLength: 1, pattern: '^[^\\n]*$', description: 'the PID, or PID:hostname with -nfs' }),
        host: Type.Optional(Type.String({ description: 'the client hostname, for -stale with -nfs' })),
        nfs: Type.Optional(Type.Boolean()),
        hold: Type.Optional(Type.Integer({ minimum: 0, description: 'seconds after which a lock file is broken; 0 never' })),
        stale: Type.Optional(Type.Boolean({ description: 'break locks whose holder PID is dead' })),
        warn: Type.Optional(Type.Boolean()),
      }),
      result: Type.Object({ locked: Type.Boolean(), lock_id: Type.Optional(Type.String()), messages: Messages }),
      handler: async (p, ctx) => {
        const lockfile = lockPath(config, ctx, p.lockfile)
        const r = await attempt({ file: p.file, lockfile, stamp: p.stamp, host: p.host ?? os.hostname(), nfs: p.nfs ?? false, hold: p.hold ?? 3600, stale: p.stale ?? false, warn: p.warn ?? true })
        if (!r.locked) return { locked: false, messages: r.messages }
        const lockId = holdLock(app, live, ctx, { file: p.file, lockfile, stamp: p.stamp, released: false })
        return { locked: true, lock_id: lockId, messages: r.messages }
      },
    }),
    unlock: method({
      description: 'Removes a lock file if it carries the given stamp (LockFile::Simple unlock/release); closes the lock handle.',
      params: Type.Object({
        file: Type.String(),
        lockfile: Type.String({ minLength: 1 }),
        stamp: Type.String({ minLength: 1 }),
        lock_id: Type.Optional(Type.String()),
      }),
      result: Type.Object({ unlocked: Type.Boolean(), messages: Messages }),
      handler: async (p, ctx) => {
        const lockfile = lockPath(config, ctx, p.lockfile)
        if (p.lock_id !== undefined) {
          const h = app.sessions.get<HeldLock>(ctx.session, 'lock', p.lock_id)
          h.released = true
        }
        const r = await unlock(p.file, lockfile, p.stamp)
        if (p.lock_id !== undefined) await app.sessions.close(ctx.session, 'lock', p.lock_id)
        return r
      },
    }),
    lockfile: method({
      description: 'The lock file path LockFile::Simple would use for a file and format (%% %f %D %F %p).',
      params: Type.Object({ file: Type.String(), format: Type.Optional(Type.String()), ext: Type.Optional(Type.String()), pid: Type.Optional(Type.Integer({ minimum: 1 })) }),
      result: Type.Object({ lockfile: Type.String() }),
      idempotent: true,
      handler: (p, ctx) => ({ lockfile: p.format !== undefined ? expandFormat(p.format, p.file, p.pid ?? sessionPid(ctx)) : p.file + (p.ext ?? '.lock') }),
    }),
  }
}

async function lockfileHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const live: LiveLocks = new Map()
  const every = Math.max(1000, Math.min(60_000, opts.config.handleTtlSeconds * 250))
  const timer = setInterval(() => keepLiveLocks(app, live), every)
  timer.unref()
  app.addHook('onClose', async () => { clearInterval(timer) })
  app.decorate('lockfile', { held: () => live.size, keepAlive: (now?: number) => keepLiveLocks(app, live, now) })
  app.rpc.register('lockfile', { ...lockMethods(app, opts.config, live), ...legacyMethods(app, opts.config, live) })
}

export type { LockMessage }
export default fp(lockfileHelper, { fastify: '5.x', name: 'cpan-bridge-lockfile', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status'] })
