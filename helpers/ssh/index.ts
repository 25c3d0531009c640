// SSH connections shared by the sftp and openssh modules: pooled by (host,
// port, user, credential hash, host key policy), host keys checked against
// known_hosts as ssh does. ssh2 itself is imported on the first connect.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { SshPool } from './pool.js'

declare module 'fastify' {
  interface FastifyInstance { ssh: SshPool }
}

async function sshPool (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const pool = new SshPool({ idleSeconds: opts.config.sshPoolIdleSeconds, maxIdle: opts.config.sshPoolMax, log: app.log })
  app.decorate('ssh', pool)
  app.status.addPool('ssh', () => pool.idleConnections())
  app.addHook('onClose', async () => { await pool.close() })
}

export { SshPool, type SshLease } from './pool.js'
export { SshConnectParams, SshConnectObject, sshTarget, type SshTarget, type SshConnect } from './params.js'
export default fp(sshPool, { fastify: '5.x', name: 'cpan-bridge-ssh', dependencies: ['cpan-bridge-status'] })
