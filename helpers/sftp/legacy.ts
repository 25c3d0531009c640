// The old bridge's sftp calls with their old shapes: SFTPHelper.pm's
// new/put/get/ls/rename/setcwd/cwd/error/disconnect/mkdir/remove (with its
// session_id) and the User Guide's connect/list_files/put/get/rename/delete
// (no id: the session's latest connection). Same handles and transfers as
// the facade's methods; the old helpers' cwd is kept on the handle.
import path from 'node:path'
import { Type, type TSchema } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method, type CallContext, type MethodSpec } from '../../src/registry.js'
import { BRIDGE_ERR_INVALID_PARAMS } from '../../src/errors.js'
import { sshTarget, type SshConnect } from '../ssh/params.js'
import type { SftpHandles, SftpHandle } from './methods.js'
import { download, upload } from './transfer.js'

const SessionId = Type.Optional(Type.String({ minLength: 1, description: 'the id from sftp.new / sftp.connect; default: the session\'s latest' }))
const Path = (d: string) => Type.String({ minLength: 1, description: d })

/** ssh's -i / -p / -o options the old helpers passed in `more` (the ones that change where and how we connect). */
export function parseMore (more: readonly string[], field: string): Partial<SshConnect> {
  const out: Partial<SshConnect> = {}
  const keys: string[] = []
  const opt = (name: string, value: string, at: number): void => {
    switch (name.toLowerCase()) {
      case 'identityfile': keys.push(value); break
      case 'userknownhostsfile': out.known_hosts = value.split(/\s+/)[0]; break
      case 'port': out.port = Number(value); break
      case 'user': out.user = value; break
      case 'stricthostkeychecking': {
        const v = value.toLowerCase()
        out.strict_host_key_checking = v === 'no' || v === 'off' ? 'no' : v === 'accept-new' ? 'accept-new' : v === 'yes' || v === 'ask' ? 'yes' : (() => { throw new BRIDGE_ERR_INVALID_PARAMS(`${field}[${at}]`, `StrictHostKeyChecking=${value} is not yes, no or accept-new`) })()
        break
      }
      default: break // other ssh options (Compression, ServerAliveInterval, ...) do not change the outcome here
    }
  }
  for (let i = 0; i < more.length; i++) {
    const a = more[i]
    if ((a === '-i' || a === '-p' || a === '-o' || a === '-l') && i + 1 < more.length) {
      const v = more[++i]
      if (a === '-i') keys.push(v)
      else if (a === '-p') out.port = Number(v)
      else if (a === '-l') out.user = v
      else { const m = /^([A-Za-z]+)\s*[= ]\s*(.*)$/.exec(v); if (m !== null) opt(m[1], m[2], i) }
    } else if (/^-o./.test(a)) {
      const m = /^-o([A-Za-z]+)\s*[= ]\s*(.*)$/.exec(a); if (m !== null) opt(m[1], m[2], i)
    } else if (/^-i./.test(a)) keys.push(a.slice(2))
  }
  if (out.port !== undefined && !(Number.isInteger(out.port) && out.port >= 1 && out.port <= 65535)) throw new BRIDGE_ERR_INVALID_PARAMS(field, 'names a port that is not 1-65535')
  if (keys.length > 0) out.key_path = keys
  return out
}

