// SQLite through better-sqlite3: the embedded default, no server needed.
// better-sqlite3 is synchronous; a result set streams through an iterator, and
// while one is open the connection refuses other statements (the DbHandle
// drains it first).
//
// Lock waits happen off the event loop: the connection opens with busy
// timeout 0 and a statement that gets SQLITE_BUSY is retried on timers until
// DBD::SQLite's busy timeout (30 s, or what `PRAGMA busy_timeout` set) runs
// out, where SQLite's own busy handler would have waited inside the call and
// frozen every other client of the daemon. SQLITE_BUSY means the statement did
// not run, so a retry never runs it twice.
import type BetterSqlite3 from 'better-sqlite3'
import { sqliteError } from '../errors.js'
import { BackendError, BRIDGE_ERR_INVALID_PARAMS } from '../../../src/errors.js'
import { resolveClientPath } from '../../../src/paths.js'
import { tokenize, splitStatements, leadingWords, fileOperands, paramNumbers, parseFileName, sqlString, type Token } from '../sqlite-files.js'
import {
  SQL, TABLE_INFO_NAMES, COLUMN_INFO_NAMES, perlNumber, filterTableTypes,
  type Column, type PerlKind, type ConnectRequest, type DriverAdapter, type DriverConn, type ExecOptions, type ExecOutcome,
  type LastIdQuery, type MetaQuery, type MetaResult, type RowSource,
} from '../types.js'

type Db = BetterSqlite3.Database
let ctor: typeof BetterSqlite3 | undefined

async function load (): Promise<typeof BetterSqlite3> {
  // DBD::SQLite's libsqlite3 reads `file:` names in ATTACH as URIs; better-sqlite3's build does so only
  // with SQLITE_USE_URI=1 in the environment when it loads (an operator's explicit 0 is kept)
  process.env.SQLITE_USE_URI ??= '1'
  ctor ??= (await import('better-sqlite3')).default
  return ctor
}

/** `file:` names are URIs (as the addon saw SQLITE_USE_URI when it loaded) */
const uriNames = (): boolean => process.env.SQLITE_USE_URI === '1'

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

/** A row as DBD::SQLite hands it over, converted in place (better-sqlite3 makes a fresh array a row). */
function cells (row: unknown[]): unknown[] {
  for (let i = 0; i < row.length; i++) {
    const v = row[i]
    if (v !== null && typeof v !== 'string' && !Buffer.isBuffer(v)) row[i] = cell(v)
  }
  return row
}

// (binary-typed text was already made bytes by Statement.execute)
function bindValue (v: unknown): unknown {
  if (v === undefined) return null
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return BigInt(v)
  if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) return JSON.stringify(v)
  return v
}

/** how long one read may step rows before it lets the event loop run */
const YIELD_AFTER_MS = 10

class SqliteRows implements RowSource {
  private it: IterableIterator<unknown[]> | null
  /** the row execute stepped to (DBD::SQLite steps once at execute; that step is where a lock is met) */
  private first: IteratorResult<unknown[]> | null
  constructor (readonly columns: Column[], it: IterableIterator<unknown[]>, first: IteratorResult<unknown[]>) {
    this.it = first.done === true ? null : it
    this.first = first.done === true ? null : first
  }

  async read (n: number): Promise<unknown[][]> {
    const out: unknown[][] = []
    if (this.first !== null && n > 0) { out.push(cells(this.first.value as unknown[])); this.first = null }
    let slice = performance.now()
    try {
      while (this.it !== null && out.length < n) {
        const r = this.it.next()
        if (r.done === true) { this.it = null; break }
        out.push(cells(r.value))
        // a big block is many synchronous steps: let other clients in between (only one step is indivisible)
        if ((out.length & 255) === 0 && performance.now() - slice > YIELD_AFTER_MS) {
          await new Promise(resolve => setImmediate(resolve))
          slice = performance.now()
        }
      }
    } catch (e) { this.it = null; throw sqliteError(e) }
    return out
  }

  async close (): Promise<void> {
    const it = this.it
    this.it = null
    this.first = null
    it?.return?.()
  }
}

/** DBD::SQLite's default busy timeout (dbdimp.c SQL_TIMEOUT). */
export const DBD_SQLITE_BUSY_MS = 30_000
/** the longest pause between two tries while a lock is held elsewhere */
const MAX_PAUSE_MS = 50

