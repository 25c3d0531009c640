// MySQL / MariaDB through mysql2: a bounded pool per (host, port, db, user,
// password); results stream with the connection paused between blocks
// (backpressure), values stay the server's text (DECIMAL, BIGINT, dates) and
// binary columns come back as bytes, as DBD::mysql gives them.
import { createHash } from 'node:crypto'
import type { Pool, PoolConnection, FieldPacket, TypeCastField, ResultSetHeader } from 'mysql2'
import { BackendError } from '../../../src/errors.js'
import { mysqlError, poolExhausted } from '../errors.js'
import type { PoolLimits } from '../pool.js'
import type { DriverName } from '../dsn.js'
import { MYSQL_ESCAPES } from '../capabilities.js'
import {
  SQL, TABLE_INFO_NAMES, COLUMN_INFO_NAMES, perlNumber, perlKind, filterTableTypes,
  type Column, type ConnectRequest, type DriverAdapter, type DriverConn, type ExecOptions, type ExecOutcome,
  type LastIdQuery, type MetaQuery, type MetaResult, type RowSource,
} from '../types.js'

type Mysql2 = typeof import('mysql2')
let mod: Mysql2 | undefined
const BINARY_CHARSET = 63
/** Rows parsed ahead of the reader before the socket is paused. */
const HIGH_WATER = 2000

/** mysql column type -> DBI type code, as DBD::mysql 4.050 / DBD::MariaDB report them (measured). */
export function mysqlType (type: number, charset: number, driver: DriverName): number {
  switch (type) {
    case 0: case 246: return SQL.DECIMAL
    case 1: return SQL.TINYINT
    case 2: case 13: return SQL.SMALLINT
    case 3: case 9: return SQL.INTEGER
    case 8: return SQL.BIGINT
    case 4: return driver === 'MariaDB' ? SQL.FLOAT : SQL.REAL
    case 5: return SQL.DOUBLE
    case 6: return driver === 'MariaDB' ? SQL.CHAR : SQL.VARCHAR
    case 7: case 12: return SQL.TIMESTAMP
    case 10: case 14: return SQL.DATE
    case 11: return SQL.TIME
    case 16: return driver === 'MariaDB' ? SQL.BIT : SQL.VARCHAR
    case 15: case 253: return SQL.VARCHAR
    case 254: case 247: case 248: return SQL.CHAR
    case 245: case 249: case 250: case 251: case 252: return SQL.LONGVARBINARY
    default: return charset === BINARY_CHARSET ? SQL.VARBINARY : SQL.VARCHAR
  }
}

const BYTES_TYPES = new Set([15, 16, 249, 250, 251, 252, 253, 254, 255])
/** String-ish types: mysql2 itself returns a Buffer for the binary charset and text otherwise. */
const DRIVER_DECIDES = new Set(['BLOB', 'TINY_BLOB', 'MEDIUM_BLOB', 'LONG_BLOB', 'VAR_STRING', 'STRING', 'VARCHAR', 'BIT', 'GEOMETRY', 'ENUM', 'SET'])
/** Everything else (numbers, DECIMAL, dates, JSON) as the server's own text, like DBD::mysql. */
const TEXT_CAST = (field: TypeCastField, next: () => unknown): unknown => {
  // JSON (MySQL's type, MariaDB's LONGTEXT tagged json) stays text, as DBD::mysql returns it
  if (field.type === 'JSON' || (field as unknown as { extendedFormat?: string }).extendedFormat === 'json') return field.string('utf8')
  // GEOMETRY as its raw bytes (what DBD::mysql returns), not mysql2's parsed object
  if (field.type === 'GEOMETRY') return field.buffer()
  // DBD::mysql hands FLOAT/DOUBLE to Perl as numbers, so Perl prints them (1e100 -> 1e+100)
  if (field.type === 'DOUBLE' || field.type === 'FLOAT') { const t = field.string(); return t === null ? null : perlNumber(Number(t)) }
  return DRIVER_DECIDES.has(field.type) ? next() : field.string()
}

