// Module `logging`: placeholder until its helper lands; registers nothing yet.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'

async function loggingHelper (_app: FastifyInstance, _opts: { config: Config }): Promise<void> {}

export default fp(loggingHelper, { fastify: '5.x', name: 'cpan-bridge-logging', dependencies: ['cpan-bridge-registry'] })
