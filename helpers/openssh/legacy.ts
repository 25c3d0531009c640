// The old bridge's `openssh.*` calls with their shapes (python openssh.py,
// OpenSSHHelper.pm 1.x): `new` never fails but stores the error for
// `get_error`, `scp_put` answers true/false, `disconnect` is always true.
// They run on the same pool; the handle kind is its own because a failed
// `new` still hands out a connection_id.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method } from '../../src/registry.js'
import { BridgeError } from '../../src/errors.js'
import { resolveClientPath } from '../../src/paths.js'
import { sshTarget, type SshLease } from '../ssh/index.js'
import { Remote } from '../sftp/remote.js'
import { upload } from '../sftp/transfer.js'

interface LegacyConn { lease: SshLease | null, error: string | null, broken: boolean }

const KIND = 'openssh_legacy'
const NullableString = Type.Optional(Type.Union([Type.String(), Type.Null()]))

/** The old helper's texts: scripts grep them ("Key file not found", "Authentication failed"). */
function legacyText (err: unknown): string {
  if (!(err instanceof BridgeError)) return `Failed to create SSH connection: ${(err as Error).message}`
  const code = err.extra.backend_code
  if (code === 'ssh_key' && err.extra.errno === 'ENOENT') return `Key file not found: ${String(err.extra.path)}`
  if (code === 'ssh_auth') return `Authentication failed: ${err.message}`
  if (code === 'ssh_connect' || code === 'ssh_timeout') return `Connection failed: ${err.message}`
  return `SSH error: ${err.message}`
}

export function legacyMethods (app: FastifyInstance, config: Config) {
  const find = (ctx: Parameters<Parameters<typeof method>[0]['handler']>[1], id: string): LegacyConn | undefined =>
    app.sessions.find<LegacyConn>(ctx.session, KIND, id)
  return {
    new: method({
      description: 'Old OpenSSHHelper: connects; never fails, the error is kept for get_error. Result {connection_id, connected}.',
      params: Type.Object({
        host: Type.String({ minLength: 1 }),
        user: Type.String({ minLength: 1 }),
        port: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 65535 }), Type.Null()])),
        timeout: Type.Optional(Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()])),
        password: NullableString,
        key_path: NullableString,
      }),
      result: Type.Object({ connection_id: Type.String(), connected: Type.Boolean() }),
      handler: async (p, ctx) => {
        let lease: SshLease | null = null
        let error: string | null = null
        const hasKey = typeof p.key_path === 'string' && p.key_path !== '' && p.key_path !== '0'
        if (!hasKey && (p.password === undefined || p.password === null || p.password === '')) {
          error = 'No authentication method provided (password or key_path required)'
        } else {
          try {
            lease = await app.ssh.acquire(await sshTarget({
              host: p.host, user: p.user, port: p.port ?? 22, timeout: p.timeout ?? 30,
              ...(hasKey ? { key_path: p.key_path as string } : { password: p.password as string }),
            }, ctx, config))
          } catch (err) {
            error = legacyText(err)
          }
        }
        const id = app.sessions.create<LegacyConn>(ctx.session, KIND, { lease, error, broken: false }, c => { c.lease?.release(!c.broken) })
        return { connection_id: id, connected: lease !== null }
      },
    }),
    get_error: method({
      description: 'Old OpenSSHHelper: the last error of a connection, or null.',
      params: Type.Object({ connection_id: Type.String({ minLength: 1 }) }),
      result: Type.Union([Type.String(), Type.Null()]),
      idempotent: true,
      handler: (p, ctx) => app.sessions.get<LegacyConn>(ctx.session, KIND, p.connection_id).error,
    }),
    scp_put: method({
      description: 'Old OpenSSHHelper: uploads one file over the connection\'s SFTP channel (temporary name, size check, rename); true or false, the reason in get_error.',
      params: Type.Object({
        connection_id: Type.String({ minLength: 1 }),
        local_file: Type.String({ minLength: 1 }),
        remote_file: Type.String({ minLength: 1 }),
        options: Type.Optional(Type.Union([Type.Object({
          perm: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 0o7777 }), Type.String({ pattern: '^[0-7]{1,4}$' })])),
          umask: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String()])),
        }), Type.Null()])),
      }),
      result: Type.Boolean(),
      handler: async (p, ctx) => {
        const c = app.sessions.get<LegacyConn>(ctx.session, KIND, p.connection_id)
        if (c.lease === null) { c.error = 'Not connected to remote host'; return false }
        let local: string
        try {
          local = resolveClientPath(p.local_file, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field: 'params.local_file' })
        } catch (err) { c.error = `Upload failed: ${(err as Error).message}`; return false }
        const perm = p.options?.perm
        let remote: Remote | null = null
        try {
          // the sftp module's upload: temporary name, size check, rename; never a partial file under the final name
          remote = new Remote(c.lease, await c.lease.sftp(), '')
          await upload(remote, local, p.remote_file, {
            overwrite: true, resume: false, append: false, copyPerm: false, copyTime: false,
            ...(perm !== undefined ? { perm: typeof perm === 'string' ? parseInt(perm, 8) : perm } : {}),
          }, () => undefined)
        } catch (err) {
          const d = err instanceof BridgeError ? err.extra : {}
          if (d.backend_code === 'sftp_local' && d.errno === 'ENOENT' && d.path === local) c.error = `Local file not found: ${p.local_file}`
          else c.error = `Upload failed: ${(err as Error).message}`
          if (remote?.broken === true || !c.lease.alive()) c.broken = true
          return false
        } finally {
          remote?.dispose()
        }
        c.error = null
        return true
      },
    }),
    disconnect: method({
      description: 'Old OpenSSHHelper: closes a connection; true even when it was already gone.',
      params: Type.Object({ connection_id: Type.String({ minLength: 1 }) }),
      result: Type.Boolean(),
      handler: async (p, ctx) => {
        if (find(ctx, p.connection_id) !== undefined) await app.sessions.close(ctx.session, KIND, p.connection_id)
        return true
      },
    }),
    cleanup_connection: method({
      description: 'Old OpenSSHHelper: the same as disconnect.',
      params: Type.Object({ connection_id: Type.String({ minLength: 1 }) }),
      result: Type.Boolean(),
      handler: async (p, ctx) => {
        if (find(ctx, p.connection_id) !== undefined) await app.sessions.close(ctx.session, KIND, p.connection_id)
        return true
      },
    }),
  }
}
