// The old bridge's calls with their old names and result shapes:
// smtp_helper.* (its SMTPHelper.pm sent them: a connection_id, datasend
// buffering until a datasend without data sends the message) and
// email_helper.* (its MailHelper.pm: whole messages composed in the helper).
// Failures are errors (the old {success: 0, error} results: the Perl client
// turns an error into that shape), worded as the old helpers worded them.
import fs from 'node:fs'
import path from 'node:path'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method, type CallContext } from '../../src/registry.js'
import { resolveClientPath } from '../../src/paths.js'
import { BackendError, BridgeError } from '../../src/errors.js'
import { SmtpSession } from './smtp-session.js'
import { KIND } from './smtp-methods.js'
import { datasendBytes, dataendBytes, type DatasendState } from './datasend.js'
import { sendError, transportSpec, type SendP } from './send.js'
import type { MailPool } from './pool.js'

interface OldState { phase: 'connected' | 'data_mode', sender: string | null, recipients: string[], buffer: Buffer[], data: DatasendState }

const text = (r: { code: number, message: string[] }): string => `${r.code} ${r.message.join('').trim()}`
const Id = Type.String({ minLength: 1 })
const Ok = Type.Object({ success: Type.Boolean() })

export function smtpHelperMethods (app: FastifyInstance, _config: Config) {
  const states = new WeakMap<SmtpSession, OldState>()
  const get = (ctx: CallContext, id: string): { s: SmtpSession, st: OldState } => {
    let s: SmtpSession
    try {
      s = app.sessions.get<SmtpSession>(ctx.session, KIND, id)
    } catch (err) {
      throw new BackendError(`Invalid connection ID: ${id}`, 'smtp_handle', {}, err)
    }
    const st = states.get(s)
    if (st === undefined) throw new BackendError(`Invalid connection ID: ${id}`, 'smtp_handle', {})
    return { s, st }
  }
  /** A transport failure ends the old connection, as the old helper's cleanup did. */
  const guarded = async <T>(ctx: CallContext, id: string, what: string, job: () => Promise<T>): Promise<T> => {
    try {
      return await job()
    } catch (err) {
      if (err instanceof BridgeError && err.type !== 'backend_error') throw err
      if (err instanceof BackendError && err.extra.backend_code === 'smtp_state') throw err
      await app.sessions.close(ctx.session, KIND, id).catch(() => undefined)
      throw new BackendError(`SMTP error in ${what}(): ${(err as Error).message}`, err instanceof BackendError ? (err.extra.backend_code as string) : null, {}, err)
    }
  }
  const stateError = (msg: string): BackendError => new BackendError(msg, 'smtp_state', {})
  return {
    new: method({
      description: 'Old SMTPHelper: connects, EHLO (HELO fallback), returns {connection_id}.',
      params: Type.Object({
        host: Type.String({ minLength: 1 }),
        port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
        timeout: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
        debug: Type.Optional(Type.Unknown()),
        localhost: Type.Optional(Type.Union([Type.String({ pattern: '^[^\\r\\n]*$' }), Type.Null()])),
      }),
      result: Type.Object({ success: Type.Boolean(), connection_id: Type.String() }),
      handler: async (p, ctx) => {
        const port = p.port ?? 25
        let s: SmtpSession
        try {
          s = await SmtpSession.connect({ host: p.host, port, timeoutMs: Math.min(Math.round((p.timeout ?? 30) * 1000), 2 ** 31 - 1) })
        } catch (err) {
          throw new BackendError(`Connection error: ${(err as Error).message}`, err instanceof BackendError ? (err.extra.backend_code as string) : null, err instanceof BackendError ? err.extra : {}, err)
        }
        try {
          const greeting = await s.reply()
          if (greeting.code !== 220) throw new Error(`SMTP connection failed: ${text(greeting)}`)
          const domain = p.localhost ?? 'localhost.localdomain'
          let r = await s.command(`EHLO ${domain}`)
          if (r.code >= 500) r = await s.command(`HELO ${domain}`)
          if (r.code >= 400) throw new Error(`SMTP connection failed: ${text(r)}`)
        } catch (err) {
          s.destroy()
          throw err instanceof BackendError ? new BackendError(`Connection error: ${err.message}`, err.extra.backend_code as string, err.extra, err) : new BackendError((err as Error).message, 'smtp_rejected', { stage: 'connect' }, err)
        }
        const id = app.sessions.create(ctx.session, KIND, s, c => c.shutdown())
        states.set(s, { phase: 'connected', sender: null, recipients: [], buffer: [], data: { last: 0x0a } })
        return { success: true, connection_id: id }
      },
    }),
    mail: method({
      description: 'Old SMTPHelper: MAIL FROM.',
      params: Type.Object({ connection_id: Id, sender: Type.String({ pattern: '^[^\\r\\n]*$' }) }),
      result: Ok,
      handler: async (p, ctx) => {
        const { s, st } = get(ctx, p.connection_id)
        if (st.phase !== 'connected') throw stateError(`Cannot call mail() in state: ${st.phase}`)
        return await guarded(ctx, p.connection_id, 'mail', async () => {
          const r = await s.serial(async () => await s.command(`MAIL FROM:<${p.sender.replace(/^.*<([^>]*)>.*$/s, '$1').trim()}>`))
          if (r.code !== 250) throw stateError(`MAIL FROM failed: ${text(r)}`)
          st.sender = p.sender
          return { success: true }
        })
      },
    }),
    to: method({
      description: 'Old SMTPHelper: RCPT TO.',
      params: Type.Object({ connection_id: Id, recipient: Type.String({ pattern: '^[^\\r\\n]*$' }) }),
      result: Ok,
      handler: async (p, ctx) => {
        const { s, st } = get(ctx, p.connection_id)
        if (st.phase !== 'connected') throw stateError(`Cannot call to() in state: ${st.phase}`)
        return await guarded(ctx, p.connection_id, 'to', async () => {
          const r = await s.serial(async () => await s.command(`RCPT TO:<${p.recipient.replace(/^.*<([^>]*)>.*$/s, '$1').trim()}>`))
          if (r.code !== 250 && r.code !== 251) throw stateError(`RCPT TO failed: ${text(r)}`)
          st.recipients.push(p.recipient)
          return { success: true }
        })
      },
    }),
    data: method({
      description: 'Old SMTPHelper: DATA (354 expected); datasend then buffers.',
      params: Type.Object({ connection_id: Id }),
      result: Ok,
      handler: async (p, ctx) => {
        const { s, st } = get(ctx, p.connection_id)
        if (st.phase !== 'connected') throw stateError(`Cannot call data() in state: ${st.phase}`)
        if (st.sender === null) throw stateError('Must call mail() before data()')
        if (st.recipients.length === 0) throw stateError('Must call to() before data()')
        return await guarded(ctx, p.connection_id, 'data', async () => {
          const r = await s.serial(async () => await s.command('DATA'))
          if (r.code !== 354) throw stateError(`DATA command failed: ${text(r)}`)
          st.phase = 'data_mode'
          st.buffer = []
          st.data = { last: 0x0a }
          return { success: true }
        })
      },
    }),
    datasend: method({
      description: "Old SMTPHelper: with data, buffers it; without, sends the buffered message (CRLF line ends and dot-stuffing as Net::SMTP's datasend, then the end of data) and waits for the 250.",
      params: Type.Object({ connection_id: Id, data: Type.Optional(Type.Union([Type.String(), Type.Null()])) }),
      result: Ok,
      handler: async (p, ctx) => {
        const { s, st } = get(ctx, p.connection_id)
        if (st.phase !== 'data_mode') throw stateError(`Cannot call datasend() in state: ${st.phase}. Must call data() first.`)
        if (p.data !== undefined && p.data !== null) {
          st.buffer.push(Buffer.from(p.data, 'utf8'))
          return { success: true }
        }
        if (st.buffer.length === 0) throw stateError('No data to send (buffer empty)')
        return await guarded(ctx, p.connection_id, 'datasend', async () => {
          const body = datasendBytes(Buffer.concat(st.buffer), st.data)
          const r = await s.serial(async () => {
            await s.write(Buffer.concat([body, dataendBytes(st.data)]))
            return await s.reply()
          })
          st.buffer = []
          st.phase = 'connected'
          st.sender = null
          st.recipients = []
          if (r.code !== 250) throw stateError(`Message send failed: ${text(r)}`)
          return { success: true }
        })
      },
    }),
    quit: method({
      description: 'Old SMTPHelper: QUIT and forget the connection; always succeeds.',
      params: Type.Object({ connection_id: Id }),
      result: Ok,
      handler: async (p, ctx) => {
        try {
          const { s, st } = get(ctx, p.connection_id)
          // a message left in the buffer is dropped, as the old helper's quit dropped it
          if (st.phase === 'data_mode') s.destroy()
          await app.sessions.close(ctx.session, KIND, p.connection_id)
        } catch { /* already gone: not an error */ }
        return { success: true }
      },
    }),
    cleanup_stale_connections: method({
      description: "Old SMTPHelper: the daemon reaps idle handles itself; kept for the old name.",
      params: Type.Object({}),
      result: Type.Object({ success: Type.Boolean(), cleaned_up: Type.Integer() }),
      handler: () => ({ success: true, cleaned_up: 0 }),
    }),
  }
}

