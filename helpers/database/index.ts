// Module `database`: placeholder until its helper lands; registers nothing yet.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'

async function databaseHelper (_app: FastifyInstance, _opts: { config: Config }): Promise<void> {}

export default fp(databaseHelper, { fastify: '5.x', name: 'cpan-bridge-database', dependencies: ['cpan-bridge-registry'] })
