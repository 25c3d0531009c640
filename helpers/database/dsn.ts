// DBI data source names -> connection facts for each driver. Pure parsing:
// no I/O, so every form (including Oracle's) is unit-tested without a server.
// A SQLite file stays as the DSN wrote it: connect resolves it like every
// client path (src/paths.ts: the script's cwd, the allowed roots).
import { BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'

export type DriverName = 'Pg' | 'mysql' | 'MariaDB' | 'SQLite' | 'Oracle'

export interface ParsedDsn {
  driver: DriverName
  /** key=value attributes as written (lower-cased keys) */
  attrs: Record<string, string>
  host?: string
  port?: number
  database?: string
  /** SQLite: the file as the DSN wrote it (connect resolves it), or ':memory:' */
  file?: string
  /** Oracle: the connect string handed to oracledb (easy connect or TNS alias) */
  connectString?: string
  /** Oracle `user@tns` and `user/pass@tns` forms move the user here */
  user?: string
  password?: string
}

const DRIVERS: Record<string, DriverName> = {
  pg: 'Pg', postgres: 'Pg', postgresql: 'Pg', mysql: 'mysql', mariadb: 'MariaDB', sqlite: 'SQLite', sqlite3: 'SQLite', oracle: 'Oracle',
}

function bad (reason: string): never {
  throw new BRIDGE_ERR_INVALID_PARAMS('params.dsn', reason)
}

/** `a=1;b=2` (also `,` separators as some old scripts wrote them) into a map. */
function keyValues (rest: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of rest.split(/[;]/)) {
    if (part.trim() === '') continue
    const eq = part.indexOf('=')
    if (eq < 0) { out[''] = part.trim(); continue }
    out[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim()
  }
  return out
}

function portOf (v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) bad(`port must be a number 1-65535, got ${JSON.stringify(v)}`)
  return Number(v)
}

/**
 * The user and password a connect uses, from connect's arguments and the
 * data source, as each DBD decides (measured with DBD::Pg 3.16, DBD::mysql
 * 4.050, DBD::MariaDB 1.22): DBD::Pg takes `user=`/`password=` from the DSN
 * when the argument is empty; DBD::mysql's DSN values win over the
 * arguments; DBD::MariaDB ignores them; Oracle's `user/pass@tns` user wins.
 */
export function credentials (dsn: ParsedDsn, user: string, password: string): { user: string, password: string } {
  switch (dsn.driver) {
    case 'Pg': return { user: user !== '' ? user : dsn.attrs.user ?? '', password: password !== '' ? password : dsn.attrs.password ?? '' }
    case 'mysql': return { user: dsn.attrs.user ?? user, password: dsn.attrs.password ?? password }
    case 'Oracle': return { user: dsn.user ?? user, password: dsn.password ?? password }
    default: return { user, password }
  }
}

/** Parses `dbi:Driver:rest`. `username` matters for Oracle's `user@tns`. */
export function parseDsn (dsn: string, username = '', dbType?: string): ParsedDsn {
  const m = /^dbi:([A-Za-z0-9_]+)(?:\(([^)]*)\))?:(.*)$/is.exec(dsn.trim())
  if (m === null) bad('expected dbi:Driver:... (e.g. dbi:Pg:dbname=app;host=127.0.0.1)')
  const driver = DRIVERS[m[1].toLowerCase()] ?? (dbType !== undefined ? DRIVERS[dbType.toLowerCase()] : undefined)
  if (driver === undefined) bad(`unsupported driver ${JSON.stringify(m[1])}: use Pg, mysql, MariaDB, SQLite or Oracle`)
  const rest = m[3]
  switch (driver) {
    case 'Pg': return pg(rest)
    case 'mysql': case 'MariaDB': return mysql(driver, rest)
    case 'SQLite': return sqlite(rest)
    case 'Oracle': return oracle(rest, username)
  }
}

/**
 * DBD::Pg's data source as libpq reads it: DBD::Pg turns unquoted `;` into
 * spaces, so pairs part on either; a value may be single-quoted, and `\`
 * escapes the next character (a password holding `;` or a space).
 */
