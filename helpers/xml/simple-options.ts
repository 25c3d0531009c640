// XML::Simple's option handling (handle_options), once for XMLin and XMLout.
// The Perl facade checks what XML::Simple croaks about (unknown names, strict
// mode, GroupTags shape) so the croak points at the script's line; here the
// values become what collapse/value_to_xml consult.
import { BackendError } from '../../src/errors.js'

/**
 * What XML::Simple croaks with (a KeyAttr clash in strict mode, a bad
 * option value, circular data): the caller's mistake, its message word for
 * word so the facade croaks with the same text (backend_code 'xml_simple').
 */
export class XmlSimpleError extends BackendError {
  constructor (message: string) { super(message, 'xml_simple') }
}

/** Options as a client sends them: any case, underscores allowed (Key_Attr). */
export type RawSimpleOptions = Record<string, unknown>

export interface KeyAttrHash { [element: string]: [string, '' | '+' | '-'] }

export interface SimpleOptions {
  /** null: folding off (an empty KeyAttr list) */
  keyattr: string[] | KeyAttrHash | null
  keyattrDefault: boolean
  forcearray: 0 | 1 | { names: Set<string>, regexes: RegExp[] }
  keeproot: boolean
  forcecontent: boolean
  contentkey: string
  collapseagain: boolean
  noattr: boolean
  /** exists in the options; its value (null for undef) */
  suppressempty: { value: unknown } | null
  grouptags: Map<string, string> | null
  valueattr: Map<string, string> | null
  valueattrlist: Set<string> | null
  normalisespace: number
  nsexpand: boolean
  variables: Map<string, string> | null
  varattr: string | null
  // XMLout
  rootname: string
  xmldecl: string | null
  noescape: boolean
  noindent: boolean
  attrindent: boolean
  nosort: boolean
  numericescape: string | null
  strictmode: boolean
}

const DEF_KEY_ATTR = ['name', 'key', 'id']
const DEF_XML_DECL = "<?xml version='1.0' standalone='yes'?>"

/** Perl's truth: undef, '', '0' and 0 are false. */
export function perlTrue (v: unknown): boolean {
  if (v === null || v === undefined || v === false) return false
  if (typeof v === 'string') return v !== '' && v !== '0'
  if (typeof v === 'number') return v !== 0
  return true
}

/** Perl's stringification of a scalar a client sent (JSON numbers and booleans included). */
export function perlString (v: unknown): string {
  if (v === null || v === undefined || v === false) return ''
  if (v === true) return '1'
  return String(v)
}

function perlNumber (v: unknown): number {
  if (typeof v === 'number') return v
  const m = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(perlString(v))
  return m === null ? 0 : Number(m[0])
}

function isPlainHash (v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)
}

/**
 * A qr// as Perl stringifies it, "(?^i:body)", as a JavaScript RegExp.
 * What JavaScript lacks and is refused with a clear error: possessive
 * quantifiers, atomic groups, recursion, \G, conditionals, inline modifiers
 * inside the body, \Q..\E. /x is honoured by dropping whitespace and comments.
 */
