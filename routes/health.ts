// GET /health: the operations guide's health document; 503 when unhealthy.
// Never rate limited: a monitor polling it must not see 429 for a busy host.
import type { FastifyInstance } from 'fastify'

export default async function healthRoute (app: FastifyInstance): Promise<void> {
  app.get('/health', { schema: { hide: true }, config: { rateLimit: false } }, async (_req, reply) => {
    const doc = app.status.health()
    return await reply.code(doc.overall_status === 'unhealthy' ? 503 : 200).send(doc)
  })
}
