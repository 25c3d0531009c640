// Text renderings of the health and metrics documents for the CLI (the
// operations guide's health check and operational dashboard).
import type { HealthDoc } from '../plugins/status.js'
import { THRESHOLDS } from '../plugins/status.js'

export const HEALTH_EXIT = { healthy: 0, degraded: 1, unhealthy: 2 } as const

const ICON = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const

export function renderHealth (h: HealthDoc): string {
  const lines = [`HEALTH STATUS: ${h.overall_status.toUpperCase()}`, `Check Time: ${h.timestamp}`, '', 'DETAILED CHECKS:']
  for (const name of Object.keys(h.checks).sort()) lines.push(`  [${ICON[h.checks[name].status]}] ${name}: ${h.checks[name].message}`)
  if (h.warnings.length > 0) lines.push('', 'WARNINGS:', ...h.warnings.map(w => `  - ${w}`))
  if (h.errors.length > 0) lines.push('', 'ERRORS:', ...h.errors.map(e => `  - ${e}`))
  return lines.join('\n') + '\n'
}

interface MetricsDoc {
  timestamp: string
  daemon_info: { version: string, uptime_formatted: string, pid: number, socket: string }
  performance_metrics: { total_requests: number, requests_per_second: number, avg_response_time: number, p95_response_time: number, p99_response_time: number, error_rate: number }
  resource_status: { memory_mb: number, cpu_percent: number, requests_per_minute: number, max_memory_mb: number, max_cpu_percent: number }
  connection_summary: { active_connections: number, stale_connections: number, total_connections: number, open_handles: number }
  security_summary: { total_security_events: number, requests_rejected: number }
  module_status: { loaded_modules: number, available_modules: string[] }
}

const flag = (bad: boolean, critical = false): string => critical ? ' [CRITICAL]' : bad ? ' [WARNING]' : ''

export function renderDashboard (m: MetricsDoc): string {
  const p = m.performance_metrics
  const r = m.resource_status
  const c = m.connection_summary
  const s = m.security_summary
  const ms = (sec: number): string => `${(sec * 1000).toFixed(3)} ms`
  return [
    'CPAN BRIDGE DAEMON - OPERATIONAL DASHBOARD',
    '='.repeat(60),
    `${m.timestamp} | v${m.daemon_info.version} | up ${m.daemon_info.uptime_formatted} | pid ${m.daemon_info.pid} | ${m.daemon_info.socket}`,
    '',
    'PERFORMANCE',
    `  Requests: ${p.total_requests} total, ${p.requests_per_second.toFixed(1)}/sec, ${r.requests_per_minute} in the last minute`,
    `  Response: ${ms(p.avg_response_time)} avg, ${ms(p.p95_response_time)} P95, ${ms(p.p99_response_time)} P99${flag(p.avg_response_time > THRESHOLDS.responseTimeWarnSeconds)}`,
    `  Errors: ${(p.error_rate * 100).toFixed(1)}%${flag(p.error_rate > THRESHOLDS.errorRateWarn, p.error_rate > THRESHOLDS.errorRateFail)}`,
    '',
    'RESOURCES',
    `  Memory: ${r.memory_mb.toFixed(1)} MB${flag(r.memory_mb > r.max_memory_mb / 2, r.memory_mb > r.max_memory_mb)}`,
    `  CPU: ${r.cpu_percent.toFixed(1)}%${flag(r.cpu_percent > THRESHOLDS.cpuWarnPercent, r.cpu_percent > r.max_cpu_percent)}`,
    '',
    'CONNECTIONS',
    `  Active: ${c.active_connections}${flag(c.active_connections > THRESHOLDS.activeConnectionsWarn)}`,
    `  Stale: ${c.stale_connections}${flag(c.stale_connections > THRESHOLDS.staleConnectionsWarn)}`,
    `  Total: ${c.total_connections}, open handles: ${c.open_handles}`,
    '',
    'SECURITY',
    `  Events: ${s.total_security_events}${flag(s.total_security_events > 0)}`,
    `  Rejected: ${s.requests_rejected}${flag(s.requests_rejected > 0)}`,
    '',
    `MODULES: ${m.module_status.loaded_modules} loaded`,
    `  ${m.module_status.available_modules.join(', ')}`,
    '',
  ].join('\n')
}
