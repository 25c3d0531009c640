// A request's connection profile from LWP's ssl_opts and proxy: which
// certificates are checked and trusted, the client certificate, the proxy.
// Files are read here (client paths); what IO::Socket::SSL refuses comes
// back as a transport failure in its words, as LWP reports it.
import fs from 'node:fs'
import path from 'node:path'
import { BRIDGE_ERR_INVALID_PARAMS, BridgeError } from '../../src/errors.js'
import { perlErrno, type TransportError } from './errors.js'
import type { Profile } from './pool.js'
import { parseTarget, type Target } from './request.js'

/** Perl's truth for an option a script set: 0, "0", "" and undef are false */
export const perlTrue = (v: unknown): boolean => !(v === undefined || v === null || v === false || v === 0 || v === '' || v === '0')

/** the ssl_opts keys taken; any other is refused naming it (a typo must not pass as "verify nothing") */
export const KNOWN_SSL = new Set(['verify_hostname', 'SSL_verify_mode', 'SSL_ca_file', 'SSL_ca_path', 'SSL_cert_file', 'SSL_key_file'])
/** OpenSSL's CApath names: subject hash, dot, counter */
const HASH_NAME = /^[0-9a-f]{8}\.\d+$/

export interface ProfileInput { ssl_opts?: Record<string, unknown>, proxy?: string }

/** The connection profile of a request: its certificate checks, CA bytes and proxy. */
export async function profileOf (p: ProfileInput, target: Target, local: (file: string, field: string) => string): Promise<{ profile: Profile, proxy?: Target } | { error: TransportError }> {
  const ssl = p.ssl_opts ?? {}
  for (const k of Object.keys(ssl)) {
    if (!KNOWN_SSL.has(k)) throw new BRIDGE_ERR_INVALID_PARAMS(`params.ssl_opts.${k}`, `is not an ssl_opts key the bridge supports (${[...KNOWN_SSL].join(', ')})`)
  }
  // IO::Socket::SSL verifies the chain unless SSL_verify_mode is 0; verify_hostname only decides the name check
  const verifyChain = ssl.SSL_verify_mode === undefined ? true : perlTrue(ssl.SSL_verify_mode)
  const verifyHost = verifyChain && (ssl.verify_hostname === undefined ? true : perlTrue(ssl.verify_hostname))
  let ca: Buffer | undefined
  let cert: Buffer | undefined
  let key: Buffer | undefined
  if (target.scheme === 'https') {
    // IO::Socket::SSL's refusals, which LWP turns into its 500 like any connect failure
    const cantUse = (opt: string, given: string, err: unknown): { error: TransportError } => ({ error: { kind: 'tls', message: `${opt} ${given} can't be used: ${perlErrno(err)}` } })
    const cas: Buffer[] = []
    if (typeof ssl.SSL_ca_file === 'string') {
      try { cas.push(await fs.promises.readFile(local(ssl.SSL_ca_file, 'params.ssl_opts.SSL_ca_file'))) } catch (err) { if (err instanceof BridgeError) throw err; return cantUse('SSL_ca_file', ssl.SSL_ca_file, err) }
    }
    if (typeof ssl.SSL_ca_path === 'string') {
      const dir = local(ssl.SSL_ca_path, 'params.ssl_opts.SSL_ca_path')
      let names: string[]
      try { names = await fs.promises.readdir(dir) } catch { return { error: { kind: 'tls', message: `SSL_ca_path ${ssl.SSL_ca_path} does not exist` } } }
      for (const n of names.filter(n => HASH_NAME.test(n)).sort()) {
        try { cas.push(await fs.promises.readFile(path.join(dir, n))) } catch { /* a dangling hash link: OpenSSL skips it too */ }
      }
    }
    if (typeof ssl.SSL_ca_file === 'string' || typeof ssl.SSL_ca_path === 'string') ca = Buffer.concat(cas.flatMap(b => [b, Buffer.from('\n')]))
    if (typeof ssl.SSL_cert_file === 'string') {
      try { cert = await fs.promises.readFile(local(ssl.SSL_cert_file, 'params.ssl_opts.SSL_cert_file')) } catch (err) { if (err instanceof BridgeError) throw err; return cantUse('SSL_cert_file', ssl.SSL_cert_file, err) }
      const keyFile = typeof ssl.SSL_key_file === 'string' ? ssl.SSL_key_file : undefined
      if (keyFile !== undefined) {
        try { key = await fs.promises.readFile(local(keyFile, 'params.ssl_opts.SSL_key_file')) } catch (err) { if (err instanceof BridgeError) throw err; return cantUse('SSL_key_file', keyFile, err) }
      } else key = cert
    }
  }
  const tls = target.scheme === 'https' ? { verifyChain, verifyHost, ...(ca !== undefined ? { ca } : {}), ...(cert !== undefined ? { cert, key } : {}) } : { verifyChain: true, verifyHost: true }
  if (p.proxy === undefined) return { profile: tls }
  const proxy = parseTarget(p.proxy, 'params.proxy')
  if (proxy.scheme !== 'http') throw new BRIDGE_ERR_INVALID_PARAMS('params.proxy', 'must be an http:// proxy')
  const basic = proxy.userinfo === undefined ? undefined : 'Basic ' + Buffer.from(decodeURIComponentSafe(proxy.userinfo), 'latin1').toString('base64')
  return {
    profile: { ...tls, proxy: `http://${proxy.host}:${proxy.port}`, ...(basic !== undefined && target.scheme === 'https' ? { proxyAuth: basic } : {}) },
    proxy,
  }
}

const decodeURIComponentSafe = (s: string): string => s.split(':').map(x => { try { return decodeURIComponent(x) } catch { return x } }).join(':')
