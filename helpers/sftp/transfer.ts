// Streaming transfers: a fixed number of chunk requests in flight (as
// OpenSSH's sftp pipelines them; 16 x 128 KiB measured best here), each worker reusing one buffer, so memory
// stays depth x chunk whatever the file size. Uploads and downloads go to a
// temporary name in the target directory and are renamed onto the final name
// only after the size check (resume/append work in place), so a failure never
// leaves a partial file under the final name.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { InputAttributes, Stats } from 'ssh2'
import { BackendError } from '../../src/errors.js'
import { cutToBytes } from '../../src/paths.js'
import type { Remote, Watchdog } from './remote.js'
import { localError, sizeMismatch } from './errors.js'
import { GcPacer } from '../../src/gc-pacer.js'

const CHUNK = 128 * 1024
const DEPTH = 16

/** Runs `step` over [start, end) in CHUNK pieces, DEPTH at a time; the first failure wins, the others finish their piece. */
async function pump (start: number, end: number, step: (pos: number, len: number, buf: Buffer) => Promise<void>): Promise<void> {
  let next = start
  let failed: unknown = null
  const worker = async (): Promise<void> => {
    const buf = Buffer.allocUnsafe(CHUNK)
    while (failed === null && next < end) {
      const pos = next
      const len = Math.min(CHUNK, end - pos)
      next += len
      try { await step(pos, len, buf) } catch (err) { failed ??= err }
    }
  }
  const n = Math.max(1, Math.min(DEPTH, Math.ceil((end - start) / CHUNK)))
  await Promise.all(Array.from({ length: n }, worker))
  if (failed !== null) throw failed
}

/** A sibling temporary name: hidden, unique, within NAME_MAX however long the final name is. */
export function tempName (final: string, join: (dir: string, base: string) => string, dirname: (p: string) => string, basename: (p: string) => string): string {
  const base = cutToBytes(basename(final), 180)
  return join(dirname(final), `.${base}.cbpart-${randomBytes(6).toString('hex')}`)
}

// joined as text, not normalised: `a/../b` must stay what the server makes of it (a may be a symlink)
export const remoteTemp = (remote: string): string => tempName(remote, (d, b) => d === '.' && !remote.startsWith('./') ? b : d.endsWith('/') ? d + b : `${d}/${b}`, path.posix.dirname, path.posix.basename)
export const localTemp = (local: string): string => tempName(local, path.join, path.dirname, path.basename)

export interface UploadOptions {
  overwrite: boolean
  resume: boolean | 'auto'
  append: boolean
  copyPerm: boolean
  copyTime: boolean
  perm?: number
  umask?: number
}

function exists (side: 'remote' | 'local', p: string): BackendError {
  return new BackendError(`${side} file ${JSON.stringify(p)} already exists`, 'sftp_exists', { side, path: p })
}

function bigger (side: 'remote' | 'local', localSize: number, remoteSize: number): BackendError {
  return new BackendError(`couldn't resume transfer, ${side} file is bigger than ${side === 'remote' ? 'local' : 'remote'}`, 'sftp_resume_bigger', { side, local_size: localSize, remote_size: remoteSize })
}

async function statOrNull<T> (f: () => Promise<T>): Promise<T | null> {
  try { return await f() } catch (err) {
    const d = (err as { extra?: { status?: unknown } }).extra
    if (d?.status === 2) return null
    throw err
  }
}

/** Renames the temporary onto the final name: replacing it (posix-rename, else remove + rename) or refusing when it exists. */
async function remoteCommit (r: Remote, tmp: string, final: string, overwrite: boolean): Promise<void> {
  if (!overwrite) { await r.rename(tmp, final); return }
  if (r.has('posix-rename@openssh.com')) { await r.posixRename(tmp, final); return }
  await r.unlink(final).catch(() => { /* absent */ })
  await r.rename(tmp, final)
}

