// A statement over pg's extended protocol on the unnamed portal: Parse (unless
// the connection has it prepared already), Bind, Describe and an Execute with
// a row limit go out in one write, so a statement whose result fits that limit
// costs one round trip to the server, as with DBD::Pg; a bigger result goes on
// block by block with more Executes, so a 10M-row SELECT never sits in memory.
// pg's client queues other queries behind it until the portal is done (the
// DbHandle drains it first when needed).
import { EventEmitter } from 'node:events'
import { SQL, perlKind, type Column } from '../types.js'
import type { RowStore } from '../row-store.js'
import { RawDataRow } from './pg-raw-rows.js'

/** pg Connection methods used here (pg's own typings do not expose them). */
export interface PgWire {
  parse (m: { text: string, name?: string, types?: number[] }): void
  bind (m: { portal?: string, statement?: string, values: unknown[] }): void
  describe (m: { type: 'P' | 'S', name?: string }): void
  execute (m: { portal?: string, rows?: number }): void
  close (m: { type: 'P' | 'S', name?: string }): void
  flush (): void
  sync (): void
  stream?: { cork (): void, uncork (): void }
  sendCopyFail (msg: string): void
  once (ev: string, fn: (...a: unknown[]) => void): void
  removeListener (ev: string, fn: (...a: unknown[]) => void): void
}

interface Field { name: string, dataTypeID: number, dataTypeSize: number, dataTypeModifier: number }

/** OID -> DBI type code, as DBD::Pg 3.16 reports them (measured against the real driver). */
const PG_TYPES: Record<number, number> = {
  16: SQL.BOOLEAN, 17: SQL.VARBINARY, 18: SQL.CHAR, 19: SQL.VARCHAR, 20: SQL.BIGINT, 21: SQL.SMALLINT, 23: SQL.INTEGER,
  25: SQL.LONGVARCHAR, 701: SQL.FLOAT, 1042: SQL.CHAR, 1043: SQL.VARCHAR, 1082: SQL.TYPE_DATE, 1083: SQL.TYPE_TIME,
  1114: SQL.TIMESTAMP, 1184: SQL.TYPE_TIMESTAMP_TZ, 1700: SQL.NUMERIC,
}

export function pgColumn (f: Field): Column {
  const mod = f.dataTypeModifier
  const numeric = f.dataTypeID === 1700
  const precision = f.dataTypeSize > 0 ? f.dataTypeSize : mod > 0 ? (numeric ? (mod - 4) >> 16 : mod) : null
  const scale = numeric ? (mod - 4) & 0xffff : null
  const type = PG_TYPES[f.dataTypeID] ?? SQL.UNKNOWN
  const bytea = f.dataTypeID === 17
  // DBD::Pg: text as character strings (pg_enable_utf8), bytea as bytes; ChopBlanks trims CHAR(n) only
  return { name: f.name, type, nullable: 2, precision, scale, kind: bytea ? 'B' : 'S', perl: perlKind(type, bytea ? 'S' : 'C'), chop: type === SQL.CHAR }
}

/** Server text -> what DBD::Pg hands Perl: bool 1/0, bytea as bytes, everything else the text itself. */
function converter (oid: number): ((s: string) => unknown) | null {
  if (oid === 16) return s => (s === 't' ? '1' : '0')
  if (oid === 17) return s => (s.startsWith('\\x') ? Buffer.from(s.slice(2), 'hex') : Buffer.from(s, 'latin1'))
  return null
}

type Waiter = { want: number, resolve: () => void, reject: (e: unknown) => void }

/** Rows the first Execute asks for: a lookup's result arrives with its statement's one round trip. */
export const FIRST_ROWS = 500

/** Which server-side statement to use: `name` '' is the unnamed one; `parse` false when the connection has it. */
export interface Prepared {
  name: string
  parse: boolean
  /** the server has parsed it (its first reply that is not an error came) */
  onParsed?: () => void
  /** statements to deallocate first (the connection's cache let them go) */
  close?: string[]
  /** it gave no rows last time: Execute without a limit and Sync go with it */
  count?: boolean
}

