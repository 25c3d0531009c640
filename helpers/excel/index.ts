// Module `excel`: Excel::Writer::XLSX workbooks written by exceljs (the Excel facade).
// Workbooks are session handles of kind `workbook`; saves run in worker threads
// (at most config.documentWorkers at once) so a big one never stalls other scripts.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { excelMethods } from './methods.js'
import { legacyMethods } from './legacy.js'
import { SaveWorkers } from './workers.js'

async function excelHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const workers = new SaveWorkers(opts.config.documentWorkers)
  // onClose hooks run last-registered first: this one runs before the sessions plugin's,
  // so open workbooks drop their temporaries while the workers still exist
  app.addHook('onClose', async () => {
    await app.sessions.closeAll()
    await workers.close()
  })
  app.rpc.register('excel', { ...excelMethods(app, opts.config, workers), ...legacyMethods(app, opts.config, workers) })
}

export default fp(excelHelper, { fastify: '5.x', name: 'cpan-bridge-excel', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status'] })
