// The smtp.* methods the Net::SMTP facade speaks: one SMTP conversation per
// facade object (a session handle of kind `smtp`), replies handed back as
// Net::Cmd keeps them. The facade keeps Net::SMTP's logic (what a code
// means, options, $@); the daemon does what needs the socket: connect and
// greeting, EHLO with its HELO fallback, STARTTLS, the SASL exchange (so a
// password crosses the bridge once and is never echoed), and the data
// phase's bytes, which the facade converts and buffers as Net::Cmd's
// datasend does and sends in large blocks.
import fs from 'node:fs'
import { createHmac } from 'node:crypto'
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method, type CallContext } from '../../src/registry.js'
import { resolveClientPath } from '../../src/paths.js'
import { Bytes, toBuffer } from '../../src/bytes.js'
import { BackendError, BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import { SmtpSession, type Reply, type TlsSettings } from './smtp-session.js'

export const KIND = 'smtp'
/** Net::SMTP's Timeout default, seconds */
const DEFAULT_TIMEOUT = 120

const ReplyFields = { code: Type.Integer(), message: Type.Array(Type.String(), { description: 'the reply lines as Net::Cmd keeps them: without "ddd-", newline-terminated' }) }
const Step = Type.Object({
  sent: Type.Union([Type.String(), Type.Null()], { description: 'the command line sent (AUTH credentials masked); null for the greeting' }),
  ...ReplyFields,
})
const Steps = Type.Array(Step, { description: 'every exchange of the call in order, for Debug output' })
type StepT = Static<typeof Step>
const SmtpId = Type.String({ minLength: 1, description: 'the handle smtp.open returned' })
const OneLine = (d: string) => Type.String({ pattern: '^[^\\r\\n]*$', description: d })

const OpenParams = Type.Object({
  host: Type.String({ minLength: 1 }),
  port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: '25, or 465 with ssl' })),
  ssl: Type.Optional(Type.Boolean({ description: 'implicit TLS (SSL => 1)' })),
  timeout: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'seconds: the connect, and every later wait for the server (Timeout)' })),
  hello: Type.Optional(Type.Union([OneLine('the EHLO/HELO domain (Hello); null: send none (SendHello => 0)'), Type.Null()])),
  ca_file: Type.Optional(Type.String({ minLength: 1, description: 'client path of the CA certificates to trust (SSL_ca_file)' })),
  verify: Type.Optional(Type.Boolean({ description: 'verify the server certificate (SSL_verify_mode); default true' })),
  local_addr: Type.Optional(Type.String({ minLength: 1, description: 'local address to bind (LocalAddr)' })),
})

async function readCa (file: string, shown: string): Promise<Buffer> {
  try {
    return await fs.promises.readFile(file)
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    throw new BackendError(`cannot read SSL_ca_file ${shown}: ${e.message}`, 'smtp_local', { errno: e.code ?? null, path: shown }, err)
  }
}

/** Net::SMTP's hello: EHLO, and HELO when EHLO got a 5xx. */
async function hello (s: SmtpSession, domain: string, steps: StepT[]): Promise<Reply> {
  const e = await s.command(`EHLO ${domain}`)
  steps.push({ sent: `EHLO ${domain}`, ...e })
  if (Math.floor(e.code / 100) !== 5) return e
  const h = await s.command(`HELO ${domain}`)
  steps.push({ sent: `HELO ${domain}`, ...h })
  return h
}

const good = (r: Reply): boolean => r.code >= 200 && r.code < 300

/** SASL mechanisms as Authen::SASL::Perl ranks them (higher first; ties keep the server's order). */
const MECH_ORDER: Record<string, number> = { 'CRAM-MD5': 2, PLAIN: 1, LOGIN: 1 }

