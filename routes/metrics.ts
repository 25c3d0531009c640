// GET /metrics: Prometheus text; with Accept: application/json, system.metrics' document.
// Never rate limited, like /health: scrapers poll it without a session.
import type { FastifyInstance } from 'fastify'
import { PROMETHEUS_CONTENT_TYPE } from '../plugins/prometheus.js'

export default async function metricsRoute (app: FastifyInstance): Promise<void> {
  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (req, reply) => {
    if ((req.headers.accept ?? '').includes('application/json')) return app.status.metrics()
    return await reply.type(PROMETHEUS_CONTENT_TYPE).send(await app.requestMetrics.prometheus.text())
  })
}
