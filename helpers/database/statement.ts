// A prepared statement and its open result. Rows go into a packed store
// (row-store.ts) as the driver hands them over: the whole result at execute
// where the DBD counts rows there (Pg, MySQL/MariaDB, up to
// CPAN_BRIDGE_DB_BUFFER_MB), otherwise block by block, the next one read
// while Perl unpacks the last; blocks are sized by the result's row width.
import { translatePlaceholders, orderValues, type Translated, type PlaceholderStyle, type Dialect } from './placeholders.js'
import { BINARY_SQL_TYPES, type Column, type RowSource } from './types.js'
import type { DbHandle } from './connection.js'
import { RowStore } from './row-store.js'
import { PackedTable } from '../../src/packed.js'
import { BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'

export const DEFAULT_BLOCK = 500
// 2000, not more: rows of a bigger block outlive V8's 2 MB young generation
// (README, Memory) and old-generation GC made 5000-row blocks ~15% slower.
export const MAX_BLOCK = 2000
/** Target bytes per block when growing the block size for narrow rows. */
const TARGET_BLOCK_BYTES = 512 * 1024

export interface ExecuteInfo {
  /** rows affected, or for a result read whole at execute its row count; -1 when not known */
  rows: number
  columns: Column[]
  /** the result was bigger than the read-ahead limit: it streams, and its count is not known */
  streamed?: { bytes: number, rows: number }
}

/** A block of rows: JavaScript rows, or packed cells of rows read ahead. */
export type Rows = unknown[][] | PackedTable

export const rowCount = (r: Rows): number => r instanceof PackedTable ? r.nrows : r.length
export const rowArrays = (r: Rows): unknown[][] => r instanceof PackedTable ? r.rows() : r

function decodeValue (v: unknown, type: number | null | undefined): unknown {
  if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v) && !Array.isArray(v)) {
    const b64 = (v as Record<string, unknown>).$base64
    if (typeof b64 === 'string' && Object.keys(v).length === 1) return Buffer.from(b64, 'base64')
  }
  if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return Buffer.from(v)
  if (typeof v === 'string' && type !== null && type !== undefined && BINARY_SQL_TYPES.has(type)) return Buffer.from(v, 'latin1')
  return v
}

/** Recent translations by SQL text: a loop of selectrow_* sends the same statement over and over. */
const TRANSLATED_MAX = 256
const translations = new Map<string, Translated>()

function translated (sql: string, style: PlaceholderStyle, dialect: Dialect): Translated {
  const key = `${style}\0${dialect}\0${sql}`
  let t = translations.get(key)
  if (t === undefined) {
    // frozen: every statement of the same text shares it
    t = Object.freeze(translatePlaceholders(sql, style, dialect))
    if (translations.size >= TRANSLATED_MAX) translations.delete(translations.keys().next().value as string)
    translations.set(key, t)
  }
  return t
}

export class Statement {
  readonly t: Translated
  columns: Column[] = []
  executed = false
  /** set by bind_param_inout; read back by get_out_params */
  readonly outBinds = new Map<string, { value: unknown, size: number, index: number }>()
  outValues: Record<string, unknown> = {}
  private source: RowSource | null = null
  private buffer: unknown[][] = []
  /** rows read ahead at execute (packed), served after `buffer` */
  private store: RowStore | null = null
  private exhausted = true
  private blockSize = DEFAULT_BLOCK
  private fixedBlock = false
  closed = false

  constructor (readonly dbh: DbHandle, readonly sql: string) {
    this.t = translated(sql, dbh.conn.style, dbh.conn.dialect)
    // every statement, handle or not (do, execute_array batches), so closing the dbh finds it
    dbh.statements.add(this)
  }

  get numParams (): number { return this.t.params.length }

  /** Runs the statement; a result set stays open for fetch. */
  async execute (values: unknown[] | Record<string, unknown> | undefined, types: Array<number | null> | undefined, blockSize: number | undefined): Promise<ExecuteInfo> {
    if (this.closed) throw new BRIDGE_ERR_INVALID_PARAMS('params.statement_id', 'the statement was closed')
    await this.finish()
    this.inline = null
    if (blockSize !== undefined) { this.blockSize = Math.min(Math.max(1, blockSize), 100_000); this.fixedBlock = true }
    if ((values === undefined || (Array.isArray(values) && values.length === 0)) && this.outBinds.size > 0) {
      // bind_param_inout's value is the bound one when execute gets none
      const v: unknown[] = new Array(this.numParams).fill(null)
      for (const b of this.outBinds.values()) v[b.index] = b.value
      values = v
    }
    const ordered = orderValues(this.t, values, this.dbh.conn.style)
    const distinctTypes = types
    const perValue = this.dbh.conn.style === 'pg' ? distinctTypes : (distinctTypes !== undefined ? this.t.occurrences.map(o => distinctTypes[o] ?? null) : undefined)
    const args = ordered.map((v, i) => decodeValue(v, perValue?.[i]))
    const outBinds = [...this.outBinds.entries()].map(([name, b]) => ({ name, index: b.index, size: b.size, value: b.value }))
    const outcome = await this.dbh.run(c => c.exec(this.t.sql, args, { types: perValue, outBinds, positions: this.t.positions, occurrences: this.t.occurrences }))
    this.executed = true
    if (outcome.kind === 'rows') {
      this.source = outcome.source
      this.columns = outcome.source.columns
      this.exhausted = false
      this.dbh.active = this
      if (this.outBinds.size > 0) await this.outFromFirstRow()
      const store = new RowStore(this.columns.length, this.columns.map(c => c.kind).join(''), this.dbh.driver === 'SQLite')
      this.store = store
      if (this.dbh.caps.select_rows === 'count' && this.dbh.bufferBytes > 0) return await this.readWhole(store)
      // rows stream block by block, still through the packed store: encoded once, as they are read
      return { rows: -1, columns: this.columns }
    }
    this.columns = []
    if (outcome.out !== undefined) this.outValues = outcome.out
    return { rows: outcome.rows, columns: [] }
  }

