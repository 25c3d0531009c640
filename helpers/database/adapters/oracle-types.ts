// Oracle value and type mapping, kept apart from I/O so it is unit-tested
// without a server: NUMBER as text like DBD::Oracle prints it ('.5', not
// '0.5'), DATE/TIMESTAMP as text in the session's NLS format (DD-MON-RR by
// default, tracked through ALTER SESSION SET NLS_DATE_FORMAT), LOBs read whole.
import { SQL } from '../types.js'

const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER']
const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY']

export const DEFAULT_NLS_DATE_FORMAT = 'DD-MON-RR'
export const DEFAULT_NLS_TIMESTAMP_FORMAT = 'DD-MON-RR HH.MI.SSXFF AM'

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** Formats a date the way Oracle's TO_CHAR does for the common format elements. */
export function formatOracleDate (d: Date, mask: string, fractionDigits = 6): string {
  const Y = d.getFullYear(); const M = d.getMonth(); const D = d.getDate()
  const h = d.getHours(); const mi = d.getMinutes(); const s = d.getSeconds(); const ms = d.getMilliseconds()
  const tokens: Array<[RegExp, () => string]> = [
    [/^"([^"]*)"/, () => ''], // quoted literal, handled below
    [/^YYYY/i, () => pad(Y, 4)], [/^RRRR/i, () => pad(Y, 4)], [/^YY/i, () => pad(Y % 100)], [/^RR/i, () => pad(Y % 100)],
    [/^MONTH/i, () => MONTHS[M].padEnd(9, ' ')], [/^MON/i, () => MONTHS[M].slice(0, 3)], [/^MM/i, () => pad(M + 1)],
    [/^DAY/i, () => DAYS[d.getDay()].padEnd(9, ' ')], [/^DY/i, () => DAYS[d.getDay()].slice(0, 3)], [/^DD/i, () => pad(D)],
    [/^HH24/i, () => pad(h)], [/^HH12/i, () => pad(h % 12 === 0 ? 12 : h % 12)], [/^HH/i, () => pad(h % 12 === 0 ? 12 : h % 12)],
    [/^MI/i, () => pad(mi)], [/^SS/i, () => pad(s)],
    [/^X/i, () => '.'],
    [/^FF[1-9]?/i, () => ''], // computed below (needs the digit count)
    [/^(AM|PM|A\.M\.|P\.M\.)/i, () => ''],
  ]
  let out = ''
  let i = 0
  while (i < mask.length) {
    const rest = mask.slice(i)
    let matched = false
    for (const [re, fn] of tokens) {
      const m = re.exec(rest)
      if (m === null) continue
      matched = true
      const tok = m[0]
      if (tok.startsWith('"')) out += m[1]
      else if (/^FF/i.test(tok)) { const n = tok.length > 2 ? Number(tok[2]) : fractionDigits; out += pad(ms * 1000, 6).padEnd(9, '0').slice(0, n) }
      else if (/^(AM|PM|A\.M\.|P\.M\.)$/i.test(tok)) { const pm = h >= 12; out += tok.includes('.') ? (pm ? 'P.M.' : 'A.M.') : (pm ? 'PM' : 'AM') }
      else {
        let v = fn()
        // Oracle follows the element's case: Mon -> Jan, MON -> JAN, mon -> jan
        if (/[A-Z]/i.test(v)) v = tok === tok.toLowerCase() ? v.toLowerCase() : tok[0] === tok[0].toUpperCase() && tok[1] === tok[1]?.toLowerCase() ? v[0] + v.slice(1).toLowerCase() : v
        out += v
      }
      i += tok.length
      break
    }
    if (!matched) { out += mask[i]; i++ }
  }
  return out
}

/** NUMBER text as Oracle (and so DBD::Oracle) prints it: no leading zero before the point. */
export function oracleNumberText (s: string | null): string | null {
  if (s === null) return null
  return s.replace(/^(-?)0\.(\d)/, '$1.$2')
}

/** Spots `ALTER SESSION SET NLS_DATE_FORMAT = '...'` (and the timestamp one) to follow it like the server does. */
export function nlsChange (sql: string): { date?: string, timestamp?: string } | null {
  const m = /^\s*alter\s+session\s+set\s+([\s\S]*)$/i.exec(sql)
  if (m === null) return null
  const out: { date?: string, timestamp?: string } = {}
  const re = /\b(nls_date_format|nls_timestamp_format)\s*=\s*'((?:[^']|'')*)'/gi
  let x: RegExpExecArray | null
  while ((x = re.exec(m[1])) !== null) {
    const v = x[2].replace(/''/g, "'")
    if (x[1].toLowerCase() === 'nls_date_format') out.date = v; else out.timestamp = v
  }
  return out.date !== undefined || out.timestamp !== undefined ? out : null
}

/** oracledb DB type name -> DBI SQL type code. */
export function oracleSqlType (typeName: string, precision?: number, scale?: number): number {
  switch (typeName) {
    case 'NUMBER': return scale === -127 ? SQL.DOUBLE : SQL.NUMERIC
    case 'BINARY_FLOAT': return SQL.REAL
    case 'BINARY_DOUBLE': return SQL.DOUBLE
    case 'BINARY_INTEGER': return SQL.INTEGER
    case 'VARCHAR2': case 'VARCHAR': case 'ROWID': case 'UROWID': return SQL.VARCHAR
    case 'NVARCHAR2': case 'NVARCHAR': return SQL.WVARCHAR
    case 'CHAR': return SQL.CHAR
    case 'NCHAR': return SQL.WCHAR
    case 'DATE': case 'TIMESTAMP': return SQL.TYPE_TIMESTAMP
    case 'TIMESTAMP WITH TIME ZONE': case 'TIMESTAMP WITH LOCAL TIME ZONE': case 'TIMESTAMP_TZ': case 'TIMESTAMP_LTZ': return SQL.TYPE_TIMESTAMP_TZ
    case 'CLOB': case 'NCLOB': return SQL.CLOB
    case 'BLOB': return SQL.BLOB
    case 'RAW': return SQL.VARBINARY
    case 'LONG': return SQL.LONGVARCHAR
    case 'LONG RAW': return SQL.LONGVARBINARY
    default: void precision; return SQL.UNKNOWN
  }
}

/** Column of a DB type that comes back as bytes. */
export const oracleIsBinary = (typeName: string): boolean => typeName === 'BLOB' || typeName === 'RAW' || typeName === 'LONG RAW'
