#!/usr/bin/env node
// The `cpan-bridge` CLI: serve | call | health | dashboard | stop | openapi.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigError, loadConfig, type CliFlags, type Config } from './config.js'
import { buildServer } from './server.js'
import { openApiYaml } from './openapi.js'
import { generatedFiles } from './generated.js'
import { prepareSocket, listenAll, SocketInUseError } from './listen.js'
import { renderDashboard, renderHealth, HEALTH_EXIT } from './dashboard.js'
import { readTokenFile } from '../plugins/auth.js'
import { scan, renderScan } from './scan.js'

const USAGE = `usage: cpan-bridge <command> [options]
  serve [--socket PATH] [--tcp 127.0.0.1:PORT --token-file FILE] [--log-file FILE] [--debug]
  call MODULE.FUNCTION ['{json params}'] [--raw]   one-shot call in this process; exit 1 on error
  health                                           exit 0 healthy, 1 degraded, 2 unhealthy, 3 unreachable
  dashboard [--watch]                              operational overview (--watch: every 5 s)
  stop [SOCKET | --socket SOCKET]                  SIGTERM the daemon on that socket (default: the configured one) and wait
  scan DIR... [--json]                             migration report: the modules each Perl file uses (core, facade, its own, missing),
                                                   and whether the scripts that need nothing more compile with the facades; exit 1 if any is not ready
  openapi [FILE]                                   write the OpenAPI document generated from the registry
  generate DIR                                     write every file generated from the registry under DIR (the checkout)`

interface Args { command: string, positional: string[], flags: CliFlags & { raw?: boolean, watch?: boolean, json?: boolean } }

function parseArgs (argv: string[]): Args {
  const positional: string[] = []
  const flags: Args['flags'] = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = (): string => {
      const v = argv[++i]
      if (v === undefined) throw new ConfigError(`${a} needs a value`)
      return v
    }
    if (a === '--socket') flags.socket = value()
    else if (a === '--tcp') flags.tcp = value()
    else if (a === '--token-file') flags.tokenFile = value()
    else if (a === '--log-file') flags.logFile = value()
    else if (a === '--debug') flags.debug = true
    else if (a === '--raw') flags.raw = true
    else if (a === '--watch') flags.watch = true
    else if (a === '--json') flags.json = true
    else if (a === '--help' || a === '-h') positional.unshift('help')
    else if (a.startsWith('--')) throw new ConfigError(`unknown option ${a}\n${USAGE}`)
    else positional.push(a)
  }
  return { command: positional.shift() ?? 'serve', positional, flags }
}

function pidFile (config: Config): string { return `${config.socketPath}.pid` }

async function serve (config: Config): Promise<void> {
  // before anything touches the socket: a bad token file is a one-line configuration error
  if (config.tokenFile !== undefined) readTokenFile(config.tokenFile)
  await prepareSocket(config.socketPath)
  const started = performance.now()
  const { app, close } = await listenAll(config, buildServer)
  fs.writeFileSync(pidFile(config), `${process.pid}\n`, { mode: 0o644 })
  // the old daemon's name, so the guides' `ps aux | grep cpan_daemon` and `pkill -f cpan_daemon` find it
  process.title = `${PROCESS_TITLE} serve --socket ${config.socketPath}`
  const where = config.tcp ? `${config.socketPath} and ${config.tcp.host}:${config.tcp.port}` : config.socketPath
  process.stdout.write(`cpan-bridge ${process.pid} listening on ${where} (${Math.round(performance.now() - started)} ms)\n`)
  // Autostart sends stderr to <socket>.start.log: a Node warning written there on a full disk (or to a
  // closed pipe) is an 'error' event that would end the daemon. Losing that text is the lesser harm.
  for (const s of [process.stdout, process.stderr]) s.on('error', () => {})
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      app.log.warn('in-flight calls did not finish in time; exiting')
      cleanup()
      process.exit(0)
    }, config.shutdownGraceSeconds * 1000 + 2000)
    force.unref()
    close().catch(err => { app.log.error({ err }, 'error during shutdown') }).finally(() => {
      cleanup()
      process.exit(0)
    })
  }
  const cleanup = (): void => {
    for (const f of [config.socketPath, pidFile(config)]) { try { fs.unlinkSync(f) } catch { /* already gone */ } }
  }
  process.on('SIGTERM', () => { stop('SIGTERM') })
  process.on('SIGINT', () => { stop('SIGINT') })
  // logrotate moves the files, then sends HUP: reopen them at their configured paths (Node's default for HUP is to exit).
  process.on('SIGHUP', () => {
    app.logFiles.reopen()
    app.log.info({ signal: 'SIGHUP' }, 'log files reopened')
  })
}

