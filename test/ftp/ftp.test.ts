// The ftp module against the real vsftpd (plain, explicit TLS on the same
// port, implicit TLS on its own port): replies as the server sent them,
// bytes checked on the server's disk, no partial file after a failed get.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createHash, randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, call, rpc } from '../helpers.js'
import { ftp, scratchDir } from '../transfer/env.js'

let app: FastifyInstance
let dir: string
let scratch: ReturnType<typeof scratchDir>
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
const text = (m: string[]): string => m.join('')

async function open (extra: Record<string, unknown> = {}): Promise<string> {
  const r = await call(app, 'ftp.open', { host: ftp.host, port: ftp.port, timeout: 20, ...extra })
  return r.ftp_id as string
}
async function loggedIn (extra: Record<string, unknown> = {}): Promise<string> {
  const id = await open(extra)
  await call(app, 'ftp.login', { ftp_id: id, user: ftp.user, password: ftp.password })
  await call(app, 'ftp.command', { ftp_id: id, command: `CWD ${scratch.local}` })
  return id
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-ftp-'))
  scratch = scratchDir('ftp-vitest')
  app = await buildTestServer()
})
afterAll(async () => {
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
  scratch.cleanup()
})

describe('ftp.open / login / command', () => {
  it('returns the greeting, the login reply and 5xx replies as the server words them', async () => {
    const r = await call(app, 'ftp.open', { host: ftp.host, port: ftp.port })
    expect(r.code).toBe(220)
    expect(text(r.message)).toMatch(/vsFTPd/)
    const bad = await rpc(app, 'ftp.login', { ftp_id: r.ftp_id, user: ftp.user, password: 'wrong-password' })
    expect(bad.error?.data).toMatchObject({ type: 'backend_error', backend_code: 'ftp_reply', ftp_code: 530, ftp_message: ['Login incorrect.\n'] })
    expect(JSON.stringify(bad)).not.toContain('wrong-password')
    const good = await call(app, 'ftp.login', { ftp_id: r.ftp_id, user: ftp.user, password: ftp.password })
    expect(good).toEqual({ code: 230, message: ['Login successful.\n'] })
    const missing = await rpc(app, 'ftp.command', { ftp_id: r.ftp_id, command: 'CWD no-such-dir' })
    expect(missing.error?.data).toMatchObject({ ftp_code: 550, ftp_message: ['Failed to change directory.\n'] })
    const feat = await call(app, 'ftp.command', { ftp_id: r.ftp_id, command: 'FEAT' })
    expect(feat.code).toBe(211)
    expect(feat.message.length).toBeGreaterThan(2)
    expect(feat.message).toContain(' SIZE\n')
    expect(await call(app, 'ftp.close', { ftp_id: r.ftp_id })).toEqual({ code: 221, message: ['Goodbye.\n'] })
    const gone = await rpc(app, 'ftp.command', { ftp_id: r.ftp_id, command: 'PWD' })
    expect(gone.error?.data?.type).toBe('handle_not_found')
  })

  it('a closed port is a transport error with its errno', async () => {
    const r = await rpc(app, 'ftp.open', { host: '127.0.0.1', port: 1 })
    expect(r.error?.data).toMatchObject({ type: 'backend_error', errno: 'ECONNREFUSED' })
  })

  it('rejects a command with a line break (it would be a second command)', async () => {
    const id = await open()
    const r = await rpc(app, 'ftp.command', { ftp_id: id, command: 'NOOP\r\nDELE x' })
    expect(r.error?.data).toMatchObject({ type: 'invalid_params' })
    await call(app, 'ftp.close', { ftp_id: id })
  })
})

