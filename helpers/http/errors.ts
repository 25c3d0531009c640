// Transport failures in LWP's words. A failed connect, a timeout or a lost
// connection is not an RPC error: http.request answers with it as `error`
// ({kind, message}) and the facade builds LWP's internal 500 response from
// the message, so the wording is what LWP::UserAgent 6.x (IO::Socket::IP,
// IO::Socket::SSL, Net::HTTP) puts in its status line. The table in the
// protocol notes was taken by running the real module against the test server.

export type ErrorKind = 'connect' | 'timeout' | 'tls' | 'reset' | 'dns' | 'protocol' | 'truncated' | 'file'

export interface TransportError { kind: ErrorKind, message: string }

/** where the request was when it failed: before the response head (a 500 of its own) or inside the body (the response kept, X-Died added) */
export type Phase = 'connect' | 'head' | 'body'

interface ErrLike { code?: unknown, message?: unknown, cause?: unknown }

const codeOf = (e: ErrLike): string => typeof e.code === 'string' ? e.code : ''

/** errno text as perl's $! words it (strerror) */
const STRERROR: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ETIMEDOUT: 'Connection timed out',
  EPIPE: 'Broken pipe',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ENOTFOUND: 'Name or service not known',
  EAI_AGAIN: 'Temporary failure in name resolution',
  EAI_FAIL: 'Non-recoverable failure in name resolution',
}

const TLS_VERIFY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE', 'INVALID_CA', 'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH',
])

/** the innermost error with a code: undici wraps socket errors in its own */
function rootOf (err: unknown): ErrLike {
  let e = (err ?? {}) as ErrLike
  for (let i = 0; i < 5 && codeOf(e).startsWith('UND_ERR') && e.cause !== undefined && e.cause !== null; i++) e = e.cause as ErrLike
  return e
}

/**
 * `err` from undici or the socket, as LWP reports it. `where` is host:port as
 * the script named them (LWP's "Can't connect to HOST:PORT"; the proxy's when
 * one is used).
 */
export function lwpError (err: unknown, phase: Phase, where: string): TransportError {
  const outer = (err ?? {}) as ErrLike
  const e = rootOf(err)
  const code = codeOf(e)
  const outerCode = codeOf(outer)
  const text = typeof e.message === 'string' ? e.message : String(err)
  // the pool closed under the request: the daemon is stopping
  if (outerCode === 'UND_ERR_DESTROYED' || code === 'UND_ERR_DESTROYED' || outerCode === 'UND_ERR_CLOSED') return { kind: 'protocol', message: 'the bridge daemon is shutting down' }
  if (code === 'CB_TUNNEL_FAILED') return { kind: (e as { kind?: ErrorKind }).kind ?? 'connect', message: text }
  if (outerCode === 'UND_ERR_HEADERS_TIMEOUT' || outerCode === 'UND_ERR_BODY_TIMEOUT' || code === 'CB_READ_TIMEOUT') return { kind: 'timeout', message: 'read timeout' }
  if (outerCode === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'CB_CONNECT_TIMEOUT') {
    // IO::Socket::SSL timing out in the handshake leaves LWP no reason to quote (checked: a server that accepts
    // and never speaks TLS gives "Can't connect to 127.0.0.1:18999")
    if ((e as { tls?: unknown }).tls === true) return { kind: 'timeout', message: `Can't connect to ${where}` }
    return { kind: 'timeout', message: `Can't connect to ${where} (Connection timed out)` }
  }
  if (code === 'ENOTFOUND' || code.startsWith('EAI_')) return { kind: 'dns', message: `Can't connect to ${where} (${STRERROR[code] ?? 'Name or service not known'})` }
  if (TLS_VERIFY.has(code)) {
    // IO::Socket::SSL fails a name mismatch as a failed verification too
    return { kind: 'tls', message: `Can't connect to ${where} (certificate verify failed)` }
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /SSL routines|handshake/i.test(text)) {
    return { kind: 'tls', message: `Can't connect to ${where} (SSL connect attempt failed ${text.replace(/\s+/g, ' ').trim()})` }
  }
  if (phase === 'connect') {
    return { kind: code === 'ECONNRESET' ? 'reset' : 'connect', message: `Can't connect to ${where} (${STRERROR[code] ?? text})` }
  }
  if (phase === 'head') {
    // the connection ended before a status line: Net::HTTP's words
    if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || outerCode === 'UND_ERR_SOCKET') {
      return { kind: 'reset', message: 'Server closed connection without sending any data back' }
    }
    return { kind: 'protocol', message: text }
  }
  // phase body: LWP keeps the response and records the failure in X-Died
  if (outerCode === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || code === 'UND_ERR_SOCKET' || outerCode === 'UND_ERR_SOCKET') {
    return { kind: 'truncated', message: 'truncated' }
  }
  if (code === 'ECONNRESET') return { kind: 'reset', message: `read failed: ${STRERROR.ECONNRESET}` }
  return { kind: 'protocol', message: text }
}

/** errno as perl's $! words it, for content_file failures ("Can't write to 'x': No such file or directory") */
const FILE_ERRNO: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  EDQUOT: 'Disk quota exceeded',
  ENAMETOOLONG: 'File name too long',
  EMFILE: 'Too many open files',
}

/** LWP's die text when it cannot write a :content_file (it lands in X-Died with Client-Aborted: die) */
export function fileError (given: string, err: unknown): TransportError {
  return { kind: 'file', message: `Can't write to '${given}': ${perlErrno(err)}` }
}

/** a file error's errno in $!'s words */
export function perlErrno (err: unknown): string {
  const e = err as NodeJS.ErrnoException
  return FILE_ERRNO[e.code ?? ''] ?? e.message
}
