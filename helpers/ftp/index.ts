// Module `ftp`: the Net::FTP facade's daemon side.
// STUB: filled in by the helper that owns helpers/ftp.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'

async function ftpHelper (_app: FastifyInstance, _opts: { config: Config }): Promise<void> {
}

export default fp(ftpHelper, { fastify: '5.x', name: 'cpan-bridge-ftp', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status'] })
