// One sftp handle's remote side: ssh2's SFTPWrapper calls as promises, each
// bounded by the script's inactivity timeout and abandoned when the handle is
// closed mid-call. A timeout or a lost channel marks the handle broken: its
// connection is then closed, never pooled.
import type { SFTPWrapper, Stats, FileEntryWithStats, InputAttributes, OpenMode } from 'ssh2'
import type { SshLease } from '../ssh/pool.js'
import { disconnectedError, timeoutError } from '../ssh/errors.js'
import { remoteError } from './errors.js'
import { BridgeError } from '../../src/errors.js'

export interface Attrs { size: number | null, uid: number | null, gid: number | null, perm: number | null, atime: number | null, mtime: number | null }

export function attrsOf (s: Stats | InputAttributes | undefined): Attrs {
  const n = (v: unknown): number | null => typeof v === 'number' && Number.isFinite(v) ? v : null
  const a = (s ?? {}) as Record<string, unknown>
  return { size: n(a.size), uid: n(a.uid), gid: n(a.gid), perm: n(a.mode), atime: n(a.atime), mtime: n(a.mtime) }
}

/** Resets on each sign of progress; fires once when none came for `ms`. */
export class Watchdog {
  private timer: NodeJS.Timeout | undefined
  constructor (private readonly ms: number | undefined, private readonly onExpire: () => void) { this.kick() }
  kick (): void {
    if (this.ms === undefined) return
    clearTimeout(this.timer)
    this.timer = setTimeout(this.onExpire, this.ms)
  }

  stop (): void { clearTimeout(this.timer) }
}

type Cb<T> = (err: Error | null | undefined, value?: T) => void

export class Remote {
  broken = false
  closed = false
  /** transfers running: their requests share one watchdog */
  private transfers = 0
  private readonly aborts = new Set<(err: BridgeError) => void>()

  constructor (readonly lease: SshLease, readonly sftp: SFTPWrapper, readonly home: string) {
    // ssh2 does not always answer requests pending on a connection that went away: fail them now
    const lost = (): void => { this.broken = true; this.abortAll(disconnectedError('the call', this.peer)) }
    const off = lease.onDead(lost)
    sftp.once('close', lost)
    this.dispose = () => { off(); sftp.removeListener('close', lost) }
  }

  /** Drops the connection listeners (the handle is closed; the connection may serve others). */
  readonly dispose: () => void

  get peer (): { host: string, port: number } { return { host: this.lease.host, port: this.lease.port } }
  get timeoutMs (): number | undefined { return this.lease.timeoutMs }

  /** Whether the server offers an OpenSSH extension (posix-rename@openssh.com, ...). */
  has (ext: string): boolean {
    const exts = (this.sftp as unknown as { _extensions?: Record<string, string> })._extensions
    return exts !== undefined && Object.prototype.hasOwnProperty.call(exts, ext)
  }

  /** Registers an abort for the duration of `run`: closing the handle (or a timeout) rejects it. */
  async guarded<T> (what: string, run: (watchdog: Watchdog) => Promise<T>): Promise<T> {
    if (this.closed) throw new BridgeError('handle_not_found', 'the sftp handle was closed', { kind: 'sftp' })
    if (!this.lease.alive()) { this.broken = true; throw disconnectedError(what, this.peer) }
    let abort!: (err: BridgeError) => void
    const aborted = new Promise<never>((_resolve, reject) => { abort = reject })
    const counted = what === 'upload' || what === 'download' || what.endsWith('_content')
    if (counted) this.transfers++
    const dog = new Watchdog(this.timeoutMs, () => { this.broken = true; abort(timeoutError(what, this.timeoutMs ?? 0, this.peer)) })
    this.aborts.add(abort)
    try {
      return await Promise.race([run(dog), aborted])
    } finally {
      dog.stop()
      if (counted) this.transfers--
      this.aborts.delete(abort)
      aborted.catch(() => { /* raced */ })
    }
  }

  /** One SFTP request; inside a transfer the transfer's own watchdog times it (a queued request is not idle). */
  call<T> (what: string, path: string | null, fn: (cb: Cb<T>) => void): Promise<T> {
    const run = (): Promise<T> => new Promise<T>((resolve, reject) => {
      try {
        fn((err, value) => {
          if (err !== undefined && err !== null) {
            const e = remoteError(err, what, path, this.peer)
            if (!(typeof (err as { code?: unknown }).code === 'number')) this.broken = true
            reject(e)
          } else resolve(value as T)
        })
      } catch (err) {
        // ssh2 throws synchronously when the channel is gone
        this.broken = true
        reject(remoteError(err, what, path, this.peer))
      }
    })
    if (!this.lease.alive()) { this.broken = true; return Promise.reject(disconnectedError(what, this.peer)) }
    return this.transfers > 0 ? run() : this.guarded(what, run)
  }

