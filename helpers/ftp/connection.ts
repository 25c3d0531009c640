// One FTP control connection driven the way Net::FTP drives it: one command at
// a time, each reply's code and text handed back (the facade keeps Net::FTP's
// logic and its ->code/->message); data connections are passive, since the
// daemon is the client. basic-ftp supplies the control connection (reply
// parsing, TLS upgrade); data connections are ours, so `PROT C` can be honoured.
import net from 'node:net'
import tls from 'node:tls'
import type { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Client, FTPContext, FTPResponse } from 'basic-ftp'
import { BackendError } from '../../src/errors.js'

/** A reply as Net::Cmd keeps it: the code, and each line without its "ddd-" prefix, newline-terminated. */
export interface Reply { code: number, message: string[] }

export interface TlsSettings {
  /** PEM bytes of the CAs to trust (SSL_ca_file); undefined: the system's. */
  ca?: Buffer
  verify: boolean
  /** the name (or address) the certificate must carry */
  host: string
}

export function toReply (res: { code: number, message: string }): Reply {
  return { code: res.code, message: res.message.split(/\r?\n/).map(l => l.replace(/^\d\d\d[- ]?/, '') + '\n') }
}

/** Error for a negative reply (4xx/5xx): the caller's ->code/->message come from its data. */
export function replyError (verb: string, r: Reply): BackendError {
  return new BackendError(`FTP ${verb}: ${r.code} ${r.message.join('').trim()}`, 'ftp_reply', { ftp_code: r.code, ftp_message: r.message })
}

/** A transport failure (refused, reset, timed out, TLS), with its errno for the facade's $@ / $!. */
export function transportError (what: string, err: unknown): BackendError {
  const e = err as NodeJS.ErrnoException
  const errno = typeof e?.code === 'string' ? e.code : null
  const msg = e instanceof Error ? e.message : String(err)
  if (/timeout/i.test(msg) || errno === 'ETIMEDOUT') return new BackendError(`FTP ${what}: timed out`, 'ftp_timeout', { errno: 'ETIMEDOUT' }, err)
  if (e instanceof Error && (/certificate|SSL|TLS|self.signed|altnames/i.test(msg) || (errno !== null && /^(ERR_TLS|ERR_SSL|DEPTH|CERT|UNABLE|SELF|ERR_OSSL)/.test(errno)))) {
    return new BackendError(`FTP ${what}: TLS: ${msg}`, 'ftp_tls', { errno, reason: msg }, err)
  }
  return new BackendError(`FTP ${what}: ${msg}`, 'ftp_disconnected', { errno }, err)
}

/** What a transfer moves: a local stream either way, and (optionally) the byte count to expect. */
export interface TransferIo {
  /** download: the local chain the data flows into (the ASCII conversion, then the file) */
  into?: [Writable, ...Writable[]]
  /** upload: the local chain the data comes from (the file, then the ASCII conversion) */
  from?: [Readable, ...Readable[]]
}

export interface TransferResult { reply: Reply, preliminary: Reply, bytes: number }

export class FtpConnection {
  /** PROT P in force: data connections use TLS */
  protP = false
  /** whether the server has been told PROT (implicit TLS starts with protP but nothing said) */
  protSent = false
  private queue: Promise<unknown> = Promise.resolve()
  private pending = 0
  private closed = false
  /** certificate checks for TLS (given at open): used by AUTH TLS and by PROT P data connections */
  tls: TlsSettings | null = null

  constructor (readonly client: Client, readonly host: string, readonly port: number, readonly timeoutMs: number) {}

  private get ftp (): FTPContext { return this.client.ftp }

  get isClosed (): boolean { return this.closed || this.client.closed }

  /** Runs `job` after the previous one on this connection: replies must pair with their commands. */
  serial<T> (job: () => Promise<T>): Promise<T> {
    this.pending++
    const run = this.queue.then(job, job).finally(() => { this.pending-- })
    this.queue = run.catch(() => undefined)
    return run
  }