export class PgCursor extends EventEmitter {
  columns: Column[] = []
  /** affected rows from CommandComplete (`INSERT 0 3` -> 3) */
  rowCount = 0
  command = ''
  private con: PgWire | null = null
  private rows: unknown[][] = []
  /** where rows go once the statement reads into a packed store, and how many went there since the last read */
  private store: RowStore | null = null
  private stored = 0
  private convert: Array<((s: string) => unknown) | null> = []
  /** per column for raw rows: 0 as sent, 1 boolean, 2 bytea (RowStore.pushDataRow) */
  private rawConv = new Uint8Array(0)
  private plain = false
  private waiter: Waiter | null = null
  private described: { resolve: (kind: 'rows' | 'count') => void, reject: (e: unknown) => void } | null = null
  private finished = false
  private syncing = false
  /** an Execute is out and its PortalSuspended / CommandComplete has not come */
  private executing = false
  private discard = false
  private failure: { err: unknown } | null = null
  // no rows to stream: the Execute already sent runs it to the end (a row limit only limits rows)
  private readonly noData = (): void => { this.con?.removeListener('rowDescription', this.onDesc); this.parsed() }

  private readonly onDesc = (): void => { this.con?.removeListener('noData', this.noData) }

  readonly ready: Promise<'rows' | 'count'>
  private doneResolve!: () => void
  readonly done: Promise<void>

  constructor (private readonly text: string, private readonly values: unknown[], private readonly prepared: Prepared = { name: '', parse: true }) {
    super()
    this.ready = new Promise((resolve, reject) => { this.described = { resolve, reject } })
    this.ready.catch(() => undefined)
    this.done = new Promise(resolve => { this.doneResolve = resolve })
  }

  submit (con: PgWire): void {
    this.con = con
    const p = this.prepared
    // one write, one packet: the messages of a statement travel together
    con.stream?.cork()
    for (const name of p.close ?? []) con.close({ type: 'S', name })
    if (p.parse) con.parse({ text: this.text, name: p.name, types: [] })
    con.bind({ portal: '', statement: p.name, values: this.values })
    con.describe({ type: 'P', name: '' })
    if (p.count === true) {
      // nothing to suspend: it runs to its end and the Sync commits it, in the same round trip
      con.execute({ portal: '', rows: 0 })
      con.sync()
      this.syncing = true
    } else {
      con.execute({ portal: '', rows: FIRST_ROWS })
      con.flush()
    }
    con.stream?.uncork()
    this.executing = true
    con.once('noData', this.noData)
    con.once('rowDescription', this.onDesc)
  }

  private parsed (): void {
    const f = this.prepared.onParsed
    this.prepared.onParsed = undefined
    f?.()
  }

  handleRowDescription (msg: { fields: Field[] }): void {
    this.parsed()
    this.columns = msg.fields.map(pgColumn)
    this.convert = msg.fields.map(f => converter(f.dataTypeID))
    this.rawConv = Uint8Array.from(msg.fields.map(f => f.dataTypeID === 16 ? 1 : f.dataTypeID === 17 ? 2 : 0))
    this.plain = this.convert.every(c => c === null)
    this.described?.resolve('rows')
    this.described = null
  }

  handleDataRow (msg: { fields: Array<string | null> }): void {
    if (this.discard) return
    if (this.store !== null) {
      // the protocol's bytes straight into the packed form: no JavaScript strings. This runs inside
      // pg's socket handler: a row that does not fit fails the statement, never the daemon
      try {
        if (msg instanceof RawDataRow) this.store.pushDataRow(msg.bytes, msg.offset, this.rawConv)
        else this.store.push(this.converted(msg.fields))
        this.stored++
      } catch (e) {
        this.discard = true
        if (this.waiter !== null) { const w = this.waiter; this.waiter = null; w.reject(e) } else this.failure = { err: e }
      }
      return
    }
    const f = msg.fields
    // pg-protocol builds a fresh array per row: keep it when no column needs converting (one allocation less per row)
    if (this.plain) { this.rows.push(f); return }
    const conv = this.convert
    const row = new Array<unknown>(f.length)
    for (let i = 0; i < f.length; i++) {
      const v = f[i]
      const c = conv[i]
      row[i] = v === null || c === null ? v : c(v)
    }
    this.rows.push(row)
  }

  private converted (f: Array<string | null>): unknown[] {
    if (this.plain) return f
    return f.map((v, i) => { const c = this.convert[i]; return v === null || c === null ? v : c(v) })
  }

