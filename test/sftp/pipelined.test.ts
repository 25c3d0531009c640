// Uploads and downloads send requests that need no earlier reply together
// (fsetstat and the size check right behind the last write; fstat with the
// first read; the end-of-file probe with the close). These check that
// nothing is lost or reordered by that: sizes around the chunk boundaries
// byte-exact with the mtime set after the last write, and a download of a
// file whose fstat size is smaller than what it holds (a /proc file: size 0)
// read on to its real end, through the probe that finds more bytes.
import { beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { call, rpc } from '../helpers.js'
import { ssh } from '../transfer/env.js'
import { app, local, scratch, sftpSuite } from './setup.js'

const CHUNK = 128 * 1024
let id: string
const R = (name: string): string => `${scratch.remote}/${name}`
const onServer = (name: string): string => path.join(scratch.local, name)
const leftovers = (d: string): string[] => fs.readdirSync(d).filter(f => f.includes('.cbpart-'))
const fds = (): number => fs.readdirSync('/proc/self/fd').length
const code = async (method: string, params: Record<string, unknown>): Promise<Record<string, unknown> | undefined> => (await rpc(app, method, { sftp_id: id, ...params })).error?.data

sftpSuite('sftp-pipelined', { sshKnownHosts: [] })
beforeAll(async () => { id = (await call(app, 'sftp.open', { host: ssh.host, port: ssh.port, user: ssh.user, key_path: ssh.key, known_hosts: ssh.knownHosts })).sftp_id })

describe('pipelined transfer requests', () => {
  it('sizes around the chunk boundaries round-trip byte-exact, mtime and perm set after the last write', async () => {
    for (const size of [0, 1, 4096, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5, 17 * CHUNK + 3]) {
      const src = path.join(local, `s${size}`)
      const data = randomBytes(size)
      fs.writeFileSync(src, data)
      fs.chmodSync(src, 0o640)
      fs.utimesSync(src, 1_200_000_000, 1_300_000_000)
      expect((await call(app, 'sftp.upload', { sftp_id: id, local: src, remote: R(`u${size}`), umask: 0o022 })).size).toBe(size)
      const st = fs.statSync(onServer(`u${size}`))
      expect([st.size, st.mode & 0o777, Math.floor(st.mtimeMs / 1000)]).toEqual([size, 0o640, 1_300_000_000])
      expect(fs.readFileSync(onServer(`u${size}`)).equals(data)).toBe(true)
      const dst = path.join(local, `d${size}`)
      expect((await call(app, 'sftp.download', { sftp_id: id, remote: R(`u${size}`), local: dst })).size).toBe(size)
      expect(fs.readFileSync(dst).equals(data)).toBe(true)
      expect(Math.floor(fs.statSync(dst).mtimeMs / 1000)).toBe(1_300_000_000)
    }
    expect(fs.readdirSync(scratch.local).filter(f => f.includes('.cbpart-'))).toEqual([])
    expect(fs.readdirSync(local).filter(f => f.includes('.cbpart-'))).toEqual([])
  })

  it('a download reads past the size fstat gave when the file holds more (the probe finds bytes)', async () => {
    // /proc/kallsyms: fstat says 0 bytes, it holds megabytes; the server's user sees it as `cat` run as that user does
    const expected = execFileSync('su', ['-s', '/bin/sh', ssh.user, '-c', 'cat /proc/kallsyms'], { maxBuffer: 64 * 1024 * 1024 })
    expect(expected.length).toBeGreaterThan(2 * CHUNK)
    const dst = path.join(local, 'kallsyms')
    const r = await call(app, 'sftp.download', { sftp_id: id, remote: '/proc/kallsyms', local: dst, copy_perm: false, copy_time: false })
    expect(r.size).toBe(expected.length)
    expect(fs.readFileSync(dst).equals(expected)).toBe(true)
    // the handle still works after the extra open/close of that path
    expect((await call(app, 'sftp.stat', { sftp_id: id, path: R('u1') })).attrs.size).toBe(1)
  })

  it('the temporary opened beside the local/remote open is removed when the other side fails', async () => {
    // upload: the remote temporary is opened while the local file is; a local failure removes it
    expect(await code('sftp.upload', { local: path.join(local, 'absent'), remote: R('never') })).toMatchObject({ backend_code: 'sftp_local', errno: 'ENOENT' })
    expect(await code('sftp.upload', { local, remote: R('never') })).toMatchObject({ backend_code: 'sftp_local', errno: 'EISDIR' })
    expect(fs.existsSync(onServer('never'))).toBe(false)
    expect(leftovers(scratch.local)).toEqual([])
    // download: the local temporary is created while the remote file opens; a remote failure removes it
    const before = fds()
    for (let i = 0; i < 5; i++) {
      expect(await code('sftp.download', { remote: R('absent'), local: path.join(local, 'never') })).toMatchObject({ backend_code: 'sftp_status', status: 2 })
      expect(await code('sftp.download', { remote: R('u1'), local: path.join(local, 'no-dir', 'x') })).toMatchObject({ backend_code: 'sftp_local', errno: 'ENOENT' })
    }
    expect(fs.existsSync(path.join(local, 'never'))).toBe(false)
    expect(leftovers(local)).toEqual([])
    // no descriptor left open by either path
    expect(fds()).toBe(before)
    // the handle is still in order after those
    expect((await call(app, 'sftp.stat', { sftp_id: id, path: R('u1') })).attrs.size).toBe(1)
  })

  it('write_content and read_content round-trip sizes around the chunk boundaries; read_content reads past a short read', async () => {
    for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 7]) {
      const data = randomBytes(size)
      expect((await call(app, 'sftp.write_content', { sftp_id: id, remote: R(`c${size}`), content: { $base64: data.toString('base64') } })).size).toBe(size)
      expect(fs.readFileSync(onServer(`c${size}`)).equals(data)).toBe(true)
      const r = await call(app, 'sftp.read_content', { sftp_id: id, remote: R(`c${size}`) })
      expect(Buffer.from(r.content.$base64, 'base64').equals(data)).toBe(true)
    }
    expect(leftovers(scratch.local)).toEqual([])
    // /proc/kallsyms answers in short reads and says 0 bytes: the probe after the first short read finds more
    const expected = execFileSync('su', ['-s', '/bin/sh', ssh.user, '-c', 'cat /proc/kallsyms'], { maxBuffer: 64 * 1024 * 1024 })
    const r = await call(app, 'sftp.read_content', { sftp_id: id, remote: '/proc/kallsyms' })
    expect(Buffer.from(r.content.$base64, 'base64').equals(expected)).toBe(true)
    expect(await code('sftp.read_content', { remote: R('absent') })).toMatchObject({ backend_code: 'sftp_status', status: 2 })
  })
})
