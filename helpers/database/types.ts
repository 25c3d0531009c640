// What every driver adapter provides, the DBI SQL type codes they report, and
// the small value/metadata helpers they share.
import type { DriverName, ParsedDsn } from './dsn.js'
import type { PlaceholderStyle, Dialect } from './placeholders.js'
import type { RowStore } from './row-store.js'

/** DBI's SQL type codes (DBI :sql_types). */
export const SQL = {
  UNKNOWN: 0, CHAR: 1, NUMERIC: 2, DECIMAL: 3, INTEGER: 4, SMALLINT: 5, FLOAT: 6, REAL: 7, DOUBLE: 8,
  DATE: 9, TIME: 10, TIMESTAMP: 11, VARCHAR: 12, BOOLEAN: 16, BLOB: 30, CLOB: 40,
  TYPE_DATE: 91, TYPE_TIME: 92, TYPE_TIMESTAMP: 93, TYPE_TIME_TZ: 94, TYPE_TIMESTAMP_TZ: 95,
  LONGVARCHAR: -1, BINARY: -2, VARBINARY: -3, LONGVARBINARY: -4, BIGINT: -5, TINYINT: -6, BIT: -7,
  WCHAR: -8, WVARCHAR: -9, WLONGVARCHAR: -10,
} as const

export const BINARY_SQL_TYPES = new Set<number>([SQL.BLOB, SQL.BINARY, SQL.VARBINARY, SQL.LONGVARBINARY])

/** SQL types whose values the DBDs hand Perl as numbers (integers, floats, booleans, bits), not strings. */
const PERL_NUMBER_TYPES = new Set<number>([SQL.INTEGER, SQL.SMALLINT, SQL.BIGINT, SQL.TINYINT, SQL.FLOAT, SQL.REAL, SQL.DOUBLE, SQL.BOOLEAN, SQL.BIT])

/** A column's Perl value kind by its SQL type alone: 'N' a number, else `other`. */
export function perlKind (type: number, other: PerlKind = 'S'): PerlKind {
  return PERL_NUMBER_TYPES.has(type) ? 'N' : other
}

/**
 * How the DBD hands a column's values to Perl: N a number, A a number when
 * the value reads as one (SQLite's INTEGER/REAL/NUMERIC affinity), C a
 * character string even when ASCII (DBD::Pg's text), S as it comes.
 */
export type PerlKind = 'N' | 'A' | 'C' | 'S'

export interface Column {
  name: string
  type: number
  /** DBI NULLABLE: 0 no, 1 yes, 2 unknown */
  nullable: 0 | 1 | 2
  precision: number | null
  scale: number | null
  /** packed cell kind: S text, B bytes */
  kind: 'S' | 'B'
  /** the declared/database type name where known (DBD::SQLite reports this as TYPE) */
  typeName?: string | null
  perl: PerlKind
  /** ChopBlanks trims this column's values (DBD::Pg: CHAR(n) only; the other DBDs every column) */
  chop: boolean
}

/** An open result set; rows are arrays of string | Buffer | null. */
export interface RowSource {
  columns: Column[]
  /** Up to n rows; fewer (possibly none) only when the result is exhausted. */
  read (n: number): Promise<unknown[][]>
  /** Appends up to n rows straight to a packed store (no JavaScript rows); returns how many, fewer only at the end. */
  readInto? (store: RowStore, n: number): Promise<number>
  close (): Promise<void>
}

export type ExecOutcome =
  | { kind: 'rows', source: RowSource }
  | { kind: 'count', rows: number, out?: Record<string, unknown> }

export interface ExecOptions {
  /** SQL type per distinct value (null: driver's choice) after reordering */
  types?: Array<number | null>
  /** where each `?` sits in the SQL (qmark style), for drivers that inline escaped values */
  positions?: number[]
  /** for each placeholder occurrence, its distinct parameter index (oracle: where OUT binds sit) */
  occurrences?: number[]
  /** OUT/INOUT parameters (Oracle): distinct-parameter index, max size, initial value */
  outBinds?: Array<{ name: string, index: number, size: number, value: unknown }>
}

export interface LastIdQuery { catalog?: string | null, schema?: string | null, table?: string | null, field?: string | null }

export interface MetaQuery { catalog?: string | null, schema?: string | null, table?: string | null, column?: string | null, type?: string | null }

export interface MetaResult { names: string[], rows: unknown[][] }