  /** Aborts every call in progress (the handle is being closed). */
  abortAll (reason: BridgeError): void {
    if (this.aborts.size > 0) this.broken = true
    for (const a of [...this.aborts]) a(reason)
  }

  stat (path: string): Promise<Stats> { return this.call('stat', path, cb => this.sftp.stat(path, cb)) }
  lstat (path: string): Promise<Stats> { return this.call('lstat', path, cb => this.sftp.lstat(path, cb)) }
  realpath (path: string): Promise<string> { return this.call('realpath', path, cb => this.sftp.realpath(path, cb)) }
  /** `shown`: the path errors name (the final name, when `path` is its temporary) */
  open (path: string, flags: OpenMode, attrs: InputAttributes = {}, shown = path): Promise<Buffer> { return this.call('open', shown, cb => this.sftp.open(path, flags, attrs, cb)) }
  close (h: Buffer, path: string): Promise<void> { return this.call('close', path, cb => this.sftp.close(h, cb)) }
  fstat (h: Buffer, path: string): Promise<Stats> { return this.call('fstat', path, cb => this.sftp.fstat(h, cb)) }
  fsetstat (h: Buffer, attrs: InputAttributes, path: string): Promise<void> { return this.call('setstat', path, cb => this.sftp.fsetstat(h, attrs, cb)) }
  setstat (path: string, attrs: InputAttributes): Promise<void> { return this.call('setstat', path, cb => this.sftp.setstat(path, attrs, cb)) }
  unlink (path: string): Promise<void> { return this.call('remove', path, cb => this.sftp.unlink(path, cb)) }
  rmdir (path: string): Promise<void> { return this.call('rmdir', path, cb => this.sftp.rmdir(path, cb)) }
  mkdir (path: string, attrs: InputAttributes): Promise<void> { return this.call('mkdir', path, cb => this.sftp.mkdir(path, attrs, cb)) }
  rename (from: string, to: string): Promise<void> { return this.call('rename', from, cb => this.sftp.rename(from, to, cb)) }
  posixRename (from: string, to: string): Promise<void> { return this.call('rename', from, cb => this.sftp.ext_openssh_rename(from, to, cb)) }
  symlink (target: string, link: string): Promise<void> { return this.call('symlink', link, cb => this.sftp.symlink(target, link, cb)) }
  readlink (path: string): Promise<string> { return this.call('readlink', path, cb => this.sftp.readlink(path, cb)) }

  /** The whole directory in server order, '.' and '..' included (as ls shows them). */
  async readdir (path: string): Promise<FileEntryWithStats[]> {
    const h = await this.call<Buffer>('opendir', path, cb => this.sftp.opendir(path, cb))
    const out: FileEntryWithStats[] = []
    try {
      for (;;) {
        // ssh2 drops '.' and '..' unless {full: true} (its typings lack that argument)
        const readdir = this.sftp.readdir.bind(this.sftp) as unknown as (h: Buffer, opts: { full: boolean }, cb: (err: Error | undefined, list: FileEntryWithStats[]) => void) => void
        const batch = await this.call<FileEntryWithStats[] | false>('readdir', path, cb => readdir(h, { full: true }, (err, list) => {
          if (err !== undefined && err !== null && (err as { code?: unknown }).code === 1) cb(undefined, false)
          else cb(err, list as FileEntryWithStats[])
        }))
        if (batch === false) break
        out.push(...batch)
      }
    } finally {
      await this.close(h, path).catch(() => { /* the listing stands */ })
    }
    return out
  }

  /** A read that may come back short; 0 bytes: end of file. */
  read (h: Buffer, buf: Buffer, len: number, pos: number, path: string): Promise<number> {
    return this.call('read', path, cb => this.sftp.read(h, buf, 0, len, pos, (err, n) => cb(err, n ?? 0)))
  }

  write (h: Buffer, buf: Buffer, len: number, pos: number, path: string): Promise<void> {
    return this.call('write', path, cb => this.sftp.write(h, buf, 0, len, pos, err => cb(err)))
  }
}
