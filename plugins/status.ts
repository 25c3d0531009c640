// The operations guide's documents (health, metrics, performance, stats,
// connections), built in one place for the system.* methods, GET /health,
// the CLI health/dashboard commands.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../src/config.js'
import { VERSION } from '../src/version.js'
import { HostChecks } from './host-checks.js'

type CheckStatus = 'pass' | 'warn' | 'fail'
export interface HealthCheck { status: CheckStatus, message: string }
export interface HealthDoc {
  overall_status: 'healthy' | 'degraded' | 'unhealthy'
  timestamp: string
  checks: Record<string, HealthCheck>
  warnings: string[]
  errors: string[]
}

/** Thresholds from the operations guide. */
export const THRESHOLDS = {
  cpuWarnPercent: 80,
  errorRateWarn: 0.05,
  errorRateFail: 0.10,
  errorRateMinRequests: 20,
  responseTimeWarnSeconds: 1,
  staleConnectionsWarn: 5,
  activeConnectionsWarn: 40,
} as const

function windowText (s: number): string {
  return s % 60 === 0 ? `${s / 60} min` : `${s} s`
}

function formatUptime (s: number): string {
  const d = Math.floor(s / 86400)
  const h = Math.floor(s % 86400 / 3600)
  const m = Math.floor(s % 3600 / 60)
  const sec = Math.floor(s % 60)
  return `${d > 0 ? `${d}d ` : ''}${h}h ${m}m ${sec}s`
}

const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits

export class Status {
  private lastCpu = process.cpuUsage()
  private lastCpuAt = performance.now()
  private cpuPercent = 0
  private peakCpu = 0
  /** requests being answered now (the old daemon's concurrent_requests), kept by the plugin's hooks */
  inFlight = 0

  readonly host: HostChecks

  /** Connections a helper keeps open between scripts (the SSH pool's idle ones), listed by /connections; never credentials. */
  private readonly pooled = new Map<string, () => unknown[]>()

  constructor (private readonly app: FastifyInstance, private readonly config: Config) {
    this.host = new HostChecks([config.socketPath, config.logFile, config.securityLogFile])
  }

  /** CPU of this process since the previous sample (at least 250 ms apart so one reading is meaningful). */
  cpu (): number {
    const now = performance.now()
    const elapsedMs = now - this.lastCpuAt
    if (elapsedMs >= 250) {
      const u = process.cpuUsage(this.lastCpu)
      this.cpuPercent = (u.user + u.system) / 1000 / elapsedMs * 100
      this.lastCpu = process.cpuUsage()
      this.lastCpuAt = now
    }
    return round(this.cpuPercent, 1)
  }

  /** A helper's pool shows up in connections() as `pooled_connections[name]`. */
  addPool (name: string, list: () => unknown[]): void { this.pooled.set(name, list) }

  memoryMb (): number { return round(process.memoryUsage().rss / 1024 / 1024, 1) }

  connections (): Record<string, unknown> {
    const t = this.app.sessions
    const now = Date.now()
    const list = [...t.sessions.values()]
    const stale = list.filter(s => t.isStale(s, now)).length
    return {
      active_connections: list.length - stale,
      stale_connections: stale,
      total_connections: list.length,
      open_handles: t.handles.size,
      handles_by_kind: t.handlesByKind(),
      // the old daemon's names, which its monitoring scripts print
      connection_limits: { max_concurrent: this.config.maxConnections, stale_timeout: this.config.staleSeconds },
      connections: list.map(s => {
        const d = t.describe(s, now)
        return {
          connection_id: s.publicId,
          requests_count: s.requests,
          duration_seconds: round((now - s.firstSeen) / 1000, 1),
          ...d,
          start_time: d.first_seen,
          last_activity: d.last_seen,
          idle_time: d.idle_seconds,
          status: d.stale === true ? 'stale' : 'active',
        }
      }),
      pooled_connections: Object.fromEntries([...this.pooled].map(([name, list]) => [name, list()])),
    }
  }