function conninfo (rest: string): Record<string, string> {
  const out: Record<string, string> = {}
  const space = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch)
  const sep = (ch: string | undefined): boolean => ch === ';' || space(ch)
  let i = 0
  while (i < rest.length) {
    while (sep(rest[i])) i++
    if (i >= rest.length) break
    let key = ''
    while (i < rest.length && rest[i] !== '=' && !sep(rest[i])) key += rest[i++]
    while (space(rest[i])) i++
    if (rest[i] !== '=') { out[''] = key; continue }
    i++
    while (space(rest[i])) i++
    let val = ''
    const quoted = rest[i] === "'"
    if (quoted) i++
    while (i < rest.length && (quoted ? rest[i] !== "'" : !sep(rest[i]))) {
      if (rest[i] === '\\' && i + 1 < rest.length) i++
      val += rest[i++]
    }
    if (quoted) i++
    out[key.toLowerCase()] = val
  }
  return out
}

function pg (rest: string): ParsedDsn {
  const a = conninfo(rest)
  const database = a.dbname ?? a.database ?? a.db ?? (a[''] !== undefined && a[''] !== '' ? a[''] : undefined)
  return { driver: 'Pg', attrs: a, host: a.host ?? a.hostaddr, port: portOf(a.port), database }
}

function mysql (driver: DriverName, rest: string): ParsedDsn {
  // DBD::mysql also takes `db:host:port` and `;`-less `database=x:host=y` is not valid DBI
  const a = keyValues(rest)
  let database = a.database ?? a.dbname ?? a.db
  let host = a.host ?? a.hostname
  let port = portOf(a.port)
  const bare = a['']
  if (database === undefined && bare !== undefined && bare !== '') {
    const parts = bare.split(/[:@]/)
    database = parts[0]
    if (parts[1] !== undefined && parts[1] !== '') host = host ?? parts[1]
    if (parts[2] !== undefined) port = port ?? portOf(parts[2])
  }
  return { driver, attrs: a, host, port, database }
}

function sqlite (rest: string): ParsedDsn {
  const a = keyValues(rest)
  let file = a.dbname ?? a.database ?? a.db ?? a.uri ?? a['']
  if (file === undefined || file === '') file = ':memory:'
  if (file.startsWith('file:')) file = file.slice(5).split('?')[0]
  return { driver: 'SQLite', attrs: a, file, database: file }
}

/**
 * Oracle forms DBD::Oracle accepts: `SID` / TNS alias, `host=..;sid=..;port=..`
 * (or service_name=), `//host:port/service` easy connect, `host:port/service`,
 * `host:port:sid`, and an empty rest with the user written `user@tns`.
 */
function oracle (rest: string, username: string): ParsedDsn {
  const out: ParsedDsn = { driver: 'Oracle', attrs: {} }
  const at = username.lastIndexOf('@')
  if (at > 0) {
    let u = username.slice(0, at)
    const slash = u.indexOf('/')
    if (slash > 0) { out.password = u.slice(slash + 1); u = u.slice(0, slash) }
    out.user = u
    if (rest.trim() === '') { out.connectString = username.slice(at + 1); return out }
  }
  const r = rest.trim()
  if (r === '') { out.connectString = process.env.TWO_TASK ?? process.env.ORACLE_SID ?? ''; return out }
  if (r.includes('=') && !r.startsWith('(')) {
    const a = keyValues(r)
    out.attrs = a
    out.host = a.host
    out.port = portOf(a.port) ?? 1521
    const service = a.service_name ?? a.service
    const sid = a.sid
    if (out.host === undefined) bad('Oracle DSN with key=value pairs needs host=')
    if (service !== undefined) out.connectString = `${out.host}:${out.port}/${service}`
    else if (sid !== undefined) out.connectString = `(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=${out.host})(PORT=${out.port}))(CONNECT_DATA=(SID=${sid})))`
    else bad('Oracle DSN needs sid= or service_name=')
    out.database = service ?? sid
    return out
  }
  const sidForm = /^([^:/]+):(\d+):([A-Za-z0-9_$#.]+)$/.exec(r)
  if (sidForm !== null) {
    out.host = sidForm[1]; out.port = portOf(sidForm[2]); out.database = sidForm[3]
    out.connectString = `(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=${out.host})(PORT=${out.port}))(CONNECT_DATA=(SID=${sidForm[3]})))`
    return out
  }
  const easy = /^(?:\/\/)?([^:/]+)(?::(\d+))?\/([^:]+)$/.exec(r)
  if (easy !== null) {
    out.host = easy[1]; out.port = portOf(easy[2]) ?? 1521; out.database = easy[3]
    out.connectString = `${out.host}:${out.port}/${easy[3]}`
    return out
  }
  // a TNS alias (tnsnames.ora) or a full (DESCRIPTION=...) string
  out.connectString = r
  out.database = r
  return out
}