/** One-shot call: the daemon's own dispatch, in this process, without a socket (Perl's fallback mode). */
async function callOnce (config: Config, name: string | undefined, json: string | undefined, raw: boolean): Promise<number> {
  if (!name || !/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(name)) {
    process.stderr.write(`call: expected MODULE.FUNCTION, got ${JSON.stringify(name ?? '')}\n${USAGE}\n`)
    return 2
  }
  const app = await buildServer({ ...config, logFile: '', logLevel: 'silent', securityLogFile: '' })
  try {
    const res = await app.inject({
      method: 'POST',
      url: '/rpc',
      headers: { 'content-type': 'application/json', 'x-bridge-session': `oneshot-${process.pid}`, 'x-bridge-cwd': encodeURIComponent(process.cwd()) },
      payload: `{"jsonrpc":"2.0","id":1,"method":${JSON.stringify(name)},"params":${json && json.trim() !== '' ? json : '{}'}}`,
    })
    if (raw) { process.stdout.write(res.body + '\n'); return 0 }
    const reply = JSON.parse(res.body) as { result?: unknown, error?: { message: string } }
    if (reply.error) { process.stderr.write(`error: ${reply.error.message}\n`); return 1 }
    process.stdout.write(JSON.stringify(reply.result, null, 2) + '\n')
    return 0
  } finally {
    await app.close()
  }
}

function getJson (socketPath: string, urlPath: string, method = 'GET'): Promise<{ status: number, body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: urlPath, method, headers: { accept: 'application/json' }, timeout: 5000 }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        try { resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }) } catch (err) { reject(err) }
      })
    })
    req.on('timeout', () => { req.destroy(new Error('timed out')) })
    req.on('error', reject)
    req.end()
  })
}

async function health (config: Config): Promise<number> {
  try {
    const { body } = await getJson(config.socketPath, '/health')
    process.stdout.write(renderHealth(body as never))
    return HEALTH_EXIT[(body as { overall_status: keyof typeof HEALTH_EXIT }).overall_status] ?? 3
  } catch (err) {
    process.stdout.write(`unreachable: no daemon answers on ${config.socketPath} (${(err as Error).message})\n`)
    return 3
  }
}

async function dashboard (config: Config, watch: boolean): Promise<number> {
  for (;;) {
    let text: string
    let code = 0
    try {
      const { body } = await getJson(config.socketPath, '/metrics')
      text = renderDashboard(body as never)
    } catch (err) {
      text = `DAEMON NOT RESPONDING on ${config.socketPath}: ${(err as Error).message}\n`
      code = 3
    }
    process.stdout.write((watch ? '\x1b[2J\x1b[H' : '') + text + (watch ? '\nrefreshing every 5 s; Ctrl+C to exit\n' : ''))
    if (!watch) return code
    await new Promise(resolve => setTimeout(resolve, 5000))
  }
}

/** The socket `stop` is for: its argument or --socket (the same one if both), else the configured one. */
function stopSocket (positional: string[], flags: CliFlags): string | undefined | Error {
  if (positional.length > 1) return new Error(`stop takes one socket, got ${positional.length} arguments: ${positional.join(' ')}`)
  const arg = positional[0]
  if (arg !== undefined && flags.socket !== undefined && path.resolve(arg) !== path.resolve(flags.socket)) {
    return new Error(`stop was given two sockets: ${arg} and --socket ${flags.socket}`)
  }
  return arg ?? flags.socket
}

/** The start of a serving daemon's process title. */
const PROCESS_TITLE = 'cpan_daemon'

/** A pid that is a cpan-bridge daemon: its title (or, before it set one, its command line) says so (pid files outlive processes; pids are reused). */
function isOurDaemon (pid: number): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    if (cmdline.startsWith(`${PROCESS_TITLE} serve `)) return true
    const argv = cmdline.split('\0')
    return argv.some(a => a.endsWith('main.js') || a.endsWith('cpan-bridge')) && argv.includes('serve')
  } catch { return false }
}

