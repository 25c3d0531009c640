// SSH connections shared by the sftp and openssh modules: pooled by (host,
// port, user, credential hash), host keys checked against known_hosts.
// STUB: H1 fills this in (see helpers/ssh/* once written).
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'

async function sshPool (_app: FastifyInstance, _opts: { config: Config }): Promise<void> {
}

export default fp(sshPool, { fastify: '5.x', name: 'cpan-bridge-ssh' })
