// The destination of the daemon log (pino) and the security log. A log line
// is worth less than a reply: on a full or failing disk the lines that cannot
// be written are dropped and counted, never retried in a loop, never thrown,
// and never waited for on the event loop (pino's synchronous file destination
// retried ENOSPC while requests and SIGTERM waited, then crashed the daemon
// with an unhandled error once space came back).
//
// Writes are asynchronous, one at a time per file, from a bounded queue; a
// full queue drops. SIGHUP (logrotate) calls reopen(): the next write goes to
// a new file at the configured path. Files are created 0600 whatever the umask.
import fs from 'node:fs'
import path from 'node:path'
import { ConfigError } from './config.js'

/** Created owner-only: logs name paths, sessions and rejected requests. */
export const LOG_FILE_MODE = 0o600
/** Queued text per file before new lines are dropped (a slow disk must not grow the heap). */
export const MAX_QUEUED_CHARS = 4 * 1024 * 1024
/** A file that failed to open is tried again at most this often (only when there is a line to write). */
const REOPEN_RETRY_MS = 1000
/** How long a drop makes the health check warn. */
export const RECENT_DROP_MS = 5 * 60 * 1000
/** close() gives queued lines this long to reach the disk; a hung disk must not hold up shutdown. */
const CLOSE_WAIT_MS = 2000

/** Errors of the disk, not of the configuration: the daemon runs on and counts what it drops. */
const TRANSIENT = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EAGAIN', 'EMFILE', 'ENFILE', 'EFBIG'])

function newlines (b: Buffer): number {
  let n = 0
  for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) n++
  return n
}

const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message

export class LogFile {
  written = 0
  dropped = 0
  /** Date.now() of the last drop; 0 when none */
  lastDropAt = 0
  lastError: string | undefined
  private fd: number | null = null
  private queue: string[] = []
  private queuedChars = 0
  /** a write or an open is in flight; the next waits for it (one fd operation at a time) */
  private busy = false
  private reopenWanted = false
  private nextOpenAt = 0
  /** the file ends inside a line (a write cut short by a full disk): the next write starts a new line */
  private endsMidLine = false
  private closed = false
  private idleWaiters: Array<() => void> = []

  /**
   * Opens `file` for appending (synchronously: a wrong path is reported at
   * start, as a ConfigError). A full disk at start is not fatal: lines are
   * dropped until the file can be opened.
   */
  constructor (readonly file: string, readonly role: string, private readonly maxQueuedChars = MAX_QUEUED_CHARS) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      this.fd = fs.openSync(file, 'a', LOG_FILE_MODE)
      tighten(this.fd, fs.fstatSync(this.fd).mode)
    } catch (err) {
      if (!TRANSIENT.has(codeOf(err))) throw new ConfigError(`cannot open the ${role} log ${file}: ${(err as Error).message}`)
      this.fail(codeOf(err))
    }
  }

  /** pino's stream interface. Never throws, never waits. */
  write (line: string): boolean {
    if (this.closed || this.queuedChars + line.length > this.maxQueuedChars) {
      this.drop(1, this.closed ? 'closed' : 'queue full')
      return true
    }
    this.queue.push(line)
    this.queuedChars += line.length
    this.pump()
    return true
  }

  /** After logrotate moved the file: the next lines go to a new file at the configured path. */
  reopen (): void {
    if (this.closed) return
    this.reopenWanted = true
    this.pump()
  }

  /** Waits (bounded) for queued lines, then closes the file. Lines written afterwards are dropped. */
  async close (waitMs = CLOSE_WAIT_MS): Promise<void> {
    if (this.closed) return
    if (this.busy || this.queue.length > 0) {
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        new Promise<void>(resolve => { this.idleWaiters.push(resolve) }),
        new Promise<void>(resolve => { timer = setTimeout(resolve, waitMs) }),
      ])
      clearTimeout(timer)
    }
    this.closed = true
    if (this.queue.length > 0) this.drop(this.queue.length, 'closed')
    this.queue = []
    this.queuedChars = 0
    // An in-flight write still holds the fd; its callback closes it.
    if (!this.busy && this.fd !== null) { const fd = this.fd; this.fd = null; fs.close(fd, () => {}) }
  }

  private pump (): void {
    if (this.busy) return
    if (this.closed) {
      if (this.fd !== null) { const fd = this.fd; this.fd = null; fs.close(fd, () => {}) }
      return this.idle()
    }
    if (this.reopenWanted || (this.fd === null && this.queue.length > 0)) {
      if (!this.reopenWanted && Date.now() < this.nextOpenAt) { this.dropQueued(); return this.idle() }
      return this.open()
    }
    if (this.fd === null || this.queue.length === 0) return this.idle()
    let text = this.queue.join('')
    const lines = this.queue.length
    this.queue = []
    this.queuedChars = 0
    if (this.endsMidLine) text = '\n' + text
    this.busy = true
    this.writeOut(this.fd, Buffer.from(text, 'utf8'), lines)
  }

  private writeOut (fd: number, buf: Buffer, lines: number): void {
    fs.write(fd, buf, 0, buf.length, null, (err, n) => {
      if (err === null && n > 0) this.endsMidLine = buf[n - 1] !== 0x0a
      if (err === null && n > 0 && n < buf.length) {
        // a short write (the disk filling up): the rest is tried once more; its error drops it
        const done = newlines(buf.subarray(0, n))
        this.written += Math.min(done, lines)
        this.writeOut(fd, buf.subarray(n), Math.max(0, lines - done))
        return
      }
      this.busy = false
      if (err !== null || n < buf.length) this.drop(lines, err === null ? 'short write' : codeOf(err))
      else this.written += lines
      this.pump()
    })
  }

  private open (): void {
    this.busy = true
    this.reopenWanted = false
    const old = this.fd
    this.fd = null
    this.endsMidLine = false
    if (old !== null) fs.close(old, () => {})
    fs.mkdir(path.dirname(this.file), { recursive: true }, () => {
      fs.open(this.file, 'a', LOG_FILE_MODE, (err, fd) => {
        this.busy = false
        if (err !== null) {
          this.fail(codeOf(err))
          this.dropQueued()
        } else {
          this.fd = fd
          fs.fstat(fd, (e, st) => { if (e === null) tighten(fd, st.mode) })
        }
        this.pump()
      })
    })
  }

  private fail (code: string): void {
    this.lastError = code
    this.nextOpenAt = Date.now() + REOPEN_RETRY_MS
  }

  private dropQueued (): void {
    if (this.queue.length > 0) this.drop(this.queue.length, this.lastError ?? 'not open')
    this.queue = []
    this.queuedChars = 0
  }

  private drop (lines: number, reason: string): void {
    this.dropped += lines
    this.lastDropAt = Date.now()
    this.lastError = reason
  }

  private idle (): void {
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const w of waiters) w()
  }
}

