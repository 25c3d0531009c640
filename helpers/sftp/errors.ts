// SFTP failures as the protocol's codes: a server status (sftp_status with
// OpenSSH's status text), a local file error (sftp_local) and a size check
// (sftp_size_mismatch). A lost connection is ssh_disconnected.
import { BackendError, BridgeError } from '../../src/errors.js'
import { disconnectedError } from '../ssh/errors.js'

/** OpenSSH's texts for SSH2_FX_* (sftp-common.c fx2txt), as Net::SFTP::Foreign reports them. */
export const STATUS_TEXT: Record<number, string> = {
  0: 'No error', 1: 'End of file', 2: 'No such file', 3: 'Permission denied', 4: 'Failure', 5: 'Bad message',
  6: 'No connection', 7: 'Connection lost', 8: 'Operation unsupported',
}

export interface Peer { host: string, port: number }

/** An error from an ssh2 SFTP callback: a status (numeric code) or the channel going away. */
export function remoteError (err: unknown, what: string, path: string | null, peer: Peer): BridgeError {
  if (err instanceof BridgeError) return err
  const e = err as Error & { code?: unknown }
  if (typeof e.code === 'number') {
    const status = e.code
    const text = STATUS_TEXT[status] ?? 'Unknown status'
    const msg = e.message !== '' ? e.message : text
    return new BackendError(`${what}${path !== null ? ` ${JSON.stringify(path)}` : ''} failed: ${msg}`, 'sftp_status', { status, status_text: text, message: msg, ...(path !== null ? { path } : {}) })
  }
  return disconnectedError(what, peer)
}

export function localError (err: unknown, what: string, path: string): BackendError {
  const errno = (err as NodeJS.ErrnoException).code ?? 'EIO'
  return new BackendError(`${what} ${JSON.stringify(path)} failed: ${errno}`, 'sftp_local', { errno, path })
}

export function sizeMismatch (what: string, expected: number, got: number): BackendError {
  return new BackendError(`${what}: size check failed: expected ${expected} bytes, got ${got}`, 'sftp_size_mismatch', { expected, got })
}
