// The lock file operations of LockFile::Simple 0.208, done on the script's
// behalf: the stamp (PID, plus ":hostname" with -nfs) is the script's, so a
// real LockFile::Simple on the other side sees the same file it would write
// itself and its `kill 0, $pid` stale check looks at the right process.
import { promises as fs, constants as C } from 'node:fs'
import { siblingTemp } from '../../src/paths.js'

/** A warning (wfunc) or error (efunc) the Perl side reports through its own callbacks. */
export interface LockMessage { kind: 'warn' | 'error', text: string }

export interface AttemptOptions {
  file: string
  lockfile: string
  stamp: string
  host: string
  nfs: boolean
  hold: number
  stale: boolean
  warn: boolean
}

/** Reads the first line of a lock file without its newline; undefined when it is gone. */
export async function readStamp (lockfile: string): Promise<string | undefined> {
  try {
    const text = await fs.readFile(lockfile, 'latin1')
    const nl = text.indexOf('\n')
    // Perl's chop drops the last character whatever it is; a lock file always ends in "\n".
    return nl >= 0 ? text.slice(0, nl) : text.slice(0, -1)
  } catch {
    return undefined
  }
}

function errText (err: unknown): string {
  const e = err as NodeJS.ErrnoException
  const byCode: Record<string, string> = {
    ENOENT: 'No such file or directory', EACCES: 'Permission denied', EPERM: 'Operation not permitted',
    EROFS: 'Read-only file system', ENOTDIR: 'Not a directory', EISDIR: 'Is a directory', EEXIST: 'File exists',
  }
  return (e?.code !== undefined && byCode[e.code]) || (e?.message ?? String(err))
}

// The daemon may serve several users (a group-shared socket): it only ever
// removes a file that holds nothing but one lock stamp line, so a lock path
// pointed at some other file cannot make it delete that file.
const LOCK_CONTENT = /^\d+(:[^\n]*)?\n?$/
const MAX_LOCK_BYTES = 1024

async function isLockFile (lockfile: string): Promise<boolean> {
  try {
    const st = await fs.lstat(lockfile)
    if (!st.isFile() || st.size > MAX_LOCK_BYTES) return false
    return LOCK_CONTENT.test(await fs.readFile(lockfile, 'latin1'))
  } catch {
    return false
  }
}

