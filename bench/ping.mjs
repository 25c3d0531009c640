#!/usr/bin/env node
// bench/ping: the cost of one call, side by side in one run (a benchmark, not a test).
//   floor       raw HTTP/1.1 Perl loop -> minimal node:http server (same socket kind)
//   sequential  CPANBridge->call('test','ping') over keep-alive
//   batch       batches of 100 calls
//   one-shot    $CPANBridge::DAEMON_MODE = 0 (a `cpan-bridge call` process per call)
// plus daemon start-to-listening time and RSS idle (after start, after the run).
// Usage: node bench/ping.mjs [calls=10000] [rounds=3]    (build first: npx tsc)
import { spawn, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const N = Number(process.argv[2] ?? 10_000)
const ROUNDS = Number(process.argv[3] ?? 3)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ping-'))
const env = { ...process.env, CPAN_BRIDGE_AUTOSTART: '0', CPAN_BRIDGE_LOG_LEVEL: 'warn' }

const answers = (sock) => new Promise(resolve => {
  const s = net.connect(sock)
  s.once('connect', () => { s.destroy(); resolve(true) })
  s.once('error', () => resolve(false))
})
async function waitListening (sock, ms = 10_000) {
  const end = Date.now() + ms
  while (Date.now() < end) { if (await answers(sock)) return true; await new Promise(resolve => setTimeout(resolve, 2)) }
  return false
}
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024
const perl = (script, args, extraEnv = {}) => JSON.parse(execFileSync('perl', [path.join(root, 'bench', script), ...args.map(String)], { env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop())
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

// floor server
const floorSock = path.join(dir, 'floor.sock')
const floor = spawn('node', [path.join(root, 'bench', 'ping-floor-server.mjs'), floorSock], { stdio: ['ignore', 'pipe', 'inherit'] })
await waitListening(floorSock)

// daemon: started as npm start and the Perl autostart do (2 MB V8 semi-space); start-to-listening, three times, fresh each time
const sock = path.join(dir, 'bridge.sock')
const starts = []
let daemon
for (let i = 0; i < 3; i++) {
  const t0 = performance.now()
  daemon = spawn('node', ['--max-semi-space-size=2', path.join(root, 'dist', 'src', 'main.js'), 'serve', '--socket', sock], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  if (!await waitListening(sock)) throw new Error('daemon did not start')
  starts.push(performance.now() - t0)
  if (i < 2) { daemon.kill('SIGTERM'); await new Promise(resolve => daemon.once('exit', resolve)) }
}
await new Promise(resolve => setTimeout(resolve, 1000))
const rssIdle = rssMb(daemon.pid)

const rows = { floor: [], seq: [], batch: [] }
for (let r = 0; r < ROUNDS; r++) {
  rows.floor.push(perl('ping-floor.pl', [floorSock, N]))
  rows.seq.push(perl('ping-client.pl', ['seq', N], { CPAN_BRIDGE_SOCKET: sock }))
  rows.batch.push(perl('ping-client.pl', ['batch', N * 5], { CPAN_BRIDGE_SOCKET: sock }))
}
const oneshot = perl('ping-client.pl', ['oneshot', 10], { CPAN_BRIDGE_SOCKET: sock })
await new Promise(resolve => setTimeout(resolve, 1000))
const rssAfter = rssMb(daemon.pid)
daemon.kill('SIGTERM'); floor.kill('SIGTERM')
await new Promise(resolve => daemon.once('exit', resolve))
fs.rmSync(dir, { recursive: true, force: true })

const pick = (xs, k) => median(xs.map(x => x[k]))
const f = { per_s: pick(rows.floor, 'per_s'), p50: pick(rows.floor, 'p50_ms'), p99: pick(rows.floor, 'p99_ms') }
const s = { per_s: pick(rows.seq, 'per_s'), p50: pick(rows.seq, 'p50_ms'), p99: pick(rows.seq, 'p99_ms') }
const b = pick(rows.batch, 'per_s')
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
const mark = (ok) => ok ? 'ok  ' : 'MISS'
console.log(`bench/ping  ${new Date().toISOString()}  node ${process.version}  ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'})  ${N} calls x ${ROUNDS} rounds (median)`)
console.log('')
console.log('                              calls/s      p50 ms   p99 ms')
console.log(`floor (raw Perl -> node:http) ${fmt(f.per_s).padStart(9)}  ${fmt(f.p50, 3).padStart(9)} ${fmt(f.p99, 3).padStart(8)}   rounds: ${rows.floor.map(x => fmt(x.per_s)).join(' / ')}`)
console.log(`CPANBridge sequential         ${fmt(s.per_s).padStart(9)}  ${fmt(s.p50, 3).padStart(9)} ${fmt(s.p99, 3).padStart(8)}   rounds: ${rows.seq.map(x => fmt(x.per_s)).join(' / ')}`)
console.log(`CPANBridge batch of 100       ${fmt(b).padStart(9)}                       rounds: ${rows.batch.map(x => fmt(x.per_s)).join(' / ')}`)
console.log(`one-shot (cpan-bridge call)   ${fmt(oneshot.per_s, 1).padStart(9)}  ${fmt(oneshot.p50_ms, 1).padStart(9)} ${fmt(oneshot.p99_ms, 1).padStart(8)}`)
console.log('')
console.log(`ratios: sequential/floor ${(s.per_s / f.per_s).toFixed(2)}x   batch/sequential ${(b / s.per_s).toFixed(1)}x   sequential/one-shot ${fmt(s.per_s / oneshot.per_s)}x   batch/one-shot ${fmt(b / oneshot.per_s)}x`)
console.log(`daemon: start to listening ${starts.map(x => fmt(x)).join(' / ')} ms; RSS idle after start ${fmt(rssIdle, 1)} MB, after the run ${fmt(rssAfter, 1)} MB`)
console.log('')
console.log('targets:')
console.log(`  ${mark(s.per_s >= 2500)} sequential >= 2 500 calls/s          ${fmt(s.per_s)}`)
console.log(`  ${mark(s.p99 < 1)} sequential p99 < 1 ms                 ${fmt(s.p99, 3)} ms`)
console.log(`  ${mark(s.per_s / f.per_s >= 0.45)} sequential >= 0.45x the floor         ${(s.per_s / f.per_s).toFixed(2)}x`)
console.log(`  ${mark(b >= 20000)} batch >= 20 000 calls/s               ${fmt(b)}`)
console.log(`  ${mark(rssIdle < 80)} daemon RSS idle < 80 MB (after start)  ${fmt(rssIdle, 1)} MB`)
console.log(`  ${mark(rssAfter < 80)} daemon RSS idle < 80 MB (after run)    ${fmt(rssAfter, 1)} MB`)
console.log(`  ${mark(median(starts) < 1000)} start to listening < 1 s              ${fmt(median(starts))} ms`)
