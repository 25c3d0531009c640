// Decorates the instance with the method registry that helpers register into.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { MethodRegistry } from '../src/registry.js'

declare module 'fastify' {
  interface FastifyInstance { rpc: MethodRegistry }
}

async function registryPlugin (app: FastifyInstance): Promise<void> {
  app.decorate('rpc', new MethodRegistry())
}

export default fp(registryPlugin, { fastify: '5.x', name: 'cpan-bridge-registry' })
