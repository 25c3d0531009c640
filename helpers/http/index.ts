// Module `http`: the daemon side of LWP::UserAgent (http.request and its body
// reads), the User Guide's http.get/http.post and the old bridge's
// http_helper.lwp_request. One keep-alive pool (pool.ts) serves every session:
// connections outlive the script that opened them, cookies and credentials
// do not (the facade keeps those in Perl; the old names per session).
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { HttpPool } from './pool.js'
import { httpMethods } from './methods.js'
import { legacyHttpMethods, legacyHelperMethods } from './legacy.js'

declare module 'fastify' {
  interface FastifyInstance { http: HttpPool }
}

/** how long an idle keep-alive connection waits for the next script (a server's shorter Keep-Alive timeout wins) */
const IDLE_MS = 60_000
/** undici's own limit on a connection attempt; each request's shorter timeout applies first */
const CONNECT_CAP_MS = 600_000

async function httpHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const pool = new HttpPool({ idleMs: IDLE_MS, connectCapMs: CONNECT_CAP_MS })
  app.decorate('http', pool)
  app.status.addPool('http', () => pool.list())
  app.addHook('onClose', async () => { await pool.close() })
  app.rpc.register('http', { ...httpMethods(app, pool, opts.config), ...legacyHttpMethods(app, pool, opts.config) })
  app.rpc.register('http_helper', legacyHelperMethods(app, pool, opts.config))
}

export { HttpPool } from './pool.js'
export default fp(httpHelper, { fastify: '5.x', name: 'cpan-bridge-http', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status', 'cpan-bridge-sessions'] })
