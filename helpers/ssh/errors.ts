// What a failed SSH connect or a lost connection means for the caller, as
// BackendError codes (the protocol's ssh_*). Messages name the host, port and
// user, never a password or passphrase.
import { BackendError } from '../../src/errors.js'
import type { SshTarget } from './params.js'

const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EADDRNOTAVAIL', 'EPIPE'])

function where (t: SshTarget): string { return `${t.user}@${t.host}:${t.port}` }

/** Maps an ssh2 connect error; `tried` lists the auth methods attempted. */
export function connectError (err: unknown, t: SshTarget, tried: readonly string[]): BackendError {
  if (err instanceof BackendError) return err
  const e = err as Error & { level?: string, code?: string }
  const errno = typeof e.code === 'string' ? e.code : undefined
  if (e.level === 'client-timeout' || errno === 'ETIMEDOUT') {
    return new BackendError(`ssh: connecting to ${where(t)} timed out after ${t.connectTimeoutMs / 1000} s`, 'ssh_timeout', { host: t.host, port: t.port })
  }
  if (e.level === 'client-authentication') {
    const methods = tried.length > 0 ? tried.join(', ') : 'none'
    return new BackendError(`ssh: authentication failed for user ${t.user} at ${t.host}:${t.port} (methods tried: ${methods})`, 'ssh_auth', { host: t.host, port: t.port, user: t.user, methods: [...tried] })
  }
  if (e.level === 'client-dns' || (errno !== undefined && UNREACHABLE.has(errno))) {
    return new BackendError(`ssh: cannot connect to ${t.host}:${t.port}: ${errno ?? e.message}`, 'ssh_connect', { host: t.host, port: t.port, errno: errno ?? null })
  }
  if (e.level === 'client-socket' || e.level === 'protocol' || e.level === 'handshake') {
    return new BackendError(`ssh: connection to ${t.host}:${t.port} failed: ${e.message}`, 'ssh_connect', { host: t.host, port: t.port, errno: errno ?? null })
  }
  return new BackendError(`ssh: connecting to ${where(t)} failed: ${e.message}`, 'ssh_connect', { host: t.host, port: t.port, errno: errno ?? null })
}

export function disconnectedError (what: string, t: { host: string, port: number }): BackendError {
  return new BackendError(`ssh: the connection to ${t.host}:${t.port} was lost during ${what}`, 'ssh_disconnected', { host: t.host, port: t.port })
}

export function timeoutError (what: string, ms: number, t: { host: string, port: number }): BackendError {
  return new BackendError(`ssh: ${what} on ${t.host}:${t.port} made no progress for ${ms / 1000} s`, 'ssh_timeout', { host: t.host, port: t.port, ms })
}