function column (f: FieldPacket, driver: DriverName): Column {
  const type = f.columnType ?? 253
  const charset = f.characterSet ?? 33
  const notNull = ((f.flags as number | undefined ?? 0) & 1) === 1
  const dbiType = mysqlType(type, charset, driver)
  return {
    name: f.name,
    type: dbiType,
    nullable: notNull ? 0 : 1,
    precision: f.columnLength ?? null,
    scale: f.decimals ?? null,
    kind: charset === BINARY_CHARSET && BYTES_TYPES.has(type) ? 'B' : 'S',
    perl: perlKind(dbiType),
    chop: true,
  }
}

/** Inlines escaped values at the `?` positions the translator found (literals and comments already skipped). */
export function inline (sql: string, values: unknown[], positions: number[] | undefined, escape: (v: unknown) => string): string {
  if (values.length === 0) return sql
  if (positions === undefined || positions.length !== values.length) throw new Error('mysql: placeholder positions missing')
  let out = ''
  let last = 0
  positions.forEach((p, i) => {
    out += sql.slice(last, p) + escape(values[i])
    last = p + 1
  })
  return out + sql.slice(last)
}

/** A MySQL string literal, escaped like mysql_real_escape_string (what DBD::mysql uses for binds and quote). */
export function mysqlString (s: string): string {
  return `'${s.replace(/[\0\n\r\\'"\x1a]/g, ch => MYSQL_ESCAPES[ch] ?? ch)}'`
}

function escapeValue (v: unknown): string {
  if (v === null || v === undefined) return 'NULL'
  if (Buffer.isBuffer(v)) return `X'${v.toString('hex')}'`
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NULL'
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'boolean') return v ? '1' : '0'
  return mysqlString(typeof v === 'string' ? v : JSON.stringify(v))
}

type Query = ReturnType<PoolConnection['query']>

/**
 * A pooled connection the server closed (KILL, wait_timeout, a restart).
 * mysql2 tells only the connection (a query without a callback never hears
 * of it), so the statement waiting on it is told here. DBD::mysql and
 * DBD::MariaDB report 2013 "Lost connection to server during query" once,
 * then 2006 "Server has gone away" (measured, idle and in-flight).
 */
interface Link { lost: boolean, told: boolean, waiters: Set<() => void> }
const links = new WeakMap<PoolConnection, Link>()

function linkOf (conn: PoolConnection): Link {
  let l = links.get(conn)
  if (l === undefined) {
    const link: Link = { lost: false, told: false, waiters: new Set() }
    const lose = (): void => {
      link.lost = true
      for (const w of [...link.waiters]) w()
      link.waiters.clear()
    }
    conn.on('error', (e: unknown) => { if ((e as { fatal?: boolean }).fatal === true) lose() })
    conn.on('end', lose)
    links.set(conn, link)
    l = link
  }
  return l
}

function lostError (l: Link): BackendError {
  const first = !l.told
  l.told = true
  return first
    ? new BackendError('Lost connection to server during query', 2013, { state: 'HY000', err: 2013 })
    : new BackendError('Server has gone away', 2006, { state: 'HY000', err: 2006 })
}

class MysqlRows implements RowSource {
  private rows: unknown[][] = []
  private ended = false
  private error: unknown = null
  private wake: (() => void) | null = null
  private discard = false
  private want = 0
  constructor (readonly columns: Column[], private readonly conn: PoolConnection, q: Query, private readonly endP: Promise<void>, lost: Promise<BackendError>) {
    void lost.then(e => { if (!this.ended) { this.error = e; this.ended = true; this.poke() } })
    q.on('result', (row: unknown) => {
      if (this.discard) return
      this.rows.push(row as unknown[])
      if (this.rows.length >= Math.max(HIGH_WATER, this.want)) this.conn.pause()
      this.poke()
    })
    q.on('error', (e: unknown) => { this.error = e; this.ended = true; this.poke() })
    q.on('end', () => { this.ended = true; this.poke() })
  }

