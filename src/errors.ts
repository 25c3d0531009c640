// The one list of bridge errors. Each surfaces on the wire as a JSON-RPC error
// whose `data.type` is stable; the Perl side maps types to CPAN conventions.

/** JSON-RPC 2.0 reserved codes. */
export const RpcCode = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
} as const

export interface BridgeErrorData {
  type: string
  [extra: string]: unknown
}

export class BridgeError extends Error {
  readonly code: number
  readonly type: string
  readonly extra: Record<string, unknown>
  constructor (message: string, code: number, type: string, extra: Record<string, unknown> = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause })
    this.name = 'BridgeError'
    this.code = code
    this.type = type
    this.extra = extra
  }

  get data (): BridgeErrorData {
    return { type: this.type, ...this.extra }
  }
}

type Ctor<A extends unknown[]> = new (...args: A) => BridgeError

function define<A extends unknown[]> (type: string, code: number, message: (...args: A) => string, extra?: (...args: A) => Record<string, unknown>): Ctor<A> & { type: string, code: number } {
  const C = class extends BridgeError {
    static readonly type = type
    static readonly code = code
    constructor (...args: A) {
      super(message(...args), code, type, extra ? extra(...args) : {})
    }
  }
  return C
}

/** Application errors, the -32000 range. */
export const BRIDGE_ERR_INVALID_PARAMS = define('invalid_params', RpcCode.INVALID_PARAMS,
  (field: string, reason: string) => `invalid params: ${field}: ${reason}`, (field: string) => ({ field }))
export const BRIDGE_ERR_HANDLE_NOT_FOUND = define('handle_not_found', -32001,
  (kind: string, id: string) => `${kind} handle not found: ${id}`, (kind: string) => ({ kind }))
export const BRIDGE_ERR_HANDLE_NOT_OWNED = define('handle_not_owned', -32002,
  (kind: string, id: string) => `${kind} handle ${id} belongs to another session`, (kind: string) => ({ kind }))
export const BRIDGE_ERR_TIMEOUT = define('timeout', -32004,
  (what: string, ms: number) => `${what} timed out after ${ms} ms`)
export const BRIDGE_ERR_RATE_LIMITED = define('rate_limited', -32005,
  (limit: number) => `rate limit exceeded: ${limit} requests per minute for this session`)
export const BRIDGE_ERR_PATH_FORBIDDEN = define('path_forbidden', -32006,
  (path: string) => `path is outside the allowed roots: ${path}`)
export const BRIDGE_ERR_PAYLOAD_TOO_LARGE = define('payload_too_large', -32007,
  (what: string, limit: number) => `${what} exceeds the limit of ${limit}`)
export const BRIDGE_ERR_SHUTTING_DOWN = define('shutting_down', -32008,
  () => 'the daemon is shutting down')
export const BRIDGE_ERR_TOO_MANY_CONNECTIONS = define('too_many_connections', -32009,
  (limit: number) => `too many sessions: the limit is ${limit}`)

/**
 * A backend (driver, server, library) failed. Keeps the backend's own code
 * (SQLSTATE, ORA-nnnnn, errno, SFTP status) so facades can set err/state.
 */
export class BackendError extends BridgeError {
  constructor (message: string, backendCode: string | number | null, extra: Record<string, unknown> = {}, cause?: unknown) {
    super(message, -32003, 'backend_error', { backend_code: backendCode, ...extra }, cause)
  }
}

export const errorTypes = [
  BRIDGE_ERR_INVALID_PARAMS, BRIDGE_ERR_HANDLE_NOT_FOUND, BRIDGE_ERR_HANDLE_NOT_OWNED,
  BRIDGE_ERR_TIMEOUT, BRIDGE_ERR_RATE_LIMITED, BRIDGE_ERR_PATH_FORBIDDEN,
  BRIDGE_ERR_PAYLOAD_TOO_LARGE, BRIDGE_ERR_SHUTTING_DOWN, BRIDGE_ERR_TOO_MANY_CONNECTIONS,
].map(c => ({ type: c.type, code: c.code })).concat([{ type: 'backend_error', code: -32003 }])