  health (): HealthDoc {
    const c = this.config
    const m = this.app.requestMetrics
    const checks: Record<string, HealthCheck> = {}
    const mem = this.memoryMb()
    checks.memory = mem > c.maxMemoryMb
      ? { status: 'fail', message: `${mem} MB used, over the ${c.maxMemoryMb} MB limit` }
      : mem > c.maxMemoryMb / 2
        ? { status: 'warn', message: `${mem} MB used, over ${c.maxMemoryMb / 2} MB` }
        : { status: 'pass', message: `${mem} MB used` }
    const cpu = this.cpu()
    checks.cpu = cpu > c.maxCpuPercent
      ? { status: 'fail', message: `${cpu}% CPU, over ${c.maxCpuPercent}%` }
      : cpu > THRESHOLDS.cpuWarnPercent
        ? { status: 'warn', message: `${cpu}% CPU, over ${THRESHOLDS.cpuWarnPercent}%` }
        : { status: 'pass', message: `${cpu}% CPU` }
    // The last CPAN_BRIDGE_HEALTH_WINDOW seconds, and only the daemon's own failures: a script's
    // bad SQL, unknown method or loop end is its business (counted, shown, not judged), and a
    // burst of failures long past does not keep the daemon unhealthy.
    const w = m.recent.totals()
    const er = w.calls === 0 ? 0 : w.failures / w.calls
    const erText = `${round(er * 100, 1)}% of ${w.calls} requests in the last ${windowText(m.recent.seconds)} failed in the daemon ` +
      `(internal errors, unreachable backends, timeouts); ${w.callerErrors} callers' errors (bad SQL, unknown methods, invalid params) not judged`
    // One failure of the first few is not a sick daemon: below errorRateMinRequests calls the rate is reported, not judged.
    checks.error_rate = w.calls < THRESHOLDS.errorRateMinRequests
      ? { status: 'pass', message: `${erText} (too few requests to judge)` }
      : er > THRESHOLDS.errorRateFail
      ? { status: 'fail', message: `${erText}, over ${THRESHOLDS.errorRateFail * 100}%` }
      : er > THRESHOLDS.errorRateWarn
        ? { status: 'warn', message: `${erText}, over ${THRESHOLDS.errorRateWarn * 100}%` }
        : { status: 'pass', message: erText }
    const avgS = m.avgMs / 1000
    checks.response_time = avgS > THRESHOLDS.responseTimeWarnSeconds
      ? { status: 'warn', message: `average ${round(avgS)} s, over ${THRESHOLDS.responseTimeWarnSeconds} s` }
      : { status: 'pass', message: `average ${round(avgS * 1000)} ms` }
    const conn = this.connections()
    const staleN = conn.stale_connections as number
    checks.connections = staleN > THRESHOLDS.staleConnectionsWarn
      ? { status: 'warn', message: `${staleN} stale connections, over ${THRESHOLDS.staleConnectionsWarn}` }
      : { status: 'pass', message: `${conn.active_connections as number} active, ${staleN} stale, ${conn.open_handles as number} handles` }
    checks.disk = this.host.disk()
    checks.host_memory = this.host.memory()
    checks.logs = this.app.logFiles.check()
    checks.modules = { status: 'pass', message: `${this.app.rpc.modules().length} modules, ${this.app.rpc.methods.size} methods registered` }

    const warnings: string[] = []
    const errors: string[] = []
    for (const [name, ch] of Object.entries(checks)) {
      if (ch.status === 'warn') warnings.push(`${name}: ${ch.message}`)
      if (ch.status === 'fail') errors.push(`${name}: ${ch.message}`)
    }
    return {
      overall_status: errors.length > 0 ? 'unhealthy' : warnings.length > 0 ? 'degraded' : 'healthy',
      timestamp: new Date().toISOString(),
      checks,
      warnings,
      errors,
    }
  }

  performanceMetrics (): Record<string, number> {
    const m = this.app.requestMetrics
    const up = m.uptimeSeconds
    return {
      total_requests: m.total,
      successful_requests: m.total - m.failed,
      failed_requests: m.failed,
      error_rate: round(m.errorRate, 4),
      avg_response_time: round(m.avgMs / 1000, 6),
      p95_response_time: round(m.percentile(0.95) / 1000, 6),
      p99_response_time: round(m.percentile(0.99) / 1000, 6),
      requests_per_second: round(up > 0 ? m.total / up : 0, 2),
      requests_per_minute: m.requestsLastMinute,
      uptime_seconds: round(up, 1),
    }
  }

  metrics (): Record<string, unknown> {
    const m = this.app.requestMetrics
    const conn = this.connections()
    const sec = this.app.securityLog
    const modules = this.app.rpc.modules()
    const cpu = this.cpu()
    if (cpu > this.peakCpu) this.peakCpu = cpu
    const health = this.health()
    return {
      timestamp: new Date().toISOString(),
      daemon_info: {
        version: VERSION,
        pid: process.pid,
        node_version: process.version,
        socket: this.config.socketPath,
        started: new Date(m.started).toISOString(),
        uptime_seconds: round(m.uptimeSeconds, 1),
        uptime_formatted: formatUptime(m.uptimeSeconds),
      },
      performance_metrics: this.performanceMetrics(),
      resource_status: {
        memory_mb: this.memoryMb(),
        heap_used_mb: round(process.memoryUsage().heapUsed / 1024 / 1024, 1),
        cpu_percent: cpu,
        requests_per_minute: m.requestsLastMinute,
        max_memory_mb: this.config.maxMemoryMb,
        max_cpu_percent: this.config.maxCpuPercent,
        // the old daemon's names
        peak_memory: round(process.resourceUsage().maxRSS / 1024, 1),
        peak_cpu: this.peakCpu,
        concurrent_requests: this.inFlight,
        warnings: health.warnings,
        violations: health.errors,
      },
      connection_summary: {
        active_connections: conn.active_connections,
        stale_connections: conn.stale_connections,
        total_connections: conn.total_connections,
        open_handles: conn.open_handles,
        max_connections: this.config.maxConnections,
      },
      security_summary: {
        total_security_events: sec.total,
        requests_rejected: sec.requestsRejected,
        validation_failures: sec.validationFailures,
      },
      module_status: {
        loaded_modules: modules.length,
        available_modules: modules,
        registered_methods: this.app.rpc.methods.size,
      },
    }
  }

