// Module `system`: the operations guide's management API. The documents are
// built by plugins/status; this file only exposes them as methods.
import fp from 'fastify-plugin'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
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

async function systemHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const status = app.status
  const config = opts.config
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
    metrics: method({ description: 'daemon_info, performance_metrics (p95/p99), resource_status, connection_summary, security_summary, module_status.', params: NoParams, result: Doc, idempotent: true, handler: () => status.metrics() }),
    performance: method({ description: 'performance_metrics, module_performance.top_modules, health_indicators, recent_errors.', params: NoParams, result: Doc, idempotent: true, handler: (_p, ctx) => status.performance(ctx.session.id) }),
    stats: method({ description: 'The old bridge\'s counters (requests_processed, requests_failed, security_events, ...), security_metrics (events_by_type, recent_events), validation_failures, requests_rejected, validation_config. Old name: test.stats.', params: NoParams, result: Doc, idempotent: true, handler: () => status.stats() }),
    connections: method({ description: 'Sessions (one per Perl process) with their handles; active/stale/total counts.', params: NoParams, result: Doc, idempotent: true, handler: () => status.connections() }),
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
