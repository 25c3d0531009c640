// Module `xml_dom`: XML::DOM documents parsed for the XML::DOM facade.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'

async function xmlDomHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  void opts
  app.rpc.register('xml_dom', {})
}

export default fp(xmlDomHelper, { fastify: '5.x', name: 'cpan-bridge-xml-dom', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status'] })
