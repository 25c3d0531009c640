// PostgreSQL through pg: a bounded pool per (host, port, db, user, password),
// results streamed block by block over the extended protocol (pg-cursor.ts),
// values kept as the server's text like DBD::Pg (bool 1/0, bytea as bytes).
import { createHash } from 'node:crypto'
import net from 'node:net'
import type { Pool, PoolClient } from 'pg'
import { pgError, pgConnectionLost, poolExhausted, type PgErr } from '../errors.js'
import type { PoolLimits } from '../pool.js'
import { PgCursor, pgColumn, type Prepared } from './pg-cursor.js'
import { installRawDataRows } from './pg-raw-rows.js'
import type { RowStore } from '../row-store.js'
import {
  TABLE_INFO_NAMES, COLUMN_INFO_NAMES, filterTableTypes,
  type ConnectRequest, type DriverAdapter, type DriverConn, type ExecOptions, type ExecOutcome,
  type LastIdQuery, type MetaQuery, type MetaResult, type RowSource,
} from '../types.js'

type PgModule = (typeof import('pg'))['default']
let mod: PgModule | undefined

/**
 * What became of a pooled client's server session: the server's FATAL
 * message when it ended the session (pg_terminate_backend, shutdown), and
 * whether a statement has reported the loss yet. libpq reports it once in
 * full and then "no connection to the server"; DBD::Pg's state is 08000.
 */
interface Link { lost: boolean, fatal: PgErr | null, told: boolean, notices: string[] }
const links = new WeakMap<PoolClient, Link>()

function isFatal (e: unknown): e is PgErr {
  const sev = (e as PgErr | null)?.severity
  return sev === 'FATAL' || sev === 'PANIC'
}

/** pg's words for a client whose socket is gone (it never reaches the server again). */
const GONE = /not queryable|Connection terminated|ECONNRESET|EPIPE|write after end/i

/** pg array literal for a JSON array bind (DBD::Pg binds a Perl arrayref as an array). */
function arrayLiteral (a: unknown[]): string {
  return '{' + a.map(v => v === null || v === undefined ? 'NULL' : Array.isArray(v) ? arrayLiteral(v) : `"${String(v).replace(/(["\\])/g, '\\$1')}"`).join(',') + '}'
}

interface NoticeFields { severity?: string, message?: string, detail?: string, hint?: string }

/** Notices kept for one call at most (a loop of RAISE NOTICE must not fill the daemon). */
const MAX_NOTICES = 1000

/** libpq's text of a notice at the default verbosity, which DBD::Pg warns: "NOTICE:  text\n", then DETAIL and HINT lines. */
export function noticeText (n: NoticeFields): string {
  let t = `${n.severity ?? 'NOTICE'}:  ${n.message ?? ''}\n`
  if (n.detail !== undefined) t += `DETAIL:  ${n.detail}\n`
  if (n.hint !== undefined) t += `HINT:  ${n.hint}\n`
  return t
}

export function pgValue (v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (Buffer.isBuffer(v)) return v
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  if (Array.isArray(v)) return arrayLiteral(v)
  return JSON.stringify(v)
}

class PgRows implements RowSource {
  constructor (private readonly cur: PgCursor, private readonly fail: (e: unknown) => Error) {}
  get columns (): PgCursor['columns'] { return this.cur.columns }
  async read (n: number): Promise<unknown[][]> {
    try { return await this.cur.read(n) } catch (e) { throw this.fail(e) }
  }

  async readInto (store: RowStore, n: number): Promise<number> {
    try { return await this.cur.readInto(store, n) } catch (e) { throw this.fail(e) }
  }

  async close (): Promise<void> { await this.cur.close() }
}

/** Statements kept prepared on one connection (LRU); DBD::Pg prepares server-side too. */
const PREPARED_MAX = 100
/** SQL that drops a connection's prepared statements behind the cache's back. */
const DROPS_PREPARED = /^\s*(?:DISCARD|DEALLOCATE)\b/i

