// Module `openssh`: the Net::OpenSSH facade's daemon side. Commands run on
// pooled SSH connections (helpers/ssh); the facade quotes the command line
// and keeps Net::OpenSSH's error and $? rules, the daemon runs the command.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { opensshMethods } from './methods.js'
import { legacyMethods } from './legacy.js'

async function opensshHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  app.rpc.register('openssh', { ...opensshMethods(app, opts.config), ...legacyMethods(app, opts.config) })
}

export default fp(opensshHelper, { fastify: '5.x', name: 'cpan-bridge-openssh', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status', 'cpan-bridge-ssh'] })
