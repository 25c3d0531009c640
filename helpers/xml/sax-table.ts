// The generic node table (node-table.ts's format) built from one saxes pass,
// for XML::DOM, which needs no libxml2 object afterwards: about twice as
// fast as walking a libxmljs2 document, and namespace declarations keep
// their place among the attributes (libxml2 stores them apart).
import { saxParse, internalSubsetOf } from './sax-parse.js'
import { Table } from '../../src/packed.js'
import { NODE, type NodeTree, type XmlDecl, type Doctype } from './node-table.js'
import type { XmlLimits } from './limits.js'

export function saxTable (input: string | Buffer, limits: XmlLimits): NodeTree {
  const rows: unknown[][] = [[NODE.document, -1, '', null, null]]
  const stack: number[] = [0]
  let xmlDecl: XmlDecl | null = null
  let doctype: Doctype | null = null
  // a text row can grow: saxes splits character data around comments and PIs only, never inside one text node
  let lastText = -1
  saxParse(input, limits, {
    open: (name, attrs) => {
      const row = rows.length
      rows.push([NODE.element, stack[stack.length - 1], name, null, null])
      for (const [k, v] of Object.entries(attrs)) {
        if (k === 'xmlns' || k.startsWith('xmlns:')) rows.push([NODE.namespace, row, k === 'xmlns' ? '' : k.slice(6), v, null])
        else rows.push([NODE.attribute, row, k, v, null])
      }
      stack.push(row)
      lastText = -1
    },
    close: () => { stack.pop(); lastText = -1 },
    text: (s, cdata) => {
      const parent = stack[stack.length - 1]
      if (parent === 0) return // whitespace around the root is not a node (saxes refuses anything else there)
      if (cdata) { rows.push([NODE.cdata, parent, '', s, null]); lastText = -1; return }
      if (lastText >= 0) { (rows[lastText] as string[])[3] += s; return }
      lastText = rows.length
      rows.push([NODE.text, parent, '', s, null])
    },
    comment: s => { rows.push([NODE.comment, stack[stack.length - 1], '', s, null]); lastText = -1 },
    pi: (target, body) => { rows.push([NODE.pi, stack[stack.length - 1], target, body, null]); lastText = -1 },
    xmldecl: d => { xmlDecl = { version: d.version ?? '1.0', encoding: d.encoding ?? null, standalone: d.standalone ?? null } },
    doctype: raw => { doctype = doctypeOf(raw) },
  })
  return { table: new Table(rows, 5, 'nnSSS'), xml_decl: xmlDecl, doctype }
}

/** name, PUBLIC/SYSTEM ids and internal subset of a DOCTYPE declaration's text (saxes gives it after `<!DOCTYPE`). */
function doctypeOf (raw: string): Doctype {
  const m = /^\s*([^\s[>]+)(?:\s+(?:PUBLIC\s+(?:"([^"]*)"|'([^']*)')\s+(?:"([^"]*)"|'([^']*)')|SYSTEM\s+(?:"([^"]*)"|'([^']*)')))?/.exec(raw)
  return {
    name: m?.[1] ?? '',
    public_id: m?.[2] ?? m?.[3] ?? null,
    system_id: m?.[4] ?? m?.[5] ?? m?.[6] ?? m?.[7] ?? null,
    internal_subset: internalSubsetOf(raw),
  }
}
