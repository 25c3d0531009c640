// One SMTP client connection driven step by step, the way Net::SMTP drives
// it: a command line out, one (multi-line) reply back, its code and lines
// handed to the facade, which keeps Net::SMTP's logic and ->code/->message.
// Nothing here decides what a reply means: a 5xx is a reply, not an error.
// Errors are the transport's: refused, reset, timed out, TLS.
import net from 'node:net'
import tls from 'node:tls'
import { BackendError } from '../../src/errors.js'

/** A reply as Net::Cmd keeps it: the code, and each line without its "ddd-" prefix, newline-terminated. */
export interface Reply { code: number, message: string[] }

export interface TlsSettings {
  /** PEM bytes of the CAs to trust (SSL_ca_file); undefined: the system's */
  ca?: Buffer
  verify: boolean
  /** the name (or address) the certificate must carry */
  host: string
}

export interface ConnectOptions {
  host: string
  port: number
  timeoutMs: number
  /** implicit TLS (SMTPS, Net::SMTP's SSL => 1) */
  tls?: TlsSettings
  localAddress?: string
}

/** Net::Cmd reads replies by line; a server that never ends one must not grow the buffer without bound. */
const MAX_LINE = 64 * 1024
/** a reply of more lines than this is not SMTP */
const MAX_REPLY_LINES = 1000

const isIp = (h: string): boolean => net.isIP(h) !== 0

export function tlsOptions (t: TlsSettings): tls.ConnectionOptions {
  const o: tls.ConnectionOptions = { rejectUnauthorized: t.verify, servername: isIp(t.host) ? undefined : t.host }
  if (t.ca !== undefined) o.ca = t.ca
  // tls.connect asserts a function here when the key is present at all
  if (!t.verify) o.checkServerIdentity = () => undefined
  return o
}

/** A transport failure, with an errno for the facade's $@ / $!. */
export function transportError (what: string, err: unknown, code = 'smtp_disconnected'): BackendError {
  if (err instanceof BackendError) return err
  const e = err as NodeJS.ErrnoException
  const errno = typeof e?.code === 'string' ? e.code : null
  const msg = e instanceof Error ? e.message : String(err)
  if (e instanceof Error && (/certificate|SSL|TLS|self.signed|altnames/i.test(msg) || (errno !== null && /^(ERR_TLS|ERR_SSL|DEPTH|CERT|UNABLE|SELF|ERR_OSSL|HOSTNAME|ERR_SSL)/.test(errno)))) {
    return new BackendError(`SMTP ${what}: TLS: ${msg}`, 'smtp_tls', { errno, reason: msg, stage: 'tls' }, err)
  }
  return new BackendError(`SMTP ${what}: ${msg}`, code, { errno }, err)
}

export class SmtpSession {
  private socket: net.Socket
  private buffered = ''
  private lines: string[] = []
  private waiter: (() => void) | null = null
  private failure: BackendError | null = null
  private queue: Promise<unknown> = Promise.resolve()
  /** the last byte sent in the data phase (Net::Cmd's net_cmd_last_ch); null outside it */
  lastDataByte: number | null = null
  closed = false
  /** whether the connection is TLS now (SMTPS, or after STARTTLS) */
  secure: boolean
  readonly created = Date.now()

  private constructor (socket: net.Socket, readonly host: string, readonly port: number, public timeoutMs: number, readonly tlsSettings: TlsSettings | undefined) {
    this.socket = socket
    this.secure = socket instanceof tls.TLSSocket
    this.attach(socket)
  }

