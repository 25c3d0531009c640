// The old bridge's ftp_helper.* calls with their old shapes (its FTPHelper.pm
// sent them; scripts that called call_python('ftp_helper', ...) still do):
// connection_id instead of ftp_id, binary transfers by default, `message` the
// last reply, failures as errors (the old {success: 0, error} results).
import path from 'node:path'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method, type CallContext } from '../../src/registry.js'
import { resolveClientPath } from '../../src/paths.js'
import { BackendError, BridgeError } from '../../src/errors.js'
import type { FtpConnection, Reply } from './connection.js'
import { KIND, command, connectionOf, getFile, listing, login, openConnection, putFrom } from './methods.js'

interface OldState { host: string, state: 'connected' | 'logged_in', binary: boolean, last: string, created: number, lastUsed: number, session: string }

const line = (r: Reply): string => `${r.code} ${r.message.join('').trim()}`

export function legacyMethods (app: FastifyInstance, config: Config) {
  const states = new WeakMap<FtpConnection, OldState>()
  const open = new Map<string, FtpConnection>()
  const conn = (ctx: CallContext, id: string): { c: FtpConnection, s: OldState } => {
    const c = connectionOf(app, ctx, id)
    const s = states.get(c)
    if (s === undefined) throw new BackendError(`Invalid connection ID: ${id}`, 'ftp_handle', {})
    s.lastUsed = Date.now()
    return { c, s }
  }
  /** Runs an FTP step, keeping the reply (or the failure's) as the connection's last message. */
  const step = async <T>(s: OldState, what: string, job: () => Promise<T & { reply?: Reply }>): Promise<T> => {
    try {
      const r = await job()
      if (r.reply !== undefined) s.last = line(r.reply)
      return r
    } catch (err) {
      if (err instanceof BridgeError) {
        const code = err.extra.ftp_code
        const msg = err.extra.ftp_message
        if (typeof code === 'number' && Array.isArray(msg)) s.last = `${code} ${msg.join('').trim()}`
        throw new BackendError(`${what}: ${s.last !== '' ? s.last : err.message}`, (err.extra.backend_code as string | null) ?? null, err.extra, err)
      }
      throw err
    }
  }
  const local = (ctx: CallContext, p: string, field: string): string => resolveClientPath(p, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field })
  const Id = Type.String({ minLength: 1 })
  const Done = Type.Object({ success: Type.Boolean(), message: Type.Optional(Type.String()) })

  return {
    new: method({
      description: 'Old FTPHelper: connects (host or host:port; port 21 by default) and returns {connection_id}.',
      params: Type.Object({ host: Type.String({ minLength: 1 }), port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })), debug: Type.Optional(Type.Unknown()), timeout: Type.Optional(Type.Number({ exclusiveMinimum: 0 })) }),
      result: Type.Object({ success: Type.Boolean(), connection_id: Type.String() }),
      handler: async (p, ctx) => {
        const m = /^(.*?)(?::(\d+))?$/.exec(p.host)
        const host = m?.[2] !== undefined && !m[1].includes(':') ? m[1] : p.host
        const port = p.port ?? (m?.[2] !== undefined && !m[1].includes(':') ? Number(m[2]) : 21)
        let opened
        try {
          opened = await openConnection(app, config, ctx, { host, port, timeout: p.timeout ?? 60 })
        } catch (err) {
          throw new BackendError(`Connection failed: ${(err as Error).message}`, err instanceof BridgeError ? (err.extra.backend_code as string | null) ?? null : null, err instanceof BridgeError ? err.extra : {}, err)
        }
        const now = Date.now()
        states.set(opened.conn, { host: p.host, state: 'connected', binary: true, last: line(opened.welcome), created: now, lastUsed: now, session: ctx.session.id })
        open.set(opened.id, opened.conn)
        for (const [id, c] of open) if (c.isClosed) open.delete(id)
        return { success: true, connection_id: opened.id }
      },
    }),
    login: method({
      description: 'Old FTPHelper: USER/PASS.',
      params: Type.Object({ connection_id: Id, user: Type.String({ minLength: 1, pattern: '^[^\\r\\n]*$' }), password: Type.String({ pattern: '^[^\\r\\n]*$' }) }),
      result: Done,
      handler: async (p, ctx) => {
        const { c, s } = conn(ctx, p.connection_id)
        await step(s, 'Login failed', async () => ({ reply: await login(c, p.user, p.password) }))
        s.state = 'logged_in'
        return { success: true, message: s.last }
      },
    }),
    cwd: method({
      description: 'Old FTPHelper: CWD.',
      params: Type.Object({ connection_id: Id, directory: Type.String({ minLength: 1, pattern: '^[^\\r\\n]*$' }) }),
      result: Done,
      handler: async (p, ctx) => {
        const { c, s } = conn(ctx, p.connection_id)
        await step(s, 'CWD failed', async () => ({ reply: await command(c, p.directory === '..' ? 'CDUP' : `CWD ${p.directory}`) }))
        return { success: true, message: s.last }
      },
    }),
    pwd: method({
      description: 'Old FTPHelper: PWD, as {directory}.',
      params: Type.Object({ connection_id: Id }),
      result: Type.Object({ success: Type.Boolean(), directory: Type.String(), message: Type.String() }),
      handler: async (p, ctx) => {
        const { c, s } = conn(ctx, p.connection_id)
        const { reply } = await step(s, 'PWD failed', async () => ({ reply: await command(c, 'PWD') }))
        const m = /"((?:[^"]|"")*)"/.exec(reply.message.join(''))
        return { success: true, directory: m === null ? '' : m[1].replace(/""/g, '"'), message: s.last }
      },
    }),
    dir: method({
      description: 'Old FTPHelper: LIST, as {listing: [lines]}.',
      params: Type.Object({ connection_id: Id, path: Type.Optional(Type.String({ pattern: '^[^\\r\\n]*$' })) }),
      result: Type.Object({ success: Type.Boolean(), listing: Type.Array(Type.String()), message: Type.String() }),
      handler: async (p, ctx) => {
        const { c, s } = conn(ctx, p.connection_id)
        const r = await step(s, 'DIR error', async () => await listing(c, 'LIST', p.path))
        const lines = r.data.toString('utf8').split(/\r?\n/).filter(l => l !== '')
        return { success: true, listing: lines, message: s.last }
      },
    }),
    binary: method({
      description: 'Old FTPHelper: TYPE I (the old default).',
      params: Type.Object({ connection_id: Id }),
      result: Done,
      handler: async (p, ctx) => {
        const { c, s } = conn(ctx, p.connection_id)
        await step(s, 'Binary mode error', async () => ({ reply: await command(c, 'TYPE I') }))
        s.binary = true
        return { success: true, message: s.last }
      },
    }),
    ascii: method({
      description: 'Old FTPHelper: TYPE A (transfers convert line endings).',
      params: Type.Object({ connection_id: Id }),
      result: Done,
      handler: async (p, ctx) => {
        const { c, s } = conn(ctx, p.connection_id)
        await step(s, 'ASCII mode error', async () => ({ reply: await command(c, 'TYPE A') }))
        s.binary = false
        return { success: true, message: s.last }
      },
    }),
    get: method({
      description: 'Old FTPHelper: RETR to local_file (default: the remote base name), no partial file left on failure.',
      params: Type.Object({ connection_id: Id, remote_file: Type.String({ minLength: 1, pattern: '^[^\\r\\n]*$' }), local_file: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])) }),
      result: Type.Object({ success: Type.Boolean(), message: Type.String(), local_file: Type.String() }),
      handler: async (p, ctx) => {
        const { c, s } = conn(ctx, p.connection_id)
        const name = p.local_file ?? path.posix.basename(p.remote_file)
        const file = local(ctx, name, 'params.local_file')
        await step(s, 'Download failed', async () => await getFile(c, file, { remote: p.remote_file, local: name, type: s.binary ? 'I' : 'A' }))
        return { success: true, message: s.last, local_file: name }
      },
    }),
    put: method({
      description: 'Old FTPHelper: STOR from local_file to remote_file (default: the local base name).',
      params: Type.Object({ connection_id: Id, local_file: Type.String({ minLength: 1 }), remote_file: Type.Optional(Type.Union([Type.String({ minLength: 1, pattern: '^[^\\r\\n]*$' }), Type.Null()])) }),
      result: Type.Object({ success: Type.Boolean(), message: Type.String(), remote_file: Type.String() }),
      handler: async (p, ctx) => {
        const { c, s } = conn(ctx, p.connection_id)
        const remote = p.remote_file ?? path.basename(p.local_file)
        const file = local(ctx, p.local_file, 'params.local_file')
        await step(s, 'Upload failed', async () => await putFrom(c, { file }, { remote, command: 'STOR', type: s.binary ? 'I' : 'A' }))
        return { success: true, message: s.last, remote_file: remote }
      },
    }),
    delete: method({
      description: 'Old FTPHelper: DELE.',
      params: Type.Object({ connection_id: Id, remote_file: Type.String({ minLength: 1, pattern: '^[^\\r\\n]*$' }) }),
      result: Done,
      handler: async (p, ctx) => {
        const { c, s } = conn(ctx, p.connection_id)
        await step(s, 'Delete failed', async () => ({ reply: await command(c, `DELE ${p.remote_file}`) }))
        return { success: true, message: s.last }
      },
    }),
    rename: method({
      description: 'Old FTPHelper: RNFR/RNTO.',
      params: Type.Object({ connection_id: Id, old_name: Type.String({ minLength: 1, pattern: '^[^\\r\\n]*$' }), new_name: Type.String({ minLength: 1, pattern: '^[^\\r\\n]*$' }) }),
      result: Done,
      handler: async (p, ctx) => {
        const { c, s } = conn(ctx, p.connection_id)
        await step(s, 'Rename failed', async () => ({ reply: await command(c, `RNFR ${p.old_name}`) }))
        await step(s, 'Rename failed', async () => ({ reply: await command(c, `RNTO ${p.new_name}`) }))
        return { success: true, message: s.last }
      },
    }),
    message: method({
      description: 'Old FTPHelper: the last server reply ("ddd text"), or an error\'s.',
      params: Type.Object({ connection_id: Id }),
      result: Type.Object({ success: Type.Boolean(), message: Type.String() }),
      idempotent: true,
      handler: (p, ctx) => ({ success: true, message: conn(ctx, p.connection_id).s.last }),
    }),
    quit: method({
      description: 'Old FTPHelper: QUIT and close; succeeds for an unknown or closed connection too.',
      params: Type.Object({ connection_id: Id }),
      result: Type.Object({ success: Type.Boolean() }),
      idempotent: true,
      handler: async (p, ctx) => {
        let c: FtpConnection
        try { c = connectionOf(app, ctx, p.connection_id) } catch { return { success: true } }
        await c.serial(async () => await c.quit())
        await app.sessions.close(ctx.session, KIND, p.connection_id)
        open.delete(p.connection_id)
        return { success: true }
      },
    }),
    get_connection_info: method({
      description: 'Old FTPHelper: facts about one connection (no credentials).',
      params: Type.Object({ connection_id: Id }),
      result: Type.Record(Type.String(), Type.Unknown()),
      idempotent: true,
      handler: (p, ctx) => {
        const { s } = conn(ctx, p.connection_id)
        const now = Date.now()
        return { success: true, connection_id: p.connection_id, host: s.host, state: s.state, transfer_mode: s.binary ? 'binary' : 'ascii', created_at: s.created / 1000, last_used: s.lastUsed / 1000, age: (now - s.created) / 1000, idle_time: (now - s.lastUsed) / 1000 }
      },
    }),
    get_pool_stats: method({
      description: "Old FTPHelper: this session's open old-style connections.",
      params: Type.Object({}),
      result: Type.Record(Type.String(), Type.Unknown()),
      idempotent: true,
      handler: (_p, ctx) => {
        const mine = [...open.entries()].filter(([, c]) => !c.isClosed && states.get(c)?.session === ctx.session.id)
        return {
          success: true,
          total_connections: mine.length,
          connected: mine.filter(([, c]) => states.get(c)?.state === 'connected').length,
          logged_in: mine.filter(([, c]) => states.get(c)?.state === 'logged_in').length,
          connection_ids: mine.map(([id]) => id),
        }
      },
    }),
    cleanup_stale_connections: method({
      description: 'Old FTPHelper: idle connections are reaped by the session table (CPAN_BRIDGE_HANDLE_TTL); this reports 0 removed.',
      params: Type.Object({}),
      result: Type.Object({ success: Type.Boolean(), removed: Type.Integer() }),
      handler: () => ({ success: true, removed: 0 }),
    }),
  }
}
