// Daemon configuration: one TypeBox schema, filled from env (the guides' names)
// and CLI flags, validated once at start with a message naming the bad setting.
import { Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import os from 'node:os'
import path from 'node:path'

export const ConfigSchema = Type.Object({
  socketPath: Type.String({ minLength: 1, description: 'Unix socket path' }),
  socketMode: Type.Integer({ minimum: 0, maximum: 0o777 }),
  socketGroup: Type.Optional(Type.String()),
  tcp: Type.Optional(Type.Object({ host: Type.String(), port: Type.Integer({ minimum: 0, maximum: 65535 }) })),
  tokenFile: Type.Optional(Type.String()),
  logFile: Type.String(),
  securityLogFile: Type.String(),
  logLevel: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')]),
  debug: Type.Boolean(),
  maxConnections: Type.Integer({ minimum: 1 }),
  maxRequestsPerMinute: Type.Integer({ minimum: 0, description: '0 disables the per-session limit' }),
  maxMemoryMb: Type.Number({ exclusiveMinimum: 0 }),
  maxCpuPercent: Type.Number({ exclusiveMinimum: 0 }),
  maxBodyBytes: Type.Integer({ minimum: 1024 }),
  maxJsonDepth: Type.Integer({ minimum: 2 }),
  maxBatch: Type.Integer({ minimum: 1 }),
  handleTtlSeconds: Type.Number({ exclusiveMinimum: 0 }),
  staleSeconds: Type.Number({ exclusiveMinimum: 0 }),
  shutdownGraceSeconds: Type.Number({ minimum: 0 }),
  allowedPaths: Type.Array(Type.String()),
  dbPoolMax: Type.Integer({ minimum: 1, description: 'connections per database pool' }),
  dbPoolWaitMs: Type.Integer({ minimum: 1, description: 'how long a connect waits for a pooled connection' }),
  healthWindowSeconds: Type.Integer({ minimum: 1, maximum: 86_400, description: 'how far back /health judges the daemon\'s failures' }),
  dbBufferBytes: Type.Integer({ minimum: 0, description: 'how much of one result execute may read ahead to know its row count (0: never)' }),
  xmlMaxBytes: Type.Integer({ minimum: 1024, description: 'largest XML document a parse accepts' }),
  documentWorkers: Type.Integer({ minimum: 1, maximum: 64, description: 'worker threads for XML parses and workbook saves' }),
  sshKnownHosts: Type.Array(Type.String(), { description: 'known_hosts files an SSH host key is checked against, in order' }),
  sshPoolIdleSeconds: Type.Number({ minimum: 0, description: 'how long a released SSH connection stays open for the next script' }),
  sshPoolMax: Type.Integer({ minimum: 0, description: 'idle SSH connections kept per (host, port, user, credential)' }),
  strictValidation: Type.Boolean(),
})
export type Config = Static<typeof ConfigSchema>

const checkConfig = TypeCompiler.Compile(ConfigSchema)

export const DEFAULT_SOCKET = '/tmp/cpan_bridge.sock'

/** Every environment variable the daemon reads: name, default, meaning (README's table is checked against it). */
export const ENV_VARS: ReadonlyArray<{ name: string, default: string, meaning: string }> = [
  { name: 'CPAN_BRIDGE_SOCKET', default: DEFAULT_SOCKET, meaning: 'Unix socket path (daemon and Perl client)' },
  { name: 'CPAN_BRIDGE_SOCKET_MODE', default: '0600', meaning: 'socket file mode; 0660 with CPAN_BRIDGE_SOCKET_GROUP to share with a group' },
  { name: 'CPAN_BRIDGE_SOCKET_GROUP', default: '(none)', meaning: 'group that owns the socket' },
  { name: 'CPAN_BRIDGE_TCP', default: '(off)', meaning: 'also listen on 127.0.0.1:PORT (loopback only, bearer token required)' },
  { name: 'CPAN_BRIDGE_TOKEN_FILE', default: '(none)', meaning: 'file (mode 0600) holding the bearer token for TCP' },
  { name: 'CPAN_BRIDGE_LOG_FILE', default: '<socket dir>/cpan_daemon.log (another socket name: <socket without .sock>.log)', meaning: 'the daemon log: JSON lines with the level as a word (ERROR, WARN, INFO)' },
  { name: 'CPAN_BRIDGE_SECURITY_LOG', default: '<socket dir>/cpan_security.log (another socket name: <socket without .sock>.security.log)', meaning: 'JSON lines of rejected requests, each marked "SECURITY ALERT"' },
  { name: 'CPAN_BRIDGE_LOG_LEVEL', default: 'info', meaning: 'fatal|error|warn|info|debug|trace|silent' },
  { name: 'CPAN_BRIDGE_DEBUG', default: '0', meaning: 'daemon: log level debug; Perl client: debug level (0-3)' },
  { name: 'CPAN_BRIDGE_MAX_CONNECTIONS', default: '1000', meaning: 'maximum concurrent sessions (Perl processes)' },
  { name: 'CPAN_BRIDGE_MAX_REQUESTS_PER_MINUTE', default: '600000', meaning: 'per-session request limit (runaway guard; 0 disables)' },
  { name: 'CPAN_BRIDGE_MAX_MEMORY_MB', default: '1000', meaning: 'memory (RSS) at which health is unhealthy; warning at half' },
  { name: 'CPAN_BRIDGE_MAX_CPU_PERCENT', default: '95', meaning: 'CPU at which health is unhealthy; warning at 80' },
  { name: 'CPAN_BRIDGE_MAX_BODY_MB', default: '64', meaning: 'largest request body' },
  { name: 'CPAN_BRIDGE_MAX_JSON_DEPTH', default: '64', meaning: 'deepest JSON nesting accepted in a request' },
  { name: 'CPAN_BRIDGE_MAX_BATCH', default: '10000', meaning: 'most calls in one JSON-RPC batch' },
  { name: 'CPAN_BRIDGE_HANDLE_TTL', default: '3600', meaning: 'seconds a handle may sit idle before it is reaped (closed)' },
  { name: 'CPAN_BRIDGE_STALE_SECONDS', default: '300', meaning: 'seconds after which an idle session counts as stale' },
  { name: 'CPAN_BRIDGE_SHUTDOWN_GRACE', default: '10', meaning: 'seconds in-flight calls get to finish on SIGTERM' },
  { name: 'CPAN_BRIDGE_ALLOWED_PATHS', default: '(any)', meaning: 'colon-separated roots file access is confined to' },
  { name: 'CPAN_BRIDGE_STRICT_VALIDATION', default: '1', meaning: 'reject params fields a method does not declare (0: ignore them; types are always checked)' },
  { name: 'CPAN_BRIDGE_ZONEINFO', default: '/usr/share/zoneinfo', meaning: 'tz database (TZif files) the datetime helper reads for zone abbreviations and DST flags' },
  { name: 'CPAN_BRIDGE_HEALTH_WINDOW', default: '300', meaning: 'seconds of recent calls /health judges: the daemon\'s own failures in that window (internal errors, an unreachable backend, timeouts) make it degraded (over 5%) or unhealthy (over 10%); callers\' errors are counted, not judged' },
  { name: 'CPAN_BRIDGE_DB_POOL_MAX', default: '20', meaning: 'database: connections per pool (driver, DSN, user); each open handle holds one' },
  { name: 'CPAN_BRIDGE_DB_POOL_WAIT_MS', default: '30000', meaning: 'database: how long a connect waits for a free pooled connection' },
  { name: 'CPAN_BRIDGE_DB_BUFFER_MB', default: '64', meaning: 'database: Pg and MySQL/MariaDB results up to this size are read whole at execute, as DBD::Pg and DBD::mysql do, so execute and rows give the row count; a larger result streams (logged) and its count is -1 until fetched' },
  { name: 'CPAN_BRIDGE_XML_MAX_MB', default: '64', meaning: 'XML: largest document (string or file) a parse accepts; past it the call fails naming the limit' },
  { name: 'CPAN_BRIDGE_DOCUMENT_WORKERS', default: '2', meaning: 'XML and Excel: worker threads that parse documents and save workbooks, so a big one never stalls other scripts' },
  { name: 'CPAN_BRIDGE_ORACLE_THICK', default: '0', meaning: 'database: 1 switches oracledb to Thick mode (Instant Client; needed for 10G password verifiers, NJS-116)' },
  { name: 'ORACLE_LIB_DIR', default: '(system library path)', meaning: 'database: Instant Client directory for Thick mode' },
  { name: 'CPAN_BRIDGE_SSH_KNOWN_HOSTS', default: '~/.ssh/known_hosts:/etc/ssh/ssh_known_hosts', meaning: 'SFTP/SSH: colon-separated known_hosts files host keys are checked against (the daemon user\'s, as ssh does); a script\'s `-o UserKnownHostsFile=...` replaces the first' },
  { name: 'CPAN_BRIDGE_SSH_POOL_IDLE', default: '300', meaning: 'SFTP/SSH: seconds a released SSH connection stays open for the next script with the same host, port, user and credential (0: close at once)' },
  { name: 'CPAN_BRIDGE_SSH_POOL_MAX', default: '8', meaning: 'SFTP/SSH: idle SSH connections kept per host, port, user and credential' },
  { name: 'CPAN_BRIDGE_DAEMON', default: '1', meaning: 'Perl client: use the daemon (0: one-shot process per call)' },
  { name: 'CPAN_BRIDGE_AUTOSTART', default: '1', meaning: 'Perl client: start the daemon when the socket does not answer' },
  { name: 'CPAN_BRIDGE_FALLBACK', default: '0', meaning: 'Perl client: with autostart off, run calls one-shot when the daemon is down' },
  { name: 'CPAN_BRIDGE_STARTUP_TIMEOUT', default: '10', meaning: 'Perl client: seconds to wait for an autostarted daemon' },
  { name: 'CPAN_BRIDGE_DAEMON_TIMEOUT', default: '60', meaning: 'Perl client: seconds to wait for one reply' },
  { name: 'CPAN_BRIDGE_CMD', default: '(bundled dist/src/main.js)', meaning: 'Perl client: command that runs the cpan-bridge CLI' },
  { name: 'CPAN_BRIDGE_NODE', default: 'node', meaning: 'Perl client: node binary used to autostart the bundled daemon' },
  { name: 'CPAN_BRIDGE_DBI_PREFETCH', default: '1', meaning: 'Perl DBI facade: ask for the next block of rows while the script works on the current one (0: off)' },
  { name: 'CPAN_BRIDGE_DBI_PACKED', default: '1', meaning: 'Perl DBI facade: rows travel in the packed form (0: plain JSON, for comparison)' },
]

type Env = Record<string, string | undefined>

export class ConfigError extends Error {
  constructor (message: string) { super(message); this.name = 'ConfigError' }
}

function int (env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${name}: expected an integer, got ${JSON.stringify(raw)}`)
  return Number(raw)
}

function num (env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n)) throw new ConfigError(`${name}: expected a number, got ${JSON.stringify(raw)}`)
  return n
}

function bool (env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (/^(1|true|yes|on)$/i.test(raw)) return true
  if (/^(0|false|no|off)$/i.test(raw)) return false
  throw new ConfigError(`${name}: expected 0 or 1, got ${JSON.stringify(raw)}`)
}

export function parseTcp (spec: string): { host: string, port: number } {
  const m = /^(.+):(\d+)$/.exec(spec)
  if (!m) throw new ConfigError(`--tcp: expected HOST:PORT, got ${JSON.stringify(spec)}`)
  const host = m[1].replace(/^\[|\]$/g, '')
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) {
    throw new ConfigError(`--tcp: only loopback addresses are allowed, got ${host}`)
  }
  return { host, port: Number(m[2]) }
}

export interface CliFlags { socket?: string, tcp?: string, tokenFile?: string, logFile?: string, debug?: boolean }

/**
 * The logs beside a socket: the guide's cpan_daemon.log / cpan_security.log
 * for a socket named as the default one (/tmp/cpan_bridge.sock), else names
 * from the socket's own (b.sock: b.log, b.security.log), so two daemons in
 * one directory never write one file.
 */
export function defaultLogs (socketPath: string): { daemon: string, security: string } {
  const dir = path.dirname(socketPath)
  const base = path.basename(socketPath)
  if (base === path.basename(DEFAULT_SOCKET)) return { daemon: path.join(dir, 'cpan_daemon.log'), security: path.join(dir, 'cpan_security.log') }
  const stem = base.replace(/\.sock$/, '')
  return { daemon: path.join(dir, `${stem}.log`), security: path.join(dir, `${stem}.security.log`) }
}

/** Builds and validates the config; throws ConfigError naming the setting on bad input. */
export function loadConfig (env: Env = process.env, flags: CliFlags = {}, overrides: Partial<Config> = {}): Config {
  const socketPath = path.resolve(flags.socket ?? env.CPAN_BRIDGE_SOCKET ?? DEFAULT_SOCKET)
  const debug = flags.debug ?? bool(env, 'CPAN_BRIDGE_DEBUG', false)
  const modeRaw = env.CPAN_BRIDGE_SOCKET_MODE
  if (modeRaw !== undefined && !/^0?[0-7]{3}$/.test(modeRaw)) throw new ConfigError(`CPAN_BRIDGE_SOCKET_MODE: expected an octal mode like 0600, got ${JSON.stringify(modeRaw)}`)
  const tcpSpec = flags.tcp ?? env.CPAN_BRIDGE_TCP
  const config: Config = {
    socketPath,
    socketMode: modeRaw !== undefined ? parseInt(modeRaw, 8) : 0o600,
    socketGroup: env.CPAN_BRIDGE_SOCKET_GROUP || undefined,
    tcp: tcpSpec ? parseTcp(tcpSpec) : undefined,
    tokenFile: flags.tokenFile ?? (env.CPAN_BRIDGE_TOKEN_FILE || undefined),
    logFile: flags.logFile ?? env.CPAN_BRIDGE_LOG_FILE ?? defaultLogs(socketPath).daemon,
    securityLogFile: env.CPAN_BRIDGE_SECURITY_LOG ?? defaultLogs(socketPath).security,
    logLevel: (env.CPAN_BRIDGE_LOG_LEVEL ?? (debug ? 'debug' : 'info')) as Config['logLevel'],
    debug,
    maxConnections: int(env, 'CPAN_BRIDGE_MAX_CONNECTIONS', 1000),
    maxRequestsPerMinute: int(env, 'CPAN_BRIDGE_MAX_REQUESTS_PER_MINUTE', 600_000),
    maxMemoryMb: num(env, 'CPAN_BRIDGE_MAX_MEMORY_MB', 1000),
    maxCpuPercent: num(env, 'CPAN_BRIDGE_MAX_CPU_PERCENT', 95),
    maxBodyBytes: Math.round(num(env, 'CPAN_BRIDGE_MAX_BODY_MB', 64) * 1024 * 1024),
    maxJsonDepth: int(env, 'CPAN_BRIDGE_MAX_JSON_DEPTH', 64),
    maxBatch: int(env, 'CPAN_BRIDGE_MAX_BATCH', 10_000),
    handleTtlSeconds: num(env, 'CPAN_BRIDGE_HANDLE_TTL', 3600),
    staleSeconds: num(env, 'CPAN_BRIDGE_STALE_SECONDS', 300),
    shutdownGraceSeconds: num(env, 'CPAN_BRIDGE_SHUTDOWN_GRACE', 10),
    allowedPaths: (env.CPAN_BRIDGE_ALLOWED_PATHS ?? '').split(':').filter(Boolean).map(p => path.resolve(p)),
    strictValidation: bool(env, 'CPAN_BRIDGE_STRICT_VALIDATION', true),
    dbPoolMax: int(env, 'CPAN_BRIDGE_DB_POOL_MAX', 20),
    dbPoolWaitMs: int(env, 'CPAN_BRIDGE_DB_POOL_WAIT_MS', 30_000),
    healthWindowSeconds: int(env, 'CPAN_BRIDGE_HEALTH_WINDOW', 300),
    dbBufferBytes: Math.round(num(env, 'CPAN_BRIDGE_DB_BUFFER_MB', 64) * 1024 * 1024),
    xmlMaxBytes: Math.round(num(env, 'CPAN_BRIDGE_XML_MAX_MB', 64) * 1024 * 1024),
    documentWorkers: int(env, 'CPAN_BRIDGE_DOCUMENT_WORKERS', 2),
    sshKnownHosts: (env.CPAN_BRIDGE_SSH_KNOWN_HOSTS ?? path.join(os.homedir(), '.ssh', 'known_hosts') + ':/etc/ssh/ssh_known_hosts')
      .split(':').filter(Boolean).map(p => path.resolve(p.replace(/^~(?=\/|$)/, os.homedir()))),
    sshPoolIdleSeconds: num(env, 'CPAN_BRIDGE_SSH_POOL_IDLE', 300),
    sshPoolMax: int(env, 'CPAN_BRIDGE_SSH_POOL_MAX', 8),
    ...overrides,
  }
  if (config.tcp && !config.tokenFile) throw new ConfigError('--tcp needs a token file (--token-file or CPAN_BRIDGE_TOKEN_FILE)')
  const firstError = checkConfig.Errors(config).First()
  if (firstError) throw new ConfigError(`config ${firstError.path || '/'}: ${firstError.message}`)
  return config
}

/** A config for tests: temp paths, quiet logs. */
export function testConfig (overrides: Partial<Config> = {}): Config {
  const dir = path.join(process.env.TMPDIR ?? '/tmp', `cpan-bridge-test-${process.pid}`)
  return loadConfig({}, { socket: path.join(dir, 'bridge.sock') }, { logLevel: 'silent', logFile: '', securityLogFile: '', ...overrides })
}