/**
 * An existing log file others may read or anyone may write (the 0666 an
 * earlier version left under umask 000) loses those bits; a deliberate 0640
 * for a log-reading group stays.
 */
function tighten (fd: number, mode: number): void {
  if ((mode & 0o037) !== 0) fs.fchmod(fd, mode & 0o740, () => {})
}

export interface LogHealth { status: 'pass' | 'warn', message: string }

/** The daemon's log files, for SIGHUP, /metrics and the health check. */
export class LogFiles {
  readonly files: LogFile[] = []

  open (file: string, role: string): LogFile {
    const f = new LogFile(file, role)
    this.files.push(f)
    return f
  }

  reopen (): void { for (const f of this.files) f.reopen() }

  async close (): Promise<void> { await Promise.all(this.files.map(async f => { await f.close() })) }

  get dropped (): number { return this.files.reduce((n, f) => n + f.dropped, 0) }

  /** Warns while lines were dropped in the last RECENT_DROP_MS: the operator is missing log lines. */
  check (now = Date.now()): LogHealth {
    const recent = this.files.filter(f => f.lastDropAt > 0 && now - f.lastDropAt < RECENT_DROP_MS)
    if (recent.length > 0) {
      const what = recent.map(f => `${f.role} log ${f.file}: ${f.dropped} lines dropped (${f.lastError ?? 'unknown'}), last ${Math.round((now - f.lastDropAt) / 1000)} s ago`)
      return { status: 'warn', message: what.join('; ') }
    }
    if (this.files.length === 0) return { status: 'pass', message: 'no log files' }
    const total = this.dropped
    return { status: 'pass', message: `${this.files.length} log files written${total > 0 ? `; ${total} lines dropped, none in the last ${RECENT_DROP_MS / 60000} min` : ''}` }
  }

  /** The dropped-line counter in the Prometheus text format. */
  prometheus (): string[] {
    const out = ['# HELP cpan_bridge_log_lines_dropped_total log lines that could not be written (full disk, I/O error, queue full)', '# TYPE cpan_bridge_log_lines_dropped_total counter']
    for (const f of this.files) out.push(`cpan_bridge_log_lines_dropped_total{log="${f.role}"} ${f.dropped}`)
    return out
  }
}
