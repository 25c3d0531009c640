// mail.send: one whole message, as composed, through a pooled nodemailer
// transport (pool.ts). The message goes as `raw` with an explicit envelope,
// so nodemailer adds and rewrites no header; on the wire it does only SMTP's
// own dot-stuffing and line-end repair, which for everything but a bare CR
// is what Net::SMTP's datasend does (protocol14 Notes).
import fs from 'node:fs'
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method, type CallContext } from '../../src/registry.js'
import { resolveClientPath } from '../../src/paths.js'
import { Bytes, toBuffer } from '../../src/bytes.js'
import { BackendError, BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import type { MailPool, TransportSpec } from './pool.js'

const DEFAULT_TIMEOUT = 120

export const SendParams = Type.Object({
  host: Type.String({ minLength: 1 }),
  port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: '25; 465 with ssl' })),
  ssl: Type.Optional(Type.Boolean({ description: 'implicit TLS (SMTPS)' })),
  starttls: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('require'), Type.Literal('never')], { description: 'auto (default): when the server offers it' })),
  hello: Type.Optional(Type.String({ minLength: 1, pattern: '^[^\\r\\n]*$', description: 'the EHLO name' })),
  timeout: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'seconds: connect, greeting and every wait for the server (default 120)' })),
  auth: Type.Optional(Type.Object({
    user: Type.String({ minLength: 1 }),
    password: Type.String(),
    method: Type.Optional(Type.Union([Type.Literal('PLAIN'), Type.Literal('LOGIN'), Type.Literal('CRAM-MD5')])),
  }, { additionalProperties: false })),
  tls: Type.Optional(Type.Object({
    verify: Type.Optional(Type.Boolean({ description: 'verify the server certificate (default true)' })),
    ca_file: Type.Optional(Type.String({ minLength: 1, description: 'client path of the CA certificates to trust' })),
  }, { additionalProperties: false })),
  from: Type.String({ description: 'envelope sender; "" for the null sender <>' }),
  to: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'envelope recipients: To, Cc and Bcc' }),
  message: Bytes,
})
export type SendP = Static<typeof SendParams>

export const SendResult = Type.Object({
  accepted: Type.Array(Type.String()),
  rejected: Type.Array(Type.String()),
  response: Type.String({ description: 'the final reply to the message, e.g. "250 ..."' }),
})

/** "Name <a@b>" -> "a@b", as Net::SMTP's _addr takes what is between the brackets; CR/LF never reach a command line. */
function envelopeAddress (a: string, field: string): string {
  const m = /<([^>]*)>/.exec(a)
  const addr = (m !== null ? m[1] : a).trim()
  if (/[\r\n<>]/.test(addr)) throw new BRIDGE_ERR_INVALID_PARAMS(field, 'is not an address: it holds a line break or an angle bracket')
  return addr
}

interface NodemailerError extends Error { code?: string, responseCode?: number, response?: string, command?: string, rejected?: string[] }

const STAGES: Record<string, string> = { 'MAIL FROM': 'mail', 'RCPT TO': 'rcpt', DATA: 'data', CONN: 'connect', STARTTLS: 'tls' }

