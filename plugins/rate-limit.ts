// Per-session rate limit (@fastify/rate-limit). Unix-socket peers have no IP,
// so the key is the X-Bridge-Session header. The default is a runaway guard
// (10 000 calls/s sustained), far above any honest script's tight loop.
// /health and /metrics opt out (route config), so monitoring never sees 429.
import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'

export const ANONYMOUS_SESSION = 'anonymous'
const SESSION_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** The session id a request claims; a missing or malformed header is the shared anonymous session (curl). */
export function sessionIdOf (req: FastifyRequest): string {
  const h = req.headers['x-bridge-session']
  return typeof h === 'string' && SESSION_ID.test(h) ? h : ANONYMOUS_SESSION
}

/**
 * The rate-limit bucket of a request: a script's own session, or one bucket
 * for every caller without a session header (curl health checks, the one-shot
 * CLI). The two never meet: a header naming the anonymous session still gets
 * a session bucket, and no header value can produce the header-less key.
 */
export function rateKeyOf (req: FastifyRequest): string {
  const h = req.headers['x-bridge-session']
  return typeof h === 'string' && SESSION_ID.test(h) ? `session ${h}` : 'no session header'
}

export interface RateLimitOptions { maxPerMinute: number }

async function rateLimitPlugin (app: FastifyInstance, opts: RateLimitOptions): Promise<void> {
  if (opts.maxPerMinute === 0) return
  await app.register(rateLimit, {
    global: true,
    max: opts.maxPerMinute,
    timeWindow: 60_000,
    keyGenerator: rateKeyOf,
    // the limit headers only where the limit bites (429): on every other reply they were three
    // header lines the Perl client parsed per call for nothing
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    onExceeded: (req) => {
      app.securityLog.record('rate_limited', `more than ${opts.maxPerMinute} requests per minute`, sessionIdOf(req))
    },
    // The server's error handler turns this into a JSON-RPC error body with HTTP 429.
    errorResponseBuilder: (_req, ctx) => Object.assign(
      new Error(`rate limit exceeded: ${ctx.max} requests per minute for this session; retry in ${ctx.after}`),
      { statusCode: 429 }),
  })
}

export default fp(rateLimitPlugin, { fastify: '5.x', name: 'cpan-bridge-rate-limit', dependencies: ['cpan-bridge-security-log'] })
