// The SSH pool against the test sshd: host key policy (unknown, changed,
// hashed, @revoked, strict no / accept-new), authentication failures, key
// files with and without passphrases, unreachable and silent peers, and
// pooled reuse proved by the server's own view of the TCP connection
// ($SSH_CONNECTION). No secret may appear in an error or the daemon's log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Client } from 'ssh2'
import { buildTestServer, call, rpc } from '../helpers.js'
import { ssh } from '../transfer/env.js'

let app: FastifyInstance
let dir: string
let logFile: string
const base = { host: ssh.host, port: ssh.port, user: ssh.user }
const knownLines = (): string[] => fs.readFileSync(ssh.knownHosts, 'utf8').split('\n').filter(l => l.trim() !== '')
const kh = (name: string, lines: string[]): string => { const f = path.join(dir, name); fs.writeFileSync(f, lines.join('\n') + '\n'); return f }

function leaseClient (sftpId: string): Client {
  const h = app.sessions.handles.get(sftpId) as { resource: { remote: { lease: { client: Client } } } }
  return h.resource.remote.lease.client
}

/** What the server says the connection is: "client_ip client_port server_ip server_port". */
function serverSideConnection (client: Client, command = 'echo $SSH_CONNECTION'): Promise<string> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, ch) => {
      if (err !== undefined) { reject(err); return }
      let out = ''
      ch.on('data', (d: Buffer) => { out += d.toString() })
      ch.on('close', () => resolve(out.trim()))
    })
  })
}

async function failure (params: Record<string, unknown>): Promise<{ message: string, data: Record<string, unknown> }> {
  const r = await rpc(app, 'sftp.open', params)
  if (r.error === undefined) {
    await call(app, 'sftp.close', { sftp_id: r.result.sftp_id })
    throw new Error('sftp.open succeeded')
  }
  return { message: r.error.message, data: r.error.data as Record<string, unknown> }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-ssh-'))
  logFile = path.join(dir, 'daemon.log')
  app = await buildTestServer({ sshKnownHosts: [], logLevel: 'debug', logFile })
})
afterAll(async () => {
  await app?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('host keys', () => {
  it('an empty known_hosts: ssh_host_key_unknown with the fingerprint ssh-keygen prints', async () => {
    const f = await failure({ ...base, password: ssh.password, known_hosts: kh('empty', []) })
    expect(f.data).toMatchObject({ backend_code: 'ssh_host_key_unknown', host: ssh.host, port: ssh.port, key_type: 'ssh-ed25519' })
    const pub = fs.readFileSync(path.join(path.dirname(ssh.knownHosts), 'ssh_host_ed25519_key.pub'), 'utf8')
    const fp = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', '-'], { input: pub }).toString().split(' ')[1]
    expect(f.data.fingerprint).toBe(fp)
  })

  it('a different key of the same type: ssh_host_key_changed naming file and line', async () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'other')])
    const other = fs.readFileSync(path.join(dir, 'other.pub'), 'utf8').split(' ').slice(0, 2).join(' ')
    const file = kh('changed', ['# comment', `[${ssh.host}]:${ssh.port} ${other}`])
    const f = await failure({ ...base, password: ssh.password, known_hosts: file })
    expect(f.data).toMatchObject({ backend_code: 'ssh_host_key_changed', known_hosts_file: file, line: 2, key_type: 'ssh-ed25519' })
    // accept-new accepts unknown keys only, never a changed one
    const g = await failure({ ...base, password: ssh.password, known_hosts: file, strict_host_key_checking: 'accept-new' })
    expect(g.data.backend_code).toBe('ssh_host_key_changed')
    // 'no' accepts anything, and writes nothing
    const o = await call(app, 'sftp.open', { ...base, password: ssh.password, known_hosts: file, strict_host_key_checking: 'no' })
    await call(app, 'sftp.close', { sftp_id: o.sftp_id })
    expect(fs.readFileSync(file, 'utf8').split('\n').length).toBe(3)
  })

  it('accept-new connects to an unknown host and leaves known_hosts alone', async () => {
    const file = kh('new', [])
    const o = await call(app, 'sftp.open', { ...base, password: ssh.password, known_hosts: file, strict_host_key_checking: 'accept-new' })
    await call(app, 'sftp.close', { sftp_id: o.sftp_id })
    expect(fs.readFileSync(file, 'utf8')).toBe('\n')
  })

  it('hashed entries (ssh-keygen -H) match', async () => {
    const file = kh('hashed', knownLines())
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file])
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\|1\|/)
    const o = await call(app, 'sftp.open', { ...base, password: ssh.password, known_hosts: file })
    await call(app, 'sftp.close', { sftp_id: o.sftp_id })
  })

  it('only the rsa key known: the rsa key is asked for, as ssh does', async () => {
    const o = await call(app, 'sftp.open', { ...base, password: ssh.password, known_hosts: kh('rsa', knownLines().filter(l => l.includes('ssh-rsa'))) })
    await call(app, 'sftp.close', { sftp_id: o.sftp_id })
  })

  it('@revoked is refused, even with strict_host_key_checking no', async () => {
    const lines = knownLines()
    const file = kh('revoked', [...lines, ...lines.map(l => `@revoked ${l}`)])
    const f = await failure({ ...base, password: ssh.password, known_hosts: file })
    expect(f.data.backend_code).toBe('ssh_host_key_revoked')
    const g = await failure({ ...base, password: ssh.password, known_hosts: file, strict_host_key_checking: 'no' })
    expect(g.data.backend_code).toBe('ssh_host_key_revoked')
  })

  it('the configured files apply when the call names none; a missing file is no entry', async () => {
    const app2 = await buildTestServer({ sshKnownHosts: [path.join(dir, 'absent'), ssh.knownHosts] })
    try {
      const o = await call(app2, 'sftp.open', { ...base, password: ssh.password })
      await call(app2, 'sftp.close', { sftp_id: o.sftp_id })
      // known_hosts replaces the first file only: the second still knows the host
      const o2 = await call(app2, 'sftp.open', { ...base, password: ssh.password, known_hosts: kh('empty2', []) })
      await call(app2, 'sftp.close', { sftp_id: o2.sftp_id })
    } finally { await app2.close() }
  })
})