  private poke (): void { const w = this.wake; this.wake = null; w?.() }

  async read (n: number): Promise<unknown[][]> {
    this.want = n
    while (this.rows.length < n && !this.ended) {
      // resume() may deliver rows synchronously: the waiter must be in place first
      const woke = new Promise<void>(resolve => { this.wake = resolve })
      this.conn.resume()
      await woke
    }
    if (this.error !== null && this.rows.length === 0) { const e = this.error; this.error = null; throw e instanceof BackendError ? e : mysqlError(e) }
    const out = this.rows.length <= n ? this.rows : this.rows.slice(0, n)
    this.rows = this.rows.length <= n ? [] : this.rows.slice(n)
    if (this.rows.length < HIGH_WATER && !this.ended) this.conn.resume()
    return out
  }

  /** mysql cannot cancel a result mid-stream: the rest is read and dropped. */
  async close (): Promise<void> {
    this.rows = []
    if (!this.ended) {
      this.discard = true
      this.conn.resume()
      await this.endP
    }
  }
}

class MysqlConn implements DriverConn {
  readonly style = 'qmark' as const
  readonly dialect = 'mysql' as const
  private lastId: string | null = null
  private readonly link: Link
  constructor (readonly driver: DriverName, private readonly conn: PoolConnection, private readonly side: () => Promise<void>, private readonly returned: () => void) {
    this.link = linkOf(conn)
  }

  /** Resolves (with the error to report) when the server closes the connection during the statement. */
  private whenLost (settled: Promise<void>): Promise<BackendError> {
    return new Promise(resolve => {
      const w = (): void => resolve(lostError(this.link))
      this.link.waiters.add(w)
      void settled.then(() => this.link.waiters.delete(w))
    })
  }

  /** A callback-style error: fatal ones (connection closed) as the DBD reports a lost connection. */
  private fail (e: unknown): BackendError {
    if ((e as { fatal?: boolean } | null)?.fatal === true || this.link.lost) { this.link.lost = true; return lostError(this.link) }
    return mysqlError(e)
  }

  /** KILL QUERY from a second connection (the server's only way to stop a running statement). */
  async cancel (): Promise<void> { await this.side() }

  async exec (sql: string, values: unknown[], opts: ExecOptions): Promise<ExecOutcome> {
    if (this.link.lost) throw lostError(this.link)
    const text = inline(sql, values, opts.positions, escapeValue)
    const q = this.conn.query({ sql: text, rowsAsArray: true, typeCast: TEXT_CAST } as Parameters<PoolConnection['query']>[0])
    // the statement's end, by the server's reply or by the connection's loss
    let over!: () => void
    const ended = new Promise<void>(resolve => { over = resolve })
    const lost = this.whenLost(ended)
    const endP = new Promise<void>(resolve => {
      q.on('end', () => resolve()); q.on('error', () => resolve())
      void lost.then(() => resolve())
    })
    void endP.then(over)
    return await new Promise<ExecOutcome>((resolve, reject) => {
      let settled = false
      const onFields = (fields: FieldPacket[] | undefined): void => {
        // mysql2 also emits 'fields' (undefined) before an OK packet
        if (settled || !Array.isArray(fields) || fields.length === 0) return
        settled = true
        cleanup()
        resolve({ kind: 'rows', source: new MysqlRows(fields.map(f => column(f, this.driver)), this.conn, q, endP, lost) })
      }
      const onResult = (r: unknown): void => {
        if (settled) return
        settled = true
        cleanup()
        const h = r as ResultSetHeader
        this.lastId = h.insertId !== undefined ? String(h.insertId) : this.lastId
        void endP.then(() => resolve({ kind: 'count', rows: h.affectedRows ?? 0 }))
      }
      void lost.then(e => { if (settled) return; settled = true; cleanup(); reject(e) })
      const onError = (e: unknown): void => { if (settled) return; settled = true; cleanup(); reject(mysqlError(e)) }
      const cleanup = (): void => { q.removeListener('fields', onFields); q.removeListener('result', onResult); q.removeListener('error', onError) }
      q.on('fields', onFields)
      q.on('result', onResult)
      q.on('error', onError)
    })
  }

