// buildServer(config): the Fastify instance with every plugin, helper and
// route, not listening. Tests drive it with inject(); main.ts listens.
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Config } from './config.js'
import { LogFiles } from './log-file.js'
import { rpcError, typeOfHttpStatus } from './errors.js'
import registryPlugin from '../plugins/registry.js'
import sessionsPlugin from '../plugins/sessions.js'
import securityLogPlugin from '../plugins/security-log.js'
import metricsPlugin from '../plugins/metrics.js'
import statusPlugin from '../plugins/status.js'
import rateLimitPlugin from '../plugins/rate-limit.js'
import authPlugin from '../plugins/auth.js'
import { helpers } from '../helpers/index.js'
import rpcRoute from '../routes/rpc.js'
import healthRoute from '../routes/health.js'
import metricsRoute from '../routes/metrics.js'
import connectionsRoute from '../routes/connections.js'
import docsRoute from '../routes/docs.js'
import { sessionIdOf } from '../plugins/rate-limit.js'

/** Field names whose values pino never writes. */
export const REDACT_PATHS = [
  'password', 'passwd', 'key', 'token', 'secret', 'passphrase', 'private_key',
  '*.password', '*.passwd', '*.key', '*.token', '*.secret', '*.passphrase', '*.private_key',
  'params.*.password', 'params.*.key', 'req.headers.authorization', 'headers.authorization',
]

// Not Fastify's `logger.file`: pino's file destination writes synchronously and
// throws on a full disk; a LogFile drops and counts instead (src/log-file.ts).
function loggerOptions (config: Config, logFiles: LogFiles): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent' || config.logFile === '') return false
  return {
    level: config.logLevel,
    // the level as a word (ERROR, WARN, INFO): the guide's `grep -c ERROR` and `grep -i error` count
    // what they say; still one JSON object a line for log shippers
    formatters: { level: (label: string) => ({ level: label.toUpperCase() }) },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    stream: logFiles.open(config.logFile, 'daemon'),
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** the daemon and security log files: SIGHUP reopens them; dropped lines show in /metrics and /health */
    logFiles: LogFiles
  }
}

export interface BuildOptions {
  /** extra plugins registered after the built-in helpers (tests) */
  extraHelpers?: ReadonlyArray<(app: FastifyInstance, opts: { config: Config }) => Promise<void>>
  /** a second server (TCP) gets the same handler; see main.ts */
  serverFactory?: FastifyServerOptions['serverFactory']
}

export async function buildServer (config: Config, build: BuildOptions = {}): Promise<FastifyInstance> {
  let shuttingDown = false
  const logFiles = new LogFiles()
  const app = Fastify({
    logger: loggerOptions(config, logFiles),
    logController: new LogController({ disableRequestLogging: !config.debug }),
    bodyLimit: config.maxBodyBytes,
    forceCloseConnections: 'idle',
    // In-flight keep-alive clients get a JSON-RPC shutting_down error from the dispatcher instead of a bare 503.
    return503OnClosing: false,
    ...(build.serverFactory ? { serverFactory: build.serverFactory } : {}),
  })
  app.addHook('preClose', async () => { shuttingDown = true })
  app.decorate('logFiles', logFiles)
  app.addHook('onClose', async () => { await logFiles.close() })

  await app.register(registryPlugin)
  await app.register(sessionsPlugin, { maxConnections: config.maxConnections, handleTtlSeconds: config.handleTtlSeconds, staleSeconds: config.staleSeconds })
  await app.register(securityLogPlugin, { file: config.securityLogFile, logFiles })
  await app.register(metricsPlugin, { healthWindowSeconds: config.healthWindowSeconds })
  app.requestMetrics.prometheus.addSeries(() => logFiles.prometheus())
  await app.register(statusPlugin, { config })
  await app.register(authPlugin, { tokenFile: config.tokenFile })
  await app.register(rateLimitPlugin, { maxPerMinute: config.maxRequestsPerMinute })

  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    // Framework-level rejections (oversized body, rate limit, bad content type) still answer in JSON-RPC shape.
    const status = err.statusCode ?? 500
    const type = typeOfHttpStatus(status)
    if (status !== 429) app.securityLog.record(type, err.message, sessionIdOf(req))
    if (status >= 500) req.log.error({ err }, 'request failed')
    // Fastify's own text ("Request body is too large") does not say what the limit is or how to raise it.
    const message = status === 413 ? `request body exceeds the limit of ${config.maxBodyBytes} bytes (CPAN_BRIDGE_MAX_BODY_MB); send bulk data as a file path or in smaller calls` : err.message
    return reply.code(status).type('application/json').send({ jsonrpc: '2.0', id: null, error: rpcError(type, message, status === 413 ? { limit: config.maxBodyBytes } : {}) })
  })

  for (const helper of [...helpers, ...(build.extraHelpers ?? [])]) await app.register(helper, { config })


  await app.register(rpcRoute, { config, shuttingDown: () => shuttingDown })
  await app.register(healthRoute)
  await app.register(metricsRoute)
  await app.register(connectionsRoute)
  await app.register(docsRoute)
  return app
}
