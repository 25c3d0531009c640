// Module `xml_helper`: XML::Simple's XMLin/XMLout (the XML::Simple facade).
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'

async function xmlHelperHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  void opts
  app.rpc.register('xml_helper', {})
}

export default fp(xmlHelperHelper, { fastify: '5.x', name: 'cpan-bridge-xml', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status'] })
