// The /metrics exposition. The bridge's own series (calls, errors, latency
// histogram, sessions, handles) are written in the Prometheus text format
// from the per-method figures RequestMetrics keeps anyway; prom-client, which
// with its OpenTelemetry dependency costs ~90 ms of start-up and a few MB,
// is imported on the first scrape, for the process metrics (memory, CPU,
// event loop, GC) only.
import type { Registry } from 'prom-client'

export const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]

/** What RequestMetrics counts per method; the series below are derived from it. */
export interface MethodStats {
  requests: number
  errors: number
  totalMs: number
  /** errors by data.type */
  errorTypes: Map<string, number>
  /** calls per latency bucket (not cumulative; the last slot is over the largest bucket) */
  buckets: Float64Array
}

export function newMethodStats (): MethodStats {
  return { requests: 0, errors: 0, totalMs: 0, errorTypes: new Map(), buckets: new Float64Array(LATENCY_BUCKETS.length + 1) }
}

/** Index of the bucket a latency falls in. */
export function bucketOf (seconds: number): number {
  let i = 0
  while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]) i++
  return i
}

const label = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

export class PrometheusSeries {
  private process: Promise<Registry> | undefined
  private readonly extra: Array<() => string[]> = []

  constructor (
    private readonly perMethod: ReadonlyMap<string, MethodStats>,
    private readonly gauges: { sessions: () => number, handles: () => number },
  ) {}

  /** More series from outside the request path (the log files' dropped-line counter), appended to every scrape. */
  addSeries (lines: () => string[]): void { this.extra.push(lines) }

  async text (): Promise<string> {
    this.process ??= (async () => {
      const client = await import('prom-client')
      const registry = new client.Registry()
      client.collectDefaultMetrics({ register: registry, prefix: 'cpan_bridge_' })
      return registry
    })()
    const out: string[] = [(await (await this.process).metrics()).trimEnd()]
    const methods = [...this.perMethod]
    out.push('# HELP cpan_bridge_requests_total JSON-RPC calls by method and outcome', '# TYPE cpan_bridge_requests_total counter')
    for (const [m, s] of methods) {
      if (s.requests > s.errors) out.push(`cpan_bridge_requests_total{method="${label(m)}",status="ok"} ${s.requests - s.errors}`)
      if (s.errors > 0) out.push(`cpan_bridge_requests_total{method="${label(m)}",status="error"} ${s.errors}`)
    }
    out.push('# HELP cpan_bridge_errors_total JSON-RPC errors by method and error type', '# TYPE cpan_bridge_errors_total counter')
    for (const [m, s] of methods) for (const [t, n] of s.errorTypes) out.push(`cpan_bridge_errors_total{method="${label(m)}",type="${label(t)}"} ${n}`)
    out.push('# HELP cpan_bridge_request_duration_seconds JSON-RPC call latency by method', '# TYPE cpan_bridge_request_duration_seconds histogram')
    for (const [m, s] of methods) {
      let cum = 0
      for (let i = 0; i < LATENCY_BUCKETS.length; i++) { cum += s.buckets[i]; out.push(`cpan_bridge_request_duration_seconds_bucket{le="${LATENCY_BUCKETS[i]}",method="${label(m)}"} ${cum}`) }
      out.push(`cpan_bridge_request_duration_seconds_bucket{le="+Inf",method="${label(m)}"} ${s.requests}`)
      out.push(`cpan_bridge_request_duration_seconds_sum{method="${label(m)}"} ${s.totalMs / 1000}`, `cpan_bridge_request_duration_seconds_count{method="${label(m)}"} ${s.requests}`)
    }
    out.push('# HELP cpan_bridge_active_sessions open sessions (Perl processes)', '# TYPE cpan_bridge_active_sessions gauge', `cpan_bridge_active_sessions ${this.gauges.sessions()}`)
    out.push('# HELP cpan_bridge_active_handles open handles (connections, statements, files...)', '# TYPE cpan_bridge_active_handles gauge', `cpan_bridge_active_handles ${this.gauges.handles()}`)
    for (const lines of this.extra) out.push(...lines())
    return out.join('\n') + '\n'
  }

  async close (): Promise<void> {
    if (this.process !== undefined) (await this.process).clear()
  }
}
