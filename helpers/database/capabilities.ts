// What each real DBD does differently, kept in one place. `connect` hands the
// Perl facade its connection's capabilities, so Perl decides locally (no round
// trip) without a per-driver table of its own; the daemon's `database.quote`
// and `do_statement` read the same facts. Each fact was measured against the
// real driver (perl/t/data/db, the differential scripts), Oracle's taken from
// DBD::Oracle's documentation (no Oracle server runs here).
import { Type, type Static } from '@sinclair/typebox'
import type { DriverName } from './dsn.js'
import { BINARY_SQL_TYPES, SQL } from './types.js'

/** What a DBD does with a wrong number of bind values: use them padded/trimmed, report the bridge's own error, or report its own. */
const BindReaction = Type.Union([
  Type.Literal('pad'), Type.Literal('trim'), Type.Literal('bridge'),
  Type.Object({ err: Type.Integer(), errstr: Type.String({ description: '{given} and {expected} stand for the counts' }), state: Type.String() }),
])
type BindReaction = Static<typeof BindReaction>

const BindCases = Type.Object({ long: BindReaction, short: BindReaction, none: BindReaction },
  { description: 'long: more values than placeholders; short: fewer, but some; none: no values given (and none bound)' })

export const Capabilities = Type.Object({
  bytes_out: Type.Boolean({ description: 'The DBD hands Perl byte strings (UTF-8 encoded) rather than character strings, and sends byte strings as they are.' }),
  prepare_at_execute: Type.Boolean({ description: 'The DBD prepares on the client: nothing reaches the server before execute, SQL errors surface there.' }),
  type_is_name: Type.Boolean({ description: '$sth->{TYPE} is the declared type name per column (execute\'s type_names), not a type code.' }),
  not_null: Type.Union([Type.Literal(''), Type.Literal(0)], { description: '$sth->{NULLABLE} for a NOT NULL column.' }),
  select_rows: Type.Union([Type.Literal('count'), Type.Literal('fetched')], { description: 'execute of a SELECT returns its row count and rows() the total (count), or 0E0 and the rows fetched so far (fetched).' }),
  param_values: Type.Object({ base: Type.Integer(), strings: Type.Boolean(), on_do: Type.Boolean() }, { description: 'ShowErrorStatement\'s "with ParamValues: ...": first index, values shown as strings, shown for do() too.' }),
  identifier_quote: Type.String({ description: 'quote_identifier\'s quote character.' }),
  quote: Type.Object({
    unquoted_types: Type.Array(Type.Integer(), { description: 'SQL types whose values stay unquoted when they match `number`' }),
    number: Type.String({ description: 'a regular expression, read alike by JavaScript and Perl' }),
    escapes: Type.Record(Type.String(), Type.String(), { description: 'character -> its escaped form inside the quotes' }),
    backslash_prefix: Type.Union([Type.String(), Type.Null()], { description: 'DBD::Pg: a value holding a backslash is written E\'...\' with the backslashes doubled' }),
  }, { description: 'DBI quote\'s rules; the daemon\'s database.quote reads the same.' }),
  bind_count: Type.Object({ execute: BindCases, do: BindCases }, { description: 'What the DBD does with a wrong number of bind values in execute and in do.' }),
  binary_types: Type.Array(Type.Integer(), { description: 'SQL types whose values travel as bytes.' }),
  binary_bind_attrs: Type.Record(Type.String(), Type.Array(Type.Integer()), { description: 'The DBD\'s own bind attributes that also mean bytes, e.g. { pg_type: [17] }.' }),
  ping_disconnected: Type.Integer({ description: 'What ping answers on a disconnected handle.' }),
  warn_active_on_disconnect: Type.Boolean({ description: 'disconnect warns about statements still active.' }),
  ineffective_commit: Type.Union([Type.Literal(''), Type.Literal(1)], { description: 'What commit/rollback return (after warning "ineffective") with AutoCommit on.' }),
  rows_before_execute: Type.Integer({ description: 'What rows() says on a statement never executed (DBD::mysql: 0; the others -1).' }),
  do_counts_rows: Type.Boolean({ description: 'do() of a statement that returns rows answers their count (DBD::SQLite: 0, a query changes nothing).' }),
  fetch_inactive: Type.Union([Type.Null(), Type.Object({
    err: Type.Integer(),
    errstr: Type.String(),
    state: Type.Union([Type.String(), Type.Null()], { description: 'null: the statement keeps its last SQLSTATE (DBD::Pg)' }),
    when: Type.Union([Type.Literal('inactive'), Type.Literal('no_result')], { description: 'inactive: any fetch once the statement is not Active (past the end, finished, failed, never executed, not a SELECT); no_result: only when the last execute gave no result set' }),
  })], { description: 'The error a fetch* gives on a statement with no rows to give; null: it just returns undef (DBD::SQLite).' }),
})
export type Capabilities = Static<typeof Capabilities>

const NUMBER = '^[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?$'
const NUMERIC_TYPES = [SQL.NUMERIC, SQL.DECIMAL, SQL.INTEGER, SQL.SMALLINT, SQL.FLOAT, SQL.REAL, SQL.DOUBLE, SQL.BIGINT, SQL.TINYINT]
const SQL_STANDARD = { "'": "''" }
/** mysql_real_escape_string's set (DBD::mysql's binds and quote) */
export const MYSQL_ESCAPES: Record<string, string> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\\': '\\\\', "'": "\\'", '"': '\\"', '\x1a': '\\Z' }

