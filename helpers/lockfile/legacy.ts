// The old bridge's lockfile calls (make / trylock / release / cleanup_manager),
// kept for scripts that call them directly. They use the same lock files and
// stamps as the LockFile::Simple facade, so old and new callers exclude each other.
import { Type } from '@sinclair/typebox'
import os from 'node:os'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method } from '../../src/registry.js'
import { BackendError } from '../../src/errors.js'
import { attempt, expandFormat } from './acs.js'
import { holdLock, lockPath, sessionPid, type HeldLock, type LiveLocks } from './held.js'

interface Manager { nfs: boolean, hold: number, delay: number, locks: Set<string> }

export function legacyMethods (app: FastifyInstance, config: Config, live: LiveLocks) {
  return {
    make: method({
      description: 'Old bridge: creates a lock manager (-nfs, -hold) and returns its manager_id.',
      params: Type.Object({
        nfs: Type.Optional(Type.Union([Type.Boolean(), Type.Integer()])),
        hold: Type.Optional(Type.Integer({ minimum: 0 })),
        max_age: Type.Optional(Type.Integer({ minimum: 0 })),
        delay: Type.Optional(Type.Number({ minimum: 0 })),
        max_wait: Type.Optional(Type.Number({ minimum: 0 })),
      }),
      result: Type.Object({ manager_id: Type.String(), nfs: Type.Boolean(), hold: Type.Integer() }),
      handler: (p, ctx) => {
        const m: Manager = { nfs: Boolean(p.nfs), hold: p.hold ?? p.max_age ?? 90, delay: p.delay ?? 1, locks: new Set() }
        const id = app.sessions.create(ctx.session, 'lock_manager', m, () => undefined)
        return { manager_id: id, nfs: m.nfs, hold: m.hold }
      },
    }),
    trylock: method({
      description: 'Old bridge: one non-blocking lock attempt through a manager; fails with "Lock file exists" when held.',
      params: Type.Object({
        manager_id: Type.Optional(Type.String()),
        filename: Type.String({ minLength: 1 }),
        lockfile_pattern: Type.Optional(Type.String()),
        pid: Type.Optional(Type.Integer({ minimum: 1, description: 'the script PID written to the lock file (default: from the session id)' })),
      }),
      result: Type.Object({ lock_id: Type.String(), filename: Type.String(), lockfile: Type.String() }),
      handler: async (p, ctx) => {
        const { id: managerId, resource: m } = app.sessions.resolve<Manager>(ctx.session, 'lock_manager', p.manager_id)
        const pid = p.pid ?? sessionPid(ctx)
        const rel = p.lockfile_pattern !== undefined ? expandFormat(p.lockfile_pattern, p.filename, pid) : `${p.filename}.lock`
        const lockfile = lockPath(config, ctx, rel, p.lockfile_pattern !== undefined ? 'params.lockfile_pattern' : 'params.filename')
        const stamp = m.nfs ? `${pid}:${os.hostname()}` : String(pid)
        const r = await attempt({ file: p.filename, lockfile, stamp, host: os.hostname(), nfs: m.nfs, hold: m.hold, stale: false, warn: false })
        if (!r.locked) throw new BackendError(`Could not acquire lock on ${p.filename}: Lock file exists`, 'EEXIST', { manager_id: managerId })
        const held: HeldLock = { file: p.filename, lockfile, stamp, released: false }
        const lockId = holdLock(app, live, ctx, held)
        m.locks.add(lockId)
        return { lock_id: lockId, filename: p.filename, lockfile: rel }
      },
    }),
    release: method({
      description: 'Old bridge: releases a lock taken with trylock (removes the lock file if it is still ours).',
      params: Type.Object({ lock_id: Type.String({ minLength: 1 }) }),
      result: Type.Object({ lock_id: Type.String(), released: Type.Boolean() }),
      handler: async (p, ctx) => {
        await app.sessions.close(ctx.session, 'lock', p.lock_id)
        return { lock_id: p.lock_id, released: true }
      },
    }),
    cleanup_manager: method({
      description: 'Old bridge: forgets a lock manager (its locks stay until released or the session ends).',
      params: Type.Object({ manager_id: Type.String({ minLength: 1 }) }),
      result: Type.Object({ manager_id: Type.String(), cleaned_up: Type.Boolean() }),
      handler: async (p, ctx) => {
        try {
          await app.sessions.close(ctx.session, 'lock_manager', p.manager_id)
        } catch (err) {
          if ((err as { type?: string }).type !== 'handle_not_found') throw err
        }
        return { manager_id: p.manager_id, cleaned_up: true }
      },
    }),
  }
}
