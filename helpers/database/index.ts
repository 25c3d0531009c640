// Module `database`: DBI over the bridge (pg, mysql2, better-sqlite3, oracledb
// thin). Connections are session handles (`dbh`, `sth`); server drivers pool
// per (driver, dsn, user). See docs/database-rpc.md.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import type { Session } from '../../plugins/sessions.js'
import { Adapters } from './pool.js'
import { databaseMethods } from './methods.js'

declare module 'fastify' {
  interface FastifyInstance { database: { adapters: Adapters } }
}

async function databaseHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const adapters = new Adapters({ max: opts.config.dbPoolMax, waitMs: opts.config.dbPoolWaitMs })
  app.addHook('onClose', async () => {
    // the sessions' handles first (each session's statements before its connections), so the pools are idle when they end
    await app.sessions.closeAll()
    await adapters.endAll()
  })
  app.decorate('database', { adapters })
  const table = databaseMethods({ adapters, cached: new WeakMap<Session, Map<string, string>>(), allowedPaths: opts.config.allowedPaths, bufferBytes: opts.config.dbBufferBytes })
  app.rpc.register('database', table)
}

export default fp(databaseHelper, { fastify: '5.x', name: 'cpan-bridge-database', dependencies: ['cpan-bridge-registry'] })