describe('authentication', () => {
  const kn = { ...base, known_hosts: ssh.knownHosts }
  it('a wrong password: ssh_auth naming the user and methods, not the password', async () => {
    const f = await failure({ ...kn, password: 'Wr0ng-s3cret-pw' })
    expect(f.data.backend_code).toBe('ssh_auth')
    expect(f.message).toContain(ssh.user)
    expect(f.message).toContain('password')
    expect(JSON.stringify(f)).not.toContain('Wr0ng-s3cret-pw')
  })

  it('a plain key logs in; a key the server does not know is ssh_auth', async () => {
    const o = await call(app, 'sftp.open', { ...kn, key_path: ssh.key })
    await call(app, 'sftp.close', { sftp_id: o.sftp_id })
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'stranger')])
    const f = await failure({ ...kn, key_path: path.join(dir, 'stranger') })
    expect(f.data).toMatchObject({ backend_code: 'ssh_auth', methods: ['publickey'] })
    // several keys are tried in order
    const o2 = await call(app, 'sftp.open', { ...kn, key_path: [path.join(dir, 'stranger'), ssh.key] })
    await call(app, 'sftp.close', { sftp_id: o2.sftp_id })
  })

  it('a key with a passphrase: right, wrong, missing', async () => {
    const o = await call(app, 'sftp.open', { ...kn, key_path: ssh.keyWithPassphrase, passphrase: ssh.password })
    await call(app, 'sftp.close', { sftp_id: o.sftp_id })
    const wrong = await failure({ ...kn, key_path: ssh.keyWithPassphrase, passphrase: 'n0t-the-Passphrase' })
    expect(wrong.data).toMatchObject({ backend_code: 'ssh_key', field: 'params.key_path' })
    expect(wrong.message).toMatch(/wrong passphrase/)
    expect(JSON.stringify(wrong)).not.toContain('n0t-the-Passphrase')
    const missing = await failure({ ...kn, key_path: ssh.keyWithPassphrase })
    expect(missing.data.backend_code).toBe('ssh_key')
    expect(missing.message).toMatch(/no passphrase/)
  })

  it('an unreadable key file and a non-key file name the field', async () => {
    const a = await failure({ ...kn, key_path: path.join(dir, 'no-such-key') })
    expect(a.data).toMatchObject({ backend_code: 'ssh_key', field: 'params.key_path', errno: 'ENOENT' })
    const junk = path.join(dir, 'junk'); fs.writeFileSync(junk, 'not a key')
    const b = await failure({ ...kn, key_path: [ssh.key, junk] })
    expect(b.data).toMatchObject({ backend_code: 'ssh_key', field: 'params.key_path[1]' })
  })

  it('bad params name the field', async () => {
    const r = await rpc(app, 'sftp.open', { ...kn, port: 70000, password: 'x' })
    expect(r.error?.data).toMatchObject({ type: 'invalid_params', field: 'params.port' })
    const s = await rpc(app, 'sftp.open', { ...kn, strict_host_key_checking: 'maybe', password: 'x' })
    expect(s.error?.data).toMatchObject({ type: 'invalid_params', field: 'params.strict_host_key_checking' })
  })
})