  /** Rows come in since the last read. */
  private get pendingRows (): number { return this.store !== null ? this.stored : this.rows.length }

  handlePortalSuspended (): void {
    this.executing = false
    const w = this.waiter
    // a read that wants more than the Execute brought (the first one went with the statement) asks for the rest
    if (w !== null && this.pendingRows < w.want && this.con !== null) {
      this.executing = true
      this.con.execute({ portal: '', rows: w.want - this.pendingRows })
      this.con.flush()
      return
    }
    this.deliver()
  }

  handleCommandComplete (msg: { text?: string, command?: string, rowCount?: number | null }): void {
    this.parsed()
    const text = msg.text ?? ''
    this.command = msg.command ?? text.split(' ')[0]
    const m = /(\d+)$/.exec(text)
    this.rowCount = msg.rowCount ?? (m !== null ? Number(m[1]) : 0)
    this.finished = true
    this.executing = false
    if (!this.syncing) { this.con?.sync(); this.syncing = true }
    // the rows are all here: they need not wait for the Sync's ReadyForQuery
    this.deliver()
  }

  handleEmptyQuery (): void {
    this.parsed()
    if (!this.syncing) { this.con?.sync(); this.syncing = true }
  }

  handleReadyForQuery (): void {
    this.finished = true
    this.described?.resolve('count')
    this.described = null
    this.deliver()
    this.doneResolve()
  }

  handleError (err: unknown): void {
    this.finished = true
    this.con?.removeListener('noData', this.noData)
    this.con?.removeListener('rowDescription', this.onDesc)
    const wasSyncing = this.syncing
    this.syncing = true
    // the client has dropped us as its active query; Sync brings the server back to ReadyForQuery
    if (!wasSyncing) this.con?.sync()
    if (this.described !== null) { this.described.reject(err); this.described = null }
    // the first Execute went with the statement: its error may come before anyone reads
    if (this.waiter !== null) { const w = this.waiter; this.waiter = null; w.reject(err) } else this.failure = { err }
    this.rows = []
    this.doneResolve()
  }

  handleCopyInResponse (): void { this.con?.sendCopyFail('COPY FROM STDIN is not supported through the bridge') }
  handleCopyData (): void {}

  private deliver (): void {
    const w = this.waiter
    if (w === null) return
    this.waiter = null
    w.resolve()
  }

  /**
   * The rows of the Execute that is out (the first one goes with the
   * statement), or of a new one for n more; an empty array once the portal
   * is exhausted. May return more than n (what the first Execute brought).
   */
  async read (n: number): Promise<unknown[][]> {
    await this.until(n)
    const r = this.rows
    this.rows = []
    return r
  }

  /** The same into a packed store, which the rest of the result then goes to; returns how many rows came. */
  async readInto (store: RowStore, n: number): Promise<number> {
    if (this.store !== store) {
      this.store = store
      for (const r of this.rows) store.push(r)
      this.stored += this.rows.length
      this.rows = []
    }
    await this.until(n)
    const k = this.stored
    this.stored = 0
    return k
  }

  /** Waits until n rows came since the last read, or the portal is suspended with them, or the result ended. */
  private async until (n: number): Promise<void> {
    if (this.failure !== null) { const f = this.failure; this.failure = null; throw f.err }
    if (this.finished || (!this.executing && this.pendingRows >= n)) return
    if (this.waiter !== null) throw new Error('pg cursor: overlapping reads')
    await new Promise<void>((resolve, reject) => {
      this.waiter = { want: n, resolve, reject }
      if (!this.executing) {
        // fewer than n only at the end: ask for the rest of n
        this.executing = true
        this.con?.execute({ portal: '', rows: n - this.pendingRows })
        this.con?.flush()
      }
    })
  }

  /**
   * Closes the portal and ends the implicit transaction so the connection is
   * free. A finished statement has sent its Sync: the next query waits for
   * the ReadyForQuery in pg's queue, this one need not.
   */
  async close (): Promise<void> {
    this.rows = []
    this.discard = true
    if (this.finished && this.syncing) return
    if (!this.syncing && this.con !== null) {
      this.syncing = true
      this.con.close({ type: 'P', name: '' })
      this.con.sync()
    }
    await this.done
  }
}
