// Oracle through oracledb in Thin mode (no Instant Client needed). Thick
// mode, for servers that only have old 10G password verifiers (NJS-116 in
// Thin mode), is switched on with CPAN_BRIDGE_ORACLE_THICK=1 (and
// ORACLE_LIB_DIR for the Instant Client directory). No Oracle server runs in
// the test environment: the value/type/DSN/error mapping is unit-tested.
import { createHash } from 'node:crypto'
import type * as OracleDB from 'oracledb'
import { oracleError } from '../errors.js'
import type { PoolLimits } from '../pool.js'
import {
  TABLE_INFO_NAMES, COLUMN_INFO_NAMES, perlKind,
  type Column, type ConnectRequest, type DriverAdapter, type DriverConn, type ExecOptions, type ExecOutcome,
  type LastIdQuery, type MetaQuery, type MetaResult, type RowSource,
} from '../types.js'
import { DEFAULT_NLS_DATE_FORMAT, DEFAULT_NLS_TIMESTAMP_FORMAT, formatOracleDate, nlsChange, oracleIsBinary, oracleNumberText, oracleSqlType } from './oracle-types.js'

type Ora = typeof OracleDB
let mod: Ora | undefined
let thickTried: Error | null | undefined

/** Loads oracledb; with CPAN_BRIDGE_ORACLE_THICK=1 switches to Thick mode once (it cannot be undone in a process). */
export async function loadOracle (env: NodeJS.ProcessEnv = process.env): Promise<Ora> {
  mod ??= (await import('oracledb')).default
  if (env.CPAN_BRIDGE_ORACLE_THICK === '1' && thickTried === undefined) {
    try {
      mod.initOracleClient(env.ORACLE_LIB_DIR !== undefined && env.ORACLE_LIB_DIR !== '' ? { libDir: env.ORACLE_LIB_DIR } : {})
      thickTried = null
    } catch (e) {
      thickTried = e as Error
    }
  }
  if (thickTried !== undefined && thickTried !== null) throw oracleError(thickTried)
  return mod
}

interface Nls { date: string, timestamp: string }

/** oracledb fetchTypeHandler: every value as DBD::Oracle would hand it to Perl. */
export function fetchHandler (ora: Ora, nls: Nls): (meta: OracleDB.Metadata<unknown>) => OracleDB.FetchTypeResponse | undefined {
  return (meta) => {
    const t = meta.dbType
    if (t === ora.DB_TYPE_NUMBER || t === ora.DB_TYPE_BINARY_FLOAT || t === ora.DB_TYPE_BINARY_DOUBLE || t === ora.DB_TYPE_BINARY_INTEGER) {
      return { type: ora.STRING, converter: (v: unknown) => oracleNumberText(v as string | null) }
    }
    if (t === ora.DB_TYPE_DATE) return { converter: (v: unknown) => v instanceof Date ? formatOracleDate(v, nls.date) : v }
    if (t === ora.DB_TYPE_TIMESTAMP || t === ora.DB_TYPE_TIMESTAMP_LTZ || t === ora.DB_TYPE_TIMESTAMP_TZ) {
      return { converter: (v: unknown) => v instanceof Date ? formatOracleDate(v, nls.timestamp) : v }
    }
    if (t === ora.DB_TYPE_CLOB || t === ora.DB_TYPE_NCLOB) return { type: ora.STRING }
    if (t === ora.DB_TYPE_BLOB) return { type: ora.BUFFER }
    return undefined
  }
}

export function oracleColumn (m: OracleDB.Metadata<unknown>): Column {
  const name = m.dbTypeName ?? ''
  const type = oracleSqlType(name, m.precision, m.scale)
  return {
    name: m.name,
    type,
    nullable: m.nullable === false ? 0 : 1,
    precision: m.precision ?? m.byteSize ?? null,
    scale: m.scale ?? null,
    kind: oracleIsBinary(name) ? 'B' : 'S',
    // DBD::Oracle's TYPE is a code; the old bridge's column_info gave the name (VARCHAR2, NUMBER)
    typeName: name === '' ? null : name,
    perl: perlKind(type),
    chop: true,
  }
}

class OracleRows implements RowSource {
  constructor (readonly columns: Column[], private readonly rs: OracleDB.ResultSet<unknown[]>) {}
  async read (n: number): Promise<unknown[][]> {
    try { return await this.rs.getRows(n) } catch (e) { throw oracleError(e) }
  }

  async close (): Promise<void> { try { await this.rs.close() } catch { /* already closed */ } }
}

export class OracleConn implements DriverConn {
  readonly driver = 'Oracle' as const
  readonly style = 'oracle' as const
  readonly dialect = 'oracle' as const
  private txn = false
  private readonly nls: Nls = { date: DEFAULT_NLS_DATE_FORMAT, timestamp: DEFAULT_NLS_TIMESTAMP_FORMAT }
  constructor (private readonly ora: Ora, private readonly conn: OracleDB.Connection) {}