/** A nodemailer failure as the protocol's BackendError: smtp_rejected with the server's reply, or smtp_connect/smtp_timeout. */
export function sendError (err: unknown, host: string, port: number): BackendError {
  const e = err as NodemailerError
  const verb = typeof e.command === 'string' ? e.command.split(' ').slice(0, 2).join(' ').toUpperCase() : ''
  const stage = e.code === 'EAUTH' ? 'auth'
    : e.code === 'ETLS' ? 'tls'
      : verb.startsWith('AUTH') ? 'auth'
        : STAGES[verb] ?? (e.code === 'EMESSAGE' ? 'data' : e.code === 'EENVELOPE' ? (e.rejected !== undefined && e.rejected.length > 0 ? 'rcpt' : 'mail') : 'connect')
  const message = String(e.message ?? err)
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) {
    const reply = typeof e.response === 'string' ? e.response : `${e.responseCode}`
    return new BackendError(`SMTP ${host}:${port} refused at ${stage}: ${reply}`, 'smtp_rejected', {
      smtp_code: e.responseCode, smtp_message: reply, stage, ...(e.rejected !== undefined ? { rejected: e.rejected } : {}),
    }, err)
  }
  if (e.code === 'ETIMEDOUT' || /timeout|timed out/i.test(message)) {
    return new BackendError(`SMTP ${host}:${port}: timed out (${stage})`, 'smtp_timeout', { stage, errno: 'ETIMEDOUT' }, err)
  }
  const errno = /\b(E[A-Z]{3,})\b/.exec(message)?.[1] ?? null
  if (e.code === 'ETLS' || /certificate|SSL|TLS|self.signed/i.test(message)) {
    return new BackendError(`SMTP ${host}:${port}: TLS: ${message}`, 'smtp_connect', { stage: 'tls', errno, reason: message }, err)
  }
  return new BackendError(`SMTP ${host}:${port}: ${message}`, 'smtp_connect', { stage, errno }, err)
}

export async function transportSpec (p: SendP, ctx: CallContext, config: Config): Promise<TransportSpec> {
  const ssl = p.ssl ?? false
  let ca: Buffer | undefined
  if (p.tls?.ca_file !== undefined) {
    const file = resolveClientPath(p.tls.ca_file, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field: 'params.tls.ca_file' })
    try {
      ca = await fs.promises.readFile(file)
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      throw new BackendError(`cannot read tls.ca_file ${p.tls.ca_file}: ${e.message}`, 'smtp_local', { errno: e.code ?? null, path: p.tls.ca_file }, err)
    }
  }
  return {
    host: p.host,
    port: p.port ?? (ssl ? 465 : 25),
    ssl,
    starttls: p.starttls ?? 'auto',
    hello: p.hello,
    // setTimeout takes at most 2^31-1 ms (a longer delay fires at once)
    timeoutMs: Math.min(Math.round((p.timeout ?? DEFAULT_TIMEOUT) * 1000), 2 ** 31 - 1),
    auth: p.auth,
    tls: { verify: p.tls?.verify ?? true, ca },
  }
}

export async function sendMessage (pool: MailPool, spec: TransportSpec, from: string, to: string[], message: Buffer): Promise<Static<typeof SendResult>> {
  return await pool.with(spec, async tr => {
    try {
      const info = await tr.sendMail({ envelope: { from, to }, raw: message })
      const list = (v: unknown): string[] => Array.isArray(v) ? v.map(a => typeof a === 'string' ? a : String((a as { address?: string }).address ?? a)) : []
      return { accepted: list(info.accepted), rejected: list(info.rejected), response: String(info.response ?? '') }
    } catch (err) {
      throw sendError(err, spec.host, spec.port)
    }
  })
}

export function sendMethods (app: FastifyInstance, config: Config, pool: MailPool) {
  return {
    send: method({
      description: 'Sends one whole message (RFC 5322 bytes as composed) through a pooled SMTP transport shared across sessions. The bytes arrive unchanged apart from SMTP dot-stuffing and line-end repair (bare LF and bare CR become CRLF). A refusal is a backend_error smtp_rejected with smtp_code, smtp_message and stage (connect|tls|auth|mail|rcpt|data); transport failures smtp_connect or smtp_timeout.',
      params: SendParams,
      result: SendResult,
      handler: async (p, ctx) => {
        const from = p.from === '' ? '' : envelopeAddress(p.from, 'params.from')
        const to = p.to.map((a, i) => envelopeAddress(a, `params.to.${i}`))
        const message = toBuffer(p.message, 'params.message')
        const spec = await transportSpec(p, ctx, config)
        return await sendMessage(pool, spec, from, to, message)
      },
    }),
  }
}