describe('unreachable peers', () => {
  it('a closed port: ssh_connect ECONNREFUSED', async () => {
    const srv = net.createServer()
    await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve))
    const port = (srv.address() as net.AddressInfo).port
    await new Promise(resolve => srv.close(resolve))
    const f = await failure({ host: '127.0.0.1', port, user: ssh.user, password: ssh.password })
    expect(f.data).toMatchObject({ backend_code: 'ssh_connect', errno: 'ECONNREFUSED', port })
  })

  it('a peer that accepts and never speaks: ssh_timeout after the timeout', async () => {
    const sockets: net.Socket[] = []
    const srv = net.createServer(s => { sockets.push(s) })
    await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve))
    try {
      const port = (srv.address() as net.AddressInfo).port
      const f = await failure({ host: '127.0.0.1', port, user: ssh.user, password: ssh.password, timeout: 1 })
      expect(f.data).toMatchObject({ backend_code: 'ssh_timeout', port })
      expect(sockets.length).toBe(1)
    } finally {
      for (const s of sockets) s.destroy()
      await new Promise(resolve => srv.close(resolve))
    }
  })
})

describe('pool', () => {
  const pw = { ...base, known_hosts: ssh.knownHosts, password: ssh.password }
  it('a second open with the same credential reuses the TCP connection the server sees', async () => {
    const a = await call(app, 'sftp.open', pw)
    const seenA = await serverSideConnection(leaseClient(a.sftp_id))
    await call(app, 'sftp.close', { sftp_id: a.sftp_id })
    const b = await call(app, 'sftp.open', pw)
    const seenB = await serverSideConnection(leaseClient(b.sftp_id))
    expect(seenB).toMatch(/^127\.0\.0\.1 \d+ /)
    expect(seenB).toBe(seenA)
    // held by b, so a concurrent open gets its own connection
    const c = await call(app, 'sftp.open', pw)
    expect(await serverSideConnection(leaseClient(c.sftp_id))).not.toBe(seenA)
    // a different credential: a different connection
    const d = await call(app, 'sftp.open', { ...base, known_hosts: ssh.knownHosts, key_path: ssh.key })
    const seenD = await serverSideConnection(leaseClient(d.sftp_id))
    expect(seenD).not.toBe(seenA)
    for (const h of [b, c, d]) await call(app, 'sftp.close', { sftp_id: h.sftp_id })
    expect(app.ssh.size.idle).toBeGreaterThanOrEqual(3)
    // GET /connections lists them (host, port, user, ages) and nothing secret
    const listed = await app.inject({ method: 'GET', url: '/connections' })
    const pooled = (listed.json() as { pooled_connections: { ssh: Array<Record<string, unknown>> } }).pooled_connections.ssh
    expect(pooled.filter(c => c.host === ssh.host && c.port === ssh.port && c.user === ssh.user).length).toBeGreaterThanOrEqual(3)
    expect(listed.body).not.toContain(ssh.password)
    expect(listed.body).not.toContain(fs.readFileSync(ssh.key, 'utf8').split('\n')[1])
  })

  it('a pooled connection the server closed is dropped and replaced transparently', async () => {
    const a = await call(app, 'sftp.open', pw)
    const client = leaseClient(a.sftp_id)
    const seenA = await serverSideConnection(client)
    await call(app, 'sftp.close', { sftp_id: a.sftp_id })
    // the server side of that connection (sshd's per-connection process) goes away while it is idle
    await serverSideConnection(client, 'kill -TERM $PPID').catch(() => '')
    for (let i = 0; i < 100 && app.ssh.idleConnections().length > 0 && (client as unknown as { _sock?: { destroyed: boolean } })._sock?.destroyed !== true; i++) await new Promise(resolve => setTimeout(resolve, 20))
    const b = await call(app, 'sftp.open', pw)
    const seenB = await serverSideConnection(leaseClient(b.sftp_id))
    expect(seenB).not.toBe(seenA)
    await call(app, 'sftp.close', { sftp_id: b.sftp_id })
  })

  it('connections idle past sshPoolIdleSeconds are closed; sshPoolMax bounds the idle ones', async () => {
    const app2 = await buildTestServer({ sshKnownHosts: [ssh.knownHosts], sshPoolIdleSeconds: 0.3, sshPoolMax: 1 })
    try {
      const a = await call(app2, 'sftp.open', pw)
      const b = await call(app2, 'sftp.open', pw)
      await call(app2, 'sftp.close', { sftp_id: a.sftp_id })
      await call(app2, 'sftp.close', { sftp_id: b.sftp_id })
      expect(app2.ssh.size.idle).toBe(1)
      for (let i = 0; i < 100 && app2.ssh.size.open > 0; i++) await new Promise(resolve => setTimeout(resolve, 20))
      expect(app2.ssh.size).toEqual({ open: 0, idle: 0 })
    } finally { await app2.close() }
  })

  it('the daemon log never holds a password or passphrase', async () => {
    await failure({ ...base, known_hosts: ssh.knownHosts, password: 'Log-Leak-Pw-123' })
    const o = await call(app, 'sftp.open', { ...base, known_hosts: ssh.knownHosts, key_path: ssh.keyWithPassphrase, passphrase: ssh.password })
    await call(app, 'sftp.close', { sftp_id: o.sftp_id })
    const log = fs.readFileSync(logFile, 'utf8')
    expect(log.length).toBeGreaterThan(0)
    expect(log).not.toContain('Log-Leak-Pw-123')
    expect(log).not.toContain(ssh.password)
  })
})