/**
 * SQLITE_BUSY as SQLite's busy handler would wait on it. Not SQLITE_LOCKED
 * (a conflict inside this connection, which waiting cannot end and no busy
 * handler waits on) nor SQLITE_BUSY_SNAPSHOT (a stale WAL snapshot: only a
 * new transaction helps).
 */
function isBusy (e: unknown): boolean {
  const code = (e as { code?: unknown }).code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_RECOVERY'
}

/** Where the connection's client is: relative ATTACH files mean its cwd, and the roots confine them. */
interface FileScope { cwd: string | undefined, allowedPaths: readonly string[] }

/** a statement that only reads or sets the busy timeout: answered from the connection's own setting */
function busyTimeoutPragma (ts: Token[]): { set: number | null } | null {
  const w = leadingWords(ts).filter(t => t.kind !== 'semi')
  if (w[0]?.value !== 'PRAGMA') return null
  let i = 1
  if (w[i + 1]?.value === '.') i += 2
  if (w[i]?.kind !== 'word' || w[i].value !== 'BUSY_TIMEOUT') return null
  const rest = w.slice(i + 1).map(t => t.raw).join('')
  if (rest === '') return { set: null }
  const m = /^(?:=([+-]?\d+)|\(([+-]?\d+)\))$/.exec(rest)
  return m === null ? null : { set: Number(m[1] ?? m[2]) }
}

/** words without which a statement needs no lexing (no file operand, no busy_timeout, no COMMIT) */
const FILE_WORDS = /\b(?:attach|vacuum|pragma|commit|end)\b/i

class SqliteConn implements DriverConn {
  readonly driver = 'SQLite' as const
  readonly style = 'qmark' as const
  readonly dialect = 'sqlite' as const
  private lastId: string | null = null
  /** what SQLite's busy timeout would be: DBD::SQLite's, or the script's PRAGMA busy_timeout */
  private busyMs = DBD_SQLITE_BUSY_MS
  /** a transaction is open that has not read yet (SQLite would still wait on a lock in it) */
  private freshTxn = false
  /** ends the current lock wait (the session is closing) */
  private stopWaiting: (() => void) | null = null

  constructor (private readonly db: Db, private readonly scope: FileScope, private readonly immediate: boolean) {}

  /**
   * Runs `fn`, trying again on SQLITE_BUSY until the busy timeout, pausing on
   * timers so the event loop serves everyone else meanwhile. Waits only where
   * SQLite's busy handler would: outside a transaction, in one that has not
   * read yet, or for COMMIT; inside a transaction that holds a read lock
   * SQLite answers BUSY at once (to break a deadlock) and so does this.
   */
  private async locked<T> (fn: () => T, commit = false): Promise<T> {
    const before = this.db.inTransaction
    const mayWait = commit || !before || this.freshTxn
    const deadline = Date.now() + this.busyMs
    let pause = 1
    for (;;) {
      try {
        const r = fn()
        this.freshTxn = this.db.inTransaction && !before
        return r
      } catch (e) {
        if (!isBusy(e)) { this.freshTxn = this.db.inTransaction && !before; throw sqliteError(e) }
        const left = deadline - Date.now()
        if (!mayWait || left <= 0) throw sqliteError(e)
        await this.pause(Math.min(pause, left))
        pause = Math.min(pause * 2, MAX_PAUSE_MS)
      }
    }
  }

