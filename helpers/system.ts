// Module `system`: the operations guide's management API. The documents are
// built by plugins/status; this file only exposes them as methods.
import fp from 'fastify-plugin'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { method, NoParams } from '../src/registry.js'
import type { Config } from '../src/config.js'
import { VERSION } from '../src/version.js'

const Doc = Type.Record(Type.String(), Type.Unknown())
const HealthResult = Type.Object({
  overall_status: Type.Union([Type.Literal('healthy'), Type.Literal('degraded'), Type.Literal('unhealthy')]),
  timestamp: Type.String(),
  checks: Type.Record(Type.String(), Type.Object({ status: Type.Union([Type.Literal('pass'), Type.Literal('warn'), Type.Literal('fail')]), message: Type.String() })),
  warnings: Type.Array(Type.String()),
  errors: Type.Array(Type.String()),
})

/**
 * The old bridge's daemon counters (its `self.stats`), under its names, from
 * this daemon's request metrics and security log. Old scripts print them from
 * test.stats, system.stats and test.ping.
 */
export function oldStats (app: FastifyInstance): Record<string, number> {
  const m = app.requestMetrics
  const sec = app.securityLog
  return {
    requests_processed: m.total - m.failed,
    requests_failed: m.failed,
    requests_rejected: sec.requestsRejected,
    validation_failures: sec.validationFailures,
    security_events: sec.total,
    start_time: m.started / 1000,
    connections_total: app.sessions.sessions.size,
    connections_rejected: 0,
    peak_connections: app.sessions.sessions.size,
  }
}

/** The old bridge's validation_config names: a body over max_body_bytes is refused, so no string, array or param list is longer. */
function oldValidationConfig (config: Config): Record<string, unknown> {
  return {
    strict_mode: config.strictValidation,
    max_string_length: config.maxBodyBytes,
    max_array_length: config.maxBodyBytes,
    max_object_depth: config.maxJsonDepth,
    max_param_count: config.maxBodyBytes,
  }
}

