// Module `sftp`: the Net::SFTP::Foreign facade's daemon side, on pooled SSH
// connections (app.ssh) and ssh2's own SFTP channel (one per connection).
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { SftpHandles, sftpMethods } from './methods.js'
import { legacyMethods } from './legacy.js'

declare module 'fastify' {
  interface FastifyInstance { sftp: SftpHandles }
}

async function sftpHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const hs = new SftpHandles(app, opts.config)
  app.decorate('sftp', hs)
  app.rpc.register('sftp', { ...sftpMethods(app, opts.config, hs), ...legacyMethods(app, opts.config, hs) })
  // the User Guide's name for SFTPHelper's remove
  app.rpc.alias('sftp.delete', 'sftp.remove')
}

export default fp(sftpHelper, { fastify: '5.x', name: 'cpan-bridge-sftp', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status', 'cpan-bridge-ssh'] })
