// The one list of bridge errors. Every error the daemon sends, from dispatch,
// a helper, an HTTP-level rejection or the auth check, has a `data.type` from
// ERROR_CODES and that type's code; openapi.yaml's enum is built from it. The
// Perl side maps types to CPAN conventions and reads facts from `data` fields,
// never from the message text.

/** Each error type and its JSON-RPC code: the reserved ones, then the -32000 application range. */
export const ERROR_CODES = {
  parse_error: -32700,
  invalid_request: -32600,
  method_not_found: -32601,
  invalid_params: -32602,
  internal_error: -32603,
  handle_not_found: -32001,
  handle_not_owned: -32002,
  backend_error: -32003,
  timeout: -32004,
  rate_limited: -32005,
  path_forbidden: -32006,
  payload_too_large: -32007,
  shutting_down: -32008,
  too_many_connections: -32009,
  auth_failure: -32010,
  /** not a failure: the end of the User Guide's `database.fetch_row` loop */
  no_more_rows: -32030,
} as const

export type ErrorType = keyof typeof ERROR_CODES

/** Error types that are the daemon's own failure; every other type is the caller's mistake (or, no_more_rows, no failure). */
const DAEMON_FAILURES = new Set<string>(['internal_error', 'timeout', 'shutting_down', 'too_many_connections'])
/** Driver codes of a database the daemon cannot reach or lost (mysql/MariaDB client errors; the pool's own). */
const UNREACHABLE_CODES = new Set<unknown>([2002, 2003, 2005, 2006, 2013, 'pool_exhausted', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH'])

/**
 * Whether a failed call is the daemon's failure (health judges those): its
 * own errors, and a backend it cannot reach (SQLSTATE class 08, a lost or
 * refused connection, an exhausted pool). Bad SQL, an unknown method or
 * invalid params are the caller's.
 */
export function isDaemonFailure (type: string, data?: Record<string, unknown>): boolean {
  if (DAEMON_FAILURES.has(type)) return true
  if (type !== 'backend_error' || data === undefined) return false
  const code = data.backend_code
  // the server's own SQLSTATE first: a refused login (28P01) comes with DBD::Pg's connect state 08006
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith('08')
  if (UNREACHABLE_CODES.has(code) || UNREACHABLE_CODES.has(data.err)) return true
  return typeof data.state === 'string' && data.state.startsWith('08')
}

export const errorTypes = Object.keys(ERROR_CODES) as ErrorType[]

export interface BridgeErrorData {
  type: ErrorType
  [extra: string]: unknown
}

export interface RpcErrorObject { code: number, message: string, data: BridgeErrorData }

/** The wire form of an error of `type`; the only place a code is paired with a type. */
export function rpcError (type: ErrorType, message: string, extra: Record<string, unknown> = {}): RpcErrorObject {
  return { code: ERROR_CODES[type], message, data: { ...extra, type } }
}

export class BridgeError extends Error {
  readonly type: ErrorType
  readonly extra: Record<string, unknown>
  constructor (type: ErrorType, message: string, extra: Record<string, unknown> = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause })
    this.name = 'BridgeError'
    this.type = type
    this.extra = extra
  }

  get code (): number { return ERROR_CODES[this.type] }

  get data (): BridgeErrorData {
    return { ...this.extra, type: this.type }
  }

  toRpc (): RpcErrorObject { return rpcError(this.type, this.message, this.extra) }
}

type Ctor<A extends unknown[]> = new (...args: A) => BridgeError

function define<A extends unknown[]> (type: ErrorType, message: (...args: A) => string, extra?: (...args: A) => Record<string, unknown>): Ctor<A> & { type: ErrorType } {
  return class extends BridgeError {
    static readonly type = type
    constructor (...args: A) {
      super(type, message(...args), extra ? extra(...args) : {})
    }
  }
}

export const BRIDGE_ERR_INVALID_PARAMS = define('invalid_params',
  (field: string, reason: string) => `invalid params: ${field}: ${reason}`, (field: string) => ({ field }))
export const BRIDGE_ERR_HANDLE_NOT_FOUND = define('handle_not_found',
  (kind: string, id: string) => `${kind} handle not found: ${id}`, (kind: string) => ({ kind }))
export const BRIDGE_ERR_HANDLE_NOT_OWNED = define('handle_not_owned',
  (kind: string, id: string) => `${kind} handle ${id} belongs to another session`, (kind: string) => ({ kind }))
export const BRIDGE_ERR_TIMEOUT = define('timeout',
  (what: string, ms: number) => `${what} timed out after ${ms} ms`, (_what: string, ms: number) => ({ ms }))
export const BRIDGE_ERR_RATE_LIMITED = define('rate_limited',
  (limit: number) => `rate limit exceeded: ${limit} requests per minute for this session`, (limit: number) => ({ limit }))
export const BRIDGE_ERR_PATH_FORBIDDEN = define('path_forbidden',
  (path: string) => `path is outside the allowed roots: ${path}`)
export const BRIDGE_ERR_PAYLOAD_TOO_LARGE = define('payload_too_large',
  (what: string, limit: number) => `${what} exceeds the limit of ${limit}`, (_what: string, limit: number) => ({ limit }))
export const BRIDGE_ERR_SHUTTING_DOWN = define('shutting_down',
  () => 'the daemon is shutting down')
export const BRIDGE_ERR_TOO_MANY_CONNECTIONS = define('too_many_connections',
  (limit: number) => `too many sessions: the limit is ${limit}`, (limit: number) => ({ limit }))
export const BRIDGE_ERR_NO_MORE_ROWS = define('no_more_rows',
  () => 'no more rows')

/**
 * A backend (driver, server, library) failed. Keeps the backend's own code
 * (SQLSTATE, ORA-nnnnn, errno, SFTP status) so facades can set err/state.
 */
export class BackendError extends BridgeError {
  constructor (message: string, backendCode: string | number | null, extra: Record<string, unknown> = {}, cause?: unknown) {
    super('backend_error', message, { backend_code: backendCode, ...extra }, cause)
  }
}

/** The error type of a framework-level HTTP rejection (oversized body, rate limit, bad content type, auth). */
export function typeOfHttpStatus (status: number): ErrorType {
  if (status === 401) return 'auth_failure'
  if (status === 413) return 'payload_too_large'
  if (status === 429) return 'rate_limited'
  if (status >= 500) return 'internal_error'
  return 'invalid_request'
}
