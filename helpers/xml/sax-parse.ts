// One safe pass of saxes (pure JS) over a document, for the builders that
// need no libxml2 object afterwards: XMLin's element tree (sax-tree.ts) and
// XML::DOM's node table (sax-table.ts). saxes is used there because walking
// a libxmljs2 document from JavaScript costs about 100 ns per node call
// (0.5 s for a 5 MB file) where saxes parses the same file in 60-80 ms, and
// it reports attributes and namespace declarations in document order.
//
// saxes never reads anything but its input: no network, no DTD, no external
// entity. What libxml2 bounds on the other path is bounded here the same way
// (limits.ts): depth, text-node size, and what internal entities may add.
import { ENTITY_BUDGET_CHARS, MAX_DEPTH, MAX_ENTITY_NESTING, MAX_TEXT_CHARS, XmlParseError, checkSize, type XmlLimits } from './limits.js'
import { decodeXmlBytes } from './source.js'

export interface SaxHandlers {
  open: (name: string, attrs: Record<string, string>) => void
  close: () => void
  /** character data; `cdata` when it came from a CDATA section */
  text: (s: string, cdata: boolean) => void
  comment?: (s: string) => void
  pi?: (target: string, body: string) => void
  xmldecl?: (decl: { version?: string, encoding?: string, standalone?: string }) => void
  /** the DOCTYPE declaration's text after `<!DOCTYPE` */
  doctype?: (raw: string) => void
}

interface SaxesLike {
  ENTITIES: Record<string, string>
  line: number
  column: number
  on: (event: string, handler: (arg: never) => void) => void
  write: (chunk: string) => SaxesLike
  close: () => SaxesLike
}
type SaxesModule = { SaxesParser: new (opt?: { xmlns?: boolean, position?: boolean }) => SaxesLike }

let saxes: SaxesModule | undefined

/** Loads saxes once (a worker calls this before its first parse). */
export async function loadSaxes (): Promise<void> {
  saxes ??= (await import('saxes')) as unknown as SaxesModule
}

const on = <A>(p: SaxesLike, event: string, f: (a: A) => void): void => p.on(event, f as (arg: never) => void)

/**
 * Parses a document, calling the handlers. Bytes are decoded as the BOM or
 * the XML declaration says (UTF-8 by default, invalid sequences refused); a
 * string is characters and its declared encoding is ignored. The first
 * error ends the parse: an XmlParseError with the position.
 */