  /**
   * Reads the whole result now, as DBD::Pg and DBD::mysql do at execute, so
   * execute and rows can say how many rows there are. Past the read-ahead
   * limit the rest streams, block by block, and the count is not known.
   */
  private async readWhole (store: RowStore): Promise<ExecuteInfo> {
    const limit = this.dbh.bufferBytes
    for (const r of this.buffer) store.push(r)
    this.buffer = []
    while (!this.exhausted) {
      if (store.bytes >= limit) return { rows: -1, columns: this.columns, streamed: { bytes: store.bytes, rows: store.rows } }
      // as many rows as should fit in what is left (from the width seen so far), so one read never overshoots far
      const perRow = store.rows > 0 ? Math.max(1, store.bytes / store.rows) : 64
      await this.fill(Math.min(50_000, Math.max(DEFAULT_BLOCK, Math.floor((limit - store.bytes) / perRow))))
    }
    await this.releaseSource()
    return { rows: store.rows, columns: this.columns }
  }

  /** Appends up to n more rows of the result to the store; fewer only at its end. */
  private async fill (n: number): Promise<void> {
    const store = this.store
    if (store === null) return
    await this.readSerial(n, 0, async src => {
      if (src.readInto !== undefined) return await src.readInto(store, n)
      const rows = await src.read(n)
      for (const r of rows) store.push(r)
      return rows.length
    }, k => k)
  }

  /** DBD::Pg's bind_param_inout: the first row's columns fill the bound parameters in placeholder order. */
  private async outFromFirstRow (): Promise<void> {
    this.compact()
    if (this.buffer.length === 0) this.buffer = await this.readSource(this.blockSize)
    const first = this.buffer[0]
    const binds = [...this.outBinds.entries()].sort((a, b) => a[1].index - b[1].index)
    this.outValues = {}
    binds.forEach(([name, b], i) => {
      const v = first === undefined ? null : first[i] ?? null
      this.outValues[name] = v
      this.outValues[name.replace(/^:/, '')] = v
      b.value = v
    })
  }

  /** Up to `max` rows as JavaScript arrays (default: the adaptive block size); done when nothing is left. */
  async fetch (max?: number): Promise<{ rows: unknown[][], done: boolean }> {
    const { rows, done } = await this.fetchBlock(max)
    return { rows: rowArrays(rows), done }
  }

  /** Up to `max` rows for the client: rows read ahead at execute stay packed. */
  async fetchBlock (max?: number): Promise<{ rows: Rows, done: boolean }> {
    this.compact()
    const store = this.store
    // rows already made JavaScript (a replayed or half-read block) go first
    if (store === null || this.buffer.length > 0) return await this.fetchBuffered(max)
    const want = max ?? this.blockRows(store)
    if (store.rows < want && this.filling !== null) await this.takeFilling()
    if (store.rows < want && !this.exhausted) await this.fill(want - store.rows)
    const rows = store.take(want)
    if (store.rows < this.blockRows(store) && !this.exhausted) this.readAhead()
    const done = this.isDone()
    if (done) await this.releaseSource()
    return { rows, done }
  }

  /** Rows a block should have: the caller's fixed size, or about TARGET_BLOCK_BYTES of rows as wide as the result's so far. */
  private blockRows (store: RowStore): number {
    if (this.fixedBlock || store.seenRows === 0) return this.blockSize
    return Math.max(DEFAULT_BLOCK, Math.min(MAX_BLOCK, Math.floor(TARGET_BLOCK_BYTES / Math.max(1, store.seenBytes / store.seenRows))))
  }

  /** Nothing is left to hand out, here or at the driver. */
  private isDone (): boolean {
    return this.buffer.length - this.bufPos <= 0 && this.filling === null && this.exhausted && (this.store === null || this.store.rows === 0)
  }

  /** Rows already made JavaScript (a replayed block, the rest of one fetch_row began) before the store's. */
  private async fetchBuffered (max?: number): Promise<{ rows: unknown[][], done: boolean }> {
    const want = max ?? this.blockSize
    let rows: unknown[][]
    if (this.buffer.length <= want) { rows = this.buffer; this.buffer = [] } else { rows = this.buffer.slice(0, want); this.buffer = this.buffer.slice(want) }
    if (this.buffer.length === 0 && (this.store === null || this.store.rows === 0) && !this.exhausted) this.readAhead()
    const done = this.isDone()
    if (done) await this.releaseSource()
    return { rows, done }
  }

