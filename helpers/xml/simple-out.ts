// XML::Simple 2.25's XMLout (value_to_xml, hash_to_array, sorted_keys), step
// for step. The data arrives decoded from the facade's packed request: hashes,
// arrays, strings, null (undef), and byte values that stand for what Perl
// cannot send (a marker the facade writes: "ref:CODE" for a reference
// XMLout cannot encode, "circular" for a reference back to an ancestor), so
// the error is raised where XML::Simple would raise it.
import { perlString, perlTrue, simpleOptions, XmlSimpleError, type RawSimpleOptions, type SimpleOptions } from './simple-options.js'

export type SimpleOutOptions = RawSimpleOptions

type Hash = Record<string, unknown>

function isHash (v: unknown): v is Hash {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)
}

function isRef (v: unknown): boolean {
  return v !== null && typeof v === 'object'
}

/** Perl's `sort`: by code point (JavaScript's default compares UTF-16 units, which differs past U+FFFF). */
function byCodePoint (a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number
    const y = b.codePointAt(i) as number
    if (x !== y) return x - y
    if (x > 0xffff) i++
  }
  return a.length - b.length
}

function sortKeys (keys: string[]): string[] {
  return keys.sort(byCodePoint)
}

const NEEDS_ESCAPE = /[&<>"]/

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/'

/** Perl's magic string increment ('aaa'++ is 'aab', 'aaz'++ is 'aba'), as XMLout names the namespace prefixes it invents. */
function perlIncrement (s: string): string {
  const chars = s.split('')
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] !== 'z') { chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1); return chars.join('') }
    chars[i] = 'a'
  }
  return 'a' + chars.join('')
}

/** {uri}local names (NSExpand): [uri, local], or null for a plain name (XML::NamespaceSupport's parse_jclark_notation). */
function jclark (qname: string): [string, string] | null {
  const m = /^\{([^}]*)\}([\s\S]*)$/.exec(qname)
  return m === null ? null : [m[1], m[2]]
}

class Writer {
  /** NSExpand's namespace contexts (prefix -> URI), innermost last; null without NSExpand */
  readonly ns: Array<Map<string, string>> | null
  nsPrefix = 'aaa'

  constructor (readonly o: SimpleOptions, readonly warn: (message: string) => void) {
    this.ns = o.nsexpand ? [new Map()] : null
  }

  private nsUri (prefix: string): string | undefined {
    for (let i = (this.ns as Array<Map<string, string>>).length - 1; i >= 0; i--) {
      const u = (this.ns as Array<Map<string, string>>)[i].get(prefix)
      if (u !== undefined) return u
    }
    return undefined
  }

  private nsPrefixOf (uri: string): string | undefined {
    const seen = new Set<string>()
    for (let i = (this.ns as Array<Map<string, string>>).length - 1; i >= 0; i--) {
      for (const [p, u] of (this.ns as Array<Map<string, string>>)[i]) {
        if (seen.has(p)) continue
        seen.add(p)
        if (u === uri && p !== '') return p
      }
    }
    return undefined
  }

  /** XMLout's NSExpand: {uri}name keys become prefix:name, with the declarations the element needs. */
  private expandNs (h: Hash): [Hash, string] {
    const ns = this.ns as Array<Map<string, string>>
    const ref = Object.assign(Object.create(null) as Hash, h)
    const ctx = new Map<string, string>()
    ns.push(ctx)
    let decls = ''
    if ('xmlns' in ref) {
      ctx.set('', perlString(ref.xmlns))
      decls += ` xmlns="${perlString(ref.xmlns)}"`
      delete ref.xmlns
    }
    const defaultUri = this.nsUri('')
    for (const q of Object.keys(ref)) {
      const j = jclark(q)
      if (j !== null && j[0] === XMLNS_NS) {
        ctx.set(j[1], perlString(ref[q]))
        decls += ` xmlns:${j[1]}="${perlString(ref[q])}"`
        delete ref[q]
      }
    }
    for (const q of Object.keys(ref)) {
      const j = jclark(q)
      if (j === null || j[0] === '') continue
      const [uri, local] = j
      const v = ref[q]
      delete ref[q]
      if (defaultUri !== undefined && defaultUri !== '' && uri === defaultUri) { ref[local] = v; continue }
      let prefix = this.nsPrefixOf(uri)
      if (prefix === undefined) {
        prefix = this.nsPrefix
        this.nsPrefix = perlIncrement(this.nsPrefix)
        ctx.set(prefix, uri)
        decls += ` xmlns:${prefix}="${uri}"`
      }
      ref[`${prefix}:${local}`] = v
    }
    return [ref, decls]
  }

