// The ftp.* methods the Net::FTP facade speaks: a connection handle per facade
// object (kind `ftp`), raw commands with their replies, and the transfers,
// which stream between the local file and the data connection.
import fs from 'node:fs'
import path from 'node:path'
import { Readable, Writable } from 'node:stream'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method, type CallContext } from '../../src/registry.js'
import { resolveClientPath, siblingTemp } from '../../src/paths.js'
import { Bytes, toBuffer } from '../../src/bytes.js'
import { BackendError, BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import { FtpConnection, replyError, transportError, type Reply, type TlsSettings } from './connection.js'
import { asciiDownload, asciiUpload } from './ascii.js'

export const KIND = 'ftp'
/** Net::FTP's Timeout default, seconds */
const DEFAULT_TIMEOUT = 120
/** Net::FTP's BlockSize default: the chunks its ASCII conversion works on */
const DEFAULT_BLOCK = 10240
/** file stream chunks: 16/64 KiB defaults cost a syscall and a callback per chunk on a big file */
const STREAM_CHUNK = 1024 * 1024

const ReplyFields = { code: Type.Integer(), message: Type.Array(Type.String(), { description: 'the reply lines as Net::Cmd keeps them' }) }
const ReplyResult = Type.Object(ReplyFields)
const FtpId = Type.String({ minLength: 1, description: 'the handle ftp.open returned' })
const TransferType = Type.Optional(Type.String({ pattern: '^[AIEL]', description: "Net::FTP's type: A (ASCII, converted as Net::FTP does), I/L (binary); default A" }))
const BlockSize = Type.Optional(Type.Integer({ minimum: 1, maximum: 16 * 1024 * 1024, description: "Net::FTP's BlockSize (the ASCII conversion's chunk)" }))
const RemotePath = Type.String({ minLength: 1, pattern: '^[^\\r\\n]*$', description: 'remote path, as the facade computed it (no CR/LF)' })

export interface OpenParams {
  host: string
  port?: number
  timeout?: number
  tls?: 'implicit'
  ca_file?: string
  verify?: boolean
}

/** Connects and reads the greeting; the handle is the session's, closed (QUIT) when the session ends or idles out. */
export async function openConnection (app: FastifyInstance, config: Config, ctx: CallContext, p: OpenParams): Promise<{ id: string, conn: FtpConnection, welcome: Reply }> {
  const { Client } = await import('basic-ftp')
  const timeoutMs = Math.round((p.timeout ?? DEFAULT_TIMEOUT) * 1000)
  const port = p.port ?? (p.tls === 'implicit' ? 990 : 21)
  let settings: TlsSettings = { verify: p.verify ?? true, host: p.host }
  if (p.ca_file !== undefined) {
    const file = resolveClientPath(p.ca_file, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field: 'params.ca_file' })
    try {
      settings = { ...settings, ca: await fs.promises.readFile(file) }
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      throw new BackendError(`cannot read SSL_ca_file ${p.ca_file}: ${e.message}`, 'ftp_local', { errno: e.code ?? null, path: p.ca_file }, err)
    }
  }
  const client = new Client(timeoutMs)
  const conn = new FtpConnection(client, p.host, port, timeoutMs)
  let welcome: Reply
  try {
    const res = p.tls === 'implicit'
      ? await client.connectImplicitTLS(p.host, port, { ca: settings.ca, rejectUnauthorized: settings.verify, servername: settings.host.includes(':') || /^[\d.]+$/.test(settings.host) ? undefined : settings.host })
      : await client.connect(p.host, port)
    welcome = { code: res.code, message: res.message.split(/\r?\n/).map(l => l.replace(/^\d\d\d[- ]?/, '') + '\n') }
  } catch (err) {
    client.close()
    const code = (err as { code?: unknown }).code
    if (typeof code === 'number') {
      const r = { code, message: String((err as Error).message).split(/\r?\n/).map(l => l.replace(/^\d\d\d[- ]?/, '') + '\n') }
      throw replyError('connect', r)
    }
    throw transportError(`connect to ${p.host}:${port}`, err)
  }
  // one short command, one reply: Nagle would hold a command back waiting for an ACK
  client.ftp.socket.setNoDelay(true)
  if (p.tls === 'implicit') {
    // vsftpd insists on PROT P for data over implicit TLS; Net::FTP marks its data connections
    // TLS after SSL => 1 without sending PBSZ/PROT, which such a server refuses: send them here
    conn.protP = true
  }
  conn.tls = settings
  const id = app.sessions.create(ctx.session, KIND, conn, c => c.shutdown())
  return { id, conn, welcome }
}

