// GET /metrics: Prometheus text; with Accept: application/json, system.metrics' document.
import type { FastifyInstance } from 'fastify'

export default async function metricsRoute (app: FastifyInstance): Promise<void> {
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if ((req.headers.accept ?? '').includes('application/json')) return app.status.metrics()
    const series = app.requestMetrics.prometheus
    return await reply.type(series.contentType).send(await series.text())
  })
}
