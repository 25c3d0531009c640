// The less common DBI calls: execute_array, last_insert_id, table/column
// info, OUT parameters.
import { BackendError, BRIDGE_ERR_INVALID_PARAMS, type BridgeError } from '../../src/errors.js'
import type { DbHandle } from './connection.js'
import { Statement } from './statement.js'
import type { LastIdQuery, MetaQuery, MetaResult } from './types.js'
import { Table } from '../../src/packed.js'
import { BindCountError } from './errors.js'

type TupleStatus = number | { err: unknown, errstr: string, state: unknown }

function statusOf (e: unknown): TupleStatus {
  const be = e as BridgeError
  const data = (be.data ?? {}) as Record<string, unknown>
  return { err: data.err ?? data.backend_code ?? -1, errstr: be.message, state: data.state ?? 'HY000' }
}

/**
 * All tuples in one call. With AutoCommit on, the batch runs in one
 * transaction (fast); if a tuple fails, that is rolled back and the batch is
 * replayed tuple by tuple so the outcome is exactly DBI's (the good tuples
 * committed, each failure in tuple_status).
 */
export async function executeArray (sth: Statement, tuples: unknown[][], types: Array<number | null> | undefined): Promise<{ rows_affected: number, tuple_status: TupleStatus[] }> {
  const dbh = sth.dbh
  const one = async (row: unknown[]): Promise<number> => {
    const info = await sth.execute(row, types, undefined)
    if (sth.columns.length > 0) await sth.finish()
    return info.rows
  }
  const loose = async (): Promise<{ rows_affected: number, tuple_status: TupleStatus[] }> => {
    const status: TupleStatus[] = []
    let total = 0
    for (const row of tuples) {
      try { const n = await one(row); status.push(n); if (n > 0) total += n } catch (e) { status.push(statusOf(e)) }
    }
    return { rows_affected: total, tuple_status: status }
  }
  if (!dbh.autocommit || dbh.inTxn || tuples.length < 2) return await loose()
  await dbh.begin()
  const status: TupleStatus[] = []
  let total = 0
  try {
    const multi = multiRowInsert(sth)
    if (multi !== null) {
      for (const [start, end] of batches(tuples, sth.numParams)) {
        const k = end - start
        const values: unknown[] = []
        for (let i = start; i < end; i++) {
          const row = tuples[i]
          if (row.length !== sth.numParams) throw new BindCountError(`params.rows[${i}]`, row.length, sth.numParams)
          for (const v of row) values.push(v)
        }
        const batch = new Statement(dbh, multi.prefix + Array(k).fill(multi.tuple).join(', '))
        try {
          const n = (await batch.execute(values, types === undefined ? undefined : Array.from({ length: k }, () => types).flat(), undefined)).rows
          // one row per tuple, unless something (a trigger, a rule) changed the count
          for (let i = 0; i < k; i++) status.push(n === k ? 1 : -1)
          if (n > 0) total += n
        } finally { await batch.close() }
      }
    } else {
      for (const row of tuples) { const n = await one(row); status.push(n); if (n > 0) total += n }
    }
  } catch (e) {
    if (e instanceof BRIDGE_ERR_INVALID_PARAMS) { await dbh.rollback(); throw e }
    await dbh.rollback()
    return await loose()
  }
  await dbh.commit()
  return { rows_affected: total, tuple_status: status }
}

/** `INSERT INTO t (...) VALUES (?, ?, ?)` and nothing after: batches go as one multi-row INSERT. */
function multiRowInsert (sth: Statement): { prefix: string, tuple: string } | null {
  const d = sth.dbh.driver
  if (d !== 'Pg' && d !== 'mysql' && d !== 'MariaDB') return null
  if (sth.numParams === 0 || sth.t.params.some(p => p !== null)) return null
  const m = /^(\s*INSERT\s+INTO\s+[A-Za-z0-9_."`$]+\s*(?:\([^()'"`]*\))?\s*VALUES\s*)(\([^()'"`;:$]*\))\s*;?\s*$/i.exec(sth.sql)
  if (m === null) return null
  if ((m[2].match(/\?/g) ?? []).length !== sth.numParams) return null
  return { prefix: m[1], tuple: m[2] }
}

/** Row ranges of at most 1000 tuples, ~4 MB of values and pg's 65535 parameters each. */
function * batches (tuples: unknown[][], perRow: number): Generator<[number, number]> {
  const maxRows = Math.max(1, Math.min(1000, Math.floor(65535 / perRow)))
  let start = 0
  while (start < tuples.length) {
    let end = start
    let bytes = 0
    while (end < tuples.length && end - start < maxRows && bytes < 4 * 1024 * 1024) {
      for (const v of tuples[end]) bytes += typeof v === 'string' ? v.length : Buffer.isBuffer(v) ? v.length : 16
      end++
    }
    yield [start, end]
    start = end
  }
}

export async function lastInsertId (dbh: DbHandle, q: LastIdQuery): Promise<string | null> {
  return await dbh.run(c => c.lastInsertId(q))
}

export async function metaInfo (dbh: DbHandle, what: 'table' | 'column', q: MetaQuery): Promise<{ names: string[], rows: Table }> {
  const fn = what === 'table' ? dbh.conn.tableInfo : dbh.conn.columnInfo
  if (fn === undefined) throw new BackendError(`${what}_info is not supported for ${dbh.driver}`, null, { state: 'IM001', err: -1 })
  const r: MetaResult = await dbh.run(c => fn.call(c, q))
  return { names: r.names, rows: new Table(r.rows, r.names.length) }
}

export function bindInout (sth: Statement, name: string, initial: unknown, size: number): { ok: boolean, message: string } {
  const d = sth.dbh.driver
  if (d !== 'Pg' && d !== 'Oracle') {
    throw new BackendError(`bind_param_inout is not supported by DBD::${d === 'MariaDB' ? 'MariaDB' : d === 'mysql' ? 'mysql' : 'SQLite'}: use a SELECT that returns the values`, null, { state: 'IM001', err: -1 })
  }
  const key = name.replace(/^[:$]/, '')
  const index = /^\d+$/.test(key) ? Number(key) - 1 : sth.t.params.indexOf(key)
  if (index < 0 || index >= sth.numParams) throw new BRIDGE_ERR_INVALID_PARAMS('params.param_name', `no placeholder ${name} in the statement`)
  sth.outBinds.set(name, { value: initial, size, index })
  return { ok: true, message: `OUT/INOUT parameter ${name} bound` }
}