export function perlRegex (text: string, option: string): RegExp {
  const m = /^\(\?\^?([a-z]*)(?:-[a-z]*)?:([\s\S]*)\)$/.exec(text)
  let flags = m === null ? '' : m[1]
  let body = m === null ? text : m[2]
  if (flags.includes('x')) body = body.replace(/\\#/g, '\u0000').replace(/#[^\n]*/g, '').replace(/(\\.)|\s+/g, (s, esc: string | undefined) => esc ?? '').replace(/\u0000/g, '\\#')
  body = body.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$')
  const js = [...new Set(flags.split(''))].filter(f => f === 'i' || f === 'm' || f === 's').join('')
  flags = js
  try {
    if (/\(\?[<>]?[^:=!<'PRC]|[*+?}]\+|\(\?>|\\[GKQEhHRX]|\(\?\(/.test(body.replace(/\\\\/g, ''))) throw new Error('unsupported')
    return new RegExp(body, flags)
  } catch {
    throw new XmlSimpleError(`${option}: the Perl regex ${text} uses a feature JavaScript regular expressions lack (atomic groups, possessive quantifiers, recursion, \\G, \\K, \\Q, conditionals, inline modifiers)`)
  }
}

/** A ForceArray list entry that is a regex: qr// stringifies to "(?^...:...)", which no element name can be. */
export function isRegexText (v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('(?')
}

function normaliseNames (raw: RawSimpleOptions): Map<string, unknown> {
  const opt = new Map<string, unknown>()
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue
    opt.set(k.toLowerCase().replace(/_/g, ''), v)
  }
  return opt
}

/** XML::Simple's handle_options for one call (XMLin and XMLout read the same names; each ignores the other's). */
export function simpleOptions (raw: RawSimpleOptions | null | undefined): SimpleOptions {
  const opt = normaliseNames(raw ?? {})
  const o: SimpleOptions = {
    keyattr: null,
    keyattrDefault: false,
    forcearray: 0,
    keeproot: perlTrue(opt.get('keeproot')),
    forcecontent: perlTrue(opt.get('forcecontent')),
    contentkey: 'content',
    collapseagain: false,
    noattr: perlTrue(opt.get('noattr')),
    suppressempty: opt.has('suppressempty') ? { value: opt.get('suppressempty') } : null,
    grouptags: null,
    valueattr: null,
    valueattrlist: null,
    normalisespace: 0,
    nsexpand: perlTrue(opt.get('nsexpand')),
    variables: null,
    varattr: perlTrue(opt.get('varattr')) ? perlString(opt.get('varattr')) : null,
    rootname: 'opt',
    xmldecl: null,
    noescape: perlTrue(opt.get('noescape')),
    noindent: perlTrue(opt.get('noindent')),
    attrindent: perlTrue(opt.get('attrindent')),
    nosort: perlTrue(opt.get('nosort')),
    numericescape: perlTrue(opt.get('numericescape')) ? perlString(opt.get('numericescape')) : null,
    strictmode: perlTrue(opt.get('strictmode')),
  }
  if (opt.has('rootname')) o.rootname = perlString(opt.get('rootname'))
  const decl = opt.get('xmldecl')
  if (perlTrue(decl)) o.xmldecl = perlString(decl) === '1' ? DEF_XML_DECL : perlString(decl)
  if (opt.has('contentkey')) {
    const ck = perlString(opt.get('contentkey'))
    const m = /^-([\s\S]*?)\n?$/.exec(ck)
    if (m !== null && ck.startsWith('-')) { o.contentkey = m[1]; o.collapseagain = true } else o.contentkey = ck
  }
  const ns = opt.has('normalisespace') ? opt.get('normalisespace') : opt.get('normalizespace')
  o.normalisespace = perlNumber(ns ?? 0)

  if (opt.has('forcearray')) {
    let fa = opt.get('forcearray')
    // ForceArray => qr/.../ alone is a list of one regex, as handle_options makes it
    if (typeof fa === 'string' && fa.startsWith('(?^')) fa = [fa]
    if (Array.isArray(fa)) {
      if (fa.length > 0) {
        const names = new Set<string>()
        const regexes: RegExp[] = []
        for (const tag of fa) {
          if (isRegexText(tag)) regexes.push(perlRegex(tag, 'ForceArray'))
          else names.add(perlString(tag))
        }
        o.forcearray = { names, regexes }
      }
    } else o.forcearray = perlTrue(fa) ? 1 : 0
  }

  if (opt.has('keyattr')) {
    const ka = opt.get('keyattr')
    if (Array.isArray(ka)) {
      o.keyattr = ka.length === 0 ? null : ka.map(perlString)
    } else if (isPlainHash(ka)) {
      const h: KeyAttrHash = Object.create(null) as KeyAttrHash
      for (const [el, v] of Object.entries(ka)) {
        const s = perlString(v)
        const flag = s.startsWith('+') ? '+' : s.startsWith('-') ? '-' : ''
        h[el] = [flag === '' ? s : s.slice(1), flag]
      }
      o.keyattr = h
    } else o.keyattr = [perlString(ka)]
  } else {
    o.keyattr = [...DEF_KEY_ATTR]
  }
  o.keyattrDefault = Array.isArray(o.keyattr) && o.keyattr.join(',') === DEF_KEY_ATTR.join(',')

  const va = opt.get('valueattr')
  if (Array.isArray(va)) o.valueattrlist = new Set(va.map(perlString))
  else if (isPlainHash(va)) o.valueattr = new Map(Object.entries(va).filter(([, v]) => perlTrue(v)).map(([k, v]) => [k, perlString(v)]))

  const gt = opt.get('grouptags')
  if (perlTrue(gt)) {
    if (!isPlainHash(gt)) throw new XmlSimpleError("Illegal value for 'GroupTags' option - expected a hashref")
    o.grouptags = new Map(Object.entries(gt).map(([k, v]) => [k, perlString(v)]))
    for (const [k, v] of o.grouptags) if (k === v) throw new XmlSimpleError(`Bad value in GroupTags: '${k}' => '${v}'`)
  }
  const vars = opt.get('variables')
  if (perlTrue(vars)) {
    if (!isPlainHash(vars)) throw new XmlSimpleError("Illegal value for 'Variables' option - expected a hashref")
    o.variables = new Map(Object.entries(vars).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, perlString(v)]))
  } else if (o.varattr !== null) o.variables = new Map()
  return o
}