describe('transfers', () => {
  it('put and get binary bytes unchanged, through a temporary local name', async () => {
    const id = await loggedIn()
    const bytes = randomBytes(300_000)
    const src = path.join(dir, 'src.bin')
    fs.writeFileSync(src, bytes)
    const put = await call(app, 'ftp.put', { ftp_id: id, local: src, remote: 'b.bin', type: 'I' })
    expect(put.code).toBe(226)
    expect(sha(fs.readFileSync(path.join(scratch.local, 'b.bin')))).toBe(sha(bytes))
    const dst = path.join(dir, 'dst.bin')
    const got = await call(app, 'ftp.get', { ftp_id: id, remote: 'b.bin', local: dst, type: 'I' })
    expect(got).toMatchObject({ code: 226, size: bytes.length })
    expect(sha(fs.readFileSync(dst))).toBe(sha(bytes))
    expect(fs.readdirSync(dir).filter(f => f.endsWith('.part'))).toEqual([])
    await call(app, 'ftp.close', { ftp_id: id })
  })

  it('ASCII type converts line endings as Net::FTP does, both ways', async () => {
    const id = await loggedIn()
    const src = path.join(dir, 'lines.txt')
    fs.writeFileSync(src, 'a\nb\r\nc\rd\n')
    await call(app, 'ftp.put', { ftp_id: id, local: src, remote: 'lines.txt', type: 'A' })
    // vsftpd stores ASCII uploads as sent: Net::FTP's CRLFs are on its disk
    expect(fs.readFileSync(path.join(scratch.local, 'lines.txt'), 'latin1')).toBe('a\r\nb\r\nc\rd\r\n')
    const dst = path.join(dir, 'lines.back')
    await call(app, 'ftp.get', { ftp_id: id, remote: 'lines.txt', local: dst, type: 'A' })
    expect(fs.readFileSync(dst, 'latin1')).toBe('a\nb\nc\rd\n')
    await call(app, 'ftp.close', { ftp_id: id })
  })

  it('a missing remote file: the 550, and no local file under either name', async () => {
    const id = await loggedIn()
    const dst = path.join(dir, 'never.bin')
    const r = await rpc(app, 'ftp.get', { ftp_id: id, remote: 'no-such-file', local: dst, type: 'I' })
    expect(r.error?.data).toMatchObject({ backend_code: 'ftp_reply', ftp_code: 550, ftp_message: ['Failed to open file.\n'] })
    expect(fs.existsSync(dst)).toBe(false)
    expect(fs.readdirSync(dir).filter(f => f.includes('never'))).toEqual([])
    // the connection is still usable
    expect((await call(app, 'ftp.command', { ftp_id: id, command: 'NOOP' })).code).toBe(200)
    await call(app, 'ftp.close', { ftp_id: id })
  })

  it('a permission error on a root-owned 0700 directory is the server\'s 550', async () => {
    const locked = path.join(scratch.local, 'locked')
    fs.mkdirSync(locked, { mode: 0o700 })
    fs.writeFileSync(path.join(locked, 'secret'), 'x')
    const id = await loggedIn()
    const r = await rpc(app, 'ftp.get', { ftp_id: id, remote: 'locked/secret', local: path.join(dir, 'secret'), type: 'I' })
    expect(r.error?.data).toMatchObject({ ftp_code: 550 })
    expect(fs.existsSync(path.join(dir, 'secret'))).toBe(false)
    await call(app, 'ftp.close', { ftp_id: id })
  })

  it('NLST and LIST return the listing bytes', async () => {
    const id = await loggedIn()
    await call(app, 'ftp.put', { ftp_id: id, content: 'hello', remote: "O'Brien $(rm) x.txt", type: 'I' })
    const nlst = await call(app, 'ftp.list', { ftp_id: id, command: 'NLST' })
    expect(Buffer.from(nlst.data.$base64 ?? '', 'base64').toString()).toContain("O'Brien $(rm) x.txt")
    const list = await call(app, 'ftp.list', { ftp_id: id, command: 'LIST' })
    expect(list.code).toBe(226)
    expect(fs.readFileSync(path.join(scratch.local, "O'Brien $(rm) x.txt"), 'utf8')).toBe('hello')
    const read = await call(app, 'ftp.read', { ftp_id: id, remote: "O'Brien $(rm) x.txt", type: 'I' })
    expect(Buffer.from(read.content.$base64, 'base64').toString()).toBe('hello')
    await call(app, 'ftp.close', { ftp_id: id })
  })

  it('a local path outside CPAN_BRIDGE_ALLOWED_PATHS is refused before anything is sent', async () => {
    const limited = await buildTestServer({ allowedPaths: [dir] })
    try {
      const { ftp_id: id } = await call(limited, 'ftp.open', { host: ftp.host, port: ftp.port })
      await call(limited, 'ftp.login', { ftp_id: id, user: ftp.user, password: ftp.password })
      const r = await rpc(limited, 'ftp.get', { ftp_id: id, remote: 'x', local: '/etc/cb-ftp-denied', type: 'I' })
      expect(r.error?.data?.type).toBe('path_forbidden')
      const ok = await rpc(limited, 'ftp.get', { ftp_id: id, remote: 'no-such', local: path.join(dir, 'allowed'), type: 'I' })
      expect(ok.error?.data?.ftp_code).toBe(550)
    } finally {
      await limited.close()
    }
  })
})

