// The SMTP capture server's facts (CB_SMTP_* in .test-services/env) and its
// spool: a message is found by a unique recipient, its .json written last.
// A test server built with the mail plugin registered (until helpers/index.ts lists it).
import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../src/server.js'
import { testConfig, type Config } from '../../src/config.js'
import { serviceFacts } from '../services.js'
import mailPlugin from '../../helpers/mail/index.js'
import { helpers } from '../../helpers/index.js'

const facts = serviceFacts()
const need = (k: string): string => {
  const v = process.env[k] ?? facts[k]
  if (v === undefined || v === '') throw new Error(`${k} is missing from .test-services/env: run "bash scripts/test-services.sh start"`)
  return v
}

export const smtp = {
  host: need('CB_SMTP_HOST'),
  port: Number(need('CB_SMTP_PORT')),
  smtpsPort: Number(need('CB_SMTPS_PORT')),
  ca: need('CB_SMTP_CA'),
  user: need('CB_SMTP_USER'),
  password: need('CB_SMTP_PASSWORD'),
  spool: need('CB_SMTP_SPOOL'),
}

/** The CA as a file path (the env file may hold the PEM itself). */
export function caFile (dir: string): string {
  if (!smtp.ca.includes('-----BEGIN')) return smtp.ca
  const f = path.join(dir, 'smtp-ca.pem')
  fs.writeFileSync(f, smtp.ca.replace(/\\n/g, '\n'))
  return f
}

export const uniqueRcpt = (prefix = 't'): string => `${prefix}${randomBytes(6).toString('hex')}@example.test`

export interface Captured { eml: Buffer, meta: { mail_from: string, rcpt_tos: string[], peer: string, auth_user: string | null, tls: boolean, helo: string, mail_options?: string[] } }

/** Waits (up to `ms`) for the message one of whose recipients is `rcpt`. */
export async function captured (rcpt: string, ms = 10_000): Promise<Captured> {
  const until = Date.now() + ms
  for (;;) {
    for (const f of fs.readdirSync(smtp.spool).filter(n => n.endsWith('.json')).sort().reverse()) {
      const meta = JSON.parse(fs.readFileSync(path.join(smtp.spool, f), 'utf8')) as Captured['meta']
      if (meta.rcpt_tos.includes(rcpt)) return { eml: fs.readFileSync(path.join(smtp.spool, f.replace(/\.json$/, '.eml'))), meta }
    }
    if (Date.now() > until) throw new Error(`no message for ${rcpt} in the spool`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

/** Whether any message for `rcpt` reached the spool (after a short grace). */
export async function capturedAny (rcpt: string, ms = 500): Promise<boolean> {
  try { await captured(rcpt, ms); return true } catch { return false }
}

export async function buildMailServer (overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildServer(testConfig(overrides), { extraHelpers: helpers.includes(mailPlugin) ? [] : [mailPlugin] })
  await app.ready()
  return app
}
