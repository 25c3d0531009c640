// The sftp module's methods (protocol section 2): the Net::SFTP::Foreign
// facade's calls. Remote paths arrive as the facade computed them (it keeps
// the client-side cwd); local paths are client paths.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { InputAttributes } from 'ssh2'
import type { Config } from '../../src/config.js'
import { method, type CallContext } from '../../src/registry.js'
import { BRIDGE_ERR_INVALID_PARAMS, BackendError } from '../../src/errors.js'
import { resolveClientPath } from '../../src/paths.js'
import { Bytes, toBuffer } from '../../src/bytes.js'
import { Table } from '../../src/packed.js'
import { SshConnectParams, sshTarget, type SshConnect, type SshTarget } from '../ssh/params.js'
import type { SshLease } from '../ssh/pool.js'
import { Remote, attrsOf } from './remote.js'
import { download, readContent, upload, writeContent } from './transfer.js'

/** get_content keeps the file in memory: past this, the script is told to use get */
const CONTENT_LIMIT = 512 * 1024 * 1024

const Id = Type.String({ minLength: 1, description: 'the handle from sftp.open' })
const RPath = (description: string) => Type.String({ minLength: 1, description })
const Perm = Type.Integer({ minimum: 0, maximum: 0o7777 })
const Time = Type.Integer({ minimum: 0 })
const AttrsSchema = Type.Object({
  size: Type.Union([Type.Number(), Type.Null()]), uid: Type.Union([Type.Number(), Type.Null()]), gid: Type.Union([Type.Number(), Type.Null()]),
  perm: Type.Union([Type.Number(), Type.Null()]), atime: Type.Union([Type.Number(), Type.Null()]), mtime: Type.Union([Type.Number(), Type.Null()]),
})
const Empty = Type.Object({})
const Resume = Type.Union([Type.Boolean(), Type.Literal('auto')])

export interface SftpHandle {
  remote: Remote
  id: string
  /** the old helpers' server-side cwd (setcwd), which their relative paths are joined to */
  cwd: string
  /** the old helpers' `error` call: the last failure's message, null after a success */
  lastError: string | null
}

/** A remote path the server can be sent: the field is named when it cannot. */
function rp (p: string, field: string): string {
  if (p.includes('\0')) throw new BRIDGE_ERR_INVALID_PARAMS(`params.${field}`, 'must not contain a NUL byte')
  return p
}

export class SftpHandles {
  constructor (private readonly app: FastifyInstance, private readonly config: Config) {}

  /** Opens the SFTP channel on a lease (a pooled connection the server dropped is replaced once). */
  async start (target: SshTarget, ctx: CallContext, opts: { parent?: string } = {}): Promise<{ sftp_id: string, home: string }> {
    for (let attempt = 0; ; attempt++) {
      const lease = await this.app.ssh.acquire(target)
      try {
        return await this.adopt(lease, ctx, opts)
      } catch (err) {
        lease.release(false)
        const code = (err as { extra?: { backend_code?: unknown } }).extra?.backend_code
        if (attempt > 0 || !lease.reused || (code !== 'ssh_disconnected' && code !== 'ssh_timeout')) throw err
      }
    }
  }

  /** Wraps a lease in an sftp handle; its close gives the connection back (or drops it when a call broke it). */
  async adopt (lease: SshLease, ctx: CallContext, opts: { parent?: string, keepLease?: boolean, onBroken?: () => void } = {}): Promise<{ sftp_id: string, home: string }> {
    const sftp = await lease.sftp()
    const probe = new Remote(lease, sftp, '')
    const home = await probe.realpath('.').finally(() => probe.dispose())
    const remote = new Remote(lease, sftp, home)
    const h: SftpHandle = { remote, id: '', cwd: home, lastError: null }
    h.id = this.app.sessions.create(ctx.session, 'sftp', h, x => {
      x.remote.closed = true
      x.remote.abortAll(new BackendError('the sftp handle was closed during the call', 'sftp_closed', {}))
      x.remote.dispose()
      if (opts.keepLease !== true) lease.release(!x.remote.broken && lease.alive())
      else if (x.remote.broken) opts.onBroken?.()
    }, opts.parent !== undefined ? { parent: opts.parent } : {})
    return { sftp_id: h.id, home }
  }

