// Module `xpath`: XML::XPath documents and queries (the XML::XPath facade).
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'

async function xpathHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  void opts
  app.rpc.register('xpath', {})
}

export default fp(xpathHelper, { fastify: '5.x', name: 'cpan-bridge-xpath', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status'] })
