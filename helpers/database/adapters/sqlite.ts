// SQLite through better-sqlite3: the embedded default, no server needed.
// better-sqlite3 is synchronous; a result set streams through an iterator, and
// while one is open the connection refuses other statements (the DbHandle
// drains it first).
import type BetterSqlite3 from 'better-sqlite3'
import { sqliteError } from '../errors.js'
import {
  SQL, TABLE_INFO_NAMES, COLUMN_INFO_NAMES, perlNumber, filterTableTypes,
  type Column, type PerlKind, type ConnectRequest, type DriverAdapter, type DriverConn, type ExecOptions, type ExecOutcome,
  type LastIdQuery, type MetaQuery, type MetaResult, type RowSource,
} from '../types.js'

type Db = BetterSqlite3.Database
let ctor: typeof BetterSqlite3 | undefined

async function load (): Promise<typeof BetterSqlite3> {
  ctor ??= (await import('better-sqlite3')).default
  return ctor
}

/** SQLite declared type -> DBI SQL type code (by SQLite's affinity rules). */
export function sqliteType (decl: string | null): number {
  const t = (decl ?? '').toUpperCase()
  if (t === '') return SQL.UNKNOWN
  if (t.includes('BIGINT')) return SQL.BIGINT
  if (t.includes('INT')) return SQL.INTEGER
  if (t.includes('CHAR') || t.includes('CLOB')) return SQL.VARCHAR
  if (t.includes('TEXT')) return SQL.LONGVARCHAR
  if (t.includes('BLOB')) return SQL.BLOB
  if (t.includes('REAL') || t.includes('DOUB')) return SQL.DOUBLE
  if (t.includes('FLOA')) return SQL.FLOAT
  if (t.includes('DECIMAL')) return SQL.DECIMAL
  if (t.includes('BOOL')) return SQL.BOOLEAN
  if (t.includes('TIMESTAMP') || t.includes('DATETIME')) return SQL.TYPE_TIMESTAMP
  if (t.includes('DATE')) return SQL.TYPE_DATE
  return SQL.NUMERIC
}

/**
 * DBD::SQLite hands Perl a number for a value stored as INTEGER or REAL: in a
 * column whose declared type gives INTEGER, REAL or NUMERIC affinity, a value
 * that reads as a number. Expressions (no declared type) come as strings.
 */
function sqlitePerlKind (decl: string | null): PerlKind {
  return decl !== null && !/CHAR|CLOB|TEXT|BLOB/i.test(decl) ? 'A' : 'S'
}

function cell (v: unknown): unknown {
  if (v === null || typeof v === 'string' || Buffer.isBuffer(v)) return v
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'number') return perlNumber(v)
  return String(v)
}

// (binary-typed text was already made bytes by Statement.execute)
function bindValue (v: unknown): unknown {
  if (v === undefined) return null
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return BigInt(v)
  if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) return JSON.stringify(v)
  return v
}

class SqliteRows implements RowSource {
  private it: IterableIterator<unknown[]> | null
  constructor (readonly columns: Column[], it: IterableIterator<unknown[]>) { this.it = it }
  async read (n: number): Promise<unknown[][]> {
    const out: unknown[][] = []
    if (this.it === null) return out
    try {
      while (out.length < n) {
        const r = this.it.next()
        if (r.done === true) { this.it = null; break }
        out.push(r.value.map(cell))
      }
    } catch (e) { this.it = null; throw sqliteError(e) }
    return out
  }

  async close (): Promise<void> {
    const it = this.it
    this.it = null
    it?.return?.()
  }
}

class SqliteConn implements DriverConn {
  readonly driver = 'SQLite' as const
  readonly style = 'qmark' as const
  readonly dialect = 'sqlite' as const
  private lastId: string | null = null
  constructor (private readonly db: Db) {}

