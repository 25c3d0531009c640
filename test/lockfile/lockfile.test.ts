import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { mkdtempSync, readFileSync, existsSync, writeFileSync, statSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildTestServer, call, rpc } from '../helpers.js'
import { expandFormat } from '../../helpers/lockfile/acs.js'

describe('lockfile module', () => {
  let app: FastifyInstance
  let dir: string
  beforeEach(async () => {
    app = await buildTestServer()
    dir = mkdtempSync(path.join(tmpdir(), 'lockfile-test-'))
  })
  afterEach(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes the stamp and a newline in a 0444 file, and refuses a second attempt', async () => {
    const lockfile = path.join(dir, 'a.lock')
    const r = await call(app, 'lockfile.attempt', { file: 'a', lockfile, stamp: '4242' })
    expect(r.locked).toBe(true)
    expect(r.lock_id).toMatch(/^lock_/)
    expect(readFileSync(lockfile, 'latin1')).toBe('4242\n')
    expect(statSync(lockfile).mode & 0o777).toBe(0o444)
    const again = await call(app, 'lockfile.attempt', { file: 'a', lockfile, stamp: '4343' }, 'other-session')
    expect(again).toEqual({ locked: false, messages: [] })
    expect(readFileSync(lockfile, 'latin1')).toBe('4242\n')
  })

  it('unlock refuses a lock that is not ours and removes our own', async () => {
    const lockfile = path.join(dir, 'b.lock')
    const { lock_id: id } = await call(app, 'lockfile.attempt', { file: 'b', lockfile, stamp: '7' })
    expect(await call(app, 'lockfile.unlock', { file: 'b', lockfile, stamp: '8' })).toEqual({ unlocked: false, messages: [{ kind: 'error', text: 'cannot unlock b: lock not owned' }] })
    expect(await call(app, 'lockfile.unlock', { file: 'b', lockfile, stamp: '7', lock_id: id })).toEqual({ unlocked: true, messages: [] })
    expect(existsSync(lockfile)).toBe(false)
    expect(await call(app, 'lockfile.unlock', { file: 'b', lockfile, stamp: '7' })).toEqual({ unlocked: false, messages: [{ kind: 'warn', text: 'no lockfile found for b' }] })
  })

  it('ending the session removes its lock files, but only those still carrying its stamp', async () => {
    const mine = path.join(dir, 'c.lock')
    const taken = path.join(dir, 'd.lock')
    await call(app, 'lockfile.attempt', { file: 'c', lockfile: mine, stamp: '11' }, 's1')
    await call(app, 'lockfile.attempt', { file: 'd', lockfile: taken, stamp: '11' }, 's1')
    rmSync(taken)
    writeFileSync(taken, '12\n')
    await app.sessions.endSession('s1')
    expect(existsSync(mine)).toBe(false)
    expect(readFileSync(taken, 'latin1')).toBe('12\n')
  })

  it('a lock handle of another session cannot be used to unlock', async () => {
    const lockfile = path.join(dir, 'e.lock')
    const { lock_id: id } = await call(app, 'lockfile.attempt', { file: 'e', lockfile, stamp: '5' }, 's1')
    const r = await rpc(app, 'lockfile.unlock', { file: 'e', lockfile, stamp: '5', lock_id: id }, 's2')
    expect(r.error?.data?.type).toBe('handle_not_owned')
    expect(existsSync(lockfile)).toBe(true)
  })

  it('breaks a lock older than hold, with the real module\'s warning', async () => {
    const lockfile = path.join(dir, 'f.lock')
    writeFileSync(lockfile, '1\n')
    const old = new Date(Date.now() - 100_000)
    const { utimesSync } = await import('node:fs')
    utimesSync(lockfile, old, old)
    const r = await call(app, 'lockfile.attempt', { file: 'f', lockfile, stamp: '9', hold: 1 })
    expect(r.locked).toBe(true)
    expect(r.messages).toEqual([{ kind: 'warn', text: 'UNLOCKED f (lock older than 1 second)' }])
  })

  it('never removes a file that is not a lock file, whatever the stamp or hold', async () => {
    const victim = path.join(dir, 'precious.txt')
    writeFileSync(victim, '42\nimportant data\n')
    const old = new Date(Date.now() - 100_000)
    const { utimesSync } = await import('node:fs')
    utimesSync(victim, old, old)
    const r = await call(app, 'lockfile.attempt', { file: 'p', lockfile: victim, stamp: '7', hold: 1, stale: true })
    expect(r.locked).toBe(false)
    expect(r.messages.map((m: { text: string }) => m.text)).toContain(`cannot unlink ${victim}: not a lock file`)
    const u = await call(app, 'lockfile.unlock', { file: 'p', lockfile: victim, stamp: '42' })
    expect(u.unlocked).toBe(false)
    expect(readFileSync(victim, 'latin1')).toBe('42\nimportant data\n')
  })

  it('rejects a stamp with a newline, naming the field', async () => {
    const r = await rpc(app, 'lockfile.attempt', { file: 'g', lockfile: path.join(dir, 'g.lock'), stamp: '1\n2' })
    expect(r.error?.code).toBe(-32602)
    expect(r.error?.message).toContain('params.stamp')
  })

  it('confines lock paths to the allowed roots', async () => {
    await app.close()
    app = await buildTestServer({ allowedPaths: [dir] })
    const r = await rpc(app, 'lockfile.attempt', { file: 'x', lockfile: '/etc/x.lock', stamp: '1' })
    expect(r.error?.data?.type).toBe('path_forbidden')
    expect((await call(app, 'lockfile.attempt', { file: 'x', lockfile: path.join(dir, 'x.lock'), stamp: '1' })).locked).toBe(true)
  })

  it('keeps the old bridge calls: make, trylock, release, cleanup_manager', async () => {
    const { manager_id: mid } = await call(app, 'lockfile.make', { nfs: false, hold: 90 }, 'perl-321-abcd')
    const r = await call(app, 'lockfile.trylock', { manager_id: mid, filename: path.join(dir, 'data.txt'), lockfile_pattern: `${dir}/%F.lck` }, 'perl-321-abcd')
    expect(r.lockfile).toBe(`${dir}/data.txt.lck`)
    expect(readFileSync(r.lockfile, 'latin1')).toBe('321\n')
    const busy = await rpc(app, 'lockfile.trylock', { manager_id: mid, filename: path.join(dir, 'data.txt'), lockfile_pattern: `${dir}/%F.lck` }, 'perl-321-abcd')
    expect(busy.error?.message).toContain('Lock file exists')
    expect(await call(app, 'lockfile.release', { lock_id: r.lock_id }, 'perl-321-abcd')).toEqual({ lock_id: r.lock_id, released: true })
    expect(existsSync(r.lockfile)).toBe(false)
    expect(await call(app, 'lockfile.cleanup_manager', { manager_id: mid }, 'perl-321-abcd')).toEqual({ manager_id: mid, cleaned_up: true })
  })

  it('keeps a live holder\'s lock through the idle reaper and reaps a dead holder\'s', async () => {
    const { spawnSync } = await import('node:child_process')
    const deadPid = spawnSync('true').pid as number
    const live = path.join(dir, 'live.lock')
    const dead = path.join(dir, 'dead.lock')
    await call(app, 'lockfile.attempt', { file: 'l', lockfile: live, stamp: String(process.pid) }, 's1')
    await call(app, 'lockfile.attempt', { file: 'd', lockfile: dead, stamp: String(deadPid) }, 's1')
    const later = Date.now() + 2 * 3600_000 * 1000
    app.lockfile.keepAlive(later)
    await app.sessions.reap(later + 1)
    expect(existsSync(live)).toBe(true)
    expect(existsSync(dead)).toBe(false)
    expect(app.lockfile.held()).toBe(1)
  })

  it('expands formats like LockFile::Simple::lockfile', () => {
    expect(expandFormat('/var/%D/%F.%p.%%x', '/a/b/c.txt', 9)).toBe('/var//a/b/c.txt.9.%x')
    expect(expandFormat('%D-%F-%f', 'c', 9)).toBe('.-c-c')
    expect(expandFormat('%%p%q', 'c', 9)).toBe('%p%q')
  })
})
