// The generic node table (node-table.ts's format) built from one saxes pass,
// for XML::DOM, which needs no libxml2 object afterwards: about twice as
// fast as walking a libxmljs2 document, and namespace declarations keep
// their place among the attributes (libxml2 stores them apart).
import { saxParse, internalSubsetOf } from './sax-parse.js'
import { PackedTable, Writer, writeCell } from '../../src/packed.js'
import { NODE, type NodeTree, type XmlDecl, type Doctype } from './node-table.js'
import type { XmlLimits } from './limits.js'

export function saxTable (input: string | Buffer, limits: XmlLimits): NodeTree {
  const rows = new RowWriter()
  rows.add(NODE.document, -1, '', null)
  const stack: number[] = [0]
  let xmlDecl: XmlDecl | null = null
  let doctype: Doctype | null = null
  // character data waits until the next event: saxes may hand one text node over in pieces
  let text: string | null = null
  let textParent = 0
  const flush = (): void => {
    if (text !== null) { rows.add(NODE.text, textParent, '', text); text = null }
  }
  saxParse(input, limits, {
    open: (name, attrs) => {
      flush()
      const row = rows.add(NODE.element, stack[stack.length - 1], name, null)
      for (const k in attrs) {
        if (k === 'xmlns' || k.startsWith('xmlns:')) rows.add(NODE.namespace, row, k === 'xmlns' ? '' : k.slice(6), attrs[k])
        else rows.add(NODE.attribute, row, k, attrs[k])
      }
      stack.push(row)
    },
    close: () => { flush(); stack.pop() },
    text: (s, cdata) => {
      const parent = stack[stack.length - 1]
      if (parent === 0) return // whitespace around the root is not a node (saxes refuses anything else there)
      if (cdata) { flush(); rows.add(NODE.cdata, parent, '', s); return }
      if (text === null) { text = s; textParent = parent } else text += s
    },
    comment: s => { flush(); rows.add(NODE.comment, stack[stack.length - 1], '', s) },
    pi: (target, body) => { flush(); rows.add(NODE.pi, stack[stack.length - 1], target, body) },
    xmldecl: d => { xmlDecl = { version: d.version ?? '1.0', encoding: d.encoding ?? null, standalone: d.standalone ?? null } },
    doctype: raw => { doctype = doctypeOf(raw) },
  })
  flush()
  return { table: rows.table(), xml_decl: xmlDecl, doctype }
}

/**
 * The table's cells written as the rows arrive, straight into the packed
 * form: a 5 MB document is half a million rows, and as JavaScript arrays
 * they cost more in garbage collection than the parse itself.
 */
class RowWriter {
  private readonly cells = new Writer(1 << 16)
  private nulls = new Uint8Array(1024)
  private anyNull = false
  private n = 0

  /** Appends a row (the namespace column is always null here: saxes runs without namespace processing); returns its index. */
  add (type: number, parent: number, name: string, value: string | null): number {
    const w = this.cells
    const cell = this.n * 5
    if ((cell + 5) >> 3 >= this.nulls.length) { const grown = new Uint8Array(this.nulls.length * 2); grown.set(this.nulls); this.nulls = grown }
    writeCell(w, type); writeCell(w, parent); w.text(name)
    if (value === null) this.null(cell + 3, w)
    else w.text(value)
    this.null(cell + 4, w)
    return this.n++
  }

  private null (i: number, w: Writer): void {
    w.byte(0)
    this.nulls[i >> 3] |= 1 << (i & 7)
    this.anyNull = true
  }

  table (): PackedTable {
    const bitmap = this.anyNull ? Buffer.from(this.nulls.buffer, 0, Math.ceil(this.n * 5 / 8)) : null
    return new PackedTable(5, this.n, 'nnSSS', bitmap, this.cells.result())
  }
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