  private async q (sql: string, values: unknown[] = []): Promise<unknown[][]> {
    return await new Promise((resolve, reject) => {
      this.conn.query({ sql, values, rowsAsArray: true, typeCast: TEXT_CAST } as Parameters<PoolConnection['query']>[0], (err: unknown, rows: unknown) => {
        if (err !== null && err !== undefined) reject(this.fail(err)); else resolve(Array.isArray(rows) ? rows as unknown[][] : [])
      })
    })
  }

  // autocommit=0 rather than START TRANSACTION: after a DDL's implicit commit the server opens the
  // next transaction by itself, as with DBD::mysql's AutoCommit => 0
  async begin (): Promise<void> { await this.q('SET autocommit=0') }
  async commit (): Promise<void> { await this.q('COMMIT'); await this.q('SET autocommit=1') }
  async rollback (): Promise<void> { await this.q('ROLLBACK'); await this.q('SET autocommit=1') }
  async ping (): Promise<boolean> {
    // a failed ping notices the loss as libmariadb does: the next statement says "Server has gone away"
    if (this.link.lost) { this.link.told = true; return false }
    return await new Promise(resolve => {
      this.conn.ping((err: unknown) => {
        if (err !== null && err !== undefined) { this.fail(err); resolve(false) } else resolve(true)
      })
    })
  }

  async lastInsertId (_q: LastIdQuery): Promise<string | null> { return this.lastId }

  async tableInfo (q: MetaQuery): Promise<MetaResult> {
    const rows = await this.q(`SELECT TABLE_SCHEMA, NULL, TABLE_NAME, CASE TABLE_TYPE WHEN 'BASE TABLE' THEN 'TABLE' ELSE TABLE_TYPE END, TABLE_COMMENT
      FROM information_schema.TABLES WHERE TABLE_SCHEMA LIKE ? AND TABLE_NAME LIKE ? ORDER BY 4, 1, 3`, [q.catalog ?? q.schema ?? '%', q.table ?? '%'])
    return { names: TABLE_INFO_NAMES, rows: filterTableTypes(rows, q.type) }
  }

  async columnInfo (q: MetaQuery): Promise<MetaResult> {
    const rows = await this.q(`SELECT TABLE_SCHEMA, NULL, TABLE_NAME, COLUMN_NAME, DATA_TYPE, UPPER(DATA_TYPE),
        COALESCE(CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION), NULL, NUMERIC_SCALE, IF(NUMERIC_PRECISION IS NULL, NULL, 10),
        IF(IS_NULLABLE = 'YES', 1, 0), COLUMN_COMMENT, COLUMN_DEFAULT, NULL, NULL, CHARACTER_OCTET_LENGTH, ORDINAL_POSITION, IS_NULLABLE
      FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE ? AND COLUMN_NAME LIKE ? ORDER BY 1, 3, ORDINAL_POSITION`,
    [q.table ?? '%', q.column ?? '%'])
    const code: Record<string, number> = { int: 4, integer: 4, tinyint: -6, smallint: 5, mediumint: 4, bigint: -5, decimal: 3, numeric: 3, float: 7, double: 8, date: 9, datetime: 11, timestamp: 11, time: 10, year: 5, char: 1, varchar: 12, text: -4, tinytext: -4, mediumtext: -4, longtext: -4, blob: -4, tinyblob: -4, mediumblob: -4, longblob: -4, binary: -2, varbinary: -3, json: -4 }
    return { names: COLUMN_INFO_NAMES, rows: rows.map(r => { const o = [...r]; o[4] = String(code[String(r[4])] ?? 12); return o }) }
  }