async function systemHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const status = app.status
  const config = opts.config
  const stats = (): Record<string, unknown> => {
    const doc = status.stats()
    return {
      ...oldStats(app),
      ...doc,
      performance_summary: doc.request_stats,
      validation_config: { ...oldValidationConfig(config), ...(doc.validation_config as Record<string, unknown>) },
    }
  }
  // requests being answered now (the old daemon's concurrent_requests); counted once each, however a request ends
  // (callback hooks with a flag on the request: no promise or WeakSet entry per call on the hot path)
  let inFlight = 0
  const COUNTED = Symbol('counted in concurrent_requests')
  type Counted = FastifyRequest & { [COUNTED]?: boolean }
  app.addHook('onRequest', (req: Counted, _reply, next) => { req[COUNTED] = true; inFlight++; next() })
  const done = (req: Counted): void => { if (req[COUNTED] === true) { req[COUNTED] = false; inFlight-- } }
  app.addHook('onResponse', (req: Counted, _reply, next) => { done(req); next() })
  app.addHook('onRequestAbort', (req: Counted, next) => { done(req); next() })
  let peakCpu = 0
  const metrics = (): Record<string, unknown> => {
    const doc = status.metrics()
    const rs = doc.resource_status as Record<string, unknown>
    const cpu = typeof rs.cpu_percent === 'number' ? rs.cpu_percent : 0
    if (cpu > peakCpu) peakCpu = cpu
    const health = status.health()
    return {
      ...doc,
      resource_status: {
        ...rs,
        peak_memory: Math.round(process.resourceUsage().maxRSS / 1024 * 10) / 10,
        peak_cpu: peakCpu,
        concurrent_requests: inFlight,
        warnings: health.warnings,
        violations: health.errors,
      },
    }
  }
  // the old daemon's field names beside ours, which its monitoring scripts print
  const performance = (session: string): Record<string, unknown> => {
    const doc = status.performance(session)
    const hi = doc.health_indicators as Record<string, unknown>
    return { ...doc, health_indicators: { ...hi, overall_health: hi.status } }
  }
  const connections = (): Record<string, unknown> => {
    const doc = status.connections()
    const list = doc.connections as Array<Record<string, unknown>>
    return {
      ...doc,
      connection_limits: { max_concurrent: config.maxConnections, stale_timeout: config.staleSeconds },
      connections: list.map(c => ({ ...c, start_time: c.first_seen, last_activity: c.last_seen, idle_time: c.idle_seconds, status: c.stale === true ? 'stale' : 'active' })),
    }
  }
  app.rpc.register('system', {
    info: method({
      description: 'The old bridge\'s system.info: daemon_version, runtime, platform, working_directory, socket_path, uptime, loaded_modules, active_connections, configuration.',
      params: NoParams,
      result: Doc,
      idempotent: true,
      handler: () => ({
        daemon_version: VERSION,
        node_version: process.version,
        executable: process.execPath,
        platform: process.platform,
        pid: process.pid,
        working_directory: process.cwd(),
        socket_path: config.socketPath,
        uptime: app.requestMetrics.uptimeSeconds,
        loaded_modules: app.rpc.modules(),
        // the old bridge's whole-module names (logging_helper, ...) that reach a loaded module
        module_aliases: Object.fromEntries([...app.rpc.aliases].filter(([old]) => !old.includes('.'))),
        active_connections: app.sessions.sessions.size,
        configuration: {
          max_connections: config.maxConnections,
          max_request_size: config.maxBodyBytes,
          connection_timeout: config.staleSeconds,
          cleanup_interval: config.handleTtlSeconds,
        },
      }),
    }),

    health: method({ description: 'Health document: overall_status, checks, warnings, errors.', params: NoParams, result: HealthResult, idempotent: true, handler: () => status.health() }),
    metrics: method({ description: 'daemon_info, performance_metrics (p95/p99), resource_status, connection_summary, security_summary, module_status.', params: NoParams, result: Doc, idempotent: true, handler: metrics }),
    performance: method({ description: 'performance_metrics, module_performance.top_modules, health_indicators, recent_errors.', params: NoParams, result: Doc, idempotent: true, handler: (_p, ctx) => performance(ctx.session.id) }),
    stats: method({ description: 'The old bridge\'s counters (requests_processed, requests_failed, security_events, ...), security_metrics (events_by_type, recent_events), validation_failures, requests_rejected, validation_config. Old name: test.stats.', params: NoParams, result: Doc, idempotent: true, handler: stats }),
    connections: method({ description: 'Sessions (one per Perl process) with their handles; active/stale/total counts.', params: NoParams, result: Doc, idempotent: true, handler: connections }),
    cleanup: method({
      description: 'Ends stale sessions and reaps idle handles; returns cleaned_connections.',
      params: NoParams,
      result: Type.Object({ cleaned_connections: Type.Integer(), remaining_connections: Type.Integer() }),
      handler: async () => ({ cleaned_connections: await app.sessions.cleanupStale(), remaining_connections: app.sessions.sessions.size }),
    }),
  })
  // the old bridge answered test.stats with the same counters (system.stats added to them)
  app.rpc.alias('test.stats', 'system.stats')
  app.rpc.register('session', {
    close: method({
      description: 'Ends the calling session (the Perl client sends it at exit), closing every handle it owns.',
      params: NoParams,
      result: Type.Object({ closed_handles: Type.Integer() }),
      // Ending an ended session closes nothing, so a close lost with its connection may be sent again.
      idempotent: true,
      handler: async (_p, ctx) => ({ closed_handles: await app.sessions.endSession(ctx.session.id) }),
    }),
  })
}

export default fp(systemHelper, { fastify: '5.x', name: 'cpan-bridge-system', dependencies: ['cpan-bridge-registry', 'cpan-bridge-status'] })