export async function upload (r: Remote, local: string, remote: string, o: UploadOptions, onProgress: () => void): Promise<number> {
  let fh: fs.FileHandle | null = null
  let localClosing: Promise<void> | null = null
  let rh: Buffer | null = null
  let tmp: string | null = null
  let ok = false
  // A plain put (no resume/append/overwrite check) opens its temporary while the local file is opened
  // and statted: the mode that depends on the local file is set by the fsetstat after the writes
  // (until then the temporary is 0600, or the given perm).
  let early: Promise<Buffer> | null = null
  try {
    if (o.resume === false && !o.append && o.overwrite) {
      tmp = remoteTemp(remote)
      early = r.open(tmp, 'wx', o.perm !== undefined ? { mode: o.perm } : o.copyPerm ? { mode: 0o600 } : {}, remote)
      early.then(h => { rh ??= h }, () => undefined)
    }
    try { fh = await fs.open(local, 'r') } catch (err) { throw localError(err, 'opening the local file', local) }
    const lfh = fh
    const ls = await lfh.stat().catch(err => { throw localError(err, 'stat of the local file', local) })
    if (!ls.isFile()) throw localError(Object.assign(new Error(), { code: ls.isDirectory() ? 'EISDIR' : 'EINVAL' }), 'reading the local file', local)
    const size = ls.size
    const perm = o.perm !== undefined ? o.perm : o.copyPerm ? ls.mode & 0o777 & ~(o.umask ?? 0o022) : undefined
    let offset = 0
    let inPlace = false
    let resume = o.resume
    let append = o.append
    if (resume !== false || append) {
      const rs = await statOrNull(() => r.stat(remote))
      if (rs === null) { resume = false; append = false } else if (append) {
        offset = rs.size; inPlace = true
      } else if (resume === 'auto' && rs.mtime <= Math.floor(ls.mtimeMs / 1000)) {
        resume = false
      } else {
        if (rs.size > size) throw bigger('remote', size, rs.size)
        offset = rs.size; inPlace = true
      }
    }
    if (!inPlace && !o.overwrite && await statOrNull(() => r.lstat(remote)) !== null) throw exists('remote', remote)
    const target = inPlace ? remote : (tmp ??= remoteTemp(remote))
    const attrs: InputAttributes = perm !== undefined && !inPlace ? { mode: perm } : {}
    const srcStart = append ? 0 : offset
    const total = append ? size : size - offset
    // the first chunk is read while the remote open is under way
    const preBuf = Buffer.allocUnsafe(Math.min(CHUNK, total))
    const preRead = total > 0 ? lfh.read(preBuf, 0, preBuf.length, srcStart) : null
    preRead?.catch(() => undefined)
    rh = early !== null ? await early : await r.open(target, inPlace ? 'r+' : 'wx', attrs, remote)
    const handle = rh
    const expected = offset + total
    const late: InputAttributes = {}
    // set on the open handle as well: the server's umask applied to open's mode, and N::S::F's perm is exact
    if (perm !== undefined) late.mode = perm
    if (o.copyTime) { late.atime = Math.floor(ls.atimeMs / 1000); late.mtime = Math.floor(ls.mtimeMs / 1000) }
    // fsetstat and the size check (fstat on the handle) go out right behind the last write:
    // sftp-server answers in order, so they see every write and cost no round trip of their own
    let tail: Promise<number> | null = null
    const sendTail = (): Promise<number> => {
      const set = Object.keys(late).length > 0 ? r.fsetstat(handle, late, target) : Promise.resolve()
      const st = r.fstat(handle, target)
      // observed now: a failed write wins, and these may then settle unawaited
      set.catch(() => undefined); st.catch(() => undefined)
      const t = (async () => { await set; return (await st).size })()
      t.catch(() => undefined)
      return t
    }
    let issued = 0
    const pacer = new GcPacer()
    const got = await r.guarded('upload', async dog => {
      await pump(srcStart, srcStart + total, async (pos, len, buf) => {
        const pre = pos === srcStart && preRead !== null
        const { bytesRead } = await (pre ? preRead : lfh.read(buf, 0, len, pos)).catch(err => { throw localError(err, 'reading the local file', local) })
        if (bytesRead !== len) throw sizeMismatch(`upload of ${local}: the local file shrank`, size, pos + bytesRead)
        const w = r.write(handle, pre ? preBuf : buf, len, pos - srcStart + offset, target)
        issued += len
        if (issued === total) tail = sendTail()
        await w
        pacer.add(len); dog.kick(); onProgress()
      })
      return await (tail ?? sendTail())
    })
    // read-only: its close need not hold up the remote side
    localClosing = lfh.close().catch(() => undefined)
    fh = null
    rh = null
    early = null
    await r.close(handle, target)
    if (got !== expected) throw sizeMismatch(`upload to ${remote}`, expected, got)
    if (tmp !== null) await remoteCommit(r, tmp, remote, o.overwrite)
    ok = true
    return expected
  } finally {
    if (fh !== null) await fh.close().catch(() => { /* read-only */ })
    await localClosing
    if (!ok) {
      // the early temporary may still be opening when the local side failed
      if (early !== null) await early.catch(() => undefined)
      if (rh !== null && !r.broken) await r.close(rh, remote).catch(() => { /* best effort */ })
      if (tmp !== null && !r.broken) await r.unlink(tmp).catch(() => { /* best effort */ })
    }
  }
}

