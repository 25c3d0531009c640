// Request metrics: the series of /metrics (plugins/prometheus.ts), and the
// in-process figures the operations guide's system.metrics /
// system.performance report (p95/p99 from a ring of recent latencies,
// per-method counts, recent errors).
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { PrometheusSeries, bucketOf, newMethodStats, type MethodStats } from './prometheus.js'

const RING = 2048
// kept across sessions; each caller is shown up to RECENT_SHOWN of its own
const RECENT_ERRORS = 200
const RECENT_SHOWN = 20

export interface RecentError { timestamp: string, module_function: string, error: string, type: string }
/** A recent error with the session it happened in: its message may quote that session's bound values. */
interface RecordedError extends RecentError { session: string | undefined }

/**
 * Calls of the last `seconds` (health's window), a slot a second: every
 * call, the daemon's own failures, and the callers' errors apart.
 */
export class RecentWindow {
  private readonly stamp: Float64Array
  private readonly calls: Uint32Array
  private readonly failures: Uint32Array
  private readonly callerErrors: Uint32Array
  constructor (readonly seconds: number) {
    this.stamp = new Float64Array(seconds)
    this.calls = new Uint32Array(seconds)
    this.failures = new Uint32Array(seconds)
    this.callerErrors = new Uint32Array(seconds)
  }

  add (now: number, failed: 'daemon' | 'caller' | null): void {
    const sec = Math.floor(now / 1000)
    const i = sec % this.seconds
    if (this.stamp[i] !== sec) { this.stamp[i] = sec; this.calls[i] = 0; this.failures[i] = 0; this.callerErrors[i] = 0 }
    this.calls[i]++
    if (failed === 'daemon') this.failures[i]++
    else if (failed === 'caller') this.callerErrors[i]++
  }

  totals (now = Date.now()): { calls: number, failures: number, callerErrors: number } {
    const oldest = Math.floor(now / 1000) - this.seconds + 1
    let calls = 0; let failures = 0; let callerErrors = 0
    for (let i = 0; i < this.seconds; i++) {
      if (this.stamp[i] < oldest) continue
      calls += this.calls[i]; failures += this.failures[i]; callerErrors += this.callerErrors[i]
    }
    return { calls, failures, callerErrors }
  }
}

export class RequestMetrics {
  readonly prometheus: PrometheusSeries
  readonly started = Date.now()
  total = 0
  failed = 0
  readonly perMethod = new Map<string, MethodStats>()
  private readonly recentErrors: RecordedError[] = []
  private readonly ring = new Float64Array(RING)
  private ringLen = 0
  private ringPos = 0
  private totalMs = 0
  // per-second counts over the last minute: O(1) per call at any rate
  private readonly secCount = new Uint32Array(60)
  private readonly secStamp = new Float64Array(60)

  /** what health judges: the last CPAN_BRIDGE_HEALTH_WINDOW seconds */
  readonly recent: RecentWindow

  constructor (gauges: { sessions: () => number, handles: () => number }, windowSeconds = 300) {
    this.prometheus = new PrometheusSeries(this.perMethod, gauges)
    this.recent = new RecentWindow(windowSeconds)
  }

  /**
   * Records one call. `method` is a registered name or 'unknown', so label cardinality stays bounded.
   * `session`: whose error it is (only that session is shown its message).
   */
  record (method: string, ms: number, error?: { message: string, type: string, daemon: boolean }, session?: string, asked = method): void {
    this.total++
    this.totalMs += ms
    this.ring[this.ringPos] = ms
    this.ringPos = (this.ringPos + 1) % RING
    if (this.ringLen < RING) this.ringLen++
    const now = Date.now()
    this.recent.add(now, error === undefined ? null : error.daemon ? 'daemon' : 'caller')
    const sec = Math.floor(now / 1000)
    const slot = sec % 60
    if (this.secStamp[slot] !== sec) { this.secStamp[slot] = sec; this.secCount[slot] = 0 }
    this.secCount[slot]++
    let s = this.perMethod.get(method)
    if (s === undefined) { s = newMethodStats(); this.perMethod.set(method, s) }
    s.requests++
    s.totalMs += ms
    s.buckets[bucketOf(ms / 1000)]++
    if (error) {
      this.failed++
      s.errors++
      s.errorTypes.set(error.type, (s.errorTypes.get(error.type) ?? 0) + 1)
      this.recentErrors.push({ timestamp: new Date(now).toISOString(), module_function: asked, error: error.message, type: error.type, session })
      if (this.recentErrors.length > RECENT_ERRORS) this.recentErrors.shift()
    }
  }

  /** The recent errors of one session, newest first; nobody sees another session's messages. */
  recentErrorsOf (session: string | undefined): RecentError[] {
    if (session === undefined) return []
    return this.recentErrors.filter(e => e.session === session).slice(-RECENT_SHOWN).reverse()
      .map(({ timestamp, module_function, error, type }) => ({ timestamp, module_function, error, type }))
  }

  /** How many of the recent errors (every session's) are of each type: counts only, no messages. */
  recentErrorTypes (): Record<string, number> {
    const out: Record<string, number> = {}
    for (const e of this.recentErrors) out[e.type] = (out[e.type] ?? 0) + 1
    return out
  }

  percentile (p: number): number {
    if (this.ringLen === 0) return 0
    const sorted = Array.from(this.ring.subarray(0, this.ringLen)).sort((a, b) => a - b)
    return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
  }

  get uptimeSeconds (): number { return (Date.now() - this.started) / 1000 }
  get avgMs (): number { return this.total ? this.totalMs / this.total : 0 }
  get errorRate (): number { return this.total ? this.failed / this.total : 0 }
  get requestsLastMinute (): number {
    const oldest = Math.floor(Date.now() / 1000) - 59
    let n = 0
    for (let i = 0; i < 60; i++) if (this.secStamp[i] >= oldest) n += this.secCount[i]
    return n
  }

  topModules (n = 10): Array<{ module_function: string, requests: number, avg_time_ms: number, error_rate: number }> {
    return [...this.perMethod.entries()]
      .sort((a, b) => b[1].requests - a[1].requests)
      .slice(0, n)
      .map(([name, s]) => ({
        module_function: name,
        requests: s.requests,
        avg_time_ms: Math.round(s.totalMs / s.requests * 1000) / 1000,
        error_rate: Math.round(s.errors / s.requests * 1000) / 10,
      }))
  }
}

declare module 'fastify' {
  interface FastifyInstance { requestMetrics: RequestMetrics }
}

async function metricsPlugin (app: FastifyInstance, opts: { healthWindowSeconds: number }): Promise<void> {
  const m = new RequestMetrics({
    sessions: () => app.sessions.sessions.size,
    handles: () => app.sessions.handles.size,
  }, opts.healthWindowSeconds)
  app.decorate('requestMetrics', m)
  app.addHook('onClose', async () => { await m.prometheus.close() })
}

export default fp(metricsPlugin, { fastify: '5.x', name: 'cpan-bridge-metrics', dependencies: ['cpan-bridge-sessions'] })