  async exec (sql: string, values: unknown[], _opts: ExecOptions): Promise<ExecOutcome> {
    let stmt: BetterSqlite3.Statement
    try {
      stmt = this.db.prepare(sql)
    } catch (e) {
      // DBD::SQLite's do() runs several `;`-separated statements when there is nothing to bind
      if (values.length === 0 && /more than one statement/.test((e as Error).message)) {
        try { this.db.exec(sql) } catch (e2) { throw sqliteError(e2) }
        return { kind: 'count', rows: -1 }
      }
      throw sqliteError(e)
    }
    const args = values.map(bindValue)
    try {
      stmt.safeIntegers(true)
      if (stmt.reader) {
        stmt.raw(true)
        const columns: Column[] = stmt.columns().map(c => {
          const type = sqliteType(c.type)
          return { name: c.name, type, nullable: 2, precision: null, scale: null, kind: type === SQL.BLOB ? 'B' : 'S', typeName: c.type, perl: sqlitePerlKind(c.type), chop: true }
        })
        return { kind: 'rows', source: new SqliteRows(columns, stmt.iterate(...args) as IterableIterator<unknown[]>) }
      }
      const r = stmt.run(...args)
      if (r.changes > 0 || /^\s*insert/i.test(sql)) this.lastId = String(r.lastInsertRowid)
      return { kind: 'count', rows: r.changes }
    } catch (e) { throw sqliteError(e) }
  }

  /** DBD::SQLite compiles at prepare, so `no such table` and syntax errors surface there. */
  async check (sql: string): Promise<void> {
    try {
      this.db.prepare(sql)
    } catch (e) {
      if (/more than one statement/.test((e as Error).message)) return
      throw sqliteError(e)
    }
  }

  private run (sql: string): void {
    try { this.db.exec(sql) } catch (e) { throw sqliteError(e) }
  }

  async begin (): Promise<void> { this.run('BEGIN') }
  async commit (): Promise<void> { if (this.db.inTransaction) this.run('COMMIT') }
  async rollback (): Promise<void> { if (this.db.inTransaction) this.run('ROLLBACK') }
  async ping (): Promise<boolean> { return this.db.open }
  async lastInsertId (_q: LastIdQuery): Promise<string | null> { return this.lastId }

  async tableInfo (q: MetaQuery): Promise<MetaResult> {
    const rows = this.db.prepare("SELECT NULL, 'main', name, upper(type), NULL FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' AND name LIKE ? ORDER BY name")
      .raw(true).all(q.table ?? '%') as unknown[][]
    return { names: TABLE_INFO_NAMES, rows: filterTableTypes(rows, q.type) }
  }

  async columnInfo (q: MetaQuery): Promise<MetaResult> {
    const tables = (await this.tableInfo({ table: q.table ?? '%' })).rows.map(r => String(r[2]))
    const rows: unknown[][] = []
    const like = new RegExp(`^${(q.column ?? '%').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'i')
    for (const t of tables) {
      const cols = this.db.prepare('SELECT cid, name, type, "notnull", dflt_value FROM pragma_table_info(?)').all(t) as Array<{ cid: number, name: string, type: string, notnull: number, dflt_value: string | null }>
      for (const c of cols) {
        if (!like.test(c.name)) continue
        rows.push([null, 'main', t, c.name, sqliteType(c.type), c.type, null, null, null, null, c.notnull ? 0 : 1, null,
          c.dflt_value, null, null, null, c.cid + 1, c.notnull ? 'NO' : 'YES'].map(v => typeof v === 'number' ? String(v) : v))
      }
    }
    return { names: COLUMN_INFO_NAMES, rows }
  }

  async release (): Promise<void> {
    try { if (this.db.inTransaction) this.db.exec('ROLLBACK') } catch { /* closing anyway */ }
    this.db.close()
  }
}

/** No pool: opening a SQLite file is cheap and each DBI connect gets its own (:memory: is private). */
export class SqliteAdapter implements DriverAdapter {
  async connect (req: ConnectRequest): Promise<DriverConn> {
    const Database = await load()
    const file = req.dsn.file ?? ':memory:'
    let db: Db
    try {
      db = new Database(file, { timeout: 30_000 })
    } catch (e) {
      throw sqliteError(e)
    }
    return new SqliteConn(db)
  }

  async end (): Promise<void> {}
}
