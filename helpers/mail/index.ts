// Module `mail` (whole messages through pooled nodemailer transports, for
// MIME::Lite and Mail::Sender), module `smtp` (a step-by-step conversation
// per Net::SMTP object, a session handle of kind `smtp`), and the old
// bridge's smtp_helper.* and email_helper.* calls (legacy.ts).
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { MailPool } from './pool.js'
import { sendMethods } from './send.js'
import { smtpMethods } from './smtp-methods.js'
import { smtpHelperMethods, emailHelperMethods } from './legacy.js'

declare module 'fastify' {
  interface FastifyInstance { mail: MailPool }
}

async function mailHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const pool = new MailPool()
  app.decorate('mail', pool)
  app.status.addPool('mail', () => pool.list())
  app.addHook('onClose', async () => { pool.close() })
  app.rpc.register('mail', sendMethods(app, opts.config, pool))
  app.rpc.register('smtp', smtpMethods(app, opts.config))
  app.rpc.register('smtp_helper', smtpHelperMethods(app, opts.config))
  app.rpc.register('email_helper', emailHelperMethods(app, opts.config, pool))
}

export default fp(mailHelper, { fastify: '5.x', name: 'cpan-bridge-mail', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status'] })