/**
 * Server-side prepared statements of one checked-out connection, by SQL text.
 * A statement is prepared the second time its text runs (DBD::Pg's
 * pg_switch_prepared does the same), so one-off SQL never takes a name; from
 * then on it is only bound and executed. release() runs DISCARD ALL, so the
 * cache lives as long as the checkout.
 */
class PreparedCache {
  private readonly names = new Map<string, string>()
  /** SQL texts run before, and whether they gave rows (null: not known yet) */
  private readonly seen = new Map<string, 'rows' | 'count' | null>()
  private seq = 0
  private evicted: string[] = []

  plan (sql: string): Prepared {
    if (DROPS_PREPARED.test(sql)) return { name: '', parse: true }
    // a statement that gave no rows last time (UPDATE, INSERT...) runs to its end with its Sync: one round trip
    const count = this.seen.get(sql) === 'count'
    const name = this.names.get(sql)
    if (name !== undefined) {
      this.names.delete(sql); this.names.set(sql, name)
      return { name, parse: false, close: this.takeEvicted(), count }
    }
    if (!this.seen.has(sql)) {
      if (this.seen.size >= PREPARED_MAX) this.seen.clear()
      this.seen.set(sql, null)
      return { name: '', parse: true, close: this.takeEvicted() }
    }
    const fresh = `cb_${++this.seq}`
    return {
      name: fresh,
      parse: true,
      count,
      close: this.takeEvicted(),
      onParsed: () => {
        this.names.set(sql, fresh)
        if (this.names.size > PREPARED_MAX) {
          const [oldSql, oldName] = this.names.entries().next().value as [string, string]
          this.names.delete(oldSql)
          this.evicted.push(oldName)
        }
      },
    }
  }

  private takeEvicted (): string[] | undefined {
    if (this.evicted.length === 0) return undefined
    const e = this.evicted
    this.evicted = []
    return e
  }

  /** What the statement gave (a SQL text's prepared form always gives the same kind). */
  noteKind (sql: string, kind: 'rows' | 'count'): void { if (this.seen.has(sql)) this.seen.set(sql, kind) }

  /** The statement failed in a way that may mean its prepared form is stale (a table changed under it). */
  forget (sql: string): void { this.names.delete(sql); this.seen.delete(sql) }
  clear (): void { this.names.clear(); this.seen.clear(); this.evicted = [] }
  afterRun (sql: string): void { if (DROPS_PREPARED.test(sql)) this.clear() }
}

class PgConn implements DriverConn {
  readonly driver = 'Pg' as const
  readonly style = 'pg' as const
  readonly dialect = 'pg' as const
  private readonly link: Link
  private readonly prepared = new PreparedCache()
  constructor (private readonly client: PoolClient, private readonly addr: { host: string, port: number }) {
    this.link = links.get(client) ?? { lost: false, fatal: null, told: false, notices: [] }
    // what the previous borrower's release said (ROLLBACK's "no transaction in progress") is not this script's
    this.link.notices = []
  }

  /** The server's NOTICE/WARNING messages since the last call, as libpq hands them to DBD::Pg. */
  takeNotices (): string[] {
    const n = this.link.notices
    if (n.length === 0) return n
    this.link.notices = []
    return n
  }

  /** A driver error as DBD::Pg reports it; a lost server session is 08000, told in full once. */
  private fail (e: unknown, sql?: string): Error {
    const l = this.link
    if (isFatal(e)) { l.lost = true; l.fatal ??= e }
    if (!l.lost && GONE.test((e as Error | null)?.message ?? '')) l.lost = true
    if (!l.lost) return pgError(e, sql)
    const first = !l.told
    l.told = true
    return pgConnectionLost(l.fatal, first, e)
  }

