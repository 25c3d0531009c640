// GET /connections lists sessions; DELETE /connections/:id ends one and closes its handles.
import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'

export default async function connectionsRoute (app: FastifyInstance): Promise<void> {
  app.get('/connections', { schema: { hide: true } }, async () => app.status.connections())
  app.delete('/connections/:id', {
    schema: { hide: true, params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }) },
  }, async (req, reply) => {
    const { id } = req.params as { id: string }
    if (!app.sessions.sessions.has(id)) return await reply.code(404).send({ error: `no session ${id}` })
    return { ended: id, closed_handles: await app.sessions.endSession(id) }
  })
}
