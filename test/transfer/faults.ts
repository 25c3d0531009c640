// What the fault tests (test/reliability/transfer-*faults.test.ts) share:
// big incompressible files, watching a transfer get under way, the shape of
// a cut call's error, the pings that must carry on meanwhile, and the
// frame of such a file (faultSuite).
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createHash, randomBytes } from 'node:crypto'
import { chownSync, closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildTestServer, rpc, type Reply } from '../helpers.js'
import { scratchDir } from './env.js'
import type { PrivateServer } from './private-servers.js'

/** the file a cut transfer moves (big enough that the kill lands mid-way) and the one a bystander moves meanwhile */
export const BIG = 100 * 1024 * 1024
export const SIDE = 16 * 1024 * 1024

// Live bindings, set by faultSuite's beforeAll (each test file has its own copy of this module).
export let app: FastifyInstance
export let scratch: ReturnType<typeof scratchDir>
/** a local temp dir holding bigFile (BIG bytes) and sideFile (SIDE bytes) */
export let local: string
export let bigFile: string
export let sideFile: string

/**
 * The frame of a fault test file: a private server from `start`, a daemon, a
 * scratch dir (`name`) and the local files, made before the file's tests and
 * removed after them; every test starts with the private server up (a failed
 * test may have left it killed). Returns the private server.
 */
export function faultSuite<S extends PrivateServer> (name: string, start: () => Promise<S>): () => S {
  let priv: S | undefined
  beforeAll(async () => {
    priv = await start()
    app = await buildTestServer()
    local = mkdtempSync(path.join(os.tmpdir(), `cb-${name}-`))
    scratch = scratchDir(name)
    bigFile = path.join(local, 'big.bin')
    sideFile = path.join(local, 'side.bin')
    writeRandom(bigFile, BIG)
    writeRandom(sideFile, SIDE)
  }, 120_000)
  beforeEach(async () => { await priv?.restart() })
  afterAll(async () => {
    await app?.close()
    await priv?.stop()
    scratch?.cleanup()
    if (local !== undefined) rmSync(local, { recursive: true, force: true })
  })
  return () => {
    if (priv === undefined) throw new Error(`the private server of ${name} is not started yet`)
    return priv
  }
}

/** a file of `size` bytes that no transport can compress (so the transfer takes its real time) */
export function writeRandom (file: string, size: number): void {
  const fd = openSync(file, 'w')
  const chunk = randomBytes(1024 * 1024)
  for (let done = 0; done < size; done += chunk.length) {
    chunk.writeUInt32LE(done, 0) // every MB differs
    writeSync(fd, chunk, 0, Math.min(chunk.length, size - done))
  }
  closeSync(fd)
}

export function sha (file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

export const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

export function settledFlag (p: Promise<Reply>): () => boolean {
  let done = false
  void p.finally(() => { done = true })
  return () => done
}

/** Waits until some file in `dir` holds at least `bytes` (the transfer is really under way), unless `done` first. */
export async function growing (dir: string, bytes: number, done: () => boolean): Promise<string | null> {
  for (;;) {
    for (const name of readdirSync(dir)) {
      try { if (statSync(path.join(dir, name)).size >= bytes) return name } catch { /* renamed meanwhile */ }
    }
    if (done()) return null
    await sleep(2)
  }
}

/** a fresh directory in `parent` (a scratch dir), owned by the test user like it */
export function ownDir (parent: string, prefix: string): string {
  const dir = mkdtempSync(path.join(parent, `${prefix}-`))
  const { uid, gid } = statSync(parent)
  chownSync(dir, uid, gid)
  return dir
}

/** the error a call cut by the server's death must give: a backend error with `code`, and no secret */
export function expectCut (r: Reply, code: string, secret: string): void {
  expect(r.result).toBeUndefined()
  expect(r.error?.data?.type, JSON.stringify(r.error)).toBe('backend_error')
  expect(r.error?.data?.backend_code, JSON.stringify(r.error)).toBe(code)
  expect(JSON.stringify(r.error)).not.toContain(secret)
}

/** test.ping from `session` until `until()`: every one must answer while a server dies; how many did */
export async function pingUntil (app: FastifyInstance, session: string, until: () => boolean): Promise<number> {
  let pings = 0
  while (!until()) {
    const p = await rpc(app, 'test.ping', {}, session)
    expect(p.result?.message).toBe('pong')
    pings++
    await sleep(5)
  }
  return pings
}
