// Module `xml_helper`: XML::Simple's XMLin/XMLout (the XML::Simple facade),
// the User Guide's xml_in/xml_out and what the old XMLHelper.pm sent (module
// 'xml', an alias). Parsing and collapsing run in the XML worker threads.
import fp from 'fastify-plugin'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method, type CallContext } from '../../src/registry.js'
import { PrePacked } from '../../src/packed.js'
import { BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import { Bytes, type BytesValue } from '../../src/bytes.js'
import { documentSource } from './document-source.js'
import { oldOut } from './old-shape.js'

const Options = Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
  description: "XML::Simple's options by name, any case (ForceArray, KeyAttr, ...); a regex as Perl writes qr// ('(?^i:item)')",
}))

/** The option by which the facade asks for XML::Simple's warnings beside the value (simpleIn then returns {value, warnings}). */
const WITH_WARNINGS = '-warnings'

interface XmlInSource { text?: BytesValue, file?: string, field: string }

async function xmlIn (app: FastifyInstance, config: Config, c: CallContext, src: XmlInSource, options: Record<string, unknown>, op: 'simple_in' | 'old_in' = 'simple_in'): Promise<PrePacked> {
  return new PrePacked(await app.xmlWorkers.run(op, { ...documentSource(config, c, src), options }))
}

/** The old helper's guess: markup is text, anything else a file name (a URL it never fetched). */
function sourceType (source: string, given: string | undefined): 'string' | 'file' {
  if (given === 'string' || given === 'file') return given
  if (given !== undefined && given !== 'auto') throw new BRIDGE_ERR_INVALID_PARAMS('params.source_type', `must be string, file or auto, not ${given}`)
  return /^\s*</.test(source) ? 'string' : 'file'
}

function xmlMethods (app: FastifyInstance, config: Config) {
  return {
    xml_in: method({
      description: "The User Guide's xml_in, in the old bridge's shape (not XML::Simple's): attributes as '@name' keys, repeated elements as arrays, " +
        "leading text trimmed ('content' beside attributes or children), an empty element null, the root's name left out; only KeepRoot and SuppressEmpty apply. " +
        "A string, or a file relative to the script's directory. XML::Simple's own data: xmlin.",
      params: Type.Object({
        source: Type.String({ description: 'the XML text or a file name' }),
        source_type: Type.Optional(Type.String({ description: "'string', 'file' or 'auto' (markup is a string, anything else a file name)" })),
        options: Options,
      }),
      result: Type.Unknown(),
      idempotent: true,
      handler: async (p, c) => {
        const kind = sourceType(p.source, p.source_type)
        return await xmlIn(app, config, c, kind === 'file' ? { file: p.source, field: 'params.source' } : { text: p.source, field: 'params.source' }, p.options ?? {}, 'old_in')
      },
    }),
    xmlin: method({
      description: "The XML::Simple facade's XMLin: {value, warnings} (XML::Simple's folding warnings, which the facade carps), packed.",
      params: Type.Object({
        xml: Type.Optional(Bytes),
        file: Type.Optional(Type.String({ description: 'an existing file the facade found (SearchPath applied)' })),
        options: Options,
      }),
      result: Type.Object({ value: Type.Unknown(), warnings: Type.Array(Type.String()) }),
      idempotent: true,
      handler: async (p, c) => {
        if ((p.xml === undefined) === (p.file === undefined)) throw new BRIDGE_ERR_INVALID_PARAMS('params', 'give one of xml and file')
        const options = { ...(p.options ?? {}), [WITH_WARNINGS]: 1 }
        return await xmlIn(app, config, c, p.file !== undefined ? { file: p.file, field: 'params.file' } : { text: p.xml, field: 'params.xml' }, options)
      },
    }),
    xml_out: method({
      description: "The User Guide's xml_out, in the old bridge's shape (not XML::Simple's): '@name' keys as attributes, 'content' as text, arrays as " +
        "repeated elements, under RootName (default 'opt'), unindented; XMLDecl prepends the declaration. XML::Simple's own text: xmlout.",
      params: Type.Object({ data: Type.Unknown(), options: Options }),
      result: Type.String(),
      idempotent: true,
      handler: (p) => oldOut(p.data, p.options ?? {}),
    }),
    xmlout: method({
      description: 'XMLout: the XML text XML::Simple writes for the data (OutputFile is written by the facade).',
      params: Type.Object({ data: Type.Unknown(), options: Options }),
      result: Type.String(),
      idempotent: true,
      handler: async (p) => await app.xmlWorkers.run('simple_out', { data: p.data, options: p.options ?? {} }),
    }),
    escape_xml: method({
      description: "The old XMLHelper's escape_value: & < > \" ' as entities.",
      params: Type.Object({ value: Type.Union([Type.String(), Type.Number(), Type.Null()]) }),
      result: Type.String(),
      idempotent: true,
      handler: (p) => String(p.value ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
    }),
    unescape_xml: method({
      description: "The old XMLHelper's unescape_value: the five entities back to characters (&amp; last).",
      params: Type.Object({ value: Type.Union([Type.String(), Type.Number(), Type.Null()]) }),
      result: Type.String(),
      idempotent: true,
      handler: (p) => String(p.value ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'),
    }),
  }
}

async function xmlHelperHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  app.rpc.register('xml_helper', xmlMethods(app, opts.config))
  // the old XMLHelper.pm called module 'xml'
  app.rpc.alias('xml', 'xml_helper')
}

export default fp(xmlHelperHelper, { fastify: '5.x', name: 'cpan-bridge-xml', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status', 'cpan-bridge-xml-workers'] })