const Recipients = Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })])
const Common = {
  smtp_host: Type.Optional(Type.String({ minLength: 1 })),
  smtp_port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  from: Type.String({ minLength: 1 }),
  from_addr: Type.Optional(Type.String()),
  to: Recipients,
  subject: Type.Optional(Type.Union([Type.String(), Type.Null()])),
}
const Attachment = Type.Object({
  file: Type.String({ minLength: 1 }),
  ctype: Type.Optional(Type.String()),
  encoding: Type.Optional(Type.String()),
  disposition: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
})
const Sent = Type.Object({ status: Type.String(), message: Type.String() })

/** "a@x, b@y" or a list -> the header text and the envelope list, as the old email_helper split them. */
function recipients (to: string | string[]): { header: string, list: string[] } {
  const list = Array.isArray(to) ? to : to.split(',').map(a => a.trim()).filter(a => a !== '')
  return { header: list.join(', '), list }
}

export function emailHelperMethods (app: FastifyInstance, config: Config, pool: MailPool) {
  const local = (ctx: CallContext, p: string, field: string): string => resolveClientPath(p, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field })
  const spec = async (ctx: CallContext, host: string | undefined, port: number | undefined) =>
    await transportSpec({ host: host ?? 'localhost', port: port ?? 25, starttls: 'never', from: '', to: ['x'], message: '' } satisfies SendP, ctx, config)
  const exists = async (file: string, shown: string): Promise<void> => {
    try { await fs.promises.access(file, fs.constants.R_OK) } catch { throw new BackendError(`Attachment file not found: ${shown}`, 'smtp_local', { path: shown }) }
  }
  /** Composes with nodemailer (the old helper composed with Python's email package) and sends through the pool. */
  const send = async (ctx: CallContext, p: { smtp_host?: string, smtp_port?: number, from: string, to: string | string[] }, mail: Record<string, unknown>): Promise<{ status: string, message: string }> => {
    const t = await spec(ctx, p.smtp_host, p.smtp_port)
    const r = recipients(p.to)
    try {
      await pool.with(t, async tr => await tr.sendMail({ from: p.from, to: r.header, envelope: { from: p.from, to: r.list }, ...mail }))
    } catch (err) {
      const e = err instanceof BackendError ? err : sendError(err, t.host, t.port)
      throw new BackendError(`Failed to send email: ${e.message}`, e.extra.backend_code as string, e.extra, err)
    }
    return { status: 'sent', message: 'Email sent successfully' }
  }
  return {
    send_simple: method({
      description: 'Old email_helper (MailHelper MailMsg): a text/plain message.',
      params: Type.Object({ ...Common, msg: Type.Optional(Type.Union([Type.String(), Type.Null()])) }),
      result: Sent,
      handler: async (p, ctx) => await send(ctx, p, { subject: p.subject ?? '', text: p.msg ?? '' }),
    }),
    send_with_file: method({
      description: 'Old email_helper (MailHelper MailFile): a text body and one attached file.',
      params: Type.Object({ ...Common, msg: Type.Optional(Type.Union([Type.String(), Type.Null()])), file: Type.String({ minLength: 1 }) }),
      result: Sent,
      handler: async (p, ctx) => {
        const file = local(ctx, p.file, 'params.file')
        try { await fs.promises.access(file, fs.constants.R_OK) } catch { throw new BackendError(`File not found: ${p.file}`, 'smtp_local', { path: p.file }) }
        return await send(ctx, p, { subject: p.subject ?? '', text: p.msg ?? '', attachments: [{ path: file, filename: path.basename(file), contentTransferEncoding: 'base64' }] })
      },
    }),
    send_multipart: method({
      description: 'Old email_helper (MailHelper OpenMultipart/Attach/Close): a body and attachments (file, ctype, encoding, disposition, description), extra headers.',
      params: Type.Object({
        ...Common,
        body: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        body_encoding: Type.Optional(Type.String()),
        attachments: Type.Optional(Type.Array(Attachment)),
        headers: Type.Optional(Type.Record(Type.String(), Type.String())),
        multipart_type: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]+$' })),
      }),
      result: Sent,
      handler: async (p, ctx) => {
        const attachments = []
        for (const [i, a] of (p.attachments ?? []).entries()) {
          const file = local(ctx, a.file, `params.attachments.${i}.file`)
          await exists(file, a.file)
          const enc = (a.encoding ?? 'base64').toLowerCase()
          attachments.push({
            path: file,
            filename: a.name ?? path.basename(file),
            contentType: a.ctype ?? 'application/octet-stream',
            contentTransferEncoding: ['base64', 'quoted-printable', '7bit', '8bit'].includes(enc) ? enc : 'base64',
            contentDisposition: /^inline/i.test(a.disposition ?? '') ? 'inline' as const : 'attachment' as const,
            headers: { 'Content-Description': a.description ?? `Attached file ${path.basename(file)}` },
          })
        }
        const headers: Record<string, string> = {}
        for (const [k, v] of Object.entries(p.headers ?? {})) {
          if (!['from', 'to', 'subject', 'date', 'message-id'].includes(k.toLowerCase())) headers[k] = v
        }
        const body = p.body ?? ''
        return await send(ctx, p, { subject: p.subject ?? '', ...(body !== '' ? { text: body } : {}), attachments, headers })
      },
    }),
    test_smtp_connection: method({
      description: 'Old email_helper: connects, NOOP, returns the reply.',
      params: Type.Object({ smtp_host: Type.Optional(Type.String({ minLength: 1 })), smtp_port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })) }),
      result: Type.Object({ status: Type.String(), host: Type.String(), port: Type.Integer(), response: Type.String() }),
      idempotent: true,
      handler: async p => {
        const host = p.smtp_host ?? 'localhost'
        const port = p.smtp_port ?? 25
        let s: SmtpSession | undefined
        try {
          s = await SmtpSession.connect({ host, port, timeoutMs: 30_000 })
          const g = await s.reply()
          let r = await s.command('EHLO localhost.localdomain')
          if (r.code >= 500) r = await s.command('HELO localhost.localdomain')
          r = await s.command('NOOP')
          await s.command('QUIT').catch(() => undefined)
          if (g.code !== 220) throw new Error(text(g))
          return { status: 'connected', host, port, response: `(${r.code}, b'${r.message.join('').trim()}')` }
        } catch (err) {
          throw new BackendError(`SMTP connection failed: ${(err as Error).message}`, err instanceof BackendError ? (err.extra.backend_code as string) : 'smtp_rejected', {}, err)
        } finally {
          s?.destroy()
        }
      },
    }),
    ping: method({
      description: 'Old email_helper: says the module is loaded.',
      params: Type.Object({}),
      result: Type.Object({ module: Type.String(), status: Type.String(), functions: Type.Array(Type.String()) }),
      idempotent: true,
      handler: () => ({ module: 'email', status: 'ready', functions: ['send_multipart', 'send_with_file', 'send_simple', 'test_smtp_connection'] }),
    }),
  }
}