export function connectionOf (app: FastifyInstance, ctx: CallContext, id: string): FtpConnection {
  return app.sessions.get<FtpConnection>(ctx.session, KIND, id)
}

const ok = (r: Reply): { code: number, message: string[] } => ({ code: r.code, message: r.message })

/** Sends `command`; a negative reply (4xx/5xx) is the caller's error, with the reply in its data. */
export async function command (conn: FtpConnection, line: string): Promise<Reply> {
  return await conn.serial(async () => {
    const r = await conn.raw(line)
    if (r.code >= 400) throw replyError(line.split(' ')[0].toUpperCase(), r)
    trackProt(conn, line, r)
    return r
  })
}

/** PROT P/C after a good reply decides whether the next data connections are TLS. */
function trackProt (conn: FtpConnection, line: string, r: Reply): void {
  const m = /^PROT\s+([A-Z])/i.exec(line)
  if (m !== null && r.code < 300) { conn.protP = m[1].toUpperCase() === 'P'; conn.protSent = true }
}

/** USER, then PASS and ACCT when the server asks (Net::FTP's login without its firewall variants). */
export async function login (conn: FtpConnection, user: string, password: string, account?: string): Promise<Reply> {
  return await conn.serial(async () => {
    let r = await conn.raw(`USER ${user}`)
    if (r.code >= 300 && r.code < 400) r = await conn.raw(`PASS ${password}`)
    if (r.code >= 300 && r.code < 400 && account !== undefined) r = await conn.raw(`ACCT ${account}`)
    if (r.code >= 300) throw replyError('login', r)
    return r
  })
}

function localError (what: string, file: string, err: unknown): BackendError {
  const e = err as NodeJS.ErrnoException
  return new BackendError(`cannot ${what} local file ${file}: ${e.message}`, 'ftp_local', { errno: e.code ?? null, path: file }, err)
}

function sizeFrom150 (r: Reply): number | null {
  const m = /\((\d+) bytes\)/.exec(r.message.join(''))
  return m === null ? null : Number(m[1])
}

export interface GetParams { remote: string, local: string, type?: string, rest?: number, block_size?: number }

/**
 * RETR into a temporary file beside `local`, renamed onto it only after the
 * transfer (and, in binary mode, the size the server announced) checked out:
 * a failed get leaves nothing under the final name. A resumed get (`rest`)
 * appends to the file in place, as Net::FTP does.
 */
export async function getFile (conn: FtpConnection, file: string, p: GetParams): Promise<{ reply: Reply, size: number }> {
  const ascii = (p.type ?? 'A').toUpperCase().startsWith('A')
  const resume = p.rest !== undefined && p.rest > 0
  const temp = resume ? file : siblingTemp(file, '.part')
  let out: fs.WriteStream
  try {
    const fh = await fs.promises.open(temp, resume ? 'a' : 'wx', 0o666)
    out = fh.createWriteStream({ highWaterMark: STREAM_CHUNK })
  } catch (err) {
    throw localError('open', file, err)
  }
  const closed = new Promise<void>(resolve => out.once('close', () => resolve()))
  try {
    const res = await conn.serial(async () => await conn.transfer(`RETR ${p.remote}`, { into: ascii ? [asciiDownload(), out] : [out] }, p.rest))
    await closed
    const expected = sizeFrom150(res.preliminary)
    if (!ascii && !resume && expected !== null && expected !== res.bytes) {
      throw new BackendError(`FTP RETR ${p.remote}: the server announced ${expected} bytes, ${res.bytes} arrived`, 'ftp_size_mismatch', { expected, got: res.bytes })
    }
    if (!resume) {
      try { await fs.promises.rename(temp, file) } catch (err) { throw localError('rename onto', file, err) }
    }
    const st = await fs.promises.stat(file)
    return { reply: res.reply, size: st.size }
  } catch (err) {
    out.destroy()
    await closed
    if (!resume) await fs.promises.rm(temp, { force: true })
    throw err
  }
}

export interface PutParams { remote?: string, command: 'STOR' | 'APPE' | 'STOU', type?: string, block_size?: number }

