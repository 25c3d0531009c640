// Shared test fixtures: a server built with buildServer() and a JSON-RPC call helper over inject().
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../src/server.js'
import { testConfig, type Config } from '../src/config.js'

export async function buildTestServer (overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildServer(testConfig(overrides))
  await app.ready()
  return app
}

export interface Reply { jsonrpc: '2.0', id: unknown, result?: any, error?: { code: number, message: string, data?: { type: string, [k: string]: unknown } } }

let nextId = 1

/** Calls one method through POST /rpc, as session `session`. */
export async function rpc (app: FastifyInstance, method: string, params: unknown = {}, session = 'test-session'): Promise<Reply> {
  const res = await app.inject({
    method: 'POST',
    url: '/rpc',
    headers: { 'content-type': 'application/json', 'x-bridge-session': session },
    payload: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
  })
  return JSON.parse(res.body) as Reply
}

/** Calls a method and returns its result, failing the test with the error message otherwise. */
export async function call (app: FastifyInstance, method: string, params: unknown = {}, session = 'test-session'): Promise<any> {
  const r = await rpc(app, method, params, session)
  if (r.error) throw new Error(`${method} failed: ${r.error.message} (${r.error.data?.type ?? ''})`)
  return r.result
}
