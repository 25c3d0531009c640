// One list of errors (src/errors.ts): every error the daemon sends carries a
// data.type from that list with that type's code, and openapi.yaml's enum is
// the list itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { ERROR_CODES, errorTypes } from '../../src/errors.js'
import { buildOpenApi } from '../../src/openapi.js'
import { buildTestServer } from '../helpers.js'

interface Sent { status: number, error: { code: number, message: string, data?: Record<string, unknown> } }

let dir: string
const apps: FastifyInstance[] = []
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'errors-')) })
afterAll(async () => {
  for (const a of apps) await a.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

async function server (over: Parameters<typeof buildTestServer>[0] = {}): Promise<FastifyInstance> {
  const app = await buildTestServer(over)
  apps.push(app)
  return app
}

async function send (app: FastifyInstance, payload: string, session = 'errors', headers: Record<string, string> = {}): Promise<Sent[]> {
  const res = await app.inject({ method: 'POST', url: '/rpc', headers: { 'content-type': 'application/json', 'x-bridge-session': session, 'x-bridge-cwd': encodeURIComponent(dir), ...headers }, payload })
  const body = JSON.parse(res.body) as { error?: Sent['error'] } | Array<{ error?: Sent['error'] }>
  return (Array.isArray(body) ? body : [body]).filter(r => r.error !== undefined).map(r => ({ status: res.statusCode, error: r.error! }))
}

const req = (method: string, params: unknown = {}, id: number | string = 1): string => JSON.stringify({ jsonrpc: '2.0', id, method, params })

describe('error types', () => {
  it('are defined once, each with its own code, and openapi.yaml lists exactly them', async () => {
    expect(new Set(errorTypes).size).toBe(errorTypes.length)
    expect(new Set(Object.values(ERROR_CODES)).size).toBe(errorTypes.length)
    const app = await server()
    const doc = buildOpenApi(app.rpc) as { paths: Record<string, { post?: { responses: Record<string, { content?: Record<string, { schema: { properties: { error: { properties: { data: { properties: { type: { enum: string[] } } } } } } } }> }> } }> }
    const enums = new Set<string>()
    for (const p of Object.values(doc.paths)) {
      const e = p.post?.responses['200']?.content?.['application/json']?.schema.properties.error.properties.data.properties.type.enum
      if (e !== undefined) enums.add(JSON.stringify(e))
    }
    expect([...enums].map(e => JSON.parse(e) as string[])).toEqual([errorTypes])
  })

  it('every error the daemon sends has a listed type and that type\'s code', async () => {
    const app = await server({ maxBatch: 2, maxJsonDepth: 8 })
    const got: Sent[] = []
    got.push(...await send(app, '{not json'))
    got.push(...await send(app, JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'test.ping' })))
    got.push(...await send(app, req('no.such_method')))
    got.push(...await send(app, req('test.sleep', { ms: 'soon' })))
    got.push(...await send(app, JSON.stringify([1, 2, 3])))
    got.push(...await send(app, req('test.echo', JSON.parse('{"a":'.repeat(12) + '1' + '}'.repeat(12)))))
    got.push(...await send(app, req('crypto.crypt', { cipher_id: 'cipher-nope', data: 'x' })))
    const made = await app.inject({ method: 'POST', url: '/rpc', headers: { 'content-type': 'application/json', 'x-bridge-session': 'owner' }, payload: req('crypto.new', { key: 'k', cipher: 'Blowfish' }) })
    got.push(...await send(app, req('crypto.crypt', { cipher_id: (JSON.parse(made.body) as { result: { cipher_id: string } }).result.cipher_id, data: 'x' }), 'thief'))
    got.push(...await send(app, req('logging.parse_config', { text: 'log4perl.logger = FOO, A1\nlog4perl.appender.A1 = NoSuch::Class' })))
    got.push(...await send(app, req('database.connect', { dsn: 'dbi:SQLite:dbname=:memory:' })))
    got.push(...await send(app, req('database.execute_statement', { sql: 'SELECT 1' })))
    got.push(...await send(app, req('database.fetch_row', {})))
    got.push(...await send(app, req('database.fetch_row', {})))
    const crowded = await server({ maxConnections: 1 })
    got.push(...await send(crowded, req('test.ping'), 'first'))
    got.push(...await send(crowded, req('test.ping'), 'second'))

    const forbid = await server({ allowedPaths: [path.join(dir, 'only')] })
    got.push(...await send(forbid, req('logging.append', { filename: '/etc/elsewhere.log', text: 'x\n' })))
    const small = await server({ maxBodyBytes: 1024, maxRequestsPerMinute: 1 })
    got.push(...await send(small, req('test.echo', { big: 'x'.repeat(2000) })))
    got.push(...await send(small, req('test.ping'), 'limited'))
    got.push(...await send(small, req('test.ping'), 'limited'))

    for (const s of got) {
      const type = String(s.error.data?.type)
      expect(errorTypes, `${type}: ${s.error.message}`).toContain(type)
      expect(s.error.code, type).toBe(ERROR_CODES[type as keyof typeof ERROR_CODES])
    }
    // the scenarios above reach these types; a change that stops sending one shows here
    expect(new Set(got.map(s => s.error.data?.type))).toEqual(new Set([
      'parse_error', 'invalid_request', 'method_not_found', 'invalid_params', 'payload_too_large', 'handle_not_found',
      'handle_not_owned', 'backend_error', 'no_more_rows', 'too_many_connections', 'path_forbidden', 'rate_limited',
    ]))
  })
})
