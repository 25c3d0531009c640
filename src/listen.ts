// Socket set-up: replace a stale socket, never steal a live one, create the
// socket owner-only (umask before bind, so it is never briefly world-writable),
// and optionally a loopback TCP listener sharing the same handler.
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Config } from './config.js'
import type { BuildOptions } from './server.js'
import { TCP_SOCKET } from '../plugins/auth.js'

/**
 * How long an idle keep-alive connection stays open. Fastify's default (72 s);
 * its serverFactory option bypasses it, which left Node's 5 s. It must exceed
 * the Perl client's idle reuse window (CPANBridge::Transport's $IDLE_REUSE,
 * 60 s), so a client never sends on a connection the daemon is closing.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 72_000

function httpServer (handler: http.RequestListener): http.Server {
  const s = http.createServer(handler)
  s.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS
  return s
}

export class SocketInUseError extends Error {
  constructor (socketPath: string) {
    super(`another daemon is already listening on ${socketPath}; stop it first (cpan-bridge stop) or choose another --socket`)
    this.name = 'SocketInUseError'
  }
}

function probe (socketPath: string): Promise<boolean> {
  return new Promise(resolve => {
    const s = net.connect(socketPath)
    s.once('connect', () => { s.destroy(); resolve(true) })
    s.once('error', () => { resolve(false) })
  })
}

/** Makes the socket path usable: removes a dead daemon's socket, refuses when one answers. */
export async function prepareSocket (socketPath: string): Promise<void> {
  fs.mkdirSync(path.dirname(socketPath), { recursive: true })
  let st: fs.Stats
  try { st = fs.lstatSync(socketPath) } catch { return }
  if (!st.isSocket()) throw new SocketInUseError(`${socketPath} (it exists and is not a socket)`)
  if (await probe(socketPath)) throw new SocketInUseError(socketPath)
  fs.unlinkSync(socketPath)
}

function groupId (name: string): number {
  if (/^\d+$/.test(name)) return Number(name)
  const line = fs.readFileSync('/etc/group', 'utf8').split('\n').find(l => l.split(':')[0] === name)
  if (!line) throw new Error(`CPAN_BRIDGE_SOCKET_GROUP: no group named ${name}`)
  return Number(line.split(':')[2])
}

export async function listenAll (
  config: Config,
  build: (config: Config, opts: BuildOptions) => Promise<FastifyInstance>,
): Promise<{ app: FastifyInstance, close: () => Promise<void> }> {
  let tcpServer: http.Server | undefined
  let log: FastifyInstance['log'] | undefined
  // one line a client connection (a script keeps one, plus one for read-ahead), in the old daemon's
  // words: the guide counts them with `grep -c "Handling client"`
  const clients = (s: http.Server, via: string): http.Server => s.on('connection', () => { log?.info({ via }, 'Handling client connection') })
  const app = await build(config, {
    serverFactory: (handler) => {
      if (config.tcp) tcpServer = clients(httpServer(handler), 'tcp')
      return clients(httpServer(handler), 'unix')
    },
  })
  log = app.log
  const old = process.umask(0o177)
  try {
    await app.listen({ path: config.socketPath })
  } finally {
    process.umask(old)
  }
  fs.chmodSync(config.socketPath, config.socketMode)
  if (config.socketGroup) fs.chownSync(config.socketPath, process.getuid?.() ?? 0, groupId(config.socketGroup))
  if (tcpServer && config.tcp) {
    const s = tcpServer
    const { host, port } = config.tcp
    // Nagle + delayed ACK cost 40 ms per small request on loopback; answer at once.
    s.on('connection', (sock: net.Socket) => {
      (sock as unknown as Record<symbol, boolean>)[TCP_SOCKET] = true
      sock.setNoDelay(true)
    })
    await new Promise<void>((resolve, reject) => { s.once('error', reject); s.listen(port, host, () => { resolve() }) })
  }
  return {
    app,
    close: async () => {
      if (tcpServer) {
        const s = tcpServer
        s.closeIdleConnections()
        await new Promise<void>(resolve => { s.close(() => { resolve() }) })
      }
      await app.close()
    },
  }
}
