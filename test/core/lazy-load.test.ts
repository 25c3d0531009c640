// A helper's library is imported on the helper's first call, never at start:
// start time, idle memory and the one-shot fallback stay small however many
// helpers are registered. The daemon runs with a hook that records every
// module it resolves (test/fixtures/record-imports.mjs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..', '..')

/** Libraries only a helper's calls need (the ones to come are listed so their helpers start lazy too). */
const LAZY = [
  'pg', 'mysql2', 'oracledb', 'better-sqlite3', 'luxon', 'prom-client', '@fastify/swagger', '@fastify/swagger-ui', 'yaml',
  'exceljs', 'libxmljs2', 'saxes', 'ssh2', 'basic-ftp', 'nodemailer', 'undici',
]

let dir: string
let sock: string
let record: string
let daemon: ChildProcess

function loaded (): Set<string> {
  const out = new Set<string>()
  for (const line of fs.readFileSync(record, 'utf8').split('\n')) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line)
    if (m !== null) out.add(m[1])
  }
  return out
}

function rpc (method: string, params: unknown): Promise<{ result?: unknown, error?: { message: string } }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })
    const req = http.request({ socketPath: sock, path: '/rpc', method: 'POST', headers: { 'content-type': 'application/json', 'x-bridge-session': 'lazy-test', 'x-bridge-cwd': encodeURIComponent(dir) } }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => { try { resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))) } catch (err) { reject(err) } })
    })
    req.on('error', reject)
    req.end(body)
  })
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-'))
  sock = path.join(dir, 'bridge.sock')
  record = path.join(dir, 'imports.txt')
  fs.writeFileSync(record, '')
  daemon = spawn(process.execPath, ['--import', path.join(root, 'test/fixtures/record-imports.mjs'), path.join(root, 'dist/src/main.js'), 'serve', '--socket', sock],
    { stdio: 'ignore', env: { ...process.env, RECORD_IMPORTS_FILE: record, CPAN_BRIDGE_LOG_LEVEL: 'silent' } })
  for (let i = 0; i < 400 && !fs.existsSync(sock); i++) await new Promise(resolve => setTimeout(resolve, 25))
  if (!fs.existsSync(sock)) throw new Error('the daemon did not start (run npm run build first)')
})
afterAll(async () => {
  if (daemon.exitCode === null) {
    daemon.kill('SIGTERM')
    await new Promise(resolve => daemon.once('exit', resolve))
  }
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('libraries load on first use', () => {
  it('a started daemon that has answered a ping has loaded none of the helpers\' libraries', async () => {
    expect((await rpc('test.ping', {})).result).toMatchObject({ message: 'pong' })
    const got = loaded()
    expect(got.has('fastify'), 'the hook records the daemon\'s imports').toBe(true)
    expect(LAZY.filter(lib => got.has(lib))).toEqual([])
  })

  it('a helper\'s first call loads its library', async () => {
    expect((await rpc('datetime.now', { time_zone: 'Europe/Paris' })).error).toBeUndefined()
    expect(loaded().has('luxon')).toBe(true)
    expect((await rpc('database.connect', { dsn: 'dbi:SQLite:dbname=:memory:' })).error).toBeUndefined()
    expect(loaded().has('better-sqlite3')).toBe(true)
    expect(loaded().has('pg')).toBe(false)
  })
})
