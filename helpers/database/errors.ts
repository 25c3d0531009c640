// Driver failures -> BackendError with the code, state and message text the
// real DBD would give ($DBI::err, $DBI::state, $DBI::errstr). `backend_code`
// is the contract's code (SQLSTATE for pg, errno for mysql, ORA-nnnnn for
// Oracle, SQLite's result code name); `err` is what DBD sets as $DBI::err.
import { BackendError, BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'

export interface PgErr { code?: string, message: string, severity?: string, detail?: string, hint?: string, position?: string, internalQuery?: string, where?: string }
interface MyErr { errno?: number, sqlState?: string, sqlMessage?: string, code?: string, message: string }

/**
 * A wrong number of bind values, in DBI's words, with the counts in
 * data.expected and data.given: the Perl facade does what the script's DBD
 * does with them (capabilities.bind_count) without reading the message.
 */
export class BindCountError extends BRIDGE_ERR_INVALID_PARAMS {
  constructor (field: string, given: number, expected: number) {
    super(field, `called with ${given} bind variables when ${expected} are needed`)
    Object.assign(this.extra, { expected, given })
  }
}

function lineMarker (sql: string | undefined, position: string | undefined): string {
  if (sql === undefined || position === undefined) return ''
  const pos = Number(position) - 1
  if (!Number.isInteger(pos) || pos < 0 || pos > sql.length) return ''
  const before = sql.slice(0, pos)
  const lineNo = before.split('\n').length
  const lineStart = before.lastIndexOf('\n') + 1
  const lineEnd = sql.indexOf('\n', pos)
  const line = sql.slice(lineStart, lineEnd < 0 ? sql.length : lineEnd)
  const prefix = `LINE ${lineNo}: `
  return `\n${prefix}${line}\n${' '.repeat(prefix.length + pos - lineStart)}^`
}

/** libpq-style text: `ERROR:  msg` + LINE/DETAIL/HINT, as DBD::Pg's errstr shows it. */
export function pgError (e: unknown, sql?: string, connect?: { host: string, port: number }): BackendError {
  const err = e as PgErr & { errno?: string, syscall?: string }
  const sqlstate = typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code) ? err.code : null
  // DBD::Pg's $DBI::state after a failed connect is 08006 whatever the server said; backend_code keeps the SQLSTATE
  const state = connect ? '08006' : sqlstate ?? 'HY000'
  let text: string
  if (err.severity !== undefined) {
    text = `${err.severity}:  ${err.message}${lineMarker(sql, err.position)}`
    if (err.detail) text += `\nDETAIL:  ${err.detail}`
    if (err.hint) text += `\nHINT:  ${err.hint}`
    // libpq's default verbosity shows an error's context (the PL/pgSQL line that raised it), as DBD::Pg's errstr does
    if (err.internalQuery) text += `\nQUERY:  ${err.internalQuery}`
    if (err.where) text += `\nCONTEXT:  ${err.where}`
  } else if (err.code === 'ECONNREFUSED') {
    text = 'Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?'
  } else {
    text = err.message
  }
  if (connect) text = `connection to server at "${connect.host}", port ${connect.port} failed: ${text}`
  return new BackendError(text, sqlstate ?? state, { state, err: connect ? 1 : 7 }, e)
}

const PG_CLOSED = 'server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.'

/**
 * The server ended the session (pg_terminate_backend, a restart): DBD::Pg
 * says so in libpq's words with state 08000, the server's FATAL message
 * first the first time, then "no connection to the server" (measured with
 * DBD::Pg 3.16, idle and in-flight).
 */
export function pgConnectionLost (fatal: PgErr | null, first: boolean, cause: unknown): BackendError {
  const text = !first ? 'no connection to the server' : (fatal !== null ? `${fatal.severity ?? 'FATAL'}:  ${fatal.message}\n` : '') + PG_CLOSED
  return new BackendError(text, first && fatal?.code !== undefined ? fatal.code : '08000', { state: '08000', err: 7 }, cause)
}

/** A pool named without its password: what an operator needs to find it. */
export interface PoolName { driver: string, host: string, port: number, database: string | undefined, user: string }

/**
 * Every connection of a pool stayed checked out for the whole wait: the
 * error says so, names the pool and its limit, and what to raise. `codes`
 * are the state/err the driver gives when the server refuses a connection.
 */
export function poolExhausted (pool: PoolName, limits: { max: number, waitMs: number }, codes: { state: string, err: number }, cause?: unknown): BackendError {
  const name = `${pool.driver} ${pool.user === '' ? '' : `${pool.user}@`}${pool.host}:${pool.port}/${pool.database ?? ''}`
  const text = `cpan-bridge connection pool exhausted: all ${limits.max} connections of the pool for ${name} are held by open handles, ` +
    `and none came free within ${limits.waitMs} ms. Raise CPAN_BRIDGE_DB_POOL_MAX (connections per pool, now ${limits.max}) ` +
    `or CPAN_BRIDGE_DB_POOL_WAIT_MS (now ${limits.waitMs}), or disconnect handles that are no longer used`
  return new BackendError(text, 'pool_exhausted', {
    ...codes,
    pool: { driver: pool.driver, host: pool.host, port: pool.port, database: pool.database ?? null, user: pool.user, max: limits.max, wait_ms: limits.waitMs },
  }, cause)
}