export function pickMechanism (offered: string): string | null {
  const list = offered.split(/[^-\w]+/).map(m => m.toUpperCase()).filter(m => m in MECH_ORDER)
  if (list.length === 0) return null
  return list.map((m, i) => ({ m, i })).sort((a, b) => MECH_ORDER[b.m] - MECH_ORDER[a.m] || a.i - b.i)[0].m
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64')

/** The SASL exchange Net::SMTP's auth runs through Authen::SASL::Perl (one mechanism, no retry on a refusal). */
export async function authenticate (s: SmtpSession, user: string, password: string, mech: string, steps: StepT[]): Promise<Reply> {
  const mask = '****'
  let r: Reply
  if (mech === 'PLAIN') {
    // Authen::SASL::Perl::PLAIN: authname, user, pass; Net::SMTP sets authname to the user
    r = await s.command(`AUTH PLAIN ${b64(`${user}\0${user}\0${password}`)}`)
    steps.push({ sent: `AUTH PLAIN ${mask}`, ...r })
  } else {
    r = await s.command(`AUTH ${mech}`)
    steps.push({ sent: `AUTH ${mech}`, ...r })
  }
  let rounds = 0
  while (Math.floor(r.code / 100) === 3 && rounds++ < 5) {
    const challenge = Buffer.from((r.message[0] ?? '').trim(), 'base64').toString('latin1')
    let answer: string
    // the user name is no secret: Debug shows it as the real module does; the password (and a digest of it) never
    let shown = mask
    if (mech === 'CRAM-MD5') answer = `${user} ${createHmac('md5', password).update(challenge, 'latin1').digest('hex')}`
    // Authen::SASL::Perl::LOGIN answers by stage, whatever the challenge says: the user, then the password
    else if (mech === 'LOGIN' && rounds === 1) { answer = user; shown = b64(user) }
    else if (mech === 'LOGIN' && rounds === 2) answer = password
    else answer = ''
    r = await s.command(b64(answer))
    steps.push({ sent: shown, ...r })
  }
  return r
}

export function smtpMethods (app: FastifyInstance, config: Config) {
  const session = (ctx: CallContext, id: string): SmtpSession => app.sessions.get<SmtpSession>(ctx.session, KIND, id)
  const tlsFor = async (ctx: CallContext, host: string, caFile: string | undefined, verify: boolean | undefined, field: string): Promise<TlsSettings> => {
    const t: TlsSettings = { verify: verify ?? true, host }
    if (caFile !== undefined) t.ca = await readCa(resolveClientPath(caFile, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field }), caFile)
    return t
  }
  return {
    open: method({
      description: 'Connects, reads the greeting and says EHLO (HELO when EHLO gets a 5xx), as Net::SMTP->new does. A refused greeting or hello closes the connection: smtp_id is null and steps has the replies (the facade builds $@ from them). ssl: implicit TLS.',
      params: OpenParams,
      result: Type.Object({ smtp_id: Type.Union([Type.String(), Type.Null()]), ...ReplyFields, steps: Steps, tls: Type.Boolean() }),
      handler: async (p, ctx) => {
        // setTimeout takes at most 2^31-1 ms (a longer delay fires at once)
        const timeoutMs = Math.min(Math.round((p.timeout ?? DEFAULT_TIMEOUT) * 1000), 2 ** 31 - 1)
        const t = await tlsFor(ctx, p.host, p.ca_file, p.verify, 'params.ca_file')
        const s = await SmtpSession.connect({ host: p.host, port: p.port ?? (p.ssl === true ? 465 : 25), timeoutMs, tls: p.ssl === true ? t : undefined, localAddress: p.local_addr }, t)
        const steps: StepT[] = []
        try {
          let last = await s.reply()
          steps.push({ sent: null, ...last })
          if (good(last) && p.hello !== null) last = await hello(s, p.hello ?? 'localhost.localdomain', steps)
          if (!good(last)) {
            s.destroy()
            return { smtp_id: null, ...last, steps, tls: s.secure }
          }
          const id = app.sessions.create(ctx.session, KIND, s, c => c.shutdown())
          return { smtp_id: id, ...last, steps, tls: s.secure }
        } catch (err) {
          s.destroy()
          // connected, then lost: the exchanges so far and the line left unanswered, for the facade's Debug output
          if (err instanceof BackendError) throw new BackendError(err.message, err.extra.backend_code as string, { ...err.extra, steps, unanswered: steps.length > 0 ? s.lastSent : null }, err)
          throw err
        }
      },
    }),
    command: method({
      description: 'Sends one command line and returns the reply, whatever its code (Net::Cmd command()->response()). DATA with a 3xx reply starts the data phase (smtp.data).',
      params: Type.Object({ smtp_id: SmtpId, command: Type.String({ minLength: 1, pattern: '^[^\\r\\n]*$', description: 'one line, without CRLF' }) }),
      result: Type.Object(ReplyFields),
      handler: async (p, ctx) => {
        const s = session(ctx, p.smtp_id)
        return await s.serial(async () => {
          if (s.lastDataByte !== null) throw new BRIDGE_ERR_INVALID_PARAMS('params.command', 'the data phase is open: end it with smtp.data {end: true} first')
          const r = await s.command(p.command)
          if (/^DATA$/i.test(p.command.trim()) && Math.floor(r.code / 100) === 3) s.lastDataByte = 0x0a
          return r
        })
      },
    }),
    hello: method({
      description: 'EHLO, and HELO when EHLO gets a 5xx (Net::SMTP hello).',
      params: Type.Object({ smtp_id: SmtpId, domain: Type.String({ minLength: 1, pattern: '^[^\\r\\n]*$' }) }),
      result: Type.Object({ ...ReplyFields, steps: Steps }),
      handler: async (p, ctx) => {
        const s = session(ctx, p.smtp_id)
        const steps: StepT[] = []
        const r = await s.serial(async () => await hello(s, p.domain, steps))
        return { ...r, steps }
      },
    }),
    starttls: method({
      description: 'STARTTLS; after a 2xx the TLS handshake (certificate checks as given to smtp.open, or here) and EHLO again (Net::SMTP starttls). A failed handshake is a backend_error smtp_tls and the connection is gone.',
      params: Type.Object({
        smtp_id: SmtpId,
        hello: OneLine('the domain for the EHLO after the handshake'),
        ca_file: Type.Optional(Type.String({ minLength: 1 })),
        verify: Type.Optional(Type.Boolean()),
      }),
      result: Type.Object({ ...ReplyFields, steps: Steps, tls: Type.Boolean() }),
      handler: async (p, ctx) => {
        const s = session(ctx, p.smtp_id)
        const given = p.ca_file !== undefined || p.verify !== undefined
        const t = given ? await tlsFor(ctx, s.host, p.ca_file, p.verify, 'params.ca_file') : s.tlsSettings ?? { verify: true, host: s.host }
        const steps: StepT[] = []
        return await s.serial(async () => {
          const r = await s.command('STARTTLS')
          steps.push({ sent: 'STARTTLS', ...r })
          if (!good(r)) return { ...r, steps, tls: s.secure }
          try {
            await s.upgrade(t)
          } catch (err) {
            // the 220 came: the facade keeps it as its status and prints it under Debug
            if (err instanceof BackendError) throw new BackendError(err.message, err.extra.backend_code as string, { ...err.extra, steps }, err)
            throw err
          }
          const h = await hello(s, p.hello === '' ? 'localhost.localdomain' : p.hello, steps)
          return { ...h, steps, tls: true }
        })
      },
    }),
    auth: method({
      description: "SASL login as Net::SMTP's auth(user, pass) runs it: the best of the offered mechanisms the daemon knows (CRAM-MD5, then PLAIN/LOGIN in the server's order), one attempt. The password is never logged or echoed (steps mask it).",
      params: Type.Object({
        smtp_id: SmtpId,
        user: Type.String({ minLength: 1 }),
        password: Type.String(),
        mechanisms: Type.String({ description: "the server's AUTH line (Net::SMTP's supports('AUTH')), or the mechanism to use" }),
      }),
      result: Type.Object({ ...ReplyFields, steps: Steps, mechanism: Type.String() }),
      handler: async (p, ctx) => {
        const s = session(ctx, p.smtp_id)
        const mech = pickMechanism(p.mechanisms)
        if (mech === null) throw new BackendError(`No SASL mechanism found among ${JSON.stringify(p.mechanisms)} (the daemon knows CRAM-MD5, PLAIN, LOGIN)`, 'smtp_auth_mechanism', { offered: p.mechanisms })
        const steps: StepT[] = []
        const r = await s.serial(async () => await authenticate(s, p.user, p.password, mech, steps))
        return { ...r, steps, mechanism: mech }
      },
    }),
    data: method({
      description: "Sends data-phase bytes exactly as given (the facade has done Net::Cmd's CRLF conversion and dot-stuffing); as Net::Cmd, also when no DATA was accepted. end: then the terminator (CRLF first unless the data ended with LF, then \".\" CRLF) and the reply, as Net::Cmd's dataend.",
      params: Type.Object({ smtp_id: SmtpId, data: Type.Optional(Bytes), end: Type.Optional(Type.Boolean()) }),
      result: Type.Object({ code: Type.Optional(Type.Integer()), message: Type.Optional(Type.Array(Type.String())), written: Type.Integer() }),
      handler: async (p, ctx) => {
        const s = session(ctx, p.smtp_id)
        const buf = p.data === undefined ? Buffer.alloc(0) : toBuffer(p.data, 'params.data')
        return await s.serial(async () => {
          // Net::Cmd writes datasend bytes whatever the state (before DATA the server takes them as commands,
          // and the replies then pair with later commands, as under the real module); its last_ch starts at LF
          if (s.lastDataByte === null) s.lastDataByte = 0x0a
          if (buf.length > 0) {
            await s.write(buf)
            s.lastDataByte = buf[buf.length - 1]
          }
          if (p.end !== true) return { written: buf.length }
          const tail = s.lastDataByte === 0x0a ? '.\r\n' : '\r\n.\r\n'
          await s.write(tail)
          s.lastDataByte = null
          return { ...(await s.reply()), written: buf.length }
        })
      },
    }),
    quit: method({
      description: 'QUIT, its reply, and the connection closed (Net::SMTP quit). A connection already lost is just closed.',
      params: Type.Object({ smtp_id: SmtpId }),
      result: Type.Object({ code: Type.Optional(Type.Integer()), message: Type.Optional(Type.Array(Type.String())) }),
      handler: async (p, ctx) => {
        const s = session(ctx, p.smtp_id)
        let r: Reply | null = null
        try {
          r = await s.serial(async () => await s.command('QUIT'))
        } finally {
          s.destroy()
          await app.sessions.close(ctx.session, KIND, p.smtp_id)
        }
        return r
      },
    }),
    close: method({
      description: 'Closes the connection without QUIT (Net::Cmd close, or the object going away mid-message: the server discards a message not ended).',
      params: Type.Object({ smtp_id: SmtpId }),
      result: Type.Object({ closed: Type.Boolean() }),
      handler: async (p, ctx) => {
        const s = session(ctx, p.smtp_id)
        s.destroy()
        await app.sessions.close(ctx.session, KIND, p.smtp_id)
        return { closed: true }
      },
    }),
  }
}
