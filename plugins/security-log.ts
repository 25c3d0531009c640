// The security log: a JSON line per rejected request (bad JSON, schema
// failure, rate limit, auth failure, oversized body...) with reason and
// session, plus the counters system.stats and system.metrics summarize.
import fp from 'fastify-plugin'
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'

export interface SecurityEvent {
  timestamp: string
  event_type: string
  severity: 'warning' | 'high'
  reason: string
  session: string | null
  method?: string
}

export interface SecurityLogOptions { file: string }

const RECENT = 50

export class SecurityLog {
  readonly byType: Record<string, number> = {}
  readonly recent: SecurityEvent[] = []
  total = 0
  validationFailures = 0
  requestsRejected = 0
  private stream: fs.WriteStream | undefined

  constructor (file: string) {
    if (file) {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      this.stream = fs.createWriteStream(file, { flags: 'a', mode: 0o600 })
      this.stream.on('error', () => { this.stream = undefined })
    }
  }

  /** Records one rejected request. `reason` must not contain secrets; callers pass field names, not values. */
  record (type: string, reason: string, session: string | null, method?: string): void {
    const severity = type === 'auth_failure' || type === 'rate_limited' ? 'high' : 'warning'
    const ev: SecurityEvent = { timestamp: new Date().toISOString(), event_type: type, severity, reason, session, ...(method ? { method } : {}) }
    this.total++
    this.requestsRejected++
    if (type === 'validation_failure') this.validationFailures++
    this.byType[type] = (this.byType[type] ?? 0) + 1
    this.recent.push(ev)
    if (this.recent.length > RECENT) this.recent.shift()
    this.stream?.write(JSON.stringify(ev) + '\n')
  }

  async close (): Promise<void> {
    const s = this.stream
    this.stream = undefined
    if (s) await new Promise<void>(resolve => s.end(resolve))
  }
}

declare module 'fastify' {
  interface FastifyInstance { securityLog: SecurityLog }
}

async function securityLogPlugin (app: FastifyInstance, opts: SecurityLogOptions): Promise<void> {
  const log = new SecurityLog(opts.file)
  app.decorate('securityLog', log)
  app.addHook('onClose', async () => { await log.close() })
}

export default fp(securityLogPlugin, { fastify: '5.x', name: 'cpan-bridge-security-log' })