  /** `session`: the caller, whose own recent errors are shown (none without one). */
  performance (session?: string): Record<string, unknown> {
    const perf = this.performanceMetrics()
    const concerns: string[] = []
    const recommendations: string[] = []
    if (perf.error_rate > THRESHOLDS.errorRateWarn) {
      concerns.push(`error rate ${round(perf.error_rate * 100, 1)}% is over ${THRESHOLDS.errorRateWarn * 100}%`)
      recommendations.push('look at recent_errors and the daemon log for the failing methods')
    }
    if (perf.avg_response_time > THRESHOLDS.responseTimeWarnSeconds) {
      concerns.push(`average response time ${perf.avg_response_time}s is over ${THRESHOLDS.responseTimeWarnSeconds}s`)
      recommendations.push('check the slowest modules in top_modules and their backends')
    }
    const mem = this.memoryMb()
    if (mem > this.config.maxMemoryMb / 2) {
      concerns.push(`memory ${mem} MB is over ${this.config.maxMemoryMb / 2} MB`)
      recommendations.push('run system.cleanup to close stale handles, or restart the daemon')
    }
    const stale = this.connections().stale_connections as number
    if (stale > THRESHOLDS.staleConnectionsWarn) {
      concerns.push(`${stale} stale connections`)
      recommendations.push('run system.cleanup; make scripts disconnect when done')
    }
    return {
      timestamp: new Date().toISOString(),
      performance_metrics: perf,
      module_performance: { top_modules: this.app.requestMetrics.topModules() },
      // overall_health: the old daemon's name of status
      health_indicators: { status: concerns.length > 0 ? 'degraded' : 'healthy', overall_health: concerns.length > 0 ? 'degraded' : 'healthy', concerns, recommendations },
      // the caller's own errors only: a message may quote bound values (another script's data)
      recent_errors: this.app.requestMetrics.recentErrorsOf(session),
      recent_error_types: this.app.requestMetrics.recentErrorTypes(),
    }
  }

  /**
   * The old bridge's daemon counters (its `self.stats`) under its names, which
   * old scripts print from test.stats and system.stats.
   */
  private oldCounters (): Record<string, number> {
    const m = this.app.requestMetrics
    const sec = this.app.securityLog
    return {
      requests_processed: m.total - m.failed,
      requests_failed: m.failed,
      requests_rejected: sec.requestsRejected,
      validation_failures: sec.validationFailures,
      security_events: sec.total,
      start_time: m.started / 1000,
      connections_total: this.app.sessions.sessions.size,
      connections_rejected: 0,
      peak_connections: this.app.sessions.sessions.size,
    }
  }

  stats (): Record<string, unknown> {
    const sec = this.app.securityLog
    const c = this.config
    const requestStats = this.performanceMetrics()
    return {
      ...this.oldCounters(),
      timestamp: new Date().toISOString(),
      security_metrics: {
        total_events: sec.total,
        events_by_type: { ...sec.byType },
        // events name sessions by their public ids (plugins/security-log.ts)
        recent_events: [...sec.recent].reverse(),
      },
      validation_failures: sec.validationFailures,
      requests_rejected: sec.requestsRejected,
      validation_config: {
        // the old names: a body over max_body_bytes is refused, so no string, array or param list is longer
        strict_mode: c.strictValidation,
        max_string_length: c.maxBodyBytes,
        max_array_length: c.maxBodyBytes,
        max_object_depth: c.maxJsonDepth,
        max_param_count: c.maxBodyBytes,
        strict_validation: this.config.strictValidation,
        max_body_bytes: this.config.maxBodyBytes,
        max_json_depth: this.config.maxJsonDepth,
        max_batch: this.config.maxBatch,
        max_requests_per_minute: this.config.maxRequestsPerMinute,
        max_connections: this.config.maxConnections,
        allowed_paths: this.config.allowedPaths,
        content_filtering: false,
      },
      request_stats: requestStats,
      // the old daemon's name of request_stats
      performance_summary: requestStats,
    }
  }
}

declare module 'fastify' {
  interface FastifyInstance { status: Status }
}

async function statusPlugin (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const status = new Status(app, opts.config)
  app.decorate('status', status)
  // concurrent_requests. The response's 'close' comes exactly once, whether it was sent or its client went
  // away first; onResponse + onRequestAbort missed a client that timed out while its handler still ran.
  const done = (): void => { status.inFlight-- }
  app.addHook('onRequest', (_req, reply, next) => { status.inFlight++; reply.raw.once('close', done); next() })
}

export default fp(statusPlugin, { fastify: '5.x', name: 'cpan-bridge-status', dependencies: ['cpan-bridge-sessions', 'cpan-bridge-metrics', 'cpan-bridge-security-log'] })
