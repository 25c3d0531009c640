// What the old bridge's XPathHelper.pm sent (module 'xpath'): load_file,
// load_xml_string, find_nodes, find_in_node, dispose_document, with its
// result shapes. The same documents and evaluation as the XML::XPath facade;
// the old node shape ({name, value, attributes, node_id}) is made here from
// the document's generic tree, decoded once per document that needs it.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method, type CallContext } from '../../src/registry.js'
import { decodePacked } from '../../src/packed.js'
import { BackendError, BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import { DOC_KIND, findIn, openDoc, type HeldDoc } from './docs.js'

type Row = [number, number, string, string | null, string | null]
interface Decoded { rows: Row[], children: number[][] }

const decoded = new WeakMap<HeldDoc, Decoded>()

function treeOf (held: HeldDoc): Decoded {
  let d = decoded.get(held)
  if (d === undefined) {
    const rows = (decodePacked(held.tree) as { table: Row[] }).table
    const children: number[][] = rows.map(() => [])
    rows.forEach((r, i) => { if (i > 0) children[r[1]].push(i) })
    d = { rows, children }
    decoded.set(held, d)
  }
  return d
}

const TEXTUAL = new Set([3, 4])

/** The old helper's value: the element's leading text, stripped, or else all its descendant texts, each stripped, joined. */
function oldValue (d: Decoded, row: number): string {
  const r = d.rows[row]
  if (r[0] !== 1 && r[0] !== 9) return (r[3] ?? '').trim()
  let lead = ''
  for (const k of d.children[row]) {
    const t = d.rows[k][0]
    if (t === 1) break
    if (TEXTUAL.has(t)) lead += d.rows[k][3] ?? ''
  }
  if (lead.trim() !== '') return lead.trim()
  const parts: string[] = []
  const walk = (i: number): void => {
    for (const k of d.children[i]) {
      const t = d.rows[k][0]
      if (TEXTUAL.has(t)) parts.push((d.rows[k][3] ?? '').trim())
      else if (t === 1) walk(k)
    }
  }
  walk(row)
  return parts.join('')
}

function oldNode (d: Decoded, docId: string, row: number): Record<string, unknown> {
  const r = d.rows[row]
  const attributes: Record<string, string> = {}
  if (r[0] === 1) for (const k of d.children[row]) if (d.rows[k][0] === 2) attributes[d.rows[k][2]] = d.rows[k][3] ?? ''
  return { name: r[0] === 1 || r[0] === 2 ? r[2] : '', value: oldValue(d, row), attributes, node_id: `${docId}#${row}` }
}

async function oldFind (app: FastifyInstance, c: CallContext, docId: string, expr: string, context: number | null): Promise<{ nodes: unknown[], size: number }> {
  const held = app.sessions.get<HeldDoc>(c.session, DOC_KIND, docId)
  const r = await findIn(app, held, expr, context)
  if (r.type !== 'nodeset') throw new BackendError(`XPath expression '${expr}' does not select nodes`, 'xpath')
  const d = treeOf(held)
  const nodes = r.nodes.map(row => oldNode(d, docId, row))
  return { nodes, size: nodes.length }
}

const FoundNodes = Type.Object({ nodes: Type.Array(Type.Unknown()), size: Type.Integer() })

export function legacyMethods (app: FastifyInstance, config: Config) {
  return {
    load_file: method({
      description: "The old XPathHelper's load: parses a file (relative to the script's directory) and keeps it; its document_id.",
      params: Type.Object({ filename: Type.String() }),
      result: Type.Object({ document_id: Type.String() }),
      handler: async (p, c) => ({ document_id: (await openDoc(app, config, c, { filename: p.filename, field: 'params.filename' })).id }),
    }),
    load_xml_string: method({
      description: "The old XPathHelper's load of an XML string; its document_id.",
      params: Type.Object({ xml_string: Type.String() }),
      result: Type.Object({ document_id: Type.String() }),
      handler: async (p, c) => {
        if (p.xml_string.trim() === '') throw new BRIDGE_ERR_INVALID_PARAMS('params.xml_string', 'is empty')
        return { document_id: (await openDoc(app, config, c, { xml: p.xml_string, field: 'params.xml_string' })).id }
      },
    }),
    find_nodes: method({
      description: "The old XPathHelper's find: {nodes: [{name, value, attributes, node_id}], size}.",
      params: Type.Object({ document_id: Type.String(), xpath: Type.String() }),
      result: FoundNodes,
      idempotent: true,
      handler: async (p, c) => await oldFind(app, c, p.document_id, p.xpath, null),
    }),
    find_in_node: method({
      description: "The old XPathHelper's node find: the expression evaluated from a node a find_nodes answered.",
      params: Type.Object({ node_id: Type.String(), xpath: Type.String() }),
      result: FoundNodes,
      idempotent: true,
      handler: async (p, c) => {
        const m = /^(.+)#(\d+)$/.exec(p.node_id)
        if (m === null) throw new BRIDGE_ERR_INVALID_PARAMS('params.node_id', 'is not a node id find_nodes answered')
        return await oldFind(app, c, m[1], p.xpath, Number(m[2]))
      },
    }),
    dispose_document: method({
      description: "The old XPathHelper's dispose: drops the document.",
      params: Type.Object({ document_id: Type.String() }),
      result: Type.String(),
      handler: async (p, c) => {
        await app.sessions.close(c.session, DOC_KIND, p.document_id)
        return 'Document disposed'
      },
    }),
  }
}
