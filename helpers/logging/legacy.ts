// The old bridge's logging_helper calls (init_logger, log_*, set_level,
// logdie, ...), for scripts that call them directly. The old daemon printed
// these lines on its own stdout; here they go to the daemon's log (pino) at
// the matching level, and each result carries the formatted message.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { method, type CallContext } from '../../src/registry.js'
import { LEVELS } from './config.js'

interface OldLogger { category: string, level: string, pattern: string }

const LevelName = Type.Union(['TRACE', 'DEBUG', 'INFO', 'WARN', 'WARNING', 'ERROR', 'FATAL', 'CRITICAL'].map(l => Type.Literal(l)))
const LogParams = Type.Object({
  logger_id: Type.Optional(Type.String()),
  message: Type.String(),
  filename: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  line: Type.Optional(Type.Union([Type.Integer(), Type.String(), Type.Null()])),
  package: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  enhanced: Type.Optional(Type.Union([Type.Boolean(), Type.Integer()])),
})
const LogResult = Type.Object({ logged: Type.Boolean(), level: Type.String(), message: Type.String() })

function canon (level: string): string {
  const l = level.toUpperCase()
  return l === 'WARNING' ? 'WARN' : l === 'CRITICAL' ? 'FATAL' : l
}

export function legacyMethods (app: FastifyInstance) {
  const get = (ctx: CallContext, id: string | undefined): OldLogger => app.sessions.resolve<OldLogger>(ctx.session, 'logger', id).resource

  const emit = (lvl: string) => (p: { logger_id?: string, message: string, filename?: string | null, line?: number | string | null, enhanced?: boolean | number }, ctx: CallContext) => {
    const lg = get(ctx, p.logger_id)
    let message = p.message
    if (p.enhanced && p.filename && p.line) {
      if (lvl === 'DEBUG') message = `DEBUG: ${p.filename} line:${p.line}: ${message}`
      else if (lvl === 'ERROR' || lvl === 'FATAL') message = `${p.filename} line:${p.line}: ${message}`
    }
    const logged = lvl === 'ALWAYS' || LEVELS[canon(lg.level)] <= LEVELS[lvl]
    if (logged) ctx.log.info({ category: lg.category, level: lvl === 'ALWAYS' ? 'TRACE' : lvl, session: ctx.session.publicId }, message)
    return { logged, level: lvl === 'ALWAYS' ? 'TRACE' : lvl, message }
  }
  const isLevel = (lvl: string) => method({
    description: `Old bridge: true when the logger would log at ${lvl}.`,
    params: Type.Object({ logger_id: Type.Optional(Type.String()) }),
    result: Type.Boolean(),
    handler: (p, ctx) => LEVELS[canon(get(ctx, p.logger_id).level)] <= LEVELS[lvl],
  })
  const logAt = (lvl: string) => method({ description: `Old bridge: logs one ${lvl} message through a logger_id.`, params: LogParams, result: LogResult, handler: emit(lvl) })

  return {
    init_logger: method({
      description: 'Old bridge: creates a logger for a category (Screen appender, "%d{EEE yyyy/MM/dd HH:mm:ss}|%m%n").',
      params: Type.Object({ category: Type.Optional(Type.String()), level: Type.Optional(LevelName), caller_depth: Type.Optional(Type.Integer()) }),
      result: Type.Object({ logger_id: Type.String(), category: Type.String(), level: Type.String(), appender: Type.String() }),
      handler: (p, ctx) => {
        const lg: OldLogger = { category: p.category ?? 'main', level: canon(p.level ?? 'INFO'), pattern: '%d{EEE yyyy/MM/dd HH:mm:ss}|%m%n' }
        const id = app.sessions.create(ctx.session, 'logger', lg, () => undefined)
        return { logger_id: id, category: lg.category, level: lg.level, appender: 'sysout' }
      },
    }),
    set_level: method({
      description: 'Old bridge: sets a logger\'s level by name.',
      params: Type.Object({ logger_id: Type.Optional(Type.String()), level: LevelName }),
      result: Type.Object({ logger_id: Type.String(), level: Type.String() }),
      handler: (p, ctx) => {
        const { id, resource } = app.sessions.resolve<OldLogger>(ctx.session, 'logger', p.logger_id)
        resource.level = canon(p.level)
        return { logger_id: id, level: resource.level }
      },
    }),
    get_level: method({
      description: 'Old bridge: a logger\'s level name.',
      params: Type.Object({ logger_id: Type.Optional(Type.String()) }),
      result: Type.Object({ level: Type.String() }),
      handler: (p, ctx) => ({ level: get(ctx, p.logger_id).level }),
    }),
    is_trace: isLevel('TRACE'),
    is_debug: isLevel('DEBUG'),
    is_info: isLevel('INFO'),
    is_warn: isLevel('WARN'),
    is_error: isLevel('ERROR'),
    is_fatal: isLevel('FATAL'),
    log_trace: logAt('TRACE'),
    log_debug: logAt('DEBUG'),
    log_info: logAt('INFO'),
    log_warn: logAt('WARN'),
    log_error: logAt('ERROR'),
    log_fatal: logAt('FATAL'),
    always_log: method({ description: 'Old bridge: logs whatever the level.', params: LogParams, result: LogResult, handler: emit('ALWAYS') }),
    logdie: method({
      description: 'Old bridge: logs a FATAL message and tells the caller to exit (should_exit).',
      params: LogParams,
      result: Type.Object({ logged: Type.Boolean(), level: Type.String(), message: Type.String(), should_exit: Type.Boolean() }),
      handler: (p, ctx) => ({ ...emit('FATAL')({ ...p, enhanced: p.enhanced ?? true }, ctx), should_exit: true }),
    }),
    cleanup_logger: method({
      description: 'Old bridge: forgets a logger_id.',
      params: Type.Object({ logger_id: Type.String() }),
      result: Type.Object({ logger_id: Type.String(), cleaned_up: Type.Boolean() }),
      handler: async (p, ctx) => {
        await app.sessions.close(ctx.session, 'logger', p.logger_id)
        return { logger_id: p.logger_id, cleaned_up: true }
      },
    }),
    wrapper_register: method({
      description: 'Old bridge: accepted for compatibility; wrapper packages are handled in Perl.',
      params: Type.Object({ package_name: Type.Optional(Type.String()) }),
      result: Type.Object({ registered: Type.Boolean() }),
      handler: () => ({ registered: true }),
    }),
  }
}
