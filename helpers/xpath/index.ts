// Module `xpath`: XML::XPath documents and queries (the XML::XPath facade).
// A document is parsed once, in the XML worker that keeps it, and held as a
// session handle of kind 'xpath_doc'; the facade gets its generic tree once
// and answers every node method in Perl. Only expressions come here: the
// worker evaluates them with libxml2 (find.ts) and answers rows.
import fp from 'fastify-plugin'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method } from '../../src/registry.js'
import { PrePacked, Table } from '../../src/packed.js'
import { BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import { Bytes } from '../../src/bytes.js'
import { DOC_KIND, findIn, openDoc, type HeldDoc } from './docs.js'
import { legacyMethods } from './legacy.js'

const Namespaces = Type.Optional(Type.Record(Type.String(), Type.String(), { description: "set_namespace's prefix => URI mappings" }))

/** JSON has no NaN or infinities: those numbers travel as their XPath names. */
function wireNumber (v: number): number | string {
  if (Number.isNaN(v)) return 'NaN'
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity'
  return v
}

function xpathMethods (app: FastifyInstance, config: Config) {
  return {
    open: method({
      description: "XML::XPath->new: parses the document (text, or a file relative to the script's directory) once and keeps it for queries; answers its handle and its generic tree (packed).",
      params: Type.Object({
        xml: Type.Optional(Bytes),
        filename: Type.Optional(Type.String({ description: "a file, relative to the script's directory" })),
      }),
      result: Type.Object({ doc: Type.String(), tree: Type.Unknown({ description: "{table, xml_decl, doctype}: the generic tree, a packed 'R' table of type, parent, name, value, ns" }) }),
      handler: async (p, c) => {
        if ((p.xml === undefined) === (p.filename === undefined)) throw new BRIDGE_ERR_INVALID_PARAMS('params', 'give one of xml and filename')
        const { id, held } = await openDoc(app, config, c, p.filename !== undefined ? { filename: p.filename, field: 'params.filename' } : { xml: p.xml, field: 'params.xml' })
        return { doc: id, tree: new PrePacked(held.tree) }
      },
    }),
    find: method({
      description: "XML::XPath's find: evaluates an expression (XML::XPath's name-test rules) from the document or a node (its row); answers a node set as rows in document order, or a literal, number or boolean.",
      params: Type.Object({
        doc: Type.String(),
        expr: Type.String(),
        context: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'row of the context node; absent or null: the document' })),
        namespaces: Namespaces,
      }),
      result: Type.Object({
        type: Type.Union([Type.Literal('nodeset'), Type.Literal('literal'), Type.Literal('number'), Type.Literal('boolean')]),
        nodes: Type.Optional(Type.Unknown({ description: "rows, a packed one-column 'R' table" })),
        value: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean()], { description: "a number that is NaN or infinite is the string 'NaN', 'Infinity' or '-Infinity'" })),
      }),
      idempotent: true,
      handler: async (p, c) => {
        const held = app.sessions.get<HeldDoc>(c.session, DOC_KIND, p.doc)
        const r = await findIn(app, held, p.expr, p.context ?? null, p.namespaces)
        switch (r.type) {
          case 'nodeset': return { type: r.type, nodes: new Table(r.nodes.map(n => [n]), 1, 'n') }
          case 'number': return { type: r.type, value: wireNumber(r.value) }
          default: return r
        }
      },
    }),
    close: method({
      description: 'Drops a document (XML::XPath object destroyed).',
      params: Type.Object({ doc: Type.String() }),
      result: Type.Boolean(),
      handler: async (p, c) => await app.sessions.close(c.session, DOC_KIND, p.doc),
    }),
  }
}

async function xpathHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  app.rpc.register('xpath', { ...xpathMethods(app, opts.config), ...legacyMethods(app, opts.config) })
}

export default fp(xpathHelper, { fastify: '5.x', name: 'cpan-bridge-xpath', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status', 'cpan-bridge-xml-workers'] })
