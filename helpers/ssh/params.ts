// The connect params every SSH method shares (sftp.open, openssh.connect and
// the old names), and their resolution into a pool target: client paths
// resolved, key files read, the pool key computed. Secrets stay in the target
// only; nothing here puts them in a message.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import os from 'node:os'
import { Type, type Static } from '@sinclair/typebox'
import type { Config } from '../../src/config.js'
import type { CallContext } from '../../src/registry.js'
import { BackendError } from '../../src/errors.js'
import { resolveClientPath } from '../../src/paths.js'
import type { StrictHostKeyChecking } from './known-hosts.js'

export const SshConnectParams = {
  host: Type.String({ minLength: 1, description: 'server name or address' }),
  port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'default 22' })),
  user: Type.Optional(Type.String({ minLength: 1, description: 'default: the daemon user (facades always send it)' })),
  password: Type.Optional(Type.String({ description: 'password (also answers keyboard-interactive prompts)' })),
  key_path: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }))], { description: 'private key file(s), client paths, tried in order' })),
  passphrase: Type.Optional(Type.String({ description: 'the key files\' passphrase' })),
  timeout: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'seconds: connect, and every later operation\'s inactivity' })),
  known_hosts: Type.Optional(Type.String({ minLength: 1, description: 'client path of a known_hosts file (UserKnownHostsFile): replaces the first configured one' })),
  strict_host_key_checking: Type.Optional(Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('accept-new')], { description: 'default yes' })),
}

export const SshConnectObject = Type.Object(SshConnectParams)
export type SshConnect = Static<typeof SshConnectObject>

export interface SshKeyFile { path: string, field: string, data: Buffer }

export interface SshTarget {
  host: string
  port: number
  user: string
  password?: string
  keys: SshKeyFile[]
  passphrase?: string
  /** ms; undefined: no inactivity limit after connecting (connect itself still gives up, at connectTimeoutMs) */
  timeoutMs?: number
  connectTimeoutMs: number
  knownHosts: string[]
  strict: StrictHostKeyChecking
  /** the pool key: no secret in clear (a hash of them) */
  poolKey: string
}

/** connect gives up after this long when the script set no timeout (ssh's own is the TCP one, minutes) */
const DEFAULT_CONNECT_MS = 30_000

function defaultUser (): string {
  try { return os.userInfo().username } catch { return process.env.USER ?? 'root' }
}

/**
 * Resolves a method's connect params. `prefix` and `names` say what errors call
 * the fields (an old shape's `private_key_file`, or `more` for ssh options).
 */
export async function sshTarget (p: SshConnect, ctx: CallContext, config: Config, prefix = 'params.', names: { key_path?: string, known_hosts?: string } = {}): Promise<SshTarget> {
  const paths = p.key_path === undefined ? [] : Array.isArray(p.key_path) ? p.key_path : [p.key_path]
  const keys = await Promise.all(paths.map(async (kp, i) => {
    const field = `${prefix}${names.key_path ?? 'key_path'}${Array.isArray(p.key_path) && names.key_path === undefined ? `[${i}]` : ''}`
    const abs = resolveClientPath(kp, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field })
    try {
      return { path: abs, field, data: await readFile(abs) }
    } catch (err) {
      const errno = (err as NodeJS.ErrnoException).code ?? 'EIO'
      throw new BackendError(`${field}: cannot read the key file ${kp}: ${errno}`, 'ssh_key', { field, errno, path: kp })
    }
  }))
  const knownHosts = [...config.sshKnownHosts]
  if (p.known_hosts !== undefined) {
    const kh = resolveClientPath(p.known_hosts, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field: `${prefix}${names.known_hosts ?? 'known_hosts'}` })
    if (knownHosts.length === 0) knownHosts.push(kh); else knownHosts[0] = kh
  }
  const port = p.port ?? 22
  const user = p.user ?? defaultUser()
  const strict = p.strict_host_key_checking ?? 'yes'
  const secret = createHash('sha256')
  secret.update(`password:${p.password === undefined ? '-' : Buffer.from(p.password).toString('base64')}\n`)
  for (const k of keys) secret.update(`key:${k.data.toString('base64')}\n`)
  secret.update(`passphrase:${p.passphrase === undefined ? '-' : Buffer.from(p.passphrase).toString('base64')}\n`)
  const poolKey = JSON.stringify([p.host.toLowerCase(), port, user, secret.digest('hex'), strict, knownHosts])
  const timeoutMs = p.timeout !== undefined ? Math.ceil(p.timeout * 1000) : undefined
  return {
    host: p.host, port, user, keys, knownHosts, strict, poolKey, timeoutMs,
    connectTimeoutMs: timeoutMs ?? DEFAULT_CONNECT_MS,
    ...(p.password !== undefined ? { password: p.password } : {}),
    ...(p.passphrase !== undefined ? { passphrase: p.passphrase } : {}),
  }
}
