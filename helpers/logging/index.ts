// Module `logging` (and the old name `logging_helper`): Log::Log4perl.
// The daemon parses log4perl configs into resolved data; the Perl facade
// filters by level, formats and writes File/Screen lines itself (O_APPEND,
// one write per line), so logging in a loop costs no round trip. Size-rolled
// files are written here, by one writer per file.
import fp from 'fastify-plugin'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { method, type CallContext } from '../../src/registry.js'
import { BackendError } from '../../src/errors.js'
import { resolveClientPath } from '../../src/paths.js'
import { resolveConfig } from './config.js'
import { RollingWriters } from './rolling.js'
import { legacyMethods } from './legacy.js'

declare module 'fastify' {
  interface FastifyInstance { logging: { rolling: RollingWriters } }
}

function filePath (config: Config, ctx: CallContext, p: string): string {
  return resolveClientPath(p, { cwd: ctx.cwd, allowedPaths: config.allowedPaths, field: 'params.filename' })
}

const Level = Type.String()
const Resolved = Type.Object({
  loggers: Type.Array(Type.Object({ category: Type.String(), level: Level, appenders: Type.Array(Type.String()), additivity: Type.Optional(Type.Boolean()) })),
  appenders: Type.Record(Type.String(), Type.Object({
    class: Type.String(),
    params: Type.Record(Type.String(), Type.Unknown()),
    layout: Type.Optional(Type.Object({ class: Type.String(), params: Type.Record(Type.String(), Type.String()), cspec: Type.Optional(Type.Record(Type.String(), Type.String())) })),
    threshold: Type.Optional(Level),
  })),
  threshold: Type.Optional(Level),
  one_message_per_appender: Type.Optional(Type.Boolean()),
  utc: Type.Optional(Type.Boolean()),
  global_cspec: Type.Optional(Type.Record(Type.String(), Type.String())),
})

function loggingMethods (app: FastifyInstance, config: Config, rolling: RollingWriters) {
  return {
    parse_config: method({
      description: 'Parses a log4perl property config into resolved loggers (level, appenders, additivity) and appenders (class, params, layout, threshold).',
      params: Type.Object({
        text: Type.String({ description: 'the config text (the facade reads config files itself)' }),
        env: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'the script\'s environment variables that ${VAR} may name' })),
      }),
      result: Resolved,
      idempotent: true,
      handler: (p) => resolveConfig(p.text, p.env ?? {}),
    }),
    append: method({
      description: 'Appends whole lines to a size-rolled log file (rotating file -> file.1 ... file.max), one writer per file.',
      params: Type.Object({
        filename: Type.String({ minLength: 1 }),
        text: Type.String({ description: 'one or more whole lines' }),
        size: Type.Optional(Type.Integer({ minimum: 0, description: 'rotate before the file would pass this many bytes; 0 never' })),
        max: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'rotated files kept' })),
        mode: Type.Optional(Type.Union([Type.Literal('append'), Type.Literal('write')], { description: '"write" truncates the file before these lines (an appender\'s first write)' })),
      }),
      result: Type.Object({ written: Type.Integer() }),
      handler: async (p, ctx) => {
        const file = filePath(config, ctx, p.filename)
        try {
          return { written: await rolling.append({ path: file, size: p.size ?? 0, max: p.max ?? 1, mode: p.mode ?? 'append' }, p.text) }
        } catch (err) {
          const e = err as NodeJS.ErrnoException
          throw new BackendError(`Can't open ${p.filename} (${e.message})`, e.code ?? null, {}, err)
        }
      },
    }),
    ...legacyMethods(app),
  }
}

async function loggingHelper (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const rolling = new RollingWriters()
  app.addHook('onClose', async () => { await rolling.idle() })
  app.decorate('logging', { rolling })
  const table = loggingMethods(app, opts.config, rolling)
  app.rpc.register('logging', table)
  app.rpc.alias('logging_helper', 'logging')
}

export default fp(loggingHelper, { fastify: '5.x', name: 'cpan-bridge-logging', dependencies: ['cpan-bridge-registry'] })