export interface DownloadOptions { overwrite: boolean, resume: boolean | 'auto', copyPerm: boolean, copyTime: boolean, umask?: number }

export async function download (r: Remote, remote: string, local: string, o: DownloadOptions, onProgress: () => void): Promise<number> {
  let fh: fs.FileHandle | null = null
  let tmp: string | null = null
  // a plain get (no resume, no overwrite check) creates its local temporary while the remote file opens
  const quick = o.resume === false && o.overwrite
  if (quick) tmp = localTemp(local)
  const localOpen = tmp !== null ? fs.open(tmp, 'wx', 0o600) : null
  localOpen?.catch(() => undefined)
  let taken = false
  let rh: Buffer
  try {
    rh = await r.open(remote, 'r')
  } catch (err) {
    const h = await localOpen?.catch(() => null)
    if (h !== undefined && h !== null && tmp !== null) { await h.close().catch(() => undefined); await fs.unlink(tmp).catch(() => undefined) }
    throw err
  }
  let open = true
  let ok = false
  // fstat and, when the file is fetched from its start, its first chunk go out together
  // (sftp-server answers in order); the local side is prepared while they travel
  const statted = r.fstat(rh, remote)
  const first = o.resume === false ? Buffer.allocUnsafe(CHUNK) : null
  const firstRead = first !== null ? r.read(rh, first, CHUNK, 0, remote) : null
  // observed now: an earlier failure may leave them settling unawaited
  statted.catch(() => undefined); firstRead?.catch(() => undefined)
  try {
    const rs = await statted
    const size = rs.size
    let offset = 0
    let resume = o.resume
    if (resume !== false) {
      const ls = await fs.stat(local).catch(err => { if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null; throw localError(err, 'stat of the local file', local) })
      if (ls === null || (resume === 'auto' && Math.floor(ls.mtimeMs / 1000) <= rs.mtime)) resume = false
      else {
        if (ls.size > size) throw bigger('local', ls.size, size)
        offset = ls.size
      }
    }
    if (resume === false && !o.overwrite) {
      const there = await fs.lstat(local).then(() => true, () => false)
      if (there) throw exists('local', local)
    }
    const target = resume !== false ? local : (tmp ??= localTemp(local))
    try {
      fh = localOpen !== null ? await localOpen.finally(() => { taken = true }) : await fs.open(target, resume !== false ? 'r+' : 'wx', 0o600)
    } catch (err) { throw localError(err, 'creating the local file', target === tmp ? local : target) }
    const file = fh
    const put = async (buf: Buffer, n: number, pos: number): Promise<void> => {
      await file.write(buf, 0, n, pos).catch(err => { throw localError(err, 'writing the local file', local) })
    }
    let got = offset
    const pacer = new GcPacer()
    await r.guarded('download', async dog => {
      let from = offset
      // the first chunk is written locally while the rest (or the probe) is fetched
      let firstPut: Promise<void> = Promise.resolve()
      if (first !== null && firstRead !== null) {
        const n = from = await firstRead
        if (n > 0) firstPut = put(first, n, 0).then(() => { pacer.add(n); dog.kick(); onProgress() })
        firstPut.catch(() => undefined)
      }
      // Whole already: an empty file (the read said end of file), or a regular file whose one
      // short read returned exactly its fstat size (read(2) on a regular file stops short only at
      // its end; /proc-like files report another size). No probe then, and the close is not
      // waited for: the bytes are in, and a read handle's close has nothing for the get to report.
      if (first !== null && from === size && (size === 0 || ((rs.mode & 0o170000) === 0o100000 && size < CHUNK))) {
        r.close(rh, remote).catch(() => undefined)
        open = false
        got = size
        await firstPut
        return
      }
      // the size known at open is fetched in parallel; a file that grew since is read on to its end
      await pump(from, size, async (pos, len, buf) => {
        let done = 0
        while (done < len) {
          const n = await r.read(rh, buf, len - done, pos + done, remote)
          if (n === 0) throw sizeMismatch(`download of ${remote}: the remote file shrank`, size, pos + done)
          await put(buf, n, pos + done)
          done += n
          pacer.add(n); dog.kick(); onProgress()
        }
      })
      got = Math.max(size, from)
      // the end-of-file probe and the close travel together; bytes the probe still finds
      // (the file grew) are kept and the rest read through a fresh handle
      const buf = Buffer.allocUnsafe(CHUNK)
      const probe = r.read(rh, buf, CHUNK, got, remote)
      const closing = r.close(rh, remote)
      open = false
      probe.catch(() => undefined); closing.catch(() => undefined)
      await firstPut
      const n = await probe
      await closing.catch(() => { /* read-only: the bytes are in */ })
      if (n === 0) return
      await put(buf, n, got)
      got += n
      dog.kick(); onProgress()
      const again = await r.open(remote, 'r')
      try {
        for (;;) {
          const m = await r.read(again, buf, CHUNK, got, remote)
          if (m === 0) break
          await put(buf, m, got)
          got += m
          pacer.add(m); dog.kick(); onProgress()
        }
      } finally {
        if (!r.broken) await r.close(again, remote).catch(() => { /* read-only */ })
      }
    })
    // independent calls on the descriptor: run side by side on the thread pool (a failed size check
    // unlinks the temporary below, so the chmod on it is harmless)
    const mode = o.copyPerm && rs.mode !== undefined ? rs.mode & 0o777 & ~(o.umask ?? 0o022) : tmp !== null ? 0o666 & ~(o.umask ?? 0o022) : null
    const [ls] = await Promise.all([file.stat(), mode !== null ? file.chmod(mode) : null, o.copyTime ? file.utimes(rs.atime, rs.mtime) : null])
    if (ls.size !== got) throw sizeMismatch(`download to ${local}`, got, ls.size)
    await file.close()
    fh = null
    if (tmp !== null) {
      try {
        if (o.overwrite) await fs.rename(tmp, local)
        else { await fs.link(tmp, local); await fs.unlink(tmp) }
      } catch (err) { throw (err as NodeJS.ErrnoException).code === 'EEXIST' ? exists('local', local) : localError(err, 'renaming onto the local file', local) }
    }
    ok = true
    return got
  } finally {
    // a failure before the early temporary was taken over: its descriptor is closed here
    if (!taken && localOpen !== null) fh = await localOpen.catch(() => null)
    if (fh !== null) await fh.close().catch(() => { /* closing */ })
    if (!ok && tmp !== null) await fs.unlink(tmp).catch(() => { /* not created */ })
    if (open && !r.broken) await r.close(rh, remote).catch(() => { /* read-only */ })
  }
}

