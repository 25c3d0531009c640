// Which files a SQLite statement opens besides its connection's own: ATTACH
// DATABASE <file> and VACUUM ... INTO <file>. better-sqlite3 exposes neither
// sqlite3_set_authorizer (whose SQLITE_ATTACH action names the file) nor
// sqlite3_limit(SQLITE_LIMIT_ATTACHED), so a small lexer finds them. It reads
// SQLite's token rules (comments, '' strings, "" `` [] identifiers, blob
// literals, parameters) so text inside data or names is never taken for a
// statement, and it only looks at a statement's leading keywords: a string
// value containing ATTACH is data.

export type TokenKind = 'word' | 'string' | 'ident' | 'blob' | 'param' | 'number' | 'semi' | 'punct'

export interface Token {
  kind: TokenKind
  start: number
  end: number
  /** word: upper-cased text; string/ident: the unquoted value; param: the text (`?`, `?3`, `:a`) */
  value: string
  /** the token as written */
  raw: string
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/

function quoted (sql: string, i: number, close: string, doubled: boolean): { end: number, value: string } {
  let value = ''
  let j = i + 1
  for (;;) {
    const k = sql.indexOf(close, j)
    if (k < 0) return { end: sql.length, value: value + sql.slice(j) }
    value += sql.slice(j, k)
    if (doubled && sql[k + 1] === close) { value += close; j = k + 2; continue }
    return { end: k + 1, value }
  }
}

/** SQLite's tokens, comments and white space dropped. Unterminated quotes/comments run to the end (SQLite then refuses the SQL). */
export function tokenize (sql: string): Token[] {
  const out: Token[] = []
  const push = (kind: TokenKind, start: number, end: number, value: string): void => { out.push({ kind, start, end, value, raw: sql.slice(start, end) }) }
  const n = sql.length
  let i = 0
  while (i < n) {
    const c = sql[i]
    const next = sql[i + 1]
    if (/\s/.test(c)) { i++; continue }
    if (c === '-' && next === '-') { const e = sql.indexOf('\n', i); i = e < 0 ? n : e + 1; continue }
    if (c === '/' && next === '*') { const e = sql.indexOf('*/', i + 2); i = e < 0 ? n : e + 2; continue }
    const start = i
    if ((c === 'x' || c === 'X') && next === "'") {
      const q = quoted(sql, i + 1, "'", false)
      push('blob', start, q.end, q.value); i = q.end
    } else if (c === "'") {
      const q = quoted(sql, i, "'", true)
      push('string', start, q.end, q.value); i = q.end
    } else if (c === '"' || c === '`') {
      const q = quoted(sql, i, c, true)
      push('ident', start, q.end, q.value); i = q.end
    } else if (c === '[') {
      const e = sql.indexOf(']', i + 1)
      const end = e < 0 ? n : e + 1
      push('ident', start, end, sql.slice(i + 1, e < 0 ? n : e)); i = end
    } else if (c === '?') {
      let j = i + 1
      while (j < n && /[0-9]/.test(sql[j])) j++
      push('param', start, j, sql.slice(i, j)); i = j
    } else if ((c === ':' || c === '@' || c === '$') && next !== undefined && WORD_PART.test(next)) {
      let j = i + 1
      while (j < n && WORD_PART.test(sql[j])) j++
      push('param', start, j, sql.slice(i, j)); i = j
    } else if (WORD_START.test(c)) {
      let j = i + 1
      while (j < n && WORD_PART.test(sql[j])) j++
      push('word', start, j, sql.slice(i, j).toUpperCase()); i = j
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      let j = i + 1
      while (j < n && /[0-9A-Za-z_.]/.test(sql[j])) j++
      push('number', start, j, sql.slice(i, j)); i = j
    } else if (c === ';') {
      push('semi', start, i + 1, ';'); i++
    } else {
      push('punct', start, i + 1, c); i++
    }
  }
  return out
}

export interface Piece { start: number, end: number, tokens: Token[] }

/**
 * The statements of a `;`-separated script, each with its tokens (the `;`
 * included in its span). Like sqlite3_complete(), a `;` inside CREATE
 * TRIGGER ends the statement only after END.
 */
export function splitStatements (sql: string, tokens = tokenize(sql)): Piece[] {
  const out: Piece[] = []
  let cur: Token[] = []
  let start = 0
  for (const t of tokens) {
    if (cur.length === 0) start = t.start
    cur.push(t)
    if (t.kind !== 'semi') continue
    if (isTrigger(cur) && cur[cur.length - 2]?.value !== 'END') continue
    out.push({ start, end: t.end, tokens: cur })
    cur = []
  }
  if (cur.length > 0) out.push({ start, end: sql.length, tokens: cur })
  return out.filter(p => p.tokens.some(t => t.kind !== 'semi'))
}

function isTrigger (ts: Token[]): boolean {
  if (ts[0]?.kind !== 'word' || ts[0].value !== 'CREATE') return false
  const k = ts[1]?.value === 'TEMP' || ts[1]?.value === 'TEMPORARY' ? 2 : 1
  return ts[k]?.kind === 'word' && ts[k].value === 'TRIGGER'
}

/** The first keyword of a statement, past EXPLAIN [QUERY PLAN]. */
export function leadingWords (ts: Token[]): Token[] {
  let i = 0
  if (ts[i]?.value === 'EXPLAIN') { i++; if (ts[i]?.value === 'QUERY' && ts[i + 1]?.value === 'PLAN') i += 2 }
  return ts.slice(i)
}

/** keywords that are values, not names: a file name made of one is computed */
const VALUE_WORDS = new Set(['CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'TRUE', 'FALSE'])

/** A file name operand of ATTACH / VACUUM INTO: a literal (string or identifier, both taken as the name), a parameter, or anything else. */
export type FileOperand =
  | { kind: 'literal', token: Token, name: string, what: string }
  | { kind: 'param', token: Token, index: number, what: string }
  | { kind: 'computed', what: string }

/**
 * The file names a statement opens. `params` numbers parameters the way
 * SQLite does (`?` next, `?N` N, a named one its first number), 1-based.
 */
export function fileOperands (stmt: Token[], params: Map<Token, number>): FileOperand[] {
  const ts = leadingWords(stmt).filter(t => t.kind !== 'semi')
  const head = ts[0]
  if (head?.kind !== 'word') return []
  let operand: Token[] | null = null
  let what = ''
  if (head.value === 'ATTACH') {
    const from = ts[1]?.kind === 'word' && ts[1].value === 'DATABASE' ? 2 : 1
    let depth = 0
    let to = ts.length
    for (let i = from; i < ts.length; i++) {
      const t = ts[i]
      if (t.kind === 'punct' && t.value === '(') depth++
      else if (t.kind === 'punct' && t.value === ')') depth--
      else if (depth === 0 && t.kind === 'word' && t.value === 'AS') { to = i; break }
    }
    operand = ts.slice(from, to)
    what = 'ATTACH'
  } else if (head.value === 'VACUUM') {
    const into = ts.findIndex(t => t.kind === 'word' && t.value === 'INTO')
    if (into < 0) return []
    operand = ts.slice(into + 1)
    what = 'VACUUM INTO'
  }
  if (operand === null) return []
  if (operand.length === 1) {
    const t = operand[0]
    // SQLite takes an identifier in ATTACH's file position as its text; NULL is an empty name (a temporary database)
    if (t.kind === 'string' || t.kind === 'ident') return [{ kind: 'literal', token: t, name: t.value, what }]
    if (t.kind === 'word' && t.value === 'NULL') return [{ kind: 'literal', token: t, name: '', what }]
    if (t.kind === 'word' && !VALUE_WORDS.has(t.value)) return [{ kind: 'literal', token: t, name: t.raw, what }]
    if (t.kind === 'param') return [{ kind: 'param', token: t, index: params.get(t) ?? 0, what }]
  }
  return [{ kind: 'computed', what }]
}

/** SQLite's parameter numbers for the parameter tokens of one statement (1-based). */
export function paramNumbers (stmt: Token[]): Map<Token, number> {
  const out = new Map<Token, number>()
  const named = new Map<string, number>()
  let max = 0
  for (const t of stmt) {
    if (t.kind !== 'param') continue
    let n: number
    if (t.value === '?') n = max + 1
    else if (t.value.startsWith('?')) n = Number(t.value.slice(1))
    else n = named.get(t.value) ?? max + 1
    if (!t.value.startsWith('?')) named.set(t.value, n)
    max = Math.max(max, n)
    out.set(t, n)
  }
  return out
}

export interface SqliteFileName {
  /** the path to check, as SQLite will open it (relative or absolute); null: no file (':memory:', '', mode=memory) */
  path: string | null
  /** the name with its path replaced (a URI keeps its query) */
  rebuild: (abs: string) => string
}

/** Splits a file name the way sqlite3ParseUri does (`uri`: `file:` names are URIs). Throws on a URI authority other than localhost. */
export function parseFileName (name: string, uri: boolean): SqliteFileName {
  if (name === '' || name === ':memory:') return { path: null, rebuild: () => name }
  if (!uri || !name.startsWith('file:')) return { path: name, rebuild: abs => abs }
  let rest = name.slice(5)
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2)
    const authority = rest.slice(2, slash < 0 ? rest.length : slash)
    if (authority !== '' && authority !== 'localhost') throw new Error(`invalid uri authority: ${authority}`)
    rest = slash < 0 ? '' : rest.slice(slash)
  }
  const cut = rest.search(/[?#]/)
  const rawPath = cut < 0 ? rest : rest.slice(0, cut)
  const tail = cut < 0 ? '' : rest.slice(cut)
  const query = tail.startsWith('?') ? tail.slice(1).split('#')[0] : ''
  const memory = query.split('&').some(kv => kv === 'mode=memory')
  const decoded = rawPath.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
  const encode = (p: string): string => p.replace(/[%?#]/g, ch => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
  return {
    path: memory || decoded === '' || decoded === ':memory:' ? null : decoded,
    rebuild: abs => `file:${encode(abs)}${tail}`,
  }
}

/** A string as a SQLite string literal. */
export function sqlString (s: string): string {
  return `'${s.replace(/'/g, "''")}'`
}
