import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildTestServer, call, rpc } from '../helpers.js'
import { resolveConfig } from '../../helpers/logging/config.js'

describe('log4perl config parsing', () => {
  it('resolves root, categories (dotted and ::), additivity and appenders with layouts', () => {
    const r = resolveConfig([
      'log4perl.rootLogger = DEBUG, A',
      'log4perl.logger.Foo::Bar = INFO, A, B',
      'log4perl.additivity.Foo.Bar = false',
      'log4perl.appender.A = Log::Log4perl::Appender::Screen',
      'log4perl.appender.A.stderr = 0',
      'log4perl.appender.A.layout = PatternLayout',
      'log4perl.appender.A.layout.ConversionPattern = %d{yyyy-MM-dd} %-5p %m%n',
      'log4perl.appender.B = Log::Log4perl::Appender::File',
      'log4perl.appender.B.filename = b.log',
      'log4perl.appender.B.Threshold = WARN',
      'log4perl.appender.B.layout = SimpleLayout',
    ].join('\n'), {})
    expect(r.loggers).toEqual([
      { category: '', level: 'DEBUG', appenders: ['A'] },
      { category: 'Foo.Bar', level: 'INFO', appenders: ['A', 'B'], additivity: false },
    ])
    expect(r.appenders.A).toEqual({ class: 'Log::Log4perl::Appender::Screen', params: { stderr: '0' }, layout: { class: 'PatternLayout', params: { ConversionPattern: '%d{yyyy-MM-dd} %-5p %m%n' } } })
    expect(r.appenders.B.threshold).toBe('WARN')
  })

  it('substitutes ${vars} from earlier lines, then the script environment, and joins continued lines', () => {
    const r = resolveConfig('dir = /var/log\nlog4perl.rootLogger = INFO, \\\n   F\nlog4perl.appender.F = Log::Log4perl::Appender::File\nlog4perl.appender.F.filename = ${dir}/${USER}.log\nlog4perl.appender.F.layout = SimpleLayout\n', { USER: 'ops' })
    expect(r.appenders.F.params.filename).toBe('/var/log/ops.log')
    expect(r.loggers[0].appenders).toEqual(['F'])
  })

  it('fails like log4perl on a bad level, a missing layout, an undefined appender or variable', () => {
    expect(() => resolveConfig('log4perl.rootLogger = LOUD, A', {})).toThrow(/level 'LOUD' is not a valid error level/)
    expect(() => resolveConfig('log4perl.rootLogger = INFO, A\nlog4perl.appender.A = X', {})).toThrow('Layout not specified for appender A')
    expect(() => resolveConfig('log4perl.rootLogger = INFO, Nope', {})).toThrow("you didn't tell me how to implement your appender 'Nope'")
    expect(() => resolveConfig('x = ${NOPE}', {})).toThrow("Undefined Variable 'NOPE'")
    expect(() => resolveConfig('log4perl.rootLogger = INFO\nlog4perl.rootLogger = DEBUG', {})).toThrow('log4perl.rootLogger redefined')
  })
})

describe('logging module', () => {
  let app: FastifyInstance
  let dir: string
  beforeEach(async () => {
    app = await buildTestServer()
    dir = mkdtempSync(path.join(tmpdir(), 'logging-test-'))
  })
  afterEach(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('parse_config answers the resolved config, and a backend_error naming the problem', async () => {
    const r = await call(app, 'logging.parse_config', { text: 'log4perl.rootLogger = WARN' })
    expect(r.loggers).toEqual([{ category: '', level: 'WARN', appenders: [] }])
    const bad = await rpc(app, 'logging.parse_config', { text: 'log4perl.rootLogger = NOPE' })
    expect(bad.error?.data?.type).toBe('backend_error')
    expect(bad.error?.message).toContain("level 'NOPE'")
  })

  it('append rotates at line boundaries and keeps max files', async () => {
    const file = path.join(dir, 'r.log')
    for (let i = 0; i < 30; i++) await call(app, 'logging.append', { filename: file, text: `line ${i} ${'x'.repeat(40)}\n`, size: 200, max: 2 })
    expect(existsSync(`${file}.1`)).toBe(true)
    expect(existsSync(`${file}.2`)).toBe(true)
    expect(existsSync(`${file}.3`)).toBe(false)
    for (const f of [file, `${file}.1`, `${file}.2`]) {
      const text = readFileSync(f, 'utf8')
      expect(text.length).toBeLessThanOrEqual(200)
      expect(text).toMatch(/^(line \d+ x{40}\n)+$/)
    }
    expect(readFileSync(file, 'utf8')).toContain('line 29 ')
  })

  it('concurrent appends to one rolling file keep every line whole', async () => {
    const file = path.join(dir, 'c.log')
    await Promise.all(Array.from({ length: 50 }, async (_, i) => await call(app, 'logging.append', { filename: file, text: `${i} ${'y'.repeat(i * 10)}\n` })))
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
    expect(lines).toHaveLength(50)
    for (const l of lines) {
      const [n, ys] = l.split(' ')
      expect(ys ?? '').toBe('y'.repeat(Number(n) * 10))
    }
  })

  it('keeps the old logging_helper calls under both module names', async () => {
    const { logger_id: id } = await call(app, 'logging_helper.init_logger', { category: 'main', level: 'WARN' })
    expect((await call(app, 'logging_helper.log_info', { logger_id: id, message: 'x' })).logged).toBe(false)
    expect(await call(app, 'logging.set_level', { logger_id: id, level: 'DEBUG' })).toEqual({ logger_id: id, level: 'DEBUG' })
    expect(await call(app, 'logging_helper.is_debug', { logger_id: id })).toBe(true)
    const d = await call(app, 'logging_helper.logdie', { logger_id: id, message: 'bye', filename: 'a.pl', line: 3 })
    expect(d).toEqual({ logged: true, level: 'FATAL', message: 'a.pl line:3: bye', should_exit: true })
    const other = await rpc(app, 'logging_helper.log_info', { logger_id: id, message: 'x' }, 'another-session')
    expect(other.error?.data?.type).toBe('handle_not_owned')
  })
})