/** DBD::mysql: errstr is the server message, err the errno, state the SQLSTATE. */
export function mysqlError (e: unknown, connect?: { host: string, port: number }): BackendError {
  const err = e as MyErr
  if (err.errno !== undefined && err.sqlMessage !== undefined) {
    const state = err.sqlState ?? 'HY000'
    return new BackendError(err.sqlMessage, err.errno, { state, err: err.errno }, e)
  }
  if (connect && (err.code === 'ECONNREFUSED' || err.code === 'ETIMEDOUT' || err.code === 'ENOTFOUND')) {
    // DBD::mysql 4.050 on Debian links libmariadb; these are its texts
    const errno = err.code === 'ENOTFOUND' ? 2005 : 2002
    const msg = errno === 2005 ? `Unknown server host '${connect.host}' (-2)` : `Can't connect to server on '${connect.host}' (${err.code === 'ECONNREFUSED' ? 115 : 110})`
    return new BackendError(msg, errno, { state: 'HY000', err: errno }, e)
  }
  if (err.code === 'PROTOCOL_CONNECTION_LOST') return new BackendError('Lost connection to server during query', 2013, { state: 'HY000', err: 2013 }, e)
  return new BackendError(err.message, 2000, { state: 'HY000', err: 2000 }, e)
}

const SQLITE_CODES: Record<string, number> = {
  SQLITE_ERROR: 1, SQLITE_INTERNAL: 2, SQLITE_PERM: 3, SQLITE_ABORT: 4, SQLITE_BUSY: 5, SQLITE_LOCKED: 6, SQLITE_NOMEM: 7,
  SQLITE_READONLY: 8, SQLITE_INTERRUPT: 9, SQLITE_IOERR: 10, SQLITE_CORRUPT: 11, SQLITE_NOTFOUND: 12, SQLITE_FULL: 13,
  SQLITE_CANTOPEN: 14, SQLITE_PROTOCOL: 15, SQLITE_EMPTY: 16, SQLITE_SCHEMA: 17, SQLITE_TOOBIG: 18, SQLITE_CONSTRAINT: 19,
  SQLITE_MISMATCH: 20, SQLITE_MISUSE: 21, SQLITE_NOLFS: 22, SQLITE_AUTH: 23, SQLITE_FORMAT: 24, SQLITE_RANGE: 25, SQLITE_NOTADB: 26,
}

/** DBD::SQLite: err is the primary result code, state S1000. */
export function sqliteError (e: unknown): BackendError {
  const err = e as { code?: string, message: string }
  if (err.code === undefined && /directory does not exist|unable to open/i.test(err.message ?? '')) {
    return new BackendError('unable to open database file', 'SQLITE_CANTOPEN', { state: 'S1000', err: 14 }, e)
  }
  const code = typeof err.code === 'string' ? err.code : 'SQLITE_ERROR'
  const primary = code.replace(/^(SQLITE_[A-Z]+?)(_[A-Z_]+)?$/, '$1')
  const num = SQLITE_CODES[primary] ?? SQLITE_CODES[code] ?? 1
  // DBD::SQLite sets no SQLSTATE: DBI then reports S1000, for constraint errors too (measured)
  return new BackendError(err.message, code, { state: 'S1000', err: num }, e)
}

/** ORA-nnnnn / NJS-nnn / DPI-nnnn into backend_code; errstr is the whole `ORA-01017: ...` text like DBD::Oracle. */
export function oracleError (e: unknown): BackendError {
  const err = e as { message: string, errorNum?: number, code?: string }
  // Thin mode's "could not be established" for a refused port is OCI's ORA-12541
  if (/^NJS-503:/.test(err.message ?? '') && /ECONNREFUSED/.test(err.message ?? '')) {
    return new BackendError('ORA-12541: TNS:no listener (DBD ERROR: OCIServerAttach)', 'ORA-12541', { state: 'HY000', err: 12541 }, e)
  }
  const m = /^((?:ORA|NJS|DPI|TNS)-\d+)/.exec(err.message ?? '')
  const code = m?.[1] ?? err.code ?? null
  const num = err.errorNum ?? (code !== null && code.startsWith('ORA-') ? Number(code.slice(4)) : null)
  const state = code === 'ORA-01017' ? '28000' : code === 'ORA-00001' ? '23000' : 'HY000'
  const text = (err.message ?? String(e)).split('\nHelp:')[0]
  return new BackendError(text, code, { state, err: num ?? -1 }, e)
}
