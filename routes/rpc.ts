// POST /rpc: JSON-RPC 2.0 over HTTP. Parses the body itself so that bad JSON
// is a -32700 reply rather than a framework 400, and negotiates the packed
// bulk form by Accept header.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { BridgeError } from '../src/errors.js'
import { dispatch, errorReply, inspectBody, requestIdOf, type RpcReply } from '../src/rpc.js'
import { PACKED_MEDIA_TYPE, PackedTooLargeError, frameReply, stringifyReply, unframeRequest } from '../src/packed.js'
import type { Config } from '../src/config.js'
import { sessionIdOf } from '../plugins/rate-limit.js'

export interface RpcRouteOptions { config: Config, shuttingDown: () => boolean }

export default async function rpcRoute (app: FastifyInstance, opts: RpcRouteOptions): Promise<void> {
  const { config } = opts
  // text/plain too: Fastify parses it as a string by default, so a text/plain body was run as JSON-RPC
  // (and a browser may send text/plain cross-origin without a preflight).
  app.removeContentTypeParser(['application/json', 'text/plain'])
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => { done(null, body) })
  app.addContentTypeParser(PACKED_MEDIA_TYPE, { parseAs: 'buffer' }, (_req, body, done) => { done(null, body) })

  // POST /rpc/{module.function} with the params as body: what /docs' "Try it out" sends.
  app.post('/rpc/:method', { schema: { hide: true } }, async (req, reply) => {
    const { method } = req.params as { method: string }
    const raw = typeof req.body === 'string' && req.body.trim() !== '' ? req.body : '{}'
    // Parse the params alone: splicing the text into an envelope let `{},"method":"x"` pick another method.
    let params: unknown
    try { params = JSON.parse(raw) } catch { req.body = raw; return await handle(req, reply) }
    // The envelope is built, not re-serialized: JSON.stringify of 20 000-deep params overflowed the stack
    // before the depth check could answer.
    return await handle(req, reply, { body: { jsonrpc: '2.0', id: 1, method, params } })
  })

  app.post('/rpc', { schema: { hide: true } }, async (req, reply) => await handle(req, reply))

  async function handle (req: FastifyRequest, reply: FastifyReply, parsed?: { body: unknown }): Promise<unknown> {
    const sessionId = sessionIdOf(req)
    const reject = (type: string, reason: string, method?: string): void => { app.securityLog.record(type, reason, sessionId, method) }
    const send = (r: RpcReply | RpcReply[] | null, packed: boolean): unknown => {
      if (r === null) return reply.code(204).send()
      if (packed) {
        const framed = frameReply(r)
        if (framed !== null) return reply.type(PACKED_MEDIA_TYPE).send(framed)
      }
      return reply.type('application/json').send(stringifyReply(r))
    }

    let body: unknown
    try {
      body = parsed === undefined ? parseBody(req, config.maxBodyBytes) : parsed.body
    } catch (err) {
      if (err instanceof PackedTooLargeError) {
        reject('payload_too_large', err.message)
        return send(errorReply(requestIdOf(err.envelope), 'payload_too_large', `invalid request: ${err.message}; send each packed value once`, { limit: err.limit }), false)
      }
      reject('parse_error', (err as Error).message.slice(0, 200))
      return send(errorReply(null, 'parse_error', `parse error: ${(err as Error).message}`), false)
    }
    // errors about the whole body still answer the caller's id when there is one to read
    const id = requestIdOf(body)
    const problem = inspectBody(body, config.maxJsonDepth)
    if (problem?.kind === 'too_deep') {
      reject('invalid_request', `nesting deeper than ${config.maxJsonDepth}`)
      return send(errorReply(id, 'payload_too_large', `invalid request: JSON nested deeper than ${config.maxJsonDepth} levels`, { limit: config.maxJsonDepth }), false)
    }
    if (problem?.kind === 'proto_key') {
      reject('invalid_request', `forbidden key ${problem.path}`)
      return send(errorReply(id, 'invalid_request', `invalid request: key ${problem.path} is not allowed`, { field: problem.path }), false)
    }
    let session
    try {
      session = app.sessions.touch(sessionId)
    } catch (err) {
      reject('too_many_connections', (err as Error).message)
      if (!(err instanceof BridgeError)) throw err
      return send({ jsonrpc: '2.0', id, error: err.toRpc() }, false)
    }
    const packed = (req.headers.accept ?? '').includes(PACKED_MEDIA_TYPE)
    const cwdHeader = req.headers['x-bridge-cwd']
    const result = await dispatch(body, {
      app,
      registry: app.rpc,
      session,
      cwd: typeof cwdHeader === 'string' ? decodeCwd(cwdHeader, req) : undefined,
      log: req.log,
      validate: config.strictValidation,
      maxBatch: config.maxBatch,
      shuttingDown: opts.shuttingDown,
      reject,
    })
    return send(result, packed)
  }
}

/**
 * X-Bridge-Cwd is the client's cwd bytes, percent-encoded. A legacy host may have a
 * Latin-1 directory name (not UTF-8): decodeURIComponent throws URIError on it, which
 * failed every call from that directory with an internal error. Such a cwd is unknown.
 */
function decodeCwd (header: string, req: FastifyRequest): string | undefined {
  try {
    return decodeURIComponent(header)
  } catch {
    req.log.warn('X-Bridge-Cwd is not UTF-8; relative paths from this client are refused')
    return undefined
  }
}

function parseBody (req: FastifyRequest, maxDecodedBytes: number): unknown {
  const raw = req.body
  // what the packed references decode is bounded like the body itself
  if (Buffer.isBuffer(raw)) return unframeRequest(raw, maxDecodedBytes)
  if (typeof raw !== 'string') throw new Error('expected a JSON body (Content-Type: application/json)')
  return JSON.parse(raw)
}
