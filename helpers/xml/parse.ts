// libxml2 parses the documents XML::XPath and XML::DOM scripts query (its
// XPath engine answers their expressions). Options: no network, no DTD
// loading, no validation; internal entities are substituted, and libxml2's
// own limits (no XML_PARSE_HUGE) bound depth, text-node size and entity
// amplification. libxml2 2.9 has no switch that stops it reading external
// entities from files, so the internal subset is checked first: a document
// that declares an external or parameter entity is refused.
import type { Document } from 'libxmljs2'
import { XmlParseError, checkSize, type XmlLimits } from './limits.js'

type Libxml = typeof import('libxmljs2')
let libxml: Libxml | undefined

export async function loadLibxml (): Promise<Libxml> {
  libxml ??= ((await import('libxmljs2')) as unknown as { default: Libxml }).default
  return libxml
}

/** A string is characters: it goes to libxml2 as UTF-8 with its declared encoding ignored. Bytes go as they are. */
export function parseXml (input: string | Buffer, limits: XmlLimits): Document {
  if (libxml === undefined) throw new Error('parseXml: libxmljs2 not loaded (call loadLibxml first)')
  checkSize(input, limits)
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input
  refuseExternalEntities(bytes)
  let doc: Document
  try {
    doc = libxml.parseXml(bytes as unknown as string, {
      nonet: true, dtdload: false, dtdvalid: false, dtdattr: false, noent: true, huge: false,
      recover: false, noblanks: false, nocdata: false, xinclude: false, ignore_enc: typeof input === 'string',
    })
  } catch (err) {
    const e = err as { message?: string, line?: number, column?: number }
    // libxml2's advice to use XML_PARSE_HUGE is not the caller's to follow
    throw new XmlParseError(String(e.message ?? err).replace(/\s*use XML_PARSE_HUGE option/, '').replace(/\s+/g, ' ').trim(), e.line, e.column)
  }
  if (doc.root() === null) throw new XmlParseError('no root element')
  return doc
}

/** The internal subset must not declare external or parameter entities (see the top of this file). */
function refuseExternalEntities (bytes: Buffer): void {
  const head = bytes.subarray(0, 64 * 1024).toString('latin1')
  const dt = head.indexOf('<!DOCTYPE')
  if (dt < 0) return
  // the internal subset ends at the first ']' followed by '>' outside a literal; scan the whole
  // document only when the subset is longer than the head
  const text = head.includes(']>', dt) ? head : bytes.toString('latin1')
  const open = text.indexOf('[', dt)
  const end = text.indexOf(']>', dt)
  if (open < 0 || end < 0 || open > end) return
  const subset = text.slice(open + 1, end).replace(/<!--[\s\S]*?-->/g, '')
  const decl = /<!ENTITY\s+(%\s*)?([^\s"']+)\s+(?:"[^"]*"|'[^']*'|(SYSTEM|PUBLIC)\b)/g
  for (let m = decl.exec(subset); m !== null; m = decl.exec(subset)) {
    if (m[1] !== undefined) throw new XmlParseError(`parameter entity %${m[2]}; declared: parameter entities are not supported`)
    if (m[3] !== undefined) throw new XmlParseError(`external entity &${m[2]}; declared: external entities are not loaded`)
  }
  if (/%[^\s;]+;/.test(subset)) throw new XmlParseError('parameter entity reference in the internal subset: parameter entities are not supported')
}
