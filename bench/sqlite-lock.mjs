#!/usr/bin/env node
// bench/sqlite-lock: what one client's SQLite lock wait and one long SQLite
// query do to another client's test.ping, against a real daemon on a unix
// socket (a benchmark, not a test: it prints, asserts nothing).
//   idle        pings with nothing else running
//   lock wait   client 1's INSERT waits WAIT_S seconds on a write lock another process holds
//   long query  client 1 runs one recursive CTE of about QUERY_S seconds (one SQLite step: not divisible)
//   big block   client 1 fetches a 100 000-row block (many steps: the adapter yields between slices)
// Usage: npx tsc && node bench/sqlite-lock.mjs [wait_s=10] [query_s=2]
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const WAIT_S = Number(process.argv[2] ?? 10)
const QUERY_S = Number(process.argv[3] ?? 2)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sqlite-lock-'))
const sock = path.join(dir, 'bridge.sock')
const file = path.join(dir, 'lock.db')
const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3')

const answers = (s) => new Promise(resolve => {
  const c = net.connect(s)
  c.once('connect', () => { c.destroy(); resolve(true) })
  c.once('error', () => resolve(false))
})
const daemon = spawn('node', ['--max-semi-space-size=2', path.join(root, 'dist', 'src', 'main.js'), 'serve', '--socket', sock],
  { env: { ...process.env, CPAN_BRIDGE_AUTOSTART: '0', CPAN_BRIDGE_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] })
for (let i = 0; i < 1000 && !await answers(sock); i++) await new Promise(resolve => setTimeout(resolve, 10))

function client (session) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  let id = 1
  return (method, params = {}) => new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: id++, method, params })
    const req = http.request({ socketPath: sock, agent, method: 'POST', path: '/rpc', headers: { 'content-type': 'application/json', 'x-bridge-session': session, 'x-bridge-pid': String(process.pid), 'content-length': Buffer.byteLength(body) } }, res => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', d => { text += d })
      res.on('end', () => { const r = JSON.parse(text); if (r.error) reject(new Error(`${method}: ${r.error.message}`)); else resolve(r.result) })
    })
    req.on('error', reject)
    req.end(body)
  })
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))] }
const line = (label, xs, extra = '') => console.log(`${label.padEnd(12)} pings ${String(xs.length).padStart(6)}  p50 ${pct(xs, 0.5).toFixed(2).padStart(8)} ms  p99 ${pct(xs, 0.99).toFixed(2).padStart(8)} ms  max ${Math.max(...xs).toFixed(2).padStart(9)} ms  ${extra}`)

/** Client 2's pings, one at a time, until `until` settles (and at least `minMs`). */
async function pingUntil (ping, until, minMs = 0) {
  let done = false
  until.finally(() => { done = true }).catch(() => {})
  const t0 = performance.now()
  const lat = []
  while (!done || performance.now() - t0 < minMs) {
    const t = performance.now()
    await ping('test.ping')
    lat.push(performance.now() - t)
  }
  return lat
}

const c1 = client('bench-sqlite-writer')
const c2 = client('bench-sqlite-pinger')
const db = (await c1('database.connect', { dsn: `dbi:SQLite:dbname=${file}` })).connection_id
await c1('database.do_statement', { connection_id: db, sql: 'CREATE TABLE t (x)' })
for (let i = 0; i < 200; i++) await c2('test.ping') // warm-up

line('idle', await pingUntil(c2, new Promise(resolve => setTimeout(resolve, 2000))))

// another process holds a write lock for WAIT_S seconds
const holder = spawn(process.execPath, ['-e', `
  const db = new (require(process.argv[1]))(process.argv[2]); db.exec('BEGIN IMMEDIATE'); console.log('locked')
  setTimeout(() => { db.exec('COMMIT'); db.close() }, Number(process.argv[3]))`, sqliteModule, file, String(WAIT_S * 1000)], { stdio: ['ignore', 'pipe', 'inherit'] })
await new Promise(resolve => holder.stdout.once('data', resolve))
const w0 = performance.now()
const write = c1('database.do_statement', { connection_id: db, sql: "INSERT INTO t VALUES ('after the wait')" })
const lockLat = await pingUntil(c2, write)
await write
line('lock wait', lockLat, `(client 1's INSERT waited ${((performance.now() - w0) / 1000).toFixed(1)} s, then succeeded)`)

// one long query: a recursive CTE sized to about QUERY_S seconds (calibrated on a short run first)
const cte = (n) => `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${n}) SELECT count(*) FROM c`
const probeN = 1_000_000
let t = performance.now()
await c1('database.execute_statement', { connection_id: db, sql: cte(probeN) })
const n = Math.round(probeN * QUERY_S * 1000 / (performance.now() - t))
t = performance.now()
const q = c1('database.execute_statement', { connection_id: db, sql: cte(n) })
const qLat = await pingUntil(c2, q)
await q
line('long query', qLat, `(client 1's CTE took ${((performance.now() - t) / 1000).toFixed(2)} s)`)

// one big block: 200 000 rows stepped for one execute_statement (the adapter yields between slices of steps)
t = performance.now()
const big = c1('database.execute_statement', { connection_id: db, sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) SELECT x, x * 2 FROM c', block_size: 100000 })
const bLat = await pingUntil(c2, big)
await big
line('big block', bLat, `(client 1's 100 000-row block took ${((performance.now() - t) / 1000).toFixed(2)} s)`)

daemon.kill('SIGTERM')
await new Promise(resolve => daemon.once('exit', resolve))
fs.rmSync(dir, { recursive: true, force: true })