  escape (value: unknown): string {
    if (value === null || value === undefined) return ''
    let s = perlString(value)
    if (NEEDS_ESCAPE.test(s)) s = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    const level = this.o.numericescape
    if (level === null) return s
    const limit = level === '2' ? 0x7f : 0xff
    let out = ''
    for (const ch of s) {
      const cp = ch.codePointAt(0) as number
      out += cp > limit ? `&#${cp};` : ch
    }
    return out
  }

  raw (value: unknown): string {
    if (value === null || value === undefined) { this.warn('Use of uninitialized value in join or string'); return '' }
    return perlString(value)
  }

  text (value: unknown): string { return this.o.noescape ? this.raw(value) : this.escape(value) }

  refError (v: unknown): never {
    if (v instanceof Uint8Array) {
      const what = Buffer.from(v).toString('utf8')
      if (what === 'circular') throw new XmlSimpleError('circular data structures not supported')
      throw new XmlSimpleError(`Can't encode a value of type: ${what.replace(/^ref:/, '')}`)
    }
    throw new XmlSimpleError(`Can't encode a value of type: ${typeof v}`)
  }

  sortedKeys (name: string, ref: Hash): string[] {
    const all = Object.keys(ref)
    if (this.o.nosort) return all
    const ka = this.o.keyattr
    const first: string[] = []
    let rest = all
    if (ka !== null && !Array.isArray(ka)) {
      const spec = ka[name]
      if (spec !== undefined && spec[0] in ref) { first.push(spec[0]); rest = all.filter(k => k !== spec[0]) }
    } else if (Array.isArray(ka)) {
      for (const k of ka) {
        if (k in ref) { first.push(k); rest = all.filter(x => x !== k); break }
      }
    }
    return first.concat(sortKeys(rest))
  }

  hashToArray (parent: string, ref: Hash): Hash | Hash[] {
    const keys = this.o.nosort ? Object.keys(ref) : sortKeys(Object.keys(ref))
    const out: Hash[] = []
    const ka = this.o.keyattr
    for (const key of keys) {
      const value = ref[key]
      if (!isHash(value)) return ref
      const h = Object.create(null) as Hash
      if (ka !== null && !Array.isArray(ka)) {
        const spec = ka[parent]
        if (spec === undefined) return ref
        h[spec[0]] = key
      } else if (ka !== null) {
        h[ka[0]] = key
      }
      out.push(Object.assign(h, value))
    }
    return out
  }

