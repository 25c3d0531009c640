// A parsed document as the generic tree the Perl XML::DOM and XML::XPath
// facades rebuild their nodes from: one table row per node in document
// order, so the whole document crosses in one packed value and a node is a
// row number on both sides (XPath answers are rows).
//
// Columns: type (DOM node type; 13 = namespace declaration), parent row,
// name, value, namespace URI. An element's namespace declarations, then its
// attributes, directly follow its row, before its children.
import type { Attribute, Document, Element, Node } from 'libxmljs2'
import { Table, type PackedTable } from '../../src/packed.js'
import { MAX_TEXT_CHARS, XmlParseError } from './limits.js'
import { internalSubsetOf } from './sax-parse.js'

export const NODE = { element: 1, attribute: 2, text: 3, cdata: 4, pi: 7, comment: 8, document: 9, namespace: 13 } as const

export interface XmlDecl { version: string, encoding: string | null, standalone: string | null }
export interface Doctype { name: string, public_id: string | null, system_id: string | null, internal_subset: string | null }
export interface NodeTree { table: Table | PackedTable, xml_decl: XmlDecl | null, doctype: Doctype | null }

/** The libxmljs2 object behind each row (row 0, the document, included), for mapping XPath results. */
export type RowNode = Node | Document

export function nodeTable (doc: Document, raw: string | Buffer): { tree: NodeTree, nodes: RowNode[] } {
  const rows: unknown[][] = [[NODE.document, -1, '', null, null]]
  const nodes: RowNode[] = [doc]
  const walk = (parent: number, kids: Node[]): void => {
    for (const n of kids) {
      const type = n.type() as string
      if (type === 'element') {
        const el = n as Element
        const row = rows.length
        const ns = el.namespace()
        const prefix = ns?.prefix() ?? null
        rows.push([NODE.element, parent, prefix !== null && prefix !== '' ? `${prefix}:${el.name()}` : el.name(), null, ns?.href() ?? null])
        nodes.push(el)
        for (const d of el.namespaces(true)) {
          rows.push([NODE.namespace, row, d.prefix() ?? '', d.href(), null])
          nodes.push(el) // libxml2 has no node object for a declaration: XPath never answers one as a row
        }
        for (const a of el.attrs()) {
          const ans = (a as Attribute).namespace()
          const ap = ans?.prefix() ?? null
          rows.push([NODE.attribute, row, ap !== null && ap !== '' ? `${ap}:${a.name()}` : a.name(), a.value(), ans?.href() ?? null])
          nodes.push(a)
        }
        walk(row, el.childNodes())
      } else if (type === 'text' || type === 'cdata' || type === 'comment') {
        const text = (n as Element).text()
        if (text.length > MAX_TEXT_CHARS) throw new XmlParseError(`text node longer than ${MAX_TEXT_CHARS} characters`, n.line())
        rows.push([type === 'text' ? NODE.text : type === 'cdata' ? NODE.cdata : NODE.comment, parent, '', text, null])
        nodes.push(n)
      } else if (type === 'pi') {
        const pi = n as Element
        rows.push([NODE.pi, parent, pi.name(), pi.text(), null])
        nodes.push(n)
      }
      else if (type === 'entity_ref') {
        // left by libxml2 only for an entity it could not substitute: one declared nowhere it may read
        throw new XmlParseError(`undefined entity ${n.toString()} (external DTDs are not read)`, n.line())
      }
      // 'dtd' (the DOCTYPE node) is described by `doctype`
    }
  }
  walk(0, topLevel(doc))
  const text = typeof raw === 'string' ? raw.slice(0, 64 * 1024) : raw.subarray(0, 64 * 1024).toString('latin1')
  return { tree: { table: new Table(rows, 5, 'nnSSS'), xml_decl: xmlDecl(text), doctype: doctypeOf(doc, typeof raw === 'string' ? raw : raw.toString('utf8')) }, nodes }
}

/** The document's children: libxmljs2's Document.childNodes() can miss the root, so they are found from it. */
function topLevel (doc: Document): Node[] {
  let first: Node = doc.root() as Node
  for (let p = first.prevSibling(); p !== null; p = p.prevSibling()) first = p
  const out: Node[] = []
  for (let n: Node | null = first; n !== null; n = n.nextSibling()) out.push(n)
  return out
}

function xmlDecl (head: string): XmlDecl | null {
  const m = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml\s([^?]*)\?>/.exec(head)
  if (m === null) return null
  const attr = (name: string): string | null => new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(m[1])?.slice(1).find(v => v !== undefined) ?? null
  return { version: attr('version') ?? '1.0', encoding: attr('encoding'), standalone: attr('standalone') }
}

function doctypeOf (doc: Document, text: string): Doctype | null {
  const dt = text.indexOf('<!DOCTYPE')
  if (dt < 0) return null
  const info = doc.getDtd() as { name?: string | null, externalId?: string | null, systemId?: string | null } | null
  return { name: info?.name ?? '', public_id: info?.externalId ?? null, system_id: info?.systemId ?? null, internal_subset: internalSubsetOf(text, dt + 9) }
}
