// The HTTP tests' frame: the lead's test server (.test-services/env CB_HTTP_*),
// a daemon with the http plugin (registered here until helpers/index.ts
// lists it), and the body bytes out of a JSON reply ({"$base64"}).
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../src/server.js'
import { testConfig, type Config } from '../../src/config.js'
import { helpers } from '../../helpers/index.js'
import httpPlugin from '../../helpers/http/index.js'
import { serviceFacts } from '../services.js'

const facts = serviceFacts()
export const web = {
  http: facts.CB_HTTP_URL,
  https: facts.CB_HTTPS_URL,
  /** the HTTPS server's certificate (a PEM file) */
  ca: facts.CB_HTTP_CA,
  proxy: facts.CB_HTTP_PROXY,
  user: facts.CB_HTTP_USER,
  password: facts.CB_HTTP_PASSWORD,
}

export async function buildHttpServer (overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildServer(testConfig(overrides), { extraHelpers: helpers.includes(httpPlugin) ? [] : [httpPlugin] })
  await app.ready()
  return app
}

/** A bytes field of a JSON reply as a Buffer. */
export function bytes (v: unknown): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'utf8')
  if (v !== null && typeof v === 'object' && typeof (v as { $base64?: unknown }).$base64 === 'string') return Buffer.from((v as { $base64: string }).$base64, 'base64')
  throw new Error(`not bytes: ${JSON.stringify(v)}`)
}

/** A response header's values, by name in any case. */
export const header = (h: Array<[string, string]>, name: string): string[] => h.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v)
