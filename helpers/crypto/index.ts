// Module `crypto`: placeholder until its helper lands; registers nothing yet.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'

async function cryptoHelper (_app: FastifyInstance, _opts: { config: Config }): Promise<void> {}

export default fp(cryptoHelper, { fastify: '5.x', name: 'cpan-bridge-crypto', dependencies: ['cpan-bridge-registry'] })