export function legacyMethods (app: FastifyInstance, config: Config, hs: SftpHandles): Record<string, MethodSpec<TSchema, TSchema>> {
  /** The handle an old call names (or the session's latest); its failures are remembered for `error`. */
  const legacy = <T>(ctx: CallContext, id: string | undefined, run: (h: SftpHandle) => Promise<T>): Promise<T> => {
    const { resource: h } = app.sessions.resolve<SftpHandle>(ctx.session, 'sftp', id)
    return run(h).then(r => { h.lastError = null; return r }, (err: unknown) => { h.lastError = err instanceof Error ? err.message : String(err); throw err })
  }
  /** Old relative paths are relative to the helper's cwd (setcwd), as paramiko's chdir made them. */
  const abs = (h: SftpHandle, p: string): string => p.startsWith('/') ? p : path.posix.join(h.cwd, p)
  const put = async (ctx: CallContext, p: { session_id?: string, local_file: string, remote_file: string }) => legacy(ctx, p.session_id, async h => {
    const local = hs.local(p.local_file, ctx, 'local_file')
    const size = await upload(h.remote, local, abs(h, p.remote_file), { overwrite: true, resume: false, append: false, copyPerm: true, copyTime: true }, () => hs.touch(h.id))
    return { local_file: p.local_file, remote_file: p.remote_file, bytes_transferred: size }
  })
  const get = async (ctx: CallContext, p: { session_id?: string, local_file: string, remote_file: string }) => legacy(ctx, p.session_id, async h => {
    const local = hs.local(p.local_file, ctx, 'local_file')
    const size = await download(h.remote, abs(h, p.remote_file), local, { overwrite: true, resume: false, copyPerm: true, copyTime: true }, () => hs.touch(h.id))
    return { remote_file: p.remote_file, local_file: p.local_file, bytes_transferred: size }
  })
  const names = async (h: SftpHandle, dir: string) => (await h.remote.readdir(abs(h, dir))).filter(e => e.filename !== '.' && e.filename !== '..')
  const remove = method({
    description: 'Old bridge (SFTPHelper remove, User Guide delete): removes a remote file.',
    params: Type.Object({ session_id: SessionId, remote_file: Path('remote file') }),
    result: Type.Object({ remote_file: Type.String() }),
    handler: async (p, ctx) => legacy(ctx, p.session_id, async h => { await h.remote.unlink(abs(h, p.remote_file)); return { remote_file: p.remote_file } }),
  })
  return {
    new: method({
      description: 'Old bridge (SFTPHelper->new): connects; `more` carries ssh options (-i key, -o IdentityFile=, -o UserKnownHostsFile=, -o StrictHostKeyChecking=, -p port).',
      params: Type.Object({
        host: Type.String({ minLength: 1 }), user: Type.String({ minLength: 1 }), port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
        timeout: Type.Optional(Type.Number({ exclusiveMinimum: 0 })), password: Type.Optional(Type.String()),
        more: Type.Optional(Type.Array(Type.String())), ssh_options: Type.Optional(Type.Object({ identity_file: Type.Optional(Type.String({ minLength: 1 })) })),
      }),
      result: Type.Object({ session_id: Type.String(), initial_dir: Type.String(), connection_type: Type.String() }),
      handler: async (p, ctx) => {
        const fromMore = parseMore(p.more ?? [], 'params.more')
        const keys = [...(p.ssh_options?.identity_file !== undefined ? [p.ssh_options.identity_file] : []), ...((fromMore.key_path as string[] | undefined) ?? [])]
        const c: SshConnect = {
          host: p.host, user: fromMore.user ?? p.user, port: p.port ?? fromMore.port ?? 22,
          ...(p.timeout !== undefined ? { timeout: p.timeout } : {}), ...(p.password !== undefined ? { password: p.password } : {}),
          ...(keys.length > 0 ? { key_path: keys } : {}),
          ...(fromMore.known_hosts !== undefined ? { known_hosts: fromMore.known_hosts } : {}),
          ...(fromMore.strict_host_key_checking !== undefined ? { strict_host_key_checking: fromMore.strict_host_key_checking } : {}),
        }
        const fromSshOptions = p.ssh_options?.identity_file !== undefined && fromMore.key_path === undefined
        const o = await hs.start(await sshTarget(c, ctx, config, 'params.', { key_path: fromSshOptions ? 'ssh_options.identity_file' : 'more', known_hosts: 'more' }), ctx)
        return { session_id: o.sftp_id, initial_dir: o.home, connection_type: 'ssh2' }
      },
    }),
    connect: method({
      description: 'User Guide: connects and makes the session\'s current SFTP connection (later calls may omit session_id).',
      params: Type.Object({
        hostname: Type.String({ minLength: 1 }), username: Type.String({ minLength: 1 }), port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
        password: Type.Optional(Type.String()), private_key_file: Type.Optional(Type.String({ minLength: 1 })), passphrase: Type.Optional(Type.String()),
        timeout: Type.Optional(Type.Number({ exclusiveMinimum: 0 })), known_hosts: Type.Optional(Type.String({ minLength: 1 })),
        strict_host_key_checking: Type.Optional(Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('accept-new')])),
      }),
      result: Type.Object({ session_id: Type.String(), connected: Type.Boolean(), home: Type.String() }),
      handler: async (p, ctx) => {
        const c: SshConnect = {
          host: p.hostname, user: p.username, ...(p.port !== undefined ? { port: p.port } : {}),
          ...(p.password !== undefined ? { password: p.password } : {}), ...(p.passphrase !== undefined ? { passphrase: p.passphrase } : {}),
          ...(p.timeout !== undefined ? { timeout: p.timeout } : {}), ...(p.known_hosts !== undefined ? { known_hosts: p.known_hosts } : {}),
          ...(p.strict_host_key_checking !== undefined ? { strict_host_key_checking: p.strict_host_key_checking } : {}),
        }
        if (p.private_key_file !== undefined) c.key_path = p.private_key_file
        const o = await hs.start(await sshTarget(c, ctx, config, 'params.', { key_path: 'private_key_file' }), ctx)
        return { session_id: o.sftp_id, connected: true, home: o.home }
      },
    }),
    put: method({
      description: 'Old bridge / User Guide: uploads local_file to remote_file (relative to the cwd set with setcwd).',
      params: Type.Object({ session_id: SessionId, local_file: Path('local file (client path)'), remote_file: Path('remote file') }),
      result: Type.Object({ local_file: Type.String(), remote_file: Type.String(), bytes_transferred: Type.Number() }),
      handler: async (p, ctx) => await put(ctx, p),
    }),
    get: method({
      description: 'Old bridge / User Guide: downloads remote_file to local_file.',
      params: Type.Object({ session_id: SessionId, remote_file: Path('remote file'), local_file: Path('local file (client path)') }),
      result: Type.Object({ remote_file: Type.String(), local_file: Type.String(), bytes_transferred: Type.Number() }),
      handler: async (p, ctx) => await get(ctx, p),
    }),
    ls: method({
      description: 'Old bridge (SFTPHelper ls): entries {filename, longname, size, mtime, permissions, is_dir} of remote_dir (default the cwd), optionally filtered by the `wanted` regex; without . and ..',
      params: Type.Object({ session_id: SessionId, remote_dir: Type.Optional(Type.String()), wanted: Type.Optional(Type.String()) }),
      result: Type.Array(Type.Object({ filename: Type.String(), longname: Type.String(), size: Type.Number(), mtime: Type.Number(), permissions: Type.Number(), is_dir: Type.Boolean() })),
      idempotent: true,
      handler: async (p, ctx) => legacy(ctx, p.session_id, async h => {
        let re: RegExp | null = null
        if (p.wanted !== undefined && p.wanted !== '') {
          try { re = new RegExp(p.wanted) } catch { re = null }
        }
        const wanted = p.wanted
        return (await names(h, p.remote_dir !== undefined && p.remote_dir !== '' ? p.remote_dir : h.cwd))
          .filter(e => wanted === undefined || wanted === '' || (re !== null ? re.test(e.filename) : e.filename.includes(wanted)))
          .map(e => ({ filename: e.filename, longname: e.longname, size: e.attrs.size ?? 0, mtime: e.attrs.mtime ?? 0, permissions: e.attrs.mode ?? 0, is_dir: ((e.attrs.mode ?? 0) & 0o170000) === 0o040000 }))
      }),
    }),
    list_files: method({
      description: 'User Guide: the names in remote_path (default the cwd), without . and ..',
      params: Type.Object({ session_id: SessionId, remote_path: Type.Optional(Type.String()) }),
      result: Type.Object({ files: Type.Array(Type.String()) }),
      idempotent: true,
      handler: async (p, ctx) => legacy(ctx, p.session_id, async h => ({ files: (await names(h, p.remote_path !== undefined && p.remote_path !== '' ? p.remote_path : h.cwd)).map(e => e.filename) })),
    }),
    rename: method({
      description: 'Old bridge {old_name, new_name} / User Guide {old_path, new_path}: renames; overwrite replaces an existing target.',
      params: Type.Object({
        session_id: SessionId, old_name: Type.Optional(Type.String({ minLength: 1 })), new_name: Type.Optional(Type.String({ minLength: 1 })),
        old_path: Type.Optional(Type.String({ minLength: 1 })), new_path: Type.Optional(Type.String({ minLength: 1 })), overwrite: Type.Optional(Type.Union([Type.Boolean(), Type.Integer()])),
      }),
      result: Type.Object({ old_name: Type.String(), new_name: Type.String(), overwrite: Type.Boolean() }),
      handler: async (p, ctx) => {
        const from = p.old_name ?? p.old_path
        const to = p.new_name ?? p.new_path
        if (from === undefined) throw new BRIDGE_ERR_INVALID_PARAMS('params.old_name', 'is required (or old_path)')
        if (to === undefined) throw new BRIDGE_ERR_INVALID_PARAMS('params.new_name', 'is required (or new_path)')
        const overwrite = Boolean(p.overwrite)
        return legacy(ctx, p.session_id, async h => {
          const r = h.remote
          if (!overwrite) await r.rename(abs(h, from), abs(h, to))
          else if (r.has('posix-rename@openssh.com')) await r.posixRename(abs(h, from), abs(h, to))
          else { await r.unlink(abs(h, to)).catch(() => { /* absent */ }); await r.rename(abs(h, from), abs(h, to)) }
          return { old_name: from, new_name: to, overwrite }
        })
      },
    }),
    setcwd: method({
      description: 'Old bridge: changes the cwd old relative paths are joined to (checked on the server).',
      params: Type.Object({ session_id: SessionId, remote_dir: Path('remote directory') }),
      result: Type.Object({ current_dir: Type.String() }),
      handler: async (p, ctx) => legacy(ctx, p.session_id, async h => {
        const real = await h.remote.realpath(abs(h, p.remote_dir))
        const st = await h.remote.stat(real)
        if ((st.mode & 0o170000) !== 0o040000) throw new BRIDGE_ERR_INVALID_PARAMS('params.remote_dir', `${p.remote_dir} is not a directory`)
        h.cwd = real
        return { current_dir: real }
      }),
    }),
    cwd: method({
      description: 'Old bridge: the cwd.',
      params: Type.Object({ session_id: SessionId }),
      result: Type.String(),
      idempotent: true,
      handler: (p, ctx) => app.sessions.resolve<SftpHandle>(ctx.session, 'sftp', p.session_id).resource.cwd,
    }),
    error: method({
      description: 'Old bridge: the last failed call\'s message on this connection (null after a success).',
      params: Type.Object({ session_id: SessionId }),
      result: Type.Union([Type.String(), Type.Null()]),
      idempotent: true,
      handler: (p, ctx) => {
        const id = p.session_id ?? ctx.session.latest.get('sftp')
        const h = id === undefined ? undefined : app.sessions.find<SftpHandle>(ctx.session, 'sftp', id)
        return h === undefined ? 'SFTP session not found or expired' : h.lastError
      },
    }),
    disconnect: method({
      description: 'Old bridge: closes the connection (it goes back to the pool).',
      params: Type.Object({ session_id: SessionId }),
      result: Type.Object({ session_id: Type.String(), disconnected_at: Type.Number() }),
      handler: async (p, ctx) => {
        const { id } = app.sessions.resolve<SftpHandle>(ctx.session, 'sftp', p.session_id)
        await app.sessions.close(ctx.session, 'sftp', id)
        return { session_id: id, disconnected_at: Date.now() / 1000 }
      },
    }),
    mkdir: method({
      description: 'Old bridge: creates a remote directory.',
      params: Type.Object({ session_id: SessionId, remote_dir: Path('remote directory') }),
      result: Type.Object({ remote_dir: Type.String() }),
      handler: async (p, ctx) => legacy(ctx, p.session_id, async h => { await h.remote.mkdir(abs(h, p.remote_dir), {}); return { remote_dir: p.remote_dir } }),
    }),
    remove,
  }
}