/**
 * The daemon listening on the socket: the pid it gives over that socket, or
 * (when it does not answer: hung) the pid file's, if that process is a
 * cpan-bridge daemon. Never another socket's daemon.
 */
async function daemonOn (config: Config): Promise<number | Error> {
  try {
    const { body } = await getJson(config.socketPath, '/metrics')
    const pid = (body as { daemon_info?: { pid?: unknown } }).daemon_info?.pid
    if (typeof pid === 'number') return pid
  } catch { /* not answering: the pid file may still name it */ }
  let pid: number
  try {
    pid = Number(fs.readFileSync(pidFile(config), 'utf8').trim())
  } catch {
    return new Error(`no daemon answers on ${config.socketPath} and there is no pid file at ${pidFile(config)}`)
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isOurDaemon(pid)) {
    try { fs.unlinkSync(pidFile(config)) } catch { /* gone */ }
    return new Error(`no daemon answers on ${config.socketPath}; its pid file (${pid}) names no running cpan-bridge daemon, removed`)
  }
  return pid
}

async function stopDaemon (config: Config): Promise<number> {
  const pid = await daemonOn(config)
  if (pid instanceof Error) { process.stderr.write(`${pid.message}\n`); return 1 }
  try { process.kill(pid, 'SIGTERM') } catch (err) {
    process.stderr.write(`daemon ${pid} is not running (${(err as Error).message}); removing its pid file\n`)
    try { fs.unlinkSync(pidFile(config)) } catch { /* gone */ }
    return 1
  }
  const deadline = Date.now() + (config.shutdownGraceSeconds + 5) * 1000
  while (Date.now() < deadline) {
    try { process.kill(pid, 0) } catch { process.stdout.write(`stopped daemon ${pid}\n`); return 0 }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  process.stderr.write(`daemon ${pid} did not stop within the grace period\n`)
  return 1
}

export async function main (argv: string[]): Promise<number> {
  const { command, positional, flags } = parseArgs(argv)
  const config = loadConfig(process.env, flags)
  switch (command) {
    case 'serve': await serve(config); return -1
    case 'call': return await callOnce(config, positional[0], positional[1], flags.raw === true)
    case 'health': return await health(config)
    case 'dashboard': return await dashboard(config, flags.watch === true)
    case 'stop': {
      const socket = stopSocket(positional, flags)
      if (socket instanceof Error) { process.stderr.write(`${socket.message}\n${USAGE}\n`); return 2 }
      return await stopDaemon(socket === undefined ? config : loadConfig(process.env, { ...flags, socket }))
    }
    case 'openapi':
    case 'generate': {
      const app = await buildServer({ ...config, logFile: '', logLevel: 'silent', securityLogFile: '' })
      try {
        if (command === 'openapi') {
          const yaml = await openApiYaml(app.rpc)
          if (positional[0]) fs.writeFileSync(positional[0], yaml); else process.stdout.write(yaml)
          return 0
        }
        if (positional[0] === undefined) { process.stderr.write(`generate needs the checkout directory\n${USAGE}\n`); return 2 }
        for (const [rel, text] of Object.entries(await generatedFiles(app.rpc))) fs.writeFileSync(path.join(positional[0], rel), text)
        return 0
      } finally {
        await app.close()
      }
    }
    case 'scan': {
      if (positional.length === 0) { process.stderr.write(`scan needs at least one directory or file\n${USAGE}\n`); return 2 }
      const missing = positional.filter(p => !fs.existsSync(p))
      if (missing.length > 0) { process.stderr.write(`scan: no such file or directory: ${missing.join(', ')}\n`); return 2 }
      const report = scan(positional)
      process.stdout.write(flags.json === true ? JSON.stringify(report, null, 2) + '\n' : renderScan(report))
      return report.summary.ready === report.summary.scripts ? 0 : 1
    }
    case 'help': process.stdout.write(USAGE + '\n'); return 0
    default: process.stderr.write(`unknown command ${command}\n${USAGE}\n`); return 2
  }
}

const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isEntry || process.argv[1]?.endsWith('/cpan-bridge')) {
  main(process.argv.slice(2)).then(code => { if (code >= 0) process.exitCode = code }, (err: unknown) => {
    if (err instanceof ConfigError || err instanceof SocketInUseError) process.stderr.write(`cpan-bridge: ${err.message}\n`)
    else process.stderr.write(`cpan-bridge: ${(err as Error).stack ?? String(err)}\n`)
    process.exitCode = 1
  })
}