  async exec (sql: string, values: unknown[], opts: ExecOptions): Promise<ExecOutcome> {
    const outAt = new Map<number, { name: string, size: number }>()
    for (const o of opts.outBinds ?? []) {
      opts.occurrences?.forEach((d, k) => { if (d === o.index) outAt.set(k, { name: o.name, size: o.size }) })
    }
    const binds = values.map((v, k) => {
      const out = outAt.get(k)
      if (out !== undefined) return { dir: this.ora.BIND_INOUT, val: v ?? null, maxSize: out.size, type: this.ora.STRING }
      return v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v
    })
    let r: OracleDB.Result<unknown[]>
    try {
      r = await this.conn.execute<unknown[]>(sql, binds as OracleDB.BindParameters, {
        resultSet: true, outFormat: this.ora.OUT_FORMAT_ARRAY, autoCommit: !this.txn, fetchTypeHandler: fetchHandler(this.ora, this.nls),
      })
    } catch (e) { throw oracleError(e) }
    const nls = nlsChange(sql)
    if (nls !== null) Object.assign(this.nls, nls)
    if (r.resultSet !== undefined) return { kind: 'rows', source: new OracleRows((r.metaData ?? []).map(oracleColumn), r.resultSet) }
    const out: Record<string, unknown> = {}
    if (outAt.size > 0 && Array.isArray(r.outBinds)) {
      [...outAt.values()].forEach((o, j) => { const v = (r.outBinds as unknown[])[j]; out[o.name] = v; out[o.name.replace(/^:/, '')] = v })
    }
    return { kind: 'count', rows: r.rowsAffected ?? 0, out: outAt.size > 0 ? out : undefined }
  }

  async begin (): Promise<void> { this.txn = true }
  async commit (): Promise<void> { try { await this.conn.commit() } catch (e) { throw oracleError(e) } finally { this.txn = false } }
  async rollback (): Promise<void> { try { await this.conn.rollback() } catch (e) { throw oracleError(e) } finally { this.txn = false } }
  async ping (): Promise<boolean> { try { await this.conn.ping(); return true } catch { return false } }
  /** DBD::Oracle has no last_insert_id (use RETURNING INTO or the sequence's CURRVAL). */
  async lastInsertId (_q: LastIdQuery): Promise<string | null> { return null }

  private async rows (sql: string, binds: unknown[]): Promise<unknown[][]> {
    try {
      const r = await this.conn.execute<unknown[]>(sql, binds as OracleDB.BindParameters, { outFormat: this.ora.OUT_FORMAT_ARRAY, fetchTypeHandler: fetchHandler(this.ora, this.nls) })
      return r.rows ?? []
    } catch (e) { throw oracleError(e) }
  }

  async tableInfo (q: MetaQuery): Promise<MetaResult> {
    const rows = await this.rows(`SELECT NULL, owner, table_name, table_type, comments FROM all_tab_comments
      WHERE owner LIKE :1 AND table_name LIKE :2 ORDER BY table_type, owner, table_name`, [q.schema ?? '%', q.table ?? '%'])
    return { names: TABLE_INFO_NAMES, rows }
  }

  async columnInfo (q: MetaQuery): Promise<MetaResult> {
    const rows = await this.rows(`SELECT NULL, owner, table_name, column_name, data_type, data_type, NVL(data_precision, char_length), data_length,
        data_scale, 10, DECODE(nullable, 'Y', 1, 0), NULL, NULL, NULL, NULL, char_length, column_id, DECODE(nullable, 'Y', 'YES', 'NO')
      FROM all_tab_columns WHERE owner LIKE :1 AND table_name LIKE :2 AND column_name LIKE :3 ORDER BY owner, table_name, column_id`,
    [q.schema ?? '%', q.table ?? '%', q.column ?? '%'])
    return { names: COLUMN_INFO_NAMES, rows: rows.map(r => { const o = [...r]; o[4] = String(oracleSqlType(String(r[4]).replace(/\(.*$/, ''))); return o }) }
  }

  async release (destroy: boolean): Promise<void> {
    try { if (!destroy) await this.conn.rollback() } catch { destroy = true }
    try { await this.conn.close({ drop: destroy }) } catch { /* gone */ }
  }
}

export class OracleAdapter implements DriverAdapter {
  private readonly pools = new Map<string, Promise<OracleDB.Pool>>()

  constructor (private readonly limits: PoolLimits) {}

  async connect (req: ConnectRequest): Promise<DriverConn> {
    const ora = await loadOracle()
    const connectString = req.dsn.connectString ?? ''
    const key = JSON.stringify([connectString, req.user, createHash('sha256').update(req.password).digest('hex')])
    let pool = this.pools.get(key)
    if (pool === undefined) {
      const made = ora.createPool({ user: req.user, password: req.password, connectString, poolMin: 0, poolMax: this.limits.max, poolIncrement: 1, poolTimeout: 60, queueTimeout: this.limits.waitMs })
      this.pools.set(key, made)
      made.catch(() => this.pools.delete(key))
      pool = made
    }
    try {
      const conn = await (await pool).getConnection()
      return new OracleConn(ora, conn)
    } catch (e) {
      throw oracleError(e)
    }
  }

  async end (): Promise<void> {
    const pools = [...this.pools.values()]
    this.pools.clear()
    await Promise.all(pools.map(async p => { try { await (await p).close(0) } catch { /* ended */ } }))
  }
}
