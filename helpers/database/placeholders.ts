// Placeholder translation: scripts write `?`, `:name`, `:1` or `$1` for every
// driver; each driver wants its own form. A small scanner skips string
// literals, quoted identifiers, comments and pg dollar quotes so a `?` or
// `:x` inside data is never taken for a placeholder.
import { BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import { BindCountError } from './errors.js'

/** pg: `$n` per distinct parameter; qmark: `?` per occurrence; oracle: `:n` per occurrence. */
export type PlaceholderStyle = 'pg' | 'qmark' | 'oracle'
export type Dialect = 'pg' | 'mysql' | 'sqlite' | 'oracle'

export interface Translated {
  sql: string
  /** distinct parameters in first-appearance order: null for `?`, the name for `:name`, `$n` for `$n` */
  params: Array<string | null>
  /** for each placeholder occurrence in the output, the index of its distinct parameter */
  occurrences: number[]
  /** offset in `sql` of each placeholder token (for drivers that inline escaped values) */
  positions: number[]
}

const IDENT = /[A-Za-z0-9_]/

export function translatePlaceholders (sql: string, style: PlaceholderStyle, dialect: Dialect): Translated {
  const spans: Array<{ start: number, end: number, key: string | null }> = []
  let i = 0
  const n = sql.length
  while (i < n) {
    const c = sql[i]
    const next = sql[i + 1]
    if (c === "'") {
      const backslash = dialect === 'mysql' || (dialect === 'pg' && i > 0 && /[eE]/.test(sql[i - 1]) && (i < 2 || !IDENT.test(sql[i - 2])))
      i = skipQuoted(sql, i, "'", backslash)
    } else if (c === '"') {
      i = skipQuoted(sql, i, '"', dialect === 'mysql')
    } else if (c === '`' && (dialect === 'mysql' || dialect === 'sqlite')) {
      i = skipQuoted(sql, i, '`', false)
    } else if (c === '[' && dialect === 'sqlite') {
      const end = sql.indexOf(']', i + 1)
      i = end < 0 ? n : end + 1
    } else if ((c === '-' && next === '-') || (c === '#' && dialect === 'mysql')) {
      const end = sql.indexOf('\n', i)
      i = end < 0 ? n : end + 1
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2)
      i = end < 0 ? n : end + 2
    } else if (c === '$' && dialect === 'pg' && next !== undefined && !/[0-9]/.test(next) && (i === 0 || !IDENT.test(sql[i - 1]))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 66))
      if (tag === null) { i++; continue }
      const end = sql.indexOf(tag[0], i + tag[0].length)
      i = end < 0 ? n : end + tag[0].length
    } else if (c === '?') {
      spans.push({ start: i, end: i + 1, key: null })
      i++
    } else if (c === '$' && next !== undefined && /[0-9]/.test(next) && (i === 0 || !IDENT.test(sql[i - 1]))) {
      let j = i + 1
      while (j < n && /[0-9]/.test(sql[j])) j++
      spans.push({ start: i, end: j, key: `$${sql.slice(i + 1, j)}` })
      i = j
    } else if (c === ':' && next === ':') {
      i += 2 // pg cast
    } else if (c === ':' && next !== undefined && IDENT.test(next) && (i === 0 || !/[A-Za-z0-9_:]/.test(sql[i - 1]))) {
      let j = i + 1
      while (j < n && IDENT.test(sql[j])) j++
      const name = sql.slice(i + 1, j)
      // `:1` style numbers are positions, like `$1`
      spans.push({ start: i, end: j, key: /^\d+$/.test(name) ? `$${name}` : name })
      i = j
    } else {
      i++
    }
  }

  let params: Array<string | null> = []
  const occurrences: number[] = []
  const positional = spans.length > 0 && spans.every(s => s.key !== null && /^\$\d+$/.test(s.key))
  if (positional) {
    // `$2 ... $1` binds by number, not by order of appearance
    const max = Math.max(...spans.map(s => Number((s.key as string).slice(1))))
    if (max > 65535) throw new BRIDGE_ERR_INVALID_PARAMS('params.sql', `placeholder $${max} is out of range`)
    params = Array.from({ length: max }, (_, k) => `$${k + 1}`)
    for (const s of spans) occurrences.push(Number((s.key as string).slice(1)) - 1)
  } else {
    const byName = new Map<string, number>()
    for (const s of spans) {
      if (s.key === null) { params.push(null); occurrences.push(params.length - 1); continue }
      let idx = byName.get(s.key)
      if (idx === undefined) { idx = params.length; params.push(s.key); byName.set(s.key, idx) }
      occurrences.push(idx)
    }
  }
  let out = ''
  let last = 0
  const positions: number[] = []
  spans.forEach((s, k) => {
    out += sql.slice(last, s.start)
    positions.push(out.length)
    out += style === 'pg' ? `$${occurrences[k] + 1}` : style === 'qmark' ? '?' : `:${k + 1}`
    last = s.end
  })
  out += sql.slice(last)
  return { sql: out, params, occurrences, positions }
}

function skipQuoted (sql: string, start: number, q: string, backslash: boolean): number {
  let i = start + 1
  while (i < sql.length) {
    const c = sql[i]
    if (backslash && c === '\\') { i += 2; continue }
    if (c === q) {
      if (sql[i + 1] === q) { i += 2; continue }
      return i + 1
    }
    i++
  }
  return i
}

/**
 * Orders bind values for the driver: an array is positional over the distinct
 * parameters, an object is keyed by name (`name`, `:name`, `$1`, `1`).
 */
export function orderValues (t: Translated, values: unknown[] | Record<string, unknown> | undefined, style: PlaceholderStyle): unknown[] {
  let distinct: unknown[]
  if (values === undefined) distinct = []
  else if (Array.isArray(values)) distinct = values
  else {
    distinct = t.params.map((p, k) => {
      const keys = p === null ? [String(k + 1), `$${k + 1}`, `:${k + 1}`] : [p, `:${p}`, p.replace(/^\$/, ''), `:${p.replace(/^\$/, '')}`]
      for (const key of keys) if (Object.prototype.hasOwnProperty.call(values, key)) return values[key]
      throw new BRIDGE_ERR_INVALID_PARAMS('params.bind_values', `no value for placeholder ${p === null ? `#${k + 1}` : p}`)
    })
  }
  if (distinct.length !== t.params.length) throw new BindCountError('params.bind_values', distinct.length, t.params.length)
  return style === 'pg' ? distinct : t.occurrences.map(o => distinct[o])
}
