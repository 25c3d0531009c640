// Module `ftp`: the Net::FTP facade's daemon side. Each facade object is one
// FTP control connection held as a session handle (kind `ftp`): reaped when
// idle, closed (QUIT) when its session ends or the daemon stops. Connections
// are not pooled across scripts: an FTP login is cheap next to an SSH
// handshake, and a pooled connection would carry the last script's cwd, type
// and PROT. Also the old bridge's `ftp_helper.*` names (legacy.ts).
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { ftpMethods } from './methods.js'
import { legacyMethods } from './legacy.js'

async function ftpHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  app.rpc.register('ftp', ftpMethods(app, opts.config))
  app.rpc.register('ftp_helper', legacyMethods(app, opts.config))
}

export default fp(ftpHelper, { fastify: '5.x', name: 'cpan-bridge-ftp', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status'] })
