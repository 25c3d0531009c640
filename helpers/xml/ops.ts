// What the XML worker threads can be asked to do. Each op takes plain
// (structured-clone) arguments and returns plain values or packed bytes, so
// the heavy part (parse, collapse, encode) happens in the worker.
import fs from 'node:fs/promises'
import type { Document } from 'libxmljs2'
import { encodePacked } from '../../src/packed.js'
import { BackendError } from '../../src/errors.js'
import { checkSize, type XmlLimits } from './limits.js'
import { loadSaxes, parseTree } from './sax-tree.js'
import { loadLibxml, parseXml } from './parse.js'
import { nodeTable, type RowNode } from './node-table.js'
import { saxTable } from './sax-table.js'
import { simpleIn, type SimpleInOptions } from './simple-in.js'
import { simpleOut, type SimpleOutOptions } from './simple-out.js'
import { oldIn } from './old-shape.js'
import { xpathFind, type XPathResult } from '../xpath/find.js'

/** A document source: text (a JS string is characters), bytes, or a file path the caller has resolved and checked. */
export interface Source { xml?: string | Uint8Array, file?: string }

interface KeptDoc { doc: Document, nodes: RowNode[], rows: Map<RowNode, number> }

export interface WorkerState { limits: XmlLimits, docs: Map<number, KeptDoc>, nextDoc: number }

async function read (src: Source, limits: XmlLimits): Promise<string | Buffer> {
  if (src.xml !== undefined) return typeof src.xml === 'string' ? src.xml : Buffer.from(src.xml.buffer, src.xml.byteOffset, src.xml.byteLength)
  if (src.file === undefined) throw new BackendError('no XML given: neither text nor a file', 'xml_source')
  try {
    checkSize((await fs.stat(src.file)).size, limits)
    return await fs.readFile(src.file)
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    if (typeof e.code !== 'string') throw err
    throw new BackendError(`cannot read ${src.file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, e.code, { path: src.file })
  }
}

function keep (state: WorkerState, doc: Document, nodes: RowNode[]): number {
  const rows = new Map<RowNode, number>()
  nodes.forEach((n, i) => { if (!rows.has(n)) rows.set(n, i) })
  const id = state.nextDoc++
  state.docs.set(id, { doc, nodes, rows })
  return id
}

function kept (state: WorkerState, id: number): KeptDoc {
  const d = state.docs.get(id)
  if (d === undefined) throw new BackendError(`XML document ${id} is no longer held (its worker restarted or it was closed)`, 'xml_document_gone')
  return d
}

export const ops = {
  /** XMLin: parse with saxes, collapse as XML::Simple does, pack. */
  simple_in: async (a: Source & { options: SimpleInOptions }, s: WorkerState): Promise<Uint8Array> => {
    await loadSaxes()
    return encodePacked(simpleIn(parseTree(await read(a, s.limits), s.limits), a.options))
  },
  simple_out: async (a: { data: unknown, options: SimpleOutOptions }): Promise<string> => simpleOut(a.data, a.options),
  /** The old bridge's xml_helper.xml_in shape (old-shape.ts). */
  old_in: async (a: Source & { options: Record<string, unknown> }, s: WorkerState): Promise<Uint8Array> => {
    await loadSaxes()
    return encodePacked(oldIn(parseTree(await read(a, s.limits), s.limits), a.options))
  },
  /** The generic tree of a document that is not kept (XML::DOM builds its own nodes from it): saxes, no libxml2 object needed. */
  tree: async (a: Source, s: WorkerState): Promise<Uint8Array> => {
    await loadSaxes()
    return encodePacked(saxTable(await read(a, s.limits), s.limits))
  },
  /** A document kept in this worker for XPath queries, and its generic tree. */
  xpath_open: async (a: Source, s: WorkerState): Promise<{ doc_id: number, tree: Uint8Array }> => {
    await loadLibxml()
    const raw = await read(a, s.limits)
    const doc = parseXml(raw, s.limits)
    const { tree, nodes } = nodeTable(doc, raw)
    return { doc_id: keep(s, doc, nodes), tree: encodePacked(tree) }
  },
  xpath_find: async (a: { doc_id: number, expr: string, context: number | null, namespaces?: Record<string, string> }, s: WorkerState): Promise<XPathResult> => {
    const d = kept(s, a.doc_id)
    return xpathFind(d.doc, d.nodes, n => d.rows.get(n) ?? -1, a.expr, a.context, a.namespaces)
  },
  xpath_close: async (a: { doc_id: number }, s: WorkerState): Promise<boolean> => s.docs.delete(a.doc_id),
}

export type OpName = keyof typeof ops
export type OpArgs<K extends OpName> = Parameters<(typeof ops)[K]>[0]
export type OpResult<K extends OpName> = Awaited<ReturnType<(typeof ops)[K]>>