/** kill(pid, 0): EPERM means the process exists but is not ours, which is alive. */
export function alive (pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** `_acs_stale`: removes a lock whose holder (on this host) is dead. */
async function breakStale (o: AttemptOptions, out: LockMessage[]): Promise<void> {
  const stamp = await readStamp(o.lockfile)
  if (stamp === undefined) return
  let pid: number
  let where = ''
  if (o.nfs) {
    const m = /^(\d+):(\S+)/.exec(stamp)
    if (m === null || m[2] !== o.host) return
    pid = Number(m[1])
    if (alive(pid)) return
    where = ` on ${m[2]}`
  } else {
    const m = /^(\d+)$/.exec(stamp)
    pid = m === null ? NaN : Number(m[1])
    if (alive(pid)) return
  }
  if (!await isLockFile(o.lockfile)) {
    out.push({ kind: 'error', text: `cannot unlink stale ${o.lockfile}: not a lock file` })
    return
  }
  try {
    await fs.unlink(o.lockfile)
  } catch (err) {
    out.push({ kind: 'error', text: `cannot unlink stale ${o.lockfile}: ${errText(err)}` })
    return
  }
  out.push({ kind: 'warn', text: `UNLOCKED ${o.file} (stale lock by PID ${Number.isNaN(pid) ? '' : pid}${where})` })
}

/** `_acs_check`: removes a lock file older than `hold` seconds. */
async function breakOld (o: AttemptOptions, out: LockMessage[]): Promise<void> {
  let mtime: number
  try {
    mtime = Math.floor((await fs.stat(o.lockfile)).mtimeMs / 1000)
  } catch {
    return
  }
  if (Math.floor(Date.now() / 1000) - mtime <= o.hold) return
  if (!await isLockFile(o.lockfile)) {
    out.push({ kind: 'error', text: `cannot unlink ${o.lockfile}: not a lock file` })
    return
  }
  try {
    await fs.unlink(o.lockfile)
  } catch (err) {
    out.push({ kind: 'error', text: `cannot unlink ${o.lockfile}: ${errText(err)}` })
    return
  }
  if (o.warn) out.push({ kind: 'warn', text: `UNLOCKED ${o.file} (lock older than ${o.hold} second${o.hold === 1 ? '' : 's'})` })
}

/**
 * One locking attempt. The file appears complete or not at all: the stamp is
 * written to a private temporary file (mode 0444, as the real module's umask
 * 0333 gives) that is then hard-linked to the lock name, which fails if the
 * name exists. So a concurrent reader never sees an empty lock file, and a
 * lock can never be taken twice by bridge clients.
 */
export async function attempt (o: AttemptOptions): Promise<{ locked: boolean, messages: LockMessage[] }> {
  const messages: LockMessage[] = []
  if (o.stale) await breakStale(o, messages)
  if (o.hold > 0) await breakOld(o, messages)
  const tmp = siblingTemp(o.lockfile, '.tmp')
  let fh: fs.FileHandle
  try {
    fh = await fs.open(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL, 0o444)
  } catch (err) {
    // The real module cannot create its file either; it reports nothing and fails.
    return { locked: false, messages: (err as NodeJS.ErrnoException).code === 'ENOENT' ? messages : [...messages, { kind: 'warn', text: `writing to ${o.lockfile}: ${errText(err)}\n` }] }
  }
  try {
    await fh.write(`${o.stamp}\n`)
    await fh.close()
    await fs.link(tmp, o.lockfile)
    return { locked: true, messages }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'EEXIST') messages.push({ kind: 'warn', text: `writing to ${o.lockfile}: ${errText(err)}\n` })
    return { locked: false, messages }
  } finally {
    await fs.unlink(tmp).catch(() => undefined)
  }
}

/** `_acs_unlock`: removes the lock file if its stamp is ours. */
export async function unlock (file: string, lockfile: string, stamp: string): Promise<{ unlocked: boolean, messages: LockMessage[] }> {
  const current = await readStamp(lockfile)
  if (current === undefined) return { unlocked: false, messages: [{ kind: 'warn', text: `no lockfile found for ${file}` }] }
  if (current !== stamp) return { unlocked: false, messages: [{ kind: 'error', text: `cannot unlock ${file}: lock not owned` }] }
  if (!await isLockFile(lockfile)) return { unlocked: false, messages: [{ kind: 'error', text: `cannot unlock ${file}: not a lock file` }] }
  try {
    await fs.unlink(lockfile)
    return { unlocked: true, messages: [] }
  } catch (err) {
    return { unlocked: false, messages: [{ kind: 'error', text: `cannot unlock ${file}: ${errText(err)}` }] }
  }
}

/** Removes the lock file only while it still carries our stamp (session end, reaping). */
export async function releaseIfOurs (lockfile: string, stamp: string): Promise<boolean> {
  if (await readStamp(lockfile) !== stamp || !await isLockFile(lockfile)) return false
  try {
    await fs.unlink(lockfile)
    return true
  } catch {
    return false
  }
}

/** `lockfile()`: the %% %f %D %F %p macro expansion of LockFile::Simple formats. */
export function expandFormat (format: string, file: string, pid: number): string {
  const base = /^.*\/(.*)/.exec(file)?.[1] ?? ''
  const dir = /^(.*)\/.*/.exec(file)?.[1] ?? ''
  return format.replace(/%([%fDFp])/g, (_m, c: string) => {
    switch (c) {
      case '%': return '%'
      case 'f': return file
      case 'D': return dir === '' ? '.' : dir
      case 'F': return base === '' ? file : base
      default: return String(pid)
    }
  })
}
