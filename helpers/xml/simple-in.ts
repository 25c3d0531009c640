// XML::Simple 2.25's XMLin collapse, step for step (its collapse,
// array_to_hash, collapse_content), over the element tree of sax-tree.ts.
// Hashes are null-prototype objects: an element may be named __proto__.
import type { XmlElement } from './sax-tree.js'
import { XmlParseError } from './limits.js'
import { simpleOptions, XmlSimpleError, type RawSimpleOptions, type SimpleOptions } from './simple-options.js'

export type SimpleInOptions = RawSimpleOptions

type Hash = Record<string, unknown>

/** Perl's \s on character strings (XML::Parser hands XML::Simple those): Unicode whitespace, \x85 included, \uFEFF not. */
const WS_ONLY = /^[\t\n\x0B\f\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$/
const WS_LEAD = /^[\t\n\x0B\f\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/
const WS_TRAIL = /[\t\n\x0B\f\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$/
const WS_RUN = /[\t\n\x0B\f\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]{2,}/g
// ${name} in attribute values takes dots, in text only word characters (as XML::Simple's two regexes differ)
const VAR_IN_ATTR = /\$\{([\p{L}\p{M}\p{Nd}\p{Pc}.]+)\}/gu
const VAR_IN_TEXT = /\$\{([\p{L}\p{M}\p{Nd}\p{Pc}]+)\}/gu

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/'
const XML_NS = 'http://www.w3.org/XML/1998/namespace'

export function normaliseSpace (text: string): string {
  return text.replace(WS_LEAD, '').replace(WS_TRAIL, '').replace(WS_RUN, ' ')
}

// Every hash inherits from one empty object with no prototype: `in` sees no
// Object.prototype names, "__proto__" is a plain key, and the objects stay in
// V8's fast mode (Object.create(null) ones are dictionaries: 2x slower to fill and to pack).
const HASH_PROTO = Object.freeze(Object.create(null) as object)
function newHash (): Hash { return Object.create(HASH_PROTO) as Hash }

function isHash (v: unknown): v is Hash {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

class Collapser {
  constructor (readonly o: SimpleOptions, readonly warn: (message: string) => void) {}

  dieOrWarn (message: string): void {
    if (this.o.strictmode) throw new XmlSimpleError(message)
    this.warn(`Warning: ${message}`)
  }

  getVar (name: string): string {
    const v = this.o.variables?.get(name)
    return v ?? '${' + name + '}'
  }

  forced (key: string): boolean {
    const fa = this.o.forcearray
    if (fa === 1) return true
    if (fa === 0) return false
    if (fa.names.has(key)) return true
    for (const re of fa.regexes) if (re.test(key)) return true
    return false
  }

  collapse (attrs: Array<[string, string]>, children: Array<XmlElement | string>): unknown {
    const o = this.o
    const attr = newHash()
    let count = 0
    if (!o.noattr) {
      for (const [k, raw] of attrs) {
        let v = o.normalisespace === 2 ? normaliseSpace(raw) : raw
        if (o.variables !== null) v = v.replace(VAR_IN_ATTR, (_s, n: string) => this.getVar(n))
        if (!(k in attr)) count++
        attr[k] = v
      }
    }
    if (children.length === 0 && count === 1 && o.valueattrlist !== null) {
      for (const k in attr) if (o.valueattrlist.has(k)) return attr[k]
    }

    const last = children.length - 1
    for (let i = 0; i <= last; i++) {
      const child = children[i]
      let key: string
      let val: unknown
      if (typeof child === 'string') {
        if (WS_ONLY.test(child)) continue
        let text = o.normalisespace === 2 ? normaliseSpace(child) : child
        if (o.variables !== null) text = text.replace(VAR_IN_TEXT, (_s, n: string) => this.getVar(n))
        if (o.varattr !== null && o.varattr in attr) o.variables?.set(String(attr[o.varattr]), text)
        if (count === 0 && i === last) {
          if (!o.forcecontent) return text
          const h = newHash()
          h[o.contentkey] = text
          return h
        }
        key = o.contentkey
        val = text
      } else {
        val = this.collapse(child.attrs, child.children)
        if (val === null && o.suppressempty !== null && perlTrueValue(o.suppressempty.value)) continue
        key = child.name
      }
      if (key in attr) {
        const cur = attr[key]
        if (Array.isArray(cur)) cur.push(val)
        else attr[key] = [cur, val]
      } else {
        count++
        if (Array.isArray(val)) attr[key] = [val]
        else if (key !== o.contentkey && this.forced(key)) attr[key] = [val]
        else attr[key] = val
      }
    }

    if (o.keyattr !== null) {
      for (const k in attr) {
        const v = attr[k]
        if (Array.isArray(v)) attr[k] = this.arrayToHash(k, v)
      }
    }
    if (o.grouptags !== null) {
      for (const k in attr) {
        const v = attr[k]
        if (!isHash(v)) continue
        const inner = Object.keys(v)
        if (inner.length !== 1 || !o.grouptags.has(k)) continue
        if (o.grouptags.get(k) === inner[0]) attr[k] = v[inner[0]]
      }
    }
    if (count === 1 && 'anon' in attr && Array.isArray(attr.anon)) return attr.anon
    if (count === 0 && o.suppressempty !== null) {
      const se = o.suppressempty.value
      return se !== null && se !== undefined && String(se) === '' ? '' : null
    }
    if (o.valueattr !== null) {
      for (const k in attr) {
        const name = o.valueattr.get(k)
        if (name === undefined) continue
        const v = attr[k]
        if (!isHash(v)) continue
        const inner = Object.keys(v)
        if (inner.length === 1 && inner[0] === name) attr[k] = v[name]
      }
    }
    return attr
  }

  arrayToHash (name: string, list: unknown[]): unknown {
    const o = this.o
    const out = newHash()
    const ka = o.keyattr
    if (ka === null) return list
    if (!Array.isArray(ka)) {
      const spec = ka[name]
      if (spec === undefined) return list
      const [key, flag] = spec
      for (const item of list) {
        if (isHash(item) && key in item) {
          const val = item[key]
          if (val !== null && typeof val === 'object') {
            this.dieOrWarn(`<${name}> element has non-scalar '${key}' key attribute`)
            return list
          }
          let k = val === null || val === undefined ? '' : String(val)
          if (o.normalisespace === 1) k = normaliseSpace(k)
          if (k in out) this.dieOrWarn(`<${name}> element has non-unique value in '${key}' key attribute: ${k}`)
          const copy = newHash()
          for (const f in item) if (f !== key || flag === '+') copy[f] = item[f]
          if (flag === '-') copy[`-${key}`] = val
          out[k] = copy
        } else {
          this.dieOrWarn(`<${name}> element has no '${key}' key attribute`)
          return list
        }
      }
    } else {
      element: for (const item of list) {
        if (!isHash(item)) return list
        for (const key of ka) {
          const val = item[key]
          if (val === null || val === undefined || !(key in item)) continue
          if (typeof val === 'object') {
            if (!o.keyattrDefault) this.dieOrWarn(`<${name}> element has non-scalar '${key}' key attribute`)
            return list
          }
          let k = String(val)
          if (o.normalisespace === 1) k = normaliseSpace(k)
          if (k in out) this.dieOrWarn(`<${name}> element has non-unique value in '${key}' key attribute: ${k}`)
          const copy = newHash()
          for (const f in item) if (f !== key) copy[f] = item[f]
          out[k] = copy
          continue element
        }
        return list
      }
    }
    return o.collapseagain ? this.collapseContent(out) : out
  }

  collapseContent (h: Hash): Hash {
    const ck = this.o.contentkey
    for (const k in h) {
      const v = h[k]
      if (!isHash(v)) return h
      const inner = Object.keys(v)
      if (inner.length !== 1 || inner[0] !== ck) return h
    }
    for (const k in h) h[k] = (h[k] as Hash)[ck]
    return h
  }
}

function perlTrueValue (v: unknown): boolean {
  if (v === null || v === undefined || v === false) return false
  if (typeof v === 'string') return v !== '' && v !== '0'
  if (typeof v === 'number') return v !== 0
  return true
}

/**
 * The element and attribute names XML::SAX gives with NSExpand: {uri}local
 * for names in a namespace, 'xmlns' for a default declaration and
 * {http://www.w3.org/2000/xmlns/}p for a prefixed one.
 */
function expandNames (el: XmlElement, outer: Map<string, string>): XmlElement {
  let scope = outer
  for (const [k, v] of el.attrs) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (scope === outer) scope = new Map(outer)
      scope.set(k === 'xmlns' ? '' : k.slice(6), v)
    }
  }
  const qualify = (qname: string, isAttr: boolean): string => {
    const colon = qname.indexOf(':')
    if (colon < 0) {
      if (isAttr) return qname
      const uri = scope.get('')
      return uri !== undefined && uri !== '' ? `{${uri}}${qname}` : qname
    }
    const prefix = qname.slice(0, colon)
    const local = qname.slice(colon + 1)
    const uri = prefix === 'xml' ? XML_NS : scope.get(prefix)
    if (uri === undefined || uri === '') throw new XmlParseError(`unbound prefix in ${qname}`)
    return `{${uri}}${local}`
  }
  const attrs: Array<[string, string]> = el.attrs.map(([k, v]): [string, string] => {
    if (k === 'xmlns') return ['xmlns', v]
    if (k.startsWith('xmlns:')) return [`{${XMLNS_NS}}${k.slice(6)}`, v]
    return [qualify(k, true), v]
  })
  const children = el.children.map(c => typeof c === 'string' ? c : expandNames(c, scope))
  return { name: qualify(el.name, false), attrs, children }
}

/**
 * XMLin's result for a parsed document. `warn` gets XML::Simple's
 * "Warning: ..." texts (folding problems) in the order they arise; in strict
 * mode they are thrown as XmlSimpleError instead. With the option
 * '-warnings' (no XML::Simple option can start with '-'; the facade's
 * method sets it) the result is {value, warnings}, so the worker op that
 * packs it carries the warnings to the facade, which carps them.
 */
export function simpleIn (root: XmlElement, options: SimpleInOptions, warn?: (message: string) => void): unknown {
  const { '-warnings': wrap, ...rest } = options
  const warnings: string[] = []
  const o = simpleOptions(rest)
  const tree = o.nsexpand ? expandNames(root, new Map()) : root
  const c = new Collapser(o, warn ?? (m => { warnings.push(m) }))
  const value = o.keeproot ? c.collapse([], [tree]) : c.collapse(tree.attrs, tree.children)
  return wrap !== undefined ? { value, warnings } : value
}

export { XmlSimpleError }