  /** The protocol's CancelRequest on a side socket: needs the backend key, no login. */
  async cancel (): Promise<void> {
    const c = this.client as unknown as { processID: number | null, secretKey: number | null }
    if (c.processID === null || c.secretKey === null) return
    const msg = Buffer.alloc(16)
    msg.writeInt32BE(16, 0); msg.writeInt32BE(80877102, 4); msg.writeInt32BE(c.processID, 8); msg.writeInt32BE(c.secretKey, 12)
    await new Promise<void>(resolve => {
      const sock = net.connect(this.addr.port, this.addr.host, () => { sock.end(msg) })
      sock.on('close', () => resolve())
      sock.on('error', () => resolve())
      sock.setTimeout(5000, () => sock.destroy())
    })
  }

  async exec (sql: string, values: unknown[], _opts: ExecOptions): Promise<ExecOutcome> {
    const cur = new PgCursor(sql, values.map(pgValue), this.prepared.plan(sql))
    // pg accepts any object with submit() as a query; its typings only know its own Query
    void (this.client as unknown as { query: (q: unknown) => unknown }).query(cur)
    let kind: 'rows' | 'count'
    try { kind = await cur.ready } catch (e) { throw this.failed(e, sql) }
    this.prepared.noteKind(sql, kind)
    if (kind === 'rows') return { kind: 'rows', source: new PgRows(cur, x => this.failed(x, sql)) }
    await cur.done
    this.prepared.afterRun(sql)
    return { kind: 'count', rows: cur.rowCount }
  }

  /** A statement's error; a prepared form that no longer fits its tables is dropped from the cache. */
  private failed (e: unknown, sql: string): Error {
    const code = (e as PgErr | null)?.code
    // 0A000 "cached plan must not change result type", 26000 a prepared statement someone deallocated
    if (code === '0A000' || code === '26000') this.prepared.forget(sql)
    if (code === '26000') this.prepared.clear()
    return this.fail(e, sql)
  }

  private async q (sql: string, values: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    try { return (await this.client.query(sql, values)).rows } catch (e) { throw this.fail(e, sql) }
  }

  async begin (): Promise<void> { await this.q('BEGIN') }
  async commit (): Promise<void> { await this.q('COMMIT') }
  async rollback (): Promise<void> { await this.q('ROLLBACK') }
  // a failed ping notices a lost session the way libpq does: the next statement says "no connection to the server"
  async ping (): Promise<boolean> { try { await this.client.query('SELECT 1'); return true } catch (e) { this.fail(e); return false } }

  /** DBD::Pg: with a table, the current value of the sequence behind its key; otherwise lastval(). */
  async lastInsertId (q: LastIdQuery): Promise<string | null> {
    if (q.table !== undefined && q.table !== null && q.table !== '') {
      const rel = q.schema ? `${q.schema}.${q.table}` : q.table
      const col = q.field ?? (await this.q(
        `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
         WHERE i.indrelid = $1::regclass AND i.indisprimary LIMIT 1`, [rel]))[0]?.attname
      if (col === undefined) return null
      const r = await this.q('SELECT currval(pg_get_serial_sequence($1, $2))::text AS id', [rel, String(col)])
      return (r[0]?.id as string | undefined) ?? null
    }
    const r = await this.q('SELECT lastval()::text AS id')
    return (r[0]?.id as string | undefined) ?? null
  }

  async tableInfo (q: MetaQuery): Promise<MetaResult> {
    const rows = await this.client.query({
      text: `SELECT NULL::text, table_schema, table_name,
               CASE table_type WHEN 'BASE TABLE' THEN CASE WHEN table_schema LIKE 'pg\\_temp%' THEN 'LOCAL TEMPORARY' ELSE 'TABLE' END ELSE table_type END,
               obj_description((quote_ident(table_schema)||'.'||quote_ident(table_name))::regclass, 'pg_class')
             FROM information_schema.tables
             WHERE table_schema LIKE $1 AND table_name LIKE $2 AND table_schema NOT IN ('pg_catalog','information_schema')
             ORDER BY 4, 2, 3`,
      values: [q.schema ?? '%', q.table ?? '%'],
      rowMode: 'array',
    })
    return { names: TABLE_INFO_NAMES, rows: filterTableTypes(rows.rows as unknown[][], q.type) }
  }

