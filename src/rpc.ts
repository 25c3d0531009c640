// The JSON-RPC 2.0 envelope: single calls, batches, notifications, standard
// errors. The only place an error becomes a JSON-RPC error object.
//
// Not the json-rpc-2.0 package the design named: its server answers a batch
// whose replies number one with a bare object instead of an array (a spec
// violation clients trip on) and reports handler errors through console.warn.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { BridgeError, rpcError, isDaemonFailure, BRIDGE_ERR_INVALID_PARAMS, BRIDGE_ERR_SHUTTING_DOWN, type ErrorType, type RpcErrorObject } from './errors.js'
import type { CallContext, MethodRegistry } from './registry.js'
import type { Session } from '../plugins/sessions.js'

export type RpcId = string | number | null

export interface RpcReply { jsonrpc: '2.0', id: RpcId, result?: unknown, error?: RpcErrorObject }

export interface DispatchContext {
  app: FastifyInstance
  registry: MethodRegistry
  session: Session
  cwd: string | undefined
  log: FastifyBaseLogger
  validate: boolean
  maxBatch: number
  shuttingDown: () => boolean
  /** reports a rejected call to the security log */
  reject: (type: string, reason: string, method?: string) => void
}

export function errorReply (id: RpcId, type: ErrorType, message: string, extra?: Record<string, unknown>): RpcReply {
  return { jsonrpc: '2.0', id, error: rpcError(type, message, extra) }
}

function isId (v: unknown): v is RpcId {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))
}

/** The id of a single request, for errors about the whole body (depth, session limit); null for a batch or no readable id. */
export function requestIdOf (body: unknown): RpcId {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null
  const id = (body as Record<string, unknown>).id
  return Object.prototype.hasOwnProperty.call(body, 'id') && isId(id) ? id : null
}

function toErrorObject (err: unknown): RpcErrorObject {
  if (err instanceof BridgeError) return err.toRpc()
  const message = err instanceof Error ? err.message : String(err)
  return rpcError('internal_error', `internal error: ${message}`)
}

/** Runs one request object; returns null for notifications. */
async function one (req: unknown, ctx: DispatchContext): Promise<RpcReply | null> {
  if (req === null || typeof req !== 'object' || Array.isArray(req)) {
    ctx.reject('invalid_request', 'request is not an object')
    return errorReply(null, 'invalid_request', 'invalid request: expected a JSON-RPC request object')
  }
  const r = req as Record<string, unknown>
  const hasId = Object.prototype.hasOwnProperty.call(r, 'id')
  const id: RpcId = hasId && isId(r.id) ? r.id : null
  if (r.jsonrpc !== '2.0') return invalid(ctx, id, 'jsonrpc', 'must be "2.0"')
  if (hasId && !isId(r.id)) return invalid(ctx, null, 'id', 'must be a string, a number or null')
  if (typeof r.method !== 'string') return invalid(ctx, id, 'method', 'must be a string')
  // `[]` is what old scripts pass for "no arguments" (call_python('test','ping',[])).
  const params = r.params === undefined || (Array.isArray(r.params) && r.params.length === 0) ? {} : r.params
  const name = r.method
  const m = ctx.registry.get(name)
  const started = performance.now()
  const metrics = ctx.app.requestMetrics
  if (m === undefined) {
    ctx.reject('unknown_method', 'method not in the registry', name.slice(0, 100))
    // the metric's label stays 'unknown' (bounded); the recent error keeps the name that was asked for
    metrics.record('unknown', 0, { message: `method not found: ${name.slice(0, 100)}`, type: 'method_not_found', daemon: false }, ctx.session.id, name.slice(0, 100))
    return hasId ? errorReply(id, 'method_not_found', `method not found: ${name.slice(0, 100)} (not allowed: only the registry's methods can be called)`) : null
  }
  try {
    if (ctx.shuttingDown()) throw new BRIDGE_ERR_SHUTTING_DOWN()
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw new BRIDGE_ERR_INVALID_PARAMS('params', 'must be an object (named parameters)')
    }
    // Types are always checked; strict mode only adds the unknown-field check.
    ctx.registry.validate(m, params, ctx.validate)
    const call: CallContext = { session: ctx.session, cwd: ctx.cwd, log: ctx.log, app: ctx.app }
    const result = await m.spec.handler(params as never, call)
    metrics.record(m.name, performance.now() - started)
    return hasId ? { jsonrpc: '2.0', id, result: result === undefined ? null : result } : null
  } catch (err) {
    const e = toErrorObject(err)
    const type = e.data.type
    if (type === 'invalid_params') ctx.reject('validation_failure', e.message, m.name)
    // another session's handle id (or a made-up one) is a rejected request the security log must show
    else if (type === 'handle_not_owned' || type === 'handle_not_found') ctx.reject(type, e.message, m.name)
    const data = e.data as Record<string, unknown>
    const daemon = isDaemonFailure(type, data)
    if (type === 'internal_error') ctx.log.error({ err, method: m.name }, 'method failed')
    else if (type === 'backend_error') {
      // a failed login or statement (warn), a backend the daemon cannot reach (error): the method, whose
      // call it was and the driver's code; never the message (it can quote a bound value) nor the params
      const fields = { method: m.name, session: ctx.app.sessions.publicIdOf(ctx.session.id), backend_code: data.backend_code, state: data.state }
      if (daemon) ctx.log.error(fields, 'backend unreachable')
      else ctx.log.warn(fields, 'backend call failed')
    } else ctx.log.debug({ method: m.name, type }, 'method returned an error')
    metrics.record(m.name, performance.now() - started, { message: e.message, type, daemon }, ctx.session.id)
    return hasId ? { jsonrpc: '2.0', id, error: e } : null
  }
}