/** STOR/APPE/STOU from a local file or bytes; in binary STOR the remote SIZE is checked against what was sent. */
export async function putFrom (conn: FtpConnection, source: { file: string } | { content: Buffer }, p: PutParams): Promise<{ reply: Reply, preliminary: Reply, size: number }> {
  const ascii = (p.type ?? 'A').toUpperCase().startsWith('A')
  let input: Readable
  let size: number
  if ('file' in source) {
    let fh: fs.promises.FileHandle
    try {
      fh = await fs.promises.open(source.file, 'r')
      size = (await fh.stat()).size
    } catch (err) { throw localError('open', source.file, err) }
    input = fh.createReadStream({ highWaterMark: STREAM_CHUNK })
  } else {
    size = source.content.length
    input = Readable.from([source.content])
  }
  const cmd = p.remote === undefined ? p.command : `${p.command} ${p.remote}`
  try {
    return await conn.serial(async () => {
      const chain: [Readable, ...Readable[]] = ascii ? [input, asciiUpload(p.block_size ?? DEFAULT_BLOCK)] : [input]
      const res = await conn.transfer(cmd, { from: chain })
      if (!ascii && p.command === 'STOR' && p.remote !== undefined) {
        const s = await conn.raw(`SIZE ${p.remote}`)
        if (s.code === 213) {
          const got = Number(s.message.join('').trim())
          if (got !== size) throw new BackendError(`FTP STOR ${p.remote}: sent ${size} bytes, the server has ${got}`, 'ftp_size_mismatch', { expected: size, got })
        }
      }
      return { reply: res.reply, preliminary: res.preliminary, size }
    })
  } finally {
    input.destroy()
  }
}

/** LIST/NLST into memory: listings are small, and Net::FTP returns them whole too. */
export async function listing (conn: FtpConnection, verb: 'LIST' | 'NLST', dir?: string): Promise<{ reply: Reply, data: Buffer }> {
  const parts: Buffer[] = []
  const sink = new Writable({ write (chunk: Buffer, _e, done) { parts.push(chunk); done() } })
  const res = await conn.serial(async () => await conn.transfer(dir === undefined || dir === '' ? verb : `${verb} ${dir}`, { into: [sink] }))
  return { reply: res.reply, data: Buffer.concat(parts) }
}

/** RETR into memory, for a script that gave get() a filehandle (the facade writes the bytes to it). */
export async function readContent (conn: FtpConnection, remote: string, type: string | undefined, rest?: number): Promise<{ reply: Reply, data: Buffer }> {
  const parts: Buffer[] = []
  const sink = new Writable({ write (chunk: Buffer, _e, done) { parts.push(chunk); done() } })
  const ascii = (type ?? 'A').toUpperCase().startsWith('A')
  const res = await conn.serial(async () => await conn.transfer(`RETR ${remote}`, { into: ascii ? [asciiDownload(), sink] : [sink] }, rest))
  return { reply: res.reply, data: Buffer.concat(parts) }
}

