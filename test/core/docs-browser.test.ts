// The API docs open in a browser: a daemon listening on TCP with a token
// serves /docs without it (a browser sends no Authorization header), real
// headless Chromium renders Swagger UI and its DOM lists the methods, with
// the Authorize button for the bearer token; every call still needs it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(p => existsSync(p))
let daemon: ChildProcess
let port = 0
let token = ''
let dir = ''

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => { resolve(p) }) })
  })
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cb-docs-'))
  token = 'docs-test-token-' + String(process.pid).padStart(8, '0')
  writeFileSync(path.join(dir, 'token'), token + '\n', { mode: 0o600 })
  port = await freePort()
  daemon = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js'), 'serve', '--socket', path.join(dir, 'b.sock'), '--tcp', `127.0.0.1:${port}`, '--token-file', path.join(dir, 'token')],
    { stdio: 'ignore', env: { ...process.env, CPAN_BRIDGE_LOG_FILE: path.join(dir, 'daemon.log'), CPAN_BRIDGE_SECURITY_LOG: path.join(dir, 'security.log') } })
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/docs/json`).then(r => r.ok, () => false)
    if (up) return
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error('the daemon did not listen on TCP')
})
afterAll(() => { daemon?.kill('SIGTERM') })

describe('/docs in a browser', () => {
  it('headless Chromium renders the methods and the Authorize button, without a token', () => {
    expect(CHROMIUM, 'Debian chromium (scripts/install-deps.sh installs it)').toBeDefined()
    const dom = execFileSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--virtual-time-budget=20000', '--dump-dom', `http://127.0.0.1:${port}/docs/`],
      { encoding: 'utf8', timeout: 90_000, stdio: ['ignore', 'pipe', 'ignore'] })
    for (const m of ['/rpc/database.connect', '/rpc/test.ping', '/rpc/crypto.new', '/rpc/system.health']) expect(dom).toContain(m)
    expect(dom).toMatch(/class="btn authorize/)
  })

  it('the OpenAPI document declares the bearer token, and every call still needs it', async () => {
    const doc = await (await fetch(`http://127.0.0.1:${port}/docs/json`)).json() as { components: { securitySchemes: Record<string, { type: string, scheme: string }> }, security: unknown[], servers: Array<{ url: string }> }
    expect(Object.values(doc.components.securitySchemes)).toEqual([expect.objectContaining({ type: 'http', scheme: 'bearer' })])
    expect(doc.security.length).toBe(1)
    expect(doc.servers[0].url).toBe('/')
    const bare = await fetch(`http://127.0.0.1:${port}/rpc/test.ping`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(bare.status).toBe(401)
    // what "Try it out" sends once the token is given to Authorize
    const tried = await fetch(`http://127.0.0.1:${port}/rpc/test.ping`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' })
    expect(tried.status).toBe(200)
    expect(JSON.stringify(await tried.json())).toMatch(/pong/)
  })
})