  /** Connects (TLS first with `tls`); the greeting is the first reply to read. */
  static async connect (o: ConnectOptions, tlsForStarttls?: TlsSettings): Promise<SmtpSession> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const plain = net.connect({ host: o.host, port: o.port, localAddress: o.localAddress })
      // SMTPS: the handshake on the connected socket (tls.connect takes no localAddress)
      const s: net.Socket = o.tls !== undefined ? tls.connect({ socket: plain, ...tlsOptions(o.tls), servername: isIp(o.host) ? undefined : o.host }) : plain
      const timer = setTimeout(() => { s.destroy(); plain.destroy(); reject(new BackendError(`SMTP connect to ${o.host}:${o.port}: timed out`, 'smtp_timeout', { errno: 'ETIMEDOUT', stage: 'connect' })) }, o.timeoutMs)
      const ok = (): void => { clearTimeout(timer); s.off('error', bad); plain.off('error', bad); resolve(s) }
      const bad = (err: Error): void => { clearTimeout(timer); s.destroy(); plain.destroy(); reject(transportError(`connect to ${o.host}:${o.port}`, err, 'smtp_connect')) }
      s.once(o.tls !== undefined ? 'secureConnect' : 'connect', ok)
      s.once('error', bad)
      if (s !== plain) plain.once('error', bad)
    })
    // one short command, one reply: Nagle would hold a command back waiting for an ACK
    socket.setNoDelay(true)
    return new SmtpSession(socket, o.host, o.port, o.timeoutMs, o.tls ?? tlsForStarttls)
  }

  private attach (s: net.Socket): void {
    // bytes, not setEncoding: a socket with an encoding set cannot be handed to tls.connect for STARTTLS
    s.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString('latin1')
      const parts = this.buffered.split(/\r?\n/)
      this.buffered = parts.pop() ?? ''
      this.lines.push(...parts)
      if (this.buffered.length > MAX_LINE) this.fail(new BackendError(`SMTP ${this.host}:${this.port}: a reply line longer than ${MAX_LINE} bytes`, 'smtp_protocol', {}))
      this.wake()
    })
    s.on('error', (err: Error) => this.fail(transportError(`${this.host}:${this.port}`, err)))
    s.on('close', () => this.fail(new BackendError(`SMTP ${this.host}:${this.port}: the server closed the connection`, 'smtp_disconnected', { errno: null })))
  }

  private fail (err: BackendError): void {
    if (this.failure === null) this.failure = err
    this.closed = true
    this.wake()
  }

  private wake (): void {
    const w = this.waiter
    this.waiter = null
    if (w !== null) w()
  }

  /** Runs `job` after the previous one: replies must pair with their commands. */
  serial<T> (job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job)
    this.queue = run.catch(() => undefined)
    return run
  }

  /** One line, waiting at most timeoutMs for bytes (Net::Cmd's getline). A timeout closes the connection: a late reply would pair with the next command. */
  private async line (): Promise<string> {
    for (;;) {
      const l = this.lines.shift()
      if (l !== undefined) return l
      if (this.failure !== null) throw this.failure
      const got = await new Promise<boolean>(resolve => {
        const timer = setTimeout(() => { this.waiter = null; resolve(false) }, this.timeoutMs)
        this.waiter = () => { clearTimeout(timer); resolve(true) }
      })
      if (!got) {
        const err = new BackendError(`SMTP ${this.host}:${this.port}: no reply within ${this.timeoutMs / 1000} s`, 'smtp_timeout', { errno: 'ETIMEDOUT' })
        this.fail(err)
        this.socket.destroy()
        throw err
      }
    }
  }

  /** Reads one reply (Net::Cmd's response). */
  async reply (): Promise<Reply> {
    const message: string[] = []
    for (;;) {
      const l = await this.line()
      const m = /^(\d\d\d)(.?)/.exec(l)
      if (m === null) {
        const err = new BackendError(`SMTP ${this.host}:${this.port}: not an SMTP reply: ${JSON.stringify(l.slice(0, 200))}`, 'smtp_protocol', { line: l.slice(0, 1000) })
        this.fail(err)
        this.socket.destroy()
        throw err
      }
      message.push(l.slice(m[0].length) + '\n')
      if (m[2] !== '-' || message.length >= MAX_REPLY_LINES) return { code: Number(m[1]), message }
    }
  }

  /** Writes bytes, waiting for the socket to drain (Net::Cmd's _syswrite_with_timeout). */
  async write (data: Buffer | string): Promise<void> {
    if (this.failure !== null) throw this.failure
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data
    if (this.socket.write(buf)) return
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup()
        const err = new BackendError(`SMTP ${this.host}:${this.port}: the server took no data for ${this.timeoutMs / 1000} s`, 'smtp_timeout', { errno: 'ETIMEDOUT' })
        this.fail(err)
        this.socket.destroy()
        reject(err)
      }, this.timeoutMs)
      const drained = (): void => { cleanup(); resolve() }
      const gone = (): void => { cleanup(); reject(this.failure ?? new BackendError(`SMTP ${this.host}:${this.port}: connection lost`, 'smtp_disconnected', {})) }
      const cleanup = (): void => { clearTimeout(timer); this.socket.off('drain', drained); this.socket.off('close', gone) }
      this.socket.once('drain', drained)
      this.socket.once('close', gone)
    })
  }

  /** the last command line written (for Debug output when its reply never comes) */
  lastSent: string | null = null

  /** One command line and its reply. */
  async command (line: string): Promise<Reply> {
    this.lastSent = line
    await this.write(line + '\r\n')
    return await this.reply()
  }

  /** Turns the connection into TLS after a 220 to STARTTLS; what was read before is dropped (RFC 3207). */
  async upgrade (t: TlsSettings): Promise<void> {
    const plain = this.socket
    plain.removeAllListeners('data')
    plain.removeAllListeners('close')
    plain.removeAllListeners('error')
    plain.on('error', () => undefined)
    this.lines = []
    this.buffered = ''
    const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ socket: plain, ...tlsOptions(t) })
      const timer = setTimeout(() => { s.destroy(); reject(new BackendError(`SMTP STARTTLS with ${this.host}:${this.port}: TLS handshake timed out`, 'smtp_timeout', { errno: 'ETIMEDOUT', stage: 'tls' })) }, this.timeoutMs)
      s.once('secureConnect', () => { clearTimeout(timer); s.off('error', bad); resolve(s) })
      const bad = (err: Error): void => { clearTimeout(timer); s.destroy(); reject(transportError(`STARTTLS with ${this.host}:${this.port}`, err)) }
      s.once('error', bad)
    }).catch((err: unknown) => {
      this.fail(err as BackendError)
      throw err
    })
    this.socket = secure
    this.secure = true
    this.attach(secure)
  }

  /** Ends the connection (after QUIT, or at once); never throws. */
  destroy (): void {
    this.closed = true
    if (this.failure === null) this.failure = new BackendError(`SMTP ${this.host}:${this.port}: the connection is closed`, 'smtp_disconnected', {})
    this.socket.end()
    const s = this.socket
    setTimeout(() => s.destroy(), 1000).unref()
  }

  /**
   * QUIT when the connection is still up and idle (the session ended without
   * quit), then close. A data phase left open is dropped, not ended: the
   * script died mid-message, and as when its socket closes under the real
   * module the server must discard the partial message.
   */
  async shutdown (): Promise<void> {
    if (!this.closed && this.lastDataByte === null) {
      try {
        this.timeoutMs = Math.min(this.timeoutMs, 5000)
        await this.serial(async () => await this.command('QUIT'))
      } catch { /* gone already */ }
    }
    this.destroy()
  }
}
