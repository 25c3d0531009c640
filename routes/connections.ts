// GET /connections lists sessions; DELETE /connections/:id ends one and closes its handles.
// Both speak of a session by its public id: the X-Bridge-Session value itself
// grants the session, so it is never shown, and is not accepted here either.
import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'

export default async function connectionsRoute (app: FastifyInstance): Promise<void> {
  app.get('/connections', { schema: { hide: true } }, async () => app.status.connections())
  app.delete('/connections/:id', {
    schema: { hide: true, params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }) },
  }, async (req, reply) => {
    const { id } = req.params as { id: string }
    const s = app.sessions.byPublicId(id)
    if (s === undefined) return await reply.code(404).send({ error: `no session listed as ${id}` })
    return { ended: s.publicId, closed_handles: await app.sessions.endSession(s.id) }
  })
}