  /**
   * For the session table (idle reaping, the session's end, daemon shutdown):
   * QUIT when the connection is idle, waiting at most `ms`; a connection in the
   * middle of a command or transfer is closed at once (a QUIT would interleave).
   */
  async shutdown (ms = 2000): Promise<void> {
    if (this.pending > 0 || this.isClosed) { this.close(); return }
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      this.quit().catch(() => null),
      new Promise(resolve => { timer = setTimeout(resolve, ms) }),
    ])
    clearTimeout(timer)
    this.close()
  }

  /** Sends one command and resolves with its reply, whatever the code (transport failures reject). */
  async raw (command: string): Promise<Reply> {
    if (this.isClosed) throw new BackendError('FTP connection is closed', 'ftp_disconnected', { errno: null })
    try {
      const res: FTPResponse = await this.client.sendIgnoringError(command)
      return toReply(res)
    } catch (err) {
      throw transportError(command.split(' ')[0].toUpperCase(), err)
    }
  }

  /** AUTH TLS and the upgrade of the control connection (Net::FTP's starttls, before its PBSZ/PROT). */
  async startTls (settings: TlsSettings): Promise<Reply> {
    const r = await this.raw('AUTH TLS')
    if (r.code >= 300) return r
    const options = tlsOptions(settings)
    try {
      this.ftp.socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
        const s = tls.connect({ ...options, socket: this.ftp.socket as net.Socket }, () => resolve(s))
        s.once('error', reject)
      })
    } catch (err) {
      this.client.close()
      // the AUTH reply stays the last one the script saw (Net::FTP keeps its 234 after a failed handshake)
      const e = transportError('AUTH TLS', err)
      Object.assign(e.extra, { ftp_code: r.code, ftp_message: r.message })
      throw e
    }
    this.ftp.tlsOptions = options
    return r
  }

  /** Opens a passive data connection: PASV (EPSV over IPv6), always to the control connection's address. */
  private async openData (): Promise<{ socket: net.Socket, reply: Reply }> {
    if (this.protP && !this.protSent) {
      // implicit TLS: Net::FTP treats data connections as TLS without saying PROT P, which
      // vsftpd (and RFC 4217) want first; said once, out of sight of the facade's ->message
      for (const line of ['PBSZ 0', 'PROT P']) {
        const r = await this.raw(line)
        if (r.code >= 300) throw replyError(line.split(' ')[0], r)
      }
      this.protSent = true
    }
    const v6 = net.isIPv6(this.ftp.socket.remoteAddress ?? '')
    const reply = await this.raw(v6 ? 'EPSV' : 'PASV')
    if (reply.code >= 300) throw replyError(v6 ? 'EPSV' : 'PASV', reply)
    const text = reply.message.join('')
    let port: number
    if (v6) {
      const m = /\|\|\|(\d+)\|/.exec(text)
      if (m === null) throw new BackendError(`FTP EPSV: cannot parse the reply: ${text.trim()}`, 'ftp_protocol', {})
      port = Number(m[1])
    } else {
      const m = /(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)/.exec(text)
      if (m === null) throw new BackendError(`FTP PASV: cannot parse the reply: ${text.trim()}`, 'ftp_protocol', {})
      port = Number(m[5]) * 256 + Number(m[6])
    }
    // the server's stated address is ignored (FTP bounce, NAT): the control connection's is used
    const host = this.ftp.socket.remoteAddress ?? this.host
    const raw = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host, port }, () => { s.removeListener('error', reject); resolve(s) })
      s.once('error', reject)
      s.setTimeout(this.timeoutMs, () => s.destroy(new Error('Timeout opening the data connection')))
    }).catch(err => { throw transportError('data connection', err) })
    raw.setTimeout(0)
    raw.setNoDelay(true)
    if (!this.protP || this.tls === null) return { socket: raw, reply }
    // vsftpd (require_ssl_reuse) wants the control connection's TLS session resumed
    const control = this.ftp.socket as tls.TLSSocket
    const session = this.ftp.tlsSessionStore ?? control.getSession()
    const secure = tls.connect({ ...tlsOptions(this.tls), socket: raw, session })
    secure.on('session', s => { this.ftp.tlsSessionStore = s })
    return { socket: secure, reply }
  }

  /**
   * One data command (RETR, STOR, APPE, STOU, LIST, NLST) with `rest` sent first when given.
   * Resolves when both the data connection and the control connection say the transfer is done.
   * A negative reply rejects with replyError; a local stream failure rejects with it after the
   * server's answer to the broken transfer has been read, so the connection stays usable.
   */
  async transfer (command: string, io: TransferIo, rest?: number): Promise<TransferResult> {
    const { socket } = await this.openData()
    if (rest !== undefined && rest > 0) {
      const r = await this.raw(`REST ${rest}`)
      if (r.code >= 400) { socket.destroy(); throw replyError('REST', r) }
    }
    const verb = command.split(' ')[0].toUpperCase()
    let bytes = 0
    const control = this.ftp.socket
    return await new Promise<TransferResult>((resolve, reject) => {
      let preliminary: Reply | null = null
      let final: Reply | null = null
      let dataDone = false
      let localError: unknown = null
      let settled = false
      const finish = (err: unknown, value?: TransferResult): void => {
        if (settled) return
        settled = true
        control.setTimeout(this.timeoutMs)
        socket.destroy()
        if (err !== null) reject(err)
        else if (value !== undefined) resolve(value)
      }
      const tryDone = (): void => {
        if (final === null) return
        if (localError !== null) { finish(localError); return }
        if (final.code >= 400) { finish(replyError(verb, final)); return }
        if (!dataDone) return
        finish(null, { reply: final, preliminary: preliminary ?? final, bytes })
      }
      const startData = (): void => {
        // the control connection idles while data flows: the data connection's inactivity is what counts
        control.setTimeout(0)
        socket.setTimeout(this.timeoutMs, () => socket.destroy(new Error('Timeout (data connection)')))
        // our side's stream failed (disk full, a read error): remember it, and let the server answer
        for (const s of [...(io.into ?? []), ...(io.from ?? [])]) s.once('error', (err: unknown) => { localError ??= err })
        const job = io.into !== undefined
          ? (pipeline as (...s: unknown[]) => Promise<void>)(socket, ...io.into)
          : io.from !== undefined ? (pipeline as (...s: unknown[]) => Promise<void>)(...io.from, socket) : Promise.resolve()
        // counted once piped: a 'data' listener added earlier would start the flow with no one reading
        if (io.into !== undefined) socket.on('data', (b: Buffer) => { bytes += b.length })
        job.then(() => { dataDone = true; tryDone() }, (err: unknown) => {
          if (localError !== null) { socket.destroy(); tryDone(); return }
          if (final !== null && final.code >= 400) { tryDone(); return }
          finish(transportError(verb, err))
        })
      }
      this.ftp.handle(command, (res, task) => {
        if (res instanceof Error && !('code' in res && typeof (res as { code: unknown }).code === 'number')) {
          task.reject(res)
          finish(transportError(verb, res))
          return
        }
        const r = toReply(res as unknown as { code: number, message: string })
        if (r.code < 200) {
          if (preliminary !== null) return
          preliminary = r
          if (socket instanceof tls.TLSSocket && io.from !== undefined && socket.getCipher() === undefined) socket.once('secureConnect', startData)
          else startData()
          return
        }
        if (r.code < 400 && r.code >= 300) {
          task.reject(new Error('unexpected reply'))
          finish(new BackendError(`FTP ${verb}: unexpected reply ${r.code}`, 'ftp_protocol', { ftp_code: r.code, ftp_message: r.message }))
          return
        }
        final = r
        task.resolve(r)
        // a refusal before any data (550) has no data connection to wait for
        if (r.code >= 400) { socket.destroy(); dataDone = true }
        tryDone()
      }).catch(() => undefined)
    })
  }

  /** QUIT (its reply, or null when the connection is already gone), then the socket is closed. */
  async quit (): Promise<Reply | null> {
    if (this.isClosed) { this.closed = true; return null }
    let r: Reply | null = null
    try { r = await this.raw('QUIT') } catch { /* gone: nothing to say goodbye to */ }
    this.close()
    return r
  }

  close (): void {
    this.closed = true
    this.client.close()
  }
}

export function tlsOptions (s: TlsSettings): tls.ConnectionOptions {
  return {
    ca: s.ca,
    rejectUnauthorized: s.verify,
    host: s.host,
    servername: net.isIP(s.host) === 0 ? s.host : undefined,
  }
}