export function saxParse (input: string | Buffer, limits: XmlLimits, h: SaxHandlers): void {
  if (saxes === undefined) throw new Error('saxParse: saxes not loaded (call loadSaxes first)')
  checkSize(input, limits)
  const text = typeof input === 'string' ? input : decodeXmlBytes(input)
  const parser = new saxes.SaxesParser({ xmlns: false, position: true })
  const fail = (message: string): never => { throw new XmlParseError(message, parser.line, parser.column + 1) }
  let depth = 0
  let roots = 0
  on<{ name: string, attributes: Record<string, string> }>(parser, 'opentag', tag => {
    if (++depth > MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`)
    if (depth === 1) roots++
    h.open(tag.name, tag.attributes)
  })
  on(parser, 'closetag', () => { depth--; h.close() })
  on<string>(parser, 'text', s => {
    if (s.length > MAX_TEXT_CHARS) fail(`text node longer than ${MAX_TEXT_CHARS} characters`)
    h.text(s, false)
  })
  on<string>(parser, 'cdata', s => {
    if (s.length > MAX_TEXT_CHARS) fail(`text node longer than ${MAX_TEXT_CHARS} characters`)
    h.text(s, true)
  })
  if (h.comment !== undefined) on(parser, 'comment', h.comment)
  if (h.pi !== undefined) { const pi = h.pi; on<{ target: string, body: string }>(parser, 'processinginstruction', p => pi(p.target, p.body)) }
  if (h.xmldecl !== undefined) on(parser, 'xmldecl', h.xmldecl)
  on<string>(parser, 'doctype', raw => {
    defineEntities(parser, raw, text.length, fail)
    h.doctype?.(raw)
  })
  on<Error>(parser, 'error', err => {
    // saxes prefixes its messages with line:column; keep its reason, our position fields
    throw new XmlParseError(err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ''), parser.line, parser.column + 1)
  })
  try {
    parser.write(text).close()
  } catch (err) {
    if (err instanceof XmlParseError) throw err
    if (err instanceof RangeError) throw new XmlParseError('document too deeply nested', parser.line, parser.column + 1)
    throw err
  }
  if (roots === 0) throw new XmlParseError('no root element')
}

/**
 * Reads the internal subset's general entity declarations into the parser.
 * External entities and parameter entities are refused: they are how a
 * document reads files or builds declarations the scan cannot see.
 * Values are expanded once here (nested references resolved, sizes bounded);
 * each use is counted against the document's budget by a getter.
 */
function defineEntities (parser: SaxesLike, doctype: string, docChars: number, fail: (m: string) => never): void {
  const subset = internalSubsetOf(doctype)
  if (subset === null) return
  const raw = new Map<string, string>()
  const decl = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!ENTITY\s+(%\s+)?([^\s"']+)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b)[^>]*>|<![A-Z]+(?:[^>"']|"[^"]*"|'[^']*')*>|(%[^\s;]+;)/g
  for (let m = decl.exec(subset); m !== null; m = decl.exec(subset)) {
    if (m[6] !== undefined) fail(`parameter entity reference ${m[6]} in the internal subset: parameter entities are not supported`)
    if (!m[0].startsWith('<!ENTITY')) continue
    if (m[1] !== undefined) fail(`parameter entity %${m[2]}; declared: parameter entities are not supported`)
    if (m[5] !== undefined) fail(`external entity &${m[2]}; declared: external entities are not loaded`)
    // the first declaration of a name binds (XML 1.0 4.2)
    if (!raw.has(m[2])) raw.set(m[2], (m[3] ?? m[4] ?? '').replace(/&#(x[0-9a-fA-F]+|[0-9]+);/g, (_s, n: string) => String.fromCodePoint(n[0] === 'x' ? parseInt(n.slice(1), 16) : parseInt(n, 10))))
  }
  // nested references are replaced by the nested entity's text before its own references resolve:
  // the whole is one piece of content, whose predefined and character references resolve once, at use
  const expanded = new Map<string, string>()
  const expand = (name: string, depth: number): string => {
    const done = expanded.get(name)
    if (done !== undefined) return done
    if (depth > MAX_ENTITY_NESTING) fail(`entity &${name}; nests entity references deeper than ${MAX_ENTITY_NESTING}`)
    const value = raw.get(name)
    if (value === undefined) fail(`undefined entity &${name};`)
    let size = 0
    const out = (value as string).replace(/&([^#;\s][^;\s]*);/g, (ref, inner: string) => {
      if (PREDEFINED.has(inner)) return ref
      const v = expand(inner, depth + 1)
      size += v.length
      if (size > ENTITY_BUDGET_CHARS) fail(`entity &${name}; expands past ${ENTITY_BUDGET_CHARS} characters`)
      return v
    })
    if (out.includes('<')) fail(`entity &${name}; contains markup: entities holding elements are not supported`)
    expanded.set(name, out)
    return out
  }
  const content = (text: string): string => text.replace(/&(lt|gt|amp|apos|quot|#x[0-9a-fA-F]+|#[0-9]+);/g, (_s, p: string) =>
    p[0] === '#' ? String.fromCodePoint(p[1] === 'x' ? parseInt(p.slice(2), 16) : parseInt(p.slice(1), 10)) : PREDEFINED.get(p) as string)
  let used = 0
  const budget = ENTITY_BUDGET_CHARS + 2 * docChars
  for (const name of raw.keys()) {
    const value = content(expand(name, 0))
    Object.defineProperty(parser.ENTITIES, name, {
      enumerable: true,
      get: () => {
        used += value.length
        if (used > budget) fail(`internal entities expand past ${budget} characters`)
        return value
      },
    })
  }
}

/** The raw text between a DOCTYPE's '[' and its ']', skipping quoted literals and comments; null without one. */
export function internalSubsetOf (text: string, from = 0): string | null {
  let i = from
  let open = -1
  while (i < text.length) {
    const c = text[i]
    if (c === '"' || c === "'") { i = text.indexOf(c, i + 1); if (i < 0) return null; i++; continue }
    if (text.startsWith('<!--', i)) { i = text.indexOf('-->', i + 4); if (i < 0) return null; i += 3; continue }
    if (open < 0 && c === '>') return null
    if (open < 0 && c === '[') open = i + 1
    else if (open >= 0 && c === ']') return text.slice(open, i)
    i++
  }
  return null
}

const PREDEFINED = new Map([['lt', '<'], ['gt', '>'], ['amp', '&'], ['apos', "'"], ['quot', '"']])
