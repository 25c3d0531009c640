// The driver adapters, created on first use (heavy libraries load lazily so
// the daemon listens within a second). Server drivers keep one bounded pool
// per (driver, dsn, user, password); SQLite opens its file per connect.
import type { DriverName } from './dsn.js'
import type { DriverAdapter } from './types.js'

/** Connections per pool (CPAN_BRIDGE_DB_POOL_MAX); a connect beyond that waits up to waitMs (CPAN_BRIDGE_DB_POOL_WAIT_MS). */
export interface PoolLimits { max: number, waitMs: number }

export class Adapters {
  private readonly made = new Map<string, Promise<DriverAdapter>>()

  constructor (private readonly limits: PoolLimits) {}

  async get (driver: DriverName): Promise<DriverAdapter> {
    const key = driver === 'MariaDB' ? 'mysql' : driver
    let a = this.made.get(key)
    if (a === undefined) {
      a = this.create(driver)
      this.made.set(key, a)
      a.catch(() => this.made.delete(key))
    }
    return await a
  }

  private async create (driver: DriverName): Promise<DriverAdapter> {
    switch (driver) {
      case 'SQLite': return new (await import('./adapters/sqlite.js')).SqliteAdapter()
      case 'Pg': return new (await import('./adapters/pg.js')).PgAdapter(this.limits)
      case 'mysql': case 'MariaDB': return new (await import('./adapters/mysql.js')).MysqlAdapter(this.limits)
      case 'Oracle': return new (await import('./adapters/oracle.js')).OracleAdapter(this.limits)
    }
  }

  async endAll (): Promise<void> {
    const all = [...this.made.values()]
    this.made.clear()
    // a pool whose connection is still borrowed would wait forever: bound it
    const ending = Promise.all(all.map(async a => { try { await (await a).end() } catch { /* shutting down */ } }))
    let timer: NodeJS.Timeout | undefined
    await Promise.race([ending, new Promise(resolve => { timer = setTimeout(resolve, 5000); timer.unref() })])
    clearTimeout(timer)
  }
}
