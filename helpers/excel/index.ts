// Module `excel`: Excel::Writer::XLSX workbooks written by exceljs (the Excel facade).
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'

async function excelHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  void opts
  app.rpc.register('excel', {})
}

export default fp(excelHelper, { fastify: '5.x', name: 'cpan-bridge-excel', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status'] })
