// Param schemas and small helpers of the database.* method table.
import { Type } from '@sinclair/typebox'
import { PackedTable, Table } from '../../src/packed.js'
import { Statement, type Rows } from './statement.js'
import type { DbHandle } from './connection.js'

export const Id = Type.String({ minLength: 1, maxLength: 200 })
/** a catalog, schema, table or column name; null or absent: any */
export const MaybeName = Type.Optional(Type.Union([Type.String(), Type.Null()]))
export const Values = Type.Union([Type.Array(Type.Unknown()), Type.Record(Type.String(), Type.Unknown())])
export const Types = Type.Array(Type.Union([Type.Integer(), Type.Null()]))
export const Attr = Type.Record(Type.String(), Type.Unknown())
export const Format = Type.Union([Type.Literal('array'), Type.Literal('hash')])
export const BlockSize = Type.Integer({ minimum: 1, maximum: 100_000 })

export const ConnectParams = Type.Object({
  dsn: Type.String({ minLength: 1, maxLength: 4000 }),
  username: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  password: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  attr: Type.Optional(Attr),
  options: Type.Optional(Attr),
  db_type: Type.Optional(Type.String()),
  auth_mode: Type.Optional(Type.String()),
})

export const ExecParams = Type.Object({
  statement_id: Type.Optional(Id),
  connection_id: Type.Optional(Id),
  sql: Type.Optional(Type.String({ minLength: 1 })),
  bind_values: Type.Optional(Values),
  params: Type.Optional(Values),
  bind_params: Type.Optional(Type.Unknown()),
  bind_types: Type.Optional(Types),
  block_size: Type.Optional(BlockSize),
  format: Type.Optional(Format),
  column_info: Type.Optional(Type.Boolean({ description: 'false leaves out `column_info`, the old helper\'s description of the columns, and `rows_affected` (the DBI facade reads names, types, precision... and rows instead); default true' })),
  once: Type.Optional(Type.Boolean({ description: 'with connection_id and sql: the statement runs once (selectrow_*): when its whole result fits this reply it is closed at once and statement_id is null; with column_info false the reply leaves out types, type_names, nullable, precision and scale' })),
})

export const Conn = Type.Object({ connection_id: Type.Optional(Id) })

export function truthy (v: unknown, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt
  if (typeof v === 'string') return v !== '' && v !== '0'
  return Boolean(v)
}

function kinds (s: Statement, rows: unknown[][]): string {
  let k = ''
  s.columns.forEach((c, i) => {
    let kind = c.kind
    // SQLite columns are dynamically typed: a BLOB can sit in a TEXT column
    if (kind === 'S' && s.dbh.driver === 'SQLite') for (const r of rows) if (Buffer.isBuffer(r[i])) { kind = 'B'; break }
    k += kind
  })
  return k
}

export const block = (s: Statement, rows: Rows): Table | PackedTable => rows instanceof PackedTable ? rows : new Table(rows, s.columns.length, kinds(s, rows))

export function asHash (s: Statement, row: unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  s.columns.forEach((c, i) => { Object.defineProperty(o, c.name, { value: row[i], enumerable: true, writable: true, configurable: true }) })
  return o
}

export function bindParamsValues (bp: unknown): unknown[] | Record<string, unknown> | undefined {
  if (bp === null || typeof bp !== 'object' || Array.isArray(bp)) return undefined
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(bp as Record<string, unknown>)) {
    out[k] = v !== null && typeof v === 'object' && 'value' in (v as object) ? (v as { value: unknown }).value : v
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/** DBI do(): affected rows; a statement that returns rows counts them where the DBD does (capabilities.do_counts_rows). */
export async function doStatement (dbh: DbHandle, sql: string, values: unknown[] | Record<string, unknown> | undefined, types: Array<number | null> | undefined): Promise<number> {
  const sth = new Statement(dbh, sql)
  try {
    const info = await sth.execute(values, types, undefined)
    if (sth.columns.length === 0) return info.rows
    if (!dbh.caps.do_counts_rows) return 0
    let n = 0
    for (;;) { const { rows, done } = await sth.fetch(); n += rows.length; if (done) break }
    return n
  } finally { await sth.close() }
}
