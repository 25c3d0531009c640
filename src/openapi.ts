// openapi.yaml, generated from the method registry (the single source). Every
// method appears as POST /rpc/{module.function} (params as the body), which the
// daemon really serves, and is also callable through POST /rpc as JSON-RPC.
import type { TSchema } from '@sinclair/typebox'
import type { MethodRegistry } from './registry.js'
import { errorTypes } from './errors.js'
import { VERSION } from './version.js'

type Json = Record<string, unknown>

/** TypeBox schemas carry symbol keys and `$id`s; OpenAPI wants plain JSON Schema. */
function plain (schema: TSchema): Json {
  return JSON.parse(JSON.stringify(schema)) as Json
}

const rpcError = {
  type: 'object',
  properties: {
    code: { type: 'integer' },
    message: { type: 'string' },
    data: { type: 'object', properties: { type: { type: 'string', enum: errorTypes } } },
  },
}

const PACKED_DOC = [
  'Bulk results can travel in the packed form: send `Accept: application/vnd.cpan-bridge.packed`;',
  'the reply is `<length>\\n<JSON-RPC envelope><bytes>` where bulk fields are `{"$packed":[offset,length]}`',
  'into the bytes. Values are a tag byte plus a BER length-prefixed body (see README, "Packed bulk form").',
].join(' ')

export function buildOpenApi (registry: MethodRegistry): Json {
  const paths: Json = {
    '/rpc': {
      post: {
        summary: 'JSON-RPC 2.0 endpoint (single call, batch array, notifications)',
        description: PACKED_DOC,
        tags: ['rpc'],
        requestBody: { required: true, content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/RpcRequest' }, { type: 'array', items: { $ref: '#/components/schemas/RpcRequest' } }] } } } },
        responses: { 200: { description: 'JSON-RPC reply (or array for a batch)' }, 204: { description: 'only notifications were sent' }, 413: { description: 'body too large' }, 429: { description: 'rate limited' } },
      },
    },
    '/health': { get: { summary: 'Health document (operations guide)', tags: ['operations'], responses: { 200: { description: 'healthy or degraded' }, 503: { description: 'unhealthy' } } } },
    '/metrics': { get: { summary: 'Prometheus metrics; JSON of system.metrics with Accept: application/json', tags: ['operations'], responses: { 200: { description: 'metrics' } } } },
    '/connections': { get: { summary: 'Sessions and their handles', tags: ['operations'], responses: { 200: { description: 'system.connections document' } } } },
    '/connections/{id}': { delete: { summary: 'End a session, closing its handles', tags: ['operations'], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'ended' }, 404: { description: 'no such session' } } } },
  }
  const names = [...registry.methods.keys()].sort()
  for (const name of names) {
    const m = registry.methods.get(name)!
    const old = registry.oldNames(m)
    const oldDoc = old.length > 0 ? ` Old names, for scripts written for the old bridge: ${old.map(o => `\`${o}\``).join(', ')}.` : ''
    paths[`/rpc/${name}`] = {
      post: {
        operationId: name,
        tags: [m.module],
        summary: m.spec.description,
        description: `JSON-RPC method \`${name}\`${m.spec.idempotent ? ' (idempotent: safe to resend)' : ''}. POST the params object here, or call it through /rpc.${oldDoc}`,
        requestBody: { required: false, content: { 'application/json': { schema: plain(m.spec.params) } } },
        responses: {
          200: {
            description: 'JSON-RPC reply',
            content: { 'application/json': { schema: { type: 'object', properties: { jsonrpc: { type: 'string', enum: ['2.0'] }, id: {}, result: plain(m.spec.result), error: rpcError } } } },
          },
        },
      },
    }
  }
  return {
    openapi: '3.0.3',
    info: { title: 'cpan-bridge', version: VERSION, description: 'Local daemon serving CPAN-shaped APIs to Perl scripts over JSON-RPC 2.0 on a Unix socket. Methods are the User Guide\'s module.function names.' },
    // relative: "Try it out" in /docs posts to the daemon that served the page (over TCP; on the Unix socket: curl --unix-socket ... http://localhost/...)
    servers: [{ url: '/', description: 'the daemon serving this page; over its Unix socket: curl --unix-socket /tmp/cpan_bridge.sock http://localhost/...' }],
    // the TCP listener wants its token on every call (Swagger UI's Authorize button); the Unix socket wants none
    security: [{ bearerToken: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'The TCP listener\'s token (--token-file / CPAN_BRIDGE_TOKEN_FILE). Requests over the Unix socket need none.' },
      },
      schemas: {
        RpcRequest: {
          type: 'object',
          required: ['jsonrpc', 'method'],
          properties: { jsonrpc: { type: 'string', enum: ['2.0'] }, id: { oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true }, method: { type: 'string', enum: [...names, ...names.flatMap(n => registry.oldNames(registry.methods.get(n)!))].sort() }, params: { type: 'object' } },
        },
      },
    },
  }
}

/** The text of openapi.yaml. `yaml` is imported here, on use: the daemon never needs it and it costs ~2-3 MB of idle RSS. */
export async function openApiYaml (registry: MethodRegistry): Promise<string> {
  const { stringify } = await import('yaml')
  return '# Generated from the method registry by `npm run generate`; do not edit by hand.\n' + stringify(buildOpenApi(registry), { lineWidth: 0 })
}