/** One checked-out driver connection, owned by one dbh handle. */
export interface DriverConn {
  readonly driver: DriverName
  readonly style: PlaceholderStyle
  readonly dialect: Dialect
  exec (sql: string, values: unknown[], opts: ExecOptions): Promise<ExecOutcome>
  /** Compiles the SQL without running it, for drivers whose DBD reports SQL errors at prepare. */
  check? (sql: string): Promise<void>
  begin (): Promise<void>
  commit (): Promise<void>
  rollback (): Promise<void>
  ping (): Promise<boolean>
  lastInsertId (q: LastIdQuery): Promise<string | null>
  tableInfo? (q: MetaQuery): Promise<MetaResult>
  columnInfo? (q: MetaQuery): Promise<MetaResult>
  /** Asks the server to stop the statement running on this connection (best effort). */
  cancel? (): Promise<void>
  /** Messages the server sent beside its results since the last call (PostgreSQL NOTICE/WARNING), as the DBD warns them. */
  takeNotices? (): string[]
  /** Returns the connection to its pool (clean: no transaction open) or destroys it. */
  release (destroy: boolean): Promise<void>
}

export interface ConnectRequest {
  dsn: ParsedDsn
  user: string
  password: string
  attrs: Record<string, unknown>
  /** the calling client: SQLite resolves and confines the files ATTACH / VACUUM INTO name with it */
  client?: { cwd: string | undefined, allowedPaths: readonly string[] }
}

export interface DriverAdapter {
  connect (req: ConnectRequest): Promise<DriverConn>
  end (): Promise<void>
}

export const TABLE_INFO_NAMES = ['TABLE_CAT', 'TABLE_SCHEM', 'TABLE_NAME', 'TABLE_TYPE', 'REMARKS']
export const COLUMN_INFO_NAMES = ['TABLE_CAT', 'TABLE_SCHEM', 'TABLE_NAME', 'COLUMN_NAME', 'DATA_TYPE', 'TYPE_NAME',
  'COLUMN_SIZE', 'BUFFER_LENGTH', 'DECIMAL_DIGITS', 'NUM_PREC_RADIX', 'NULLABLE', 'REMARKS', 'COLUMN_DEF',
  'SQL_DATA_TYPE', 'SQL_DATETIME_SUB', 'CHAR_OCTET_LENGTH', 'ORDINAL_POSITION', 'IS_NULLABLE']

/** Perl prints doubles with 15 significant digits; so does DBD::SQLite's text of a REAL. */
export function perlNumber (n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n)
  if (!Number.isFinite(n)) return n > 0 ? 'Inf' : n < 0 ? '-Inf' : 'NaN'
  // the shortest round-trip form, when it has at most 15 significant digits, is what %.15g gives too
  // (the value lies within half an ulp of it, far inside 15-digit rounding), where %g writes no exponent
  const a = Math.abs(n)
  if (a >= 1e-4 && a < 1e15) {
    const short = String(n)
    if (short.length <= 17 && significantDigits(short) <= 15) return short
  }
  // %.15g by hand: C rounds an exact tie to even where toPrecision rounds it up, and %g takes the
  // exponent form below 1e-4 and from 1e15 where toPrecision does below 1e-6 and from 1e21
  const [m, ex] = Math.abs(n).toExponential(20).split('e')
  let e = Number(ex)
  const all = m.replace('.', '')
  let head = BigInt(all.slice(0, 15))
  // 21 digits tell a tie exactly: no other double lies within 1e-21 of a 16-digit decimal ending in 5
  const rest = all.slice(15)
  if (rest > '500000' || (rest === '500000' && (head & 1n) === 1n)) head += 1n
  let digits = head.toString()
  if (digits.length > 15) { digits = digits.slice(0, 15); e += 1 }
  digits = digits.replace(/0+$/, '')
  const sign = n < 0 ? '-' : ''
  if (e < -4 || e >= 15) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    return `${sign}${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`
  const int = digits.slice(0, e + 1).padEnd(e + 1, '0')
  const frac = digits.slice(e + 1)
  return frac === '' ? `${sign}${int}` : `${sign}${int}.${frac}`
}

function significantDigits (s: string): number {
  let n = 0
  let leading = true
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) continue
    if (leading && c === 48) continue
    leading = false
    n++
  }
  return n
}

/** table_info's TYPE filter (`'TABLE','VIEW'`, `%` for all) over rows whose 4th column is TABLE_TYPE. */
export function filterTableTypes (rows: unknown[][], type: string | null | undefined): unknown[][] {
  const wanted = type?.split(',').map(t => t.trim().replace(/'/g, '').toUpperCase()).filter(t => t !== '' && t !== '%')
  return wanted === undefined || wanted.length === 0 ? rows : rows.filter(r => wanted.includes(String(r[3])))
}