/** put_content: the same temporary-name safety as an upload. */
export async function writeContent (r: Remote, remote: string, data: Buffer, perm: number | undefined, onProgress: () => void): Promise<number> {
  const tmp = remoteTemp(remote)
  let rh: Buffer | null = await r.open(tmp, 'wx', perm !== undefined ? { mode: perm } : {}, remote)
  let ok = false
  try {
    const handle = rh
    const pacer = new GcPacer()
    // the size check (fstat on the handle) goes out behind the last write, as in upload
    let check: Promise<Stats> | null = null
    const sendCheck = (): Promise<Stats> => { const c = r.fstat(handle, tmp); c.catch(() => undefined); return c }
    let issued = 0
    const got = await r.guarded('put_content', async dog => {
      await pump(0, data.length, async (pos, len) => {
        const w = r.write(handle, data.subarray(pos, pos + len), len, pos, tmp)
        issued += len
        if (issued === data.length) check = sendCheck()
        await w
        pacer.add(len); dog.kick(); onProgress()
      })
      return (await (check ?? sendCheck())).size
    })
    rh = null
    await r.close(handle, tmp)
    if (got !== data.length) throw sizeMismatch(`put_content to ${remote}`, data.length, got)
    await remoteCommit(r, tmp, remote, true)
    ok = true
    return data.length
  } finally {
    if (!ok && !r.broken) {
      if (rh !== null) await r.close(rh, tmp).catch(() => { /* best effort */ })
      await r.unlink(tmp).catch(() => { /* best effort */ })
    }
  }
}