  async release (destroy: boolean): Promise<void> {
    if (this.link.lost) destroy = true
    if (!destroy) {
      try {
        await this.q('ROLLBACK')
        // COM_RESET_CONNECTION: session variables, temporary tables, autocommit back to defaults
        await new Promise<void>((resolve, reject) => { (this.conn as unknown as { reset: (cb: (e: unknown) => void) => void }).reset(e => e ? reject(e) : resolve()) })
      } catch { destroy = true }
    }
    if (destroy) this.conn.destroy(); else this.conn.release()
    this.returned()
  }
}

export class MysqlAdapter implements DriverAdapter {
  private readonly pools = new Map<string, Pool>()
  /** connections of each pool checked out by handles, to tell an exhausted pool from a slow server */
  private readonly held = new WeakMap<Pool, number>()

  constructor (private readonly limits: PoolLimits) {}

  async connect (req: ConnectRequest): Promise<DriverConn> {
    mod ??= (await import('mysql2')).default
    const host = req.dsn.host ?? 'localhost'
    const port = req.dsn.port ?? 3306
    const key = JSON.stringify([host, port, req.dsn.database ?? '', req.user, createHash('sha256').update(req.password).digest('hex')])
    let pool = this.pools.get(key)
    if (pool === undefined) {
      pool = mod.createPool({
        host, port, user: req.user, password: req.password, database: req.dsn.database,
        connectionLimit: this.limits.max, waitForConnections: true, queueLimit: 0, maxIdle: this.limits.max, idleTimeout: 30_000,
        charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true, dateStrings: true, decimalNumbers: false,
        multipleStatements: false, connectTimeout: 10_000,
      })
      this.pools.set(key, pool)
    }
    const p = pool
    const held = this.held
    let conn: PoolConnection
    try {
      conn = await new Promise<PoolConnection>((resolve, reject) => {
        let late = false
        const timer = setTimeout(() => {
          late = true
          // every connection held for the whole wait: say so (a slow new connection fails with its own error first: connectTimeout)
          reject((held.get(p) ?? 0) >= this.limits.max
            ? poolExhausted({ driver: req.dsn.driver, host, port, database: req.dsn.database, user: req.user }, this.limits, { state: '08004', err: 1040 })
            : mysqlError(Object.assign(new Error(`no free connection in the pool after ${this.limits.waitMs} ms`), { code: 'POOL_TIMEOUT' }), { host, port }))
        }, this.limits.waitMs)
        p.getConnection((err, c) => {
          clearTimeout(timer)
          // the pool serves the waiter after its timeout: give the connection back, or its slot is lost for good
          if (late) { if (!err) c.release(); return }
          if (err) reject(mysqlError(err, { host, port })); else resolve(c)
        })
      })
    } catch (e) {
      if (e instanceof BackendError) throw e
      throw mysqlError(e, { host, port })
    }
    held.set(p, (held.get(p) ?? 0) + 1)
    const returned = (): void => { held.set(p, Math.max(0, (held.get(p) ?? 1) - 1)) }
    const m = mod
    const threadId = (conn as unknown as { threadId: number }).threadId
    const kill = async (): Promise<void> => await new Promise<void>(resolve => {
      const k = m.createConnection({ host, port, user: req.user, password: req.password, connectTimeout: 5000 })
      k.query(`KILL QUERY ${Number(threadId)}`, () => { k.end(); resolve() })
      k.on('error', () => resolve())
    })
    return new MysqlConn(req.dsn.driver, conn, kill, returned)
  }

  async end (): Promise<void> {
    const pools = [...this.pools.values()]
    this.pools.clear()
    await Promise.all(pools.map(async p => await new Promise<void>(resolve => { p.end(() => resolve()) })))
  }
}
