// What the old bridge's scripts read besides DBI's own values: the column
// description of execute results (type names, one record a column), the
// `columns` list of column_info, and connect_cached's key as DBI makes it.
import { Type, type Static } from '@sinclair/typebox'
import { SQL, type Column } from './types.js'
import type { DriverName } from './dsn.js'

/** DBI's TYPE_NAME for its SQL type codes, for drivers that do not name their columns' types. */
const SQL_TYPE_NAMES = new Map<number, string>(Object.entries(SQL).map(([name, code]) => [code, name.replace(/^TYPE_/, '').replace(/_TZ$/, ' WITH TIME ZONE')]))
SQL_TYPE_NAMES.set(SQL.DOUBLE, 'DOUBLE PRECISION')

export function typeNameOf (c: Column): string {
  return c.typeName ?? SQL_TYPE_NAMES.get(c.type) ?? 'UNKNOWN'
}

export const ColumnInfo = Type.Object({
  count: Type.Integer(),
  names: Type.Array(Type.String()),
  types: Type.Array(Type.String({ description: 'type names (VARCHAR2, NUMBER, INTEGER, ...), as the old bridge gave them' })),
  type_codes: Type.Array(Type.Integer({ description: 'DBI SQL type codes' })),
  columns: Type.Array(Type.Object({
    name: Type.String(),
    type: Type.String(),
    type_code: Type.Integer(),
    display_size: Type.Union([Type.Integer(), Type.Null()]),
    internal_size: Type.Union([Type.Integer(), Type.Null()]),
    precision: Type.Union([Type.Integer(), Type.Null()]),
    scale: Type.Union([Type.Integer(), Type.Null()]),
    nullable: Type.Union([Type.Integer(), Type.Null()]),
  })),
})

/**
 * execute's and execute_immediate's `column_info`, in the old helper's shape
 * (`_extract_column_metadata`): `types` are type names; `columns` one record
 * a column. `nullable` is 1/0, null where the driver cannot tell (DBI's 2).
 */
export function columnInfo (cols: readonly Column[], driver: DriverName): Static<typeof ColumnInfo> {
  // the old helper (Oracle) had internal_size for character columns and precision for numbers; precision is both here
  const chars = driver === 'Oracle'
  return {
    count: cols.length,
    names: cols.map(c => c.name),
    types: cols.map(typeNameOf),
    type_codes: cols.map(c => c.type),
    columns: cols.map(c => ({
      name: c.name,
      type: typeNameOf(c),
      type_code: c.type,
      display_size: null,
      internal_size: chars || c.precision === null ? c.precision : null,
      precision: c.precision,
      scale: c.scale,
      nullable: c.nullable === 2 ? null : c.nullable,
    })),
  }
}

const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}

/** column_info's rows (DBI's columns COLUMN_NAME, TYPE_NAME, COLUMN_SIZE, DECIMAL_DIGITS, NULLABLE) as one record a column. */
export function metaColumns (names: readonly string[], rows: readonly unknown[][]): Array<Record<string, unknown>> {
  const at = (n: string): number => names.indexOf(n)
  const [name, type, size, digits, nullable] = ['COLUMN_NAME', 'TYPE_NAME', 'COLUMN_SIZE', 'DECIMAL_DIGITS', 'NULLABLE'].map(at)
  return rows.map(r => {
    const nl = num(r[nullable])
    return {
      name: r[name],
      type: r[type],
      precision: num(r[size]),
      scale: num(r[digits]),
      nullable: nl === 2 ? null : nl,
    }
  })
}

/** A value as Perl stringifies it, so 1, '1' and true are one key (0, '0' and false another). */
function perlString (v: unknown): string {
  if (v === null || v === undefined) return 'undef'
  if (v === true) return "'1'"
  if (v === false) return "'0'"
  if (typeof v === 'object') return JSON.stringify(v, Object.keys(v as object).sort())
  return `'${String(v)}'`
}

/**
 * DBI's connect_cached key (DBI.pm: `join "!\001", $dsn, $user, $auth,
 * DBI::_concat_hash_sorted($attr, "=\001", ",\001", 0, 0)`): the attributes
 * sorted by name, so the order a Perl hash hands them over does not matter.
 */
export function cacheKey (dsn: string, user: string | null | undefined, pass: string | null | undefined, attr: Record<string, unknown>): string {
  const pairs = Object.keys(attr).sort().map(k => `${k}=\u0001${perlString(attr[k])}`)
  return [dsn, user ?? '', pass ?? '', pairs.join(',\u0001')].join('!\u0001')
}
