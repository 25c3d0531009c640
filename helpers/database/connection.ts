// A dbh: one checked-out driver connection, its AutoCommit/transaction state
// and its statements. Calls on one dbh run one at a time; a statement that
// needs the wire while another's result is still streaming first drains that
// result into memory (drivers allow one active result per connection).
import type { DriverConn } from './types.js'
import type { Statement } from './statement.js'
import type { DriverName } from './dsn.js'
import type { Capabilities } from './capabilities.js'
import { BackendError } from '../../src/errors.js'

export class DbHandle {
  autocommit: boolean
  /** a transaction is open on the server (BEGIN sent, no COMMIT/ROLLBACK since) */
  inTxn = false
  /** the statement whose result currently occupies the connection */
  active: Statement | null = null
  readonly statements = new Set<Statement>()
  closed = false
  /** how much of a result execute reads ahead to know its row count (CPAN_BRIDGE_DB_BUFFER_MB; 0: none) */
  bufferBytes = 0
  private queue: Promise<unknown> = Promise.resolve()

  constructor (readonly conn: DriverConn, readonly driver: DriverName, readonly caps: Capabilities, autocommit: boolean) {
    this.autocommit = autocommit
  }

  /** Another statement's result streams on this connection. */
  busyElsewhere (s: Statement): boolean { return this.active !== null && this.active !== s }

  /** Serialises work on the connection. */
  private running = 0

  private async serial<T> (fn: () => Promise<T>): Promise<T> {
    const counted = async (): Promise<T> => { this.running++; try { return await fn() } finally { this.running-- } }
    const run = this.queue.then(counted, counted)
    this.queue = run.catch(() => undefined)
    return await run
  }

  private async quiesce (): Promise<void> {
    const a = this.active
    if (a !== null) await a.drain()
  }

  /** Runs a statement's driver call, opening the implicit transaction when AutoCommit is off. */
  async run<T> (fn: (c: DriverConn) => Promise<T>): Promise<T> {
    this.assertOpen()
    return await this.serial(async () => {
      await this.quiesce()
      if (!this.autocommit && !this.inTxn) { await this.conn.begin(); this.inTxn = true }
      return await fn(this.conn)
    })
  }

  /** begin_work: a transaction until the next commit/rollback, then AutoCommit again. */
  async begin (): Promise<void> {
    this.assertOpen()
    await this.serial(async () => {
      await this.quiesce()
      if (this.inTxn) return
      await this.conn.begin()
      this.inTxn = true
      this.autocommit = false
      this.restoreAutocommit = true
    })
  }

  private restoreAutocommit = false

  async commit (): Promise<void> { await this.end(true) }
  async rollback (): Promise<void> { await this.end(false) }

  private async end (commit: boolean): Promise<void> {
    this.assertOpen()
    await this.serial(async () => {
      await this.quiesce()
      try {
        if (this.inTxn) { if (commit) await this.conn.commit(); else await this.conn.rollback() }
      } finally {
        this.inTxn = false
        if (this.restoreAutocommit) { this.autocommit = true; this.restoreAutocommit = false }
      }
    })
  }

  async setAutoCommit (on: boolean): Promise<void> {
    if (on && this.inTxn) await this.commit()
    this.autocommit = on
    this.restoreAutocommit = false
  }

  async ping (): Promise<boolean> {
    if (this.closed) return false
    return await this.serial(async () => {
      if (this.active !== null) return true
      try { return await this.conn.ping() } catch { return false }
    })
  }

  private assertOpen (): void {
    if (this.closed) throw new BackendError('Database handle is disconnected', null, { state: '08003', err: -1 })
  }

  /** Closes statements, rolls back an open transaction, returns the connection to the pool. */
  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    let broken = false
    if ((this.running > 0 || [...this.statements].some(st => st.reading)) && this.conn.cancel !== undefined) {
      // a session that ends (or an idle reap) must not wait out a long query: cancel it, then give it a moment
      try { await this.conn.cancel() } catch { /* best effort */ }
      let timer: NodeJS.Timeout | undefined
      const late = await Promise.race([this.queue.then(() => false), new Promise<boolean>(resolve => { timer = setTimeout(() => resolve(true), 10_000); timer.unref() })])
      clearTimeout(timer)
      if (late) broken = true
    } else {
      await this.queue
    }
    if (!broken) {
      for (const s of [...this.statements]) { try { await s.close() } catch { broken = true } }
      if (this.inTxn) { try { await this.conn.rollback() } catch { broken = true } }
    }
    this.inTxn = false
    await this.conn.release(broken)
  }
}
