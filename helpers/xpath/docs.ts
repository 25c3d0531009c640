// The documents of module `xpath`: parsed and kept in the XML worker, held
// as session handles of kind 'xpath_doc' whose closing drops them there.
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import type { CallContext } from '../../src/registry.js'
import type { BytesValue } from '../../src/bytes.js'
import { documentSource } from '../xml/document-source.js'
import type { XPathResult } from './find.js'

export const DOC_KIND = 'xpath_doc'

/** What the handle holds: the worker's id of the document, and its tree for the old API's node shapes. */
export interface HeldDoc { docId: number, tree: Buffer }

export interface OpenSource { xml?: BytesValue, filename?: string, field: string }

export async function openDoc (app: FastifyInstance, config: Config, c: CallContext, src: OpenSource): Promise<{ id: string, held: HeldDoc }> {
  const r = await app.xmlWorkers.run('xpath_open', documentSource(config, c, { text: src.xml, file: src.filename, field: src.field }))
  const held: HeldDoc = { docId: r.doc_id, tree: Buffer.from(r.tree.buffer, r.tree.byteOffset, r.tree.byteLength) }
  // a worker that stopped has dropped its documents already
  const id = c.app.sessions.create(c.session, DOC_KIND, held, async h => { await app.xmlWorkers.run('xpath_close', { doc_id: h.docId }).catch(() => false) })
  return { id, held }
}

export async function findIn (app: FastifyInstance, held: HeldDoc, expr: string, context: number | null, namespaces?: Record<string, string>): Promise<XPathResult> {
  return await app.xmlWorkers.run('xpath_find', { doc_id: held.docId, expr, context, ...(namespaces !== undefined ? { namespaces } : {}) })
}
