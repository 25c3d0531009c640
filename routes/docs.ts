// GET /docs: Swagger UI over the OpenAPI document built from the registry
// (the same document `npm run generate` writes to openapi.yaml).
import type { FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { buildOpenApi } from '../src/openapi.js'

export default async function docsRoute (app: FastifyInstance): Promise<void> {
  await app.register(swagger, { mode: 'static', specification: { document: buildOpenApi(app.rpc) as never } })
  await app.register(swaggerUi, { routePrefix: '/docs' })
}