function invalid (ctx: DispatchContext, id: RpcId, field: string, reason: string): RpcReply {
  ctx.reject('invalid_request', `${field} ${reason}`)
  return errorReply(id, 'invalid_request', `invalid request: ${field} ${reason}`, { field })
}

/**
 * Dispatches a parsed body. Batch members run one after another, in order:
 * a legacy script's batch is a sequence (prepare, execute, fetch) and must
 * see its own earlier effects.
 */
export async function dispatch (body: unknown, ctx: DispatchContext): Promise<RpcReply | RpcReply[] | null> {
  if (!Array.isArray(body)) return await one(body, ctx)
  if (body.length === 0) {
    ctx.reject('invalid_request', 'empty batch')
    return errorReply(null, 'invalid_request', 'invalid request: empty batch')
  }
  if (body.length > ctx.maxBatch) {
    ctx.reject('payload_too_large', `batch of ${body.length} exceeds ${ctx.maxBatch}`)
    return errorReply(null, 'payload_too_large', `invalid request: batch of ${body.length} calls exceeds the limit of ${ctx.maxBatch}`, { limit: ctx.maxBatch })
  }
  const out: RpcReply[] = []
  for (const req of body) {
    const r = await one(req, ctx)
    if (r !== null) out.push(r)
  }
  return out.length > 0 ? out : null
}

export type BodyProblem = { kind: 'too_deep' } | { kind: 'proto_key', path: string }

/**
 * One walk over a parsed body for what it must not contain: nesting deeper
 * than `limit`, or a `__proto__` key (JSON.parse makes it an own property,
 * but helpers that merge objects must never see one). Null when clean.
 * Iterative, depth first in document order (the first problem found is the
 * one reported): a body nested 20 000 deep is answered, not a stack overflow.
 */
export function inspectBody (v: unknown, limit: number): BodyProblem | null {
  if (v === null || typeof v !== 'object') return null
  if (limit <= 0) return { kind: 'too_deep' }
  // One frame per open container (memory grows with depth, not with width); paths are built only for containers visited.
  interface Frame { node: object, keys: string[] | null, i: number, at: string }
  const frameOf = (node: object, at: string): Frame => ({ node, keys: Array.isArray(node) ? null : Object.keys(node), i: 0, at })
  const stack: Frame[] = [frameOf(v, '')]
  while (stack.length > 0) {
    const f = stack[stack.length - 1]
    const n = f.keys === null ? (f.node as unknown[]).length : f.keys.length
    if (f.i >= n) { stack.pop(); continue }
    const i = f.i++
    let child: unknown
    let at: string
    if (f.keys === null) {
      child = (f.node as unknown[])[i]
      // packed bytes are a leaf: Object.keys of a Buffer is one key per byte
      if (child === null || typeof child !== 'object' || ArrayBuffer.isView(child)) continue
      at = `${f.at}[${i}]`
    } else {
      const k = f.keys[i]
      if (k === '__proto__') return { kind: 'proto_key', path: `${f.at}.__proto__` }
      child = (f.node as Record<string, unknown>)[k]
      if (child === null || typeof child !== 'object' || ArrayBuffer.isView(child)) continue
      at = `${f.at}.${k}`
    }
    // the child sits at depth stack.length
    if (stack.length >= limit) return { kind: 'too_deep' }
    stack.push(frameOf(child, at))
  }
  return null
}
