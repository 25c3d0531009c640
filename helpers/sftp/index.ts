// Module `sftp`: the Net::SFTP::Foreign facade's daemon side.
// STUB: filled in by the helper that owns helpers/sftp.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'

async function sftpHelper (_app: FastifyInstance, _opts: { config: Config }): Promise<void> {
}

export default fp(sftpHelper, { fastify: '5.x', name: 'cpan-bridge-sftp', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status', 'cpan-bridge-ssh'] })