  get (ctx: CallContext, id: string): SftpHandle {
    return this.app.sessions.get<SftpHandle>(ctx.session, 'sftp', id)
  }

  /** Keeps a handle from being reaped while its transfer makes progress. */
  touch (id: string): void {
    const h = this.app.sessions.handles.get(id)
    if (h !== undefined) h.lastUsed = Date.now()
  }

  local (p: string, ctx: CallContext, field: string): string {
    return resolveClientPath(p, { cwd: ctx.cwd, allowedPaths: this.config.allowedPaths, field: `params.${field}` })
  }
}

export function sftpMethods (app: FastifyInstance, config: Config, hs: SftpHandles) {
  const R = (ctx: CallContext, id: string): Remote => hs.get(ctx, id).remote
  return {
    open: method({
      description: 'Connects (or reuses a pooled connection) and opens an SFTP session (Net::SFTP::Foreign->new).',
      params: Type.Object(SshConnectParams),
      result: Type.Object({ sftp_id: Type.String(), home: Type.String() }),
      handler: async (p: SshConnect, ctx) => await hs.start(await sshTarget(p, ctx, config), ctx),
    }),
    attach: method({
      description: 'An SFTP session on an openssh connection (Net::OpenSSH->sftp): a child handle, closed with it; the connection stays the openssh handle\'s.',
      params: Type.Object({ ssh_id: Type.String({ minLength: 1, description: 'the handle from openssh.connect' }) }),
      result: Type.Object({ sftp_id: Type.String(), home: Type.String() }),
      handler: async (p, ctx) => {
        const parent = app.sessions.get<{ lease: SshLease, broken?: boolean }>(ctx.session, 'ssh', p.ssh_id)
        return await hs.adopt(parent.lease, ctx, { parent: p.ssh_id, keepLease: true, onBroken: () => { parent.broken = true } })
      },
    }),
    close: method({
      description: 'Ends the SFTP session; the connection goes back to the pool (a running transfer is aborted).',
      params: Type.Object({ sftp_id: Id }),
      result: Type.Object({ closed: Type.Boolean() }),
      handler: async (p, ctx) => ({ closed: await app.sessions.close(ctx.session, 'sftp', p.sftp_id) }),
    }),
    realpath: method({
      description: 'The canonical form of a remote path.',
      params: Type.Object({ sftp_id: Id, path: RPath('remote path') }),
      result: Type.Object({ path: Type.String() }),
      idempotent: true,
      handler: async (p, ctx) => ({ path: await R(ctx, p.sftp_id).realpath(rp(p.path, 'path')) }),
    }),
    stat: method({
      description: 'Attributes of a remote path, following symlinks.',
      params: Type.Object({ sftp_id: Id, path: RPath('remote path') }),
      result: Type.Object({ attrs: AttrsSchema }),
      idempotent: true,
      handler: async (p, ctx) => ({ attrs: attrsOf(await R(ctx, p.sftp_id).stat(rp(p.path, 'path'))) }),
    }),
    lstat: method({
      description: 'Attributes of a remote path, not following a final symlink.',
      params: Type.Object({ sftp_id: Id, path: RPath('remote path') }),
      result: Type.Object({ attrs: AttrsSchema }),
      idempotent: true,
      handler: async (p, ctx) => ({ attrs: attrsOf(await R(ctx, p.sftp_id).lstat(rp(p.path, 'path'))) }),
    }),
    setstat: method({
      description: 'Sets attributes of a remote path (chmod, chown, utime, truncate).',
      params: Type.Object({ sftp_id: Id, path: RPath('remote path'), perm: Type.Optional(Perm), uid: Type.Optional(Type.Integer({ minimum: 0 })), gid: Type.Optional(Type.Integer({ minimum: 0 })), atime: Type.Optional(Time), mtime: Type.Optional(Time), size: Type.Optional(Type.Integer({ minimum: 0 })) }),
      result: Empty,
      idempotent: true,
      handler: async (p, ctx) => {
        if ((p.uid === undefined) !== (p.gid === undefined)) throw new BRIDGE_ERR_INVALID_PARAMS(p.uid === undefined ? 'params.uid' : 'params.gid', 'uid and gid are set together (SFTP sends both)')
        if ((p.atime === undefined) !== (p.mtime === undefined)) throw new BRIDGE_ERR_INVALID_PARAMS(p.atime === undefined ? 'params.atime' : 'params.mtime', 'atime and mtime are set together (SFTP sends both)')
        const a: InputAttributes = {}
        if (p.perm !== undefined) a.mode = p.perm
        if (p.uid !== undefined) a.uid = p.uid
        if (p.gid !== undefined) a.gid = p.gid
        if (p.atime !== undefined) a.atime = p.atime
        if (p.mtime !== undefined) a.mtime = p.mtime
        if (p.size !== undefined) a.size = p.size
        await R(ctx, p.sftp_id).setstat(rp(p.path, 'path'), a)
        return {}
      },
    }),
    list: method({
      description: 'A remote directory\'s entries in server order, with . and .. (rows: filename, longname, size, uid, gid, perm, atime, mtime).',
      params: Type.Object({ sftp_id: Id, dir: RPath('remote directory') }),
      result: Type.Object({ entries: Type.Array(Type.Array(Type.Unknown())) }),
      idempotent: true,
      handler: async (p, ctx) => {
        const list = await R(ctx, p.sftp_id).readdir(rp(p.dir, 'dir'))
        const rows = list.map(e => { const a = attrsOf(e.attrs); return [e.filename, e.longname, a.size, a.uid, a.gid, a.perm, a.atime, a.mtime] })
        return { entries: new Table(rows, 8, 'SSnnnnnn') }
      },
    }),
    make_dir: method({
      description: 'Creates a remote directory.',
      params: Type.Object({ sftp_id: Id, path: RPath('remote directory'), perm: Type.Optional(Perm) }),
      result: Empty,
      handler: async (p, ctx) => { await R(ctx, p.sftp_id).mkdir(rp(p.path, 'path'), p.perm !== undefined ? { mode: p.perm } : {}); return {} },
    }),
    remove_dir: method({
      description: 'Removes an empty remote directory.',
      params: Type.Object({ sftp_id: Id, path: RPath('remote directory') }),
      result: Empty,
      handler: async (p, ctx) => { await R(ctx, p.sftp_id).rmdir(rp(p.path, 'path')); return {} },
    }),
    remove_file: method({
      description: 'Removes a remote file.',
      params: Type.Object({ sftp_id: Id, path: RPath('remote file') }),
      result: Empty,
      handler: async (p, ctx) => { await R(ctx, p.sftp_id).unlink(rp(p.path, 'path')); return {} },
    }),
    move: method({
      description: 'Renames a remote path; overwrite replaces an existing target atomically (posix-rename@openssh.com), else an existing target is an error.',
      params: Type.Object({ sftp_id: Id, old: RPath('current remote path'), new: RPath('new remote path'), overwrite: Type.Optional(Type.Boolean()) }),
      result: Empty,
      handler: async (p, ctx) => {
        const r = R(ctx, p.sftp_id)
        const from = rp(p.old, 'old')
        const to = rp(p.new, 'new')
        if (p.overwrite !== true) await r.rename(from, to)
        else if (r.has('posix-rename@openssh.com')) await r.posixRename(from, to)
        else { await r.unlink(to).catch(() => { /* absent */ }); await r.rename(from, to) }
        return {}
      },
    }),
    symlink: method({
      description: 'Creates a remote symlink `link` pointing at `target` (Net::SFTP::Foreign argument order).',
      params: Type.Object({ sftp_id: Id, link: RPath('the link to create'), target: Type.String({ description: 'what the link points at (stored as given)' }) }),
      result: Empty,
      // OpenSSH's sftp-server takes SYMLINK's arguments in reverse of the draft; ssh2 sends (target, link) in draft order, which is what OpenSSH reads as (link path, target)
      handler: async (p, ctx) => { await R(ctx, p.sftp_id).symlink(rp(p.target, 'target'), rp(p.link, 'link')); return {} },
    }),
    readlink: method({
      description: 'The target of a remote symlink.',
      params: Type.Object({ sftp_id: Id, path: RPath('remote symlink') }),
      result: Type.Object({ target: Type.String() }),
      idempotent: true,
      handler: async (p, ctx) => ({ target: await R(ctx, p.sftp_id).readlink(rp(p.path, 'path')) }),
    }),
    upload: method({
      description: 'Uploads a local file (put). Written to a temporary name in the target directory and renamed after the size check, unless resume/append (in place).',
      params: Type.Object({
        sftp_id: Id, local: Type.String({ minLength: 1, description: 'local file (client path)' }), remote: RPath('remote file'),
        overwrite: Type.Optional(Type.Boolean()), resume: Type.Optional(Resume), append: Type.Optional(Type.Boolean()),
        copy_perm: Type.Optional(Type.Boolean()), copy_time: Type.Optional(Type.Boolean()), perm: Type.Optional(Perm), umask: Type.Optional(Perm), atomic: Type.Optional(Type.Boolean()),
      }),
      result: Type.Object({ size: Type.Number() }),
      handler: async (p, ctx) => {
        if (p.perm !== undefined && p.umask !== undefined) throw new BRIDGE_ERR_INVALID_PARAMS('params.umask', 'perm and umask cannot be used together')
        if (p.resume !== undefined && p.resume !== false && p.append === true) throw new BRIDGE_ERR_INVALID_PARAMS('params.append', 'resume and append cannot be used together')
        const local = hs.local(p.local, ctx, 'local')
        const h = hs.get(ctx, p.sftp_id)
        const size = await upload(h.remote, local, rp(p.remote, 'remote'), {
          overwrite: p.overwrite ?? true, resume: p.resume ?? false, append: p.append ?? false,
          copyPerm: p.copy_perm ?? p.perm === undefined, copyTime: p.copy_time ?? true,
          ...(p.perm !== undefined ? { perm: p.perm } : {}), ...(p.umask !== undefined ? { umask: p.umask } : {}),
        }, () => hs.touch(h.id))
        return { size }
      },
    }),
    download: method({
      description: 'Downloads a remote file (get) to a temporary local name renamed after the size check (resume works in place).',
      params: Type.Object({
        sftp_id: Id, remote: RPath('remote file'), local: Type.String({ minLength: 1, description: 'local file (client path)' }),
        overwrite: Type.Optional(Type.Boolean()), resume: Type.Optional(Resume), copy_perm: Type.Optional(Type.Boolean()), copy_time: Type.Optional(Type.Boolean()),
        umask: Type.Optional(Perm), atomic: Type.Optional(Type.Boolean()),
      }),
      result: Type.Object({ size: Type.Number() }),
      handler: async (p, ctx) => {
        const local = hs.local(p.local, ctx, 'local')
        const h = hs.get(ctx, p.sftp_id)
        const size = await download(h.remote, rp(p.remote, 'remote'), local, {
          overwrite: p.overwrite ?? true, resume: p.resume ?? false, copyPerm: p.copy_perm ?? true, copyTime: p.copy_time ?? true,
          ...(p.umask !== undefined ? { umask: p.umask } : {}),
        }, () => hs.touch(h.id))
        return { size }
      },
    }),
    write_content: method({
      description: 'Writes bytes to a remote file (put_content), through a temporary name like upload.',
      params: Type.Object({ sftp_id: Id, remote: RPath('remote file'), content: Bytes, perm: Type.Optional(Perm), atomic: Type.Optional(Type.Boolean()) }),
      result: Type.Object({ size: Type.Number() }),
      handler: async (p, ctx) => {
        const h = hs.get(ctx, p.sftp_id)
        return { size: await writeContent(h.remote, rp(p.remote, 'remote'), toBuffer(p.content, 'params.content'), p.perm, () => hs.touch(h.id)) }
      },
    }),
    read_content: method({
      description: 'A remote file\'s bytes (get_content).',
      params: Type.Object({ sftp_id: Id, remote: RPath('remote file') }),
      result: Type.Object({ content: Type.Unknown({ description: 'bytes' }) }),
      idempotent: true,
      handler: async (p, ctx) => {
        const h = hs.get(ctx, p.sftp_id)
        return { content: await readContent(h.remote, rp(p.remote, 'remote'), CONTENT_LIMIT, () => hs.touch(h.id)) }
      },
    }),
  }
}