describe('faults', () => {
  it('the connection closed mid-download (the session ended): an error, nothing under the final name, no temporary left', async () => {
    const big = randomBytes(1024 * 1024)
    const fd = fs.openSync(path.join(scratch.local, 'big.bin'), 'w')
    for (let i = 0; i < 100; i++) fs.writeSync(fd, big)
    fs.closeSync(fd)
    const session = 'ftp-fault-session'
    const { ftp_id: id } = await call(app, 'ftp.open', { host: ftp.host, port: ftp.port }, session)
    await call(app, 'ftp.login', { ftp_id: id, user: ftp.user, password: ftp.password }, session)
    await call(app, 'ftp.command', { ftp_id: id, command: `CWD ${scratch.local}` }, session)
    const dst = path.join(dir, 'big.back')
    const pending = rpc(app, 'ftp.get', { ftp_id: id, remote: 'big.bin', local: dst, type: 'I' }, session)
    // wait until the temporary file has grown, then end the session under it
    for (let i = 0; i < 500 && !fs.readdirSync(dir).some(f => f.startsWith('.big.back.') && fs.statSync(path.join(dir, f)).size > 0); i++) {
      await new Promise(resolve => setTimeout(resolve, 5))
    }
    await app.sessions.endSession(session)
    const r = await pending
    expect(r.error?.data?.type).toBe('backend_error')
    expect(fs.existsSync(dst)).toBe(false)
    expect(fs.readdirSync(dir).filter(f => f.startsWith('.big.back.'))).toEqual([])
    // the daemon and other sessions carry on
    const other = await loggedIn()
    expect((await call(app, 'ftp.command', { ftp_id: other, command: 'NOOP' })).code).toBe(200)
    await call(app, 'ftp.close', { ftp_id: other })
  })

  it('a session that ends closes its FTP connections', async () => {
    const session = 'ftp-ending-session'
    const { ftp_id: id } = await call(app, 'ftp.open', { host: ftp.host, port: ftp.port }, session)
    await app.sessions.endSession(session)
    const r = await rpc(app, 'ftp.command', { ftp_id: id, command: 'NOOP' }, session)
    expect(r.error?.data?.type).toBe('handle_not_found')
  })
})

