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
    // our handles first (statements, then connections), so the pools are idle when they end
    for (const kind of ['sth', 'dbh']) {
      for (const h of [...app.sessions.handles.values()]) {
        if (h.kind !== kind) continue
        const s = app.sessions.sessions.get(h.owner)
        try { if (s !== undefined) await app.sessions.close(s, kind, h.id); else await h.close() } catch (err) { app.log.warn({ err }, 'closing a database handle failed') }
      }
    }
    await adapters.endAll()
  })
  app.decorate('database', { adapters })
  const table = databaseMethods({ adapters, cached: new WeakMap<Session, Map<string, string>>(), allowedPaths: opts.config.allowedPaths })
  app.rpc.register('database', table)
}

export default fp(databaseHelper, { fastify: '5.x', name: 'cpan-bridge-database', dependencies: ['cpan-bridge-registry'] })