  async columnInfo (q: MetaQuery): Promise<MetaResult> {
    const r = await this.client.query({
      text: `SELECT NULL::text, c.table_schema, c.table_name, c.column_name, NULL::int, c.data_type,
               COALESCE(c.character_maximum_length, c.numeric_precision)::text, NULL::text, c.numeric_scale::text, c.numeric_precision_radix::text,
               CASE c.is_nullable WHEN 'YES' THEN '1' ELSE '0' END, NULL::text, c.column_default, NULL::text, NULL::text,
               c.character_octet_length::text, c.ordinal_position::text, c.is_nullable, t.oid
             FROM information_schema.columns c JOIN pg_type t ON t.typname = c.udt_name
             WHERE c.table_schema LIKE $1 AND c.table_name LIKE $2 AND c.column_name LIKE $3 AND c.table_schema NOT IN ('pg_catalog','information_schema')
             ORDER BY 2, 3, c.ordinal_position`,
      values: [q.schema ?? '%', q.table ?? '%', q.column ?? '%'],
      rowMode: 'array',
    })
    const rows = r.rows.map((row: unknown[]) => {
      const oid = Number(row[18])
      const out = row.slice(0, 18)
      out[4] = String(pgColumn({ name: '', dataTypeID: oid, dataTypeSize: 0, dataTypeModifier: -1 }).type)
      return out
    })
    return { names: COLUMN_INFO_NAMES, rows }
  }

  async release (destroy: boolean): Promise<void> {
    this.link.notices = []
    if (this.link.lost) destroy = true
    if (!destroy) {
      // a clean connection for the next borrower: no transaction, no session state
      try { await this.client.query('ROLLBACK'); await this.client.query('DISCARD ALL') } catch { destroy = true }
    }
    this.client.release(destroy)
  }
}

export class PgAdapter implements DriverAdapter {
  private readonly pools = new Map<string, Pool>()

  constructor (private readonly limits: PoolLimits) {}

  async connect (req: ConnectRequest): Promise<DriverConn> {
    if (mod === undefined) {
      mod = (await import('pg')).default
      installRawDataRows()
    }
    const host = req.dsn.host ?? process.env.PGHOST ?? 'localhost'
    const port = req.dsn.port ?? (Number(process.env.PGPORT ?? '') || 5432)
    const database = req.dsn.database ?? process.env.PGDATABASE ?? req.user
    const key = JSON.stringify([host, port, database, req.user, createHash('sha256').update(req.password).digest('hex')])
    let pool = this.pools.get(key)
    if (pool === undefined) {
      pool = new mod.Pool({
        host, port, database, user: req.user, password: req.password,
        max: this.limits.max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: this.limits.waitMs,
        application_name: 'cpan-bridge',
      })
      pool.on('error', () => { /* an idle client died; the pool replaces it */ })
      this.pools.set(key, pool)
    }
    let client: PoolClient
    try {
      client = await pool.connect()
    } catch (e) {
      // pg-pool's words when every connection stayed checked out for the whole wait (a new one failing says otherwise)
      if (/timeout exceeded when trying to connect/.test((e as Error).message)) {
        throw poolExhausted({ driver: 'Pg', host, port, database, user: req.user }, this.limits, { state: '08006', err: 1 }, e)
      }
      if (pool.totalCount === 0) { this.pools.delete(key); void pool.end().catch(() => undefined) }
      throw pgError(e, undefined, { host, port })
    }
    if (!links.has(client)) {
      const link: Link = { lost: false, fatal: null, told: false, notices: [] }
      links.set(client, link)
      // an error on a checked-out client (server gone) must not crash the daemon; it is the session's end
      client.on('error', (e: unknown) => { link.lost = true; if (isFatal(e)) link.fatal ??= e })
      client.on('notice', (n: NoticeFields) => { if (link.notices.length < MAX_NOTICES) link.notices.push(noticeText(n)) })
    }
    return new PgConn(client, { host, port })
  }

  async end (): Promise<void> {
    const pools = [...this.pools.values()]
    this.pools.clear()
    await Promise.all(pools.map(p => p.end().catch(() => undefined)))
  }
}