/** get_content: the whole file (the caller asked for it in memory). */
export async function readContent (r: Remote, remote: string, limit: number, onProgress: () => void): Promise<Buffer> {
  const rh = await r.open(remote, 'r')
  let open = true
  try {
    const parts: Buffer[] = []
    let got = 0
    const pacer = new GcPacer()
    await r.guarded('get_content', async dog => {
      const take = (buf: Buffer, n: number): void => {
        parts.push(n === CHUNK ? buf : buf.subarray(0, n))
        got += n
        if (got > limit) throw new BackendError(`get_content of ${remote}: the file is larger than ${limit} bytes; use get`, 'sftp_too_large', { limit })
        pacer.add(n); dog.kick(); onProgress()
      }
      const readOn = async (h: Buffer): Promise<boolean> => {
        for (;;) {
          const buf = Buffer.allocUnsafe(CHUNK)
          const n = await r.read(h, buf, CHUNK, got, remote)
          if (n === 0) return false
          take(buf, n)
          if (n < CHUNK) return true
        }
      }
      // whole chunks until a short one; then the end-of-file probe travels with the close
      if (!await readOn(rh)) return
      const buf = Buffer.allocUnsafe(CHUNK)
      const probe = r.read(rh, buf, CHUNK, got, remote)
      const closing = r.close(rh, remote)
      open = false
      probe.catch(() => undefined); closing.catch(() => undefined)
      const n = await probe
      await closing.catch(() => { /* read-only */ })
      if (n === 0) return
      // the file grew: the rest through a fresh handle
      take(buf, n)
      const again = await r.open(remote, 'r')
      try {
        while (await readOn(again));
      } finally {
        if (!r.broken) await r.close(again, remote).catch(() => { /* read-only */ })
      }
    })
    return Buffer.concat(parts, got)
  } finally {
    if (open && !r.broken) await r.close(rh, remote).catch(() => { /* read-only */ })
  }
}
