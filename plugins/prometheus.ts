// The /metrics exposition. The bridge's own series (calls, errors, latency
// histogram, sessions, handles) are plain counters kept here and written in
// the Prometheus text format; prom-client, which with its OpenTelemetry
// dependency costs ~90 ms of start-up and a few MB, is imported on the first
// scrape, for the process metrics (memory, CPU, event loop, GC) only.
import type { Registry } from 'prom-client'

const BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]

interface Histogram { buckets: Float64Array, sum: number, count: number }

const label = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

export class PrometheusSeries {
  private readonly calls = new Map<string, number>() // method \0 status
  private readonly errors = new Map<string, number>() // method \0 type
  private readonly latency = new Map<string, Histogram>()
  private process: Promise<Registry> | undefined

  constructor (private readonly gauges: { sessions: () => number, handles: () => number }) {}

  observe (method: string, seconds: number, errorType?: string): void {
    const key = `${method}\0${errorType === undefined ? 'ok' : 'error'}`
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1)
    if (errorType !== undefined) {
      const ek = `${method}\0${errorType}`
      this.errors.set(ek, (this.errors.get(ek) ?? 0) + 1)
    }
    let h = this.latency.get(method)
    if (h === undefined) { h = { buckets: new Float64Array(BUCKETS.length), sum: 0, count: 0 }; this.latency.set(method, h) }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) { h.buckets[i]++; break }
    h.sum += seconds
    h.count++
  }

  get contentType (): string { return 'text/plain; version=0.0.4; charset=utf-8' }

  async text (): Promise<string> {
    this.process ??= (async () => {
      const client = await import('prom-client')
      const registry = new client.Registry()
      client.collectDefaultMetrics({ register: registry, prefix: 'cpan_bridge_' })
      return registry
    })()
    const out: string[] = [(await (await this.process).metrics()).trimEnd()]
    out.push('# HELP cpan_bridge_requests_total JSON-RPC calls by method and outcome', '# TYPE cpan_bridge_requests_total counter')
    for (const [k, n] of this.calls) { const [m, s] = k.split('\0'); out.push(`cpan_bridge_requests_total{method="${label(m)}",status="${s}"} ${n}`) }
    out.push('# HELP cpan_bridge_errors_total JSON-RPC errors by method and error type', '# TYPE cpan_bridge_errors_total counter')
    for (const [k, n] of this.errors) { const [m, t] = k.split('\0'); out.push(`cpan_bridge_errors_total{method="${label(m)}",type="${label(t)}"} ${n}`) }
    out.push('# HELP cpan_bridge_request_duration_seconds JSON-RPC call latency by method', '# TYPE cpan_bridge_request_duration_seconds histogram')
    for (const [m, h] of this.latency) {
      let cum = 0
      for (let i = 0; i < BUCKETS.length; i++) { cum += h.buckets[i]; out.push(`cpan_bridge_request_duration_seconds_bucket{le="${BUCKETS[i]}",method="${label(m)}"} ${cum}`) }
      out.push(`cpan_bridge_request_duration_seconds_bucket{le="+Inf",method="${label(m)}"} ${h.count}`)
      out.push(`cpan_bridge_request_duration_seconds_sum{method="${label(m)}"} ${h.sum}`, `cpan_bridge_request_duration_seconds_count{method="${label(m)}"} ${h.count}`)
    }
    out.push('# HELP cpan_bridge_active_sessions open sessions (Perl processes)', '# TYPE cpan_bridge_active_sessions gauge', `cpan_bridge_active_sessions ${this.gauges.sessions()}`)
    out.push('# HELP cpan_bridge_active_handles open handles (connections, statements, files...)', '# TYPE cpan_bridge_active_handles gauge', `cpan_bridge_active_handles ${this.gauges.handles()}`)
    return out.join('\n') + '\n'
  }

  async close (): Promise<void> {
    if (this.process !== undefined) (await this.process).clear()
  }
}
