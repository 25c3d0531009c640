// Bearer-token check for the optional TCP listener. Unix-socket requests are
// trusted by file mode; anything arriving over TCP must carry the token.
import fp from 'fastify-plugin'
import fs from 'node:fs'
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sessionIdOf } from './rate-limit.js'
import { rpcError } from '../src/errors.js'
import { ConfigError } from '../src/config.js'

export interface AuthOptions { tokenFile?: string }

/** Set on sockets accepted by the TCP listener (src/listen.ts); Unix-socket peers never carry it. */
export const TCP_SOCKET = Symbol('cpan-bridge.tcp')

/**
 * Reads the token, refusing a file that others can read: a leaked token is a remote shell into every helper.
 * Every refusal is a ConfigError naming the file and the reason: the CLI prints it as one line.
 */
export function readTokenFile (file: string): Buffer {
  const bad = (reason: string): ConfigError => new ConfigError(`token file ${file}: ${reason} (--token-file / CPAN_BRIDGE_TOKEN_FILE)`)
  let st: fs.Stats
  let text: string
  try {
    st = fs.statSync(file)
    if (!st.isFile()) throw bad('not a regular file')
    if ((st.mode & 0o077) !== 0) throw bad(`must be mode 0600, it is ${(st.mode & 0o777).toString(8).padStart(4, '0')}`)
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if (err instanceof ConfigError) throw err
    const e = err as NodeJS.ErrnoException
    throw bad(e.code === 'ENOENT' ? 'does not exist' : e.code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${e.code ?? e.message})`)
  }
  const token = text.trim()
  if (token === '') throw bad('is empty')
  if (token.length < 16) throw bad('holds a token shorter than 16 characters')
  return Buffer.from(token)
}

async function authPlugin (app: FastifyInstance, opts: AuthOptions): Promise<void> {
  const token = opts.tokenFile ? readTokenFile(opts.tokenFile) : null
  app.addHook('onRequest', async (req, reply) => {
    if (!(req.socket as unknown as Record<symbol, boolean>)[TCP_SOCKET]) return
    // the API's description opens in a browser (which sends no Authorization): read-only, generated
    // from the registry, no secret in it; every call it makes ("Try it out") still needs the token
    // (by the route the request matched, not its raw path)
    const route = req.routeOptions.url
    if (req.method === 'GET' && (route === '/docs' || route === '/docs/*')) return
    const h = req.headers.authorization ?? ''
    const given = Buffer.from(h.startsWith('Bearer ') ? h.slice(7).trim() : '')
    if (token !== null && given.length === token.length && timingSafeEqual(given, token)) return
    app.securityLog.record('auth_failure', h ? 'wrong bearer token' : 'missing bearer token', sessionIdOf(req))
    return await reply.code(401).type('application/json').send({ jsonrpc: '2.0', id: null, error: rpcError('auth_failure', 'authentication required: send Authorization: Bearer <token>') })
  })
}

export default fp(authPlugin, { fastify: '5.x', name: 'cpan-bridge-auth', dependencies: ['cpan-bridge-security-log'] })
