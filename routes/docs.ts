// GET /docs: Swagger UI over the OpenAPI document built from the registry
// (the same document `npm run generate` writes to openapi.yaml).
//
// @fastify/swagger and @fastify/swagger-ui (with yaml, @fastify/static, glob,
// send...) cost start time and idle memory on every daemon, for a page an
// operator opens now and then. So they live in a second Fastify instance,
// built on the first /docs request, and /docs requests are passed to it with
// inject().
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import Fastify from 'fastify'
import { buildOpenApi } from '../src/openapi.js'

export default async function docsRoute (app: FastifyInstance): Promise<void> {
  let docs: Promise<FastifyInstance> | undefined

  const build = async (): Promise<FastifyInstance> => {
    const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')])
    const inner = Fastify({ logger: false })
    await inner.register(swagger, { mode: 'static', specification: { document: buildOpenApi(app.rpc) as never } })
    await inner.register(swaggerUi, { routePrefix: '/docs' })
    await inner.ready()
    return inner
  }

  app.addHook('onClose', async () => { if (docs !== undefined) await (await docs).close() })

  const forward = async (req: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    docs ??= build()
    let inner: FastifyInstance
    try {
      inner = await docs
    } catch (err) {
      docs = undefined
      throw err
    }
    const res = await inner.inject({ method: 'GET', url: req.url, headers: { accept: req.headers.accept ?? '*/*' } })
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined && k !== 'content-length' && k !== 'connection' && k !== 'transfer-encoding') reply.header(k, v)
    }
    return await reply.code(res.statusCode).send(res.rawPayload)
  }

  app.get('/docs', { schema: { hide: true } }, forward)
  app.get('/docs/*', { schema: { hide: true } }, forward)
}
