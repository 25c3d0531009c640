// Module `openssh`: the Net::OpenSSH facade's daemon side.
// STUB: filled in by the helper that owns helpers/openssh.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'

async function opensshHelper (_app: FastifyInstance, _opts: { config: Config }): Promise<void> {
}

export default fp(opensshHelper, { fastify: '5.x', name: 'cpan-bridge-openssh', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status', 'cpan-bridge-ssh'] })