export function ftpMethods (app: FastifyInstance, config: Config) {
  const local = (ctx: CallContext, p: string, field: string): string => resolveClientPath(p, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field })
  return {
    open: method({
      description: 'Connects to an FTP server and reads its greeting (Net::FTP->new). Implicit TLS with tls: "implicit" (SSL => 1); the certificate is verified unless verify is false.',
      params: Type.Object({
        host: Type.String({ minLength: 1 }),
        port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
        timeout: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'seconds: connect, and every later wait for the server' })),
        tls: Type.Optional(Type.Literal('implicit')),
        ca_file: Type.Optional(Type.String({ minLength: 1, description: 'client path of the CA certificates to trust (SSL_ca_file)' })),
        verify: Type.Optional(Type.Boolean({ description: 'verify the server certificate (SSL_verify_mode); default true' })),
      }),
      result: Type.Object({ ftp_id: Type.String(), ...ReplyFields }),
      handler: async (p, ctx) => {
        const { id, welcome } = await openConnection(app, config, ctx, p)
        return { ftp_id: id, ...ok(welcome) }
      },
    }),
    command: method({
      description: 'Sends one FTP command (no data connection) and returns the reply; a 4xx/5xx reply is a backend_error ftp_reply with ftp_code and ftp_message.',
      params: Type.Object({ ftp_id: FtpId, command: Type.String({ minLength: 1, pattern: '^[^\\r\\n]*$' }) }),
      result: ReplyResult,
      handler: async (p, ctx) => ok(await command(connectionOf(app, ctx, p.ftp_id), p.command)),
    }),
    login: method({
      description: 'USER, PASS and (when asked for) ACCT, as Net::FTP login sends them; the password is never logged or echoed.',
      params: Type.Object({ ftp_id: FtpId, user: Type.String({ minLength: 1, pattern: '^[^\\r\\n]*$' }), password: Type.String({ pattern: '^[^\\r\\n]*$' }), account: Type.Optional(Type.String({ pattern: '^[^\\r\\n]*$' })) }),
      result: ReplyResult,
      handler: async (p, ctx) => ok(await login(connectionOf(app, ctx, p.ftp_id), p.user, p.password, p.account)),
    }),
    starttls: method({
      description: 'AUTH TLS and the upgrade of the control connection (Net::FTP starttls; the facade sends PBSZ/PROT after it). Certificate checks as given to ftp.open.',
      params: Type.Object({ ftp_id: FtpId }),
      result: ReplyResult,
      handler: async (p, ctx) => {
        const conn = connectionOf(app, ctx, p.ftp_id)
        const r = await conn.serial(async () => await conn.startTls(conn.tls ?? { verify: true, host: conn.host }))
        if (r.code >= 300) throw replyError('AUTH', r)
        return ok(r)
      },
    }),
    get: method({
      description: 'RETR into a local file (a client path) through a temporary name renamed on success; ASCII type converts CRLF as Net::FTP does. rest: resume from that offset, appending in place.',
      params: Type.Object({ ftp_id: FtpId, remote: RemotePath, local: Type.String({ minLength: 1 }), type: TransferType, rest: Type.Optional(Type.Integer({ minimum: 0 })), block_size: BlockSize }),
      result: Type.Object({ ...ReplyFields, size: Type.Integer() }),
      handler: async (p, ctx) => {
        const file = local(ctx, p.local, 'params.local')
        const r = await getFile(connectionOf(app, ctx, p.ftp_id), file, p)
        return { ...ok(r.reply), size: r.size }
      },
    }),
    read: method({
      description: 'RETR into the reply (bytes), for get() into a filehandle.',
      params: Type.Object({ ftp_id: FtpId, remote: RemotePath, type: TransferType, rest: Type.Optional(Type.Integer({ minimum: 0 })) }),
      result: Type.Object({ ...ReplyFields, content: Type.Unknown({ description: 'bytes' }) }),
      handler: async (p, ctx) => {
        const r = await readContent(connectionOf(app, ctx, p.ftp_id), p.remote, p.type, p.rest)
        return { ...ok(r.reply), content: r.data }
      },
    }),
    put: method({
      description: 'STOR, APPE or STOU from a local file (a client path) or from content bytes; ASCII type converts LF as Net::FTP does; a binary STOR is checked with SIZE.',
      params: Type.Object({
        ftp_id: FtpId,
        local: Type.Optional(Type.String({ minLength: 1 })),
        content: Type.Optional(Bytes),
        remote: Type.Optional(RemotePath),
        command: Type.Optional(Type.Union([Type.Literal('STOR'), Type.Literal('APPE'), Type.Literal('STOU')])),
        type: TransferType,
        block_size: BlockSize,
      }),
      result: Type.Object({ ...ReplyFields, size: Type.Integer(), preliminary: Type.Object(ReplyFields, { description: 'the 150 reply (STOU names the file there)' }) }),
      handler: async (p, ctx) => {
        if ((p.local === undefined) === (p.content === undefined)) throw new BRIDGE_ERR_INVALID_PARAMS('params.local', 'give exactly one of local and content')
        const cmd = p.command ?? 'STOR'
        if (p.remote === undefined && cmd !== 'STOU') throw new BRIDGE_ERR_INVALID_PARAMS('params.remote', `is required for ${cmd}`)
        const source = p.local !== undefined ? { file: local(ctx, p.local, 'params.local') } : { content: toBuffer(p.content!, 'params.content') }
        const r = await putFrom(connectionOf(app, ctx, p.ftp_id), source, { remote: p.remote, command: cmd, type: p.type, block_size: p.block_size })
        return { ...ok(r.reply), size: r.size, preliminary: ok(r.preliminary) }
      },
    }),
    list: method({
      description: 'LIST (dir) or NLST (ls) of a remote path: the listing bytes as the server sent them, for the facade to split as Net::FTP does.',
      params: Type.Object({ ftp_id: FtpId, command: Type.Union([Type.Literal('LIST'), Type.Literal('NLST')]), path: Type.Optional(Type.String({ pattern: '^[^\\r\\n]*$' })) }),
      result: Type.Object({ ...ReplyFields, data: Type.Unknown({ description: 'bytes' }) }),
      handler: async (p, ctx) => {
        const r = await listing(connectionOf(app, ctx, p.ftp_id), p.command, p.path)
        return { ...ok(r.reply), data: r.data }
      },
    }),
    close: method({
      description: 'QUIT and close the connection handle (Net::FTP quit/close). Returns the QUIT reply when the server gave one.',
      params: Type.Object({ ftp_id: FtpId }),
      result: Type.Object({ code: Type.Optional(Type.Integer()), message: Type.Optional(Type.Array(Type.String())) }),
      handler: async (p, ctx) => {
        const conn = connectionOf(app, ctx, p.ftp_id)
        const r = await conn.serial(async () => await conn.quit())
        await app.sessions.close(ctx.session, KIND, p.ftp_id)
        return r === null ? {} : ok(r)
      },
    }),
  }
}

export { transportError }