  /** One row for fetch_row: served from the current block, so a row costs no driver round trip. */
  async fetchOne (): Promise<unknown[] | null> {
    if (this.buffer.length > 0 && this.bufPos < this.buffer.length) {
      const r = this.buffer[this.bufPos++]
      if (this.bufPos >= this.buffer.length) { this.buffer = []; this.bufPos = 0; if (!this.exhausted) this.readAhead() }
      return r
    }
    this.buffer = []
    this.bufPos = 0
    const { rows } = await this.fetch(this.blockSize)
    if (rows.length === 0) return null
    if (rows.length > 1) { this.buffer = rows; this.bufPos = 1 }
    return rows[0]
  }

  private bufPos = 0
  /** the block execute returned inline, kept until the next fetch (see replayInline) */
  inline: Rows | null = null

  /**
   * Seed callers (the User Guide loop, the old DBIHelper) ignore the block
   * execute returned and go on with fetch_row/fetch_all: when that is the
   * first fetch after execute, the inline rows are served again.
   */
  replayInline (): void {
    const rows = this.inline === null ? [] : rowArrays(this.inline)
    this.inline = null
    if (rows.length === 0) return
    this.compact()
    this.buffer = rows.concat(this.buffer)
  }

  private compact (): void {
    if (this.bufPos > 0) { this.buffer = this.buffer.slice(this.bufPos); this.bufPos = 0 }
  }

  private reads: Promise<unknown> = Promise.resolve()
  private fetches: Promise<unknown> = Promise.resolve()

  /** Runs fetch calls for this statement one at a time (a client may pipeline them). */
  async exclusive<T> (fn: () => Promise<T>): Promise<T> {
    const run = this.fetches.then(fn, fn)
    this.fetches = run.catch(() => undefined)
    return await run
  }

  /** Up to n rows as JavaScript arrays (bind_param_inout's first row); fewer only at the end. */
  private async readSource (n: number): Promise<unknown[][]> {
    return await this.readSerial(n, [], async src => await src.read(n), rows => rows.length)
  }

  private inRead = 0
  /** a driver read is in flight (the server may be busy computing the rows) */
  get reading (): boolean { return this.inRead > 0 }

  /** Driver reads never overlap (read-ahead, fetch and drain may all ask); a short one marks the end. */
  private async readSerial<T> (n: number, none: T, read: (src: RowSource) => Promise<T>, count: (got: T) => number): Promise<T> {
    const run = this.reads.then(async () => {
      const src = this.source
      if (this.exhausted || src === null) return none
      this.inRead++
      try {
        const got = await read(src)
        if (count(got) < n) this.exhausted = true
        return got
      } catch (e) {
        this.exhausted = true
        await this.releaseSource()
        throw e
      } finally {
        this.inRead--
      }
    })
    this.reads = run.catch(() => undefined)
    return await run
  }

  /** rows being read ahead into the store */
  private filling: Promise<void> | null = null

  /** Starts reading the next block so the daemon works while Perl unpacks the last one. */
  private readAhead (): void {
    const store = this.store
    if (store === null || this.source === null || this.dbh.busyElsewhere(this) || this.filling !== null) return
    // after this turn: the block just taken goes out to Perl before the daemon reads on (a SQLite
    // read is synchronous work that would otherwise hold the reply back for its whole length)
    const f = new Promise<void>(resolve => setImmediate(resolve)).then(async () => await this.fill(Math.max(1, this.blockRows(store) - store.rows)))
    f.catch(() => { /* surfaced by the next fetch */ })
    this.filling = f
  }

  private async takeFilling (): Promise<void> {
    const f = this.filling
    this.filling = null
    if (f !== null) await f
  }

  /** Reads everything left into the store so the connection is free for another statement. */
  async drain (): Promise<void> {
    await this.takeFilling()
    while (!this.exhausted && this.source !== null && this.store !== null) await this.fill(10_000)
    await this.releaseSource()
  }

  private async releaseSource (): Promise<void> {
    const src = this.source
    this.source = null
    this.exhausted = true
    if (this.dbh.active === this) this.dbh.active = null
    if (src !== null) await src.close()
  }

  /** Discards the rest of the result (DBI finish); the statement can run again. */
  async finish (): Promise<void> {
    try { await this.takeFilling() } catch { /* finishing anyway */ }
    this.buffer = []
    this.bufPos = 0
    this.inline = null
    this.store = null
    await this.releaseSource()
  }

  async close (): Promise<void> {
    if (this.closed) return
    // closing (session end, reap, disconnect) must not wait for the server to finish a slow result
    if (this.reading && this.dbh.conn.cancel !== undefined) { try { await this.dbh.conn.cancel() } catch { /* best effort */ } }
    await this.finish()
    this.closed = true
    this.dbh.statements.delete(this)
  }
}
