// https through an HTTP proxy: a CONNECT tunnel, then TLS inside it, as
// LWP::Protocol::http does. undici's ProxyAgent would do it too, but it folds
// the request's header list into an object (duplicates lost) and refuses a
// script's own Proxy-Authorization; a connector keeps requests untouched.
// Plain http through the proxy needs no tunnel: request.ts sends those to the
// proxy in absolute form, and they reach the direct connector here.
import net from 'node:net'
import type { buildConnector as BuildConnector } from 'undici'

type Connector = ReturnType<typeof BuildConnector>
type Undici = typeof import('undici')

/** a failed CONNECT: what the proxy answered, worded as LWP dies with it */
export class TunnelError extends Error {
  readonly code = 'CB_TUNNEL_FAILED'
  constructor (message: string, readonly kind: 'connect' | 'reset' = 'connect') {
    super(message)
  }
}

const refused = (status: string): TunnelError => new TunnelError(`establishing SSL tunnel failed: ${status}`)

/** bytes of a CONNECT reply head past which the proxy is not speaking HTTP */
const MAX_HEAD = 64 * 1024

export function tunnelConnector (_u: Undici, proxy: URL, auth: string | undefined, direct: Connector, capMs: number): Connector {
  const proxyPort = Number(proxy.port === '' ? 80 : proxy.port)
  return (opts, cb) => {
    if (opts.protocol !== 'https:') { direct(opts, cb); return }
    const target = `${opts.hostname}:${opts.port === '' ? 443 : opts.port}`
    const sock = net.connect({ host: proxy.hostname, port: proxyPort })
    let settled = false
    let head = Buffer.alloc(0)
    const fail = (err: Error): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      sock.destroy()
      cb(err, null)
    }
    const timer = setTimeout(() => fail(Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' })), capMs)
    timer.unref()
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) {
        if (head.length > MAX_HEAD) fail(refused('502 the proxy sent no HTTP reply head'))
        return
      }
      sock.off('data', onData)
      sock.pause()
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1')
      const m = /^HTTP\/\d\.\d\s+(\d{3})\s*(.*)$/.exec(statusLine)
      if (m === null || m[1] !== '200') { fail(refused(m === null ? '502 the proxy sent no HTTP status line' : `${m[1]} ${m[2]}`)); return }
      const rest = head.subarray(end + 4)
      if (rest.length > 0) sock.unshift(rest)
      settled = true
      clearTimeout(timer)
      sock.off('error', fail)
      direct({ ...opts, httpSocket: sock }, cb)
    }
    sock.on('error', fail)
    // the proxy hung up instead of answering the CONNECT (it could not reach the target): Net::HTTP's words
    sock.on('close', () => fail(new TunnelError('Server closed connection without sending any data back', 'reset')))
    sock.on('data', onData)
    sock.once('connect', () => {
      sock.setNoDelay(true)
      sock.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth !== undefined ? `Proxy-Authorization: ${auth}\r\n` : ''}\r\n`)
    })
  }
}
