// The security log: a JSON line per rejected request (bad JSON, schema
// failure, rate limit, auth failure, oversized body...) with reason and
// session, plus the counters system.stats and system.metrics summarize.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { LogFile, type LogFiles } from '../src/log-file.js'
import { ANONYMOUS_SESSION } from './rate-limit.js'

export interface SecurityEvent {
  timestamp: string
  event_type: string
  severity: 'warning' | 'high'
  reason: string
  session: string | null
  method?: string
}

export interface SecurityLogOptions {
  file: string
  /** the daemon's log files (SIGHUP, dropped-line counts); a standalone file when absent */
  logFiles?: LogFiles
}

const RECENT = 50

export class SecurityLog {
  readonly byType: Record<string, number> = {}
  readonly recent: SecurityEvent[] = []
  total = 0
  validationFailures = 0
  requestsRejected = 0
  /** a full disk drops and counts lines here (src/log-file.ts); it never fails a request */
  private readonly file: LogFile | undefined

  /**
   * `publicId` names a session as listings do: the header value grants the session,
   * so it is never written where an operator (or a support ticket) would read it.
   */
  constructor (file: string, logFiles?: LogFiles, private readonly publicId: (session: string) => string = s => s) {
    if (file) this.file = logFiles ? logFiles.open(file, 'security') : new LogFile(file, 'security')
  }

  /** Records one rejected request. `reason` must not contain secrets; callers pass field names, not values. */
  record (type: string, reason: string, session: string | null, method?: string): void {
    const severity = type === 'auth_failure' || type === 'rate_limited' ? 'high' : 'warning'
    const shown = session === null || session === ANONYMOUS_SESSION ? session : this.publicId(session)
    const ev: SecurityEvent = { timestamp: new Date().toISOString(), event_type: type, severity, reason, session: shown, ...(method ? { method } : {}) }
    this.total++
    this.requestsRejected++
    if (type === 'validation_failure') this.validationFailures++
    this.byType[type] = (this.byType[type] ?? 0) + 1
    this.recent.push(ev)
    if (this.recent.length > RECENT) this.recent.shift()
    // the words the guide's `grep -c "SECURITY ALERT"` counts, first on the line
    this.file?.write(JSON.stringify({ alert: 'SECURITY ALERT', ...ev }) + '\n')
  }

  async close (): Promise<void> {
    await this.file?.close()
  }
}

declare module 'fastify' {
  interface FastifyInstance { securityLog: SecurityLog }
}

async function securityLogPlugin (app: FastifyInstance, opts: SecurityLogOptions): Promise<void> {
  const log = new SecurityLog(opts.file, opts.logFiles, id => app.sessions.publicIdOf(id))
  app.decorate('securityLog', log)
  app.addHook('onClose', async () => { await log.close() })
}

export default fp(securityLogPlugin, { fastify: '5.x', name: 'cpan-bridge-security-log', dependencies: ['cpan-bridge-sessions'] })