  toXml (ref: unknown, name: string, indent: string): string {
    const o = this.o
    const named = name !== ''
    let nl = '\n'
    const isRoot = indent === ''
    if (o.noindent) { indent = ''; nl = '' }

    if (!isRef(ref)) {
      if (named) return indent + '<' + name + '>' + this.text(ref) + '</' + name + '>' + nl
      return this.raw(ref) + nl
    }
    if (ref instanceof Uint8Array) this.refError(ref)

    if (isHash(ref) && o.keyattr !== null && !isRoot && Object.keys(ref).length > 0) ref = this.hashToArray(name, ref)

    const result: string[] = []
    if (isHash(ref)) {
      let h = ref
      if (o.grouptags !== null) {
        h = Object.assign(Object.create(null) as Hash, h)
        for (const k of Object.keys(h)) {
          const inner = o.grouptags.get(k)
          if (inner !== undefined && perlTrue(inner)) {
            const g = Object.create(null) as Hash
            g[inner] = h[k]
            h[k] = g
          }
        }
      }
      let nsdecls = ''
      if (this.ns !== null) [h, nsdecls] = this.expandNs(h)
      const nested: string[] = []
      let textContent: string | undefined
      if (named) result.push(indent, '<', name, nsdecls)
      const keys = Object.keys(h)
      if (keys.length > 0) {
        let firstArg = true
        for (const key of this.sortedKeys(name, h)) {
          let value = h[key]
          if (key.startsWith('-')) continue
          if (value === null || value === undefined) {
            if (o.suppressempty !== null && perlTrue(o.suppressempty.value)) continue
            if (!(o.suppressempty !== null && (o.suppressempty.value === null || o.suppressempty.value === undefined))) this.warn('Use of uninitialized value')
            if (key === o.contentkey) textContent = ''
            else value = o.suppressempty !== null ? Object.create(null) : ''
          }
          if (!isRef(value) && o.valueattr !== null && o.valueattr.has(key)) {
            const w = Object.create(null) as Hash
            w[o.valueattr.get(key) as string] = value
            value = w
          }
          if (isRef(value) || o.noattr) {
            nested.push(this.toXml(value, key, indent + '  '))
          } else if (key === o.contentkey) {
            // NoEscape leaves an undef content undef: the element is then written empty
            textContent = o.noescape ? (value === null || value === undefined ? undefined : perlString(value)) : this.escape(value)
          } else {
            const v = o.noescape ? this.raw(value) : this.escape(value)
            if (o.attrindent && !firstArg) result.push('\n' + indent + ' ' + ' '.repeat([...name].length))
            result.push(' ', key, '="', v, '"')
            firstArg = false
          }
        }
      } else {
        textContent = ''
      }
      if (nested.length > 0 || textContent !== undefined) {
        if (named) {
          result.push('>')
          if (textContent !== undefined) {
            result.push(textContent)
            if (nested.length > 0) nested[0] = nested[0].replace(/^\s+/, '')
          } else {
            result.push(nl)
          }
          if (nested.length > 0) result.push(...nested, indent)
          result.push('</', name, '>', nl)
        } else {
          result.push(...nested)
        }
      } else {
        result.push(' />', nl)
      }
      if (this.ns !== null) this.ns.pop()
    } else if (Array.isArray(ref)) {
      for (const value of ref) {
        if ((value === null || value === undefined) && o.suppressempty !== null && perlTrue(o.suppressempty.value)) continue
        if (!isRef(value)) {
          result.push(indent, '<', name, '>', o.noescape ? this.raw(value) : this.escape(value), '</', name, '>' + nl)
        } else if (isHash(value)) {
          result.push(this.toXml(value, name, indent))
        } else {
          result.push(indent, '<', name, '>' + nl, this.toXml(value, 'anon', indent + '  '), indent, '</', name, '>' + nl)
        }
      }
    } else {
      this.refError(ref)
    }
    return result.join('')
  }
}

/**
 * XMLout's text for `data`. `warn` gets the warnings XML::Simple carps
 * ('Use of uninitialized value' for an undef it writes). OutputFile and
 * Handler are the facade's: it writes the returned text itself.
 * With the option '-warnings' (the facade's; no XML::Simple option starts
 * with '-') the text is preceded by the number of those warnings and a
 * newline, so the worker op's string carries them to the facade.
 */
export function simpleOut (data: unknown, options: SimpleOutOptions, warn?: (message: string) => void): string {
  const { '-warnings': counted, ...rest } = options
  let warnings = 0
  const o = simpleOptions(rest)
  let ref = data
  let rootname = o.rootname
  if (Array.isArray(ref)) { const h = Object.create(null) as Hash; h.anon = ref; ref = h }
  if (o.keeproot) {
    // keys(%$ref) under strict refs, as the module does it
    if (ref === null || ref === undefined) throw new XmlSimpleError('Can\'t use an undefined value as a HASH reference')
    if (!isRef(ref)) throw new XmlSimpleError(`Can't use string ("${perlString(ref).slice(0, 32)}"${perlString(ref).length > 32 ? '...' : ''}) as a HASH ref while "strict refs" in use`)
    if (isHash(ref)) {
      const keys = Object.keys(ref)
      if (keys.length === 1) { ref = ref[keys[0]]; rootname = keys[0] }
    }
  } else if (rootname === '' && isHash(ref)) {
    const copy = Object.create(null) as Hash
    for (const k of Object.keys(ref)) { const v = ref[k]; copy[k] = isRef(v) ? v : [v] }
    ref = copy
  }
  let xml = new Writer(o, m => { warnings++; warn?.(m) }).toXml(ref, rootname, '')
  if (o.xmldecl !== null) xml = o.xmldecl + '\n' + xml
  return counted !== undefined ? `${warnings}\n${xml}` : xml
}

export { XmlSimpleError }