  private async pause (ms: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => { this.stopWaiting = null; resolve() }, ms)
      this.stopWaiting = () => {
        clearTimeout(t)
        this.stopWaiting = null
        reject(new BackendError('interrupted', 'SQLITE_INTERRUPT', { state: 'S1000', err: 9 }))
      }
    })
  }

  /** Ends a lock wait in progress (the dbh is closing: a dead client must not hold its place for 30 s). */
  async cancel (): Promise<void> { this.stopWaiting?.() }

  /**
   * File names in ATTACH and VACUUM INTO made what the script meant: a
   * relative one is the client's cwd (SQLite would take the daemon's), and
   * with CPAN_BRIDGE_ALLOWED_PATHS set none may lie outside the roots. A
   * literal name is rewritten to its absolute path; a bound one is replaced
   * in `args`; a computed one cannot be checked and is refused.
   */
  private confine (sql: string, ts: Token[], args: unknown[]): string {
    const edits: Array<{ start: number, end: number, text: string }> = []
    const confined = this.scope.allowedPaths.length > 0
    for (const piece of splitStatements(sql, ts)) {
      if (confined) this.refuseGlobalPragma(piece.tokens)
      for (const op of fileOperands(piece.tokens, paramNumbers(piece.tokens))) {
        if (op.kind === 'computed') {
          if (!confined) continue
          throw new BRIDGE_ERR_INVALID_PARAMS('params.sql', `${op.what} names its file with an expression, which cannot be checked against CPAN_BRIDGE_ALLOWED_PATHS: give a string literal or a bound value`)
        }
        if (op.kind === 'literal') {
          const abs = this.fileName(op.name, 'params.sql')
          if (abs !== op.name) edits.push({ start: op.token.start, end: op.token.end, text: sqlString(abs) })
          continue
        }
        const i = op.index - 1
        const v = args[i]
        if (v === null || v === undefined) continue
        const name = Buffer.isBuffer(v) ? v.toString('utf8') : String(v)
        args[i] = this.fileName(name, 'params.bind_values')
      }
    }
    let out = sql
    for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end)
    return out
  }

  private fileName (name: string, field: string): string {
    let f
    try { f = parseFileName(name, uriNames()) } catch (e) { throw new BRIDGE_ERR_INVALID_PARAMS(field, (e as Error).message) }
    if (f.path === null) return name
    if (f.path.includes('\0')) throw new BRIDGE_ERR_INVALID_PARAMS(field, 'a file name must not contain a NUL byte')
    return f.rebuild(resolveClientPath(f.path, { cwd: this.scope.cwd, allowedPaths: this.scope.allowedPaths, field }))
  }

  /** temp_store_directory / data_store_directory move every connection's files in the daemon: not for one script to set under confinement */
  private refuseGlobalPragma (ts: Token[]): void {
    const w = leadingWords(ts)
    if (w[0]?.value !== 'PRAGMA') return
    const name = w[2]?.value === '.' ? w[3] : w[1]
    if ((name?.value === 'TEMP_STORE_DIRECTORY' || name?.value === 'DATA_STORE_DIRECTORY') && ts.some(t => t.value === '=' || t.value === '(')) {
      throw new BRIDGE_ERR_INVALID_PARAMS('params.sql', `PRAGMA ${name.value.toLowerCase()} sets a directory for the whole daemon; refused while CPAN_BRIDGE_ALLOWED_PATHS is set`)
    }
  }

  /** The statement as SQLite should see it: busy_timeout answered here (SQLite's stays 0), file names confined. */
  private rewrite (sql: string, args: unknown[]): { sql: string, commit: boolean } {
    if (!FILE_WORDS.test(sql)) return { sql, commit: false }
    const ts = tokenize(sql)
    const pieces = splitStatements(sql, ts)
    if (pieces.length === 1) {
      const bt = busyTimeoutPragma(pieces[0].tokens)
      if (bt !== null) {
        if (bt.set !== null) this.busyMs = Math.max(0, bt.set)
        return { sql: `SELECT ${this.busyMs} AS "timeout"`, commit: false }
      }
    }
    const head = pieces.length === 1 ? leadingWords(pieces[0].tokens)[0]?.value : undefined
    return { sql: this.confine(sql, ts, args), commit: head === 'COMMIT' || head === 'END' }
  }

  async exec (sql: string, values: unknown[], _opts: ExecOptions): Promise<ExecOutcome> {
    const args = values.map(bindValue)
    const { sql: text, commit } = this.rewrite(sql, args)
    let stmt: BetterSqlite3.Statement
    try {
      stmt = await this.locked(() => this.db.prepare(text))
    } catch (e) {
      // DBD::SQLite's do() runs several `;`-separated statements when there is nothing to bind
      if (values.length === 0 && /more than one statement/.test((e as Error).message)) {
        await this.script(text)
        return { kind: 'count', rows: -1 }
      }
      throw e
    }
    try {
      stmt.safeIntegers(true)
    } catch (e) { throw sqliteError(e) }
    if (stmt.reader) {
      stmt.raw(true)
      const columns: Column[] = stmt.columns().map(c => {
        const type = sqliteType(c.type)
        return { name: c.name, type, nullable: 2, precision: null, scale: null, kind: type === SQL.BLOB ? 'B' : 'S', typeName: c.type, perl: sqlitePerlKind(c.type), chop: true }
      })
      const { it, first } = await this.locked(() => {
        const it = stmt.iterate(...args) as IterableIterator<unknown[]>
        return { it, first: it.next() }
      })
      return { kind: 'rows', source: new SqliteRows(columns, it, first) }
    }
    const r = await this.locked(() => stmt.run(...args), commit)
    if (r.changes > 0 || /^\s*insert/i.test(sql)) this.lastId = String(r.lastInsertRowid)
    return { kind: 'count', rows: r.changes }
  }

  /** A `;`-separated script, one statement at a time, so a lock wait retries only the statement that met it. */
  private async script (sql: string): Promise<void> {
    for (const piece of splitStatements(sql)) {
      const one = this.rewrite(sql.slice(piece.start, piece.end), [])
      await this.locked(() => this.db.exec(one.sql), one.commit)
    }
  }

  /** DBD::SQLite compiles at prepare, so `no such table` and syntax errors surface there. */
  async check (sql: string): Promise<void> {
    try {
      await this.locked(() => this.db.prepare(sql))
    } catch (e) {
      if (/more than one statement/.test((e as Error).message)) return
      throw e
    }
  }

  // DBD::SQLite begins with BEGIN IMMEDIATE unless sqlite_use_immediate_transaction is off: the write lock is met here
  async begin (): Promise<void> { await this.locked(() => this.db.exec(this.immediate ? 'BEGIN IMMEDIATE' : 'BEGIN')) }
  // a COMMIT that meets readers stays pending in SQLite and is tried again, the transaction intact
  async commit (): Promise<void> { if (this.db.inTransaction) await this.locked(() => this.db.exec('COMMIT'), true) }
  async rollback (): Promise<void> {
    if (!this.db.inTransaction) return
    try { this.db.exec('ROLLBACK') } catch (e) { throw sqliteError(e) }
  }

  async ping (): Promise<boolean> { return this.db.open }
  async lastInsertId (_q: LastIdQuery): Promise<string | null> { return this.lastId }

  async tableInfo (q: MetaQuery): Promise<MetaResult> {
    const rows = await this.locked(() => this.db.prepare("SELECT NULL, 'main', name, upper(type), NULL FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' AND name LIKE ? ORDER BY name")
      .raw(true).all(q.table ?? '%') as unknown[][])
    return { names: TABLE_INFO_NAMES, rows: filterTableTypes(rows, q.type) }
  }

  async columnInfo (q: MetaQuery): Promise<MetaResult> {
    const tables = (await this.tableInfo({ table: q.table ?? '%' })).rows.map(r => String(r[2]))
    const rows: unknown[][] = []
    const like = new RegExp(`^${(q.column ?? '%').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'i')
    for (const t of tables) {
      const cols = await this.locked(() => this.db.prepare('SELECT cid, name, type, "notnull", dflt_value FROM pragma_table_info(?)').all(t) as Array<{ cid: number, name: string, type: string, notnull: number, dflt_value: string | null }>)
      for (const c of cols) {
        if (!like.test(c.name)) continue
        rows.push([null, 'main', t, c.name, sqliteType(c.type), c.type, null, null, null, null, c.notnull ? 0 : 1, null,
          c.dflt_value, null, null, null, c.cid + 1, c.notnull ? 'NO' : 'YES'].map(v => typeof v === 'number' ? String(v) : v))
      }
    }
    return { names: COLUMN_INFO_NAMES, rows }
  }

  async release (): Promise<void> {
    this.stopWaiting?.()
    try { if (this.db.inTransaction) this.db.exec('ROLLBACK') } catch { /* closing anyway */ }
    this.db.close()
  }
}

function truthyAttr (v: unknown, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt
  return !(v === false || v === 0 || v === '0' || v === '')
}

export class SqliteAdapter implements DriverAdapter {
  async connect (req: ConnectRequest): Promise<DriverConn> {
    const Database = await load()
    const file = req.dsn.file ?? ':memory:'
    let db: Db
    try {
      // busy timeout 0: SQLite must never wait inside a call (SqliteConn.locked waits on timers)
      db = new Database(file, { timeout: 0 })
    } catch (e) {
      throw sqliteError(e)
    }
    const scope = { cwd: req.client?.cwd, allowedPaths: req.client?.allowedPaths ?? [] }
    return new SqliteConn(db, scope, truthyAttr(req.attrs.sqlite_use_immediate_transaction, true))
  }

  async end (): Promise<void> {}
}