/** DBI's own check in execute, whatever the driver. */
const DBI_TOO_MANY: BindReaction = { err: -1, errstr: 'called with {given} bind variables when {expected} are needed', state: 'S1000' }
const MARIADB_WRONG: BindReaction = { err: 1210, errstr: 'Wrong number of bind parameters', state: 'HY000' }

const BASE: Capabilities = {
  bytes_out: false,
  prepare_at_execute: false,
  type_is_name: false,
  not_null: 0,
  select_rows: 'count',
  param_values: { base: 1, strings: false, on_do: false },
  identifier_quote: '"',
  quote: { unquoted_types: NUMERIC_TYPES, number: NUMBER, escapes: SQL_STANDARD, backslash_prefix: null },
  bind_count: {
    execute: { long: DBI_TOO_MANY, short: 'pad', none: 'pad' },
    do: { long: 'trim', short: 'bridge', none: 'bridge' },
  },
  binary_types: [...BINARY_SQL_TYPES],
  binary_bind_attrs: {},
  ping_disconnected: 0,
  warn_active_on_disconnect: true,
  ineffective_commit: 1,
  rows_before_execute: -1,
  do_counts_rows: true,
  fetch_inactive: null,
}

const MYSQL_FAMILY: Partial<Capabilities> = {
  prepare_at_execute: true,
  not_null: '',
  param_values: { base: 0, strings: false, on_do: false },
  identifier_quote: '`',
  quote: { unquoted_types: NUMERIC_TYPES, number: NUMBER, escapes: MYSQL_ESCAPES, backslash_prefix: null },
  ineffective_commit: '',
}

const DRIVERS: Record<DriverName, Capabilities> = {
  Pg: {
    ...BASE,
    prepare_at_execute: true,
    param_values: { base: 1, strings: true, on_do: true },
    quote: { unquoted_types: NUMERIC_TYPES, number: NUMBER, escapes: SQL_STANDARD, backslash_prefix: 'E' },
    bind_count: {
      execute: { long: DBI_TOO_MANY, short: DBI_TOO_MANY, none: { err: 7, errstr: 'execute called with an unbound placeholder', state: 'S1000' } },
      do: { long: DBI_TOO_MANY, short: DBI_TOO_MANY, none: DBI_TOO_MANY },
    },
    binary_bind_attrs: { pg_type: [17] },
    ineffective_commit: '',
    fetch_inactive: { err: 6, errstr: 'no statement executing', state: null, when: 'inactive' },
  },
  mysql: {
    ...BASE,
    ...MYSQL_FAMILY,
    bytes_out: true,
    bind_count: { execute: { long: DBI_TOO_MANY, short: 'pad', none: 'pad' }, do: { long: 'trim', short: 'pad', none: 'bridge' } },
    ping_disconnected: 1,
    rows_before_execute: 0,
    fetch_inactive: { err: 19, errstr: 'fetch() without execute()', state: 'S1000', when: 'inactive' },
  },
  MariaDB: {
    ...BASE,
    ...MYSQL_FAMILY,
    param_values: { base: 0, strings: true, on_do: false },
    bind_count: { execute: { long: DBI_TOO_MANY, short: MARIADB_WRONG, none: MARIADB_WRONG }, do: { long: MARIADB_WRONG, short: MARIADB_WRONG, none: MARIADB_WRONG } },
    warn_active_on_disconnect: false,
    fetch_inactive: { err: 2000, errstr: 'fetch() without execute()', state: 'HY000', when: 'no_result' },
  },
  SQLite: {
    ...BASE,
    bytes_out: true,
    type_is_name: true,
    select_rows: 'fetched',
    do_counts_rows: false,
    quote: { unquoted_types: [], number: NUMBER, escapes: SQL_STANDARD, backslash_prefix: null },
    bind_count: { execute: { long: DBI_TOO_MANY, short: 'pad', none: 'pad' }, do: { long: 'trim', short: 'pad', none: 'pad' } },
  },
  Oracle: {
    ...BASE,
    // OCI fetches on demand: DBD::Oracle's execute of a SELECT says 0E0 and rows counts the rows fetched so far
    select_rows: 'fetched',
    binary_bind_attrs: { ora_type: [113, 23, 24] },
  },
}

/** A connection's capabilities: the driver's, with the connect attributes that change them (the DBDs' UTF-8 switches). */
export function capabilitiesFor (driver: DriverName, attrs: Record<string, unknown>): Capabilities {
  const c = DRIVERS[driver]
  let bytesOut = c.bytes_out
  if (truthy(attrs.sqlite_unicode) || truthy(attrs.mysql_enable_utf8) || truthy(attrs.mysql_enable_utf8mb4)) bytesOut = false
  if (driver === 'Pg' && attrs.pg_enable_utf8 !== undefined && attrs.pg_enable_utf8 !== null && !truthy(attrs.pg_enable_utf8)) bytesOut = true
  return { ...c, bytes_out: bytesOut }
}

function truthy (v: unknown): boolean {
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '' && v !== '0'
}

/** DBI quote by the driver's rules: NULL, numbers unquoted for numeric types, else the driver's escaping. */
export function quote (caps: Capabilities, value: unknown, type: number | null): string {
  if (value === null || value === undefined) return 'NULL'
  const s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value)
  const q = caps.quote
  if (type !== null && q.unquoted_types.includes(type) && new RegExp(q.number).test(s)) return s
  let out = ''
  for (const ch of s) out += q.escapes[ch] ?? ch
  if (q.backslash_prefix !== null && s.includes('\\')) return `${q.backslash_prefix}'${out.replace(/\\/g, '\\\\')}'`
  return `'${out}'`
}
