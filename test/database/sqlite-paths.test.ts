// A SQLite file in a DSN is a client path like every other (src/paths.ts): a
// relative one means the script's cwd (X-Bridge-Cwd) and is refused without
// it; CPAN_BRIDGE_ALLOWED_PATHS confines it, through `..` and symlinks too.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, type Reply } from '../helpers.js'

let app: FastifyInstance
let dir: string
let allowed: string
let outside: string
let n = 0

async function connect (dsn: string, cwd?: string): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-bridge-session': 'sqlite-paths' }
  if (cwd !== undefined) headers['x-bridge-cwd'] = encodeURIComponent(cwd)
  const res = await app.inject({ method: 'POST', url: '/rpc', headers, payload: JSON.stringify({ jsonrpc: '2.0', id: ++n, method: 'database.connect', params: { dsn } }) })
  return JSON.parse(res.body) as Reply
}

beforeAll(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cb-sqlite-paths-')))
  allowed = path.join(dir, 'allowed')
  outside = path.join(dir, 'outside')
  fs.mkdirSync(allowed)
  fs.mkdirSync(outside)
  fs.symlinkSync(outside, path.join(allowed, 'escape'))
  app = await buildTestServer({ allowedPaths: [allowed] })
})
afterAll(async () => {
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('SQLite files are client paths', () => {
  it('opens a relative file in the client\'s cwd', async () => {
    const r = await connect('dbi:SQLite:dbname=rel.db', allowed)
    expect(r.error).toBeUndefined()
    expect(fs.existsSync(path.join(allowed, 'rel.db'))).toBe(true)
  })

  it('refuses a relative file when the client sent no cwd, naming the field', async () => {
    const r = await connect('dbi:SQLite:dbname=rel.db')
    expect(r.error?.data).toEqual({ type: 'invalid_params', field: 'params.dsn' })
    expect(r.error?.message).toMatch(/params\.dsn: is relative but the client sent no X-Bridge-Cwd/)
  })

  it('refuses an absolute file outside the allowed roots', async () => {
    const r = await connect(`dbi:SQLite:dbname=${path.join(outside, 'a.db')}`, allowed)
    expect(r.error?.data?.type).toBe('path_forbidden')
    expect(fs.existsSync(path.join(outside, 'a.db'))).toBe(false)
  })

  it('refuses a path that leaves the allowed roots through ..', async () => {
    const rel = await connect('dbi:SQLite:dbname=../outside/b.db', allowed)
    expect(rel.error?.data?.type).toBe('path_forbidden')
    const abs = await connect(`dbi:SQLite:dbname=${allowed}/../outside/c.db`, allowed)
    expect(abs.error?.data?.type).toBe('path_forbidden')
    expect(fs.readdirSync(outside)).toEqual([])
  })

  it('refuses a path that leaves the allowed roots through a symlink', async () => {
    const r = await connect(`dbi:SQLite:dbname=${path.join(allowed, 'escape', 'd.db')}`, allowed)
    expect(r.error?.data?.type).toBe('path_forbidden')
    const u = await connect('dbi:SQLite:uri=file:escape/e.db', allowed)
    expect(u.error?.data?.type).toBe('path_forbidden')
    expect(fs.readdirSync(outside)).toEqual([])
  })

  it('still opens :memory: with no cwd and no file', async () => {
    expect((await connect('dbi:SQLite:dbname=:memory:')).error).toBeUndefined()
    expect((await connect('dbi:SQLite:')).error).toBeUndefined()
  })
})