describe('TLS', () => {
  it('explicit: AUTH TLS, PBSZ/PROT P, login and a transfer, verified against the test CA', async () => {
    const { ftp_id: id } = await call(app, 'ftp.open', { host: ftp.host, port: ftp.port, ca_file: ftp.ca })
    expect(await call(app, 'ftp.starttls', { ftp_id: id })).toMatchObject({ code: 234 })
    await call(app, 'ftp.command', { ftp_id: id, command: 'PBSZ 0' })
    expect(await call(app, 'ftp.command', { ftp_id: id, command: 'PROT P' })).toMatchObject({ code: 200 })
    await call(app, 'ftp.login', { ftp_id: id, user: ftp.user, password: ftp.password })
    await call(app, 'ftp.command', { ftp_id: id, command: `CWD ${scratch.local}` })
    await call(app, 'ftp.put', { ftp_id: id, content: 'secret bytes', remote: 'tls.txt', type: 'I' })
    const r = await call(app, 'ftp.read', { ftp_id: id, remote: 'tls.txt', type: 'I' })
    expect(Buffer.from(r.content.$base64, 'base64').toString()).toBe('secret bytes')
    await call(app, 'ftp.close', { ftp_id: id })
  })

  it('explicit without the CA: the self-signed certificate is refused; verify false accepts it', async () => {
    const { ftp_id: id } = await call(app, 'ftp.open', { host: ftp.host, port: ftp.port })
    const r = await rpc(app, 'ftp.starttls', { ftp_id: id })
    expect(r.error?.data).toMatchObject({ backend_code: 'ftp_tls' })
    const { ftp_id: id2 } = await call(app, 'ftp.open', { host: ftp.host, port: ftp.port, verify: false })
    expect(await call(app, 'ftp.starttls', { ftp_id: id2 })).toMatchObject({ code: 234 })
    await call(app, 'ftp.close', { ftp_id: id2 })
  })

  it('implicit: the greeting over TLS, data connections protected without an explicit PROT', async () => {
    const { ftp_id: id, code } = await call(app, 'ftp.open', { host: ftp.host, port: ftp.implicitTlsPort, tls: 'implicit', ca_file: ftp.ca })
    expect(code).toBe(220)
    await call(app, 'ftp.login', { ftp_id: id, user: ftp.user, password: ftp.password })
    await call(app, 'ftp.command', { ftp_id: id, command: `CWD ${scratch.local}` })
    const bytes = randomBytes(50_000)
    await call(app, 'ftp.put', { ftp_id: id, content: { $base64: bytes.toString('base64') }, remote: 'imp.bin', type: 'I' })
    expect(sha(fs.readFileSync(path.join(scratch.local, 'imp.bin')))).toBe(sha(bytes))
    await call(app, 'ftp.close', { ftp_id: id })
  })

  it('implicit with an untrusted certificate fails at connect', async () => {
    const r = await rpc(app, 'ftp.open', { host: ftp.host, port: ftp.implicitTlsPort, tls: 'implicit' })
    expect(r.error?.data).toMatchObject({ backend_code: 'ftp_tls' })
  })
})

describe('old ftp_helper names', () => {
  it('new/login/cwd/pwd/put/dir/get/rename/delete/message/quit with their old shapes', async () => {
    const n = await call(app, 'ftp_helper.new', { host: `${ftp.host}:${ftp.port}`, timeout: 10 })
    const cid = n.connection_id as string
    expect(cid).toBeTruthy()
    expect((await call(app, 'ftp_helper.login', { connection_id: cid, user: ftp.user, password: ftp.password })).success).toBe(true)
    await call(app, 'ftp_helper.cwd', { connection_id: cid, directory: scratch.local })
    expect((await call(app, 'ftp_helper.pwd', { connection_id: cid })).directory).toBe(scratch.local)
    const src = path.join(dir, 'old.txt')
    fs.writeFileSync(src, 'one\ntwo\n')
    expect(await call(app, 'ftp_helper.put', { connection_id: cid, local_file: src, remote_file: 'old.txt' })).toMatchObject({ success: true, remote_file: 'old.txt' })
    // the old helper transferred in binary unless told otherwise
    expect(fs.readFileSync(path.join(scratch.local, 'old.txt'), 'utf8')).toBe('one\ntwo\n')
    const d = await call(app, 'ftp_helper.dir', { connection_id: cid })
    expect(d.listing.some((l: string) => l.endsWith(' old.txt'))).toBe(true)
    await call(app, 'ftp_helper.rename', { connection_id: cid, old_name: 'old.txt', new_name: 'old2.txt' })
    const back = path.join(dir, 'old.back')
    expect(await call(app, 'ftp_helper.get', { connection_id: cid, remote_file: 'old2.txt', local_file: back })).toMatchObject({ success: true })
    expect(fs.readFileSync(back, 'utf8')).toBe('one\ntwo\n')
    const miss = await rpc(app, 'ftp_helper.delete', { connection_id: cid, remote_file: 'nope' })
    expect(miss.error?.message).toMatch(/^Delete failed: 550 /)
    expect((await call(app, 'ftp_helper.message', { connection_id: cid })).message).toMatch(/^550 /)
    expect((await call(app, 'ftp_helper.get_pool_stats', {})).connection_ids).toContain(cid)
    expect(await call(app, 'ftp_helper.quit', { connection_id: cid })).toEqual({ success: true })
    expect(await call(app, 'ftp_helper.quit', { connection_id: cid })).toEqual({ success: true })
  })

  it('a refused connection is an error saying so', async () => {
    const r = await rpc(app, 'ftp_helper.new', { host: '127.0.0.1:1' })
    expect(r.error?.message).toMatch(/^Connection failed: /)
  })
})
