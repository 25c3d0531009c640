// openssh.connect/exec/close and the old openssh.* names against the test
// sshd: outputs and exit status as the remote shell produced them, a signal,
// stdin bytes, the inactivity timeout, bytes that are not UTF-8, and errors
// that name the problem without the password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildTestServer, call, rpc } from '../helpers.js'
import { ssh, scratchDir } from '../transfer/env.js'

const b64 = (v: unknown): Buffer => Buffer.from((v as { $base64: string }).$base64, 'base64')
const connectParams = { host: ssh.host, port: ssh.port, user: ssh.user, key_path: ssh.key, known_hosts: ssh.knownHosts }

describe('openssh', () => {
  let app: FastifyInstance
  let id: string
  const dir = scratchDir('openssh-vitest')
  const local = mkdtempSync(path.join(os.tmpdir(), 'openssh-vitest-'))
  beforeAll(async () => {
    // the old openssh.new has no known_hosts param: the daemon's own list must trust the test server
    app = await buildTestServer({ sshKnownHosts: [ssh.knownHosts] })
    id = (await call(app, 'openssh.connect', connectParams)).ssh_id
  })
  afterAll(async () => { await app.close(); dir.cleanup(); rmSync(local, { recursive: true, force: true }) })

  const exec = async (params: Record<string, unknown>): Promise<{ stdout: Buffer, stderr: Buffer, exit_code: number | null, signal: string | null }> => {
    const r = await call(app, 'openssh.exec', { ssh_id: id, ...params })
    return { stdout: b64(r.stdout), stderr: b64(r.stderr), exit_code: r.exit_code, signal: r.signal }
  }

  it('returns stdout, stderr and the exit code of a command', async () => {
    const r = await exec({ command: 'echo out; echo err >&2; exit 3' })
    expect(r.stdout.toString()).toBe('out\n')
    expect(r.stderr.toString()).toBe('err\n')
    expect(r.exit_code).toBe(3)
    expect(r.signal).toBeNull()
  })

  it('reports the exit status of many quick commands (no lost exit event)', async () => {
    const codes = await Promise.all(Array.from({ length: 20 }, async (_, i) => (await exec({ command: `exit ${i}` })).exit_code))
    expect(codes).toEqual(Array.from({ length: 20 }, (_, i) => i))
  })

  it('reports a remote command killed by a signal', async () => {
    const r = await exec({ command: 'kill -KILL $$' })
    expect(r.exit_code).toBeNull()
    expect(r.signal).toBe('KILL')
  })

  it('feeds stdin bytes and returns non-UTF-8 output unchanged', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 * 50 }, (_, i) => i % 256))
    const r = await exec({ command: 'cat', stdin: { $base64: bytes.toString('base64') } })
    expect(Buffer.compare(r.stdout, bytes)).toBe(0)
    const sum = await exec({ command: 'md5sum', stdin: { $base64: bytes.toString('base64') } })
    expect(sum.stdout.toString().split(' ')[0]).toBe(createHash('md5').update(bytes).digest('hex'))
  })

  it('sends the command line as bytes (a Latin-1 file name stays one byte)', async () => {
    const name = Buffer.concat([Buffer.from(`${dir.remote}/caf`), Buffer.from([0xe9])])
    const r = await exec({ command: { $base64: Buffer.concat([Buffer.from('touch '), name, Buffer.from(' && ls ' + dir.remote)]).toString('base64') } })
    expect(r.exit_code).toBe(0)
    expect(Buffer.compare(r.stdout, Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9, 0x0a])]))).toBe(0)
  })

  it('discards or merges stderr as asked', async () => {
    expect((await exec({ command: 'echo a; echo b >&2', stderr: 'discard' })).stderr.length).toBe(0)
    const merged = await exec({ command: 'echo a; sleep 0.2; echo b >&2', stderr: 'stdout' })
    expect(merged.stdout.toString()).toBe('a\nb\n')
    expect((await exec({ command: 'echo a', stdout: 'discard' })).stdout.length).toBe(0)
  })

  it('gives up on a silent command after the timeout, and the connection still works', async () => {
    const r = await rpc(app, 'openssh.exec', { ssh_id: id, command: 'sleep 5', timeout: 0.5 })
    expect(r.error?.data).toMatchObject({ type: 'backend_error', backend_code: 'ssh_exec_timeout', timeout: 0.5 })
    expect(r.error?.message).toMatch(/timed out/)
    expect((await exec({ command: 'echo still' })).stdout.toString()).toBe('still\n')
  })

  it('rejects an empty command and an unknown handle clearly', async () => {
    expect((await rpc(app, 'openssh.exec', { ssh_id: id, command: '' })).error?.data).toMatchObject({ type: 'invalid_params', field: 'command' })
    expect((await rpc(app, 'openssh.exec', { ssh_id: 'ssh_nope', command: 'true' })).error?.data?.type).toBe('handle_not_found')
  })

  it('fails a wrong password with ssh_auth, without the password in the error', async () => {
    const secret = 'not-the-password-4242'
    const r = await rpc(app, 'openssh.connect', { ...connectParams, key_path: undefined, password: secret })
    expect(r.error?.data?.backend_code).toBe('ssh_auth')
    expect(JSON.stringify(r.error)).not.toContain(secret)
  })

  it('lets sftp.attach use the connection, and close ends both', async () => {
    const c = await call(app, 'openssh.connect', connectParams)
    const s = await call(app, 'sftp.attach', { ssh_id: c.ssh_id })
    expect(typeof s.sftp_id).toBe('string')
    expect(await call(app, 'openssh.close', { ssh_id: c.ssh_id })).toEqual({ closed: true })
    expect((await rpc(app, 'sftp.stat', { sftp_id: s.sftp_id, path: '.' })).error?.data?.type).toBe('handle_not_found')
  })

  it('keeps the old OpenSSHHelper calls: new, scp_put, get_error, disconnect', async () => {
    const file = path.join(local, 'old.txt')
    writeFileSync(file, 'old bridge\n')
    const c = await call(app, 'openssh.new', { host: ssh.host, port: ssh.port, user: ssh.user, key_path: ssh.key, password: null, timeout: 10 })
    expect(c.connected).toBe(true)
    expect(await call(app, 'openssh.scp_put', { connection_id: c.connection_id, local_file: file, remote_file: `${dir.remote}/old.txt`, options: { perm: 0o640 } })).toBe(true)
    expect(readFileSync(path.join(dir.local, 'old.txt'), 'utf8')).toBe('old bridge\n')
    expect(await call(app, 'openssh.get_error', { connection_id: c.connection_id })).toBeNull()
    expect(await call(app, 'openssh.scp_put', { connection_id: c.connection_id, local_file: path.join(local, 'missing'), remote_file: `${dir.remote}/x` })).toBe(false)
    expect(await call(app, 'openssh.get_error', { connection_id: c.connection_id })).toMatch(/^Local file not found: /)
    expect(await call(app, 'openssh.disconnect', { connection_id: c.connection_id })).toBe(true)
    expect(await call(app, 'openssh.disconnect', { connection_id: c.connection_id })).toBe(true)
    const bad = await call(app, 'openssh.new', { host: ssh.host, port: ssh.port, user: ssh.user, key_path: path.join(local, 'no-key') })
    expect(bad.connected).toBe(false)
    expect(await call(app, 'openssh.get_error', { connection_id: bad.connection_id })).toMatch(/^Key file not found: /)
  })
})
