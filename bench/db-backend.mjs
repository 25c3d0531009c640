// Daemon-side database throughput: rows/s that database.execute_statement +
// fetch_block serve (packed, as the DBI facade asks) against the same rows read
// straight from the driver in the same process. Prints ratios, asserts nothing.
// Usage: npm run build && bash scripts/test-services.sh start && node bench/db-backend.mjs [rows]
import { readFileSync } from 'node:fs'
import { buildServer } from '../dist/src/server.js'
import { testConfig } from '../dist/src/config.js'
import { decodePacked } from '../dist/src/packed.js'
import pg from 'pg'
import mysql from 'mysql2'
import Database from 'better-sqlite3'

const N = Number(process.argv[2] ?? 300000)
const env = Object.fromEntries(readFileSync(new URL('../.test-services/env', import.meta.url), 'utf8').split('\n')
  .map(l => /^([A-Z_]+)='(.*)'$/.exec(l)).filter(Boolean).map(m => [m[1], m[2]]))

const app = await buildServer(testConfig({}))
await app.ready()
let id = 1
async function rpc (method, params, packed) {
  const res = await app.inject({ method: 'POST', url: '/rpc', headers: { 'content-type': 'application/json', 'x-bridge-session': 'bench', ...(packed ? { accept: 'application/vnd.cpan-bridge.packed' } : {}) }, payload: JSON.stringify({ jsonrpc: '2.0', id: id++, method, params }) })
  if (res.statusCode !== 200) throw new Error(res.body)
  return res
}
function jsonResult (res) { const r = JSON.parse(res.body); if (r.error) throw new Error(r.error.message); return r.result }

/** A packed reply is "<len>\n<envelope JSON><bytes>"; the block decodes from its [offset, length]. */
function unpackReply (res) {
  const raw = res.rawPayload
  const nl = raw.indexOf(10)
  if (nl < 0 || raw[0] === 0x7b) return { result: jsonResult(res), rows: jsonResult(res).block.length }
  const len = Number(raw.subarray(0, nl).toString('latin1'))
  const env = JSON.parse(raw.subarray(nl + 1, nl + 1 + len).toString('utf8'))
  if (env.error) throw new Error(env.error.message)
  const [off, n] = env.result.block.$packed
  const body = raw.subarray(nl + 1 + len)
  const rows = decodePacked(body.subarray(off, off + n))
  return { result: env.result, rows: rows.length }
}

async function viaBridge (dsn, user, password, sql, packed) {
  const c = jsonResult(await rpc('database.connect', { dsn, username: user, password }, false))
  const t0 = process.hrtime.bigint()
  let r = unpackReply(await rpc('database.execute_statement', { connection_id: c.connection_id, sql }, packed))
  let rows = r.rows
  const sid = r.result.statement_id
  while (!r.result.done) {
    r = unpackReply(await rpc('database.fetch_block', { statement_id: sid }, packed))
    rows += r.rows
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (rows !== N) throw new Error(`got ${rows} rows, expected ${N}`)
  await rpc('database.disconnect', { connection_id: c.connection_id }, false)
  return { ms }
}

function fmt (label, ms, base) { console.log(`${label.padEnd(44)} ${(N / ms * 1000).toFixed(0).padStart(10)} rows/s  ${base ? `x${(base / ms).toFixed(2)} of the raw driver's speed` : ''}`) }

const cases = [
  ['pg', env.CB_PG_DSN, env.CB_PG_USER, env.CB_PG_PASSWORD, `SELECT g, 'name ' || g, g * 1.5, now()::date FROM generate_series(1, ${N}) g`,
    async (sql) => { const c = new pg.Client({ host: '127.0.0.1', port: Number(/port=(\d+)/.exec(env.CB_PG_DSN)[1]), user: env.CB_PG_USER, password: env.CB_PG_PASSWORD, database: 'cbtest' }); await c.connect(); const t0 = performance.now(); await c.query({ text: sql, rowMode: 'array' }); const ms = performance.now() - t0; await c.end(); return ms }],
  ['mariadb', env.CB_MARIADB_DSN, env.CB_MYSQL_USER, env.CB_MYSQL_PASSWORD, `SELECT seq, concat('name ', seq), seq * 1.5, curdate() FROM seq_1_to_${N}`,
    async (sql) => { const c = mysql.createConnection({ host: '127.0.0.1', port: Number(/port=(\d+)/.exec(env.CB_MARIADB_DSN)[1]), user: env.CB_MYSQL_USER, password: env.CB_MYSQL_PASSWORD, database: 'cbtest', rowsAsArray: true }); const t0 = performance.now(); await c.promise().query(sql); const ms = performance.now() - t0; c.end(); return ms }],
  ['sqlite', 'dbi:SQLite::memory:', '', '', `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N}) SELECT i, 'name ' || i, i * 1.5, date('now') FROM n`,
    async (sql) => { const d = new Database(':memory:'); const t0 = performance.now(); d.prepare(sql).raw(true).all(); const ms = performance.now() - t0; d.close(); return ms }],
]

console.log(`${N} rows of 4 columns, daemon side (inject, no socket; packed replies decoded), best of 3`)
for (const [name, dsn, user, password, sql, raw] of cases) {
  const best = async (f) => { let b = Infinity; for (let i = 0; i < 3; i++) b = Math.min(b, await f()); return b }
  const rawMs = await best(() => raw(sql))
  const packed = await best(async () => (await viaBridge(dsn, user, password, sql, true)).ms)
  const json = await best(async () => (await viaBridge(dsn, user, password, sql, false)).ms)
  fmt(`${name}: raw driver, whole result in memory`, rawMs)
  fmt(`${name}: database.* blocks, packed`, packed, rawMs)
  fmt(`${name}: database.* blocks, JSON`, json, rawMs)
}
await app.close()
