// The light element tree XMLin collapses, parsed with saxes (pure JS). It is
// used instead of libxmljs2 for XMLin because walking a libxmljs2 document
// from JavaScript costs about 100 ns per node call: 0.5 s for a 5 MB file,
// where saxes parses the same file in 60-80 ms.
//
// saxes never reads anything but its input: no network, no DTD, no external
// entity. What libxml2 bounds on the other path is bounded here the same way
// (limits.ts): depth, text-node size, and what internal entities may add.
import { ENTITY_BUDGET_CHARS, MAX_DEPTH, MAX_ENTITY_NESTING, MAX_TEXT_CHARS, XmlParseError, checkSize, type XmlLimits } from './limits.js'
import { decodeXmlBytes } from './source.js'

export interface XmlElement { name: string, attrs: Array<[string, string]>, children: Array<XmlElement | string> }

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

/** Loads saxes once (the worker calls this before its first parse). */
export async function loadSaxes (): Promise<void> {
  saxes ??= (await import('saxes')) as unknown as SaxesModule
}

/**
 * Parses a document into its root element. Bytes are decoded as the XML
 * declaration or BOM says (UTF-8 by default, invalid sequences refused); a
 * string is taken as characters and its declared encoding ignored.
 */
export function parseTree (input: string | Buffer, limits: XmlLimits): XmlElement {
  if (saxes === undefined) throw new Error('parseTree: saxes not loaded (call loadSaxes first)')
  checkSize(input, limits)
  const text = typeof input === 'string' ? input : decodeXmlBytes(input)
  const parser = new saxes.SaxesParser({ xmlns: false, position: true })
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  let failure: XmlParseError | undefined
  const fail = (message: string): never => { throw new XmlParseError(message, parser.line, parser.column + 1) }

  // adjacent text and CDATA become one string, as XML::Parser's handlers see them
  const addText = (s: string): void => {
    const top = stack[stack.length - 1]
    if (top === undefined) return // whitespace outside the root: saxes refuses anything else
    const kids = top.children
    const last = kids.length - 1
    if (last >= 0 && typeof kids[last] === 'string') {
      const joined = (kids[last] as string) + s
      if (joined.length > MAX_TEXT_CHARS) fail(`text node longer than ${MAX_TEXT_CHARS} characters`)
      kids[last] = joined
    } else {
      if (s.length > MAX_TEXT_CHARS) fail(`text node longer than ${MAX_TEXT_CHARS} characters`)
      kids.push(s)
    }
  }
  parser.on('opentag', ((tag: { name: string, attributes: Record<string, string> }) => {
    if (stack.length >= MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`)
    const el: XmlElement = { name: tag.name, attrs: Object.entries(tag.attributes), children: [] }
    const top = stack[stack.length - 1]
    if (top !== undefined) top.children.push(el)
    else root = el
    stack.push(el)
  }) as (arg: never) => void)
  parser.on('closetag', (() => { stack.pop() }) as (arg: never) => void)
  parser.on('text', addText as (arg: never) => void)
  parser.on('cdata', addText as (arg: never) => void)
  parser.on('doctype', ((doctype: string) => { defineEntities(parser, doctype, text.length, fail) }) as (arg: never) => void)
  parser.on('error', ((err: Error) => {
    // saxes prefixes its messages with line:column; keep its reason, our position fields
    failure ??= new XmlParseError(err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ''), parser.line, parser.column + 1)
    throw failure
  }) as (arg: never) => void)
  try {
    parser.write(text).close()
  } catch (err) {
    if (err instanceof XmlParseError) throw err
    if (err instanceof RangeError) throw new XmlParseError('document too deeply nested', parser.line, parser.column + 1)
    throw err
  }
  if (root === undefined) throw new XmlParseError('no root element')
  return root
}

/**
 * Reads the internal subset's general entity declarations into the parser.
 * External entities and parameter entities are refused: they are how a
 * document reads files or builds declarations the scan cannot see.
 * Values are expanded once here (nested references resolved, sizes bounded);
 * each use is counted against the document's budget by a getter.
 */
function defineEntities (parser: SaxesLike, doctype: string, docChars: number, fail: (m: string) => never): void {
  const open = doctype.indexOf('[')
  if (open < 0) return
  const subset = doctype.slice(open + 1, doctype.lastIndexOf(']'))
  const raw = new Map<string, string>()
  const decl = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!ENTITY\s+(%\s+)?([^\s"']+)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b)[^>]*>|<![A-Z]+(?:[^>"']|"[^"]*"|'[^']*')*>/g
  for (let m = decl.exec(subset); m !== null; m = decl.exec(subset)) {
    if (!m[0].startsWith('<!ENTITY')) continue
    if (m[1] !== undefined) fail(`parameter entity %${m[2]}; declared: parameter entities are not supported`)
    if (m[5] !== undefined) fail(`external entity &${m[2]}; declared: external entities are not loaded`)
    // the first declaration of a name binds (XML 1.0 4.2)
    if (!raw.has(m[2])) raw.set(m[2], (m[3] ?? m[4] ?? '').replace(/&#(x[0-9a-fA-F]+|[0-9]+);/g, (_s, n: string) => String.fromCodePoint(n[0] === 'x' ? parseInt(n.slice(1), 16) : parseInt(n, 10))))
  }
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
    if (/[<]/.test(out)) fail(`entity &${name}; contains markup: entities holding elements are not supported`)
    const final = out.replace(/&(lt|gt|amp|apos|quot);/g, (_s, p: string) => PREDEFINED.get(p) as string)
    expanded.set(name, final)
    return final
  }
  let used = 0
  const budget = ENTITY_BUDGET_CHARS + 2 * docChars
  for (const name of raw.keys()) {
    const value = expand(name, 0)
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

const PREDEFINED = new Map([['lt', '<'], ['gt', '>'], ['amp', '&'], ['apos', "'"], ['quot', '"']])
