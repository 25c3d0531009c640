// Module `xml_dom`: the parse behind the XML::DOM facade. The daemon only
// parses (libxml2, safely, in an XML worker thread) and answers the document
// once, as the generic node table; the DOM itself (navigation, edits,
// serialisation) is built and worked on in Perl, where a script's thousands
// of node calls cost no round trip. Nothing is kept here after the reply.
import fp from 'fastify-plugin'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method } from '../../src/registry.js'
import { PrePacked } from '../../src/packed.js'
import { BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import { Bytes } from '../../src/bytes.js'
import { documentSource } from '../xml/document-source.js'

const Tree = Type.Object({
  table: Type.Unknown({ description: "packed 'R' table, one row per node in document order: type, parent row, name, value, namespace URI" }),
  xml_decl: Type.Union([Type.Object({ version: Type.String(), encoding: Type.Union([Type.String(), Type.Null()]), standalone: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  doctype: Type.Union([Type.Object({
    name: Type.String(),
    public_id: Type.Union([Type.String(), Type.Null()]),
    system_id: Type.Union([Type.String(), Type.Null()]),
    internal_subset: Type.Union([Type.String(), Type.Null()]),
  }), Type.Null()]),
})

function domMethods (app: FastifyInstance, config: Config) {
  return {
    parse: method({
      description: "XML::DOM::Parser's parse/parsefile: the document as one node table (the facade builds its Document from it). " +
        'Bytes are read in the encoding the document declares; a file name is relative to the script\'s directory.',
      params: Type.Object({
        xml: Type.Optional(Bytes),
        filename: Type.Optional(Type.String({ minLength: 1, description: "a file, relative to the script's directory" })),
      }),
      result: Tree,
      idempotent: true,
      handler: async (p, c) => {
        if ((p.xml === undefined) === (p.filename === undefined)) throw new BRIDGE_ERR_INVALID_PARAMS('params', 'give one of xml and filename')
        const src = p.filename !== undefined ? { file: p.filename, field: 'params.filename' } : { text: p.xml, field: 'params.xml' }
        return new PrePacked(await app.xmlWorkers.run('tree', documentSource(config, c, src)))
      },
    }),
  }
}

async function xmlDomHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  app.rpc.register('xml_dom', domMethods(app, opts.config))
}

export default fp(xmlDomHelper, { fastify: '5.x', name: 'cpan-bridge-xml-dom', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status', 'cpan-bridge-xml-workers'] })
