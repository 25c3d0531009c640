// The frame every test/sftp file runs in: a daemon, a scratch directory in
// the test user's home (what the test sshd shows) and a local temp dir, made
// before the file's tests and removed after them. Call sftpSuite() once at
// the top of a test file; `app`, `scratch` and `local` are live bindings,
// set by its beforeAll (a file's own beforeAll runs after it, so can use them).
// Each test file gets its own copy of this module (vitest isolates files).
import { afterAll, beforeAll } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { buildTestServer } from '../helpers.js'
import { scratchDir } from '../transfer/env.js'

export let app: FastifyInstance
export let scratch: ReturnType<typeof scratchDir>
export let local: string

/** `name`: the scratch and temp dirs' prefix; `config`: the daemon's settings for this file (which known_hosts it trusts) */
export function sftpSuite (name: string, config: Partial<Config>): void {
  beforeAll(async () => {
    scratch = scratchDir(name)
    local = fs.mkdtempSync(path.join(os.tmpdir(), `cb-${name}-`))
    app = await buildTestServer(config)
  })
  afterAll(async () => {
    await app?.close()
    scratch?.cleanup()
    if (local !== undefined) fs.rmSync(local, { recursive: true, force: true })
  })
}
