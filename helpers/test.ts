// Module `test`: liveness and round-trip checks for scripts, tests and benchmarks.
import fp from 'fastify-plugin'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { method } from '../src/registry.js'
import { VERSION } from '../src/version.js'

const MAX_SLEEP_MS = 10_000

export const testMethods = {
  ping: method({
    // The old ping also carried its counters and the params; no old script reads them from ping, and
    // they quadrupled the reply JSON::PP must decode (a quarter of the round trip): they are test.stats.
    description: 'Answers pong; the cheapest round trip. Also the old bridge\'s fields its scripts read: daemon_version, platform, uptime (seconds); its counters are test.stats.',
    params: Type.Object({}, { additionalProperties: true }),
    result: Type.Object({
      message: Type.Literal('pong'),
      timestamp: Type.Number(),
      daemon_version: Type.String(),
      platform: Type.String(),
      uptime: Type.Number(),
    }),
    idempotent: true,
    handler: (_params, ctx) => ({
      message: 'pong' as const,
      timestamp: Date.now() / 1000,
      daemon_version: VERSION,
      platform: process.platform,
      uptime: ctx.app.requestMetrics.uptimeSeconds,
    }),
  }),
  echo: method({
    description: 'Returns its params unchanged (byte-for-byte round trip of any JSON value).',
    params: Type.Record(Type.String(), Type.Unknown()),
    result: Type.Record(Type.String(), Type.Unknown()),
    idempotent: true,
    handler: (params) => params,
  }),
  sleep: method({
    description: `Waits \`ms\` milliseconds (at most ${MAX_SLEEP_MS}), for timeout and shutdown tests.`,
    params: Type.Object({ ms: Type.Integer({ minimum: 0, maximum: MAX_SLEEP_MS }) }),
    result: Type.Object({ slept_ms: Type.Integer() }),
    idempotent: true,
    handler: async ({ ms }) => {
      await new Promise(resolve => setTimeout(resolve, ms))
      return { slept_ms: ms }
    },
  }),
}

async function testHelper (app: FastifyInstance): Promise<void> {
  app.rpc.register('test', testMethods)
}

export default fp(testHelper, { fastify: '5.x', name: 'cpan-bridge-test', dependencies: ['cpan-bridge-registry'] })
